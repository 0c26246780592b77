// planTables: seats every participant at a table in every round (see search.ts for the method).
import { type Model, modelOf } from './check-input.ts';
import { metricsOfModel } from './metrics.ts';
import { seededRandom } from './random.ts';
import { labelsByDemand, planRound, type RoundResult, remember, targetSizes } from './search.ts';
import type { Plan, PlanInput, PlanOptions, PlanRound } from './types.ts';

/**
 * Without a time budget in the input, the search stops after this many seconds per 1,000 people
 * (at least this many; only when a clock is given). The step budget normally ends it well before.
 */
export const DEFAULT_SECONDS_PER_1000 = 1.5;

/** The deadline of the whole search on the options' clock (Infinity without a clock). */
export function deadlineOf(input: PlanInput, options: PlanOptions): { now: () => number; deadline: number } {
  if (!options.now) return { now: () => 0, deadline: Number.POSITIVE_INFINITY };
  const seconds = input.seconds ?? DEFAULT_SECONDS_PER_1000 * Math.max(1, input.participants.length / 1000);
  return { now: options.now, deadline: options.now() + 1000 * seconds };
}

/** The plan's rounds as the output shows them: tables numbered from 1, members sorted by input order. */
export function roundOutput(model: Model, result: RoundResult): PlanRound {
  return {
    tables: result.members.map((ms, t) => ({
      table: t + 1,
      challenge: result.labels[t]! >= 0 ? model.challengeIds[result.labels[t]!]! : null,
      members: [...ms].sort((a, b) => a - b).map((p) => model.ids[p]!),
    })),
  };
}

/**
 * Plans tables for every round: mixed roles, organisations spread, no repeated pairs, challenges
 * people ranked high; fixed people stay put and table sizes differ by at most one. Deterministic
 * for a seed (unless the time budget, which needs `options.now`, cuts the search short).
 */
export function planTables(input: PlanInput, options: PlanOptions): Plan {
  const model = modelOf(input);
  const random = seededRandom(options.seed);
  const { now, deadline } = deadlineOf(input, options);
  const met: number[][] = Array.from({ length: model.n }, () => []);
  const rounds: PlanRound[] = [];
  let labels: Int32Array | null = null;
  for (let r = 0; r < model.rounds; r++) {
    const placed = Int32Array.from(model.fixed[r]!);
    const placedCount = new Array<number>(model.tables).fill(0);
    for (const t of placed) if (t >= 0) placedCount[t]! += 1;
    const sizes = targetSizes(model, placedCount);
    labels ??= labelsByDemand(model, sizes);
    const left = deadline - now();
    const result = planRound(
      model,
      {
        placed,
        movable: Uint8Array.from(placed, (t) => (t >= 0 ? 0 : 1)),
        sizes,
        labels,
        lockLabels: false,
        met,
        effort: options.effort ?? 1,
        deadline: Number.isFinite(left) ? now() + left / (model.rounds - r) : deadline,
        now,
      },
      random,
    );
    remember(met, result.members);
    rounds.push(roundOutput(model, result));
  }
  return { rounds, metrics: metricsOfModel(model, rounds) };
}
