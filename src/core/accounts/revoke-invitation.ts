import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { canManageMembers, eventPermission } from './event-access.ts';
import { type AdminUser, actorOf } from './types.ts';

/**
 * Withdraws an open invitation so that its link stops working: an organisation's owners for
 * invitations to the organisation, an event's organisers for invitations to the event.
 * `scope` names where the request came from; an invitation outside it is `not_found`.
 */
export async function revokeInvitation(
  deps: DbDeps,
  input: { by: AdminUser; invitationId: number; scope: { kind: 'organization' } | { kind: 'event'; eventId: number } },
  now: Date,
): Promise<Result<{ organizationId: number | null; eventId: number | null }>> {
  const invitation = await deps.db
    .selectFrom('invitations')
    .select(['id', 'organization_id', 'event_id', 'email', 'role', 'accepted_at', 'revoked_at'])
    .where('id', '=', input.invitationId)
    .executeTakeFirst();
  if (!invitation) return fail('not_found');
  if (input.scope.kind === 'organization') {
    const orgId = invitation.organization_id;
    if (orgId === null || !input.by.memberships.some((m) => m.organizationId === orgId)) return fail('not_found');
    if (!canManageMembers(input.by, orgId)) return fail('forbidden');
  } else {
    if (invitation.event_id !== input.scope.eventId) return fail('not_found');
    if ((await eventPermission(deps.db, input.by, input.scope.eventId)) !== 'organiser') return fail('forbidden');
  }
  // Already used or withdrawn: nothing left to revoke.
  if (invitation.accepted_at || invitation.revoked_at) return fail('conflict');
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    const updated = await trx
      .updateTable('invitations')
      .set({ revoked_at: at })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return fail('conflict');
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: 'invitation.revoked',
        eventId: invitation.event_id,
        subjectType: 'invitation',
        subjectId: invitation.id,
        data: { email: invitation.email, role: invitation.role, organizationId: invitation.organization_id },
      },
      now,
    );
    return { ok: true as const, organizationId: invitation.organization_id, eventId: invitation.event_id };
  });
}
