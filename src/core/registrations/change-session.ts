import { registrationWindow } from '../events/types.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { MailThread } from '../shared/notifications.ts';
import { fail, type Result } from '../shared/result.ts';
import { promoteWaitlisted, releasePlace, takePlace } from './places.ts';
import { issueLink } from './tokens.ts';

export interface ChangeSessionInput {
  registrationId: number;
  /** A session code, or null for "only the shared programme". */
  session: string | null;
  /**
   * When the new session is full: true puts the person on its waiting list and gives up the
   * seat they hold; false refuses with session_full and changes nothing.
   */
  acceptWaitlist: boolean;
  actor: string;
  /** The change came by e-mail: the confirmation answers in its thread. */
  thread?: MailThread;
}

/** Moves a registration to another parallel session while registration is open. */
export async function changeSession(
  deps: Deps,
  input: ChangeSessionInput,
  now: Date,
): Promise<Result<{ status: 'confirmed' | 'waitlisted' | 'unchanged'; waitlistPosition: number | null }>> {
  const current = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select([
      'registrations.event_id',
      'events.allow_no_session',
      'events.registration_opens_at',
      'events.registration_closes_at',
      'events.cancelled_at',
    ])
    .where('registrations.id', '=', input.registrationId)
    .executeTakeFirst();
  if (!current) return fail('not_found');
  const window = registrationWindow(
    {
      registrationOpensAt: current.registration_opens_at ? new Date(current.registration_opens_at) : null,
      registrationClosesAt: new Date(current.registration_closes_at),
      cancelledAt: current.cancelled_at ? new Date(current.cancelled_at) : null,
    },
    now,
  );
  if (window !== 'open') return fail('change_closed');
  let targetId: number | null = null;
  if (input.session === null) {
    if (current.allow_no_session !== 1) return fail('invalid', { session: 'no_session_not_allowed' });
  } else {
    const session = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('event_id', '=', current.event_id)
      .where('code', '=', input.session)
      .executeTakeFirst();
    if (!session) return fail('invalid', { session: 'unknown_session' });
    targetId = session.id;
  }

  return deps.adapter
    .capacityTransaction(deps.db, current.event_id, async (trx) => {
      const registration = await trx
        .selectFrom('registrations')
        .select(['id', 'event_id', 'session_id', 'status'])
        .where('id', '=', input.registrationId)
        .executeTakeFirstOrThrow();
      if (registration.status === 'cancelled') return fail('already_cancelled');
      if (registration.session_id === targetId)
        return { ok: true as const, status: 'unchanged' as const, waitlistPosition: null };

      // Give back what is held, then queue up like anyone else for the new session. A confirmed
      // person whose new session has a seat keeps a seat; into a full one only when they agreed.
      await releasePlace(trx, registration);
      const placement = await takePlace(trx, registration.event_id, targetId);
      if (placement.status === 'waitlisted' && registration.status === 'confirmed' && !input.acceptWaitlist) {
        throw new SessionFull();
      }
      await trx
        .updateTable('registrations')
        .set({
          session_id: targetId,
          status: placement.status,
          waitlist_seq: placement.waitlistSeq,
          updated_at: now.toISOString(),
        })
        .where('id', '=', registration.id)
        .execute();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'registration.session_changed',
          eventId: registration.event_id,
          subjectType: 'registration',
          subjectId: registration.id,
          data: { from: registration.session_id, to: targetId, status: placement.status },
        },
        now,
      );
      await deps.notifier.enqueue(
        trx,
        {
          kind: 'registration.changed',
          link: await issueLink(trx, registration.id, now),
          ...(input.thread ? { thread: input.thread } : {}),
        },
        now,
      );
      await promoteWaitlisted(trx, deps.notifier, registration.event_id, 'system', now);
      return { ok: true as const, status: placement.status, waitlistPosition: placement.waitlistPosition };
    })
    .catch((error: unknown) => {
      // Thrown only to roll the transaction back; it is an expected outcome, not a bug.
      if (error instanceof SessionFull) return fail('session_full');
      throw error;
    });
}

class SessionFull extends Error {}
