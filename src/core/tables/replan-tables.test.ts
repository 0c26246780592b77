// Re-planning at the door: no-shows leave, walk-ins come, and as few people as possible move.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { generateInstance } from './generate-instance.ts';
import { planProblems } from './metrics.ts';
import { planTables } from './plan-tables.ts';
import { replanTables } from './replan-tables.ts';
import type { Plan, PlanInput } from './types.ts';

/** The fewest seatings that must change: per round, tables above their new size must shed people. */
function forcedMoves(input: PlanInput, previous: Plan): number {
  const n = input.participants.length;
  const T = input.tables!;
  const small = Math.floor(n / T);
  const largeCount = n % T;
  const present = new Set(input.participants.map((p) => p.id));
  let moves = 0;
  for (const round of previous.rounds) {
    const counts = round.tables.map((t) => t.members.filter((id) => present.has(id)).length).sort((a, b) => b - a);
    counts.forEach((c, i) => {
      moves += Math.max(0, c - (i < largeCount ? small + 1 : small));
    });
  }
  return moves;
}

function atTheDoor(input: PlanInput, noShows: Set<number>, walkIns: number): PlanInput {
  const participants = input.participants.filter((_, i) => !noShows.has(i));
  for (let i = 0; i < walkIns; i++) {
    participants.push({
      id: `walkin${i + 1}`,
      role: i % 2 ? 'citizen' : 'volunteer',
      organization: '',
      challenges: ['c1'],
    });
  }
  return { ...input, participants };
}

describe('re-planning at the door', () => {
  test('keeps everyone who came at their table when sizes allow, seats walk-ins in the gaps', () => {
    const input = generateInstance({
      people: 40,
      roles: 4,
      organizations: 10,
      challenges: 4,
      rounds: 2,
      tables: 5,
      seed: 3,
    });
    const plan = planTables(input, { seed: 1 });
    // One no-show at each of two tables, two walk-ins: sizes stay 8 each, nobody needs to move.
    const first = plan.rounds[0]!.tables;
    const gone = new Set([first[0]!.members[0]!, first[1]!.members[0]!]);
    const next = atTheDoor({ ...input, participants: input.participants.filter((p) => !gone.has(p.id)) }, new Set(), 2);
    const replan = replanTables(next, plan, { seed: 1 });
    assert.deepEqual(planProblems(next, replan), []);
    // In round 1 nobody moves; round 2 may have to (the no-shows sat elsewhere there).
    assert.equal(replan.moved.count, forcedMoves(next, plan));
    for (const table of replan.rounds[0]!.tables) {
      const before = first[table.table - 1]!;
      assert.equal(table.challenge, before.challenge);
      for (const id of before.members) if (!gone.has(id)) assert.ok(table.members.includes(id), `${id} moved`);
    }
  });

  test('moves exactly the people that table sizes force to move, on random no-shows and walk-ins', () => {
    const input = generateInstance({
      people: 48,
      roles: 5,
      organizations: 12,
      challenges: 5,
      rounds: 2,
      tables: 6,
      seed: 11,
    });
    const plan = planTables(input, { seed: 2 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer(),
        (noShows, walkIns, seed) => {
          const next = atTheDoor(input, new Set(noShows), walkIns);
          const replan = replanTables(next, plan, { seed });
          assert.deepEqual(planProblems(next, replan), []);
          assert.equal(replan.moved.count, forcedMoves(next, plan));
          assert.ok(replan.moved.participants.every((id) => !id.startsWith('walkin')));
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });

  test('1,000 people with 30 no-shows and 20 walk-ins re-plan in under a second', () => {
    const input = generateInstance({
      people: 1000,
      roles: 8,
      organizations: 300,
      challenges: 30,
      rounds: 3,
      tables: 125,
      seed: 4,
    });
    const plan = planTables(input, { seed: 1 });
    const next = atTheDoor(input, new Set(Array.from({ length: 30 }, (_, i) => i * 33)), 20);
    const t0 = performance.now();
    const replan = replanTables(next, plan, { seed: 1, now: () => performance.now() });
    const ms = performance.now() - t0;
    assert.deepEqual(planProblems(next, replan), []);
    assert.ok(ms < 1000, `${ms} ms`);
    assert.equal(replan.moved.count, forcedMoves(next, plan));
    assert.ok(replan.moved.count <= 3 * 30, `${replan.moved.count} moved`);
  });

  test('a person newly fixed to another table moves there, and counts as moved', () => {
    const input = generateInstance({
      people: 16,
      roles: 2,
      organizations: 4,
      challenges: 2,
      rounds: 1,
      tables: 2,
      seed: 8,
    });
    const plan = planTables(input, { seed: 1 });
    const someone = plan.rounds[0]!.tables[0]!.members[0]!;
    const next: PlanInput = {
      ...input,
      participants: input.participants.map((p) => (p.id === someone ? { ...p, fixedTable: 2 } : p)),
    };
    const replan = replanTables(next, plan, { seed: 1 });
    assert.deepEqual(planProblems(next, replan), []);
    assert.ok(replan.rounds[0]!.tables[1]!.members.includes(someone));
    // Table 2 is now one over: one of its people crosses to table 1 in exchange.
    assert.equal(replan.moved.count, 2);
  });
});
