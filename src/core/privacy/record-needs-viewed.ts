import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';

/**
 * Logs that an organiser opened the needs (possibly health data) of one registration, or of the
 * registrations list (`registrationId` null, with the number of rows shown).
 */
export async function recordNeedsViewed(
  deps: DbDeps,
  input: { eventId: number; registrationId: number | null; rows?: number; actor: string },
  now: Date,
): Promise<void> {
  await deps.adapter.transaction(deps.db, async (trx) => {
    if (input.registrationId !== null) {
      const found = await trx
        .selectFrom('registrations')
        .select('id')
        .where('id', '=', input.registrationId)
        .where('event_id', '=', input.eventId)
        .executeTakeFirst();
      if (!found) return;
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.needs_viewed',
        eventId: input.eventId,
        subjectType: input.registrationId === null ? 'event' : 'registration',
        subjectId: input.registrationId ?? input.eventId,
        data: input.registrationId === null ? { rows: input.rows ?? 0 } : {},
      },
      now,
    );
  });
}
