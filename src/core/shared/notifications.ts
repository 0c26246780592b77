// What happened, as plain values; the mail module turns each into messages in the outbox.

export interface IssuedLink {
  registrationId: number;
  /** The raw personal-link token; only its hash is stored. */
  token: string;
}

export type Notification =
  | { kind: 'booking.created'; bookingId: number; links: IssuedLink[] }
  | { kind: 'registration.promoted'; link: IssuedLink }
  | { kind: 'registration.link_requested'; link: IssuedLink }
  | { kind: 'registration.changed'; link: IssuedLink }
  | { kind: 'registration.cancelled'; registrationId: number };
