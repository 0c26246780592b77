import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { MailThread } from '../shared/notifications.ts';
import { fail, type Result } from '../shared/result.ts';
import { issueLink } from './tokens.ts';

export interface DetailsInput {
  registrationId: number;
  name: string;
  organization: string;
  role: string;
  roleOther: string;
  needs: string;
  needsConsent: boolean;
  publicListing: boolean;
  actor: string;
  /** Send the person the changed registration (with a fresh link); in the thread of a mail. */
  confirm?: { thread?: MailThread };
}

/** Edits a registrant's own details (not the session: see changeSession) until the event starts. */
export async function updateDetails(deps: Deps, input: DetailsInput, now: Date): Promise<Result<object>> {
  const current = await deps.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.event_id', 'registrations.status', 'events.starts_at'])
    .where('registrations.id', '=', input.registrationId)
    .executeTakeFirst();
  if (!current) return fail('not_found');
  if (current.status === 'cancelled') return fail('already_cancelled');
  if (now.toISOString() > current.starts_at) return fail('change_closed');
  const role = await deps.db
    .selectFrom('event_roles')
    .select('asks_text')
    .where('event_id', '=', current.event_id)
    .where('code', '=', input.role)
    .executeTakeFirst();
  if (!role) return fail('invalid', { role: 'unknown_role' });
  if (role.asks_text === 1 && input.roleOther.trim() === '')
    return fail('invalid', { roleOther: 'role_other_required' });

  const at = now.toISOString();
  await deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .updateTable('registrations')
      .set({
        name: input.name,
        organization: input.organization,
        role: input.role,
        role_other: role.asks_text === 1 ? input.roleOther : '',
        needs: input.needsConsent ? input.needs : '',
        needs_consent_at: input.needsConsent && input.needs ? at : null,
        public_listing: input.publicListing ? 1 : 0,
        updated_at: at,
      })
      .where('id', '=', input.registrationId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.details_changed',
        eventId: current.event_id,
        subjectType: 'registration',
        subjectId: input.registrationId,
      },
      now,
    );
    if (input.confirm) {
      await deps.notifier.enqueue(
        trx,
        {
          kind: 'registration.changed',
          link: await issueLink(trx, input.registrationId, now),
          ...(input.confirm.thread ? { thread: input.confirm.thread } : {}),
        },
        now,
      );
    }
  });
  return { ok: true };
}
