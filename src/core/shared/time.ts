// Instants are stored and compared as ISO 8601 UTC strings.

/** The canonical stored form of an instant. */
export function iso(date: Date): string {
  return date.toISOString();
}

/** Adds whole days to an instant. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

// Formatters are costly to build and cheap to use: one per zone.
const wallClocks = new Map<string, Intl.DateTimeFormat>();
const calendarDates = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat) {
  let formatter = map.get(timeZone);
  if (!formatter) {
    formatter = make();
    map.set(timeZone, formatter);
  }
  return formatter;
}

/** The UTC offset of a zone at an instant, in minutes (Europe/Oslo: 60 in winter, 120 in summer). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const formatter = cached(
    wallClocks,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  );
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time ("2019-11-12", "09:00") in a zone. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset also on the days the clocks change.
  let instant = new Date(guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000);
  instant = new Date(guess - zoneOffsetMinutes(instant, timeZone) * 60_000);
  return instant;
}

/** A closing *date* means 23:59 that day in the event's zone (DESIGN.md). */
export function endOfDayInstant(date: string, timeZone: string): Date {
  return zonedInstant(date, '23:59', timeZone);
}

/** The calendar date ("2019-11-12") of an instant in a zone. */
export function zonedDate(instant: Date, timeZone: string): string {
  return cached(
    calendarDates,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

/** ISO 8601 with the zone's offset ("2019-11-12T09:00:00+01:00"), as the API shows instants. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
