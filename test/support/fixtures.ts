import { createEvent, type EventDraft } from '../../src/core/events/create-event.ts';
import type { ParticipantInput, RegisterInput } from '../../src/core/registrations/register-participants.ts';
import type { Deps, Notifier } from '../../src/core/shared/deps.ts';
import type { Notification } from '../../src/core/shared/notifications.ts';
import type { Store } from '../../src/db/connect.ts';
import { createOutboxNotifier } from '../../src/mail/outbox-notifier.ts';

/** A fixed "now" for tests: 1 October 2030, 12:00 UTC. */
export const NOW = new Date('2030-10-01T12:00:00.000Z');

let counter = 0;

/** A small event on 12 November 2030 with sessions A (capacity a) and B (capacity b). */
export function smallEvent(overrides: Partial<EventDraft> & { a?: number | null; b?: number | null } = {}): EventDraft {
  counter++;
  const { a = 20, b = 10, ...rest } = overrides;
  return {
    organizationSlug: 'test-org',
    organizationName: 'Testorganisasjon',
    slug: `test-event-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    title: 'Testseminar om samskaping',
    summary: 'Et seminar for tester.',
    descriptionMd: 'Beskrivelse med **fet** tekst.',
    startsAt: new Date('2030-11-12T08:00:00.000Z'),
    endsAt: new Date('2030-11-12T14:30:00.000Z'),
    venueName: 'Testbygget',
    venueRoom: 'Sal 1',
    venueAddress: 'Testveien 1, 7600 Levanger',
    audience: 'Alle',
    isFree: true,
    isOpen: true,
    contactEmail: 'kontakt@example.no',
    registrationOpensAt: null,
    registrationClosesAt: new Date('2030-11-01T22:59:00.000Z'),
    capacity: null,
    allowNoSession: true,
    published: true,
    organisers: [{ name: 'Testorganisasjon' }],
    partners: [],
    links: [],
    parts: [
      {
        label: 'DEL 1',
        title: 'Felles',
        facilitators: 'Ola Nordmann',
        items: [
          {
            startsAt: new Date('2030-11-12T08:00:00.000Z'),
            endsAt: new Date('2030-11-12T09:00:00.000Z'),
            title: 'Innledning',
            kind: 'talk',
            speakers: [{ name: 'Kari Nordmann', affiliation: 'Testuniversitetet' }],
          },
        ],
      },
      {
        label: 'DEL 2',
        title: 'Parallelt',
        facilitators: '',
        items: [],
        sessions: [
          {
            code: 'A',
            title: 'Sesjon A',
            description: '',
            facilitator: 'Fasilitator A',
            startsAt: new Date('2030-11-12T12:00:00.000Z'),
            endsAt: new Date('2030-11-12T14:30:00.000Z'),
            capacity: a,
          },
          {
            code: 'B',
            title: 'Sesjon B',
            description: '',
            facilitator: 'Fasilitator B',
            startsAt: new Date('2030-11-12T12:00:00.000Z'),
            endsAt: new Date('2030-11-12T14:00:00.000Z'),
            capacity: b,
          },
        ],
      },
    ],
    ...rest,
  };
}

/** Deps with the real outbox notifier, recording each notification too. */
export function testDeps(store: Store): Deps & { notifications: Notification[] } {
  const outbox = createOutboxNotifier({ baseUrl: 'http://samskap.test', domain: 'samskap.test' });
  const notifications: Notification[] = [];
  const notifier: Notifier = {
    async enqueue(trx, notification, now, context) {
      notifications.push(notification);
      await outbox.enqueue(trx, notification, now, context);
    },
  };
  return { db: store.db, adapter: store.adapter, notifier, notifications };
}

export async function addEvent(store: Store, draft: EventDraft = smallEvent()) {
  await createEvent(store, draft, 'test', NOW);
  return draft.slug;
}

export function person(overrides: Partial<ParticipantInput> = {}): ParticipantInput {
  return {
    name: 'Test Testesen',
    email: null,
    organization: 'Testkommune',
    role: 'citizen',
    roleOther: '',
    session: 'A',
    needs: '',
    needsConsent: false,
    publicListing: false,
    ...overrides,
  };
}

export function signUp(
  eventSlug: string,
  email: string,
  overrides: Partial<ParticipantInput> = {},
  others: ParticipantInput[] = [],
): RegisterInput {
  return {
    eventSlug,
    lang: 'nb',
    booker: { ...person(overrides), email },
    others,
    consent: true,
  };
}
