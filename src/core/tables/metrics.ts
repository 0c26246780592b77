// The figures of a plan, next to their bounds, and a check that a plan obeys the hard rules.
import { boundsOfModel, roleShares } from './bounds.ts';
import { type Model, modelOf } from './check-input.ts';
import type { Metrics, Plan, PlanInput, PlanRound } from './types.ts';

const pairs = (k: number) => (k * (k - 1)) / 2;

/** Figures of the rounds of a plan for a model, next to the model's bounds. */
export function metricsOfModel(model: Model, rounds: PlanRound[]): Metrics {
  const index = new Map(model.ids.map((id, i) => [id, i]));
  const challengeIndex = new Map(model.challengeIds.map((id, i) => [id, i]));
  const { floor, ceil } = roleShares(model);
  const nRoles = model.roles.length;
  let roleExcess = 0;
  let orgPairs = 0;
  let repeatPairs = 0;
  let top1 = 0;
  let top3 = 0;
  let rankedSeatings = 0;
  const met = new Set<number>();
  for (const round of rounds) {
    const together: number[] = [];
    for (const table of round.tables) {
      const members = table.members.map((id) => index.get(id)).filter((p): p is number => p !== undefined);
      const roles = new Array<number>(nRoles).fill(0);
      const orgs = new Map<number, number>();
      for (const p of members) {
        roles[model.role[p]!]! += 1;
        const o = model.org[p]!;
        if (o >= 0) orgs.set(o, (orgs.get(o) ?? 0) + 1);
        const prefs = model.prefs[p]!;
        if (prefs.length > 0) {
          rankedSeatings += 1;
          const c = table.challenge === null ? -1 : (challengeIndex.get(table.challenge) ?? -1);
          const rank = prefs.indexOf(c);
          if (rank === 0) top1 += 1;
          if (rank >= 0) top3 += 1;
        }
      }
      for (let k = 0; k < nRoles; k++) {
        const c = roles[k]!;
        roleExcess += Math.max(0, floor[k]! - c) + Math.max(0, c - ceil[k]!);
      }
      for (const c of orgs.values()) orgPairs += pairs(c);
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const a = Math.min(members[i]!, members[j]!);
          const b = Math.max(members[i]!, members[j]!);
          const key = a * model.n + b;
          if (met.has(key)) repeatPairs += 1;
          together.push(key);
        }
      }
    }
    // Tables a round leaves out entirely still count: each role then falls short of its floor there.
    const seen = new Set(round.tables.map((t) => t.table));
    for (let t = 1; t <= model.tables; t++) if (!seen.has(t)) for (const f of floor) roleExcess += f;
    for (const key of together) met.add(key);
  }
  const bounds = boundsOfModel(model);
  const share = (k: number) => (rankedSeatings === 0 ? 1 : k / rankedSeatings);
  return {
    roleExcess: { value: roleExcess, lowerBound: bounds.roleExcess },
    orgPairs: { value: orgPairs, lowerBound: bounds.orgPairs },
    repeatPairs: { value: repeatPairs, lowerBound: bounds.repeatPairs },
    challengeTop1: { value: share(top1), upperBound: bounds.challengeTop1 },
    challengeTop3: { value: share(top3), upperBound: bounds.challengeTop3 },
  };
}

/** Every figure of a plan for an input, next to its bound computed from the input alone. */
export function metricsOf(input: PlanInput, plan: Pick<Plan, 'rounds'>): Metrics {
  return metricsOfModel(modelOf(input), plan.rounds);
}

const EPSILON = 1e-9;

/** One sentence for each figure that does not reach its bound (empty when all do). */
export function boundNotes(metrics: Metrics): string[] {
  const notes: string[] = [];
  const names: Record<keyof Metrics, string> = {
    roleExcess: 'role excess',
    orgPairs: 'same-organisation pairs',
    repeatPairs: 'repeated pairs',
    challengeTop1: 'share at their first choice',
    challengeTop3: 'share at a top-3 choice',
  };
  for (const key of ['roleExcess', 'orgPairs', 'repeatPairs'] as const) {
    const m = metrics[key];
    if (m.value > m.lowerBound) notes.push(`${names[key]}: ${m.value}, above its lower bound ${m.lowerBound}`);
  }
  for (const key of ['challengeTop1', 'challengeTop3'] as const) {
    const m = metrics[key];
    if (m.value < m.upperBound - EPSILON) {
      notes.push(`${names[key]}: ${m.value.toFixed(3)}, below its upper bound ${m.upperBound.toFixed(3)}`);
    }
  }
  return notes;
}

/** Hard rules a plan must obey; returns what is broken (empty when the plan is valid). */
export function planProblems(input: PlanInput, plan: Pick<Plan, 'rounds'>): string[] {
  const model = modelOf(input);
  const problems: string[] = [];
  if (plan.rounds.length !== model.rounds) problems.push(`${plan.rounds.length} rounds, expected ${model.rounds}`);
  const index = new Map(model.ids.map((id, i) => [id, i]));
  const challenges = new Set(model.challengeIds);
  plan.rounds.forEach((round, r) => {
    const where = `round ${r + 1}`;
    const numbers = round.tables.map((t) => t.table).sort((a, b) => a - b);
    if (numbers.length !== model.tables || numbers.some((t, i) => t !== i + 1)) {
      problems.push(`${where}: tables ${numbers.join(',')}, expected 1–${model.tables}`);
    }
    const seated = new Map<string, number>();
    let min = Number.POSITIVE_INFINITY;
    let max = 0;
    for (const table of round.tables) {
      min = Math.min(min, table.members.length);
      max = Math.max(max, table.members.length);
      if (table.challenge === null ? challenges.size > 0 : !challenges.has(table.challenge)) {
        problems.push(`${where}: table ${table.table} works on unknown challenge ${table.challenge}`);
      }
      for (const id of table.members) {
        if (seated.has(id)) problems.push(`${where}: ${id} seated twice`);
        seated.set(id, table.table);
        const p = index.get(id);
        if (p === undefined) problems.push(`${where}: ${id} is not a participant`);
        else {
          const f = model.fixed[r]?.[p] ?? -1;
          if (f >= 0 && f + 1 !== table.table) problems.push(`${where}: ${id} fixed to ${f + 1}, at ${table.table}`);
        }
      }
    }
    for (const id of model.ids) if (!seated.has(id)) problems.push(`${where}: ${id} not seated`);
    if (round.tables.length > 0 && max - min > 1) problems.push(`${where}: table sizes from ${min} to ${max}`);
  });
  return problems;
}
