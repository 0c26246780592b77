// A secret link to an event's projector views (/vis/<token>), for the machine in the hall that
// nobody logs in on. Only the token's hash is stored; the token is shown once, on creation.
import { newToken, tokenHash } from '../accounts/secrets.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import type { Result } from '../shared/result.ts';

export const DISPLAY_LINK_LABEL_MAX = 100;

/** Creates a display link for the event; returns the token (never stored) and the link's id. */
export async function createDisplayLink(
  deps: DbDeps,
  input: { eventId: number; label: string; userId: number | null; actor: string },
  now: Date,
): Promise<Result<{ id: number; token: string }>> {
  const token = newToken();
  const label = input.label.trim().slice(0, DISPLAY_LINK_LABEL_MAX);
  return deps.adapter.transaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('display_links')
      .values({
        event_id: input.eventId,
        token_hash: tokenHash(token),
        label,
        created_by: input.userId,
        created_at: now.toISOString(),
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'display_link.created',
        eventId: input.eventId,
        subjectType: 'display_link',
        subjectId: row.id,
        data: { label },
      },
      now,
    );
    return { ok: true as const, id: row.id, token };
  });
}
