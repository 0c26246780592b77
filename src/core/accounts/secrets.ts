// Random tokens for sessions, password resets and invitations; only their hashes are stored.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256: the token has 256 random bits, so no salt or slow hash is needed. */
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
