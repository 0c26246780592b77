import type { Db } from '../../db/adapter.ts';
import { emailTaken } from '../registrations/admin/choices.ts';
import { releasePlace, seatFree, takeSeatRegardless } from '../registrations/places.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { claimOp, doorTime, previousOp, registrationForCheckIn, setOutcome } from './check-in-log.ts';

export interface CheckInInput {
  eventId: number;
  registrationId: number;
  /** Made by the phone (or rendered into the page's form), so a repeated request counts once. */
  opId: string;
  /** When it happened at the door by the phone's clock (queued offline); null: now. */
  at: Date | null;
  userId: number | null;
  actor: string;
  /** The facilitator confirmed letting in someone without a seat (waitlisted or cancelled). */
  confirm: boolean;
}

export interface CheckedIn {
  /** 'already': someone had checked this person in before (another phone, or a second scan). */
  outcome: 'checked_in' | 'already';
  registrationId: number;
  name: string;
  /** Null only when a repeated op's check-in has been undone since. */
  checkedInAt: Date | null;
  /** This op id had been applied before; the answer repeats what happened then. */
  repeated: boolean;
  /** A seat taken at the door for a waitlisted or cancelled person, after confirmation. */
  seat: 'promoted' | 'restored' | null;
}

/**
 * Checks a person in, once: the first op wins (a conditional update of checked_in_at), later ones
 * answer 'already'. A waitlisted or cancelled person is refused (not_confirmed) unless the
 * facilitator confirms; then they get a seat, over capacity if need be.
 */
export async function checkInRegistration(deps: DbDeps, input: CheckInInput, now: Date): Promise<Result<CheckedIn>> {
  const run = (trx: Db) => applyCheckIn(trx, input, now);
  // Only a confirmed seat changes the counters; an ordinary check-in needs no capacity lock.
  return input.confirm
    ? deps.adapter.capacityTransaction(deps.db, input.eventId, run)
    : deps.adapter.transaction(deps.db, run);
}

async function applyCheckIn(trx: Db, input: CheckInInput, now: Date): Promise<Result<CheckedIn>> {
  const registration = await registrationForCheckIn(trx, input.eventId, input.registrationId);
  if (!registration) return fail('not_found');
  const at = doorTime(input.at, now);
  const logId = await claimOp(
    trx,
    {
      opId: input.opId,
      eventId: input.eventId,
      registrationId: registration.id,
      action: 'in',
      at,
      userId: input.userId,
    },
    now,
  );
  if (logId === null) return repeat(trx, input, registration);

  const base = { registrationId: registration.id, name: registration.name, repeated: false };
  if (registration.checked_in_at !== null) {
    await setOutcome(trx, logId, 'already');
    return { ok: true, outcome: 'already', checkedInAt: new Date(registration.checked_in_at), seat: null, ...base };
  }

  if (registration.status === 'confirmed') {
    // Two phones at the same moment: the database lets one update through; the other sees the
    // row already checked in (PostgreSQL re-evaluates the condition after the first commits).
    const updated = await trx
      .updateTable('registrations')
      .set({ checked_in_at: at.toISOString() })
      .where('id', '=', registration.id)
      .where('status', '=', 'confirmed')
      .where('checked_in_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const current = await registrationForCheckIn(trx, input.eventId, registration.id);
      if (current?.checked_in_at) {
        await setOutcome(trx, logId, 'already');
        return { ok: true, outcome: 'already', checkedInAt: new Date(current.checked_in_at), seat: null, ...base };
      }
      // The status changed under us (cancelled meanwhile): refuse, the facilitator looks again.
      await setOutcome(trx, logId, 'refused');
      return fail('not_confirmed');
    }
    await setOutcome(trx, logId, 'checked_in');
    await audit(trx, input, registration.id, at, now, {});
    return { ok: true, outcome: 'checked_in', checkedInAt: at, seat: null, ...base };
  }

  if (!input.confirm) {
    await setOutcome(trx, logId, 'refused');
    return fail('not_confirmed');
  }
  // Let in with a seat, by the facilitator's decision (inside capacityTransaction).
  if (registration.status === 'cancelled' && registration.email_norm !== null) {
    // The same address signed up again: that registration is the one to check in.
    if (await emailTaken(trx, input.eventId, registration.email_norm, registration.id)) {
      await setOutcome(trx, logId, 'refused');
      return fail('conflict');
    }
  }
  const free = await seatFree(trx, input.eventId, registration.session_id);
  await releasePlace(trx, registration);
  await takeSeatRegardless(trx, input.eventId, registration.session_id);
  await trx
    .updateTable('registrations')
    .set({
      status: 'confirmed',
      waitlist_seq: null,
      cancelled_at: null,
      offer_expires_at: null,
      checked_in_at: at.toISOString(),
      updated_at: now.toISOString(),
    })
    .where('id', '=', registration.id)
    .execute();
  const seat = registration.status === 'waitlisted' ? 'promoted' : 'restored';
  await recordAudit(
    trx,
    {
      actor: input.actor,
      action: seat === 'promoted' ? 'registration.promoted' : 'registration.restored',
      eventId: input.eventId,
      subjectType: 'registration',
      subjectId: registration.id,
      data: { atCheckIn: true, ...(free ? {} : { overCapacity: true }) },
    },
    now,
  );
  await setOutcome(trx, logId, 'checked_in');
  await audit(trx, input, registration.id, at, now, { seat });
  return { ok: true, outcome: 'checked_in', checkedInAt: at, seat, ...base };
}

/** The answer to an op id applied before: what the registration looks like now. */
async function repeat(
  trx: Db,
  input: CheckInInput,
  registration: { id: number; name: string; checked_in_at: string | null },
): Promise<Result<CheckedIn>> {
  const before = await previousOp(trx, input.opId);
  // An op id belongs to one op: the same id for another person or event is a client bug.
  if (!before || before.registration_id !== registration.id || before.action !== 'in') return fail('conflict');
  if (before.outcome === 'refused') return fail('not_confirmed');
  return {
    ok: true,
    outcome: before.outcome === 'checked_in' ? 'checked_in' : 'already',
    registrationId: registration.id,
    name: registration.name,
    checkedInAt: registration.checked_in_at ? new Date(registration.checked_in_at) : null,
    repeated: true,
    seat: null,
  };
}

async function audit(
  trx: Db,
  input: CheckInInput,
  registrationId: number,
  at: Date,
  now: Date,
  data: Record<string, unknown>,
) {
  await recordAudit(
    trx,
    {
      actor: input.actor,
      action: 'registration.checked_in',
      eventId: input.eventId,
      subjectType: 'registration',
      subjectId: registrationId,
      data: { opId: input.opId, at: at.toISOString(), ...data },
    },
    now,
  );
}
