// Mailbox passwords at rest: AES-256-GCM under a key derived from the installation's SECRET, so
// a copy of the database alone does not give away anyone's mailbox. The event id is bound in as
// associated data: a ciphertext copied onto another event's mailbox does not decrypt.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** The 32-byte key for mailbox credentials, derived from SECRET (every process agrees). */
export function credentialKeyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'samskap', 'mailbox credentials v1', 32));
}

/** Encrypts `plain` for the mailbox of `eventId`; the result is text for a column. */
export function encryptCredential(key: Buffer, eventId: number, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`mailbox:${eventId}`));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The password again, or null when it was stored under another SECRET or tampered with. */
export function decryptCredential(key: Buffer, eventId: number, stored: string): string | null {
  if (!stored.startsWith(`${VERSION}:`)) return null;
  const data = Buffer.from(stored.slice(VERSION.length + 1), 'base64');
  if (data.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAAD(Buffer.from(`mailbox:${eventId}`));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
