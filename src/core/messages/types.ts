// Messages to participants as plain values: who gets what. The mail module renders each into
// the outbox (see MessageMailer); core decides segments, counts and when automatic mail is due.
import type { Db } from '../../db/adapter.ts';
import type { MessageKind } from '../../db/schema.ts';
import type { EventDetails } from '../events/types.ts';
import type { DbDeps } from '../shared/deps.ts';

export type { MessageKind };

/** Who a message goes to (stored in messages.segment). */
export type Segment =
  | { kind: 'confirmed' }
  | { kind: 'session'; code: string }
  /** Confirmed people who chose only the shared programme. */
  | { kind: 'no_session' }
  | { kind: 'waitlisted' }
  | { kind: 'attended' }
  | { kind: 'not_attended' }
  /** Confirmed and waitlisted: everyone a change or cancellation concerns. */
  | { kind: 'active' };

/** One recipient of a message, as the mail module needs them. */
export interface MessageRecipient {
  registrationId: number;
  name: string;
  email: string;
  lang: string;
  /** The session code, or null for the shared programme only. */
  sessionCode: string | null;
}

/** What kind of mail to render: the organiser's text, or one of the automatic ones. */
export type MessageMailKind = MessageKind | 'test';

/** A calendar entry attached to a change or cancellation notice. */
export interface CalendarUpdate {
  sequence: number;
  method: 'PUBLISH' | 'CANCEL';
}

/** One mail of a message, before rendering. */
export interface MessageMail {
  kind: MessageMailKind;
  event: EventDetails;
  /** messages.id, or null for a test mail. */
  batchId: number | null;
  recipient:
    | MessageRecipient
    | { registrationId: null; name: string; email: string; lang: string; sessionCode: string | null };
  /** The organiser's subject and body with placeholders ({name}, {session}, {link}, {event}); empty for automatic mail. */
  subject: string;
  body: string;
  /** The raw personal-link token for {link} and the buttons; null for a test mail (a sample link is shown). */
  token: string | null;
  calendar?: CalendarUpdate;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Renders messages and writes them into the outbox, inside the caller's transaction. */
export interface MessageMailer {
  render(mail: MessageMail): RenderedMessage;
  enqueue(trx: Db, mail: MessageMail, now: Date): Promise<void>;
}

/** What message use cases need: the database and the mailer. */
export interface MessageDeps extends DbDeps {
  mailer: MessageMailer;
}
