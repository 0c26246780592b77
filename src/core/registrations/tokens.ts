import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/adapter.ts';
import type { IssuedLink } from '../shared/notifications.ts';

/** SHA-256 of a personal-link token; the token itself has 256 random bits, so no salt is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a new personal link for a registration and stores only its hash. */
export async function issueLink(trx: Db, registrationId: number, now: Date): Promise<IssuedLink> {
  const token = randomBytes(32).toString('base64url');
  await trx
    .insertInto('access_tokens')
    .values({ registration_id: registrationId, token_hash: hashToken(token), created_at: now.toISOString() })
    .execute();
  return { registrationId, token };
}

/** The registration a token opens, or undefined. */
export async function registrationIdForToken(db: Db, token: string): Promise<number | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom('access_tokens')
    .select('registration_id')
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  return row?.registration_id;
}
