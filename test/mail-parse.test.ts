// The mail parser over the whole corpus (test/mail-corpus, frozen, held-out and shaped parts): every message
// gets the kind a careful organiser would give it, every auto-accepted message is exactly right
// (name, address, role and session of every person), and nothing a human must read is ignored.
// Random bytes and mangled MIME never make it throw or let HTML through.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  autoApplicableChange,
  corpusEvent,
  corpusRoot,
  ignorable,
  loadCorpus,
  type Outcome,
  runCorpus,
  sameChange,
  samePeople,
  score,
} from '../bench/lib/mail-corpus.ts';
import { type ParsedMail, parseMail } from '../src/core/mail-intake/parse-mail.ts';

const root = corpusRoot(join(import.meta.dirname, '..'));
const entries = loadCorpus(root);
const event = corpusEvent();

describe('mail corpus', () => {
  let outcomes: Outcome[] = [];
  before(async () => {
    outcomes = await runCorpus(entries, event);
  });

  test('has at least 150 messages, a third of them frozen, 15 or more in Nynorsk', () => {
    assert.ok(entries.length >= 150, `${entries.length} messages`);
    assert.ok(entries.filter((e) => e.part === 'frozen').length >= entries.length / 3);
    assert.ok(entries.filter((e) => e.expected.language === 'nn').length >= 15);
  });

  for (const entry of entries) {
    const { expected } = entry;
    test(`${entry.part}/${expected.file}: ${expected.kind}${expected.shouldAutoAccept ? ', may be auto-accepted' : ''}`, () => {
      const outcome = outcomes.find((o) => o.entry === entry)!;
      const parsed = outcome.parsed;
      assert.equal(parsed.kind, expected.kind, `kind; reasons: ${parsed.reasons.join(' | ')}`);
      if (parsed.decision === 'accept' && expected.kind === 'change') {
        assert.ok(autoApplicableChange(entry), `made a change a human must look at: ${parsed.reasons.join(' | ')}`);
        assert.ok(
          sameChange(parsed.people, expected.people),
          `change differs:\n${JSON.stringify(parsed.people)}\n${JSON.stringify(expected.people)}`,
        );
      } else if (parsed.decision === 'accept') {
        assert.ok(expected.shouldAutoAccept, `accepted a message a human must look at: ${parsed.reasons.join(' | ')}`);
        assert.ok(
          samePeople(parsed.people, expected.people),
          `people differ:\n${JSON.stringify(parsed.people)}\n${JSON.stringify(expected.people)}`,
        );
      }
      if (parsed.decision === 'ignore') assert.ok(ignorable(expected), 'ignored a message a human must read');
      assert.ok(parsed.confidence >= 0 && parsed.confidence <= 1);
      assert.ok(parsed.reasons.length > 0, 'every decision has a reason');
      assert.doesNotMatch(parsed.text, /<script|<html|onerror=/i, 'the text shown is never HTML');
    });
  }

  test('no wrong auto-accept: precision 100 % for registrations, cancellations and changes, in every part', () => {
    for (const part of ['frozen', 'heldout', 'shaped'] as const) {
      const s = score(outcomes.filter((o) => o.entry.part === part));
      assert.deepEqual(s.wrongAccepts, [], part);
      assert.equal(s.registrations.precision ?? 1, 1, part);
      assert.equal(s.cancellations.precision ?? 1, 1, part);
      assert.equal(s.changes.precision ?? 1, 1, part);
      assert.equal(s.wrongIgnores, 0, part);
    }
  });

  test('accepts most of what a careful human would accept (recall of auto-accepted registrations ≥ 80 %)', () => {
    const s = score(outcomes);
    assert.ok((s.registrations.recall ?? 0) >= 0.8, `recall ${s.registrations.recall}`);
  });
});

describe('bad input never crashes the parser', () => {
  const samples = entries.slice(0, 40).map((e) => readFileSync(e.path));

  function assertSane(parsed: ParsedMail): void {
    assert.ok(['registration', 'cancellation', 'change', 'other'].includes(parsed.kind));
    assert.ok(['accept', 'review', 'ignore'].includes(parsed.decision));
    assert.ok(parsed.confidence >= 0 && parsed.confidence <= 1);
    assert.ok(Array.isArray(parsed.people) && Array.isArray(parsed.reasons));
    assert.doesNotMatch(parsed.text, /<script/i);
  }

  test('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        const parsed = await parseMail(Buffer.from(bytes), event);
        assertSane(parsed);
        assert.notEqual(parsed.decision, 'accept');
      }),
      { numRuns: 150 },
    );
  });

  test('corpus mails cut, with bytes flipped, lines dropped or boundaries and headers garbled', async () => {
    const mutation = fc.record({
      sample: fc.nat({ max: samples.length - 1 }),
      cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), {
        maxLength: 20,
      }),
      dropLines: fc.array(fc.nat({ max: 200 }), { maxLength: 5 }),
      insert: fc.constantFrom(
        '',
        'X-Broken header without colon\r\n',
        'Content-Type: multipart/mixed; boundary="nope"\r\n',
        '--\r\n',
        'Content-Transfer-Encoding: base64\r\n',
        '=?UTF-8?Q?=C3=A5_unterminated\r\n',
        '<script>alert(1)</script>\r\n',
      ),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let text = samples[m.sample]!.toString('latin1');
        if (m.cut !== null) text = text.slice(0, Math.floor(text.length * m.cut));
        const lines = text.split('\r\n');
        for (const d of m.dropLines) lines.splice(d % Math.max(1, lines.length), 1);
        lines.splice(Math.min(3, lines.length), 0, m.insert);
        const bytes = Buffer.from(lines.join('\r\n'), 'latin1');
        for (const [at, value] of m.flips) if (bytes.length > 0) bytes[Math.floor(at * (bytes.length - 1))] = value;
        assertSane(await parseMail(bytes, event));
      }),
      { numRuns: 200 },
    );
  });

  test('long adversarial bodies (100 KB of names, lists, quotes, form fields) are read quickly', async () => {
    const bodies = [
      'Aaaa Bbbb Cccc Dddd '.repeat(5000),
      'Kari Nordmann og jeg, '.repeat(4000),
      '- Kari Nordmann, forsker – 2A\n'.repeat(3000),
      '> hei\n'.repeat(20000),
      'Navn: x\n'.repeat(10000),
      `${'<div>'.repeat(20000)}hei${'</div>'.repeat(20000)}`,
    ];
    for (const body of bodies) {
      const raw = Buffer.from(
        `From: Ola Nordmann <ola@example.com>\r\nSubject: Påmelding\r\nDate: Tue, 10 Nov 2026 10:00:00 +0100\r\nContent-Type: text/${body.startsWith('<') ? 'html' : 'plain'}; charset=utf-8\r\n\r\n${body}`,
      );
      const t0 = performance.now();
      const parsed = await parseMail(raw, event);
      assert.ok(performance.now() - t0 < 3000, `${body.slice(0, 20)}: ${performance.now() - t0} ms`);
      assert.notEqual(parsed.decision, 'accept');
    }
  });

  test('a huge message with a large attachment is read without trouble', async () => {
    const attachment = Buffer.alloc(3 * 1024 * 1024, 7)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      [
        'From: Astrid Kleven <astrid.kleven@nord.example.no>',
        'To: pamelding@example.no',
        'Subject: =?UTF-8?Q?P=C3=A5melding_2B?=',
        'Date: Fri, 13 Nov 2026 15:45:16 +0100',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=UTF-8',
        '',
        'Jeg melder meg på 2B som forsker ved Nord universitet.',
        '',
        'Astrid Kleven',
        '--b',
        'Content-Type: application/pdf; name="stor.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        attachment,
        '--b--',
        '',
      ].join('\r\n'),
    );
    const t0 = performance.now();
    const parsed = await parseMail(raw, event);
    assert.ok(performance.now() - t0 < 5000);
    assert.equal(parsed.kind, 'registration');
    assert.equal(parsed.decision, 'accept');
    assert.ok(parsed.text.length < 1000, 'the attachment is not read as text');
  });
});
