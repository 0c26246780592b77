import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readTicketCode, ticketCode, ticketKeyFrom, ticketQrPayload } from './ticket-code.ts';

const key = ticketKeyFrom('a test secret that is long enough for this');

test('a ticket code reads back to its registration, also typed sloppily', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 35 - 1 }), fc.integer({ min: 1, max: 100_000 }), (id, eventId) => {
      const code = ticketCode(key, eventId, id);
      assert.deepEqual(readTicketCode(key, eventId, code), { ok: true, registrationId: id });
      const sloppy = ` ${code.toLowerCase().replace('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l')} `;
      assert.deepEqual(readTicketCode(key, eventId, sloppy), { ok: true, registrationId: id });
      assert.deepEqual(readTicketCode(key, eventId, ticketQrPayload(key, eventId, id)), {
        ok: true,
        registrationId: id,
      });
    }),
  );
});

test('a code of another event or with a changed character is refused', () => {
  const code = ticketCode(key, 7, 1234);
  assert.deepEqual(readTicketCode(key, 8, code), { ok: false, code: 'wrong_event_or_forged' });
  const last = code.at(-1) === 'A' ? 'B' : 'A';
  assert.deepEqual(readTicketCode(key, 7, code.slice(0, -1) + last), { ok: false, code: 'wrong_event_or_forged' });
  assert.deepEqual(readTicketCode(ticketKeyFrom('another installation secret, long'), 7, code), {
    ok: false,
    code: 'wrong_event_or_forged',
  });
});

test('text that is not a ticket code is told apart from a forged one', () => {
  for (const input of ['', 'hello world', 'https://example.no/', '12', 'SAMSKAP:', 'ÆØÅ-1234']) {
    assert.deepEqual(readTicketCode(key, 1, input), { ok: false, code: 'not_a_ticket' }, input);
  }
});

test('codes are short enough to read aloud', () => {
  assert.match(ticketCode(key, 1, 150), /^[0-9A-Z]{2}-[0-9A-Z]{4}$/);
  assert.ok(ticketCode(key, 1, 99_999).length <= 9);
});
