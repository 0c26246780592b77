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

/**
 * A sign-up that came by e-mail (issue 9): the mail to `to` is sent as a reply in the thread of
 * the message `messageId`, so the person sees the answer under what they wrote.
 */
export interface MailThread {
  /** The address that wrote; the reply goes there. */
  to: string;
  /** The writer's name, when known (greeting of a mail to someone who signed up others). */
  name: string | null;
  messageId: string;
  /** The thread so far (References of the original), without messageId. */
  references: string[];
  /** The original subject; the reply's is "Re: " and this. */
  subject: string;
}

export type Notification =
  | {
      kind: 'booking.created';
      eventId: number;
      lang: string;
      booker: { name: string; email: string };
      /** Everyone newly registered by this booking, in form order. */
      people: BookedPerson[];
      /** The booking came by e-mail: answer in its thread. */
      thread?: MailThread;
    }
  | { kind: 'registration.promoted'; link: IssuedLink }
  /** Close to the day a freed seat is offered: it must be accepted by `expiresAt`. */
  | { kind: 'registration.offered'; link: IssuedLink; expiresAt: Date }
  | { kind: 'registration.offer_expired'; registrationId: number }
  | { kind: 'registration.link_requested'; link: IssuedLink; thread?: MailThread }
  /** `thread`: the change came by e-mail; the confirmation answers in its thread. */
  | { kind: 'registration.changed'; link: IssuedLink; thread?: MailThread }
  | { kind: 'registration.cancelled'; registrationId: number; thread?: MailThread };
