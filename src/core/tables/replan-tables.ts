// replanTables: at the door, after no-shows and walk-ins, keeps everyone who is still there at
// their table and moves only the people that table sizes force to move; walk-ins fill the gaps.
import { roleShares } from './bounds.ts';
import { modelOf } from './check-input.ts';
import { metricsOfModel } from './metrics.ts';
import { deadlineOf, roundOutput } from './plan-tables.ts';
import { seededRandom } from './random.ts';
import { planRound, remember, targetSizes, W_ORG, W_REPEAT, W_ROLE } from './search.ts';
import type { Plan, PlanInput, PlanOptions, PlanRound, Replan } from './types.ts';

/**
 * Re-plans for the participants now in `input` (no-shows left out, walk-ins added), starting from
 * a previous plan: people keep their table unless a table has more people than its size allows;
 * tables keep their challenge. Reports how many seatings moved.
 */
export function replanTables(input: PlanInput, previous: Pick<Plan, 'rounds'>, options: PlanOptions): Replan {
  const model = modelOf(input);
  const { n, tables: T } = model;
  const R = model.roles.length;
  const { floor, ceil } = roleShares(model);
  const index = new Map(model.ids.map((id, i) => [id, i]));
  const challengeIndex = new Map(model.challengeIds.map((id, i) => [id, i]));
  const random = seededRandom(options.seed);
  const { now, deadline } = deadlineOf(input, options);
  const met: number[][] = Array.from({ length: n }, () => []);
  const rounds: PlanRound[] = [];
  const movedPeople = new Set<string>();
  let moved = 0;
  for (let r = 0; r < model.rounds; r++) {
    const before = previous.rounds[r];
    const prevTable = new Int32Array(n).fill(-1);
    const labels = new Int32Array(T).fill(-1);
    for (const table of before?.tables ?? []) {
      const t = table.table - 1;
      if (t < 0 || t >= T) continue;
      labels[t] = table.challenge === null ? -1 : (challengeIndex.get(table.challenge) ?? -1);
      for (const id of table.members) {
        const p = index.get(id);
        if (p !== undefined) prevTable[p] = t;
      }
    }
    const fixed = model.fixed[r]!;
    const placed = new Int32Array(n).fill(-1);
    const count = new Array<number>(T).fill(0);
    for (let p = 0; p < n; p++) {
      const t = fixed[p]! >= 0 ? fixed[p]! : prevTable[p]!;
      placed[p] = t;
      if (t >= 0) count[t]! += 1;
    }
    const sizes = targetSizes(model, count);
    // Tables with more people than their size: the people who fit there worst stand up.
    for (let t = 0; t < T; t++) {
      let over = count[t]! - sizes[t]!;
      if (over <= 0) continue;
      const here = [...Array(n).keys()].filter((p) => placed[p] === t);
      const roles = new Array<number>(R).fill(0);
      for (const p of here) roles[model.role[p]!]! += 1;
      while (over > 0) {
        let worst = -1;
        let worstCost = -1;
        for (const p of here) {
          if (fixed[p]! >= 0 || placed[p] !== t) continue;
          const k = model.role[p]!;
          let cost = roles[k]! > ceil[k]! ? W_ROLE : roles[k]! <= floor[k]! ? -W_ROLE : 0;
          for (const q of here) {
            if (q === p || placed[q] !== t) continue;
            if (model.org[p]! >= 0 && model.org[q] === model.org[p]) cost += W_ORG;
            if (met[p]!.includes(q)) cost += W_REPEAT;
          }
          const rank = model.prefs[p]!.indexOf(labels[t]!);
          if (model.prefs[p]!.length > 0) cost += rank < 0 ? 4 : rank;
          if (cost >= worstCost) {
            worst = p;
            worstCost = cost;
          }
        }
        placed[worst] = -1;
        roles[model.role[worst]!]! -= 1;
        over -= 1;
      }
    }
    const left = deadline - now();
    const result = planRound(
      model,
      {
        placed,
        movable: Uint8Array.from(placed, (t) => (t >= 0 ? 0 : 1)),
        sizes,
        labels,
        lockLabels: before !== undefined,
        met,
        effort: options.effort ?? 1,
        deadline: Number.isFinite(left) ? now() + left / (model.rounds - r) : deadline,
        now,
      },
      random,
    );
    for (let p = 0; p < n; p++) {
      if (prevTable[p]! >= 0 && result.tableOf[p] !== prevTable[p]) {
        moved += 1;
        movedPeople.add(model.ids[p]!);
      }
    }
    remember(met, result.members);
    rounds.push(roundOutput(model, result));
  }
  return {
    rounds,
    metrics: metricsOfModel(model, rounds),
    moved: { count: moved, participants: model.ids.filter((id) => movedPeople.has(id)) },
  };
}
