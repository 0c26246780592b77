// Reading challenges: the sessions that can have them, and a session's challenges for curation.
import type { Db } from '../../../db/adapter.ts';
import type { ChallengeStatus } from '../../../db/schema.ts';

export interface TableSession {
  id: number;
  code: string;
  title: string;
  /** Registrants may propose challenges. */
  challengesOpen: boolean;
  /** Accepted challenges are shown to registrants, who may rank them. */
  challengesPublished: boolean;
}

export interface ChallengeView {
  id: number;
  sessionId: number;
  title: string;
  description: string;
  affected: string;
  status: ChallengeStatus;
  mergedInto: number | null;
  rejectionNote: string;
  /** Name of the registrant who proposed it; null when an organiser added it. */
  proposedBy: string | null;
  proposedByRegistrationId: number | null;
  /** How many registrants ranked it first, second, third. */
  ranks: [number, number, number];
}

/** The event's sessions with their challenge settings, in programme order. */
export async function listTableSessions(db: Db, eventId: number): Promise<TableSession[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'code', 'title', 'challenges_open', 'challenges_published'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    code: s.code,
    title: s.title,
    challengesOpen: s.challenges_open === 1,
    challengesPublished: s.challenges_published === 1,
  }));
}

/** A session's challenges (all statuses), oldest first, with how often each was ranked. */
export async function listChallenges(db: Db, sessionId: number): Promise<ChallengeView[]> {
  const rows = await db
    .selectFrom('challenges')
    .leftJoin('registrations', 'registrations.id', 'challenges.proposed_by_registration_id')
    .select([
      'challenges.id',
      'challenges.session_id',
      'challenges.title',
      'challenges.description',
      'challenges.affected',
      'challenges.status',
      'challenges.merged_into',
      'challenges.rejection_note',
      'challenges.proposed_by_registration_id',
      'registrations.name as proposer',
    ])
    .where('challenges.session_id', '=', sessionId)
    .orderBy('challenges.id')
    .execute();
  const ranks = await db
    .selectFrom('challenge_rankings')
    .innerJoin('challenges', 'challenges.id', 'challenge_rankings.challenge_id')
    .select(['challenge_rankings.challenge_id', 'challenge_rankings.rank', (eb) => eb.fn.countAll<number>().as('n')])
    .where('challenges.session_id', '=', sessionId)
    .groupBy(['challenge_rankings.challenge_id', 'challenge_rankings.rank'])
    .execute();
  const counts = new Map<number, [number, number, number]>();
  for (const r of ranks) {
    const c = counts.get(r.challenge_id) ?? [0, 0, 0];
    if (r.rank >= 1 && r.rank <= 3) c[r.rank - 1] = Number(r.n);
    counts.set(r.challenge_id, c);
  }
  return rows.map((r) => ({
    id: r.id,
    sessionId: r.session_id,
    title: r.title,
    description: r.description,
    affected: r.affected,
    status: r.status,
    mergedInto: r.merged_into,
    rejectionNote: r.rejection_note,
    proposedBy: r.proposer ?? null,
    proposedByRegistrationId: r.proposed_by_registration_id,
    ranks: counts.get(r.id) ?? [0, 0, 0],
  }));
}
