import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import { fail, type Result } from '../shared/result.ts';
import { startAdminSession } from './admin-sessions.ts';
import { verifyPassword } from './passwords.ts';
import { normalizeAccountEmail } from './secrets.ts';

/**
 * Checks an e-mail address and password and starts a session. One answer for every failure
 * (unknown address, wrong password, disabled account), taking the same time.
 */
export async function logIn(
  db: Db,
  input: { email: string; password: string },
  now: Date,
): Promise<Result<{ userId: number; sessionToken: string }>> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'disabled_at'])
    .where('email_norm', '=', normalizeAccountEmail(input.email))
    .executeTakeFirst();
  const matches = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !matches || user.disabled_at) return fail('invalid_credentials');
  const sessionToken = await startAdminSession(db, user.id, now);
  await recordAudit(
    db,
    {
      actor: `user:${user.id}:${user.email}`,
      action: 'user.logged_in',
      eventId: null,
      subjectType: 'user',
      subjectId: user.id,
    },
    now,
  );
  return { ok: true, userId: user.id, sessionToken };
}
