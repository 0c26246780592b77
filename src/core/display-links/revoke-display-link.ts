// Revoking a display link: the projector that uses it gets 404 from then on.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';

/** Revokes one of the event's display links (again is a no-op); not_found for another event's. */
export async function revokeDisplayLink(
  deps: DbDeps,
  input: { eventId: number; linkId: number; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const link = await trx
      .selectFrom('display_links')
      .select(['id', 'revoked_at'])
      .where('id', '=', input.linkId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!link) return fail('not_found');
    if (link.revoked_at) return { ok: true as const };
    await trx.updateTable('display_links').set({ revoked_at: now.toISOString() }).where('id', '=', link.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'display_link.revoked',
        eventId: input.eventId,
        subjectType: 'display_link',
        subjectId: link.id,
      },
      now,
    );
    return { ok: true as const };
  });
}
