// The organiser's dashboard: the events a user can open, with their seat counters. Seats come
// from the counters kept on events and sessions, never from counting registrations, so the page
// costs the same with 10 or 100,000 sign-ups.

import type { Db } from '../../db/adapter.ts';
import type { EventPermission } from '../accounts/types.ts';
import { zonedDate } from '../shared/time.ts';
import { type RegistrationWindow, registrationWindow } from './types.ts';

export interface AdminSessionSeats {
  code: string;
  title: string;
  capacity: number | null;
  seatsTaken: number;
  waitlistLength: number;
}

export interface AdminEventSummary {
  id: number;
  slug: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  published: boolean;
  permission: EventPermission;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
  window: RegistrationWindow;
  /** Calendar days (in the event's zone) from today to the deadline: 0 today, 1 tomorrow. */
  daysToDeadline: number;
  capacity: number | null;
  seatsTaken: number;
  allowNoSession: boolean;
  sessions: AdminSessionSeats[];
  /** Confirmed for only the shared programme: event seats not held by any session. */
  noSessionSeatsTaken: number;
  noSessionWaitlistLength: number;
}

/** Whole calendar days between two instants' dates in a zone (b − a). */
export function calendarDaysBetween(a: Date, b: Date, timeZone: string): number {
  const day = (d: Date) => Date.parse(`${zonedDate(d, timeZone)}T00:00:00Z`);
  return Math.round((day(b) - day(a)) / 86_400_000);
}

/**
 * The events in `access` (from accessibleEvents) with seats per session, split into upcoming
 * (soonest first) and past (most recent first) at `now`.
 */
export async function listAdminEvents(
  db: Db,
  access: Map<number, EventPermission>,
  now: Date,
): Promise<{ upcoming: AdminEventSummary[]; past: AdminEventSummary[] }> {
  const ids = [...access.keys()];
  if (ids.length === 0) return { upcoming: [], past: [] };
  const [rows, sessionRows] = await Promise.all([
    db
      .selectFrom('events')
      .select([
        'id',
        'slug',
        'title',
        'starts_at',
        'ends_at',
        'time_zone',
        'published',
        'registration_opens_at',
        'registration_closes_at',
        'capacity',
        'seats_taken',
        'allow_no_session',
        'no_session_waitlist_length',
      ])
      .where('id', 'in', ids)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('sessions')
      .select(['event_id', 'code', 'title', 'capacity', 'seats_taken', 'waitlist_length'])
      .where('event_id', 'in', ids)
      .orderBy('event_id')
      .orderBy('position')
      .execute(),
  ]);
  const events = rows.map((r): AdminEventSummary => {
    const sessions = sessionRows
      .filter((s) => s.event_id === r.id)
      .map((s) => ({
        code: s.code,
        title: s.title,
        capacity: s.capacity,
        seatsTaken: s.seats_taken,
        waitlistLength: s.waitlist_length,
      }));
    const opensAt = r.registration_opens_at ? new Date(r.registration_opens_at) : null;
    const closesAt = new Date(r.registration_closes_at);
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      timeZone: r.time_zone,
      published: r.published === 1,
      permission: access.get(r.id) ?? 'facilitator',
      registrationOpensAt: opensAt,
      registrationClosesAt: closesAt,
      window: registrationWindow({ registrationOpensAt: opensAt, registrationClosesAt: closesAt }, now),
      daysToDeadline: calendarDaysBetween(now, closesAt, r.time_zone),
      capacity: r.capacity,
      seatsTaken: r.seats_taken,
      allowNoSession: r.allow_no_session === 1,
      sessions,
      noSessionSeatsTaken: Math.max(0, r.seats_taken - sessions.reduce((sum, s) => sum + s.seatsTaken, 0)),
      noSessionWaitlistLength: r.no_session_waitlist_length,
    };
  });
  return {
    upcoming: events.filter((e) => e.endsAt >= now),
    past: events.filter((e) => e.endsAt < now).reverse(),
  };
}
