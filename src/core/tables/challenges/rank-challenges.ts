// A registrant ranks up to three of the published, accepted challenges of their session.
import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';
import { fail, type Result } from '../../shared/result.ts';

/** Replaces the registrant's ranking; `ranks[0]` is the first choice, null leaves a rank empty. */
export async function rankChallenges(
  deps: DbDeps,
  input: { registrationId: number; ranks: (number | null)[]; actor: string },
  now: Date,
): Promise<Result<object>> {
  const chosen = input.ranks.slice(0, 3);
  const ids = chosen.filter((c): c is number => c !== null);
  if (new Set(ids).size !== ids.length) {
    const dup = chosen.findIndex((c, i) => c !== null && chosen.indexOf(c) !== i);
    return fail('invalid', { [`rank${dup + 1}`]: 'duplicate_choice' });
  }
  return deps.adapter.transaction(deps.db, async (trx) => {
    const reg = await trx
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select([
        'registrations.event_id',
        'registrations.status',
        'sessions.id as session_id',
        'sessions.challenges_published',
      ])
      .where('registrations.id', '=', input.registrationId)
      .executeTakeFirst();
    if (reg?.challenges_published !== 1) return fail('change_closed');
    if (reg.status === 'cancelled') return fail('already_cancelled');
    if (ids.length > 0) {
      const ok = await trx
        .selectFrom('challenges')
        .select('id')
        .where('id', 'in', ids)
        .where('session_id', '=', reg.session_id)
        .where('status', '=', 'accepted')
        .execute();
      const known = new Set(ok.map((r) => r.id));
      const bad = chosen.findIndex((c) => c !== null && !known.has(c));
      if (bad >= 0) return fail('invalid', { [`rank${bad + 1}`]: 'invalid_value' });
    }
    await trx.deleteFrom('challenge_rankings').where('registration_id', '=', input.registrationId).execute();
    const rows = chosen.flatMap((c, i) =>
      c === null ? [] : [{ registration_id: input.registrationId, challenge_id: c, rank: i + 1 }],
    );
    if (rows.length > 0) await trx.insertInto('challenge_rankings').values(rows).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'challenge.ranked',
        eventId: reg.event_id,
        subjectType: 'registration',
        subjectId: input.registrationId,
        data: { ranks: chosen },
      },
      now,
    );
    return { ok: true as const };
  });
}
