// The ticket: a short code that identifies one registration of one event, printed under the QR
// code and typed at the door when a phone cannot scan. "K7-3QXM": the registration id in
// Crockford base 32, then four characters of an HMAC over event and id, so a code cannot be
// guessed or forged, and a code from another event does not fit this one. Nothing is stored.
import { createHmac, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U
const CHECK_LENGTH = 4;

function base32(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  return out;
}

function check(key: string, eventId: number, registrationId: number): string {
  const digest = createHmac('sha256', key).update(`ticket:${eventId}:${registrationId}`).digest();
  let out = '';
  for (let i = 0; i < CHECK_LENGTH; i++) out += ALPHABET[(digest[i] as number) % 32];
  return out;
}

/** The ticket code of a registration ("K7-3QXM"). `key` is the installation's ticket key. */
export function ticketCode(key: string, eventId: number, registrationId: number): string {
  return `${base32(registrationId)}-${check(key, eventId, registrationId)}`;
}

/** What the QR code holds: the code with a prefix, so a scanner can tell our codes from others. */
export function ticketQrPayload(key: string, eventId: number, registrationId: number): string {
  return `SAMSKAP:${ticketCode(key, eventId, registrationId)}`;
}

export type TicketReading =
  | { ok: true; registrationId: number }
  | { ok: false; code: 'not_a_ticket' | 'wrong_event_or_forged' };

/**
 * Reads a typed or scanned code for `eventId`. Accepts lower case, spaces, a missing dash and
 * the letters people confuse (O for 0, I and L for 1), with or without the QR prefix.
 */
export function readTicketCode(key: string, eventId: number, input: string): TicketReading {
  const match = /^(?:SAMSKAP:)?([0-9A-Z]{1,7})[\s-]?([0-9A-Z]{4})$/.exec(input.trim().toUpperCase());
  if (!match) return { ok: false, code: 'not_a_ticket' };
  // People confuse O with 0 and I or L with 1; the alphabet has only the digits.
  const normal = (part: string) => part.replace(/O/g, '0').replace(/[IL]/g, '1');
  const idPart = normal(match[1] as string);
  const checkPart = normal(match[2] as string);
  if ([...idPart, ...checkPart].some((c) => !ALPHABET.includes(c))) return { ok: false, code: 'not_a_ticket' };
  let id = 0;
  for (const c of idPart) id = id * 32 + ALPHABET.indexOf(c);
  if (!Number.isSafeInteger(id) || id <= 0) return { ok: false, code: 'not_a_ticket' };
  // Compared in constant time, so answer times tell nothing about how much of a guess was right.
  const expected = Buffer.from(check(key, eventId, id));
  const given = Buffer.from(checkPart);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true, registrationId: id }
    : { ok: false, code: 'wrong_event_or_forged' };
}

/** The ticket key of an installation, derived from its SECRET (so all processes agree). */
export function ticketKeyFrom(secret: string): string {
  return createHmac('sha256', secret).update('samskap ticket codes').digest('base64url');
}
