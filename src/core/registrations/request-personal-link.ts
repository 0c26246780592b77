import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { MailThread } from '../shared/notifications.ts';
import { normalizeEmail } from './register-participants.ts';
import { issueLink } from './tokens.ts';

/**
 * E-mails a fresh personal link to an address registered for the event. Returns nothing either
 * way, so that the caller cannot tell whether the address was registered.
 */
export async function requestPersonalLink(
  deps: Deps,
  input: { eventSlug: string; email: string },
  now: Date,
): Promise<void> {
  const row = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.id'])
    .where('events.slug', '=', input.eventSlug)
    .where('registrations.email_norm', '=', normalizeEmail(input.email))
    .where('registrations.status', '<>', 'cancelled')
    .executeTakeFirst();
  if (!row) return;
  await requestPersonalLinkFor(deps, row.id, { actor: 'anonymous' }, now);
}

/** E-mails a fresh personal link for one registration (in the thread of a mail, when one asked). */
export async function requestPersonalLinkFor(
  deps: Deps,
  registrationId: number,
  options: { actor: string; thread?: MailThread },
  now: Date,
): Promise<void> {
  await deps.adapter.transaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('registrations')
      .select(['id', 'event_id'])
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow();
    const link = await issueLink(trx, row.id, now);
    await deps.notifier.enqueue(
      trx,
      { kind: 'registration.link_requested', link, ...(options.thread ? { thread: options.thread } : {}) },
      now,
    );
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: 'registration.link_sent',
        eventId: row.event_id,
        subjectType: 'registration',
        subjectId: row.id,
      },
      now,
    );
  });
}
