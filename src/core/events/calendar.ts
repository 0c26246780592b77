import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventDetails } from './types.ts';

export interface CalendarOptions {
  /** Absolute URL of the event page. */
  eventUrl: string;
  /** Host part of the UID, so that UIDs are unique across installations. */
  uidDomain: string;
  /** What the DESCRIPTION says; defaults to the event's summary. */
  description?: string;
  /** Which parallel session the reader attends: its end time ends their day. */
  sessionCode?: string | null;
  /** RFC 5545 SEQUENCE: raised by every notice of a change (events.calendar_sequence); default 0. */
  sequence?: number;
  /** iTIP METHOD (RFC 5546); none by default. CANCEL also marks the entry as cancelled. */
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
}

/**
 * The event as RFC 5545 iCalendar with a VTIMEZONE. The UID depends only on the event's id and
 * installation, so re-importing updates the entry instead of adding a second one.
 */
export function eventCalendar(event: EventDetails, options: CalendarOptions): string {
  const calendar = new ICalCalendar({
    prodId: { company: 'samskap', product: 'samskap', language: event.mainLang.toUpperCase() },
    name: event.title,
  });
  // name: null keeps DTSTAMP in UTC as RFC 5545 requires; the generator still adds a VTIMEZONE
  // for the zone each event uses.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  if (options.method) calendar.method(ICalCalendarMethod[options.method]);
  const zoned = (instant: Date) => new TZDate(instant, event.timeZone);
  const session = event.sessions.find((s) => s.code === options.sessionCode);
  const location = [event.venueName, event.venueRoom, event.venueAddress].filter(Boolean).join(', ');
  calendar.createEvent({
    id: `event-${event.id}@${options.uidDomain}`,
    start: zoned(event.startsAt),
    end: zoned(session ? session.endsAt : event.endsAt),
    timezone: event.timeZone,
    stamp: event.updatedAt,
    lastModified: event.updatedAt,
    summary: event.title,
    description: options.description ?? event.summary,
    location,
    url: options.eventUrl,
    organizer: { name: event.organisers[0]?.name ?? event.title, email: event.contactEmail },
    sequence: options.sequence ?? 0,
    ...(options.method === 'CANCEL' ? { status: ICalEventStatus.CANCELLED } : {}),
  });
  return calendar.toString();
}
