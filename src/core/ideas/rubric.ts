// The event's feedback rubric. An event gets the default criteria (in its main language) the
// first time anything needs its rubric; organisers edit it from then on.
import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import type { Criterion, CriterionText } from './types.ts';

/** The event's criteria in order (without seeding). */
export async function listCriteria(db: Db, eventId: number): Promise<Criterion[]> {
  const rows = await db
    .selectFrom('rubric_criteria')
    .select(['id', 'name', 'description', 'position'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows;
}

/**
 * The event's criteria; an event without any gets `defaults` first (once, also with several
 * processes: the seeding runs under the event's lock and looks again).
 */
export async function getRubric(
  deps: DbDeps,
  eventId: number,
  defaults: readonly CriterionText[],
  now: Date,
): Promise<Criterion[]> {
  const found = await listCriteria(deps.db, eventId);
  if (found.length > 0) return found;
  return deps.adapter.capacityTransaction(deps.db, eventId, async (trx) => {
    const again = await listCriteria(trx, eventId);
    if (again.length > 0) return again;
    const at = now.toISOString();
    await trx
      .insertInto('rubric_criteria')
      .values(
        defaults.map((d, i) => ({
          event_id: eventId,
          position: i + 1,
          name: d.name,
          description: d.description,
          created_at: at,
        })),
      )
      .execute();
    await recordAudit(
      trx,
      {
        actor: 'system',
        action: 'rubric.seeded',
        eventId,
        subjectType: 'event',
        subjectId: eventId,
        data: { criteria: defaults.map((d) => d.name) },
      },
      now,
    );
    return listCriteria(trx, eventId);
  });
}
