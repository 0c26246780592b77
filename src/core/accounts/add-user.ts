import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { normalizeAccountEmail } from './secrets.ts';
import type { MemberRole } from './types.ts';

export interface AddUserInput {
  email: string;
  name: string;
  password: string;
  organizationSlug: string;
  /** Name for the organisation when the slug is new (defaults to the slug). */
  organizationName?: string;
  role: MemberRole;
  actor: string;
}

/**
 * Creates an account (or sets the password of an existing one) and makes it a member of the
 * organisation, creating the organisation when its slug is new. The command line's `user add`.
 */
export async function addUser(
  deps: DbDeps,
  input: AddUserInput,
  now: Date,
): Promise<Result<{ userId: number; organizationId: number; createdUser: boolean; createdOrganization: boolean }>> {
  const problem = passwordProblem(input.password);
  if (problem) return fail('invalid', { password: problem });
  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  const emailNorm = normalizeAccountEmail(input.email);
  return deps.adapter.transaction(deps.db, async (trx) => {
    let org = await trx
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', input.organizationSlug)
      .executeTakeFirst();
    const createdOrganization = !org;
    if (!org) {
      org = await trx
        .insertInto('organizations')
        .values({
          slug: input.organizationSlug,
          name: input.organizationName || input.organizationSlug,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    let user = await trx.selectFrom('users').select('id').where('email_norm', '=', emailNorm).executeTakeFirst();
    const createdUser = !user;
    if (user) {
      await trx
        .updateTable('users')
        .set({ name: input.name, password_hash: passwordHash, disabled_at: null, updated_at: at })
        .where('id', '=', user.id)
        .execute();
    } else {
      user = await trx
        .insertInto('users')
        .values({
          email: input.email.trim(),
          email_norm: emailNorm,
          name: input.name,
          password_hash: passwordHash,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const membership = await trx
      .selectFrom('memberships')
      .select('id')
      .where('organization_id', '=', org.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (membership) {
      await trx.updateTable('memberships').set({ role: input.role }).where('id', '=', membership.id).execute();
    } else {
      await trx
        .insertInto('memberships')
        .values({ organization_id: org.id, user_id: user.id, role: input.role, created_at: at })
        .execute();
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: createdUser ? 'user.created' : 'user.updated',
        eventId: null,
        subjectType: 'user',
        subjectId: user.id,
        data: { organization: input.organizationSlug, role: input.role, createdOrganization },
      },
      now,
    );
    return { ok: true as const, userId: user.id, organizationId: org.id, createdUser, createdOrganization };
  });
}
