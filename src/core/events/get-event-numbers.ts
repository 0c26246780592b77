// Numbers at a glance for one event: status per session, the role × session matrix and
// registrations per day. Everything is aggregated by the database (GROUP BY), so the cost
// depends on the number of sessions, roles and days, not on the number of registrations.
import { sql } from 'kysely';
import type { Db } from '../../db/adapter.ts';
import { addDays, zonedDate } from '../shared/time.ts';
import { OTHER_ROLE } from './roles.ts';

/** A column of the numbers: a parallel session, or "only the shared programme" (id null). */
export interface NumbersSession {
  id: number | null;
  code: string | null;
  title: string;
  capacity: number | null;
}

export interface StatusCounts {
  confirmed: number;
  waitlisted: number;
  cancelled: number;
}

export interface RoleRow {
  code: string;
  /** The event's own label; null means the catalogue's label for a standard code. */
  label: string | null;
  /** Confirmed per session, in the order of `sessions`. */
  counts: number[];
  total: number;
}

export interface DayCount {
  /** Calendar date in the event's zone, "2030-10-01". */
  date: string;
  count: number;
  cumulative: number;
}

export interface EventNumbers {
  sessions: NumbersSession[];
  /** Per session, in the order of `sessions`. */
  status: StatusCounts[];
  statusTotal: StatusCounts;
  roles: RoleRow[];
  /** Confirmed per session over all roles, in the order of `sessions`. */
  sessionTotals: number[];
  confirmedTotal: number;
  /** Every day from the opening (or the first sign-up) to today or the last sign-up. */
  perDay: DayCount[];
  timeZone: string;
}

/** At most this many days are shown in the per-day series (the most recent ones). */
export const MAX_SERIES_DAYS = 400;

/** Aggregated numbers of an event by id; null when there is no such event. */
export async function getEventNumbers(db: Db, eventId: number, now: Date): Promise<EventNumbers | null> {
  const event = await db
    .selectFrom('events')
    .select(['id', 'time_zone', 'allow_no_session', 'registration_opens_at', 'registration_closes_at'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!event) return null;
  const [sessionRows, roleRows, statusRows, matrixRows, hourRows] = await Promise.all([
    db
      .selectFrom('sessions')
      .select(['id', 'code', 'title', 'capacity'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('event_roles')
      .select(['code', 'label'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('registrations')
      .select((eb) => ['session_id', 'status', eb.fn.countAll<number | string>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy(['session_id', 'status'])
      .execute(),
    db
      .selectFrom('registrations')
      .select((eb) => ['role', 'session_id', eb.fn.countAll<number | string>().as('n')])
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .groupBy(['role', 'session_id'])
      .execute(),
    // Instants are ISO UTC strings; grouped by UTC hour here and mapped to the event's calendar
    // days below (every hour of UTC falls on one day in a zone with whole-hour offsets, as
    // Europe/Oslo has), which keeps the result small without date functions that differ
    // between the engines.
    db
      .selectFrom('registrations')
      .select((eb) => [sql<string>`substr(created_at, 1, 13)`.as('hour'), eb.fn.countAll<number | string>().as('n')])
      .where('event_id', '=', eventId)
      .groupBy(sql`substr(created_at, 1, 13)`)
      .execute(),
  ]);

  const hasNone =
    event.allow_no_session === 1 ||
    sessionRows.length === 0 ||
    statusRows.some((r) => r.session_id === null) ||
    matrixRows.some((r) => r.session_id === null);
  const sessions: NumbersSession[] = sessionRows.map((s) => ({
    id: s.id,
    code: s.code,
    title: s.title,
    capacity: s.capacity,
  }));
  if (hasNone) sessions.push({ id: null, code: null, title: '', capacity: null });
  const column = new Map(sessions.map((s, i) => [s.id, i]));

  const status = sessions.map(() => ({ confirmed: 0, waitlisted: 0, cancelled: 0 }));
  const statusTotal = { confirmed: 0, waitlisted: 0, cancelled: 0 };
  for (const row of statusRows) {
    const i = column.get(row.session_id);
    const target = i === undefined ? undefined : status[i];
    const n = Number(row.n);
    if (!target || !(row.status in statusTotal)) continue;
    target[row.status] += n;
    statusTotal[row.status] += n;
  }

  const roles: RoleRow[] = roleRows.map((r) => ({
    code: r.code,
    label: r.label,
    counts: sessions.map(() => 0),
    total: 0,
  }));
  // "Other" is always a row: people may describe a role the event did not list.
  if (!roles.some((r) => r.code === OTHER_ROLE))
    roles.push({ code: OTHER_ROLE, label: null, counts: sessions.map(() => 0), total: 0 });
  const sessionTotals = sessions.map(() => 0);
  let confirmedTotal = 0;
  for (const row of matrixRows) {
    let role = roles.find((r) => r.code === row.role);
    if (!role) {
      // A role removed from the event after people chose it still counts.
      role = { code: row.role, label: null, counts: sessions.map(() => 0), total: 0 };
      roles.push(role);
    }
    const i = column.get(row.session_id);
    if (i === undefined) continue;
    const n = Number(row.n);
    role.counts[i] = (role.counts[i] ?? 0) + n;
    role.total += n;
    sessionTotals[i] = (sessionTotals[i] ?? 0) + n;
    confirmedTotal += n;
  }

  return {
    sessions,
    status,
    statusTotal,
    roles,
    sessionTotals,
    confirmedTotal,
    perDay: perDaySeries(
      hourRows.map((r) => ({ hour: r.hour, n: Number(r.n) })),
      {
        timeZone: event.time_zone,
        opensAt: event.registration_opens_at ? new Date(event.registration_opens_at) : null,
        closesAt: new Date(event.registration_closes_at),
        now,
      },
    ),
    timeZone: event.time_zone,
  };
}

/**
 * Registrations per calendar day in `timeZone` from hourly UTC buckets ("2030-10-01T09"),
 * with every day from the opening (or the first sign-up) to today or the deadline, whichever is
 * first (or the last sign-up, when later), present.
 */
export function perDaySeries(
  hours: { hour: string; n: number }[],
  options: { timeZone: string; opensAt: Date | null; closesAt: Date; now: Date },
): DayCount[] {
  const byDay = new Map<string, number>();
  for (const { hour, n } of hours) {
    const instant = new Date(`${hour}:00:00.000Z`);
    if (Number.isNaN(instant.getTime())) continue;
    const day = zonedDate(instant, options.timeZone);
    byDay.set(day, (byDay.get(day) ?? 0) + n);
  }
  const days = [...byDay.keys()].sort();
  const today = zonedDate(options.now, options.timeZone);
  const opening = options.opensAt ? zonedDate(options.opensAt, options.timeZone) : undefined;
  const first = [opening, days[0]].filter((d): d is string => !!d).sort()[0];
  if (!first || first > today) return [];
  // Up to today while registration runs, to the deadline after it, and never before the last
  // sign-up (organisers may add people by hand after the deadline).
  const closing = zonedDate(options.closesAt, options.timeZone);
  const until = [closing, today].sort()[0] ?? today;
  const lastSignUp = days[days.length - 1] ?? first;
  const last = [first, until, lastSignUp].sort()[2] ?? first;
  const series: DayCount[] = [];
  let cumulative = 0;
  for (let d = first; d <= last; d = nextDate(d)) {
    const count = byDay.get(d) ?? 0;
    cumulative += count;
    series.push({ date: d, count, cumulative });
  }
  if (series.length <= MAX_SERIES_DAYS) return series;
  return series.slice(series.length - MAX_SERIES_DAYS);
}

function nextDate(date: string): string {
  return addDays(new Date(`${date}T12:00:00Z`), 1)
    .toISOString()
    .slice(0, 10);
}
