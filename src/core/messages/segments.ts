// Segments of an event's registrations that a message can go to, on top of the registrations
// list's filter (so "session B" here selects exactly what the list shows for session B).
import type { Db } from '../../db/adapter.ts';
import {
  DEFAULT_FILTER,
  findRegistrations,
  type RegistrationFilter,
} from '../registrations/admin/registration-query.ts';
import type { MessageRecipient, Segment } from './types.ts';

/** The segment as stored in messages.segment and sent by the form ("session:B", "attended"). */
export function segmentKey(segment: Segment): string {
  switch (segment.kind) {
    case 'session':
      return `session:${segment.code}`;
    case 'no_session':
      return 'session:none';
    default:
      return segment.kind;
  }
}

/** A segment from its key, when the event has it; null otherwise. */
export function parseSegment(key: unknown, sessionCodes: readonly string[]): Segment | null {
  if (typeof key !== 'string' || key.length > 60) return null;
  if (key === 'session:none') return { kind: 'no_session' };
  if (key.startsWith('session:')) {
    const code = key.slice('session:'.length);
    return sessionCodes.includes(code) ? { kind: 'session', code } : null;
  }
  for (const kind of ['confirmed', 'waitlisted', 'attended', 'not_attended', 'active'] as const) {
    if (key === kind) return { kind };
  }
  return null;
}

function filterFor(segment: Segment): RegistrationFilter {
  const base = { ...DEFAULT_FILTER, sort: 'created' as const, dir: 'asc' as const };
  switch (segment.kind) {
    case 'confirmed':
      return { ...base, status: 'confirmed' };
    case 'session':
      return { ...base, status: 'confirmed', session: segment.code };
    case 'no_session':
      return { ...base, status: 'confirmed', session: 'none' };
    case 'waitlisted':
      return { ...base, status: 'waitlisted' };
    // Checked in at the door: a waitlisted person let in on a freed seat counts too.
    case 'attended':
      return { ...base, status: 'active', attended: 'yes' };
    case 'not_attended':
      return { ...base, status: 'confirmed', attended: 'no' };
    case 'active':
      return { ...base, status: 'active' };
  }
}

export interface SegmentRecipients {
  /** Who gets the message, in sign-up order, each address once. */
  recipients: MessageRecipient[];
  /** People in the segment without an address of their own (reached through their booker only). */
  withoutAddress: number;
  /** People in the segment whose address bounced. */
  bounced: number;
}

/** The people a message to `segment` reaches, and how many in it are skipped and why. */
export async function segmentRecipients(db: Db, eventId: number, segment: Segment): Promise<SegmentRecipients> {
  const [rows, bouncedRows] = await Promise.all([
    findRegistrations(db, eventId, filterFor(segment), { includeNeeds: false, paged: false }),
    db
      .selectFrom('registrations')
      .select('id')
      .where('event_id', '=', eventId)
      .where('email_bounced_at', 'is not', null)
      .execute(),
  ]);
  const bouncedIds = new Set(bouncedRows.map((r) => r.id));
  const seen = new Set<string>();
  const recipients: MessageRecipient[] = [];
  let withoutAddress = 0;
  let bounced = 0;
  for (const row of rows) {
    if (!row.email) {
      withoutAddress++;
      continue;
    }
    if (bouncedIds.has(row.id)) {
      bounced++;
      continue;
    }
    const key = row.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push({
      registrationId: row.id,
      name: row.name,
      email: row.email,
      lang: row.lang,
      sessionCode: row.sessionCode,
    });
  }
  return { recipients, withoutAddress, bounced };
}
