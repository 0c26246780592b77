import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/adapter.ts';
import { prepared } from '../../db/prepared.ts';
import type { IssuedLink } from '../shared/notifications.ts';

/**
 * SHA-256 of a personal-link token; the token itself has 256 random bits, so no salt is needed.
 * Only the hash is stored, and a token is looked up by its hash through a unique index, never
 * compared as text: a timing attack on that lookup could at most reveal how much of a hash
 * matches, which is of no use without a SHA-256 preimage (same reasoning as accounts/secrets.ts).
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Random bytes are taken from the system 8 KiB at a time (as crypto.randomUUID does); one call
// per token cost more than the token's insert.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomToken(): string {
  if (poolOffset + 32 > pool.length) {
    pool = randomBytes(8192);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + 32);
  // Never hand out the same bytes twice.
  pool.fill(0, poolOffset, poolOffset + 32);
  poolOffset += 32;
  return token;
}

const insertToken = prepared((db, p: { registrationId: number; tokenHash: string; createdAt: string }) =>
  db
    .insertInto('access_tokens')
    .values({ registration_id: p.registrationId, token_hash: p.tokenHash, created_at: p.createdAt }),
);

/** Issues a new personal link for a registration and stores only its hash. */
export async function issueLink(trx: Db, registrationId: number, now: Date): Promise<IssuedLink> {
  const token = randomToken();
  await insertToken.execute(trx, { registrationId, tokenHash: hashToken(token), createdAt: now.toISOString() });
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
