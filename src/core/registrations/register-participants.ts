import { type Insertable, sql } from 'kysely';
import { prepared } from '../../db/prepared.ts';
import type { Database } from '../../db/schema.ts';
import { type Answers, answerProblems, cleanAnswers } from '../events/answers.ts';
import { getEventDefinition } from '../events/get-event.ts';
import { type EventDetails, registrationWindow } from '../events/types.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { BookedPerson, MailThread } from '../shared/notifications.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';
import { takePlace } from './places.ts';
import { issueLink } from './tokens.ts';

export const MAX_OTHERS = 10;

/** One person to sign up, as validated at the edge. */
export interface ParticipantInput {
  name: string;
  /** null: reached through the booker. Required for the booker. */
  email: string | null;
  organization: string;
  role: string;
  roleOther: string;
  /** A session code, null for "only the shared programme", undefined when not chosen. */
  session: string | null | undefined;
  needs: string;
  needsConsent: boolean;
  publicListing: boolean;
}

export interface RegisterInput {
  eventSlug: string;
  lang: string;
  /** The booker, who is also the first participant. */
  booker: ParticipantInput & { email: string; answers?: Answers };
  /** Colleagues signed up in the same form. */
  others: ParticipantInput[];
  /** The booker has read the privacy information. */
  consent: true;
  /**
   * The instant the sign-up counts as made for the deadline, when not now: the Date of a sign-up
   * e-mail read later from a mailbox (issue 9).
   */
  sentAt?: Date;
  /** A sign-up by e-mail: the confirmation (or personal link) to the writer answers in its thread. */
  thread?: MailThread;
}

export interface ParticipantOutcome {
  registrationId: number | null;
  name: string;
  status: 'confirmed' | 'waitlisted' | 'already_registered';
  session: string | null;
  waitlistPosition: number | null;
  /** The raw personal link; only returned to whoever made the booking. */
  token: string | null;
}

export type RegisterResult = Result<{
  bookingId: number | null;
  booker: ParticipantOutcome;
  others: ParticipantOutcome[];
}>;

/**
 * What is wrong with the people's role and session choices for this event (and addresses given
 * twice), keyed by field path. Exported so that the edge can report these together with its own
 * field checks instead of in a second round.
 */
export function choiceProblems(
  event: Pick<EventDetails, 'sessions' | 'roles' | 'allowNoSession'>,
  people: Pick<ParticipantInput, 'role' | 'roleOther' | 'session' | 'email'>[],
): Record<string, FieldProblem> {
  const fields: Record<string, FieldProblem> = {};
  const prefix = (i: number) => (i === 0 ? '' : `others.${i - 1}.`);
  const sessionCodes = new Set(event.sessions.map((s) => s.code));
  const roleByCode = new Map(event.roles.map((r) => [r.code, r]));
  const seen = new Set<string>();
  people.forEach((person, i) => {
    const role = roleByCode.get(person.role);
    if (!role) fields[`${prefix(i)}role`] = 'unknown_role';
    else if (role.asksText && person.roleOther.trim() === '') fields[`${prefix(i)}roleOther`] = 'role_other_required';
    if (person.session === undefined) {
      if (event.sessions.length > 0) fields[`${prefix(i)}session`] = 'session_required';
    } else if (person.session === null) {
      if (event.sessions.length > 0 && !event.allowNoSession) fields[`${prefix(i)}session`] = 'no_session_not_allowed';
    } else if (!sessionCodes.has(person.session)) {
      fields[`${prefix(i)}session`] = 'unknown_session';
    }
    if (person.email) {
      const norm = normalizeEmail(person.email);
      if (seen.has(norm)) fields[`${prefix(i)}email`] = 'duplicate_email';
      seen.add(norm);
    }
  });
  return fields;
}

/** Lower-cased, trimmed address used for comparisons (DESIGN.md: case-insensitive). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// The statements of a sign-up, compiled once (src/db/prepared.ts): this is the hot path.
const findActive = prepared((db, p: { eventId: number; emailNorm: string }) =>
  db
    .selectFrom('registrations')
    .select('id')
    .where('event_id', '=', p.eventId)
    .where('email_norm', '=', p.emailNorm)
    // A literal, not a parameter: SQLite then uses the partial unique index without re-planning
    // the statement each time the parameter is bound.
    .where('status', '<>', sql.lit('cancelled')),
);
const insertBooking = prepared((db, p: Omit<Insertable<Database['bookings']>, 'id'>) =>
  db
    .insertInto('bookings')
    .values({
      event_id: p.event_id,
      booker_name: p.booker_name,
      booker_email: p.booker_email,
      lang: p.lang,
      created_at: p.created_at,
    })
    .returning('id'),
);
type NewRegistration = Pick<
  Insertable<Database['registrations']>,
  | 'event_id'
  | 'booking_id'
  | 'name'
  | 'email'
  | 'email_norm'
  | 'organization'
  | 'role'
  | 'role_other'
  | 'session_id'
  | 'needs'
  | 'needs_consent_at'
  | 'consent_at'
  | 'public_listing'
  | 'status'
  | 'waitlist_seq'
  | 'lang'
  | 'created_at'
  | 'updated_at'
  | 'answers_json'
  | 'privacy_version'
>;
const insertRegistration = prepared((db, p: Required<NewRegistration>) =>
  db
    .insertInto('registrations')
    .values({
      event_id: p.event_id,
      booking_id: p.booking_id,
      name: p.name,
      email: p.email,
      email_norm: p.email_norm,
      organization: p.organization,
      role: p.role,
      role_other: p.role_other,
      session_id: p.session_id,
      needs: p.needs,
      needs_consent_at: p.needs_consent_at,
      consent_at: p.consent_at,
      public_listing: p.public_listing,
      status: p.status,
      waitlist_seq: p.waitlist_seq,
      lang: p.lang,
      created_at: p.created_at,
      updated_at: p.updated_at,
      answers_json: p.answers_json,
      privacy_version: p.privacy_version,
    })
    .returning('id'),
);

/**
 * Signs up the booker and the people they bring. Seats are decided in one capacity transaction;
 * an address that already has an active registration gets no duplicate: its personal link is
 * e-mailed instead, and the outcome says only "already_registered".
 */
export async function registerParticipants(
  deps: Deps,
  input: RegisterInput,
  now: Date,
  /** The event's definition (getEventDefinition), when the caller has just loaded it. */
  loaded?: EventDetails,
): Promise<RegisterResult> {
  const event = loaded?.slug === input.eventSlug ? loaded : await getEventDefinition(deps.db, input.eventSlug);
  if (!event) return fail('not_found');
  const window = registrationWindow(event, input.sentAt ?? now);
  if (window === 'not_open') return fail('registration_not_open');
  if (window === 'closed') return fail('registration_closed');

  const people = [input.booker, ...input.others];
  const fields = { ...choiceProblems(event, people), ...answerProblems(event.questions, input.booker.answers) };
  const sessionIdByCode = new Map(event.sessions.map((s) => [s.code, s.id]));
  const asksText = new Set(event.roles.filter((r) => r.asksText).map((r) => r.code));
  if (Object.keys(fields).length > 0) return fail('invalid', fields);

  const at = now.toISOString();
  return deps.adapter.capacityTransaction(deps.db, event.id, async (trx) => {
    const outcomes: ParticipantOutcome[] = [];
    const booked: BookedPerson[] = [];
    let bookingId: number | null = null;
    for (const person of people) {
      const emailNorm = person.email ? normalizeEmail(person.email) : null;
      if (emailNorm) {
        const existing = await findActive.executeTakeFirst(trx, { eventId: event.id, emailNorm });
        if (existing) {
          const link = await issueLink(trx, existing.id, now);
          const thread = input.thread && normalizeEmail(input.thread.to) === emailNorm ? input.thread : undefined;
          await deps.notifier.enqueue(
            trx,
            { kind: 'registration.link_requested', link, ...(thread ? { thread } : {}) },
            now,
          );
          outcomes.push({
            registrationId: null,
            name: person.name,
            status: 'already_registered',
            session: null,
            waitlistPosition: null,
            token: null,
          });
          continue;
        }
      }
      if (bookingId === null) {
        const booking = await insertBooking.executeTakeFirstOrThrow(trx, {
          event_id: event.id,
          booker_name: input.booker.name,
          booker_email: input.booker.email.trim(),
          lang: input.lang,
          created_at: at,
        });
        bookingId = booking.id;
      }
      const sessionCode = person.session ?? null;
      const sessionId = sessionCode === null ? null : (sessionIdByCode.get(sessionCode) ?? null);
      const placement = await takePlace(trx, event.id, sessionId);
      const row = await insertRegistration.executeTakeFirstOrThrow(trx, {
        event_id: event.id,
        booking_id: bookingId,
        name: person.name,
        email: person.email?.trim() || null,
        email_norm: emailNorm,
        organization: person.organization,
        role: person.role,
        role_other: asksText.has(person.role) ? person.roleOther : '',
        session_id: sessionId,
        needs: person.needsConsent ? person.needs : '',
        needs_consent_at: person.needsConsent && person.needs ? at : null,
        consent_at: at,
        public_listing: person.publicListing ? 1 : 0,
        status: placement.status,
        waitlist_seq: placement.waitlistSeq,
        lang: input.lang,
        created_at: at,
        updated_at: at,
        // The extra questions are the booker's to answer.
        answers_json:
          person === input.booker ? JSON.stringify(cleanAnswers(event.questions, input.booker.answers)) : '{}',
        // The privacy notice shown with the form (from the cached definition: no extra query).
        privacy_version: event.privacyVersion,
      });
      const link = await issueLink(trx, row.id, now);
      booked.push({
        ...link,
        name: person.name,
        email: person.email?.trim() || null,
        status: placement.status,
        session: sessionCode,
        waitlistPosition: placement.waitlistPosition,
      });
      await recordAudit(
        trx,
        {
          actor: `booking:${bookingId}`,
          action: placement.status === 'confirmed' ? 'registration.confirmed' : 'registration.waitlisted',
          eventId: event.id,
          subjectType: 'registration',
          subjectId: row.id,
          data: { session: sessionCode, waitlistPosition: placement.waitlistPosition },
        },
        now,
      );
      outcomes.push({
        registrationId: row.id,
        name: person.name,
        status: placement.status,
        session: sessionCode,
        waitlistPosition: placement.waitlistPosition,
        token: link.token,
      });
    }
    if (bookingId !== null) {
      await deps.notifier.enqueue(
        trx,
        {
          kind: 'booking.created',
          eventId: event.id,
          lang: input.lang,
          booker: { name: input.booker.name, email: input.booker.email.trim() },
          people: booked,
          ...(input.thread ? { thread: input.thread } : {}),
        },
        now,
        { event },
      );
    }
    const [booker, ...others] = outcomes as [ParticipantOutcome, ...ParticipantOutcome[]];
    return { ok: true as const, bookingId, booker, others };
  });
}
