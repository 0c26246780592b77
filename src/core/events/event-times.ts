// Wall-clock arithmetic for the editor: times are entered and shown as a date and a clock time
// in the event's zone, and a copied or moved programme keeps its clock times across DST.
import { zonedDate, zonedInstant, zoneOffsetMinutes } from '../shared/time.ts';

/** The date ("2019-11-12") and clock time ("09:00") of an instant in a zone. */
export function localParts(instant: Date, timeZone: string): { date: string; time: string } {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000).toISOString();
  return { date: zonedDate(instant, timeZone), time: local.slice(11, 16) };
}

/** Whole calendar days from date `from` to date `to` ("2019-11-12" → "2020-11-10" is 364). */
export function daysBetween(from: string, to: string): number {
  const day = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, dd);
  };
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** The calendar date `days` after `date`. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same clock time `days` calendar days later in the zone (09:00 stays 09:00 across DST). */
export function shiftKeepingClock(instant: Date, days: number, timeZone: string): Date {
  if (days === 0) return instant;
  const { date, time } = localParts(instant, timeZone);
  return zonedInstant(addCalendarDays(date, days), time, timeZone);
}

/** ISO string form of shiftKeepingClock, for stored columns. */
export function shiftIso(iso: string, days: number, timeZone: string): string {
  return shiftKeepingClock(new Date(iso), days, timeZone).toISOString();
}
