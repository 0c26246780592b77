import { createHash } from 'node:crypto';
import type { IntakeState } from '../../db/schema.ts';
import { normalizeEmail } from '../registrations/register-participants.ts';
import { recordAudit } from '../shared/audit.ts';
import { cancelByMail, changeByMail, eventById, registerDrafts, registrationsOf } from './act-on-message.ts';
import { draftsFrom, guessLanguage, threadOf } from './drafts.ts';
import { normalize } from './mail-text.ts';
import { intakeEventFrom, type ParsedMail, parseMail } from './parse-mail.ts';
import { type IntakeReason, reasonText } from './reasons.ts';
import { type IncomingMessage, type IntakeDeps, RAW_STORE_MAX, type StoredParse, TEXT_MAX } from './types.ts';

export type ReceiveOutcome =
  | { status: 'duplicate' }
  | { status: IntakeState; intakeId: number; registrationIds: number[]; outcome: string };

/** A message's Date counts for the deadline unless it is later than its arrival (a wrong clock). */
const CLOCK_SKEW_MS = 10 * 60_000;

/** The parsed message as stored: bounded, dates as text, and the language to answer in. */
function storedParse(parsed: ParsedMail): StoredParse {
  const text = parsed.text.slice(0, TEXT_MAX);
  return {
    ...parsed,
    text,
    subject: parsed.subject.slice(0, 500),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    language: guessLanguage(text),
  };
}

const UNREADABLE: IntakeReason = { code: 'unreadable' };
const TOO_LARGE: IntakeReason = { code: 'too_large' };

/** What is kept of a message that could not be read at all. */
function unreadable(raw: Buffer): ParsedMail {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    date: null,
    from: null,
    subject: '',
    // Shown as text only (the page escapes it); latin1 never fails to decode.
    text: raw.subarray(0, 20_000).toString('latin1'),
    kind: 'other',
    people: [],
    confidence: 0,
    decision: 'review',
    reasonCodes: [UNREADABLE],
    reasons: [reasonText(UNREADABLE)],
  };
}

/** The key that makes a message processed once per event: its Message-ID, else its bytes' hash. */
function messageKey(parsed: ParsedMail, raw: Buffer): string {
  const id = parsed.messageId?.trim();
  if (id && id.length <= 500) return id;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * Reads one message from the event's mailbox (IMAP or upload) once: parses it, stores it, and
 * acts on a confident decision — a sign-up is registered like the form does it, a cancellation
 * cancels the writer's registration (or everyone on the writer's address when that is exactly
 * whom it names), a change changes the writer's own registration like the personal link does;
 * each is answered in the message's thread. Everything else waits in the review queue
 * (auto-replies and the like are set aside as ignored). A message already read (same IMAP UID,
 * or same Message-ID for this event) is skipped.
 */
export async function receiveMessage(
  deps: IntakeDeps,
  input: { eventId: number; mailboxId: number; message: IncomingMessage; intakeAddress?: string | null },
  now: Date,
): Promise<ReceiveOutcome> {
  const { message } = input;
  if (message.imap) {
    const seen = await deps.db
      .selectFrom('intake_messages')
      .select('id')
      .where('mailbox_id', '=', input.mailboxId)
      .where('uidvalidity', '=', message.imap.uidvalidity)
      .where('imap_uid', '=', message.imap.uid)
      .executeTakeFirst();
    if (seen) return { status: 'duplicate' };
  }
  const event = await eventById(deps, input.eventId);
  if (!event) throw new Error(`event ${input.eventId} not found for mailbox ${input.mailboxId}`);
  const intakeEvent = intakeEventFrom(event);
  if (input.intakeAddress) intakeEvent.intakeAddress = input.intakeAddress;

  let parsed: ParsedMail;
  try {
    parsed = await (deps.parse ?? parseMail)(message.raw, intakeEvent);
  } catch {
    parsed = unreadable(message.raw);
  }
  const tooLarge = message.size > message.raw.length;
  const stored = storedParse(parsed);
  if (tooLarge) {
    stored.decision = 'review';
    stored.reasonCodes = [...(stored.reasonCodes ?? []), TOO_LARGE];
    stored.reasons = [...stored.reasons, reasonText(TOO_LARGE)];
  }
  const key = messageKey(parsed, message.raw);
  const raw = message.raw.subarray(0, RAW_STORE_MAX);
  const at = now.toISOString();
  const initial: IntakeState = parsed.reasonCodes.some((r) => r.code === 'unreadable')
    ? 'failed'
    : stored.decision === 'ignore'
      ? 'ignored'
      : 'pending_review';

  const inserted = await deps.adapter
    .transaction(deps.db, async (trx) => {
      const existing = await trx
        .selectFrom('intake_messages')
        .select('id')
        .where('event_id', '=', input.eventId)
        .where('message_key', '=', key)
        .executeTakeFirst();
      if (existing) return null;
      const row = await trx
        .insertInto('intake_messages')
        .values({
          event_id: input.eventId,
          mailbox_id: input.mailboxId,
          message_key: key,
          message_id: parsed.messageId?.slice(0, 500) ?? null,
          uidvalidity: message.imap?.uidvalidity ?? null,
          imap_uid: message.imap?.uid ?? null,
          raw,
          raw_size: message.size,
          raw_truncated: raw.length < message.size ? 1 : 0,
          from_email: parsed.from?.email.slice(0, 254) ?? '',
          from_name: parsed.from?.name?.slice(0, 200) ?? '',
          subject: stored.subject,
          sent_at: stored.date,
          received_at: message.receivedAt.toISOString(),
          parsed_json: JSON.stringify(stored),
          kind: parsed.kind,
          confidence: Number.isFinite(parsed.confidence) ? parsed.confidence : 0,
          decision: stored.decision,
          state: initial,
          handled_at: initial === 'ignored' ? at : null,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: 'mail-intake',
          action: initial === 'ignored' ? 'mail_intake.ignored' : 'mail_intake.received',
          eventId: input.eventId,
          subjectType: 'intake_message',
          subjectId: row.id,
          data: { kind: parsed.kind, decision: stored.decision, reasons: stored.reasons.slice(0, 10) },
        },
        now,
      );
      return row.id;
    })
    .catch(async (error: unknown) => {
      // Another process stored the same message a moment earlier (unique key): it is handled there.
      const again = await deps.db
        .selectFrom('intake_messages')
        .select('id')
        .where('event_id', '=', input.eventId)
        .where('message_key', '=', key)
        .executeTakeFirst();
      if (again) return null;
      throw error;
    });
  if (inserted === null) return { status: 'duplicate' };
  const done = (state: IntakeState, registrationIds: number[] = [], outcome = '') => ({
    status: state,
    intakeId: inserted,
    registrationIds,
    outcome,
  });
  if (initial !== 'pending_review' || stored.decision !== 'accept') return done(initial);

  const writer = parsed.from?.email ?? null;
  const thread = threadOf(stored);
  const actor = `mail:${inserted}`;
  /** Cancels the registrations found for the message, answered in its thread; else review. */
  const cancelTargets = async (registrationIds: number[]) => {
    const result = await cancelByMail(deps, input.eventId, registrationIds, { actor, thread }, now);
    if (!result.ok) return review(deps, input.eventId, inserted, result.code, now, done);
    await markHandled(deps, input.eventId, inserted, 'cancelled', result.cancelled, actor, now, {});
    return done('cancelled', result.cancelled);
  };
  if (parsed.kind === 'registration') {
    const sentAt =
      parsed.date && parsed.date.getTime() <= message.receivedAt.getTime() + CLOCK_SKEW_MS
        ? parsed.date
        : message.receivedAt;
    const result = await registerDrafts(
      deps,
      event,
      draftsFrom(stored),
      { writer, lang: stored.language, sentAt, thread },
      now,
    );
    if (!result.ok) return review(deps, input.eventId, inserted, result.code, now, done, result.fields);
    await markHandled(deps, input.eventId, inserted, 'accepted', result.registrationIds, actor, now, {
      alreadyRegistered: result.alreadyRegistered,
    });
    return done('accepted', result.registrationIds, result.alreadyRegistered > 0 ? 'already_registered' : '');
  }
  if (parsed.kind === 'cancellation' && writer && parsed.reasonCodes.some((r) => r.code === 'cancels_all_own')) {
    // "Vi melder oss av begge to": only when the people named are exactly everyone on the
    // writer's address (their own and those booked there without one), so nobody who stays is hit.
    const targets = await registrationsOf(deps, input.eventId, [writer]);
    const named = parsed.people.map((p) => sameName(p.name)).sort();
    const registered = targets.map((r) => sameName(r.name)).sort();
    if (named.length !== registered.length || named.some((n, i) => n === '' || n !== registered[i]))
      return review(deps, input.eventId, inserted, 'not_all_on_address', now, done);
    return cancelTargets(targets.map((r) => r.id));
  }
  if (parsed.kind === 'change' && writer) {
    // Only the writer's own registration, found by the address the mail came from.
    const own = normalizeEmail(writer);
    const person = parsed.people[0];
    if (parsed.people.length !== 1 || !person || normalizeEmail(person.email) !== own)
      return review(deps, input.eventId, inserted, 'change_not_own', now, done);
    const targets = (await registrationsOf(deps, input.eventId, [writer])).filter(
      (r) => r.email !== null && normalizeEmail(r.email) === own,
    );
    if (targets.length !== 1) return review(deps, input.eventId, inserted, 'not_registered', now, done);
    const target = targets[0]!;
    const result = await changeByMail(
      deps,
      target.id,
      { session: person.session, role: person.role, needs: person.needs },
      { actor, thread },
      now,
    );
    if (!result.ok) {
      const outcome =
        result.code === 'change_closed' && person.session !== null
          ? 'session_change_closed'
          : result.code === 'invalid'
            ? 'change_invalid'
            : result.code;
      return review(deps, input.eventId, inserted, outcome, now, done);
    }
    await markHandled(deps, input.eventId, inserted, 'changed', [target.id], actor, now, { status: result.status });
    return done('changed', [target.id], result.status === 'unchanged' ? 'unchanged' : '');
  }
  if (parsed.kind === 'cancellation' && writer) {
    // Automatically only the writer's own registration, and only when that is all the message asks.
    const own = normalizeEmail(writer);
    const asksForOthers = parsed.people.some((p) => normalizeEmail(p.email) !== own) || parsed.people.length > 1;
    const targets = (await registrationsOf(deps, input.eventId, [writer])).filter(
      (r) => r.email !== null && normalizeEmail(r.email) === own,
    );
    if (asksForOthers) return review(deps, input.eventId, inserted, 'needs_review', now, done);
    if (targets.length !== 1) return review(deps, input.eventId, inserted, 'not_registered', now, done);
    return cancelTargets(targets.map((r) => r.id));
  }
  return done('pending_review');
}

/** A name as compared between a mail and a registration: case, spacing and dashes aside. */
function sameName(name: string | null): string {
  return normalize(name ?? '')
    .replace(/[-\s]+/g, ' ')
    .trim();
}

/** The automatic action did not go through: the message waits for a person, with the reason. */
async function review<T>(
  deps: IntakeDeps,
  eventId: number,
  intakeId: number,
  outcome: string,
  now: Date,
  done: (state: IntakeState, ids?: number[], outcome?: string) => T,
  /** The fields the sign-up refused, keyed like the review form's (`p.<index>.<field>`). */
  fields?: Record<string, string>,
): Promise<T> {
  const outcomeFields = fields && Object.keys(fields).length > 0 ? JSON.stringify(fields) : '';
  await deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .updateTable('intake_messages')
      .set({ outcome, outcome_fields: outcomeFields })
      .where('id', '=', intakeId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: 'mail-intake',
        action: 'mail_intake.review',
        eventId,
        subjectType: 'intake_message',
        subjectId: intakeId,
        data: { outcome },
      },
      now,
    );
  });
  return done('pending_review', [], outcome);
}

/** Marks a message handled with what was done, and writes the audit row of it. */
export async function markHandled(
  deps: IntakeDeps,
  eventId: number,
  intakeId: number,
  state: 'accepted' | 'cancelled' | 'changed' | 'ignored',
  registrationIds: number[],
  actor: string,
  now: Date,
  data: Record<string, unknown>,
  userId: number | null = null,
): Promise<void> {
  await deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .updateTable('intake_messages')
      .set({
        state,
        outcome: '',
        registration_ids_json: JSON.stringify(registrationIds),
        handled_at: now.toISOString(),
        handled_by: userId,
      })
      .where('id', '=', intakeId)
      .execute();
    await recordAudit(
      trx,
      {
        actor,
        action: `mail_intake.${state}`,
        eventId,
        subjectType: 'intake_message',
        subjectId: intakeId,
        data: { registrationIds, ...data },
      },
      now,
    );
  });
}
