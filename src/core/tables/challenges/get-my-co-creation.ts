// What a registrant's personal page shows of the co-creation session: their proposals, the
// published challenges with their ranking, and their table in each round.
import type { Db } from '../../../db/adapter.ts';
import type { ChallengeStatus } from '../../../db/schema.ts';
import { getMyTables, type MyTable } from '../plans/get-table-plan.ts';

export interface MyCoCreation {
  open: boolean;
  published: boolean;
  proposals: { id: number; title: string; status: ChallengeStatus; rejectionNote: string }[];
  accepted: { id: number; title: string; description: string; affected: string }[];
  /** Challenge id per rank (index 0 = first choice), null where nothing is chosen. */
  ranking: (number | null)[];
  tables: MyTable[];
}

/** The registrant's co-creation state; null when their session has no challenges or tables. */
export async function getMyCoCreation(db: Db, registrationId: number): Promise<MyCoCreation | null> {
  const reg = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select(['sessions.id as session_id', 'sessions.challenges_open', 'sessions.challenges_published'])
    .where('registrations.id', '=', registrationId)
    .where('registrations.status', '<>', 'cancelled')
    .executeTakeFirst();
  if (!reg) return null;
  const tables = await getMyTables(db, registrationId);
  const open = reg.challenges_open === 1;
  const published = reg.challenges_published === 1;
  if (!open && !published && tables.length === 0) return null;
  const proposals = await db
    .selectFrom('challenges')
    .select(['id', 'title', 'status', 'rejection_note'])
    .where('proposed_by_registration_id', '=', registrationId)
    .orderBy('id')
    .execute();
  const accepted = published
    ? await db
        .selectFrom('challenges')
        .select(['id', 'title', 'description', 'affected'])
        .where('session_id', '=', reg.session_id)
        .where('status', '=', 'accepted')
        .orderBy('title')
        .execute()
    : [];
  const ranks = await db
    .selectFrom('challenge_rankings')
    .select(['challenge_id', 'rank'])
    .where('registration_id', '=', registrationId)
    .execute();
  const ranking: (number | null)[] = [null, null, null];
  for (const r of ranks) if (r.rank >= 1 && r.rank <= 3) ranking[r.rank - 1] = r.challenge_id;
  return {
    open,
    published,
    proposals: proposals.map((p) => ({ id: p.id, title: p.title, status: p.status, rejectionNote: p.rejection_note })),
    accepted,
    ranking,
    tables,
  };
}
