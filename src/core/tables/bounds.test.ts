// The bounds against brute force: on tiny instances every split of people over tables is tried,
// and a lower bound must never exceed the best achievable value (an upper bound never fall below it).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { boundsOf, evenSplitPairs, waterFillPairs } from './bounds.ts';
import { checkPlanInput, fixedTableIn } from './check-input.ts';
import { boundNotes, metricsOf } from './metrics.ts';
import { planTables } from './plan-tables.ts';
import type { Participant, PlanInput } from './types.ts';

/** Every table-per-person vector with sizes within one and fixed people at their table. */
function allSplits(n: number, tables: number, fixed: number[]): number[][] {
  const out: number[][] = [];
  const assign = new Array<number>(n).fill(0);
  const walk = (i: number) => {
    if (i === n) {
      const sizes = new Array<number>(tables).fill(0);
      for (const t of assign) sizes[t]! += 1;
      if (Math.max(...sizes) - Math.min(...sizes) <= 1) out.push([...assign]);
      return;
    }
    for (let t = 0; t < tables; t++) {
      if (fixed[i]! >= 0 && fixed[i] !== t) continue;
      assign[i] = t;
      walk(i + 1);
    }
  };
  walk(0);
  return out;
}

const pairsOf = (k: number) => (k * (k - 1)) / 2;

/** The best value of each figure on its own, over all plans (brute force, written independently of the planner). */
function bruteForce(input: PlanInput) {
  const ps = input.participants;
  const n = ps.length;
  const T = input.tables!;
  const roles = [...new Set(ps.map((p) => p.role))];
  const ranked = ps.filter((p) => p.challenges.length > 0).length;
  const challengeIds = input.challenges.map((c) => c.id);
  let role = 0;
  let org = 0;
  let top1 = 0;
  let top3 = 0;
  const splitsPerRound: number[][][] = [];
  for (let r = 0; r < input.rounds; r++) {
    const splits = allSplits(
      n,
      T,
      ps.map((p) => fixedTableIn(p, r)),
    );
    splitsPerRound.push(splits);
    let bestRole = Number.POSITIVE_INFINITY;
    let bestOrg = Number.POSITIVE_INFINITY;
    let best1 = 0;
    let best3 = 0;
    for (const split of splits) {
      let roleCost = 0;
      let orgCost = 0;
      let got1 = 0;
      let got3 = 0;
      for (let t = 0; t < T; t++) {
        const at = ps.filter((_, i) => split[i] === t);
        for (const k of roles) {
          const share = ps.filter((p) => p.role === k).length / T;
          const c = at.filter((p) => p.role === k).length;
          roleCost += Math.max(0, Math.floor(share) - c) + Math.max(0, c - Math.ceil(share));
        }
        for (const o of new Set(at.map((p) => p.organization).filter((o) => o !== ''))) {
          orgCost += pairsOf(at.filter((p) => p.organization === o).length);
        }
        got1 += Math.max(0, ...challengeIds.map((c) => at.filter((p) => p.challenges[0] === c).length));
        got3 += Math.max(0, ...challengeIds.map((c) => at.filter((p) => p.challenges.includes(c)).length));
      }
      bestRole = Math.min(bestRole, roleCost);
      bestOrg = Math.min(bestOrg, orgCost);
      best1 = Math.max(best1, got1);
      best3 = Math.max(best3, got3);
    }
    role += bestRole;
    org += bestOrg;
    top1 += best1;
    top3 += best3;
  }
  let repeat = 0;
  if (input.rounds === 2) {
    repeat = Number.POSITIVE_INFINITY;
    for (const a of splitsPerRound[0]!) {
      for (const b of splitsPerRound[1]!) {
        let again = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (a[i] === a[j] && b[i] === b[j]) again += 1;
        repeat = Math.min(repeat, again);
      }
    }
  }
  const share = (k: number) => (ranked === 0 ? 1 : k / (ranked * input.rounds));
  return {
    roleExcess: role,
    orgPairs: org,
    repeatPairs: repeat,
    challengeTop1: share(top1),
    challengeTop3: share(top3),
  };
}

const challenges = ['c1', 'c2', 'c3'].map((id) => ({ id, title: id }));

/** Tiny instances: up to 8 people at 2 tables (2 rounds) or up to 7 at 3 tables (1 round), some fixed. */
const tinyInstance = fc
  .record({
    tables: fc.constantFrom(2, 3),
    rounds: fc.constantFrom(1, 2),
    people: fc.array(
      fc.record({
        role: fc.constantFrom('politician', 'researcher', 'citizen'),
        organization: fc.constantFrom('', 'kommune', 'ntnu', 'lag'),
        challenges: fc.shuffledSubarray(['c1', 'c2', 'c3'], { maxLength: 3 }),
        // Mostly free people; now and then one fixed for every round or per round.
        fixed: fc.oneof(
          { weight: 6, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
          {
            weight: 1,
            arbitrary: fc.array(fc.option(fc.integer({ min: 1, max: 3 })), { minLength: 2, maxLength: 2 }),
          },
        ),
      }),
      { minLength: 2, maxLength: 8 },
    ),
  })
  .map(({ tables, rounds: wanted, people }): PlanInput => {
    const rounds = tables === 3 ? 1 : wanted;
    const n = tables === 3 ? Math.min(people.length, 7) : people.length;
    const participants = people.slice(0, n).map((p, i): Participant => {
      const base = { id: `p${i + 1}`, role: p.role, organization: p.organization, challenges: p.challenges };
      const fixed: number | (number | null)[] | null = p.fixed;
      if (fixed === null) return base;
      const clamp = (t: number) => ((t - 1) % tables) + 1;
      return {
        ...base,
        fixedTable:
          typeof fixed === 'number' ? clamp(fixed) : fixed.slice(0, rounds).map((t) => (t === null ? null : clamp(t))),
      };
    });
    return { tables, rounds, participants, challenges };
  })
  .filter((input) => checkPlanInput(input).ok);

describe('table planner bounds', () => {
  test('even split and water filling count the fewest same-group pairs', () => {
    assert.equal(evenSplitPairs(3, 3), 0);
    assert.equal(evenSplitPairs(4, 2), 2);
    assert.equal(evenSplitPairs(10, 3), 3 + 3 + 6);
    assert.equal(waterFillPairs(4, 2, []), 2);
    // Three already fixed at one table: the fourth goes elsewhere.
    assert.equal(waterFillPairs(4, 2, [3]), 3);
    assert.equal(waterFillPairs(6, 3, [2, 2]), 1 + 1 + 1);
    assert.equal(waterFillPairs(5, 3, [3]), 3 + 0 + 0);
  });

  test('no bound is ever better than the best plan found by brute force on tiny instances', (t) => {
    const tight: Record<string, number> = {
      roleExcess: 0,
      orgPairs: 0,
      repeatPairs: 0,
      challengeTop1: 0,
      challengeTop3: 0,
    };
    let instances = 0;
    let twoRounds = 0;
    let unfixed = 0;
    fc.assert(
      fc.property(tinyInstance, (input) => {
        const bounds = boundsOf(input);
        const best = bruteForce(input);
        assert.ok(bounds.roleExcess <= best.roleExcess, `roleExcess ${bounds.roleExcess} > ${best.roleExcess}`);
        assert.ok(bounds.orgPairs <= best.orgPairs, `orgPairs ${bounds.orgPairs} > ${best.orgPairs}`);
        assert.ok(bounds.repeatPairs <= best.repeatPairs, `repeatPairs ${bounds.repeatPairs} > ${best.repeatPairs}`);
        assert.ok(
          bounds.challengeTop1 >= best.challengeTop1 - 1e-9,
          `top1 ${bounds.challengeTop1} < ${best.challengeTop1}`,
        );
        assert.ok(
          bounds.challengeTop3 >= best.challengeTop3 - 1e-9,
          `top3 ${bounds.challengeTop3} < ${best.challengeTop3}`,
        );
        instances += 1;
        if (input.rounds === 2) twoRounds += 1;
        for (const key of Object.keys(tight) as (keyof typeof best)[]) {
          if (Math.abs(bounds[key] - best[key]) < 1e-9) tight[key]! += 1;
        }
        // Without fixed people, dealing people round the tables sorted by role (or by organisation)
        // reaches both bounds, so there they must be exact.
        if (input.participants.every((p) => p.fixedTable === undefined)) {
          unfixed += 1;
          assert.equal(bounds.roleExcess, best.roleExcess);
          assert.equal(bounds.orgPairs, best.orgPairs);
        }
      }),
      { numRuns: 300, seed: 20190101 },
    );
    // How often each bound is exactly the brute-force optimum (shown with the test run).
    const summary = Object.entries(tight)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    t.diagnostic(
      `tight on ${instances} tiny instances (${twoRounds} with 2 rounds, ${unfixed} without fixed people): ${summary}`,
    );
  });

  test('4 politicians and 4 researchers over 2 tables: 2 + 2 at each, role excess 0', () => {
    const input: PlanInput = {
      tables: 2,
      rounds: 1,
      participants: [
        ...[1, 2, 3, 4].map((i) => ({ id: `pol${i}`, role: 'politician', organization: '', challenges: [] })),
        ...[1, 2, 3, 4].map((i) => ({ id: `res${i}`, role: 'researcher', organization: '', challenges: [] })),
      ],
      challenges: [],
    };
    const plan = planTables(input, { seed: 1 });
    for (const table of plan.rounds[0]!.tables) {
      assert.equal(table.members.filter((m) => m.startsWith('pol')).length, 2);
      assert.equal(table.members.filter((m) => m.startsWith('res')).length, 2);
      assert.equal(table.challenge, null);
    }
    assert.deepEqual(plan.metrics.roleExcess, { value: 0, lowerBound: 0 });
  });

  test('3 people from one organisation over 3 tables sit apart: 0 organisation pairs', () => {
    const input: PlanInput = {
      tables: 3,
      rounds: 1,
      participants: [
        { id: 'a', role: 'municipal_employee', organization: 'Levanger kommune', challenges: ['c1'] },
        { id: 'b', role: 'municipal_employee', organization: 'Levanger kommune', challenges: ['c1'] },
        { id: 'c', role: 'municipal_employee', organization: 'Levanger kommune', challenges: ['c1'] },
        { id: 'd', role: 'researcher', organization: 'Nord universitet', challenges: ['c2'] },
        { id: 'e', role: 'citizen', organization: '', challenges: ['c2'] },
        { id: 'f', role: 'politician', organization: '', challenges: ['c3'] },
      ],
      challenges,
    };
    const plan = planTables(input, { seed: 3 });
    assert.deepEqual(plan.metrics.orgPairs, { value: 0, lowerBound: 0 });
    assert.deepEqual(
      plan.rounds[0]!.tables.map((t) => t.members.filter((m) => 'abc'.includes(m)).length),
      [1, 1, 1],
    );
  });

  test('the repeat bound for 8 people at 2 tables of 4 in 2 rounds is 4, and a plan reaches it', () => {
    const input: PlanInput = {
      tables: 2,
      rounds: 2,
      participants: 'abcdefgh'.split('').map((id) => ({ id, role: 'citizen', organization: '', challenges: [] })),
      challenges: [],
    };
    assert.equal(boundsOf(input).repeatPairs, 4);
    assert.equal(bruteForce(input).repeatPairs, 4);
    assert.deepEqual(planTables(input, { seed: 1 }).metrics.repeatPairs, { value: 4, lowerBound: 4 });
  });

  test('fixed people can force role excess and organisation pairs; the plan says when a bound is not reached', () => {
    // Two facilitators from one organisation, both researchers, fixed to table 1.
    const input: PlanInput = {
      tables: 2,
      rounds: 1,
      participants: [
        { id: 'f1', role: 'researcher', organization: 'NTNU', challenges: [], fixedTable: 1 },
        { id: 'f2', role: 'researcher', organization: 'NTNU', challenges: [], fixedTable: 1 },
        { id: 'x', role: 'politician', organization: '', challenges: [] },
        { id: 'y', role: 'politician', organization: '', challenges: [] },
      ],
      challenges: [],
    };
    const bounds = boundsOf(input);
    // The best plan has 2 researchers at table 1 and 2 politicians at table 2: excess 4. The bound
    // sees table 1 only (a researcher too many, a politician short): 2, valid but not tight.
    assert.equal(bruteForce(input).roleExcess, 4);
    assert.equal(bounds.roleExcess, 2);
    assert.equal(bounds.orgPairs, 1);
    const plan = planTables(input, { seed: 1 });
    assert.deepEqual(plan.metrics.roleExcess, { value: 4, lowerBound: 2 });
    assert.deepEqual(plan.metrics.orgPairs, { value: 1, lowerBound: 1 });
    assert.deepEqual(boundNotes(plan.metrics), ['role excess: 4, above its lower bound 2']);
    assert.deepEqual(metricsOf(input, plan), plan.metrics);
  });
});
