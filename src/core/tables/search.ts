// The planner's engine for one round: a constructive start and a local search over swaps and moves
// between tables, minimising a weighted cost in which each term dwarfs the next:
// role excess ≫ organisation pairs ≫ repeated pairs ≫ challenge preference.
import { roleShares } from './bounds.ts';
import type { Model } from './check-input.ts';
import { type Random, shuffle } from './random.ts';

export const W_ROLE = 1_000_000;
export const W_ORG = 10_000;
export const W_REPEAT = 100;
/** Preference cost of a seat at a challenge the person did not rank (ranks cost 0, 1, 2). */
const MISS = 4;
/** Local-search steps per movable person and round (times PlanOptions.effort). */
const STEPS_PER_PERSON = 400;
/** Search phases per round; tables choose their challenge again after each. */
const PHASES = 4;

export interface RoundSetup {
  /** Table index per person placed before the search (fixed or kept people), −1 for the rest. */
  placed: Int32Array;
  /** Whether the search may move a person (people placed and not movable stay). */
  movable: Uint8Array;
  /** Target size per table. */
  sizes: Int32Array;
  /** Challenge per table, −1 to choose by demand. */
  labels: Int32Array;
  /** Keep the given labels (re-planning: people already know their challenge); −1 labels are still filled. */
  lockLabels: boolean;
  /** Partners of each person in earlier rounds. */
  met: number[][];
  /** Search step budget multiplier, and a deadline on `now` (ms) or +Infinity. */
  effort: number;
  deadline: number;
  now: () => number;
}

export interface RoundResult {
  tableOf: Int32Array;
  members: number[][];
  labels: Int32Array;
}

/**
 * Target table sizes for a round: `largeCount` tables get one seat more, chosen among the tables
 * that must have it (more people already placed than the small size) and then those with most placed.
 */
export function targetSizes(model: Model, placedCount: number[]): Int32Array {
  const T = model.tables;
  const sizes = new Int32Array(T).fill(model.small);
  const order = [...Array(T).keys()].sort((a, b) => placedCount[b]! - placedCount[a]! || a - b);
  for (let i = 0; i < model.largeCount; i++) sizes[order[i]!] = model.large;
  return sizes;
}

/** Challenges for tables by demand: each table goes to the challenge whose first choices it seats most. */
export function labelsByDemand(model: Model, sizes: Int32Array): Int32Array {
  const T = model.tables;
  const C = model.challengeIds.length;
  const labels = new Int32Array(T).fill(-1);
  if (C === 0) return labels;
  const first = new Array<number>(C).fill(0);
  const any = new Array<number>(C).fill(0);
  for (const prefs of model.prefs) {
    if (prefs.length > 0) first[prefs[0]!]! += 1;
    prefs.forEach((c, i) => {
      any[c]! += 3 - i;
    });
  }
  const order = [...Array(T).keys()].sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const tablesOf = new Array<number>(C).fill(0);
  for (const t of order) {
    let best = 0;
    let bestGain = -1;
    let bestTie = -1;
    for (let c = 0; c < C; c++) {
      const gain = Math.min(sizes[t]!, Math.max(0, first[c]!));
      const tie = any[c]! / (tablesOf[c]! + 1);
      if (gain > bestGain || (gain === bestGain && tie > bestTie)) {
        best = c;
        bestGain = gain;
        bestTie = tie;
      }
    }
    labels[t] = best;
    first[best]! -= sizes[t]!;
    tablesOf[best]! += 1;
  }
  return labels;
}

/** Plans one round: place everyone not yet placed, then improve by local search. */
export function planRound(model: Model, setup: RoundSetup, random: Random): RoundResult {
  const { n, tables: T } = model;
  const R = model.roles.length;
  const { floor, ceil } = roleShares(model);
  const role = model.role;
  const org = model.org;
  const prefs = model.prefs;
  const met = setup.met;
  const tableOf = new Int32Array(n).fill(-1);
  const members: number[][] = Array.from({ length: T }, () => []);
  const roleCount = new Int32Array(T * R);
  const labels = Int32Array.from(setup.labels);
  if (labels.some((l) => l < 0)) {
    const byDemand = labelsByDemand(model, setup.sizes);
    for (let t = 0; t < T; t++) if (labels[t]! < 0) labels[t] = byDemand[t]!;
  }

  const excess = (k: number, c: number) => Math.max(0, floor[k]! - c) + Math.max(0, c - ceil[k]!);
  const roleDelta = (t: number, k: number, d: number) => {
    const c = roleCount[t * R + k]!;
    return excess(k, c + d) - excess(k, c);
  };
  const prefCost = (p: number, c: number) => {
    const list = prefs[p]!;
    if (list.length === 0) return 0;
    const i = list.indexOf(c);
    return i < 0 ? MISS : i;
  };
  /** Organisation and repeat cost of p sitting with the members of t (leaving out p and skip). */
  const pairCost = (p: number, t: number, skip: number) => {
    const o = org[p]!;
    const seen = met[p]!;
    let s = 0;
    for (const m of members[t]!) {
      if (m === p || m === skip) continue;
      if (o >= 0 && org[m] === o) s += W_ORG;
      if (seen.length > 0 && seen.includes(m)) s += W_REPEAT;
    }
    return s;
  };
  const seat = (p: number, t: number) => {
    tableOf[p] = t;
    members[t]!.push(p);
    roleCount[t * R + role[p]!]! += 1;
  };

  // Constructive start: people already placed stay; the rest go, role by role (largest first),
  // to a table short of that role, then to the table with most free seats (as dealing cards round
  // the tables would), and among equals to the one where they meet fewest colleagues and
  // earlier table-mates and get the best-ranked challenge.
  const free: number[] = [];
  for (let p = 0; p < n; p++) {
    const t = setup.placed[p]!;
    if (t >= 0) seat(p, t);
    else free.push(p);
  }
  const roleOrder = [...Array(R).keys()].sort((a, b) => model.roleSizes[b]! - model.roleSizes[a]! || a - b);
  const rank = new Int32Array(R);
  roleOrder.forEach((k, i) => {
    rank[k] = i;
  });
  shuffle(free, random).sort((a, b) => rank[role[a]!]! - rank[role[b]!]!);
  for (const p of free) {
    const k = role[p]!;
    let best = -1;
    let bestRole = 0;
    let bestCap = 0;
    let bestCost = 0;
    for (let t = 0; t < T; t++) {
      const cap = setup.sizes[t]! - members[t]!.length;
      if (cap <= 0) continue;
      const rd = roleDelta(t, k, 1);
      if (best >= 0 && (rd > bestRole || (rd === bestRole && cap < bestCap))) continue;
      const cost = pairCost(p, t, -1) + prefCost(p, labels[t]!);
      if (best < 0 || rd < bestRole || cap > bestCap || cost < bestCost) {
        best = t;
        bestRole = rd;
        bestCap = cap;
        bestCost = cost;
      }
    }
    seat(p, best);
  }

  // Local search.
  const movable: number[] = [];
  for (let p = 0; p < n; p++) if (setup.movable[p]) movable.push(p);
  const M = movable.length;
  if (M < 2 || T < 2) return { tableOf, members, labels };
  const byRole: number[][] = Array.from({ length: R }, () => []);
  for (const p of movable) byRole[role[p]!]!.push(p);
  const isMovable = setup.movable;
  let tablesByLabel: number[][] = [];
  const indexLabels = () => {
    tablesByLabel = Array.from({ length: model.challengeIds.length }, () => []);
    for (let t = 0; t < T; t++) if (labels[t]! >= 0) tablesByLabel[labels[t]!]!.push(t);
  };
  indexLabels();
  const unequal = model.largeCount > 0;

  const selfCost = (p: number) => {
    const a = tableOf[p]!;
    const k = role[p]!;
    const c = roleCount[a * R + k]!;
    return (c > ceil[k]! || c < floor[k]! ? W_ROLE : 0) + pairCost(p, a, p) + prefCost(p, labels[a]!);
  };
  const swapDelta = (p: number, q: number) => {
    const a = tableOf[p]!;
    const b = tableOf[q]!;
    const rp = role[p]!;
    const rq = role[q]!;
    let d = 0;
    if (rp !== rq)
      d += W_ROLE * (roleDelta(a, rp, -1) + roleDelta(a, rq, 1) + roleDelta(b, rq, -1) + roleDelta(b, rp, 1));
    d += pairCost(p, b, q) - pairCost(p, a, p) + pairCost(q, a, p) - pairCost(q, b, q);
    return d + prefCost(p, labels[b]!) - prefCost(p, labels[a]!) + prefCost(q, labels[a]!) - prefCost(q, labels[b]!);
  };
  const moveDelta = (p: number, b: number) => {
    const a = tableOf[p]!;
    const k = role[p]!;
    return (
      W_ROLE * (roleDelta(a, k, -1) + roleDelta(b, k, 1)) +
      pairCost(p, b, -1) -
      pairCost(p, a, p) +
      prefCost(p, labels[b]!) -
      prefCost(p, labels[a]!)
    );
  };
  const swap = (p: number, q: number) => {
    const a = tableOf[p]!;
    const b = tableOf[q]!;
    const ma = members[a]!;
    const mb = members[b]!;
    ma[ma.indexOf(p)] = q;
    mb[mb.indexOf(q)] = p;
    tableOf[p] = b;
    tableOf[q] = a;
    roleCount[a * R + role[p]!]! -= 1;
    roleCount[a * R + role[q]!]! += 1;
    roleCount[b * R + role[q]!]! -= 1;
    roleCount[b * R + role[p]!]! += 1;
  };
  const move = (p: number, b: number) => {
    const a = tableOf[p]!;
    const ma = members[a]!;
    const i = ma.indexOf(p);
    ma[i] = ma[ma.length - 1]!;
    ma.pop();
    roleCount[a * R + role[p]!]! -= 1;
    seat(p, b);
  };
  const relabel = () => {
    if (setup.lockLabels || model.challengeIds.length === 0) return;
    const score = new Map<number, number>();
    for (let t = 0; t < T; t++) {
      score.clear();
      const ms = members[t]!;
      for (const m of ms) for (const c of prefs[m]!) score.set(c, 0);
      if (score.size === 0) continue;
      let best = labels[t]!;
      let bestCost = 0;
      for (const m of ms) bestCost += prefCost(m, best);
      for (const c of score.keys()) {
        let cost = 0;
        for (const m of ms) cost += prefCost(m, c);
        if (cost < bestCost) {
          best = c;
          bestCost = cost;
        }
      }
      labels[t] = best;
    }
    indexLabels();
  };

  const total = Math.round(setup.effort * STEPS_PER_PERSON * M);
  const perPhase = Math.max(1, Math.floor(total / PHASES));
  const patience = Math.max(5000, 40 * M);
  outer: for (let phase = 0; phase < PHASES; phase++) {
    let lastGain = 0;
    for (let s = 0; s < perPhase; s++) {
      if ((s & 1023) === 0 && setup.now() > setup.deadline) break outer;
      if (s - lastGain > patience) break;
      // Late in a phase, accept small losses in challenge preference less and less (annealing).
      const temperature = phase < PHASES - 1 ? 1.2 * (1 - s / perPhase) : 0;
      const p = movable[random.int(M)]!;
      if (selfCost(p) === 0 && random.next() < 0.85) continue;
      const a = tableOf[p]!;
      const x = random.next();
      let q = -1;
      let b = -1;
      const ranked = prefs[p]!;
      if (x < 0.5 && ranked.length > 0) {
        const c = ranked[random.int(ranked.length)]!;
        const list = tablesByLabel[c];
        if (!list || list.length === 0) continue;
        b = list[random.int(list.length)]!;
        const mb = members[b]!;
        if (b === a || mb.length === 0) continue;
        q = mb[random.int(mb.length)]!;
      } else if (x < 0.85) {
        const same = byRole[role[p]!]!;
        q = same[random.int(same.length)]!;
        b = tableOf[q]!;
      } else {
        q = movable[random.int(M)]!;
        b = tableOf[q]!;
      }
      if (b === a) continue;
      let d: number;
      const moving = unequal && members[a]!.length > members[b]!.length && random.next() < 0.3;
      if (moving) d = moveDelta(p, b);
      else {
        if (!isMovable[q]) continue;
        d = swapDelta(p, q);
      }
      if (d > 0 && !(d < W_REPEAT && temperature > 0 && random.next() < Math.exp(-d / temperature))) continue;
      if (moving) move(p, b);
      else swap(p, q);
      if (d < 0) lastGain = s;
    }
    relabel();
  }
  return { tableOf, members, labels };
}

/** Adds the pairs of a round to each person's list of earlier table-mates. */
export function remember(met: number[][], members: number[][]): void {
  for (const ms of members) {
    for (const p of ms) {
      const seen = met[p]!;
      for (const q of ms) if (q !== p && !seen.includes(q)) seen.push(q);
    }
  }
}
