// The parser's reasons (core/mail-intake/reasons.ts) in the organiser's language: each code
// through the mail-intake catalogue, its parameters formatted for the page (role labels, session
// codes, dates in the event's time zone).
import type { EventDetails } from '../../../core/events/types.ts';
import { type IntakeReason, REASON_CODES, type ReasonCode } from '../../../core/mail-intake/reasons.ts';
import type { Messages } from '../../i18n/index.ts';
import { roleLabel } from '../format.ts';
import { dateTimeShort } from './registrations.tsx';

/** One reason of the parser in the organiser's language, with the person's name when it is about one. */
export function reasonLabel(
  t: Messages,
  event: Pick<EventDetails, 'roles' | 'timeZone'>,
  lang: string,
  reason: IntakeReason,
): string {
  const r = t.mailIntake.reasons;
  const session = (code: string) => (code === 'none' ? t.admin.registrations.noSession : code);
  const instant = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateTimeShort(date, lang, event.timeZone);
  };
  let text: string;
  switch (reason.code) {
    case 'machine_generated':
      text = r.machine_generated(reason.value);
      break;
    case 'broken_mime':
      text = r.broken_mime(reason.problems.map((p) => t.mailIntake.mimeProblems[p] ?? p).join('; '));
      break;
    case 'active_content':
      text = r.active_content(reason.items.map((i) => t.mailIntake.activeContent[i] ?? i).join(', '));
      break;
    case 'long_message':
      text = r.long_message(reason.limit);
      break;
    case 'late':
      text = r.late(instant(reason.sentAt), instant(reason.deadline));
      break;
    case 'sender_name_differs':
      text = r.sender_name_differs(reason.name, reason.other);
      break;
    case 'only_first_name':
      text = r.only_first_name(reason.name);
      break;
    case 'count_mismatch':
      text = r.count_mismatch(reason.announced, reason.found);
      break;
    case 'role_not_offered':
      text = r.role_not_offered(roleLabel(t, event, reason.role));
      break;
    case 'several_roles':
      text = r.several_roles(reason.roles.map((role) => roleLabel(t, event, role)).join(', '));
      break;
    case 'role_outside_municipality':
      text = r.role_outside_municipality(reason.word);
      break;
    case 'form_role_unclear':
      text = r.form_role_unclear(reason.value);
      break;
    case 'several_sessions':
      text = r.several_sessions(reason.sessions.map(session).join(', '));
      break;
    default:
      // Only the codes without parameters are left: each is a text (the compiler checks it).
      text = r[reason.code];
  }
  return reason.person ? t.mailIntake.reasonAbout(reason.person, text) : text;
}

/** A reason stored as text only (before reasons had codes): the early codes were stored as such. */
export function legacyReasonLabel(t: Messages, text: string): string {
  if (!(REASON_CODES as readonly string[]).includes(text)) return text;
  const entry = t.mailIntake.reasons[text as ReasonCode];
  return typeof entry === 'string' ? entry : text;
}
