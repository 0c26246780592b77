import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { canManageMembers, eventPermission } from './event-access.ts';
import type { AccountNotifier } from './notifications.ts';
import { newToken, normalizeAccountEmail, tokenHash } from './secrets.ts';
import { type AdminUser, actorOf, type MemberRole } from './types.ts';

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export type InvitationScope = { kind: 'organization'; organizationId: number } | { kind: 'event'; eventId: number };

/**
 * Invites someone by e-mail to an organisation (owners only) or to one event as organiser or
 * facilitator (the event's organisers). Sends a link that expires after 14 days.
 */
export async function invitePerson(
  deps: DbDeps & { accountNotifier: AccountNotifier },
  input: { by: AdminUser; email: string; role: MemberRole; scope: InvitationScope },
  now: Date,
): Promise<Result<{ invitationId: number }>> {
  let scopeName: string;
  let eventId: number | null = null;
  let organizationId: number | null = null;
  if (input.scope.kind === 'organization') {
    const scope = input.scope;
    if (!canManageMembers(input.by, scope.organizationId)) return fail('forbidden');
    const org = await deps.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', scope.organizationId)
      .executeTakeFirst();
    if (!org) return fail('not_found');
    scopeName = org.name;
    organizationId = scope.organizationId;
  } else {
    if ((await eventPermission(deps.db, input.by, input.scope.eventId)) !== 'organiser') return fail('forbidden');
    if (input.role === 'owner') return fail('invalid', { role: 'invalid_value' });
    const event = await deps.db
      .selectFrom('events')
      .select('title')
      .where('id', '=', input.scope.eventId)
      .executeTakeFirstOrThrow();
    scopeName = event.title;
    eventId = input.scope.eventId;
  }
  const emailNorm = normalizeAccountEmail(input.email);
  if (organizationId !== null) {
    const member = await deps.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.id')
      .where('memberships.organization_id', '=', organizationId)
      .where('users.email_norm', '=', emailNorm)
      .executeTakeFirst();
    if (member) return fail('invalid', { email: 'already_member' });
  }
  const token = newToken();
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('invitations')
      .values({
        token_hash: tokenHash(token),
        email: input.email.trim(),
        email_norm: emailNorm,
        organization_id: organizationId,
        event_id: eventId,
        role: input.role,
        invited_by: input.by.id,
        created_at: at,
        expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deps.accountNotifier.enqueue(
      trx,
      {
        kind: 'account.invited',
        to: input.email.trim(),
        lang: input.by.lang,
        token,
        invitedBy: input.by.name,
        scope: { kind: input.scope.kind, name: scopeName },
        role: input.role,
      },
      now,
    );
    await recordAudit(
      trx,
      {
        actor: actorOf(input.by),
        action: 'invitation.created',
        eventId,
        subjectType: 'invitation',
        subjectId: row.id,
        data: { email: input.email.trim(), role: input.role, organizationId },
      },
      now,
    );
    return { ok: true as const, invitationId: row.id };
  });
}
