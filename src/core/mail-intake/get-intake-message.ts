import type { Db } from '../../db/adapter.ts';
import type { IntakeState } from '../../db/schema.ts';
import { registrationsOf } from './act-on-message.ts';
import { draftsFrom } from './drafts.ts';
import { type IntakeReason, isIntakeReason } from './reasons.ts';
import type { PersonDraft, StoredParse } from './types.ts';

export interface IntakeMessageDetail {
  id: number;
  state: IntakeState;
  outcome: string;
  /** The fields the automatic sign-up refused, keyed like the review form (`p.0.role` → problem code). */
  outcomeFields: Record<string, string>;
  kind: string;
  decision: string;
  confidence: number;
  /** Why the parser decided so, as codes; null for messages stored before reasons had codes. */
  reasonCodes: IntakeReason[] | null;
  /** The same as short English texts (all an older message has). */
  reasons: string[];
  fromEmail: string;
  fromName: string;
  subject: string;
  sentAt: Date | null;
  receivedAt: Date;
  rawSize: number;
  rawTruncated: boolean;
  /** The message's plain text (never HTML); the page shows it escaped. */
  text: string;
  language: 'nb' | 'nn' | 'en';
  /** The proposed people, for the form. */
  people: PersonDraft[];
  /** Registrations this message made or cancelled. */
  handledRegistrations: { id: number; name: string; status: string }[];
  /** Active registrations of the writer and the people named (for a cancellation or a change). */
  existing: { id: number; name: string; email: string | null; status: string; sessionCode: string | null }[];
  handledAt: Date | null;
  handledBy: string | null;
}

/** One message of the event's mailbox with its proposal, or null. */
export async function getIntakeMessage(db: Db, eventId: number, intakeId: number): Promise<IntakeMessageDetail | null> {
  const row = await db
    .selectFrom('intake_messages')
    .leftJoin('users', 'users.id', 'intake_messages.handled_by')
    .select([
      'intake_messages.id',
      'intake_messages.state',
      'intake_messages.outcome',
      'intake_messages.outcome_fields',
      'intake_messages.kind',
      'intake_messages.decision',
      'intake_messages.confidence',
      'intake_messages.from_email',
      'intake_messages.from_name',
      'intake_messages.subject',
      'intake_messages.sent_at',
      'intake_messages.received_at',
      'intake_messages.raw_size',
      'intake_messages.raw_truncated',
      'intake_messages.parsed_json',
      'intake_messages.registration_ids_json',
      'intake_messages.handled_at',
      'users.name as handled_by_name',
    ])
    .where('intake_messages.id', '=', intakeId)
    .where('intake_messages.event_id', '=', eventId)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = JSON.parse(row.parsed_json) as StoredParse;
  const ids = JSON.parse(row.registration_ids_json) as number[];
  const handledRegistrations =
    ids.length === 0
      ? []
      : await db
          .selectFrom('registrations')
          .select(['id', 'name', 'status'])
          .where('event_id', '=', eventId)
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
  const emails = [row.from_email, ...parsed.people.map((p) => p.email)];
  return {
    id: row.id,
    state: row.state,
    outcome: row.outcome,
    outcomeFields: fieldProblems(row.outcome_fields),
    kind: row.kind,
    decision: row.decision,
    confidence: Number(row.confidence),
    reasonCodes: Array.isArray(parsed.reasonCodes) ? parsed.reasonCodes.filter(isIntakeReason) : null,
    reasons: Array.isArray(parsed.reasons) ? parsed.reasons.filter((r) => typeof r === 'string') : [],
    fromEmail: row.from_email,
    fromName: row.from_name,
    subject: row.subject,
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    receivedAt: new Date(row.received_at),
    rawSize: row.raw_size,
    rawTruncated: row.raw_truncated === 1,
    text: parsed.text,
    language: parsed.language,
    people: draftsFrom(parsed),
    handledRegistrations,
    existing: await registrationsOf({ db }, eventId, emails),
    handledAt: row.handled_at ? new Date(row.handled_at) : null,
    handledBy: row.handled_by_name ?? null,
  };
}

/** The stored field problems ('' or a JSON object of strings); anything else reads as none. */
function fieldProblems(json: string): Record<string, string> {
  if (json === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}
