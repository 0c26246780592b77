import { isDefaultRoleCode } from '../../core/events/roles.ts';
import type { EventDetails, ParallelSession } from '../../core/events/types.ts';
import { formatDate, formatDateTime, formatTime, type Messages } from '../i18n/index.ts';

/** "tirsdag 12. november 2019 kl. 09.00–15.30" (or across days, both ends in full). */
export function eventWhen(event: Pick<EventDetails, 'startsAt' | 'endsAt' | 'timeZone'>, lang: string): string {
  const sameDay = formatDate(event.startsAt, lang, event.timeZone) === formatDate(event.endsAt, lang, event.timeZone);
  return sameDay
    ? `${formatDateTime(event.startsAt, lang, event.timeZone)}–${formatTime(event.endsAt, lang, event.timeZone)}`
    : `${formatDateTime(event.startsAt, lang, event.timeZone)} – ${formatDateTime(event.endsAt, lang, event.timeZone)}`;
}

export function venueText(event: Pick<EventDetails, 'venueName' | 'venueRoom' | 'venueAddress'>): string {
  return [event.venueName, event.venueRoom, event.venueAddress].filter(Boolean).join(', ');
}

export function roleLabel(t: Messages, event: Pick<EventDetails, 'roles'>, code: string): string {
  const role = event.roles.find((r) => r.code === code);
  if (role?.label) return role.label;
  return isDefaultRoleCode(code) ? t.roles[code] : code;
}

export function sessionSeatsText(t: Messages, session: ParallelSession): string {
  if (session.seatsLeft === null) return t.event.unlimited;
  if (session.seatsLeft === 0) {
    return session.waitlistLength > 0
      ? `${t.event.full}. ${t.event.waitlistCount(session.waitlistLength)}.`
      : t.event.full;
  }
  return t.event.seatsLeftCount(session.seatsLeft);
}

/** JSON for a <script> data block: "<" escaped so that no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
