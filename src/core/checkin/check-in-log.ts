// Shared pieces of the check-in use cases: the op log (table checkins, one row per op_id made by
// the phone, so an op sent twice is applied once), the person as the door sees them, and the
// clock of the door.
import type { Db } from '../../db/adapter.ts';
import type { CheckinAction, CheckinOutcome } from '../../db/schema.ts';
import type { AdminRegistrationRow } from '../registrations/admin/registration-query.ts';
import { waitlistPosition } from '../registrations/places.ts';
import { ticketCode } from '../registrations/ticket-code.ts';

/** One person on the door's list. */
export interface CheckInPerson {
  id: number;
  name: string;
  organization: string;
  email: string | null;
  role: string;
  roleOther: string;
  /** Session code; null for "only the shared programme". */
  session: string | null;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition: number | null;
  ticketCode: string;
  checkedInAt: Date | null;
}

export function toCheckInPerson(ticketKey: string, eventId: number, row: AdminRegistrationRow): CheckInPerson {
  return {
    id: row.id,
    name: row.name,
    organization: row.organization,
    email: row.email,
    role: row.role,
    roleOther: row.roleOther,
    session: row.sessionCode,
    status: row.status,
    waitlistPosition: row.waitlistPosition,
    ticketCode: ticketCode(ticketKey, eventId, row.id),
    checkedInAt: row.checkedInAt,
  };
}

/** An op id as phones make them (a UUID) or the pages do; anything else is refused at the edge. */
export const OP_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

/**
 * When a check-in happened: the phone's clock when it is plausible (queued offline up to a day
 * ago, at most five minutes ahead of the server), else the server's.
 */
export function doorTime(at: Date | null, now: Date): Date {
  if (!at || Number.isNaN(at.getTime())) return now;
  const ms = at.getTime();
  if (ms > now.getTime() + 5 * 60_000 || ms < now.getTime() - 24 * 3600_000) return now;
  return at;
}

/**
 * Claims an op id for this op. Returns the new log row's id, or null when the op was seen before
 * (then nothing is to be done again). On PostgreSQL a concurrent insert of the same op id waits
 * for the first transaction and then does nothing.
 */
export async function claimOp(
  trx: Db,
  op: {
    opId: string;
    eventId: number;
    registrationId: number;
    action: CheckinAction;
    at: Date;
    userId: number | null;
  },
  now: Date,
): Promise<number | null> {
  const row = await trx
    .insertInto('checkins')
    .values({
      op_id: op.opId,
      event_id: op.eventId,
      registration_id: op.registrationId,
      action: op.action,
      at: op.at.toISOString(),
      received_at: now.toISOString(),
      user_id: op.userId,
      // Set to the real outcome before the transaction ends.
      outcome: 'refused',
    })
    .onConflict((oc) => oc.column('op_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function setOutcome(trx: Db, logId: number, outcome: CheckinOutcome): Promise<void> {
  await trx.updateTable('checkins').set({ outcome }).where('id', '=', logId).execute();
}

/** What was recorded for an op id seen before, with the registration it concerned. */
export async function previousOp(trx: Db, opId: string) {
  return trx
    .selectFrom('checkins')
    .select(['registration_id', 'event_id', 'action', 'outcome'])
    .where('op_id', '=', opId)
    .executeTakeFirst();
}

/** The registration of the event as a check-in sees it, or undefined. */
export async function registrationForCheckIn(trx: Db, eventId: number, registrationId: number) {
  return trx
    .selectFrom('registrations')
    .select(['id', 'event_id', 'session_id', 'status', 'waitlist_seq', 'email_norm', 'name', 'checked_in_at'])
    .where('id', '=', registrationId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** One person of the event as the door sees them, or undefined. */
export async function getCheckInPerson(
  db: Db,
  input: { eventId: number; ticketKey: string; registrationId: number },
): Promise<CheckInPerson | undefined> {
  const row = await db
    .selectFrom('registrations')
    .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select([
      'registrations.id',
      'registrations.event_id',
      'registrations.session_id',
      'registrations.waitlist_seq',
      'registrations.name',
      'registrations.organization',
      'registrations.email',
      'registrations.role',
      'registrations.role_other',
      'registrations.status',
      'registrations.checked_in_at',
      'sessions.code as session_code',
    ])
    .where('registrations.id', '=', input.registrationId)
    .where('registrations.event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    organization: row.organization,
    email: row.email,
    role: row.role,
    roleOther: row.role_other,
    session: row.session_code ?? null,
    status: row.status,
    waitlistPosition: row.status === 'waitlisted' ? await waitlistPosition(db, row) : null,
    ticketCode: ticketCode(input.ticketKey, input.eventId, row.id),
    checkedInAt: row.checked_in_at ? new Date(row.checked_in_at) : null,
  };
}
