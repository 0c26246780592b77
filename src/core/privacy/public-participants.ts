import type { Db } from '../../db/adapter.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';

export interface PublicParticipant {
  name: string;
  organization: string;
}

/**
 * The event page's participant list: name and organisation of confirmed registrants who opted
 * in, sorted by name; empty unless the organiser has turned the list on.
 */
export async function listPublicParticipants(db: Db, eventId: number, lang = 'nb'): Promise<PublicParticipant[]> {
  const rows = await db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.name', 'registrations.organization'])
    .where('registrations.event_id', '=', eventId)
    .where('events.public_list', '=', 1)
    .where('registrations.status', '=', 'confirmed')
    .where('registrations.public_listing', '=', 1)
    .where('registrations.anonymised_at', 'is', null)
    .limit(5000)
    .execute();
  const collator = new Intl.Collator(lang === 'en' ? 'en-GB' : 'nb-NO');
  return rows
    .map((r) => ({ name: r.name, organization: r.organization }))
    .sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.organization, b.organization));
}

/** Turns the event page's participant list on or off (an edit of the event: version raised). */
export async function setPublicList(
  deps: DbDeps,
  input: { eventId: number; enabled: boolean; actor: string },
  now: Date,
): Promise<{ ok: true; changed: boolean }> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const at = now.toISOString();
    const result = await trx
      .updateTable('events')
      .set((eb) => ({ public_list: input.enabled ? 1 : 0, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', input.eventId)
      .where('public_list', '<>', input.enabled ? 1 : 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: true as const, changed: false };
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.public_list_changed',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { enabled: input.enabled },
      },
      now,
    );
    return { ok: true as const, changed: true };
  });
}
