import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { eventPermission } from './event-access.ts';
import { type AdminUser, actorOf } from './types.ts';

/** Takes back an event-level grant (an organisation's or one person's); the event's organisers only. */
export async function revokeEventAccess(
  deps: DbDeps,
  input: { by: AdminUser; eventId: number; grantId: number },
  now: Date,
): Promise<Result<{ grantId: number }>> {
  if ((await eventPermission(deps.db, input.by, input.eventId)) !== 'organiser') return fail('forbidden');
  const grant = await deps.db
    .selectFrom('event_access')
    .select(['id', 'organization_id', 'user_id', 'role'])
    .where('id', '=', input.grantId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!grant) return fail('not_found');
  return deps.adapter.transaction(deps.db, async (trx) => {
    const deleted = await trx.deleteFrom('event_access').where('id', '=', grant.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return fail('not_found');
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: 'event_access.revoked',
        eventId: input.eventId,
        subjectType: 'event_access',
        subjectId: grant.id,
        data: { organizationId: grant.organization_id, userId: grant.user_id, role: grant.role },
      },
      now,
    );
    return { ok: true as const, grantId: grant.id };
  });
}
