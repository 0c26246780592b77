// Understanding a sign-up e-mail (issue 9): who writes, for whom, in which role and session, and
// whether the mailbox connection may act on it without a human. Pure: no database, no network; the
// HTML of a message is converted to text by string rules and never executed or rendered.
//
// The steps live in small modules: mime.ts (decoding, charset fallbacks, broken MIME),
// html-text.ts, mail-text.ts (quotes, forwards, signatures), classify.ts (machine mail and kind),
// people.ts (names, addresses, several people, on behalf), roles.ts and sessions.ts (dictionaries),
// details.ts (organisation, needs) and decide.ts (confidence and decision).
import { type KindVerdict, type MachineVerdict, machineVerdict, personKind } from './classify.ts';
import { type DecisionResult, decide } from './decide.ts';
import { findNeeds, findOrganization, looksLikeOrganization } from './details.ts';
import { isFullName, looksLikeName, normalize, sentences, splitMessage } from './mail-text.ts';
import { readMessage } from './mime.ts';
import { findPeople, type PeopleFinding, personalName, readForm, senderOf } from './people.ts';
import { type IntakeReason, reasonText } from './reasons.ts';
import { findRoleMentions, roleFromLabel } from './roles.ts';
import { chooseSession, findSessionMentions, sessionAliases } from './sessions.ts';
import { wordRe } from './words.ts';

/** What the parser needs to know about the event. */
export interface IntakeEvent {
  slug: string;
  title: string;
  timeZone: string;
  /** The instant sign-up closes; null = no deadline. */
  registrationDeadline: Date | null;
  sessions: { code: string; title: string; aliases?: string[] }[];
  allowNoSession: boolean;
  roles: { code: string; label: string }[];
  /** The event's sign-up address (never taken as a person). */
  intakeAddress?: string | null;
}

export interface ParsedPerson {
  name: string | null;
  email: string;
  role: string | null;
  /** A session code, 'none' (only the shared programme) or null (not stated). */
  session: string | null;
  organization: string | null;
  needs: string | null;
  /** With role `other`: the writer's words for it, for the form's role description. Not part of
   * the `mail parse` output; absent in messages stored before it was kept. */
  roleOther?: string;
}

export type MailKind = 'registration' | 'cancellation' | 'change' | 'other';
export type MailDecision = 'accept' | 'review' | 'ignore';

export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  date: Date | null;
  from: { name: string | null; email: string } | null;
  subject: string;
  /** The plain text shown to the organiser (never HTML). */
  text: string;
  kind: MailKind;
  people: ParsedPerson[];
  /** 0..1 */
  confidence: number;
  decision: MailDecision;
  /** Why, as codes with parameters (the review page shows them in the organiser's language). */
  reasonCodes: IntakeReason[];
  /** The same reasons as short English texts (`reasonText`), as `samskap mail parse` prints them. */
  reasons: string[];
}

/** Bokmål labels of the standard role codes, used when an event keeps the catalogue's labels. */
const STANDARD_ROLE_LABELS: Record<string, string> = {
  politician: 'Politiker',
  researcher: 'Forsker',
  municipal_employee: 'Kommuneansatt',
  citizen: 'Innbygger',
  volunteer: 'Frivillig',
  business: 'Næringslivsaktør',
  other: 'Annet',
};

/** The fields of an event the parser reads (EventDetails has them all). */
export interface IntakeEventSource {
  slug: string;
  title: string;
  timeZone?: string;
  registrationClosesAt: Date | null;
  allowNoSession: boolean;
  contactEmail?: string | null;
  sessions: { code: string; title: string; description?: string }[];
  roles?: { code: string; label?: string | null }[];
}

/** The parser's view of an event (from core/events EventDetails): session aliases come from the
 * words only one session's title and description use ("workshop", "floker"). */
export function intakeEventFrom(details: IntakeEventSource): IntakeEvent {
  const aliases = sessionAliases(details.sessions);
  const roles = details.roles ?? Object.keys(STANDARD_ROLE_LABELS).map((code) => ({ code, label: null }));
  return {
    slug: details.slug,
    title: details.title,
    timeZone: details.timeZone ?? 'Europe/Oslo',
    registrationDeadline: details.registrationClosesAt,
    sessions: details.sessions.map((session, i) => ({
      code: session.code,
      title: session.title,
      aliases: aliases[i] ?? [],
    })),
    allowNoSession: details.allowNoSession,
    roles: roles.map((role) => ({
      code: role.code,
      label: role.label ?? STANDARD_ROLE_LABELS[role.code] ?? role.code,
    })),
    intakeAddress: details.contactEmail ? details.contactEmail.toLowerCase() : null,
  };
}

const ATTACHED_FORM =
  /(?:vedlagt|vedlegg|vedlagd|attached|attachment)[^.!?\n]{0,40}(?:skjema|form|påmelding)|(?:skjema|form)[^.!?\n]{0,25}(?:vedlagt|vedlegg|attached)/;
const CANCEL_OWN = wordRe(
  /(?:\b(?:jeg|eg|i|i'm|i am)\b[^.!?\n]{0,50}?(?:meld(?:e|er|a)? meg av|melde forfall|meld(?:er)? forfall|ikke (?:\p{L}+ )?(?:komme|kommet|delta|deltatt|være med|med)|ikkje (?:\p{L}+ )?(?:kome|komme|delta|vere med|med)|cancel my|no longer attend|(?:can't|cannot|unable to|won't be able to) (?:attend|come|make it)|trekke meg)|\bmeld meg av\b|\bstryk meg\b|\bremove me\b|\bcancel my\b)/u,
);

/** Characters of a message's text the rules read. */
export const ANALYSE_MAX = 8_000;

/** Reads a raw message and proposes what to do with it for `event`. Never throws on bad input. */
export async function parseMail(raw: Buffer, event: IntakeEvent): Promise<ParsedMail> {
  const source = await readMessage(raw);
  // The rules read the first ANALYSE_MAX characters (a sign-up is a few lines; reading more only
  // costs time, and some rules are quadratic in the worst case). The organiser sees all of it.
  const long = source.text.length > ANALYSE_MAX;
  const parts = splitMessage(long ? source.text.slice(0, ANALYSE_MAX) : source.text, source.subject);
  const intake = event.intakeAddress?.toLowerCase() ?? null;
  const base = {
    messageId: source.messageId,
    inReplyTo: source.inReplyTo,
    references: source.references,
    date: source.date,
    from: source.from,
    subject: source.subject,
    text: source.text,
  };

  const formRelay = readForm(parts.body) !== null;
  const machine: MachineVerdict | null = machineVerdict(source, formRelay);
  const messageDoubts: IntakeReason[] = [];
  if (source.problems.length > 0) messageDoubts.push({ code: 'broken_mime', problems: source.problems });
  if (source.activeContent.length > 0) messageDoubts.push({ code: 'active_content', items: source.activeContent });
  if (ATTACHED_FORM.test(normalize(parts.body)) && source.attachments.length > 0)
    messageDoubts.push({ code: 'attachment_details' });
  if (long) messageDoubts.push({ code: 'long_message', limit: ANALYSE_MAX });
  if (!source.from) messageDoubts.push({ code: 'no_sender' });
  else if (source.from.email === intake && !source.replyTo) messageDoubts.push({ code: 'from_intake_address' });

  if (machine) {
    const result = decide({
      kind: 'other',
      machine,
      verdict: null,
      people: null,
      messageDoubts,
      late: null,
      cancelsOwn: false,
    });
    return { ...base, kind: 'other', people: [], ...withTexts(result) };
  }

  const verdict: KindVerdict = formRelay
    ? { kind: 'registration', reason: null, tentative: false, question: false, questionBesideChange: false }
    : personKind({
        body: parts.body.trim() === '' ? '' : parts.body,
        subject: source.subject,
        forwardedText: parts.forwarded[0]?.text ?? '',
        hasCalendar: source.hasCalendar,
        mentionsSession: (text) => findSessionMentions(text, event.sessions, { eventTitle: event.title }).length > 0,
      });
  if (source.text.trim() === '' && source.subject.trim() === '' && verdict.kind === 'other')
    messageDoubts.push({ code: 'no_readable_text' });

  let late: IntakeReason | null = null;
  if (!source.date) late = { code: 'no_date' };
  else if (event.registrationDeadline && source.date > event.registrationDeadline)
    late = {
      code: 'late',
      sentAt: source.date.toISOString(),
      deadline: event.registrationDeadline.toISOString(),
      timeZone: event.timeZone,
    };

  let people: PeopleFinding | null = null;
  let kind: MailKind = verdict.kind;
  let cancelsOwn = false;
  let cancelsAllOwn = false;
  const context = { source, parts, event: { ...event, sessions: event.sessions } };
  if (kind === 'registration') {
    people = findPeople(context);
  } else if (kind === 'cancellation') {
    const found = cancellationPeople(context);
    people = found.people;
    cancelsOwn = found.own;
    cancelsAllOwn = found.allOwn;
  } else if (kind === 'change') {
    people = changePeople(context);
  }
  if (kind === 'registration' && people && people.people.length === 0) kind = 'other';
  // "Jeg meldte meg på fra jobbmailen (x@…)": the registration is not at the sending address.
  if ((kind === 'cancellation' || kind === 'change') && namesOtherAddress(parts.body, source.from?.email, intake))
    messageDoubts.push({ code: 'names_other_address' });
  const result = decide({
    kind,
    machine: null,
    verdict,
    people,
    messageDoubts,
    late: kind === 'registration' ? late : null,
    cancelsOwn,
    cancelsAllOwn,
  });
  return {
    ...base,
    kind,
    people: (people?.people ?? []).map((p) => ({
      ...documentedPerson(p),
      ...(p.roleOther ? { roleOther: p.roleOther } : {}),
    })),
    ...withTexts(result),
  };
}

/** The decision with its reasons both as codes and as the English texts the CLI prints. */
function withTexts(result: DecisionResult): Pick<ParsedMail, 'decision' | 'confidence' | 'reasonCodes' | 'reasons'> {
  return {
    decision: result.decision,
    confidence: result.confidence,
    reasonCodes: result.reasons,
    reasons: result.reasons.map(reasonText),
  };
}

type Context = Parameters<typeof findPeople>[0];

function senderPerson(context: Context): { name: string | null; email: string } {
  const sender = senderOf(context.source, context.event.intakeAddress);
  const display = personalName(sender?.name ?? null);
  const signed =
    context.parts.signature.map((l) => l.split(/,|\s\|\s/)[0]!.trim()).find((l) => looksLikeName(l)) ?? null;
  const name =
    display && isFullName(display) ? display : signed && isFullName(signed) ? signed : (display ?? signed ?? null);
  return { name, email: sender?.email ?? '' };
}

/** The full name a first name stands for, from anywhere in the mail (quotes included). */
function fullNameFor(first: string, text: string): string {
  const re = new RegExp(`${first}(?:\\s+\\p{Lu}[\\p{Ll}\\p{M}]+){1,3}`, 'u');
  const m = re.exec(text);
  return m && isFullName(m[0]) ? m[0] : first;
}

function cancellationPeople(context: Context): { people: PeopleFinding; own: boolean; allOwn: boolean } {
  const { parts, source } = context;
  const self = senderPerson(context);
  const body = parts.body;
  const cancelSentences = sentences(body).filter((s) =>
    /meld\w* (?:meg|oss|ham|henne|han|ho) av|forfall|ikke|ikkje|stryk|cancel|no longer|can't|cannot|unable|remove|trekke/i.test(
      s,
    ),
  );
  const cancelText = normalize(cancelSentences.join(' '));
  const group = /\b(?:vi|oss|we|us|begge|both)\b/.test(cancelText);
  const others: string[] = [];
  for (const sentence of cancelSentences) {
    for (const m of sentence.matchAll(/\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){0,3}/gu)) {
      const words = m[0].split(/\s+/).filter((w) => !NOT_NAMES.has(w.toLowerCase()));
      const candidate = words.join(' ');
      if (candidate === '' || (self.name && normalize(self.name).split(' ').includes(normalize(words[0]!)))) continue;
      // A full name, or a first name the rest of the mail (quotes too) gives in full ("Kåre" → "Kåre Bjerkan").
      const name = isFullName(candidate) ? candidate : fullNameFor(candidate, source.text);
      if (isFullName(name) && !looksLikeOrganization(name) && !others.includes(name)) others.push(name);
    }
  }
  // Someone else on the same address who stays ("Mannen min kommer likevel") makes cancelling by
  // address wrong: only a cancellation that names nobody else is the sender's own.
  // A colleague who "will still attend" has an address of their own; someone of the household
  // who stays is likely on the sender's address, and then a person should look.
  const mentionsOthers = sentences(body).some(
    (sentence) =>
      (OTHER_PEOPLE.test(normalize(sentence)) || namesOtherThan(sentence, self.name)) &&
      !(OTHER_STAYS.test(normalize(sentence)) && !HOUSEHOLD.test(normalize(sentence))),
  );
  const own = CANCEL_OWN.test(cancelText) && others.length === 0 && !group && !mentionsOthers;
  const people: PeopleFinding['people'] = [];
  if (own || group) people.push({ ...emptyPerson(self.email), name: self.name });
  for (const name of others) {
    const titled = findRoleMentions(body).find(
      (m) => m.titleOfName && normalize(name).startsWith(normalize(m.titleOfName)),
    );
    people.push({ ...emptyPerson(self.email), name, role: titled?.role ?? null });
  }
  if (people.length === 0) people.push({ ...emptyPerson(self.email), name: self.name });
  // "Vi må melde oss av begge to, både jeg og Jorid": the sender and the others named, nobody said
  // to stay. Whether they are all on the sender's address is for the mailbox connection to check.
  const allOwn =
    !own &&
    group &&
    WE.test(cancelText) &&
    !STAYS.test(normalize(body)) &&
    self.name !== null &&
    people.length > 1 &&
    people.every((p) => p.name !== null && isFullName(p.name));
  return { people: { people, doubts: [], onBehalf: !own && !allOwn, formRelay: false, sender: null }, own, allOwn };
}

const WE = wordRe(/\b(?:vi|oss|we|us|både (?:jeg|eg) og|(?:jeg|eg) og)\b/u);
const STAYS = wordRe(
  /\b(?:kommer (?:som planlagt|likevel|fortsatt|uansett)|kjem (?:som planlagt|likevel|framleis|uansett)|fortsatt|framleis|still (?:come|coming|attend)|as planned)\b/u,
);

/** Words of a change or a registration: a sentence about someone else without them is a remark. */
const CHANGE_WORDS = wordRe(
  /\b(?:bytte|byte|bytt|endre|endra|endring|switch|change|påmeldt|påmeld|registered|signed up|dropper|droppar|rette|mente|meant|heller)\b/u,
);
const HOUSEHOLD = wordRe(
  /\b(?:mannen min|min mann|kona mi|min kone|mi kone|samboer(?:en)? min|sambuar(?:en)? min|datter|dotter|sønn|son|husband|wife|partner)\b/u,
);
const OTHER_STAYS = wordRe(
  /\b(?:still (?:attend|attends|come|comes|coming|join|joins)|will still|stays|stay|remains|blir (?:værende |verande )?(?:i|på)|forblir|held fram|fortsetter|står (?:fortsatt )?på|kommer (?:som planlagt|likevel|fortsatt)|kjem (?:som planlagt|likevel|framleis))\b/u,
);

const OTHER_PEOPLE = wordRe(
  /\b(?:mannen min|min mann|kona mi|min kone|mi kone|samboer(?:en)? min|sambuar|kollega(?:en)?|kolleger|kollegaer|datter|dotter|sønn|son|venn(?:inne)?|husband|wife|partner|colleague|friend|vi|oss|we|us|begge|both|han|hun|ho)\b/u,
);

/** A full name other than the sender's in the text. */
function namesOtherThan(text: string, self: string | null): boolean {
  for (const m of text.matchAll(/\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,3}/gu)) {
    const words = m[0].split(/\s+/).filter((w) => !NOT_NAMES.has(w.toLowerCase()));
    const candidate = words.join(' ');
    if (!isFullName(candidate) || looksLikeOrganization(candidate)) continue;
    if (self && normalize(self).split(' ').includes(normalize(words[0]!))) continue;
    return true;
  }
  return false;
}

/** Capitalised words that start sentences or name months, not people. */
const NOT_NAMES = new Set(
  'hei hallo hi hello dear jeg eg vi i unfortunately sorry dessverre kan det beklager stryk takk ordføreren ordfører please hun han ho he she vi we our min mi my kollega kollegaen januar februar mars april mai juni juli august september oktober november desember january february march may june july october december monday tuesday wednesday thursday friday saturday sunday mandag tirsdag onsdag torsdag fredag lørdag søndag måndag tysdag laurdag sundag'.split(
    ' ',
  ),
);

function emptyPerson(email: string): PeopleFinding['people'][number] {
  return {
    name: null,
    email,
    role: null,
    session: null,
    organization: null,
    needs: null,
    doubts: [],
    sessionVia: null,
  };
}

function changePeople(context: Context): PeopleFinding {
  const { parts, event } = context;
  const self = senderPerson(context);
  const body = parts.body;
  const substitute = /\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){1,3}(?=\s*\(([^\s()]+@[^\s()]+)\))/u.exec(body);
  const sessionChoice = chooseSession(findSessionMentions(body, event.sessions, { eventTitle: event.title }), {
    allowNoSession: event.allowNoSession,
    change: true,
  });
  const explicit = findRoleMentions(body).filter((m) => m.explicit && !m.negated);
  const role = explicit.length > 0 ? explicit[explicit.length - 1]!.role : null;
  if (substitute && isFullName(substitute[0])) {
    const email = /\(([^\s()]+@[^\s()]+)\)/.exec(body.slice(substitute.index))?.[1]?.toLowerCase() ?? self.email;
    const mentions = findRoleMentions(body.slice(substitute.index)).filter((m) => !m.negated && !m.titleOfName);
    return {
      people: [
        {
          ...emptyPerson(email),
          name: substitute[0],
          role: role ?? mentions[0]?.role ?? null,
          session: sessionChoice.session,
          organization: findOrganization(body, parts.signature),
        },
      ],
      doubts: [],
      onBehalf: true,
      formRelay: false,
      sender: null,
    };
  }
  // "Kan kollegaen min bytte til 2B?" is not the sender's own change; "Ida stays in 2B" is.
  const aboutOthers = sentences(body).some(
    (s) =>
      (OTHER_PEOPLE.test(normalize(s)) || namesOtherThan(s, self.name)) &&
      !OTHER_STAYS.test(normalize(s)) &&
      CHANGE_WORDS.test(normalize(s)),
  );
  return {
    people: [
      {
        ...emptyPerson(self.email),
        name: self.name,
        role: role ? (roleFromLabel(role, event.roles) ?? role) : null,
        session: sessionChoice.session,
        needs: findNeeds(body),
      },
    ],
    doubts: [],
    onBehalf: aboutOthers,
    formRelay: false,
    sender: null,
  };
}

/** Whether the new text gives an e-mail address other than the sender's and the sign-up address. */
function namesOtherAddress(text: string, sender: string | undefined, intake: string | null): boolean {
  for (const m of text.matchAll(/([^\s<>()"',;:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)) {
    const address = m[1]!.toLowerCase().replace(/[.]+$/, '');
    if (address !== sender?.toLowerCase() && address !== intake) return true;
  }
  return false;
}

/** A person with exactly the fields `samskap mail parse` documents, in their order. */
export function documentedPerson(p: ParsedPerson): ParsedPerson {
  return {
    name: p.name,
    email: p.email,
    role: p.role,
    session: p.session,
    organization: p.organization,
    needs: p.needs,
  };
}
