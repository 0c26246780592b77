import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import type { AccountNotifier } from './notifications.ts';
import { newToken, normalizeAccountEmail, tokenHash } from './secrets.ts';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Mails a single-use, expiring link to choose a new password when the address has an account.
 * The caller answers the same either way, so nobody learns which addresses have accounts.
 */
export async function requestPasswordReset(
  deps: DbDeps & { accountNotifier: AccountNotifier },
  input: { email: string },
  now: Date,
): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'lang', 'disabled_at'])
    .where('email_norm', '=', normalizeAccountEmail(input.email))
    .executeTakeFirst();
  if (!user || user.disabled_at) return;
  const token = newToken();
  await deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .insertInto('password_resets')
      .values({
        token_hash: tokenHash(token),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + PASSWORD_RESET_TTL_MS).toISOString(),
      })
      .execute();
    await deps.accountNotifier.enqueue(
      trx,
      { kind: 'account.password_reset', to: user.email, name: user.name, lang: user.lang, token },
      now,
    );
    await recordAudit(
      trx,
      {
        actor: 'anonymous',
        action: 'user.password_reset_requested',
        eventId: null,
        subjectType: 'user',
        subjectId: user.id,
      },
      now,
    );
  });
}
