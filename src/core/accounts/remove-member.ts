import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { canManageMembers } from './event-access.ts';
import { isLastOwner } from './owners.ts';
import { type AdminUser, actorOf } from './types.ts';

/**
 * Removes a member from an organisation (owners only; owners may also remove themselves).
 * The last owner cannot be removed: that fails with `conflict`.
 */
export async function removeMember(
  deps: DbDeps,
  input: { by: AdminUser; membershipId: number },
  now: Date,
): Promise<Result<{ organizationId: number }>> {
  const membership = await deps.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.organization_id', 'memberships.user_id', 'memberships.role', 'users.email'])
    .where('memberships.id', '=', input.membershipId)
    .executeTakeFirst();
  if (!membership || !input.by.memberships.some((m) => m.organizationId === membership.organization_id))
    return fail('not_found');
  if (!canManageMembers(input.by, membership.organization_id)) return fail('forbidden');
  return deps.adapter.transaction(deps.db, async (trx) => {
    if (membership.role === 'owner' && (await isLastOwner(trx, membership.organization_id, membership.id)))
      return fail('conflict');
    // The role read before the transaction must still hold (a colleague may have changed it).
    const deleted = await trx
      .deleteFrom('memberships')
      .where('id', '=', membership.id)
      .where('role', '=', membership.role)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return fail('conflict');
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: 'membership.removed',
        eventId: null,
        subjectType: 'membership',
        subjectId: membership.id,
        data: {
          organizationId: membership.organization_id,
          userId: membership.user_id,
          email: membership.email,
          role: membership.role,
        },
      },
      now,
    );
    return { ok: true as const, organizationId: membership.organization_id };
  });
}
