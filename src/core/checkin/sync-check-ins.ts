import type { CheckinOutcome } from '../../db/schema.ts';
import { readTicketCode } from '../registrations/ticket-code.ts';
import type { DbDeps } from '../shared/deps.ts';
import { doorTime, registrationForCheckIn } from './check-in-log.ts';
import { checkInRegistration } from './check-in-registration.ts';
import { undoCheckIn } from './undo-check-in.ts';

/** One check-in or undo as a phone queued it. */
export interface CheckInOp {
  opId: string;
  action: 'in' | 'undo';
  /** From the phone's list; or null when only the scanned code is known. */
  registrationId: number | null;
  code: string | null;
  /** The phone's clock when it happened. */
  at: Date | null;
  /** The facilitator confirmed letting in someone without a seat. */
  confirm: boolean;
}

export type OpRefusal = 'not_found' | 'not_a_ticket' | 'wrong_ticket' | 'not_confirmed' | 'conflict';

export interface OpResult {
  opId: string;
  outcome: CheckinOutcome;
  /** Why it was refused, when outcome is 'refused'. */
  reason: OpRefusal | null;
  registrationId: number | null;
  name: string | null;
  /** The person's state after the op, for the phone's list. */
  status: 'confirmed' | 'waitlisted' | 'cancelled' | null;
  checkedInAt: Date | null;
  repeated: boolean;
}

export const MAX_OPS = 500;

/**
 * Applies what phones queued (offline, or a retry after a lost answer), in the order they
 * happened at the door, each op once: an op id seen before is answered, not applied again.
 * The answers come in the order the ops were sent.
 */
export async function syncCheckIns(
  deps: DbDeps,
  input: { eventId: number; ticketKey: string; userId: number | null; actor: string; ops: CheckInOp[] },
  now: Date,
): Promise<OpResult[]> {
  const ops = input.ops.slice(0, MAX_OPS);
  // An op without a time happened now, after every queued one.
  const time = (op: CheckInOp) => (op.at ? doorTime(op.at, now).getTime() : now.getTime());
  const ordered = ops.map((op, index) => ({ op, index })).sort((a, b) => time(a.op) - time(b.op) || a.index - b.index);
  const results: OpResult[] = new Array(ops.length);
  for (const { op, index } of ordered) results[index] = await applyOp(deps, input, op, now);
  // Answered in the order sent.
  return results;
}

async function applyOp(
  deps: DbDeps,
  input: { eventId: number; ticketKey: string; userId: number | null; actor: string },
  op: CheckInOp,
  now: Date,
): Promise<OpResult> {
  const refused = (reason: OpRefusal, registrationId: number | null = null): OpResult => ({
    opId: op.opId,
    outcome: 'refused',
    reason,
    registrationId,
    name: null,
    status: null,
    checkedInAt: null,
    repeated: false,
  });
  let registrationId = op.registrationId;
  if (op.code !== null) {
    const reading = readTicketCode(input.ticketKey, input.eventId, op.code);
    if (!reading.ok) return refused(reading.code === 'not_a_ticket' ? 'not_a_ticket' : 'wrong_ticket');
    if (registrationId !== null && registrationId !== reading.registrationId) return refused('conflict');
    registrationId = reading.registrationId;
  }
  if (registrationId === null) return refused('not_found');
  const common = {
    eventId: input.eventId,
    registrationId,
    opId: op.opId,
    at: op.at,
    userId: input.userId,
    actor: input.actor,
  };
  const result =
    op.action === 'in'
      ? await checkInRegistration(deps, { ...common, confirm: op.confirm }, now)
      : await undoCheckIn(deps, common, now);
  // The person as they are now, whatever happened: the phone replaces its copy with this.
  const current = await registrationForCheckIn(deps.db, input.eventId, registrationId);
  const state = {
    registrationId: current ? current.id : null,
    name: current?.name ?? null,
    status: current?.status ?? null,
    checkedInAt: current?.checked_in_at ? new Date(current.checked_in_at) : null,
  };
  if (!result.ok) {
    const reason: OpRefusal =
      result.code === 'not_confirmed' || result.code === 'conflict' || result.code === 'not_found'
        ? result.code
        : 'conflict';
    return { ...refused(reason), ...state };
  }
  return { opId: op.opId, outcome: result.outcome, reason: null, repeated: result.repeated, ...state };
}
