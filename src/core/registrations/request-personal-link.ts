import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
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
    .select(['registrations.id', 'registrations.event_id'])
    .where('events.slug', '=', input.eventSlug)
    .where('registrations.email_norm', '=', normalizeEmail(input.email))
    .where('registrations.status', '<>', 'cancelled')
    .executeTakeFirst();
  if (!row) return;
  await deps.adapter.transaction(deps.db, async (trx) => {
    const link = await issueLink(trx, row.id, now);
    await deps.notifier.enqueue(trx, { kind: 'registration.link_requested', link }, now);
    await recordAudit(
      trx,
      {
        actor: 'anonymous',
        action: 'registration.link_sent',
        eventId: row.event_id,
        subjectType: 'registration',
        subjectId: row.id,
      },
      now,
    );
  });
}
