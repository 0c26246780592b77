// Plans a co-creation session's tables with the planner and stores the plan as the session's latest.
import type { TablePlanSource } from '../../../db/schema.ts';
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { checkPlanInput } from '../check-input.ts';
import { planTables } from '../plan-tables.ts';
import { sessionPeople } from './plan-input.ts';
import { writeSeats } from './save-plan.ts';

export interface MakeTablePlanInput {
  eventId: number;
  sessionId: number;
  source: TablePlanSource;
  size: { tables: number } | { tableSize: number };
  rounds: number;
  seed: number;
  userId: number;
  actor: string;
}

/** Seats the session's participants for every round and stores the plan with its numbers. */
export async function makeTablePlan(
  deps: DbDeps,
  input: MakeTablePlanInput,
  now: Date,
): Promise<Result<{ planId: number }>> {
  const session = await deps.db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', input.sessionId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!session) return fail('not_found');
  const people = await sessionPeople(deps.db, input.sessionId, input.source);
  if (people.participants.length === 0) return fail('invalid', { source: 'no_participants' });
  const checked = checkPlanInput({ ...input.size, rounds: input.rounds, ...people });
  if (!checked.ok) return fail('invalid', { size: 'invalid_value' });
  const plan = planTables(checked.value, { seed: input.seed });
  const tables = plan.rounds[0]?.tables.length ?? 0;
  return deps.adapter.transaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('table_plans')
      .values({
        event_id: input.eventId,
        session_id: input.sessionId,
        source: input.source,
        rounds: input.rounds,
        tables_count: tables,
        seed: input.seed,
        metrics_json: JSON.stringify(plan.metrics),
        created_at: now.toISOString(),
        created_by: input.userId,
        locked: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeSeats(trx, row.id, plan.rounds, new Set());
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'tables.planned',
        eventId: input.eventId,
        subjectType: 'table_plan',
        subjectId: row.id,
        data: {
          sessionId: input.sessionId,
          source: input.source,
          tables,
          rounds: input.rounds,
          seed: input.seed,
          participants: people.participants.length,
        },
      },
      now,
    );
    return { ok: true as const, planId: row.id };
  });
}
