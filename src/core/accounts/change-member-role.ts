import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { canManageMembers } from './event-access.ts';
import { isLastOwner } from './owners.ts';
import { type AdminUser, actorOf, type MemberRole } from './types.ts';

/**
 * Gives a member another role (owners only). An organisation never loses its last owner:
 * demoting them fails with `conflict`.
 */
export async function changeMemberRole(
  deps: DbDeps,
  input: { by: AdminUser; membershipId: number; role: MemberRole },
  now: Date,
): Promise<Result<{ organizationId: number; changed: boolean }>> {
  const membership = await deps.db
    .selectFrom('memberships')
    .select(['id', 'organization_id', 'user_id', 'role'])
    .where('id', '=', input.membershipId)
    .executeTakeFirst();
  // Someone outside the organisation learns nothing about its memberships.
  if (!membership || !input.by.memberships.some((m) => m.organizationId === membership.organization_id))
    return fail('not_found');
  if (!canManageMembers(input.by, membership.organization_id)) return fail('forbidden');
  if (membership.role === input.role) return { ok: true, organizationId: membership.organization_id, changed: false };
  return deps.adapter.transaction(deps.db, async (trx) => {
    if (membership.role === 'owner' && (await isLastOwner(trx, membership.organization_id, membership.id)))
      return fail('conflict');
    const updated = await trx
      .updateTable('memberships')
      .set({ role: input.role })
      .where('id', '=', membership.id)
      .where('role', '=', membership.role)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return fail('conflict');
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: 'membership.role_changed',
        eventId: null,
        subjectType: 'membership',
        subjectId: membership.id,
        data: {
          organizationId: membership.organization_id,
          userId: membership.user_id,
          from: membership.role,
          to: input.role,
        },
      },
      now,
    );
    return { ok: true as const, organizationId: membership.organization_id, changed: true };
  });
}
