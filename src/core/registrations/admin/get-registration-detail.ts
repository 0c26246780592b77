import type { Db } from '../../../db/adapter.ts';
import { waitlistPosition } from '../places.ts';
import type { AdminRegistrationRow } from './registration-query.ts';

export interface AuditRecord {
  id: number;
  at: Date;
  /** The stored actor ("user:12:kari@example.no", "system", "booking:3", "registration:5"). */
  actor: string;
  /** The user's name when the actor is a user that still exists. */
  actorName: string | null;
  action: string;
  data: Record<string, unknown>;
}

export interface RegistrationDetail {
  registration: AdminRegistrationRow & {
    bookingId: number;
    sessionId: number | null;
    consentAt: Date;
    needsConsentAt: Date | null;
    /** Whether needs were given (their text is in `needs` only when asked for). */
    hasNeeds: boolean;
    /** The privacy notice version shown at sign-up; null when none (or added by an organiser). */
    privacyVersion: number | null;
    anonymisedAt: Date | null;
  };
  /** Everyone else signed up in the same booking. */
  bookedWith: { id: number; name: string; status: string }[];
  /** Newest first. */
  history: AuditRecord[];
}

/** One registration of an event with its booking and audit history; needs only when asked for. */
export async function getRegistrationDetail(
  db: Db,
  input: { eventId: number; registrationId: number; includeNeeds: boolean },
): Promise<RegistrationDetail | null> {
  const r = await db
    .selectFrom('registrations')
    .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
    .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
    .selectAll('registrations')
    .select([
      'bookings.booker_name',
      'bookings.booker_email',
      'sessions.code as session_code',
      'sessions.title as session_title',
    ])
    .where('registrations.id', '=', input.registrationId)
    .where('registrations.event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!r) return null;
  const [bookedWith, audit] = await Promise.all([
    db
      .selectFrom('registrations')
      .select(['id', 'name', 'status'])
      .where('booking_id', '=', r.booking_id)
      .where('id', '<>', r.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor', 'action', 'data_json'])
      .where('subject_type', '=', 'registration')
      .where('subject_id', '=', r.id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const userIds = [
    ...new Set(audit.map((a) => /^user:(\d+):/.exec(a.actor)?.[1]).filter((id) => id !== undefined)),
  ].map(Number);
  const users =
    userIds.length > 0 ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute() : [];
  const nameById = new Map(users.map((u) => [u.id, u.name]));
  let answers: Record<string, string | string[]> = {};
  try {
    answers = JSON.parse(r.answers_json) as Record<string, string | string[]>;
  } catch {
    answers = {};
  }
  return {
    registration: {
      id: r.id,
      name: r.name,
      email: r.email,
      organization: r.organization,
      role: r.role,
      roleOther: r.role_other,
      sessionId: r.session_id,
      sessionCode: r.session_code ?? null,
      sessionTitle: r.session_title ?? null,
      status: r.status,
      waitlistPosition: r.status === 'waitlisted' ? await waitlistPosition(db, r) : null,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
      checkedInAt: r.checked_in_at ? new Date(r.checked_in_at) : null,
      needs: input.includeNeeds ? r.needs : null,
      needsConsentAt: r.needs_consent_at ? new Date(r.needs_consent_at) : null,
      hasNeeds: r.needs !== '',
      privacyVersion: r.privacy_version,
      anonymisedAt: r.anonymised_at ? new Date(r.anonymised_at) : null,
      consentAt: new Date(r.consent_at),
      answers,
      bookingId: r.booking_id,
      bookerName: r.booker_name,
      bookerEmail: r.booker_email,
      publicListing: r.public_listing === 1,
      lang: r.lang,
    },
    bookedWith,
    history: audit.map((a) => {
      const userId = /^user:(\d+):/.exec(a.actor)?.[1];
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(a.data_json) as Record<string, unknown>;
      } catch {
        data = {};
      }
      return {
        id: a.id,
        at: new Date(a.at),
        actor: a.actor,
        actorName: userId ? (nameById.get(Number(userId)) ?? null) : null,
        action: a.action,
        data,
      };
    }),
  };
}
