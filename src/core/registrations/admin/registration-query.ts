// The organisers' view of an event's registrations: one filter (parsed from the list page's query
// parameters, which the exports take too) and one query, so that what an export contains is
// exactly what the list showed. The database filters, sorts and pages; the cost of a page does
// not grow with the number of registrations beyond one COUNT.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/adapter.ts';
import type { Database } from '../../../db/schema.ts';

export const SORT_KEYS = ['name', 'created', 'organization', 'session', 'status', 'waitlist'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const STATUS_FILTERS = ['active', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export interface RegistrationFilter {
  /** Free text matched against name, e-mail and organisation; '' for none. */
  q: string;
  role: string | null;
  /** A session code, 'none' for "only the shared programme", null for all. */
  session: string | null;
  status: StatusFilter | null;
  /** 'yes': checked in; 'no': not checked in. */
  attended: 'yes' | 'no' | null;
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

export const DEFAULT_FILTER: RegistrationFilter = {
  q: '',
  role: null,
  session: null,
  status: null,
  attended: null,
  sort: 'created',
  dir: 'asc',
  page: 1,
};

function one(value: unknown): string | undefined {
  if (Array.isArray(value)) return one(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  const v = one(value);
  return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

/**
 * The filter in a list or export address. Lenient: an unknown or malformed value is ignored
 * (shared links keep working after a session or role is renamed).
 */
export function parseRegistrationFilter(params: Record<string, unknown>): RegistrationFilter {
  const code = (v: unknown) => {
    const s = one(v)?.trim() ?? '';
    return s !== '' && s.length <= 50 ? s : null;
  };
  const page = Number.parseInt(one(params.page) ?? '', 10);
  return {
    q: (one(params.q) ?? '').trim().slice(0, 200),
    role: code(params.role),
    session: code(params.session),
    status: oneOf(params.status, STATUS_FILTERS),
    attended: oneOf(params.attended, ['yes', 'no'] as const),
    sort: oneOf(params.sort, SORT_KEYS) ?? DEFAULT_FILTER.sort,
    dir: oneOf(params.dir, ['asc', 'desc'] as const) ?? DEFAULT_FILTER.dir,
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** The filter as query parameters (defaults left out), for links and hidden form fields. */
export function filterParams(
  filter: RegistrationFilter,
  overrides: Partial<RegistrationFilter> = {},
): [string, string][] {
  const f = { ...filter, ...overrides };
  const out: [string, string][] = [];
  if (f.q) out.push(['q', f.q]);
  if (f.role) out.push(['role', f.role]);
  if (f.session) out.push(['session', f.session]);
  if (f.status) out.push(['status', f.status]);
  if (f.attended) out.push(['attended', f.attended]);
  if (f.sort !== DEFAULT_FILTER.sort) out.push(['sort', f.sort]);
  if (f.dir !== DEFAULT_FILTER.dir) out.push(['dir', f.dir]);
  if (f.page !== 1) out.push(['page', String(f.page)]);
  return out;
}

/** One registration as organisers see it. */
export interface AdminRegistrationRow {
  id: number;
  name: string;
  email: string | null;
  organization: string;
  role: string;
  roleOther: string;
  sessionCode: string | null;
  sessionTitle: string | null;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  /** 1-based position in its own queue, for waitlisted people. */
  waitlistPosition: number | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  /** Null unless asked for (organisers only). */
  needs: string | null;
  /** Answers to extra questions, keyed by question id. */
  answers: Record<string, string | string[]>;
  bookerName: string;
  bookerEmail: string;
  publicListing: boolean;
  lang: string;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** An answer as one line of text. */
export function answerText(answer: string | string[] | undefined): string {
  if (answer === undefined) return '';
  return Array.isArray(answer) ? answer.join(', ') : answer;
}

// Both engines lower-case ASCII; SQLite's lower() and PostgreSQL's under the C locale leave other
// letters alone. Folding the capitals of Norwegian, Sámi and common European names by hand makes
// the search case-insensitive for them too, with the same result on both engines.
const FOLD: [string, string][] = [
  ['Æ', 'æ'],
  ['Ø', 'ø'],
  ['Å', 'å'],
  ['Ä', 'ä'],
  ['Ö', 'ö'],
  ['Ü', 'ü'],
  ['É', 'é'],
  ['È', 'è'],
  ['Á', 'á'],
  ['Č', 'č'],
  ['Đ', 'đ'],
  ['Ŋ', 'ŋ'],
  ['Š', 'š'],
  ['Ŧ', 'ŧ'],
  ['Ž', 'ž'],
];

function folded(column: Expression<unknown>) {
  let expr = sql<string>`lower(${column})`;
  for (const [upper, lower] of FOLD) expr = sql<string>`replace(${expr}, ${sql.lit(upper)}, ${sql.lit(lower)})`;
  return expr;
}

function foldText(text: string): string {
  return text.toLowerCase();
}

function likePattern(term: string): string {
  return `%${foldText(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type From = 'registrations' | 'bookings' | 'sessions';
type Eb = ExpressionBuilder<Database, From>;

function filtered(db: Db, eventId: number, filter: RegistrationFilter) {
  let query = db
    .selectFrom('registrations')
    .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
    .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
    .where('registrations.event_id', '=', eventId);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    const like = (expr: Expression<unknown>) => sql<SqlBool>`${expr} like ${pattern} escape '\\'`;
    query = query.where((eb: Eb) =>
      eb.or([
        like(folded(eb.ref('registrations.name'))),
        like(eb.ref('registrations.email_norm')),
        like(folded(eb.ref('registrations.organization'))),
      ]),
    );
  }
  if (filter.role) query = query.where('registrations.role', '=', filter.role);
  if (filter.session === 'none') query = query.where('registrations.session_id', 'is', null);
  else if (filter.session) query = query.where('sessions.code', '=', filter.session);
  if (filter.status === 'active') query = query.where('registrations.status', 'in', ['confirmed', 'waitlisted']);
  else if (filter.status) query = query.where('registrations.status', '=', filter.status);
  if (filter.attended === 'yes') query = query.where('registrations.checked_in_at', 'is not', null);
  else if (filter.attended === 'no') query = query.where('registrations.checked_in_at', 'is', null);
  return query;
}

/** Number of registrations the filter selects. */
export async function countRegistrations(db: Db, eventId: number, filter: RegistrationFilter): Promise<number> {
  const row = await filtered(db, eventId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The registrations the filter selects, sorted; one page of them when `page` is given (the
 * filter's page, PAGE_SIZE each), else all (exports).
 */
export async function findRegistrations(
  db: Db,
  eventId: number,
  filter: RegistrationFilter,
  options: { includeNeeds: boolean; paged: boolean; pageSize?: number },
): Promise<AdminRegistrationRow[]> {
  const name = folded(sql.ref('registrations.name'));
  const dir = filter.dir;
  const sessionOrder = sql<number>`coalesce(${sql.ref('sessions.position')}, 1000000)`;
  let query = filtered(db, eventId, filter).select([
    'registrations.id',
    'registrations.name',
    'registrations.email',
    'registrations.organization',
    'registrations.role',
    'registrations.role_other',
    'registrations.status',
    'registrations.session_id',
    'registrations.waitlist_seq',
    'registrations.created_at',
    'registrations.updated_at',
    'registrations.cancelled_at',
    'registrations.checked_in_at',
    'registrations.needs',
    'registrations.answers_json',
    'registrations.public_listing',
    'registrations.lang',
    'bookings.booker_name',
    'bookings.booker_email',
    'sessions.code as session_code',
    'sessions.title as session_title',
  ]);
  switch (filter.sort) {
    case 'name':
      query = query.orderBy(name, dir);
      break;
    case 'created':
      query = query.orderBy('registrations.created_at', dir);
      break;
    case 'organization':
      query = query.orderBy(folded(sql.ref('registrations.organization')), dir).orderBy(name);
      break;
    case 'session':
      query = query.orderBy(sessionOrder, dir).orderBy(name);
      break;
    case 'status':
      query = query
        .orderBy(
          sql`case ${sql.ref('registrations.status')} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`,
          dir,
        )
        .orderBy(name);
      break;
    case 'waitlist':
      // Waitlisted people first, queue by queue, in queue order; everyone else after them.
      query = query
        .orderBy(sql`case when ${sql.ref('registrations.waitlist_seq')} is null then 1 else 0 end`)
        .orderBy(sessionOrder)
        .orderBy('registrations.waitlist_seq', dir)
        .orderBy(name);
      break;
  }
  query = query.orderBy('registrations.id', dir);
  if (options.paged) {
    const size = options.pageSize ?? PAGE_SIZE;
    query = query.limit(size).offset((filter.page - 1) * size);
  }
  const rows = await query.execute();
  const positions = await waitlistPositions(
    db,
    eventId,
    rows.filter((r) => r.status === 'waitlisted').map((r) => r.id),
    !options.paged,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    organization: r.organization,
    role: r.role,
    roleOther: r.role_other,
    sessionCode: r.session_code ?? null,
    sessionTitle: r.session_title ?? null,
    status: r.status,
    waitlistPosition: positions.get(r.id) ?? null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
    checkedInAt: r.checked_in_at ? new Date(r.checked_in_at) : null,
    needs: options.includeNeeds ? r.needs : null,
    answers: parseJson<Record<string, string | string[]>>(r.answers_json, {}),
    bookerName: r.booker_name,
    bookerEmail: r.booker_email,
    publicListing: r.public_listing === 1,
    lang: r.lang,
  }));
}

/**
 * 1-based queue positions of the given waitlisted registrations. For a page, one grouped query
 * over the few ids; for an export (`all`), the event's queues are read once and counted here.
 */
async function waitlistPositions(db: Db, eventId: number, ids: number[], all: boolean): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (ids.length === 0) return result;
  if (all) {
    const queued = await db
      .selectFrom('registrations')
      .select(['id', 'session_id'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted')
      .orderBy('waitlist_seq')
      .execute();
    const lengths = new Map<number | null, number>();
    for (const row of queued) {
      const n = (lengths.get(row.session_id) ?? 0) + 1;
      lengths.set(row.session_id, n);
      result.set(row.id, n);
    }
    return result;
  }
  const rows = await db
    .selectFrom('registrations as r')
    .innerJoin('registrations as w', (join) =>
      join
        .onRef('w.event_id', '=', 'r.event_id')
        .on('w.status', '=', 'waitlisted')
        .onRef('w.waitlist_seq', '<=', 'r.waitlist_seq')
        // Ids start at 1, so 0 stands for "no session" on both sides.
        .on(sql`coalesce(${sql.ref('w.session_id')}, 0)`, '=', sql`coalesce(${sql.ref('r.session_id')}, 0)`),
    )
    .select(['r.id', (eb) => eb.fn.count<number | string>('w.id').as('position')])
    .where('r.id', 'in', ids)
    .where('r.status', '=', 'waitlisted')
    .groupBy('r.id')
    .execute();
  for (const row of rows) result.set(row.id, Number(row.position));
  return result;
}
