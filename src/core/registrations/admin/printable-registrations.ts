// The people on a printed badge sheet or participant list: the registrations list's own query
// (registration-query.ts) with the printables' fixed filter, sorted by name the way the
// readers of the list sort names.
import type { Db } from '../../../db/adapter.ts';
import {
  type AdminRegistrationRow,
  DEFAULT_FILTER,
  findRegistrations,
  type RegistrationFilter,
} from './registration-query.ts';

export interface PrintSelection {
  /** A session code, 'none' for "only the shared programme", null for everyone. */
  session: string | null;
  /** Waitlisted people too (badges printed ahead in case seats free up); default confirmed only. */
  includeWaitlisted: boolean;
}

/** The filter a printable applies, as the registrations list understands it (for links and the audit row). */
export function printFilter(selection: PrintSelection): RegistrationFilter {
  return {
    ...DEFAULT_FILTER,
    session: selection.session,
    status: selection.includeWaitlisted ? 'active' : 'confirmed',
    sort: 'name',
  };
}

const collators = new Map<string, Intl.Collator>();

/**
 * Sorts by name in the language's alphabetical order (Norwegian: … x y z æ ø å; Á with A, Č
 * after C), the same on SQLite and PostgreSQL, whose own orderings depend on the database's
 * collation. Ties keep registration order.
 */
export function sortByName<T extends Pick<AdminRegistrationRow, 'name' | 'id'>>(rows: T[], lang: string): T[] {
  let collator = collators.get(lang);
  if (!collator) {
    collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
    collators.set(lang, collator);
  }
  const c = collator;
  return [...rows].sort((a, b) => c.compare(a.name, b.name) || a.id - b.id);
}

/** Registrations to print for one event (no needs: printed sheets lie on tables), sorted by name in `lang`. */
export async function findPrintableRegistrations(
  db: Db,
  eventId: number,
  selection: PrintSelection,
  lang: string,
): Promise<AdminRegistrationRow[]> {
  const rows = await findRegistrations(db, eventId, printFilter(selection), { includeNeeds: false, paged: false });
  return sortByName(rows, lang);
}
