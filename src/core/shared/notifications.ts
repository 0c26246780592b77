// What happened, as plain values; the mail module turns each into messages in the outbox.

export interface IssuedLink {
  registrationId: number;
  /** The raw personal-link token; only its hash is stored. */
  token: string;
}

/** A person just signed up, as decided inside the capacity transaction. */
export interface BookedPerson extends IssuedLink {
  name: string;
  email: string | null;
  status: 'confirmed' | 'waitlisted';
  session: string | null;
  waitlistPosition: number | null;
}

export type Notification =
  | {
      kind: 'booking.created';
      eventId: number;
      lang: string;
      booker: { name: string; email: string };
      /** Everyone newly registered by this booking, in form order. */
      people: BookedPerson[];
    }
  | { kind: 'registration.promoted'; link: IssuedLink }
  /** Close to the day a freed seat is offered: it must be accepted by `expiresAt`. */
  | { kind: 'registration.offered'; link: IssuedLink; expiresAt: Date }
  | { kind: 'registration.offer_expired'; registrationId: number }
  | { kind: 'registration.link_requested'; link: IssuedLink }
  | { kind: 'registration.changed'; link: IssuedLink }
  | { kind: 'registration.cancelled'; registrationId: number };
