// Generated planner inputs for tests and the benchmark: uneven role sizes, a few large
// organisations and many small ones, challenges of uneven popularity. Seeded, so repeatable.
import { seededRandom } from './random.ts';
import type { PlanInput } from './types.ts';

export interface InstanceShape {
  people: number;
  roles: number;
  organizations: number;
  challenges: number;
  rounds: number;
  tables?: number;
  tableSize?: number;
  seed: number;
}

export const ROLE_CODES = [
  'politician',
  'researcher',
  'municipal_employee',
  'citizen',
  'volunteer',
  'business',
  'student',
  'other',
];

/** A plan input with the given shape; organisations and challenges follow Zipf-like popularity. */
export function generateInstance(shape: InstanceShape): PlanInput {
  const random = seededRandom(shape.seed);
  const cumulative = (weights: number[]) => {
    let sum = 0;
    return weights.map((w) => {
      sum += w;
      return sum;
    });
  };
  const pick = (cum: number[]) => {
    const x = random.next() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const roleCum = cumulative(Array.from({ length: shape.roles }, (_, i) => 1 / Math.sqrt(i + 1)));
  const orgCum = cumulative(Array.from({ length: shape.organizations }, (_, i) => 1 / (i + 1)));
  const challengeCum = cumulative(Array.from({ length: shape.challenges }, (_, i) => 1 / (i + 1) ** 0.8));
  const roleName = (i: number) => ROLE_CODES[i] ?? `role${i + 1}`;
  const participants = Array.from({ length: shape.people }, (_, i) => {
    const x = random.next();
    const wanted = Math.min(shape.challenges, x < 0.05 ? 0 : x < 0.1 ? 1 : x < 0.15 ? 2 : 3);
    const challenges: string[] = [];
    while (challenges.length < wanted) {
      const c = `c${pick(challengeCum) + 1}`;
      if (!challenges.includes(c)) challenges.push(c);
    }
    return {
      id: `p${i + 1}`,
      role: roleName(pick(roleCum)),
      organization: `org${pick(orgCum) + 1}`,
      challenges,
    };
  });
  return {
    ...(shape.tables !== undefined ? { tables: shape.tables } : { tableSize: shape.tableSize ?? 8 }),
    rounds: shape.rounds,
    participants,
    challenges: Array.from({ length: shape.challenges }, (_, i) => ({ id: `c${i + 1}`, title: `Challenge ${i + 1}` })),
  };
}
