// From the people of a message to a sign-up (mailbox side, issue 9): who is the booker, who
// hangs on the booker's address, which language the answer goes out in, and the thread it
// continues.
import type { EventDetails } from '../events/types.ts';
import { normalizeEmail, type ParticipantInput, type RegisterInput } from '../registrations/register-participants.ts';
import type { MailThread } from '../shared/notifications.ts';
import type { ParsedPerson } from './parse-mail.ts';
import { findRoleMentions } from './roles.ts';
import type { PersonDraft, StoredParse } from './types.ts';

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function looksLikeEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** The parser's people as form values; a missing name is the From name when it is the writer. */
export function draftsFrom(parsed: Pick<StoredParse, 'people' | 'from'> & { text?: string }): PersonDraft[] {
  const writer = parsed.from ? normalizeEmail(parsed.from.email) : null;
  return parsed.people.map((p: ParsedPerson) => ({
    name: p.name ?? (writer && normalizeEmail(p.email) === writer ? (parsed.from?.name ?? '') : ''),
    email: p.email,
    role: p.role ?? '',
    roleOther: p.role === 'other' ? (p.roleOther ?? otherRoleWords(parsed.text ?? '')) : '',
    session: p.session ?? '',
    organization: p.organization ?? '',
    needs: p.needs ?? '',
  }));
}

/**
 * For messages stored before the parser kept the words it chose "other" for: the first such
 * words of the message ("masterstudent", "journalist"). '' when there are none.
 */
function otherRoleWords(text: string): string {
  const mention = findRoleMentions(text).find((m) => m.role === 'other' && !m.negated);
  return mention ? mention.text.trim().slice(0, 200) : '';
}

function participant(draft: PersonDraft, email: string | null): ParticipantInput {
  const needs = draft.needs.trim().slice(0, 1000);
  return {
    name: draft.name.trim().slice(0, 200),
    email,
    organization: draft.organization.trim().slice(0, 200),
    role: draft.role,
    roleOther: draft.roleOther.trim().slice(0, 200),
    session: draft.session === '' ? undefined : draft.session === 'none' ? null : draft.session,
    needs,
    // They wrote their needs to us themselves, to have them met.
    needsConsent: needs !== '',
    publicListing: false,
  };
}

/**
 * The sign-up of `drafts` as the form would make it: the writer (when among them) books, and
 * people on the booker's address hang on the booker. Null when the booker has no usable address.
 */
export function registerInputFrom(
  event: Pick<EventDetails, 'slug'>,
  drafts: PersonDraft[],
  options: { writer: string | null; lang: string; sentAt?: Date; thread?: MailThread },
): RegisterInput | null {
  const writer = options.writer ? normalizeEmail(options.writer) : null;
  const ordered = [...drafts];
  const writerIndex = writer ? ordered.findIndex((d) => normalizeEmail(d.email) === writer) : -1;
  if (writerIndex > 0) ordered.unshift(...ordered.splice(writerIndex, 1));
  const [first, ...rest] = ordered;
  if (!first || !looksLikeEmail(first.email.trim())) return null;
  const bookerEmail = normalizeEmail(first.email);
  return {
    eventSlug: event.slug,
    lang: options.lang,
    booker: { ...participant(first, first.email.trim()), email: first.email.trim(), answers: {} },
    others: rest.map((d) =>
      participant(d, d.email.trim() === '' || normalizeEmail(d.email) === bookerEmail ? null : d.email.trim()),
    ),
    consent: true,
    ...(options.sentAt ? { sentAt: options.sentAt } : {}),
    ...(options.thread ? { thread: options.thread } : {}),
  };
}

// Words that tell the languages apart in short sign-up mails.
const NYNORSK =
  /(?<!\p{L})(eg|ikkje|kjem|kome|òg|berre|korleis|kva|vere|frå|sjølv|dykk|dykkar|helsing|ynskjer)(?!\p{L})/giu;
const BOKMAL = /(?<!\p{L})(jeg|ikke|kommer|komme|bare|hvordan|hva|være|fra|ønsker|hilsen|dere|vennlig)(?!\p{L})/giu;
const ENGLISH = /(?<!\p{L})(the|and|would|like|attend|register|regards|please|thank|you)(?!\p{L})/giu;

/** The language to answer in: Nynorsk or English when the text is, else Bokmål. */
export function guessLanguage(text: string): 'nb' | 'nn' | 'en' {
  const sample = text.slice(0, 4000);
  const nn = sample.match(NYNORSK)?.length ?? 0;
  const nb = sample.match(BOKMAL)?.length ?? 0;
  const en = sample.match(ENGLISH)?.length ?? 0;
  if (en > nb + nn && en >= 3) return 'en';
  if (nn > nb) return 'nn';
  return 'nb';
}

/** The thread a reply to this message continues; null when the message has no Message-ID. */
export function threadOf(
  parsed: Pick<StoredParse, 'messageId' | 'references' | 'subject' | 'from'>,
): MailThread | null {
  if (!parsed.messageId || !parsed.from) return null;
  return {
    to: parsed.from.email,
    name: parsed.from.name,
    messageId: parsed.messageId,
    references: parsed.references.filter((id) => id !== parsed.messageId),
    subject: parsed.subject,
  };
}
