// Organisers move a person to another table in one round and lock (or unlock) them there.
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';
import { checkPlanInput } from '../check-input.ts';
import { metricsOf } from '../metrics.ts';
import { sessionPeople } from './plan-input.ts';
import { readSeats } from './save-plan.ts';

/** Seats the person at `table` in `round` (taking that table's challenge), locked when `fixed`. */
export async function moveSeat(
  deps: DbDeps,
  input: {
    eventId: number;
    planId: number;
    round: number;
    registrationId: number;
    table: number;
    fixed: boolean;
    actor: string;
  },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const plan = await trx
      .selectFrom('table_plans')
      .selectAll()
      .where('id', '=', input.planId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!plan) return fail('not_found');
    if (input.round < 1 || input.round > plan.rounds) return fail('invalid', { round: 'invalid_value' });
    if (input.table < 1 || input.table > plan.tables_count) return fail('invalid', { table: 'invalid_value' });
    const seat = await trx
      .selectFrom('table_seats')
      .select(['table_no'])
      .where('plan_id', '=', plan.id)
      .where('round', '=', input.round)
      .where('registration_id', '=', input.registrationId)
      .executeTakeFirst();
    if (!seat) return fail('not_found');
    const target = await trx
      .selectFrom('table_seats')
      .select('challenge_id')
      .where('plan_id', '=', plan.id)
      .where('round', '=', input.round)
      .where('table_no', '=', input.table)
      .where('registration_id', '<>', input.registrationId)
      .limit(1)
      .executeTakeFirst();
    const mine = await trx
      .selectFrom('table_seats')
      .select('challenge_id')
      .where('plan_id', '=', plan.id)
      .where('round', '=', input.round)
      .where('registration_id', '=', input.registrationId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('table_seats')
      .set({
        table_no: input.table,
        challenge_id: target ? target.challenge_id : seat.table_no === input.table ? mine.challenge_id : null,
        fixed: input.fixed ? 1 : 0,
      })
      .where('plan_id', '=', plan.id)
      .where('round', '=', input.round)
      .where('registration_id', '=', input.registrationId)
      .execute();
    // The numbers shown next to the plan follow the change.
    const people = await sessionPeople(trx, plan.session_id, plan.source);
    const { rounds } = await readSeats(trx, plan.id, plan.rounds, plan.tables_count);
    const seated = new Set(rounds.flatMap((r) => r.tables.flatMap((t) => t.members)));
    const checked = checkPlanInput({
      tables: plan.tables_count,
      rounds: plan.rounds,
      participants: people.participants.filter((p) => seated.has(p.id)),
      challenges: people.challenges,
    });
    if (checked.ok) {
      try {
        const metrics = metricsOf(checked.value, { rounds });
        await trx
          .updateTable('table_plans')
          .set({ metrics_json: JSON.stringify(metrics) })
          .where('id', '=', plan.id)
          .execute();
      } catch {
        // Seats of people who left the session since: the numbers wait for the next re-plan.
      }
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'tables.seat_moved',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: input.registrationId,
        data: { planId: plan.id, round: input.round, from: seat.table_no, to: input.table, fixed: input.fixed },
      },
      now,
    );
    return { ok: true as const };
  });
}
