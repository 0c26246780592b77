// Writes a planner result as a plan's seats (shared by planning, re-planning and moving people).
import type { Db } from '../../../db/adapter.ts';
import type { PlanRound } from '../types.ts';

/** Replaces the plan's seats with `rounds`; `fixed` holds "registrationId:round" of locked seats. */
export async function writeSeats(trx: Db, planId: number, rounds: PlanRound[], fixed: Set<string>): Promise<void> {
  await trx.deleteFrom('table_seats').where('plan_id', '=', planId).execute();
  const rows = rounds.flatMap((round, r) =>
    round.tables.flatMap((table) =>
      table.members.map((id) => ({
        plan_id: planId,
        round: r + 1,
        table_no: table.table,
        registration_id: Number(id),
        challenge_id: table.challenge === null ? null : Number(table.challenge),
        fixed: fixed.has(`${id}:${r + 1}`) ? 1 : 0,
      })),
    ),
  );
  // Batches keep PostgreSQL's parameter count and SQLite's variable limit well away.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('table_seats')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** The plan's seats as planner rounds, and the locked ones. */
export async function readSeats(
  db: Db,
  planId: number,
  rounds: number,
  tables: number,
): Promise<{ rounds: PlanRound[]; fixed: Set<string> }> {
  const seats = await db
    .selectFrom('table_seats')
    .select(['round', 'table_no', 'registration_id', 'challenge_id', 'fixed'])
    .where('plan_id', '=', planId)
    .orderBy('round')
    .orderBy('table_no')
    .orderBy('registration_id')
    .execute();
  const out: PlanRound[] = Array.from({ length: rounds }, () => ({
    tables: Array.from({ length: tables }, (_, t) => ({
      table: t + 1,
      challenge: null as string | null,
      members: [] as string[],
    })),
  }));
  const fixed = new Set<string>();
  for (const s of seats) {
    const table = out[s.round - 1]?.tables[s.table_no - 1];
    if (!table) continue;
    table.members.push(String(s.registration_id));
    if (s.challenge_id !== null) table.challenge = String(s.challenge_id);
    if (s.fixed === 1) fixed.add(`${s.registration_id}:${s.round}`);
  }
  return { rounds: out, fixed };
}
