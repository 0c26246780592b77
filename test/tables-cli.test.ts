// `samskap plan-tables`: JSON and CSV input, the plan on standard output, errors with exit status 2.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { checkPlanInput } from '../src/core/tables/check-input.ts';
import { generateInstance } from '../src/core/tables/generate-instance.ts';
import { planProblems } from '../src/core/tables/metrics.ts';
import type { Plan, PlanInput } from '../src/core/tables/types.ts';

const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function planTables(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'plan-tables', ...args],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('samskap plan-tables', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const input = generateInstance({
    people: 60,
    roles: 6,
    organizations: 20,
    challenges: 8,
    rounds: 2,
    tables: 8,
    seed: 1,
  });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'samskap-tables-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the plan as JSON in the documented shape; the same seed gives the same plan', async () => {
    const path = file('plan.json', JSON.stringify(input));
    const [a, b] = await Promise.all([
      planTables('--input', path, '--seed', '7'),
      planTables('--input', path, '--seed', '7'),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const plan = JSON.parse(a.stdout) as Plan;
    assert.deepEqual(Object.keys(plan), ['rounds', 'metrics']);
    assert.equal(plan.rounds.length, 2);
    assert.deepEqual(Object.keys(plan.rounds[0]!.tables[0]!), ['table', 'challenge', 'members']);
    assert.deepEqual(
      plan.rounds[0]!.tables.map((t) => t.table),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(Object.keys(plan.metrics), [
      'roleExcess',
      'orgPairs',
      'repeatPairs',
      'challengeTop1',
      'challengeTop3',
    ]);
    assert.deepEqual(Object.keys(plan.metrics.orgPairs), ['value', 'lowerBound']);
    assert.deepEqual(Object.keys(plan.metrics.challengeTop3), ['value', 'upperBound']);
    assert.deepEqual(planProblems(input, plan), []);
  });

  test('reads a semicolon CSV with --tables and --rounds; challenges are the ids mentioned', async () => {
    const csv = [
      'id;role;organization;challenges;fixedTable',
      'ola;politician;Levanger kommune;c3,c1;',
      'kari;researcher;"Nord universitet; Levanger";c1;2',
      'per;citizen;;c3;1,',
      'anne;volunteer;Frivilligsentralen;;',
      'nils;municipal_employee;Levanger kommune;c2,c3;',
    ].join('\r\n');
    const out = await planTables('--csv', file('people.csv', csv), '--tables', '2', '--rounds', '2');
    assert.equal(out.code, 0, out.stderr);
    const plan = JSON.parse(out.stdout) as Plan;
    const asInput: PlanInput = {
      tables: 2,
      rounds: 2,
      participants: [
        { id: 'ola', role: 'politician', organization: 'Levanger kommune', challenges: ['c3', 'c1'] },
        {
          id: 'kari',
          role: 'researcher',
          organization: 'Nord universitet; Levanger',
          challenges: ['c1'],
          fixedTable: 2,
        },
        { id: 'per', role: 'citizen', organization: '', challenges: ['c3'], fixedTable: [1, null] },
        { id: 'anne', role: 'volunteer', organization: 'Frivilligsentralen', challenges: [] },
        { id: 'nils', role: 'municipal_employee', organization: 'Levanger kommune', challenges: ['c2', 'c3'] },
      ],
      challenges: ['c3', 'c1', 'c2'].map((id) => ({ id, title: id })),
    };
    assert.equal(checkPlanInput(asInput).ok, true);
    assert.deepEqual(planProblems(asInput, plan), []);
    // The two from Levanger kommune never share a table.
    for (const round of plan.rounds) {
      for (const t of round.tables) assert.ok(!(t.members.includes('ola') && t.members.includes('nils')));
    }
  });

  test('--table-size decides the number of tables', async () => {
    const out = await planTables(
      '--input',
      file('size.json', JSON.stringify({ ...input, tables: undefined, tableSize: 7 })),
    );
    assert.equal(out.code, 0, out.stderr);
    assert.equal((JSON.parse(out.stdout) as Plan).rounds[0]!.tables.length, 9);
    const flag = await planTables('--input', file('size2.json', JSON.stringify(input)), '--table-size', '10');
    assert.equal((JSON.parse(flag.stdout) as Plan).rounds[0]!.tables.length, 6);
  });

  const bad: [string, string, () => string[], RegExp][] = [
    [
      'an unknown challenge id',
      'unknown.json',
      () => {
        const copy = structuredClone(input);
        copy.participants[4]!.challenges = ['c99'];
        return ['--input', file('unknown.json', JSON.stringify(copy))];
      },
      /participants\[4\]: participant "p5": unknown challenge id "c99"/,
    ],
    [
      'a fixed table that does not exist',
      'fixed.json',
      () => {
        const copy = structuredClone(input);
        copy.participants[2]!.fixedTable = 9;
        return ['--input', file('fixed.json', JSON.stringify(copy))];
      },
      /participants\[2\]: participant "p3": fixed to table 9, which does not exist \(tables 1–8\)/,
    ],
    [
      'more fixed people than seats (CSV, naming the line)',
      'full.csv',
      () => [
        '--csv',
        file('full.csv', 'id;role;organization;challenges;fixedTable\na;x;;;1\nb;x;;;1\nc;x;;;1\nd;x;;;\n'),
        '--tables',
        '2',
      ],
      /full\.csv: line 4: round 1: 3 people are fixed to table 1, which has 2 seats \(participant "c" is one too many\)/,
    ],
    [
      'zero tables',
      'zero.json',
      () => ['--input', file('zero.json', JSON.stringify({ ...input, tables: 0 }))],
      /"tables" must be a whole number of at least 1/,
    ],
    [
      'malformed JSON',
      'broken.json',
      () => ['--input', file('broken.json', '{"tables": 2,')],
      /broken\.json is not valid JSON/,
    ],
    [
      'a CSV with commas between columns',
      'comma.csv',
      () => ['--csv', file('comma.csv', 'id,role\na,b\n'), '--tables', '1'],
      /separated by ";"/,
    ],
    [
      'a file that is not there',
      'missing',
      () => ['--input', join(dir, 'nope.json')],
      /cannot read .*nope\.json: ENOENT/,
    ],
    ['an unknown flag', 'flag', () => ['--input', 'x.json', '--colour', 'red'], /unknown argument "--colour"/],
  ];
  for (const [what, , args, message] of bad) {
    test(`${what}: a clear message and exit status 2`, async () => {
      const out = await planTables(...args());
      assert.equal(out.code, 2, out.stdout);
      assert.equal(out.stdout, '');
      assert.match(out.stderr, message);
    });
  }

  test('samskap --help lists plan-tables', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help']);
    assert.match(stdout, /plan-tables/);
  });
});
