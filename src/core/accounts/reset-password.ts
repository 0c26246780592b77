import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { endAllAdminSessions } from './admin-sessions.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { looksLikeToken, tokenHash } from './secrets.ts';

/** True when a reset token can still be used (to show the form or an explanation). */
export async function passwordResetIsValid(deps: DbDeps, token: string, now: Date): Promise<boolean> {
  if (!looksLikeToken(token)) return false;
  const row = await deps.db
    .selectFrom('password_resets')
    .select(['expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  return !!row && !row.used_at && row.expires_at > now.toISOString();
}

/** Sets a new password with a single-use reset token and ends every session of the account. */
export async function resetPassword(
  deps: DbDeps,
  input: { token: string; password: string },
  now: Date,
): Promise<Result<{ userId: number }>> {
  if (!looksLikeToken(input.token)) return fail('token_invalid');
  const problem = passwordProblem(input.password);
  if (problem) return fail('invalid', { password: problem });
  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    // Marking it used in the same statement that checks it: two concurrent uses cannot both win.
    const used = await trx
      .updateTable('password_resets')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) return fail('token_invalid');
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', used.user_id)
      .execute();
    await endAllAdminSessions(trx, used.user_id);
    await recordAudit(
      trx,
      {
        actor: 'anonymous',
        action: 'user.password_reset',
        eventId: null,
        subjectType: 'user',
        subjectId: used.user_id,
      },
      now,
    );
    return { ok: true as const, userId: used.user_id };
  });
}
