import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';
import { startAdminSession } from './admin-sessions.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { looksLikeToken, tokenHash } from './secrets.ts';
import type { AdminUser, MemberRole } from './types.ts';

export interface InvitationView {
  id: number;
  email: string;
  role: MemberRole;
  scopeKind: 'organization' | 'event';
  scopeName: string;
  invitedBy: string;
  /** True when the address already has an account: they log in instead of choosing a password. */
  hasAccount: boolean;
}

/** An open invitation by its token, for the acceptance page; null when used, revoked or expired. */
export async function findInvitation(db: Db, token: string, now: Date): Promise<InvitationView | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db
    .selectFrom('invitations')
    .leftJoin('organizations', 'organizations.id', 'invitations.organization_id')
    .leftJoin('events', 'events.id', 'invitations.event_id')
    .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.email_norm',
      'invitations.role',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'invitations.event_id',
      'organizations.name as orgName',
      'events.title as eventTitle',
      'inviter.name as inviterName',
    ])
    .where('invitations.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.accepted_at || row.revoked_at || row.expires_at <= now.toISOString()) return null;
  const account = await db.selectFrom('users').select('id').where('email_norm', '=', row.email_norm).executeTakeFirst();
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    scopeKind: row.event_id ? 'event' : 'organization',
    scopeName: (row.event_id ? row.eventTitle : row.orgName) ?? '',
    invitedBy: row.inviterName ?? '',
    hasAccount: !!account,
  };
}

/**
 * Accepts an invitation: a new person chooses a name and password (and is logged in); a person
 * with an account must be logged in as the invited address. Single use.
 */
export async function acceptInvitation(
  deps: DbDeps,
  input: { token: string; user: AdminUser | null; name?: string; password?: string },
  now: Date,
): Promise<Result<{ userId: number; sessionToken: string | null }>> {
  const invitation = await findInvitation(deps.db, input.token, now);
  if (!invitation) return fail('token_invalid');
  let passwordHash: string | null = null;
  if (invitation.hasAccount) {
    if (!input.user || input.user.email.trim().toLowerCase() !== invitation.email.trim().toLowerCase())
      return fail('forbidden');
  } else {
    const problems: Record<string, FieldProblem> = {};
    if (!input.name?.trim()) problems.name = 'name_required';
    const problem = passwordProblem(input.password ?? '');
    if (problem) problems.password = problem;
    if (Object.keys(problems).length > 0) return fail('invalid', problems);
    passwordHash = await hashPassword(input.password ?? '');
  }
  const at = now.toISOString();
  const result = await deps.adapter.transaction(deps.db, async (trx) => {
    const taken = await trx
      .updateTable('invitations')
      .set({ accepted_at: at })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .returning(['organization_id', 'event_id', 'role', 'email', 'email_norm'])
      .executeTakeFirst();
    if (!taken) return fail('token_invalid');
    let userId = input.user?.id;
    if (!userId) {
      const created = await trx
        .insertInto('users')
        .values({
          email: taken.email,
          email_norm: taken.email_norm,
          name: (input.name ?? '').trim(),
          password_hash: passwordHash,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = created.id;
    }
    if (taken.organization_id) {
      const existing = await trx
        .selectFrom('memberships')
        .select('id')
        .where('organization_id', '=', taken.organization_id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!existing)
        await trx
          .insertInto('memberships')
          .values({ organization_id: taken.organization_id, user_id: userId, role: taken.role, created_at: at })
          .execute();
    }
    if (taken.event_id) {
      await trx
        .insertInto('event_access')
        .values({
          event_id: taken.event_id,
          user_id: userId,
          organization_id: null,
          role: taken.role === 'facilitator' ? 'facilitator' : 'organiser',
          created_at: at,
        })
        .execute();
    }
    await recordAudit(
      trx,
      {
        actor: `user:${userId}:${taken.email}`,
        action: 'invitation.accepted',
        eventId: taken.event_id,
        subjectType: 'invitation',
        subjectId: invitation.id,
      },
      now,
    );
    return { ok: true as const, userId };
  });
  if (!result.ok) return result;
  const sessionToken = input.user ? null : await startAdminSession(deps.db, result.userId, now);
  return { ok: true, userId: result.userId, sessionToken };
}
