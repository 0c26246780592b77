// The planner on random small instances (fast-check) and on hand-made ones; input checks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkPlanInput } from './check-input.ts';
import { generateInstance } from './generate-instance.ts';
import { metricsOf, planProblems } from './metrics.ts';
import { planTables } from './plan-tables.ts';
import type { Participant, PlanInput } from './types.ts';

const EPS = 1e-9;

/** Random instances of up to 40 people, 1–8 tables (or a table size), 1–3 rounds, some fixed people. */
const smallInstance = fc
  .record({
    tables: fc.integer({ min: 1, max: 8 }),
    bySize: fc.boolean(),
    rounds: fc.integer({ min: 1, max: 3 }),
    challengeCount: fc.integer({ min: 0, max: 5 }),
    people: fc.array(
      fc.record({
        role: fc.constantFrom('politician', 'researcher', 'municipal_employee', 'citizen'),
        organization: fc.constantFrom('', 'Levanger kommune', 'Nord universitet', 'Innherred', 'Frivilligsentralen'),
        choices: fc.shuffledSubarray([1, 2, 3, 4, 5], { maxLength: 3 }),
        fixed: fc.oneof(
          { weight: 8, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) },
          { weight: 1, arbitrary: fc.array(fc.option(fc.integer({ min: 1, max: 8 })), { minLength: 3, maxLength: 3 }) },
        ),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  })
  .map(({ tables: wanted, bySize, rounds, challengeCount, people }): PlanInput => {
    const tableSize = Math.max(1, Math.ceil(people.length / wanted));
    const tables = bySize ? Math.ceil(people.length / tableSize) : wanted;
    const participants = people.map((p, i): Participant => {
      const base = {
        id: `p${i + 1}`,
        role: p.role,
        organization: p.organization,
        challenges: p.choices.filter((c) => c <= challengeCount).map((c) => `c${c}`),
      };
      const fixed: number | (number | null)[] | null = p.fixed;
      if (fixed === null) return base;
      const clamp = (t: number) => ((t - 1) % tables) + 1;
      return {
        ...base,
        fixedTable:
          typeof fixed === 'number' ? clamp(fixed) : fixed.slice(0, rounds).map((t) => (t === null ? null : clamp(t))),
      };
    });
    return {
      ...(bySize ? { tableSize } : { tables }),
      rounds,
      participants,
      challenges: Array.from({ length: challengeCount }, (_, i) => ({ id: `c${i + 1}`, title: `Floke ${i + 1}` })),
    };
  })
  .filter((input) => checkPlanInput(input).ok);

describe('table planner', () => {
  test('seats everyone exactly once per round, sizes within one, fixed people in place, never better than the bounds', () => {
    fc.assert(
      fc.property(smallInstance, fc.integer(), (input, seed) => {
        const plan = planTables(input, { seed });
        assert.deepEqual(planProblems(input, plan), []);
        const m = plan.metrics;
        for (const key of ['roleExcess', 'orgPairs', 'repeatPairs'] as const) {
          assert.ok(m[key].value >= m[key].lowerBound, `${key} ${m[key].value} < bound ${m[key].lowerBound}`);
        }
        for (const key of ['challengeTop1', 'challengeTop3'] as const) {
          assert.ok(m[key].value <= m[key].upperBound + EPS, `${key} ${m[key].value} > bound ${m[key].upperBound}`);
        }
        assert.deepEqual(metricsOf(input, plan), m);
        if (input.participants.every((p) => p.fixedTable === undefined)) {
          assert.equal(m.roleExcess.value, 0, 'without fixed people every role is within floor/ceiling');
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  test('the same seed gives the same plan', () => {
    const input = generateInstance({
      people: 120,
      roles: 6,
      organizations: 30,
      challenges: 10,
      rounds: 2,
      tables: 15,
      seed: 5,
    });
    const a = planTables(input, { seed: 42 });
    const b = planTables(input, { seed: 42 });
    assert.deepEqual(a, b);
    const c = planTables(input, { seed: 43 });
    assert.notDeepEqual(a.rounds, c.rounds);
  });

  test('a fixed table per round (or null) holds in that round only', () => {
    const input: PlanInput = {
      tables: 3,
      rounds: 3,
      participants: [
        { id: 'facilitator', role: 'other', organization: '', challenges: [], fixedTable: [2, null, 3] },
        { id: 'host', role: 'other', organization: '', challenges: [], fixedTable: 1 },
        ...Array.from({ length: 10 }, (_, i) => ({
          id: `p${i}`,
          role: i % 2 ? 'citizen' : 'researcher',
          organization: `o${i % 3}`,
          challenges: ['c1'],
        })),
      ],
      challenges: [{ id: 'c1', title: 'Ungdom og rus' }],
    };
    const plan = planTables(input, { seed: 1 });
    assert.deepEqual(planProblems(input, plan), []);
    const tableOf = (round: number, id: string) =>
      plan.rounds[round]!.tables.find((t) => t.members.includes(id))!.table;
    assert.deepEqual([tableOf(0, 'facilitator'), tableOf(2, 'facilitator')], [2, 3]);
    assert.deepEqual(
      [0, 1, 2].map((r) => tableOf(r, 'host')),
      [1, 1, 1],
    );
  });

  test('tableSize gives as many tables as needed, no table above the size', () => {
    const input = generateInstance({
      people: 50,
      roles: 4,
      organizations: 10,
      challenges: 4,
      rounds: 1,
      tableSize: 8,
      seed: 9,
    });
    const plan = planTables(input, { seed: 1 });
    assert.equal(plan.rounds[0]!.tables.length, 7);
    assert.deepEqual(plan.rounds[0]!.tables.map((t) => t.members.length).sort(), [7, 7, 7, 7, 7, 7, 8]);
  });

  test('1,000 people, 8 roles, 300 organisations, 125 tables, 3 rounds: role, organisation and repeat bounds reached, top-3 ≥ 90 % of its bound', () => {
    const input = generateInstance({
      people: 1000,
      roles: 8,
      organizations: 300,
      challenges: 30,
      rounds: 3,
      tables: 125,
      seed: 1,
    });
    const plan = planTables(input, { seed: 1 });
    const m = plan.metrics;
    assert.equal(m.roleExcess.value, m.roleExcess.lowerBound);
    assert.equal(m.orgPairs.value, m.orgPairs.lowerBound);
    assert.equal(m.repeatPairs.value, 0);
    assert.ok(m.challengeTop3.value >= 0.9 * m.challengeTop3.upperBound, `top-3 ${m.challengeTop3.value}`);
  });
});

describe('plan input checks', () => {
  const base = (): Record<string, unknown> => ({
    tables: 2,
    rounds: 1,
    participants: [
      { id: 'a', role: 'politician', organization: 'x', challenges: ['c1'] },
      { id: 'b', role: 'researcher', organization: 'y', challenges: [] },
    ],
    challenges: [{ id: 'c1', title: 'Floke' }],
  });
  const problemsOf = (raw: unknown) => {
    const checked = checkPlanInput(raw);
    assert.equal(checked.ok, false);
    return checked.ok ? [] : checked.problems;
  };

  test('accepts a good input', () => {
    assert.equal(checkPlanInput(base()).ok, true);
  });

  test('names the participant with an unknown challenge id', () => {
    const input = base();
    (input.participants as Participant[])[1]!.challenges = ['c9'];
    assert.deepEqual(problemsOf(input), [{ participant: 1, message: 'participant "b": unknown challenge id "c9"' }]);
  });

  test('names the participant fixed to a table that does not exist', () => {
    const input = base();
    (input.participants as Participant[])[0]!.fixedTable = 3;
    const [problem] = problemsOf(input);
    assert.equal(problem?.participant, 0);
    assert.match(problem!.message, /participant "a": fixed to table 3, which does not exist \(tables 1–2\)/);
  });

  test('refuses more fixed people at a table than it has seats', () => {
    const input = base();
    for (const p of input.participants as Participant[]) p.fixedTable = 1;
    const [problem] = problemsOf(input);
    assert.equal(problem?.participant, 1);
    assert.match(problem!.message, /2 people are fixed to table 1, which has 1 seats/);
  });

  test('refuses zero tables, rounds that are not whole numbers, and both tables and tableSize', () => {
    assert.match(problemsOf({ ...base(), tables: 0 })[0]!.message, /"tables" must be a whole number of at least 1/);
    assert.match(problemsOf({ ...base(), rounds: 1.5 })[0]!.message, /"rounds"/);
    assert.match(problemsOf({ ...base(), tableSize: 4 })[0]!.message, /not both/);
    const none = base();
    delete none.tables;
    assert.match(problemsOf({ ...none, tableSize: 4, participants: [] })[0]!.message, /zero tables/);
  });

  test('refuses duplicate ids and more than three ranked challenges', () => {
    const input = base();
    const ps = input.participants as Participant[];
    ps[1]!.id = 'a';
    ps[0]!.challenges = ['c1', 'c1'];
    const messages = problemsOf(input).map((p) => p.message);
    assert.ok(messages.includes('participant "a": ranks challenge "c1" twice'), messages.join('\n'));
    assert.ok(messages.includes('participant "a": the same id as participant 1'), messages.join('\n'));
  });
});
