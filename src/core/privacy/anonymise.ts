// Anonymising registrations: shared by "delete my registration", the retention job and an
// organiser's erasure of a person. What stays is what the counts need (role, session, status,
// check-in); names, addresses, organisations, needs, answers, personal links and the mails'
// addresses and texts go.
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from '../../db/adapter.ts';
import type { Database } from '../../db/schema.ts';

/** The name an anonymised registration shows in lists and counts. */
export const ANONYMISED_NAME = 'Slettet';

export interface AnonymisedCounts {
  registrations: number;
  tokens: number;
  /** Mails not yet sent, deleted. */
  mailsDeleted: number;
  /** Mails sent or failed, emptied of address and text. */
  mailsCleared: number;
  bookings: number;
}

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export function emptyCounts(): AnonymisedCounts {
  return { registrations: 0, tokens: 0, mailsDeleted: 0, mailsCleared: 0, bookings: 0 };
}

function addCounts(a: AnonymisedCounts, b: AnonymisedCounts): AnonymisedCounts {
  return {
    registrations: a.registrations + b.registrations,
    tokens: a.tokens + b.tokens,
    mailsDeleted: a.mailsDeleted + b.mailsDeleted,
    mailsCleared: a.mailsCleared + b.mailsCleared,
    bookings: a.bookings + b.bookings,
  };
}

/**
 * Empties the needs of the given registrations (the health-related field goes first: callers
 * run this in its own transaction before the rest). Returns how many had any.
 */
export async function deleteNeeds(trx: Db, ids: number[], now: Date): Promise<number> {
  let cleared = 0;
  for (const part of chunks(ids)) {
    const result = await trx
      .updateTable('registrations')
      .set({ needs: '', needs_consent_at: null, updated_at: now.toISOString() })
      .where('id', 'in', part)
      .where((eb) => eb.or([eb('needs', '<>', ''), eb('needs_consent_at', 'is not', null)]))
      .executeTakeFirst();
    cleared += Number(result.numUpdatedRows);
  }
  return cleared;
}

/**
 * Anonymises registrations inside the caller's transaction (seats are not touched: cancel first
 * where a seat must be freed). Idempotent: registrations already anonymised are skipped, tokens
 * and mails of the given ids are removed again (there are none left).
 */
export async function anonymiseRegistrations(trx: Db, ids: number[], now: Date): Promise<AnonymisedCounts> {
  let counts = emptyCounts();
  for (const part of chunks([...new Set(ids)])) counts = addCounts(counts, await anonymiseChunk(trx, part, now));
  return counts;
}

async function anonymiseChunk(trx: Db, ids: number[], now: Date): Promise<AnonymisedCounts> {
  const at = now.toISOString();
  const before = await trx
    .selectFrom('registrations')
    .select(['id', 'booking_id', 'email_norm'])
    .where('id', 'in', ids)
    .where('anonymised_at', 'is', null)
    .execute();
  await deleteNeeds(trx, ids, now);
  const updated = await trx
    .updateTable('registrations')
    .set({
      name: ANONYMISED_NAME,
      email: null,
      email_norm: null,
      organization: '',
      role_other: '',
      needs: '',
      needs_consent_at: null,
      answers_json: '{}',
      public_listing: 0,
      email_bounced_at: null,
      email_bounce_reason: '',
      anonymised_at: at,
      updated_at: at,
    })
    .where('id', 'in', ids)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst();
  const tokens = await trx.deleteFrom('access_tokens').where('registration_id', 'in', ids).executeTakeFirst();
  const mailsDeleted = await trx
    .deleteFrom('outbox')
    .where('registration_id', 'in', ids)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const mailsCleared = await clearMails(trx, (eb) => eb('registration_id', 'in', ids));
  await scrubAudit(trx, ids);
  // A research idea is the person's own text: it goes (with the feedback on it); the scores they
  // gave others stay for the counts, without their comments.
  await trx.deleteFrom('ideas').where('registration_id', 'in', ids).execute();
  await trx.updateTable('idea_scores').set({ comment: '' }).where('registration_id', 'in', ids).execute();

  // The booker's name and address on the booking go with the booker's registration, or with
  // the last registration of the booking.
  let bookings = 0;
  const bookingIds = [...new Set(before.map((r) => r.booking_id))];
  for (const bookingId of bookingIds) {
    const booking = await trx
      .selectFrom('bookings')
      .select(['booker_email', 'booker_name'])
      .where('id', '=', bookingId)
      .executeTakeFirst();
    if (!booking || (booking.booker_email === '' && booking.booker_name === ANONYMISED_NAME)) continue;
    const bookerNorm = booking.booker_email.trim().toLowerCase();
    const bookerGone = before.some((r) => r.booking_id === bookingId && r.email_norm === bookerNorm);
    const remaining = await trx
      .selectFrom('registrations')
      .select('id')
      .where('booking_id', '=', bookingId)
      .where('anonymised_at', 'is', null)
      .limit(1)
      .execute();
    if (bookerGone || remaining.length === 0) {
      await anonymiseBooking(trx, bookingId);
      bookings++;
    }
  }
  return {
    registrations: Number(updated.numUpdatedRows),
    tokens: Number(tokens.numDeletedRows),
    mailsDeleted: Number(mailsDeleted.numDeletedRows),
    mailsCleared,
    bookings,
  };
}

export async function anonymiseBooking(trx: Db, bookingId: number): Promise<void> {
  await trx
    .updateTable('bookings')
    .set({ booker_name: ANONYMISED_NAME, booker_email: '' })
    .where('id', '=', bookingId)
    .execute();
}

/** Which outbox rows clearMails empties. */
export type OutboxFilter = (eb: ExpressionBuilder<Database, 'outbox'>) => Expression<SqlBool>;

/** Empties address, subject, texts and attachments of sent or failed mails matched by `filter`. */
export async function clearMails(trx: Db, filter: OutboxFilter): Promise<number> {
  const result = await trx
    .updateTable('outbox')
    .set({ to_address: '', subject: '', text_body: '', html_body: '', attachments_json: '[]', last_error: null })
    .where('status', '<>', 'pending')
    .where((eb) => eb.or([eb('to_address', '<>', ''), eb('text_body', '<>', '')]))
    .where(filter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The audit rows of an edit keep the old and new values of the fields (name, address, …); after
 * anonymisation they keep only which fields changed.
 */
async function scrubAudit(trx: Db, ids: number[]): Promise<void> {
  const rows = await trx
    .selectFrom('audit_log')
    .select(['id', 'data_json'])
    .where('subject_type', '=', 'registration')
    .where('subject_id', 'in', ids)
    .where('action', '=', 'registration.edited')
    .execute();
  for (const row of rows) {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(row.data_json) as Record<string, unknown>;
    } catch {
      data = {};
    }
    const changes = data.changes && typeof data.changes === 'object' ? (data.changes as Record<string, unknown>) : {};
    const scrubbed = { changes: Object.fromEntries(Object.keys(changes).map((k) => [k, { changed: true }])) };
    const json = JSON.stringify(scrubbed);
    if (json !== row.data_json) {
      await trx.updateTable('audit_log').set({ data_json: json }).where('id', '=', row.id).execute();
    }
  }
}
