import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { eventPermission } from './event-access.ts';
import { type AdminUser, actorOf, type EventAccessRole } from './types.ts';

/**
 * Gives every member of another organisation (named by its slug) access to one event as
 * organiser or facilitator (the event's organisers only). Granting again changes the role.
 */
export async function grantEventAccess(
  deps: DbDeps,
  input: { by: AdminUser; eventId: number; organizationSlug: string; role: EventAccessRole },
  now: Date,
): Promise<Result<{ grantId: number; organizationId: number }>> {
  if ((await eventPermission(deps.db, input.by, input.eventId)) !== 'organiser') return fail('forbidden');
  const [event, org] = await Promise.all([
    deps.db.selectFrom('events').select(['id', 'organization_id']).where('id', '=', input.eventId).executeTakeFirst(),
    deps.db
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('slug', '=', input.organizationSlug.trim())
      .executeTakeFirst(),
  ]);
  if (!event) return fail('not_found');
  if (!org) return fail('invalid', { organization: 'unknown_organization' });
  // The owning organisation's members have access through their membership already.
  if (org.id === event.organization_id) return fail('invalid', { organization: 'own_organization' });
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    const existing = await trx
      .selectFrom('event_access')
      .select(['id', 'role'])
      .where('event_id', '=', event.id)
      .where('organization_id', '=', org.id)
      .executeTakeFirst();
    let grantId: number;
    if (existing) {
      await trx.updateTable('event_access').set({ role: input.role }).where('id', '=', existing.id).execute();
      grantId = existing.id;
    } else {
      const row = await trx
        .insertInto('event_access')
        .values({ event_id: event.id, organization_id: org.id, user_id: null, role: input.role, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      grantId = row.id;
    }
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: existing ? 'event_access.changed' : 'event_access.granted',
        eventId: event.id,
        subjectType: 'event_access',
        subjectId: grantId,
        data: {
          organizationId: org.id,
          organization: input.organizationSlug,
          role: input.role,
          ...(existing ? { from: existing.role } : {}),
        },
      },
      now,
    );
    return { ok: true as const, grantId, organizationId: org.id };
  });
}
