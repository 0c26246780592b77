import type { Db } from '../../db/adapter.ts';
import { getEvent } from '../events/get-event.ts';
import type { EventDetails } from '../events/types.ts';
import { registrationIdForToken } from '../registrations/tokens.ts';

export interface EvaluationForm {
  event: EventDetails;
  registration: { id: number; name: string; status: 'confirmed' | 'waitlisted' | 'cancelled' };
  /** What was answered before, to fill the form again. */
  saved: { ratings: Record<string, number>; comment: string; updatedAt: Date } | null;
}

/** Parses stored ratings ({"<part id>": 1..5}); anything unreadable counts as none. */
export function parseRatings(json: string): Record<string, number> {
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1]) && e[1] >= 1 && e[1] <= 5,
      ),
    );
  } catch {
    return {};
  }
}

/** The evaluation behind a personal link: the event, who answers, and their earlier answer. */
export async function getEvaluationForm(db: Db, token: string): Promise<EvaluationForm | undefined> {
  const registrationId = await registrationIdForToken(db, token);
  if (registrationId === undefined) return undefined;
  const row = await db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.id', 'registrations.name', 'registrations.status', 'events.slug'])
    .where('registrations.id', '=', registrationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [event, saved] = await Promise.all([
    getEvent(db, row.slug, { includeUnpublished: true }),
    db
      .selectFrom('evaluations')
      .select(['ratings_json', 'comment', 'updated_at'])
      .where('registration_id', '=', registrationId)
      .executeTakeFirst(),
  ]);
  if (!event) return undefined;
  return {
    event,
    registration: { id: row.id, name: row.name, status: row.status },
    saved: saved
      ? { ratings: parseRatings(saved.ratings_json), comment: saved.comment, updatedAt: new Date(saved.updated_at) }
      : null,
  };
}
