import type { Db } from '../../db/adapter.ts';
import { DEFAULT_FILTER, findRegistrations } from '../registrations/admin/registration-query.ts';
import { readTicketCode } from '../registrations/ticket-code.ts';
import { type CheckInPerson, getCheckInPerson, toCheckInPerson } from './check-in-log.ts';

export const SEARCH_LIMIT = 25;

export interface CheckInSearch {
  /** A valid ticket code of this event: the one person it names. */
  byTicket: boolean;
  /** The text looks like a ticket code but belongs to another event or is forged. */
  wrongTicket: boolean;
  people: CheckInPerson[];
  /** More matches than shown. */
  more: boolean;
}

/**
 * Finds people at the door by name, organisation, e-mail address or ticket code (typed or
 * scanned). A valid code goes straight to its person.
 */
export async function searchCheckIn(
  db: Db,
  input: { eventId: number; ticketKey: string; q: string },
): Promise<CheckInSearch> {
  const q = input.q.trim();
  const reading = readTicketCode(input.ticketKey, input.eventId, q);
  if (reading.ok) {
    const person = await getCheckInPerson(db, { ...input, registrationId: reading.registrationId });
    if (person) return { byTicket: true, wrongTicket: false, people: [person], more: false };
  }
  const rows =
    q === ''
      ? []
      : await findRegistrations(
          db,
          input.eventId,
          { ...DEFAULT_FILTER, q, sort: 'name' },
          { includeNeeds: false, paged: true, pageSize: SEARCH_LIMIT + 1 },
        );
  // Names can look like codes ("Ola Berg" reads as one); call it a wrong ticket only when it has
  // the scanner's prefix or a digit, or nobody's name matched.
  const codeLike = /^samskap:/i.test(q) || /\d/.test(q) || rows.length === 0;
  return {
    byTicket: false,
    wrongTicket: !reading.ok && reading.code === 'wrong_event_or_forged' && codeLike,
    people: rows.slice(0, SEARCH_LIMIT).map((row) => toCheckInPerson(input.ticketKey, input.eventId, row)),
    more: rows.length > SEARCH_LIMIT,
  };
}
