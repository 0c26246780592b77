// Reading a session's latest table plan with names, roles, organisations and challenge titles.
import type { Db } from '../../../db/adapter.ts';
import type { TablePlanSource } from '../../../db/schema.ts';
import type { Metrics } from '../types.ts';

export interface SeatView {
  registrationId: number;
  name: string;
  role: string;
  roleOther: string;
  organization: string;
  fixed: boolean;
}

export interface TableView {
  table: number;
  challengeId: number | null;
  challengeTitle: string | null;
  members: SeatView[];
}

export interface TablePlanView {
  id: number;
  sessionId: number;
  source: TablePlanSource;
  rounds: number;
  tablesCount: number;
  seed: number;
  createdAt: string;
  metrics: Metrics;
  /** rounds[r].tables[t] */
  byRound: { round: number; tables: TableView[] }[];
}

/** The id of the session's latest plan, if any. */
export async function latestPlanId(db: Db, sessionId: number): Promise<number | null> {
  const row = await db
    .selectFrom('table_plans')
    .select('id')
    .where('session_id', '=', sessionId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The session's latest plan, laid out per round and table; null when none was made. */
export async function getTablePlan(db: Db, sessionId: number): Promise<TablePlanView | null> {
  const id = await latestPlanId(db, sessionId);
  if (id === null) return null;
  const plan = await db.selectFrom('table_plans').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const seats = await db
    .selectFrom('table_seats')
    .innerJoin('registrations', 'registrations.id', 'table_seats.registration_id')
    .leftJoin('challenges', 'challenges.id', 'table_seats.challenge_id')
    .select([
      'table_seats.round',
      'table_seats.table_no',
      'table_seats.registration_id',
      'table_seats.challenge_id',
      'table_seats.fixed',
      'registrations.name',
      'registrations.role',
      'registrations.role_other',
      'registrations.organization',
      'challenges.title as challenge_title',
    ])
    .where('table_seats.plan_id', '=', id)
    .orderBy('table_seats.round')
    .orderBy('table_seats.table_no')
    .orderBy('registrations.name')
    .execute();
  const byRound = Array.from({ length: plan.rounds }, (_, r) => ({
    round: r + 1,
    tables: Array.from(
      { length: plan.tables_count },
      (_, t): TableView => ({ table: t + 1, challengeId: null, challengeTitle: null, members: [] }),
    ),
  }));
  for (const s of seats) {
    const table = byRound[s.round - 1]?.tables[s.table_no - 1];
    if (!table) continue;
    if (s.challenge_id !== null) {
      table.challengeId = s.challenge_id;
      table.challengeTitle = s.challenge_title ?? null;
    }
    table.members.push({
      registrationId: s.registration_id,
      name: s.name,
      role: s.role,
      roleOther: s.role_other,
      organization: s.organization,
      fixed: s.fixed === 1,
    });
  }
  return {
    id: plan.id,
    sessionId: plan.session_id,
    source: plan.source,
    rounds: plan.rounds,
    tablesCount: plan.tables_count,
    seed: plan.seed,
    createdAt: plan.created_at,
    metrics: JSON.parse(plan.metrics_json) as Metrics,
    byRound,
  };
}

export interface MyTable {
  round: number;
  table: number;
  challengeTitle: string | null;
}

/** A registrant's table in each round of their session's latest plan (empty when not seated). */
export async function getMyTables(db: Db, registrationId: number): Promise<MyTable[]> {
  const reg = await db
    .selectFrom('registrations')
    .select('session_id')
    .where('id', '=', registrationId)
    .executeTakeFirst();
  if (!reg || reg.session_id === null) return [];
  const id = await latestPlanId(db, reg.session_id);
  if (id === null) return [];
  const rows = await db
    .selectFrom('table_seats')
    .leftJoin('challenges', 'challenges.id', 'table_seats.challenge_id')
    .select(['table_seats.round', 'table_seats.table_no', 'challenges.title'])
    .where('table_seats.plan_id', '=', id)
    .where('table_seats.registration_id', '=', registrationId)
    .orderBy('table_seats.round')
    .execute();
  return rows.map((r) => ({ round: r.round, table: r.table_no, challengeTitle: r.title ?? null }));
}
