import type { Db } from '../../db/adapter.ts';
import { DEFAULT_FILTER, findRegistrations } from '../registrations/admin/registration-query.ts';
import { type CheckInPerson, toCheckInPerson } from './check-in-log.ts';

/**
 * Everyone registered for the event (cancelled people too, so the door can tell them apart), by
 * name, with their ticket codes: what a phone keeps for checking in without a network.
 */
export async function getCheckInRoster(
  db: Db,
  input: { eventId: number; ticketKey: string },
): Promise<CheckInPerson[]> {
  const rows = await findRegistrations(
    db,
    input.eventId,
    { ...DEFAULT_FILTER, sort: 'name' },
    { includeNeeds: false, paged: false },
  );
  return rows.map((row) => toCheckInPerson(input.ticketKey, input.eventId, row));
}
