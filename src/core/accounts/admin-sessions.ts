// Server-side sessions for the back office, stored in the database so that every app process
// sees them. The cookie carries a random token; the table holds only its hash.
import type { Db } from '../../db/adapter.ts';
import { newToken, tokenHash } from './secrets.ts';
import type { AdminUser } from './types.ts';

/** A session ends after this long without a request … */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** … and at the latest this long after login. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
// Writing last_seen_at on every request would turn each page view into a write.
const TOUCH_AFTER_MS = 5 * 60 * 1000;

/** Starts a session for a user who has just proved who they are; returns the cookie token. */
export async function startAdminSession(db: Db, userId: number, now: Date): Promise<string> {
  const token = newToken();
  const at = now.toISOString();
  await db
    .insertInto('admin_sessions')
    .values({
      token_hash: tokenHash(token),
      user_id: userId,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
    })
    .execute();
  // Expired sessions of this user are of no use to anyone.
  await db.deleteFrom('admin_sessions').where('user_id', '=', userId).where('expires_at', '<', at).execute();
  return token;
}

/**
 * The user a session token belongs to, or null when it is unknown, expired or the account is
 * disabled. A request keeps the session alive; `touch: false` only looks (an open live stream
 * re-checking its viewer must not keep an idle login alive for ever).
 */
export async function findAdminSession(
  db: Db,
  token: string,
  now: Date,
  options: { touch?: boolean } = {},
): Promise<AdminUser | null> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return null;
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('admin_sessions')
    .innerJoin('users', 'users.id', 'admin_sessions.user_id')
    .select([
      'admin_sessions.id as sessionId',
      'admin_sessions.created_at',
      'admin_sessions.last_seen_at',
      'admin_sessions.expires_at',
      'users.id',
      'users.email',
      'users.name',
      'users.lang',
      'users.disabled_at',
    ])
    .where('admin_sessions.token_hash', '=', hash)
    .executeTakeFirst();
  const at = now.toISOString();
  if (!row || row.disabled_at || row.expires_at <= at) return null;
  if (now.getTime() - Date.parse(row.created_at) > SESSION_MAX_MS) return null;
  if (options.touch !== false && now.getTime() - Date.parse(row.last_seen_at) > TOUCH_AFTER_MS) {
    await db
      .updateTable('admin_sessions')
      .set({ last_seen_at: at, expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString() })
      .where('id', '=', row.sessionId)
      .execute();
  }
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id as organizationId', 'organizations.slug', 'organizations.name', 'memberships.role'])
    .where('memberships.user_id', '=', row.id)
    .orderBy('organizations.name')
    .execute();
  return { id: row.id, email: row.email, name: row.name, lang: row.lang, memberships };
}

/** Ends one session (logout). */
export async function endAdminSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** Ends every session of a user (after a password reset). */
export async function endAllAdminSessions(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('admin_sessions').where('user_id', '=', userId).execute();
}
