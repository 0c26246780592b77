import { createEvent } from '../events/create-event.ts';
import type { Deps } from '../shared/deps.ts';
import { pastDemo, upcomingDemo } from './reference-seminar.ts';

/** Adds the demo events that are not there yet; returns the slugs added. */
export async function seedDemo(deps: Pick<Deps, 'db' | 'adapter'>, now: Date): Promise<string[]> {
  const added: string[] = [];
  for (const draft of [upcomingDemo(now), pastDemo()]) {
    const exists = await deps.db.selectFrom('events').select('id').where('slug', '=', draft.slug).executeTakeFirst();
    if (exists) continue;
    try {
      await createEvent(deps, draft, 'system:seed-demo', now);
      added.push(draft.slug);
    } catch (error) {
      // Another process seeding at the same moment won the unique slug: that is fine.
      const again = await deps.db.selectFrom('events').select('id').where('slug', '=', draft.slug).executeTakeFirst();
      if (!again) throw error;
    }
  }
  return added;
}
