import type { ItemKind } from './roles.ts';
import type { EventTranslations } from './translations.ts';

export interface Speaker {
  name: string;
  affiliation: string;
}

export interface ProgrammeItem {
  id: number;
  startsAt: Date;
  endsAt: Date;
  title: string;
  kind: ItemKind;
  note: string;
  speakers: Speaker[];
  /** Set when the item is the content of a parallel session. */
  sessionCode: string | null;
  /** After localizeEvent: the language the title is in (absent: the event's main language). */
  textLang?: { title: string };
}

export interface ProgrammePart {
  id: number;
  label: string;
  title: string;
  facilitators: string;
  items: ProgrammeItem[];
  /** Parallel sessions that run in this part. */
  sessions: ParallelSession[];
  /** After localizeEvent: the language the title is in (absent: the event's main language). */
  textLang?: { title: string };
}

export interface ParallelSession {
  id: number;
  code: string;
  title: string;
  description: string;
  facilitator: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  seatsTaken: number;
  waitlistLength: number;
  /** Seats left in the session, also bounded by the seats left in the whole event; null = unlimited. */
  seatsLeft: number | null;
  /** After localizeEvent: the language of each text (absent: the event's main language). */
  textLang?: { title: string; description: string };
}

export interface EventRole {
  code: string;
  /** A custom label; null means the catalogue's label for a standard code. */
  label: string | null;
  asksText: boolean;
}

export type QuestionKind = 'text' | 'choice' | 'checkboxes';

/** An extra question on the sign-up form, answered by the booker. */
export interface EventQuestion {
  id: number;
  kind: QuestionKind;
  label: string;
  hint: string;
  /** The choices of a choice or checkboxes question; empty for text. */
  options: string[];
  required: boolean;
}

export interface EventDetails {
  id: number;
  organizationId: number;
  slug: string;
  mainLang: string;
  title: string;
  summary: string;
  descriptionMd: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  venueRoom: string;
  venueAddress: string;
  audience: string;
  isFree: boolean;
  isOpen: boolean;
  contactEmail: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
  capacity: number | null;
  seatsTaken: number;
  seatsLeft: number | null;
  noSessionWaitlistLength: number;
  allowNoSession: boolean;
  published: boolean;
  organisers: { name: string; url: string | null }[];
  partners: { name: string; url: string | null }[];
  links: { label: string; url: string }[];
  roles: EventRole[];
  /** Extra questions on the sign-up form, in order. */
  questions: EventQuestion[];
  parts: ProgrammePart[];
  sessions: ParallelSession[];
  updatedAt: Date;
  /** Set when the organisers cancelled the event: sign-up is closed and the page says so. */
  cancelledAt: Date | null;
  /** SEQUENCE of the event's calendar entry, raised by each change notice. */
  calendarSequence: number;
  /** Short name of the organisation that owns the event (its privacy page is /personvern/:slug). */
  organizationSlug: string;
  /** The organisation's current privacy notice version; null when it has written none. */
  privacyVersion: number | null;
  /** The organiser shows opted-in registrants (name and organisation) on the event page. */
  publicList: boolean;
  /** Title, summary, description and programme titles in other languages (core/events/translations.ts). */
  translations: EventTranslations;
  /** After localizeEvent: the language of each text (absent: the event's main language). */
  textLang?: { title: string; summary: string; descriptionMd: string };
}

export type RegistrationWindow = 'not_open' | 'open' | 'closed';

/** Whether sign-up is possible at `now`. */
export function registrationWindow(
  event: Pick<EventDetails, 'registrationOpensAt' | 'registrationClosesAt'> & { cancelledAt?: Date | null },
  now: Date,
): RegistrationWindow {
  // A cancelled event takes no more sign-ups, whatever its dates say.
  if (event.cancelledAt) return 'closed';
  if (event.registrationOpensAt && now < event.registrationOpensAt) return 'not_open';
  if (now > event.registrationClosesAt) return 'closed';
  return 'open';
}

/** Seats left given a capacity and seats taken; null = unlimited. */
export function seatsLeft(capacity: number | null, taken: number): number | null {
  return capacity === null ? null : Math.max(0, capacity - taken);
}
