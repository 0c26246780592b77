// Organisers edit their event's rubric: add, rename and describe, reorder, and remove a criterion
// nobody has scored yet. The last criterion stays: feedback needs at least one.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { listCriteria } from './rubric.ts';
import { type CriterionText, MAX_CRITERIA } from './types.ts';

export type RubricChange =
  | { op: 'add'; text: CriterionText }
  | { op: 'save'; criterionId: number; text: CriterionText }
  | { op: 'up' | 'down'; criterionId: number }
  | { op: 'remove'; criterionId: number };

/**
 * Applies one change to the event's rubric. Fails with `conflict` when removing a criterion that
 * has scores or is the last one, or adding beyond MAX_CRITERIA; `not_found` for another event's.
 */
export async function editRubric(
  deps: DbDeps,
  input: { eventId: number; change: RubricChange; actor: string },
  now: Date,
): Promise<Result<{ criterionId: number | null }>> {
  const { eventId, change } = input;
  return deps.adapter.capacityTransaction(deps.db, eventId, async (trx) => {
    const criteria = await listCriteria(trx, eventId);
    let criterionId: number | null = null;
    if (change.op === 'add') {
      if (criteria.length >= MAX_CRITERIA) return fail('conflict');
      const row = await trx
        .insertInto('rubric_criteria')
        .values({
          event_id: eventId,
          position: (criteria.at(-1)?.position ?? 0) + 1,
          name: change.text.name,
          description: change.text.description,
          created_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      criterionId = row.id;
    } else {
      const index = criteria.findIndex((c) => c.id === change.criterionId);
      const current = criteria[index];
      if (!current) return fail('not_found');
      criterionId = current.id;
      if (change.op === 'save') {
        await trx
          .updateTable('rubric_criteria')
          .set({ name: change.text.name, description: change.text.description })
          .where('id', '=', current.id)
          .execute();
      } else if (change.op === 'remove') {
        if (criteria.length <= 1) return fail('conflict');
        const used = await trx
          .selectFrom('idea_scores')
          .select('criterion_id')
          .where('criterion_id', '=', current.id)
          .limit(1)
          .executeTakeFirst();
        if (used) return fail('conflict');
        await trx.deleteFrom('rubric_criteria').where('id', '=', current.id).execute();
      } else {
        const other = criteria[change.op === 'up' ? index - 1 : index + 1];
        if (other) {
          // Renumber the whole list in its new order: positions stay 1..n whatever came before.
          const order = [...criteria];
          order[index] = other;
          order[change.op === 'up' ? index - 1 : index + 1] = current;
          for (const [i, c] of order.entries()) {
            if (c.position !== i + 1) {
              await trx
                .updateTable('rubric_criteria')
                .set({ position: i + 1 })
                .where('id', '=', c.id)
                .execute();
            }
          }
        }
      }
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: `rubric.${change.op === 'up' || change.op === 'down' ? 'moved' : change.op === 'add' ? 'added' : change.op === 'save' ? 'edited' : 'removed'}`,
        eventId,
        subjectType: 'criterion',
        subjectId: criterionId,
        data: 'text' in change ? { ...change.text } : change.op === 'remove' ? {} : { direction: change.op },
      },
      now,
    );
    return { ok: true as const, criterionId };
  });
}
