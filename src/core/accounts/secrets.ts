// Random tokens for sessions, password resets and invitations; only their hashes are stored.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256: the token has 256 random bits, so no salt or slow hash is needed.
 * Sessions, password resets and invitations are found by this hash through a unique index,
 * never by comparing tokens: the database holds no token to compare against, and what a timing
 * attack on the index lookup could reveal is how much of a *hash* matches, which does not help
 * anyone construct a token whose hash matches (that needs a SHA-256 preimage). This is the
 * standard way to make such lookups constant time in effect (OWASP ASVS 2.9, 3.5).
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as this app issues them: rejects anything else before touching the database. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{40,60}$/.test(token);
}

export function normalizeAccountEmail(email: string): string {
  return email.trim().toLowerCase();
}
