// A registrant of a pitch session submits their research idea, or edits it, until the session
// starts. One idea per registration; a new idea joins the end of the running order.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { findPitchParticipant } from './pitch-participant.ts';
import type { IdeaText } from './types.ts';

/** Stores the registrant's idea (created when they have none); `created` tells which. */
export async function saveIdea(
  deps: DbDeps,
  input: { registrationId: number; text: IdeaText; actor: string },
  now: Date,
): Promise<Result<{ ideaId: number; created: boolean }>> {
  const who = await findPitchParticipant(deps.db, input.registrationId);
  if (!who) return fail('not_found');
  // The running order is per session: take the event's lock so two new ideas never share a place.
  return deps.adapter.capacityTransaction(deps.db, who.eventId, async (trx) => {
    const me = await findPitchParticipant(trx, input.registrationId);
    if (!me) return fail('not_found');
    if (me.status === 'cancelled') return fail('already_cancelled');
    if (me.status !== 'confirmed') return fail('not_in_session');
    if (now >= me.sessionStartsAt) return fail('change_closed');
    const t = input.text;
    const values = {
      title: t.title,
      problem: t.problem,
      novelty: t.novelty,
      partners_research: t.partners.research,
      partners_public: t.partners.public,
      partners_business: t.partners.business,
      partners_civil: t.partners.civil,
      funding: t.funding,
      stage: t.stage,
      updated_at: now.toISOString(),
    };
    const existing = await trx
      .selectFrom('ideas')
      .select(['id', 'session_id'])
      .where('registration_id', '=', input.registrationId)
      .executeTakeFirst();
    const nextPosition = async () => {
      const last = await trx
        .selectFrom('ideas')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('session_id', '=', me.sessionId)
        .executeTakeFirst();
      return Number(last?.p ?? 0) + 1;
    };
    let ideaId: number;
    if (existing) {
      // Someone who moved to another pitch session and back takes their idea along, to the end.
      const moved = existing.session_id !== me.sessionId;
      await trx
        .updateTable('ideas')
        .set({
          ...values,
          ...(moved ? { session_id: me.sessionId, event_id: me.eventId, position: await nextPosition() } : {}),
        })
        .where('id', '=', existing.id)
        .execute();
      ideaId = existing.id;
    } else {
      const row = await trx
        .insertInto('ideas')
        .values({
          ...values,
          event_id: me.eventId,
          session_id: me.sessionId,
          registration_id: input.registrationId,
          position: await nextPosition(),
          created_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ideaId = row.id;
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: existing ? 'idea.edited' : 'idea.submitted',
        eventId: me.eventId,
        subjectType: 'idea',
        subjectId: ideaId,
        data: { sessionId: me.sessionId, title: t.title, stage: t.stage },
      },
      now,
    );
    return { ok: true as const, ideaId, created: !existing };
  });
}
