import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { endOfDayInstant, isoWithOffset, zonedDate, zonedInstant, zoneOffsetMinutes } from './time.ts';

test('wall-clock times in Oslo become the right instants in winter and summer', () => {
  assert.equal(zonedInstant('2019-11-12', '09:00', 'Europe/Oslo').toISOString(), '2019-11-12T08:00:00.000Z');
  assert.equal(zonedInstant('2027-06-15', '09:00', 'Europe/Oslo').toISOString(), '2027-06-15T07:00:00.000Z');
});

test('a closing date means 23:59 Oslo time that day', () => {
  assert.equal(endOfDayInstant('2019-11-01', 'Europe/Oslo').toISOString(), '2019-11-01T22:59:00.000Z');
  assert.equal(
    endOfDayInstant('2027-03-28', 'Europe/Oslo').toISOString(),
    '2027-03-28T21:59:00.000Z',
    'the day summer time starts',
  );
});

test('instants print with the Oslo offset', () => {
  assert.equal(isoWithOffset(new Date('2019-11-12T08:00:00Z'), 'Europe/Oslo'), '2019-11-12T09:00:00+01:00');
  assert.equal(isoWithOffset(new Date('2027-06-15T07:00:00Z'), 'Europe/Oslo'), '2027-06-15T09:00:00+02:00');
});

test('any whole-minute wall-clock time outside the DST gap round-trips through zonedInstant', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      (instant) => {
        const whole = new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
        const date = zonedDate(whole, 'Europe/Oslo');
        const local = new Date(whole.getTime() + zoneOffsetMinutes(whole, 'Europe/Oslo') * 60_000);
        const time = local.toISOString().slice(11, 16);
        const back = zonedInstant(date, time, 'Europe/Oslo');
        // In the autumn hour that happens twice, either instant is a right answer.
        assert.equal(isoWithOffset(back, 'Europe/Oslo').slice(0, 16), isoWithOffset(whole, 'Europe/Oslo').slice(0, 16));
      },
    ),
    { numRuns: 300 },
  );
});
