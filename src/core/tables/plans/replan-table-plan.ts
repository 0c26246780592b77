// Re-plans a session's latest plan for who is there now: locked people stay, others move only when
// table sizes force it, newcomers fill the gaps (replanTables).
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { checkPlanInput } from '../check-input.ts';
import { replanTables } from '../replan-tables.ts';
import { sessionPeople } from './plan-input.ts';
import { readSeats, writeSeats } from './save-plan.ts';

/** Re-plans the plan in place; returns how many seatings changed table. */
export async function replanTablePlan(
  deps: DbDeps,
  input: { eventId: number; planId: number; actor: string },
  now: Date,
): Promise<Result<{ moved: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const plan = await trx
      .selectFrom('table_plans')
      .selectAll()
      .where('id', '=', input.planId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!plan) return fail('not_found');
    const people = await sessionPeople(trx, plan.session_id, plan.source);
    if (people.participants.length === 0) return fail('invalid', { source: 'no_participants' });
    const previous = await readSeats(trx, plan.id, plan.rounds, plan.tables_count);
    const lockedAt = new Map<string, (number | null)[]>();
    for (const [r, round] of previous.rounds.entries()) {
      for (const table of round.tables) {
        for (const id of table.members) {
          if (!previous.fixed.has(`${id}:${r + 1}`)) continue;
          const per = lockedAt.get(id) ?? new Array<number | null>(plan.rounds).fill(null);
          per[r] = table.table;
          lockedAt.set(id, per);
        }
      }
    }
    const participants = people.participants.map((p) => {
      const fixedTable = lockedAt.get(p.id);
      return fixedTable ? { ...p, fixedTable } : p;
    });
    const checked = checkPlanInput({
      tables: plan.tables_count,
      rounds: plan.rounds,
      participants,
      challenges: people.challenges,
    });
    if (!checked.ok) return fail('invalid', { size: 'invalid_value' });
    const result = replanTables(checked.value, previous, { seed: plan.seed });
    const stillFixed = new Set([...previous.fixed].filter((k) => lockedAt.has(k.split(':')[0] ?? '')));
    await writeSeats(trx, plan.id, result.rounds, stillFixed);
    await trx
      .updateTable('table_plans')
      .set({ metrics_json: JSON.stringify(result.metrics) })
      .where('id', '=', plan.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'tables.replanned',
        eventId: input.eventId,
        subjectType: 'table_plan',
        subjectId: plan.id,
        data: { moved: result.moved.count, participants: participants.length },
      },
      now,
    );
    return { ok: true as const, moved: result.moved.count };
  });
}
