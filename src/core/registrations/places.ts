// Seat bookkeeping shared by the registration use cases. Every function here must run inside
// DbAdapter.capacityTransaction for the event, which serialises seat decisions per event; the
// counters on events and sessions are read and written only there, so a seat check costs the
// same whatever the number of registrations.
import type { Db } from '../../db/adapter.ts';
import { prepared } from '../../db/prepared.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Notifier } from '../shared/deps.ts';
import { issueLink } from './tokens.ts';

export interface Placement {
  status: 'confirmed' | 'waitlisted';
  waitlistSeq: number | null;
  /** 1-based position in the session's (or "none"'s) waiting list. */
  waitlistPosition: number | null;
}

// The statements of a sign-up, compiled once (src/db/prepared.ts): this is the hot path.
const readCounters = prepared((db, p: { eventId: number; sessionId: number | null }) =>
  db
    .selectFrom('events')
    // The session row is joined by id (none when sessionId is null), so one read serves both.
    .leftJoin('sessions', (join) => join.on('sessions.id', '=', p.sessionId))
    .select([
      'events.capacity as event_capacity',
      'events.seats_taken as event_seats_taken',
      'events.no_session_waitlist_length',
      'sessions.id as session_id',
      'sessions.capacity as session_capacity',
      'sessions.seats_taken as session_seats_taken',
      'sessions.waitlist_length',
    ])
    .where('events.id', '=', p.eventId),
);
const takeEventSeat = prepared((db, p: { eventId: number }) =>
  db
    .updateTable('events')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
    .where('id', '=', p.eventId),
);
const takeSessionSeat = prepared((db, p: { sessionId: number }) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', 1) }))
    .where('id', '=', p.sessionId),
);
/** Next waiting-list number of the event; also lengthens the "none" queue when `noSession` is 1. */
const nextWaitlistSeq = prepared((db, p: { eventId: number; noSession: number }) =>
  db
    .updateTable('events')
    .set((eb) => ({
      waitlist_seq: eb('waitlist_seq', '+', 1),
      no_session_waitlist_length: eb('no_session_waitlist_length', '+', p.noSession),
    }))
    .where('id', '=', p.eventId)
    .returning('waitlist_seq'),
);
const lengthenSessionQueue = prepared((db, p: { sessionId: number }) =>
  db
    .updateTable('sessions')
    .set((eb) => ({ waitlist_length: eb('waitlist_length', '+', 1) }))
    .where('id', '=', p.sessionId),
);

/** Takes a seat in the session and the event, or a place at the end of the waiting list. */
export async function takePlace(trx: Db, eventId: number, sessionId: number | null): Promise<Placement> {
  const row = await readCounters.executeTakeFirstOrThrow(trx, { eventId, sessionId });
  if (sessionId !== null && row.session_id === null) throw new Error(`session ${sessionId} does not exist`);
  const queueLength = sessionId === null ? row.no_session_waitlist_length : (row.waitlist_length ?? 0);
  const eventHasRoom = row.event_capacity === null || row.event_seats_taken < row.event_capacity;
  const sessionHasRoom =
    sessionId === null || row.session_capacity === null || (row.session_seats_taken ?? 0) < row.session_capacity;

  // Nobody overtakes a queue that is already there.
  if (eventHasRoom && sessionHasRoom && queueLength === 0) {
    await takeEventSeat.execute(trx, { eventId });
    if (sessionId !== null) await takeSessionSeat.execute(trx, { sessionId });
    return { status: 'confirmed', waitlistSeq: null, waitlistPosition: null };
  }

  const seq = await nextWaitlistSeq.executeTakeFirstOrThrow(trx, { eventId, noSession: sessionId === null ? 1 : 0 });
  if (sessionId !== null) await lengthenSessionQueue.execute(trx, { sessionId });
  return { status: 'waitlisted', waitlistSeq: seq.waitlist_seq, waitlistPosition: queueLength + 1 };
}

async function releaseSeat(trx: Db, eventId: number, sessionId: number | null) {
  await trx
    .updateTable('events')
    .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
    .where('id', '=', eventId)
    .execute();
  if (sessionId !== null) {
    await trx
      .updateTable('sessions')
      .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
      .where('id', '=', sessionId)
      .execute();
  }
}

async function growQueue(trx: Db, eventId: number, sessionId: number | null, delta: 1 | -1) {
  if (sessionId === null) {
    await trx
      .updateTable('events')
      .set((eb) => ({ no_session_waitlist_length: eb('no_session_waitlist_length', '+', delta) }))
      .where('id', '=', eventId)
      .execute();
  } else {
    await trx
      .updateTable('sessions')
      .set((eb) => ({ waitlist_length: eb('waitlist_length', '+', delta) }))
      .where('id', '=', sessionId)
      .execute();
  }
}

/**
 * Gives back what a registration holds: its seats, or its place in a waiting list (and the
 * seat held for it, when it has an open offer).
 */
export async function releasePlace(
  trx: Db,
  registration: { id: number; event_id: number; session_id: number | null; status: string },
): Promise<void> {
  if (registration.status === 'waitlisted') {
    const offer = await trx
      .selectFrom('registrations')
      .select('offer_expires_at')
      .where('id', '=', registration.id)
      .executeTakeFirst();
    if (offer?.offer_expires_at) {
      await releaseSeat(trx, registration.event_id, registration.session_id);
      await trx
        .updateTable('registrations')
        .set({ offer_expires_at: null })
        .where('id', '=', registration.id)
        .execute();
    }
  }
  if (registration.status === 'confirmed') {
    await trx
      .updateTable('events')
      .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
      .where('id', '=', registration.event_id)
      .execute();
    if (registration.session_id !== null) {
      await trx
        .updateTable('sessions')
        .set((eb) => ({ seats_taken: eb('seats_taken', '-', 1) }))
        .where('id', '=', registration.session_id)
        .execute();
    }
  } else if (registration.status === 'waitlisted') {
    await growQueue(trx, registration.event_id, registration.session_id, -1);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How a freed seat reaches the waiting list at `now`: automatically until `auto_promote_days`
 * before the start; then as an offer the next person must accept within `offer_hours` (close to
 * the day many cannot come at short notice, and a seat must not sit with someone who does not
 * answer); from the start on not at all (freed seats go to waitlisted people at the door).
 */
export function promotionMode(
  event: { starts_at: string; auto_promote_days: number },
  now: Date,
): 'promote' | 'offer' | 'none' {
  const start = Date.parse(event.starts_at);
  if (now.getTime() >= start) return 'none';
  if (now.getTime() >= start - event.auto_promote_days * DAY_MS) return 'offer';
  return 'promote';
}

/**
 * Gives freed seats to waitlisted people, earliest first, while their session and the event have
 * seats: confirms them (and tells each by e-mail), or close to the day offers the seat (holding
 * it for them until the offer expires). Returns the ids promoted or offered a seat.
 */
export async function promoteWaitlisted(
  trx: Db,
  notifier: Notifier,
  eventId: number,
  actor: string,
  now: Date,
): Promise<number[]> {
  const promoted: number[] = [];
  for (;;) {
    const event = await trx
      .selectFrom('events')
      .select(['capacity', 'seats_taken', 'starts_at', 'auto_promote_days', 'offer_hours'])
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    const mode = promotionMode(event, now);
    if (mode === 'none') break;
    if (event.capacity !== null && event.seats_taken >= event.capacity) break;
    const next = await trx
      .selectFrom('registrations')
      .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select(['registrations.id', 'registrations.session_id'])
      .where('registrations.event_id', '=', eventId)
      .where('registrations.status', '=', 'waitlisted')
      // Someone with an open offer already holds a seat.
      .where('registrations.offer_expires_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('registrations.session_id', 'is', null),
          eb('sessions.capacity', 'is', null),
          eb('sessions.seats_taken', '<', eb.ref('sessions.capacity')),
        ]),
      )
      .orderBy('registrations.waitlist_seq')
      .limit(1)
      .executeTakeFirst();
    if (!next) break;
    await takeSeatRegardless(trx, eventId, next.session_id);
    if (mode === 'offer') {
      const expiresAt = new Date(now.getTime() + event.offer_hours * 60 * 60 * 1000);
      await trx
        .updateTable('registrations')
        .set({ offer_expires_at: expiresAt.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', next.id)
        .execute();
      await recordAudit(
        trx,
        {
          actor,
          action: 'registration.offered',
          eventId,
          subjectType: 'registration',
          subjectId: next.id,
          data: { expiresAt: expiresAt.toISOString() },
        },
        now,
      );
      await notifier.enqueue(
        trx,
        { kind: 'registration.offered', link: await issueLink(trx, next.id, now), expiresAt },
        now,
      );
    } else {
      await growQueue(trx, eventId, next.session_id, -1);
      await trx
        .updateTable('registrations')
        .set({ status: 'confirmed', waitlist_seq: null, updated_at: now.toISOString() })
        .where('id', '=', next.id)
        .execute();
      await recordAudit(
        trx,
        { actor, action: 'registration.promoted', eventId, subjectType: 'registration', subjectId: next.id },
        now,
      );
      await notifier.enqueue(trx, { kind: 'registration.promoted', link: await issueLink(trx, next.id, now) }, now);
    }
    promoted.push(next.id);
  }
  return promoted;
}

/**
 * Turns an open offer into a confirmed seat (the seat is already held). Returns false when the
 * registration has no open offer at `now`.
 */
export async function acceptOfferedSeat(
  trx: Db,
  registration: { id: number; event_id: number; session_id: number | null },
  now: Date,
): Promise<boolean> {
  const taken = await trx
    .updateTable('registrations')
    .set({ status: 'confirmed', waitlist_seq: null, offer_expires_at: null, updated_at: now.toISOString() })
    .where('id', '=', registration.id)
    .where('status', '=', 'waitlisted')
    .where('offer_expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return false;
  await growQueue(trx, registration.event_id, registration.session_id, -1);
  return true;
}

/** 1-based position of a waitlisted registration in its own queue. */
export async function waitlistPosition(
  db: Db,
  registration: { event_id: number; session_id: number | null; waitlist_seq: number | null },
): Promise<number | null> {
  if (registration.waitlist_seq === null) return null;
  let query = db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('ahead'))
    .where('event_id', '=', registration.event_id)
    .where('status', '=', 'waitlisted')
    .where('waitlist_seq', '<', registration.waitlist_seq);
  query =
    registration.session_id === null
      ? query.where('session_id', 'is', null)
      : query.where('session_id', '=', registration.session_id);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.ahead) + 1;
}

/** True when the session (or the shared programme only, when null) and the event have a free seat, queue or not. */
export async function seatFree(trx: Db, eventId: number, sessionId: number | null): Promise<boolean> {
  const row = await readCounters.executeTakeFirstOrThrow(trx, { eventId, sessionId });
  const eventHasRoom = row.event_capacity === null || row.event_seats_taken < row.event_capacity;
  const sessionHasRoom =
    sessionId === null || row.session_capacity === null || (row.session_seats_taken ?? 0) < row.session_capacity;
  return eventHasRoom && sessionHasRoom;
}

/**
 * Takes a seat in the session and the event without looking at capacity or queue: an organiser's
 * explicit decision (over capacity, or past the people waiting).
 */
export async function takeSeatRegardless(trx: Db, eventId: number, sessionId: number | null): Promise<void> {
  await takeEventSeat.execute(trx, { eventId });
  if (sessionId !== null) await takeSessionSeat.execute(trx, { sessionId });
}
