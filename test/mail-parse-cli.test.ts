// `samskap mail parse`: reads .eml files and .mbox exports against an event in the database and
// prints one JSON object per message in the order given; errors exit with status 2.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { referenceSeminar } from '../src/core/demo/reference-seminar.ts';
import { createEvent } from '../src/core/events/create-event.ts';
import { connect, migrate } from '../src/db/connect.ts';

const run = promisify(execFile);
const corpus = join(import.meta.dirname, 'mail-corpus');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('samskap mail parse', () => {
  let dir: string;
  let databaseUrl: string;

  async function mailParse(...args: string[]): Promise<Outcome> {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'mail', 'parse', ...args],
        {
          env: { ...process.env, DATABASE_URL: databaseUrl },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samskap-mail-parse-'));
    databaseUrl = `sqlite:${join(dir, 'test.db')}`;
    const store = connect(databaseUrl, { poolSize: 1 });
    await migrate(store);
    // The reference seminar on the dates the corpus was written to (sign-up closes 20 November 2026).
    await createEvent(
      store,
      referenceSeminar('2026-12-01', { slug: 'samskaping-levanger', closesOn: '2026-11-20', published: true }),
      'test',
      new Date('2026-10-01T10:00:00Z'),
    );
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints one object per message in the order given, with the documented fields', async () => {
    const files = [
      join(corpus, 'frozen', '052-nb-out-of-office-auto-submitted.eml'),
      join(corpus, 'frozen', '001-nb-ordforer-2a.eml'),
      join(corpus, 'frozen', '031-nb-late-after-deadline.eml'),
      join(corpus, 'shaped', '121-nb-melde-forfall.eml'),
    ];
    const out = await mailParse('--event', 'samskaping-levanger', ...files);
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      result.map((r) => r.file),
      files,
    );
    for (const r of result)
      assert.deepEqual(Object.keys(r), ['file', 'kind', 'people', 'confidence', 'decision', 'reasons']);
    assert.deepEqual(
      result.map((r) => [r.kind, r.decision]),
      [
        ['other', 'ignore'],
        ['registration', 'accept'],
        ['registration', 'review'],
        ['cancellation', 'accept'],
      ],
    );
    assert.deepEqual(result[1]!.people, [
      {
        name: 'Berit Sandvik',
        email: 'berit.sandvik@frosta.kommune.example.no',
        role: 'politician',
        session: '2A',
        organization: 'Frosta kommune',
        needs: null,
      },
    ]);
    assert.match((result[2]!.reasons as string[]).join(' '), /after the deadline/);
  });

  test('reads the messages of an mbox export as FILE#n', async () => {
    const mbox = join(dir, 'export.mbox');
    const one = readFileSync(join(corpus, 'frozen', '008-nn-innbyggjar-2a.eml'), 'latin1');
    const two = readFileSync(join(corpus, 'shaped', '135-nb-out-of-office-auto-submitted.eml'), 'latin1');
    writeFileSync(
      mbox,
      Buffer.from(
        `From knut.reitan@example.org Thu Nov  5 18:20:55 2026\n${one}\nFrom frank.lund@levanger.kommune.example.no Tue Nov 10 09:31:02 2026\n${two}\n`,
        'latin1',
      ),
    );
    const out = await mailParse('--event=samskaping-levanger', '--mbox', mbox);
    assert.equal(out.code, 0, out.stderr);
    const result = JSON.parse(out.stdout) as { file: string; kind: string; decision: string }[];
    assert.deepEqual(
      result.map((r) => [r.file, r.kind, r.decision]),
      [
        [`${mbox}#1`, 'registration', 'accept'],
        [`${mbox}#2`, 'other', 'ignore'],
      ],
    );
  });

  test('an unknown event, an unreadable file or a wrong command line: exit status 2 and a clear message', async () => {
    const file = join(corpus, 'frozen', '001-nb-ordforer-2a.eml');
    const unknown = await mailParse('--event', 'no-such-event', file);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown event "no-such-event"/);
    assert.equal(unknown.stdout, '');

    const missing = await mailParse('--event', 'samskaping-levanger', file, join(dir, 'missing.eml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*missing\.eml: ENOENT/);
    assert.equal(missing.stdout, '');

    const noEvent = await mailParse(file);
    assert.equal(noEvent.code, 2);
    assert.match(noEvent.stderr, /--event SLUG is required/);
  });
});
