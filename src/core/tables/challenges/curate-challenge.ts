// Organisers accept a challenge, reject it with a note for the proposer, or merge a duplicate into
// another (its rankings move to the one it was merged into).
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';

export type Curation = { action: 'accept' } | { action: 'reject'; note: string } | { action: 'merge'; into: number };

/** Changes a challenge's status; only accepted challenges can be ranked, so rankings of others go. */
export async function curateChallenge(
  deps: DbDeps,
  input: { eventId: number; challengeId: number; curation: Curation; actor: string },
  now: Date,
): Promise<Result<object>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const c = await trx
      .selectFrom('challenges')
      .select(['id', 'session_id', 'status'])
      .where('id', '=', input.challengeId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!c) return fail('not_found');
    const at = now.toISOString();
    const cur = input.curation;
    if (cur.action === 'accept') {
      await trx
        .updateTable('challenges')
        .set({ status: 'accepted', merged_into: null, rejection_note: '', updated_at: at })
        .where('id', '=', c.id)
        .execute();
    } else if (cur.action === 'reject') {
      await trx
        .updateTable('challenges')
        .set({ status: 'rejected', merged_into: null, rejection_note: cur.note, updated_at: at })
        .where('id', '=', c.id)
        .execute();
      await trx.deleteFrom('challenge_rankings').where('challenge_id', '=', c.id).execute();
    } else {
      const target = await trx
        .selectFrom('challenges')
        .select(['id', 'status'])
        .where('id', '=', cur.into)
        .where('session_id', '=', c.session_id)
        .executeTakeFirst();
      if (!target || target.id === c.id || target.status === 'merged' || target.status === 'rejected') {
        return fail('invalid', { into: 'invalid_value' });
      }
      await trx
        .updateTable('challenges')
        .set({ status: 'merged', merged_into: target.id, rejection_note: '', updated_at: at })
        .where('id', '=', c.id)
        .execute();
      // Challenges merged into this one follow it to the new target.
      await trx
        .updateTable('challenges')
        .set({ merged_into: target.id, updated_at: at })
        .where('merged_into', '=', c.id)
        .execute();
      // A ranking of the duplicate becomes a ranking of the target, unless the person ranked both.
      const both = await trx
        .selectFrom('challenge_rankings')
        .select('registration_id')
        .where('challenge_id', '=', target.id)
        .execute();
      const already = both.map((r) => r.registration_id);
      if (already.length > 0) {
        await trx
          .deleteFrom('challenge_rankings')
          .where('challenge_id', '=', c.id)
          .where('registration_id', 'in', already)
          .execute();
      }
      await trx
        .updateTable('challenge_rankings')
        .set({ challenge_id: target.id })
        .where('challenge_id', '=', c.id)
        .execute();
      if (target.status === 'proposed') {
        await trx
          .updateTable('challenges')
          .set({ status: 'accepted', updated_at: at })
          .where('id', '=', target.id)
          .execute();
      }
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action:
          cur.action === 'accept'
            ? 'challenge.accepted'
            : cur.action === 'reject'
              ? 'challenge.rejected'
              : 'challenge.merged',
        eventId: input.eventId,
        subjectType: 'challenge',
        subjectId: c.id,
        data: cur.action === 'reject' ? { note: cur.note } : cur.action === 'merge' ? { into: cur.into } : {},
      },
      now,
    );
    return { ok: true as const };
  });
}
