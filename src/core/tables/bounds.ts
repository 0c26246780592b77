// Bounds computed from the input alone: the best value of each figure that no plan can beat.
// Each is a relaxation (some constraints dropped), so it is always valid and sometimes not reachable.
import { type Model, modelOf } from './check-input.ts';
import type { Bounds, PlanInput } from './types.ts';

const pairs = (k: number) => (k * (k - 1)) / 2;

/** Same-group pairs when k people are spread as evenly as possible over g groups. */
export function evenSplitPairs(k: number, g: number): number {
  if (g <= 0) return pairs(k);
  const q = Math.floor(k / g);
  const rem = k % g;
  return rem * pairs(q + 1) + (g - rem) * pairs(q);
}

/**
 * Fewest same-group pairs when k people go to g tables and table t already holds base[t] of them
 * (tables not listed hold none): fill the emptiest tables first (optimal for a convex cost).
 */
export function waterFillPairs(k: number, g: number, base: number[]): number {
  const placed = base.reduce((a, b) => a + b, 0);
  if (base.length === 0) return evenSplitPairs(k, g);
  let free = k - placed;
  const zeros = g - base.length;
  const need = (level: number) => zeros * level + base.reduce((s, x) => s + Math.max(0, level - x), 0);
  let level = 0;
  while (need(level + 1) <= free) level += 1;
  free -= need(level);
  return base.reduce((s, x) => s + pairs(Math.max(x, level)), zeros * pairs(level)) + free * level;
}

/** The most people who can be seated at a challenge they want, given demand per challenge. */
function bestCoverage(demand: number[], tables: number, seats: number): number {
  if (seats <= 0) return 0;
  const gains: number[] = [];
  for (const d of demand) {
    const full = Math.min(Math.floor(d / seats), tables);
    for (let k = 0; k < full; k++) gains.push(seats);
    if (d % seats > 0) gains.push(d % seats);
  }
  gains.sort((a, b) => b - a);
  return gains.slice(0, tables).reduce((a, b) => a + b, 0);
}

/** Role fair share per table, as floor and ceiling. */
export function roleShares(model: Model): { floor: number[]; ceil: number[] } {
  return {
    floor: model.roleSizes.map((s) => Math.floor(s / model.tables)),
    ceil: model.roleSizes.map((s) => Math.ceil(s / model.tables)),
  };
}

/** Bounds of a model (see boundsOf). */
export function boundsOfModel(model: Model): Bounds {
  const { n, tables: T, rounds: R, small, large, largeCount } = model;
  const nRoles = model.roles.length;
  const { floor, ceil } = roleShares(model);

  let roleExcess = 0;
  let orgPairs = 0;
  for (let r = 0; r < R; r++) {
    const fixed = model.fixed[r]!;
    // Role excess: at each table with fixed people, too many of a role beyond the ceiling, and the
    // floors of all roles that cannot fit next to the fixed people.
    const fixedRoles = new Map<number, number[]>();
    for (let p = 0; p < n; p++) {
      const t = fixed[p]!;
      if (t < 0) continue;
      let counts = fixedRoles.get(t);
      if (!counts) {
        counts = new Array<number>(nRoles).fill(0);
        fixedRoles.set(t, counts);
      }
      counts[model.role[p]!]! += 1;
    }
    // Two ways to count, each a valid bound; the larger is used. By table: too many of a role
    // beyond its ceiling, plus the floors that cannot fit next to the fixed people. By role: the
    // people beyond the ceiling at some tables leave other tables short of the floor, unless the
    // role has people to spare (its remainder over the tables).
    let byTable = 0;
    const overByRole = new Array<number>(nRoles).fill(0);
    for (const counts of fixedRoles.values()) {
      let over = 0;
      let needed = 0;
      for (let k = 0; k < nRoles; k++) {
        const o = Math.max(0, counts[k]! - ceil[k]!);
        over += o;
        overByRole[k]! += o;
        needed += Math.max(counts[k]!, floor[k]!);
      }
      byTable += over + Math.max(0, needed - large);
    }
    let byRole = 0;
    for (let k = 0; k < nRoles; k++) {
      const spare = model.roleSizes[k]! - T * floor[k]!;
      byRole += overByRole[k]! + Math.max(0, overByRole[k]! - spare);
    }
    roleExcess += Math.max(byTable, byRole);
    // Organisation pairs: each organisation spread as evenly as possible, on top of its fixed members.
    const orgSize = new Map<number, number>();
    const orgFixed = new Map<number, Map<number, number>>();
    for (let p = 0; p < n; p++) {
      const o = model.org[p]!;
      if (o < 0) continue;
      orgSize.set(o, (orgSize.get(o) ?? 0) + 1);
      const t = fixed[p]!;
      if (t >= 0) {
        let at = orgFixed.get(o);
        if (!at) {
          at = new Map();
          orgFixed.set(o, at);
        }
        at.set(t, (at.get(t) ?? 0) + 1);
      }
    }
    for (const [o, size] of orgSize) {
      const at = orgFixed.get(o);
      orgPairs += at ? waterFillPairs(size, T, [...at.values()]) : evenSplitPairs(size, T);
    }
  }

  // Repeat pairs: in each round after the first, the people at a table came from T tables of the
  // round before, so at least the pairs of their most even split sat together before. Also, per
  // person, more table-mates over all rounds than other people means repeats (pigeonhole).
  const perRound = largeCount * evenSplitPairs(large, T) + (T - largeCount) * evenSplitPairs(small, T);
  const byRounds = (R - 1) * perRound;
  const byPigeonhole = Math.ceil((n * Math.max(0, R * (small - 1) - (n - 1))) / 2);
  const repeatPairs = Math.max(byRounds, byPigeonhole);

  // Challenge shares: per challenge as many tables as help, each seating at most `large` people.
  const ranked = model.prefs.filter((p) => p.length > 0).length;
  const first = new Array<number>(model.challengeIds.length).fill(0);
  const any = new Array<number>(model.challengeIds.length).fill(0);
  for (const prefs of model.prefs) {
    if (prefs.length === 0) continue;
    first[prefs[0]!]! += 1;
    for (const c of prefs) any[c]! += 1;
  }
  const share = (covered: number) => (ranked === 0 ? 1 : Math.min(ranked, covered) / ranked);
  return {
    roleExcess,
    orgPairs,
    repeatPairs,
    challengeTop1: share(bestCoverage(first, T, large)),
    challengeTop3: share(bestCoverage(any, T, large)),
  };
}

/** Bounds of every figure computed from the input alone (lower bounds for costs, upper bounds for shares). */
export function boundsOf(input: PlanInput): Bounds {
  return boundsOfModel(modelOf(input));
}
