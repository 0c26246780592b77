// Checks a plan input (typically parsed JSON or CSV) and turns it into the planner's indexed model.
// Every problem names the participant it is about, so the command line can point at the row.
import type { Challenge, InputProblem, Participant, PlanInput, Validated } from './types.ts';

/** The input in the form the planner works on: people, roles, organisations and challenges as indices. */
export interface Model {
  input: PlanInput;
  /** People. */
  n: number;
  /** Tables. */
  tables: number;
  rounds: number;
  ids: string[];
  /** Role index per person. */
  role: Int32Array;
  roles: string[];
  roleSizes: number[];
  /** Organisation index per person, −1 when none is given. */
  org: Int32Array;
  orgs: string[];
  /** Ranked challenge indices per person, best first. */
  prefs: number[][];
  challengeIds: string[];
  /** fixed[round][person]: a table index (from 0) or −1. */
  fixed: Int32Array[];
  /** Smallest and largest table size, and how many tables have the largest size. */
  small: number;
  large: number;
  largeCount: number;
}

const MAX_CHOICES = 3;

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** How many tables an input asks for (undefined when neither tables nor tableSize is usable). */
export function tableCountOf(input: { tables?: unknown; tableSize?: unknown }, people: number): number | undefined {
  if (input.tables !== undefined) return isInt(input.tables) ? input.tables : undefined;
  if (isInt(input.tableSize) && input.tableSize >= 1) return Math.ceil(people / input.tableSize);
  return undefined;
}

/** Checks the shape and the meaning of a plan input; on success returns it typed. */
export function checkPlanInput(raw: unknown): Validated<PlanInput> {
  const problems: InputProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [{ message: 'the input must be a JSON object' }] };
  }
  const o = raw as Record<string, unknown>;
  if (!isInt(o.rounds) || o.rounds < 1 || o.rounds > 50) {
    problems.push({ message: '"rounds" must be a whole number from 1 to 50' });
  }
  const rounds = isInt(o.rounds) && o.rounds >= 1 && o.rounds <= 50 ? o.rounds : 1;
  if (o.tables !== undefined && o.tableSize !== undefined) {
    problems.push({ message: 'give either "tables" or "tableSize", not both' });
  } else if (o.tables === undefined && o.tableSize === undefined) {
    problems.push({ message: 'give "tables" (how many) or "tableSize" (people per table)' });
  } else if (o.tables !== undefined && (!isInt(o.tables) || o.tables < 1)) {
    problems.push({ message: `"tables" must be a whole number of at least 1 (got ${JSON.stringify(o.tables)})` });
  } else if (o.tableSize !== undefined && (!isInt(o.tableSize) || o.tableSize < 1)) {
    problems.push({ message: `"tableSize" must be a whole number of at least 1 (got ${JSON.stringify(o.tableSize)})` });
  }
  if (o.seconds !== undefined && (typeof o.seconds !== 'number' || !(o.seconds > 0) || o.seconds > 3600)) {
    problems.push({ message: '"seconds" must be a number of seconds above 0 (at most 3600)' });
  }

  const challenges: Challenge[] = [];
  const challengeIds = new Set<string>();
  if (!Array.isArray(o.challenges)) {
    problems.push({ message: '"challenges" must be a list of { "id", "title" }' });
  } else {
    o.challenges.forEach((c: unknown, i) => {
      const rec = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
      if (typeof rec.id !== 'string' || rec.id.trim() === '') {
        problems.push({ message: `challenge ${i + 1}: "id" must be a non-empty text` });
        return;
      }
      if (challengeIds.has(rec.id)) problems.push({ message: `challenge ${i + 1}: the id "${rec.id}" appears twice` });
      challengeIds.add(rec.id);
      challenges.push({ id: rec.id, title: typeof rec.title === 'string' ? rec.title : rec.id });
    });
  }

  const participants: Participant[] = [];
  if (!Array.isArray(o.participants)) {
    problems.push({ message: '"participants" must be a list' });
    return { ok: false, problems };
  }
  const people = o.participants.length;
  const tables = tableCountOf(o, people);
  if (tables === 0) problems.push({ message: 'there are no people to seat, so there are zero tables' });
  const seenIds = new Map<string, number>();
  o.participants.forEach((p: unknown, i) => {
    const at = (message: string) => problems.push({ participant: i, message });
    const rec = (typeof p === 'object' && p !== null && !Array.isArray(p) ? p : null) as Record<string, unknown> | null;
    if (rec === null) {
      at('must be an object with "id", "role", "organization", "challenges"');
      return;
    }
    const id = typeof rec.id === 'string' || isInt(rec.id) ? String(rec.id).trim() : '';
    if (id === '') {
      at('"id" must be a non-empty text');
      return;
    }
    const name = `participant "${id}"`;
    const earlier = seenIds.get(id);
    if (earlier !== undefined) at(`${name}: the same id as participant ${earlier + 1}`);
    seenIds.set(id, i);
    if (typeof rec.role !== 'string') at(`${name}: "role" must be a text`);
    if (rec.organization !== undefined && rec.organization !== null && typeof rec.organization !== 'string') {
      at(`${name}: "organization" must be a text`);
    }
    const ranked: string[] = [];
    if (rec.challenges !== undefined && rec.challenges !== null) {
      if (!Array.isArray(rec.challenges) || rec.challenges.some((c) => typeof c !== 'string')) {
        at(`${name}: "challenges" must be a list of challenge ids`);
      } else {
        if (rec.challenges.length > MAX_CHOICES) at(`${name}: ranks ${rec.challenges.length} challenges (at most 3)`);
        for (const c of rec.challenges as string[]) {
          if (!challengeIds.has(c)) at(`${name}: unknown challenge id "${c}"`);
          else if (ranked.includes(c)) at(`${name}: ranks challenge "${c}" twice`);
          else ranked.push(c);
        }
      }
    }
    let fixedTable: Participant['fixedTable'];
    if (rec.fixedTable !== undefined && rec.fixedTable !== null) {
      const f = rec.fixedTable;
      const okTable = (t: unknown) => isInt(t) && t >= 1 && (tables === undefined || t <= tables);
      if (Array.isArray(f)) {
        if (f.length !== rounds) at(`${name}: "fixedTable" lists ${f.length} tables for ${rounds} round(s)`);
        const bad = f.find((t) => t !== null && !okTable(t));
        if (bad !== undefined)
          at(`${name}: fixed to table ${JSON.stringify(bad)}, which does not exist (tables 1–${tables ?? '?'})`);
        fixedTable = f as (number | null)[];
      } else if (!okTable(f)) {
        at(`${name}: fixed to table ${JSON.stringify(f)}, which does not exist (tables 1–${tables ?? '?'})`);
      } else {
        fixedTable = f as number;
      }
    }
    participants.push({
      id,
      role: typeof rec.role === 'string' ? rec.role : '',
      organization: typeof rec.organization === 'string' ? rec.organization.trim() : '',
      challenges: ranked,
      ...(fixedTable !== undefined ? { fixedTable } : {}),
    });
  });
  if (problems.length > 0) return { ok: false, problems };

  const input: PlanInput = {
    ...(o.tables !== undefined ? { tables: o.tables as number } : { tableSize: o.tableSize as number }),
    rounds,
    participants,
    challenges,
    ...(typeof o.seconds === 'number' ? { seconds: o.seconds } : {}),
  };
  problems.push(...seatProblems(input));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input };
}

/** The fixed table of participant p in round r, from 0, or −1. */
export function fixedTableIn(p: Participant, round: number): number {
  const f = p.fixedTable;
  if (f === undefined) return -1;
  const t = Array.isArray(f) ? f[round] : f;
  return t === null || t === undefined ? -1 : t - 1;
}

/** More fixed people at a table than it has seats (sizes differ by at most one). */
function seatProblems(input: PlanInput): InputProblem[] {
  const n = input.participants.length;
  const tables = tableCountOf(input, n) ?? 1;
  const small = Math.floor(n / tables);
  const largeCount = n % tables;
  const large = largeCount > 0 ? small + 1 : small;
  const problems: InputProblem[] = [];
  for (let r = 0; r < input.rounds; r++) {
    const at = new Map<number, number[]>();
    input.participants.forEach((p, i) => {
      const t = fixedTableIn(p, r);
      if (t >= 0) at.set(t, [...(at.get(t) ?? []), i]);
    });
    let overSmall = 0;
    for (const [t, people] of [...at.entries()].sort((a, b) => a[0] - b[0])) {
      if (people.length > large) {
        problems.push({
          participant: people[large],
          message: `round ${r + 1}: ${people.length} people are fixed to table ${t + 1}, which has ${large} seats (participant "${input.participants[people[large]!]!.id}" is one too many)`,
        });
      } else if (people.length > small) {
        overSmall += 1;
        if (overSmall > largeCount) {
          problems.push({
            participant: people[small],
            message: `round ${r + 1}: too many fixed people: with ${n} people at ${tables} tables only ${largeCount} table(s) can have ${large} seats, and table ${t + 1} would be one more (participant "${input.participants[people[small]!]!.id}")`,
          });
        }
      }
    }
  }
  return problems;
}

/** Builds the indexed model of a checked input; throws when the input is not valid. */
export function modelOf(input: PlanInput): Model {
  const checked = checkPlanInput(input);
  if (!checked.ok) throw new Error(`invalid plan input: ${checked.problems.map((p) => p.message).join('; ')}`);
  const ps = checked.value.participants;
  const n = ps.length;
  const tables = tableCountOf(checked.value, n)!;
  const roleIndex = new Map<string, number>();
  const orgIndex = new Map<string, number>();
  const challengeIndex = new Map(checked.value.challenges.map((c, i) => [c.id, i]));
  const role = new Int32Array(n);
  const org = new Int32Array(n);
  const roleSizes: number[] = [];
  ps.forEach((p, i) => {
    let r = roleIndex.get(p.role);
    if (r === undefined) {
      r = roleIndex.size;
      roleIndex.set(p.role, r);
      roleSizes.push(0);
    }
    role[i] = r;
    roleSizes[r]! += 1;
    if (p.organization === '') org[i] = -1;
    else {
      let o = orgIndex.get(p.organization);
      if (o === undefined) {
        o = orgIndex.size;
        orgIndex.set(p.organization, o);
      }
      org[i] = o;
    }
  });
  const fixed: Int32Array[] = [];
  for (let r = 0; r < checked.value.rounds; r++) fixed.push(Int32Array.from(ps, (p) => fixedTableIn(p, r)));
  const small = Math.floor(n / tables);
  const largeCount = n % tables;
  return {
    input: checked.value,
    n,
    tables,
    rounds: checked.value.rounds,
    ids: ps.map((p) => p.id),
    role,
    roles: [...roleIndex.keys()],
    roleSizes,
    org,
    orgs: [...orgIndex.keys()],
    prefs: ps.map((p) => p.challenges.map((c) => challengeIndex.get(c)!)),
    challengeIds: checked.value.challenges.map((c) => c.id),
    fixed,
    small,
    large: largeCount > 0 ? small + 1 : small,
    largeCount,
  };
}
