// Who may take part in a pitch session: a confirmed registrant of a session marked as a pitch
// session. Every registrant-facing use case of the clinic starts here.
import type { Db } from '../../db/adapter.ts';

export interface PitchParticipant {
  registrationId: number;
  eventId: number;
  sessionId: number;
  sessionCode: string;
  sessionTitle: string;
  sessionStartsAt: Date;
  sessionEndsAt: Date;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
}

/** The registration's pitch session (whatever its status), or null when its session is not one. */
export async function findPitchParticipant(db: Db, registrationId: number): Promise<PitchParticipant | null> {
  const row = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select([
      'registrations.id',
      'registrations.event_id',
      'registrations.status',
      'sessions.id as session_id',
      'sessions.code',
      'sessions.title',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.pitch',
    ])
    .where('registrations.id', '=', registrationId)
    .executeTakeFirst();
  if (row?.pitch !== 1) return null;
  return {
    registrationId: row.id,
    eventId: row.event_id,
    sessionId: row.session_id,
    sessionCode: row.code,
    sessionTitle: row.title,
    sessionStartsAt: new Date(row.starts_at),
    sessionEndsAt: new Date(row.ends_at),
    status: row.status,
  };
}
