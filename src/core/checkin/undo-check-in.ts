import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { claimOp, doorTime, previousOp, registrationForCheckIn, setOutcome } from './check-in-log.ts';

/**
 * Takes back a check-in (a wrong tap at the door). 'not_checked_in' when there was none; an op
 * id seen before answers as it did then.
 */
export async function undoCheckIn(
  deps: DbDeps,
  input: {
    eventId: number;
    registrationId: number;
    opId: string;
    at: Date | null;
    userId: number | null;
    actor: string;
  },
  now: Date,
): Promise<Result<{ outcome: 'undone' | 'not_checked_in'; registrationId: number; name: string; repeated: boolean }>> {
  return deps.adapter.transaction(deps.db, async (trx) => {
    const registration = await registrationForCheckIn(trx, input.eventId, input.registrationId);
    if (!registration) return fail('not_found');
    const at = doorTime(input.at, now);
    const base = { registrationId: registration.id, name: registration.name };
    const logId = await claimOp(
      trx,
      {
        opId: input.opId,
        eventId: input.eventId,
        registrationId: registration.id,
        action: 'undo',
        at,
        userId: input.userId,
      },
      now,
    );
    if (logId === null) {
      const before = await previousOp(trx, input.opId);
      if (!before || before.registration_id !== registration.id || before.action !== 'undo') return fail('conflict');
      return {
        ok: true as const,
        outcome: before.outcome === 'undone' ? ('undone' as const) : ('not_checked_in' as const),
        repeated: true,
        ...base,
      };
    }
    const updated = await trx
      .updateTable('registrations')
      .set({ checked_in_at: null })
      .where('id', '=', registration.id)
      .where('checked_in_at', 'is not', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await setOutcome(trx, logId, 'not_checked_in');
      return { ok: true as const, outcome: 'not_checked_in' as const, repeated: false, ...base };
    }
    await setOutcome(trx, logId, 'undone');
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registration.check_in_undone',
        eventId: input.eventId,
        subjectType: 'registration',
        subjectId: registration.id,
        data: { opId: input.opId, at: at.toISOString(), was: registration.checked_in_at },
      },
      now,
    );
    return { ok: true as const, outcome: 'undone' as const, repeated: false, ...base };
  });
}
