// Why the parser decided as it did, as codes with parameters (DESIGN.md: expected outcomes are
// values with codes). The review page shows each code through the message catalogues in the
// organiser's language; `reasonText` gives the short English text the `samskap mail parse` CLI
// prints. Parameters are values from the message or the event (names, header values, role and
// session codes, instants), never sentences in one language.

/** Every reason the parser (and the mailbox connection) can give, in one list for tests. */
export const REASON_CODES = [
  // Machine-sent mail (ignored).
  'read_receipt',
  'delivery_report',
  'delivery_failure',
  'auto_reply_header',
  'auto_reply_precedence',
  'auto_reply_subject',
  'bulk_mail',
  'machine_generated',
  // What kind of message a person wrote.
  'calendar_answer',
  'substitute',
  'might_not_come',
  'signs_up_later',
  'earlier_signup',
  'question',
  'no_signup_found',
  'thanks_only',
  // The message as a whole.
  'broken_mime',
  'active_content',
  'attachment_details',
  'long_message',
  'no_sender',
  'from_intake_address',
  'no_readable_text',
  'no_date',
  'late',
  // The decision.
  'not_a_signup',
  // Kept for messages stored while every change went to review.
  'change_to_review',
  'changes_own',
  'change_unclear',
  'several_changes',
  'change_for_others',
  'tentative',
  'cancels_others',
  'several_people',
  'cancels_own',
  'cancels_all_own',
  'names_other_address',
  'asks_question',
  'nobody_to_register',
  'no_address',
  'all_clear',
  'all_clear_on_behalf',
  // The people.
  'sender_name_differs',
  'only_first_name',
  'no_name',
  'no_full_name_signed_up',
  'no_full_name_in_form',
  'person_without_name',
  'sender_not_in_list',
  'we_but_one',
  'count_mismatch',
  'no_role',
  'role_not_offered',
  'several_roles',
  'role_outside_municipality',
  'form_role_unclear',
  // The afternoon choice.
  'no_session',
  'several_sessions',
  'session_undecided',
  'morning_only',
  // The mailbox connection.
  'too_large',
  'unreadable',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** What is wrong with the MIME structure of a message (mime.ts). */
export const MIME_PROBLEMS = [
  'no_headers',
  'header_without_colon',
  'broken_encoded_word_subject',
  'broken_encoded_word_from',
  'boundary_missing',
  'boundary_unclosed',
  'broken_base64',
  'unreadable_structure',
  'raw_text',
] as const;

export type MimeProblem = (typeof MIME_PROBLEMS)[number];

/** Active content found in the HTML of a message (html-text.ts). */
export const ACTIVE_CONTENT = ['script', 'event handler', 'script link', 'frame or object', 'form', 'refresh'] as const;

export type ActiveContent = (typeof ACTIVE_CONTENT)[number];

/** The reasons without parameters. */
export type PlainReasonCode = Exclude<
  ReasonCode,
  | 'machine_generated'
  | 'broken_mime'
  | 'active_content'
  | 'long_message'
  | 'late'
  | 'sender_name_differs'
  | 'only_first_name'
  | 'count_mismatch'
  | 'role_not_offered'
  | 'several_roles'
  | 'role_outside_municipality'
  | 'form_role_unclear'
  | 'several_sessions'
>;

/** One reason: a code, its parameters, and the person it is about (their name) if any. */
export type IntakeReason = (
  | { code: PlainReasonCode }
  /** `value`: the Auto-Submitted header's value. */
  | { code: 'machine_generated'; value: string }
  | { code: 'broken_mime'; problems: MimeProblem[] }
  | { code: 'active_content'; items: ActiveContent[] }
  /** Only the first `limit` characters were read. */
  | { code: 'long_message'; limit: number }
  /** Instants as ISO text, shown in `timeZone` (the event's). */
  | { code: 'late'; sentAt: string; deadline: string; timeZone: string }
  /** `name` from the From header, `other` from the signature or the first line. */
  | { code: 'sender_name_differs'; name: string; other: string }
  | { code: 'only_first_name'; name: string }
  | { code: 'count_mismatch'; announced: number; found: number }
  /** `role`: a role code. */
  | { code: 'role_not_offered'; role: string }
  /** `roles`: role codes. */
  | { code: 'several_roles'; roles: string[] }
  /** `word`: the writer's word for their job ("seniorrådgjevar"). */
  | { code: 'role_outside_municipality'; word: string }
  /** `value`: what the form's role field said. */
  | { code: 'form_role_unclear'; value: string }
  /** `sessions`: session codes ('none' for only the shared programme). */
  | { code: 'several_sessions'; sessions: string[] }
) & { person?: string };

const ENGLISH_MIME: Record<MimeProblem, string> = {
  no_headers: 'no mail headers',
  header_without_colon: 'a header line without a colon',
  broken_encoded_word_subject: 'a broken encoded word in subject',
  broken_encoded_word_from: 'a broken encoded word in from',
  boundary_missing: 'a MIME boundary that never occurs',
  boundary_unclosed: 'a MIME part without its closing boundary',
  broken_base64: 'a broken base64 part',
  unreadable_structure: 'the MIME structure could not be read',
  raw_text: 'the text was read from the raw message',
};

const ENGLISH: { [C in PlainReasonCode]: string } = {
  read_receipt: 'a read receipt',
  delivery_report: 'a delivery report (bounce)',
  delivery_failure: 'a delivery failure (bounce)',
  auto_reply_header: 'an automatic reply (Auto-Submitted/X-Autoreply header)',
  auto_reply_precedence: 'an automatic reply (Precedence: auto_reply)',
  auto_reply_subject: 'an automatic reply (subject)',
  bulk_mail: 'a newsletter or list mail',
  calendar_answer: 'a calendar answer, not a sign-up',
  substitute: 'someone else takes the place',
  might_not_come: 'might not come (not yet a cancellation)',
  signs_up_later: 'will sign up later or asks first',
  earlier_signup: 'about an earlier sign-up',
  question: 'a question',
  no_signup_found: 'no sign-up found',
  thanks_only: 'only thanks, nothing to do',
  attachment_details: 'the details are in an attachment, which is not read',
  no_sender: 'no sender',
  from_intake_address: 'sent from the sign-up address itself',
  no_readable_text: 'no readable text',
  no_date: 'the message has no date, so the deadline cannot be checked',
  not_a_signup: 'not a sign-up',
  change_to_review: 'changes go to review',
  changes_own: 'the sender changes their own registration',
  change_unclear: 'no new afternoon choice, role or need found',
  several_changes: 'asks for more than one change at once',
  change_for_others: 'changes someone other than the sender',
  tentative: 'the writer is not sure (tentative words)',
  cancels_others: 'cancels someone other than the sender alone',
  several_people: 'more than one person',
  cancels_own: 'the sender cancels their own registration',
  cancels_all_own: 'the sender cancels themselves and the others on their address',
  names_other_address: 'the mail names an address other than the one it was sent from',
  asks_question: 'asks a question that needs an answer',
  nobody_to_register: 'nobody to register',
  no_address: 'a person without an address',
  all_clear: 'everything is clear',
  all_clear_on_behalf: 'booked on behalf of someone; everything is clear',
  no_name: 'no name found',
  no_full_name_signed_up: 'no full name for the person signed up',
  no_full_name_in_form: 'no full name in the form',
  person_without_name: 'a person without a name',
  sender_not_in_list: 'the sender is not in the list',
  we_but_one: '"vi"/"we" sign up, but only one person is named',
  no_role: 'no role found',
  no_session: 'no afternoon choice found',
  session_undecided: 'the afternoon choice is not decided',
  morning_only: 'only the morning, but the event needs an afternoon choice',
  too_large: 'too large (a big attachment): only the beginning was read',
  unreadable: 'could not be read as an e-mail',
};

/** The instant in the event's time zone, as the English texts have always shown it. */
export function englishInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(date);
  } catch {
    return Number.isNaN(date.getTime()) ? iso : date.toISOString();
  }
}

function englishBody(reason: IntakeReason): string {
  switch (reason.code) {
    case 'machine_generated':
      return `machine-generated (Auto-Submitted: ${reason.value})`;
    case 'broken_mime':
      return `broken MIME: ${reason.problems.map((p) => ENGLISH_MIME[p]).join('; ')}`;
    case 'active_content':
      return `active content in the HTML (${reason.items.join(', ')})`;
    case 'long_message':
      return `a very long message: only the first ${reason.limit} characters were read`;
    case 'late':
      return `sent ${englishInstant(reason.sentAt, reason.timeZone)}, after the deadline ${englishInstant(reason.deadline, reason.timeZone)}`;
    case 'sender_name_differs':
      return `the sender's name (${reason.name}) differs from the signature (${reason.other})`;
    case 'only_first_name':
      return `only a first name (${reason.name})`;
    case 'count_mismatch':
      return `${reason.announced} people announced, ${reason.found} found`;
    case 'role_not_offered':
      return `the role ${reason.role} is not offered by the event`;
    case 'several_roles':
      return `several roles named (${reason.roles.join(', ')})`;
    case 'role_outside_municipality':
      return `"${reason.word}" outside a municipality: role unclear`;
    case 'form_role_unclear':
      return `role "${reason.value}" not understood`;
    case 'several_sessions':
      return `several afternoon choices (${reason.sessions.join(', ')})`;
    default:
      return ENGLISH[reason.code];
  }
}

/** The short English text of a reason ("Kari Nordmann: no role found"), as the CLI prints it. */
export function reasonText(reason: IntakeReason): string {
  const body = englishBody(reason);
  return reason.person ? `${reason.person}: ${body}` : body;
}

/** The same reason about a person (their name), when there is one. */
export function about(reason: IntakeReason, person: string | null): IntakeReason {
  return person ? { ...reason, person } : reason;
}

/** Whether a stored value is a reason this version knows (old rows stored English texts only). */
export function isIntakeReason(value: unknown): value is IntakeReason {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (REASON_CODES as readonly string[]).includes((value as { code: string }).code)
  );
}
