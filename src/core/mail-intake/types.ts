// Shared shapes of the mailbox connection (issue 9): limits, what the use cases need, and the
// people of a message as the organiser sees and corrects them.
import type { Deps } from '../shared/deps.ts';
import type { IntakeEvent, ParsedMail } from './parse-mail.ts';
import type { IntakeReason } from './reasons.ts';

/** Bytes of a message kept in the database (the text shown and re-reading need no more). */
export const RAW_STORE_MAX = 256 * 1024;
/**
 * Bytes of a message read and parsed. A larger message (a huge attachment) is read only up to
 * RAW_STORE_MAX and waits for review with the reason `too_large`.
 */
export const PARSE_MAX = 5 * 1024 * 1024;
/** Characters of a message's text kept for the review page. */
export const TEXT_MAX = 100_000;

export type ParseFn = (raw: Buffer, event: IntakeEvent) => Promise<ParsedMail>;

/** The use cases' deps; `parse` defaults to the real parser (tests may pass another). */
export interface IntakeDeps extends Deps {
  parse?: ParseFn;
}

/** One message as read from a mailbox or an upload. */
export interface IncomingMessage {
  /** The message's bytes, or its first bytes when `size` is larger. */
  raw: Buffer;
  /** The message's real size in bytes. */
  size: number;
  /** When the mailbox got it (IMAP INTERNALDATE), or when it was uploaded. */
  receivedAt: Date;
  /** Where the message is in the IMAP folder. */
  imap?: { uid: number; uidvalidity: string };
}

/** A person to register, as proposed from a message or corrected by the organiser. */
export interface PersonDraft {
  name: string;
  email: string;
  role: string;
  roleOther: string;
  /** A session code, 'none' for only the shared programme, '' when not chosen. */
  session: string;
  organization: string;
  needs: string;
}

export type IntakeAction = 'register' | 'cancel' | 'handled';

/**
 * The parsed message as stored (parsed_json): the parser's result, dates as ISO text. Rows stored
 * before reasons had codes have only the English `reasons`.
 */
export type StoredParse = Omit<ParsedMail, 'date' | 'reasonCodes'> & {
  date: string | null;
  language: 'nb' | 'nn' | 'en';
  reasonCodes?: IntakeReason[];
};
