import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { type AdminUser, actorOf } from './types.ts';

/** Stores the language a user chose in the switcher, so that mail about their account uses it. */
export async function setUserLanguage(
  deps: DbDeps,
  input: { user: AdminUser; lang: string },
  now: Date,
): Promise<{ changed: boolean }> {
  if (input.user.lang === input.lang) return { changed: false };
  return deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .updateTable('users')
      .set({ lang: input.lang, updated_at: now.toISOString() })
      .where('id', '=', input.user.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: actorOf(input.user),
        action: 'user.language_changed',
        eventId: null,
        subjectType: 'user',
        subjectId: input.user.id,
        data: { from: input.user.lang, to: input.lang },
      },
      now,
    );
    return { changed: true };
  });
}
