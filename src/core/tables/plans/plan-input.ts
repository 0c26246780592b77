// What the planner needs from the database: a session's participants (role, organisation, ranked
// challenges) and its accepted challenges, as the pure planner's input.
import type { Db } from '../../../db/adapter.ts';
import type { TablePlanSource } from '../../../db/schema.ts';
import type { Challenge, Participant } from '../types.ts';

export interface SessionPeople {
  participants: Participant[];
  challenges: Challenge[];
}

/** Organisations compare without case and surrounding spaces ("NTNU " and "ntnu" clash). */
function orgKey(organization: string): string {
  return organization.trim().toLocaleLowerCase('nb').replace(/\s+/g, ' ');
}

/** Confirmed (or confirmed and checked-in) registrants of the session, ordered by registration. */
export async function sessionPeople(db: Db, sessionId: number, source: TablePlanSource): Promise<SessionPeople> {
  let query = db
    .selectFrom('registrations')
    .select(['id', 'role', 'organization'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .where('anonymised_at', 'is', null);
  if (source === 'checked_in') query = query.where('checked_in_at', 'is not', null);
  const people = await query.orderBy('id').execute();
  const challenges = await db
    .selectFrom('challenges')
    .select(['id', 'title'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'accepted')
    .orderBy('id')
    .execute();
  const accepted = new Set(challenges.map((c) => c.id));
  const rankings = await db
    .selectFrom('challenge_rankings')
    .innerJoin('registrations', 'registrations.id', 'challenge_rankings.registration_id')
    .select(['challenge_rankings.registration_id', 'challenge_rankings.challenge_id', 'challenge_rankings.rank'])
    .where('registrations.session_id', '=', sessionId)
    .orderBy('challenge_rankings.rank')
    .execute();
  const ranked = new Map<number, string[]>();
  for (const r of rankings) {
    if (!accepted.has(r.challenge_id)) continue;
    const list = ranked.get(r.registration_id) ?? [];
    list.push(String(r.challenge_id));
    ranked.set(r.registration_id, list);
  }
  return {
    participants: people.map((p) => ({
      id: String(p.id),
      role: p.role,
      organization: orgKey(p.organization),
      challenges: ranked.get(p.id) ?? [],
    })),
    challenges: challenges.map((c) => ({ id: String(c.id), title: c.title })),
  };
}
