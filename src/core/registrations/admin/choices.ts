// Checks an organiser's role and session choice against the event, for the back-office use cases.
import type { Db } from '../../../db/adapter.ts';
import type { FieldProblem } from '../../shared/result.ts';

export interface CheckedChoice {
  fields: Record<string, FieldProblem>;
  /** The role asks for a description ("other"). */
  asksText: boolean;
  /** The session's id, null for "only the shared programme". */
  sessionId: number | null;
}

/**
 * What is wrong with a role (and its description) and a session code (null: only the shared
 * programme) for this event; each is checked only when given.
 */
export async function checkChoice(
  db: Db,
  eventId: number,
  choice: { role?: string; roleOther?: string; session?: string | null },
): Promise<CheckedChoice> {
  const fields: Record<string, FieldProblem> = {};
  let asksText = false;
  if (choice.role !== undefined) {
    const role = await db
      .selectFrom('event_roles')
      .select('asks_text')
      .where('event_id', '=', eventId)
      .where('code', '=', choice.role)
      .executeTakeFirst();
    asksText = role?.asks_text === 1;
    if (!role) fields.role = 'unknown_role';
    else if (asksText && (choice.roleOther ?? '').trim() === '') fields.roleOther = 'role_other_required';
  }
  let sessionId: number | null = null;
  if (choice.session !== undefined) {
    if (choice.session === null) {
      const event = await db
        .selectFrom('events')
        .leftJoin('sessions', 'sessions.event_id', 'events.id')
        .select(['events.allow_no_session', (eb) => eb.fn.count<number | string>('sessions.id').as('sessions')])
        .where('events.id', '=', eventId)
        .groupBy('events.allow_no_session')
        .executeTakeFirst();
      if (event && Number(event.sessions) > 0 && event.allow_no_session !== 1)
        fields.session = 'no_session_not_allowed';
    } else {
      const session = await db
        .selectFrom('sessions')
        .select('id')
        .where('event_id', '=', eventId)
        .where('code', '=', choice.session)
        .executeTakeFirst();
      if (!session) fields.session = 'unknown_session';
      else sessionId = session.id;
    }
  }
  return { fields, asksText, sessionId };
}

/** A registration of the event, or undefined (also when it belongs to another event). */
export async function registrationOfEvent(trx: Db, eventId: number, registrationId: number) {
  return trx
    .selectFrom('registrations')
    .select(['id', 'event_id', 'session_id', 'status', 'waitlist_seq', 'email_norm', 'name'])
    .where('id', '=', registrationId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** True when another active registration of the event has this address. */
export async function emailTaken(trx: Db, eventId: number, emailNorm: string, exceptId?: number): Promise<boolean> {
  let query = trx
    .selectFrom('registrations')
    .select('id')
    .where('event_id', '=', eventId)
    .where('email_norm', '=', emailNorm)
    .where('status', '<>', 'cancelled');
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** A session's code by id, for audit rows that stay readable after ids change meaning. */
export async function sessionCode(trx: Db, sessionId: number | null): Promise<string | null> {
  if (sessionId === null) return null;
  const row = await trx.selectFrom('sessions').select('code').where('id', '=', sessionId).executeTakeFirst();
  return row?.code ?? null;
}
