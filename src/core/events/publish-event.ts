import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { type EditTarget, editEvent } from './event-edit.ts';

/** Publishes an event (it appears on the public site and opens for sign-up) or takes it down. */
export async function publishEvent(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { published: boolean },
  now: Date,
) {
  return editEvent(deps, input, now, async (trx, before) => {
    const published = input.published ? 1 : 0;
    if (before.published !== published) {
      await trx.updateTable('events').set({ published }).where('id', '=', input.eventId).execute();
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: input.published ? 'event.published' : 'event.unpublished',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { wasPublished: before.published === 1 },
      },
      now,
    );
    return { published: input.published };
  });
}
