// A registrant of a co-creation session proposes a local challenge for organisers to curate.
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';

/** At most this many proposals per registrant (so a page cannot be flooded). */
export const MAX_PROPOSALS_PER_REGISTRANT = 5;

export interface ChallengeText {
  title: string;
  description: string;
  affected: string;
}

/** Stores a proposed challenge for the registrant's session, which must be open for challenges. */
export async function proposeChallenge(
  deps: DbDeps,
  input: ChallengeText & { registrationId: number; actor: string },
  now: Date,
): Promise<Result<{ challengeId: number }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const reg = await trx
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select([
        'registrations.event_id',
        'registrations.status',
        'sessions.id as session_id',
        'sessions.challenges_open',
      ])
      .where('registrations.id', '=', input.registrationId)
      .executeTakeFirst();
    if (reg?.challenges_open !== 1) return fail('change_closed');
    if (reg.status === 'cancelled') return fail('already_cancelled');
    const own = await trx
      .selectFrom('challenges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('proposed_by_registration_id', '=', input.registrationId)
      .executeTakeFirstOrThrow();
    if (Number(own.n) >= MAX_PROPOSALS_PER_REGISTRANT) return fail('conflict');
    const at = now.toISOString();
    const row = await trx
      .insertInto('challenges')
      .values({
        event_id: reg.event_id,
        session_id: reg.session_id,
        title: input.title,
        description: input.description,
        affected: input.affected,
        status: 'proposed',
        merged_into: null,
        rejection_note: '',
        proposed_by_registration_id: input.registrationId,
        created_by_user_id: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'challenge.proposed',
        eventId: reg.event_id,
        subjectType: 'challenge',
        subjectId: row.id,
        data: { sessionId: reg.session_id, title: input.title },
      },
      now,
    );
    return { ok: true as const, challengeId: row.id };
  });
}
