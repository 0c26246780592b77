import type { Db } from '../../db/adapter.ts';
import { type Answers, parseAnswers } from '../events/answers.ts';
import { getEvent } from '../events/get-event.ts';
import type { EventDetails } from '../events/types.ts';
import { waitlistPosition } from './places.ts';
import { normalizeEmail } from './register-participants.ts';
import { registrationIdForToken } from './tokens.ts';

export interface RegistrationView {
  id: number;
  name: string;
  email: string | null;
  organization: string;
  role: string;
  roleOther: string;
  session: string | null;
  needs: string;
  publicListing: boolean;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition: number | null;
  createdAt: Date;
  /** Answers to the event's extra questions, keyed by question id. */
  answers: Answers;
  /** Close to the day: a seat is held for this waitlisted person until then. */
  offerExpiresAt: Date | null;
}

export interface MyRegistration {
  event: EventDetails;
  /** The registration the link was issued for. */
  own: RegistrationView;
  /** The registration being looked at: own, or one the link holder booked for someone without an address. */
  target: RegistrationView;
  /** People this link holder booked who have no address of their own, and so are managed from here. */
  companions: RegistrationView[];
}

async function toView(db: Db, row: RegistrationRow, sessionCodes: Map<number, string>): Promise<RegistrationView> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    organization: row.organization,
    role: row.role,
    roleOther: row.role_other,
    session: row.session_id === null ? null : (sessionCodes.get(row.session_id) ?? null),
    needs: row.needs,
    publicListing: row.public_listing === 1,
    status: row.status,
    waitlistPosition: row.status === 'waitlisted' ? await waitlistPosition(db, row) : null,
    createdAt: new Date(row.created_at),
    answers: parseAnswers(row.answers_json),
    offerExpiresAt: row.status === 'waitlisted' && row.offer_expires_at ? new Date(row.offer_expires_at) : null,
  };
}

type RegistrationRow = Awaited<ReturnType<typeof loadRows>>[number];

function loadRows(db: Db, bookingId: number) {
  return db.selectFrom('registrations').selectAll().where('booking_id', '=', bookingId).orderBy('id').execute();
}

/**
 * Opens the registration behind a personal link. `targetId` selects a companion the link holder
 * booked; undefined when the token is unknown or the target is not theirs to see.
 */
export async function getMyRegistration(db: Db, token: string, targetId?: number): Promise<MyRegistration | undefined> {
  const ownId = await registrationIdForToken(db, token);
  if (ownId === undefined) return undefined;
  const ownRow = await db.selectFrom('registrations').selectAll().where('id', '=', ownId).executeTakeFirst();
  if (!ownRow) return undefined;
  const booking = await db
    .selectFrom('bookings')
    .select('booker_email')
    .where('id', '=', ownRow.booking_id)
    .executeTakeFirstOrThrow();
  const eventRow = await db
    .selectFrom('events')
    .select('slug')
    .where('id', '=', ownRow.event_id)
    .executeTakeFirstOrThrow();
  const event = await getEvent(db, eventRow.slug, { includeUnpublished: true });
  if (!event) return undefined;
  const sessionCodes = new Map(event.sessions.map((s) => [s.id, s.code]));

  const isBooker = ownRow.email_norm !== null && ownRow.email_norm === normalizeEmail(booking.booker_email);
  const companionRows = isBooker
    ? (await loadRows(db, ownRow.booking_id)).filter(
        // Deleted (anonymised) companions are gone from the booker's page too.
        (r) => r.id !== ownRow.id && r.email_norm === null && r.anonymised_at === null,
      )
    : [];
  const targetRow =
    targetId === undefined || targetId === ownRow.id ? ownRow : companionRows.find((r) => r.id === targetId);
  if (!targetRow) return undefined;

  return {
    event,
    own: await toView(db, ownRow, sessionCodes),
    target: await toView(db, targetRow, sessionCodes),
    companions: await Promise.all(companionRows.map((r) => toView(db, r, sessionCodes))),
  };
}
