// Who a message is about: the sender (From, or Reply-To behind a form relay), the name from the
// display name or the signature, people the sender books for ("på vegne av ordfører X", a
// forwarded request), people the sender brings ("Min mann Per Hegge og jeg", lists, tables), and
// their roles and afternoon choices. Whatever cannot be told for sure is left null and explained,
// so the message goes to the review queue.

import { findNeeds, findOrganization, looksLikeOrganization, needsFromField } from './details.ts';
import { onlyGivenNames } from './given-names.ts';
import { isFullName, looksLikeName, type MessageParts, normalize, parseAddressText, sentences } from './mail-text.ts';
import type { MailAddress, MailSource } from './mime.ts';
import type { IntakeReason } from './reasons.ts';
import { findRoleMentions, mentionsMunicipality, needsMunicipality, type RoleMention, roleFromLabel } from './roles.ts';
import { chooseSession, findSessionMentions, type SessionInfo, type SessionVia } from './sessions.ts';
import { wordRe } from './words.ts';

export interface PersonFinding {
  name: string | null;
  email: string;
  role: string | null;
  session: string | null;
  organization: string | null;
  needs: string | null;
  /** With role `other`: the writer's own words for it ("masterstudent"), for the form's description. */
  roleOther?: string;
  /** Why the role or session is missing, or another doubt about this person. */
  doubts: IntakeReason[];
  sessionVia: SessionVia | null;
}

export interface PeopleFinding {
  people: PersonFinding[];
  /** Doubts about the message as a whole (names that differ, people announced but not named …). */
  doubts: IntakeReason[];
  /** The sender books for someone else (assistant, forward). */
  onBehalf: boolean;
  formRelay: boolean;
  /** The sender's own address and name (for cancellations and changes). */
  sender: MailAddress | null;
}

export interface PeopleContext {
  source: MailSource;
  parts: MessageParts;
  event: {
    title: string;
    sessions: SessionInfo[];
    allowNoSession: boolean;
    roles: { code: string; label: string }[];
    intakeAddress?: string | null;
  };
}

const RELAY_SENDER = wordRe(
  /^(?:no-?reply|noreply|do-?not-?reply|donotreply|nettskjema|skjema|forms?|webform|wordpress|mailer)\b/i,
);

/** The person behind the message: From, or Reply-To when From is a no-reply relay. */
export function senderOf(source: MailSource, intakeAddress?: string | null): MailAddress | null {
  const from = source.from;
  const intake = intakeAddress?.toLowerCase() ?? null;
  if (from && RELAY_SENDER.test(from.email) && source.replyTo && source.replyTo.email !== intake) return source.replyTo;
  if (from && from.email === intake) return source.replyTo ?? null;
  return from;
}

/** A display name as a person's name: "Last, First" turned round; titles, offices and companies rejected. */
export function personalName(display: string | null): string | null {
  if (!display) return null;
  let name = display.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const lastFirst = /^([\p{L}\p{M}'’-]+(?: [\p{L}\p{M}'’-]+)?),\s*([\p{L}\p{M}'’ -]+)$/u.exec(name);
  if (lastFirst) name = `${lastFirst[2]!.trim()} ${lastFirst[1]!.trim()}`;
  if (name === name.toLowerCase() && /^[\p{L}\p{M}'’ -]+$/u.test(name))
    name = name.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  if (looksLikeOrganization(name) || /postmottak|kontor|sekretariat|skjema|support|info|admin|team/i.test(name))
    return null;
  return looksLikeName(name) ? name : null;
}

function signatureName(signature: string[]): string | null {
  for (const line of signature.slice(0, 3)) {
    const candidate = line.split(/,|\s\|\s|\s[–-]\s|\s\(/)[0]!.trim();
    if (looksLikeName(candidate) && !looksLikeOrganization(candidate)) return candidate;
  }
  return null;
}

/** "Halvard Fløan, rådgjevar i …" / "Torunn Eide her, forskar …" at the start of the text. */
function introName(body: string): string | null {
  const m = wordRe(
    /(?:^|\n)(?:hei[,!.]?\s*)?((?:\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?\s){1,3}\p{Lu}[\p{Ll}\p{M}]+)(?:\s+her\b|,\s)/u,
  ).exec(body);
  const name = m?.[1]?.trim() ?? null;
  return name && looksLikeName(name) && !looksLikeOrganization(name) ? name : null;
}

const sameName = (a: string, b: string) => normalize(a).replace(/\s+/g, ' ') === normalize(b).replace(/\s+/g, ' ');
const firstNameOf = (name: string) => name.split(/\s+/)[0]!;

/** The sender's name, and a doubt when the sources disagree. */
function nameOfSender(
  sender: MailAddress | null,
  parts: MessageParts,
): { name: string | null; doubt: IntakeReason | null } {
  const display = personalName(sender?.name ?? null);
  const fromSignature = signatureName(parts.signature);
  const fromIntro = introName(parts.body);
  if (display && isFullName(display)) {
    for (const other of [fromSignature, fromIntro]) {
      if (!other || sameName(other, display)) continue;
      if (!isFullName(other) && sameName(firstNameOf(other), firstNameOf(display))) continue; // "Knut" for "Knut Reitan"
      if (
        isFullName(other) &&
        normalize(display)
          .split(' ')
          .every((w) => normalize(other).includes(w))
      )
        continue;
      if (!isFullName(other)) continue; // a nickname under a full display name
      // "Nils Olav" under "Nils Olav Tiller": part of the same name.
      if (
        normalize(other)
          .split(' ')
          .every((w) => normalize(display).split(' ').includes(w))
      )
        continue;
      return { name: other, doubt: { code: 'sender_name_differs', name: display, other } };
    }
    return { name: display, doubt: null };
  }
  const full = [fromSignature, fromIntro, display].find((n) => n && isFullName(n));
  if (full) return { name: full, doubt: null };
  const partial = fromSignature ?? fromIntro ?? display;
  return { name: partial, doubt: partial ? { code: 'only_first_name', name: partial } : { code: 'no_name' } };
}

const FORM_LABELS: [RegExp, keyof FormFields][] = [
  [/^(?:fullt navn|fullt namn|navn|namn|name|full name|deltaker|deltakar)$/, 'name'],
  [/^(?:e-?post(?:adresse)?|epost|email|e-mail|e-mail address)$/, 'email'],
  [
    /^(?:organisasjon|arbeidssted|arbeidsstad|arbeidssted\/organisasjon|organisation|organization|virksomhet|verksemd|arbeidsgiver)$/,
    'organization',
  ],
  [/^(?:rolle|role|jeg kommer som|eg kjem som|i am coming as|deltar som|kategori)$/, 'role'],
  [/^(?:sesjon|sesjon etter lunsj|etter lunsj|parallellsesjon|session|afternoon|valg etter lunsj|del 2)$/, 'session'],
  [
    /^(?:allergier|allergier\/tilrettelegging|spesielle behov|behov|tilrettelegging|matallergier|dietary needs|needs|særlege behov)$/,
    'needs',
  ],
];

interface FormFields {
  name?: string;
  email?: string;
  organization?: string;
  role?: string;
  session?: string;
  needs?: string;
}

/** "Navn: …" / "E-post: …" lines of a web form relayed by mail. */
export function readForm(body: string): FormFields | null {
  const fields: FormFields = {};
  let count = 0;
  for (const line of body.split('\n')) {
    const m = /^\s*([\p{L}\p{M} /-]{2,40}?)\s*:\s*(.*)$/u.exec(line);
    if (!m) continue;
    const label = normalize(m[1]!).trim();
    for (const [re, field] of FORM_LABELS) {
      if (re.test(label) && fields[field] === undefined) {
        fields[field] = m[2]!.trim();
        count++;
      }
    }
  }
  return count >= 3 && fields.name !== undefined ? fields : null;
}

const SELF_SIGNUP = wordRe(
  /(?:\b(?:jeg|eg|i)\b[^.!?\n]{0,40}?\b(?:meld(?:er|ar)? meg|melde meg|kommer|kjem|deltar|blir med|vil (?:\p{L}+ ){0,2}(?:være|vere) med|vil (?:\p{L}+ ){0,2}delta|ønsker (?:å )?delta|ønskjer (?:å )?delta|velger|vel\b|would like to|want to|am coming|will attend|'d like to|like to (?:attend|join|register))|\bmeld meg\b|\bsett meg opp\b|\bskriv meg opp\b|\bmelder meg\b|\bmeld(?:e|er)? oss\b|\band (?:i|me)\b|\bog (?:jeg|eg|meg)\b|\b(?:jeg|eg) og\b|\bme and\b|\bsign me up\b|\bregister me\b)/u,
);
const ON_BEHALF =
  /(?:på vegne av|on behalf of|vid[ae]?r?e?sen(?:der|dar|de|t)|forwarding|melder på (?:vår|vårt|min|mi|mitt|our|my)|melde på (?:vår|min|mi)|bekreftelsen kan sendes (?:direkte )?til (?:henne|ham|han|ho|meg)|svar (?:gjerne )?direkte til|(?:jeg|eg) skal ikke (?:være med|delta) selv|eg skal ikkje (?:vere med|delta) sjølv|not (?:attending|coming) myself)/u;
const THIRD_PERSON = wordRe(/\b(?:han|hun|ho|he|she|hans|hennes|hennar|him|her)\b/);
const GROUP = wordRe(/\b(?:vi|oss|we|us|begge|both|alle|all of us|begge to|både)\b/);

interface Located {
  name: string | null;
  email: string | null;
  index: number;
  line: string | null;
  sender: boolean;
}

const NAME_RE =
  /\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?(?:\s+(?:\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?|av|de|van|von)){1,3}/gu;
const NUMBER_WORDS: Record<string, number> = {
  to: 2,
  tre: 3,
  fire: 4,
  fem: 5,
  seks: 6,
  sju: 7,
  syv: 7,
  åtte: 8,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
};

function announcedCount(text: string): number | null {
  const m = wordRe(
    /\b(?:vi (?:kommer|kjem|er|blir|melder på|meldar på)|we are|we're|påmelding (?:for|av)|registration for|melder på|for) (to|tre|fire|fem|seks|sju|syv|åtte|two|three|four|five|six|\d)\b(?! (?:timar|timer|dager|dagar|uker|veker|år|minutter))/u,
  ).exec(normalize(text));
  if (m) {
    const word = m[1]!;
    return /^\d$/.test(word) ? Number(word) : (NUMBER_WORDS[word] ?? null);
  }
  // "sammen med to kolleger", "tar med meg tre andre": the writer and N more.
  const more = wordRe(
    /\b(?:sammen med|saman med|together with|tar med (?:meg )?|tek med (?:meg )?|bring(?:ing)?|og|and) (to|tre|fire|fem|seks|two|three|four|five|six|\d) (?:kolleger|kollegaer|kollegaar|kollegaene|andre|venner|vener|personer|stykker|colleagues|others|people|friends)\b/u,
  ).exec(normalize(text));
  if (!more) return null;
  const n = /^\d$/.test(more[1]!) ? Number(more[1]) : (NUMBER_WORDS[more[1]!] ?? null);
  return n === null ? null : n + 1;
}

/** "Vi melder oss på", "we would like to register": more than one person, however many are named. */
const WE_SIGN_UP = wordRe(
  /\b(?:meld(?:e|er|ar)? oss(?: herved)? på|vi (?:kommer|kjem|vil (?:gjerne )?(?:komme|kome|delta|være med|vere med))|we (?:would like|want|will|are coming|plan) to (?:register|attend|join|come)|we(?:'d| would) (?:like|love) to (?:register|attend|join))/u,
);

/** Capitalised full names in the text that are people (not organisations, places or the event). */
function namesIn(text: string, exclude: string[]): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const m of text.matchAll(NAME_RE)) {
    let name = m[0].trim();
    const index = m.index ?? 0;
    const before = normalize(text.slice(Math.max(0, index - 12), index));
    if (wordRe(/\b(?:fra|frå|i|ved|hos|at|from|in|of|til|på|for|om|v\/)\s*$/).test(before)) continue;
    const after = text.slice(index + name.length, index + name.length + 30);
    // "Kåre Bjerkan fra Levanger Frivilligsentral": the name ends before the organisation.
    if (looksLikeOrganization(name) || /^\s+(?:kommune|AS|universitet)/.test(after)) continue;
    // A sentence-initial pronoun or greeting glued to a name ("Hei Trine").
    name = name.replace(/^(?:Hei|Hallo|Kjære|Dear|Min|Mi|My|Vår|Og)\s+/u, '');
    if (!isFullName(name)) continue;
    if (exclude.some((e) => sameName(e, name))) continue;
    out.push({ name, index: index + (m[0].length - m[0].trimStart().length) });
  }
  return out;
}

function emailNear(text: string, from: number): string | null {
  const m = /^[^\n]{0,25}?[(<\s,]([^\s<>()"',;]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)/i.exec(text.slice(from));
  return m ? m[1]!.toLowerCase() : null;
}

/** "Hennes e-postadresse er x", "his address is x": the address given for the person booked. */
function statedAddress(text: string, exclude: (string | null | undefined)[]): string | null {
  const m =
    /\b(?:hennes|hans|hens|hennar|deira|her|his|their)\s+(?:e-?post(?:adresse)?|adresse|e-?mail(?:\s+address)?|address)\s*(?:er|is|:)?\s*<?([^\s<>()"',;]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)/iu.exec(
      text,
    );
  const address = m?.[1]?.toLowerCase().replace(/[.]+$/, '') ?? null;
  return address && !exclude.some((e) => e?.toLowerCase() === address) ? address : null;
}

function emailFromCopies(name: string, copies: MailAddress[]): string | null {
  for (const c of copies) if (c.name && sameName(personalName(c.name) ?? c.name, name)) return c.email;
  const tokens = normalize(name)
    .split(/\s+/)
    .map((t) =>
      t
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ø/g, 'o')
        .replace(/æ/g, 'ae')
        .replace(/å/g, 'a'),
    );
  for (const c of copies) {
    const local = c.email.split('@')[0]!;
    if (tokens.length >= 2 && local.includes(tokens[0]!) && local.includes(tokens[tokens.length - 1]!)) return c.email;
  }
  return null;
}

/** List lines ("- Name, role – 2A", "1. Name …", "Name | e-post | rolle | 2A", "Name (meg), title"). */
function listEntries(body: string): { name: string | null; line: string; index: number; me: boolean }[] {
  const lines = body.split('\n');
  const entries: { name: string | null; line: string; index: number; me: boolean }[] = [];
  let offset = 0;
  let inBlock = false;
  for (const raw of lines) {
    const line = raw.trim();
    const index = offset + raw.indexOf(line);
    offset += raw.length + 1;
    if (line === '') {
      if (entries.length > 0 && inBlock) inBlock = false;
      continue;
    }
    if (
      /:\s*$/.test(line) &&
      wordRe(
        /\b(?:kommer|kjem|melder|påmelding|følgende|fylgjande|register|are coming|people|personer|deltakere|deltakarar)\b/i,
      ).test(line)
    ) {
      inBlock = true;
      continue;
    }
    if (/^(?:navn|namn|name)\s*\|/i.test(line)) {
      inBlock = true;
      continue;
    }
    const marker = /^(?:[-*•–]|\d+[.)])\s+/.exec(line);
    const content = marker ? line.slice(marker[0].length) : line;
    if (!marker && !inBlock && !line.includes('|')) continue;
    const head = content.split(/\s*[,|(–]\s*|\s+-\s+|\s+(?:frå|fra|from)\s+/u)[0]!.trim();
    const me = /\((?:meg|meg sjølv|meg selv|me|myself)\)/i.test(content);
    if (isFullName(head) && !looksLikeOrganization(head)) entries.push({ name: head, line: content, index, me });
    else if (inBlock && /^(?:og |and )?(?:ein|en|ei|one|a) (?:til|more|annan|annen|kollega)/i.test(content))
      entries.push({ name: null, line: content, index, me: false });
    else if (inBlock && looksLikeName(head)) entries.push({ name: head, line: content, index, me });
  }
  return entries.length >= 2 ? entries : [];
}

function resolveRole(
  mentions: RoleMention[],
  context: { municipal: boolean },
  roles: { code: string; label: string }[],
): {
  role: string | null;
  doubt: IntakeReason | null;
  /** The words of the mention chosen, when the role is `other`. */
  roleOther?: string;
} {
  const found = decideRole(mentions, context, roles);
  if (found.role !== 'other') return found;
  const words =
    mentions
      .find((m) => m.role === 'other' && !m.negated)
      ?.text.trim()
      .slice(0, 200) ?? '';
  return words === '' ? found : { ...found, roleOther: words };
}

function decideRole(
  mentions: RoleMention[],
  context: { municipal: boolean },
  roles: { code: string; label: string }[],
): { role: string | null; doubt: IntakeReason | null } {
  const usable = mentions.filter((m) => !m.negated && (!needsMunicipality(m) || context.municipal));
  const dropped = mentions.filter((m) => !m.negated && needsMunicipality(m) && !context.municipal);
  const explicit = [...new Set(usable.filter((m) => m.explicit).map((m) => m.role))];
  const known = (role: string) => roles.length === 0 || roles.some((r) => r.code === role);
  if (explicit.length === 1) {
    return known(explicit[0]!)
      ? { role: explicit[0]!, doubt: null }
      : { role: null, doubt: { code: 'role_not_offered', role: explicit[0]! } };
  }
  if (explicit.length > 1) return { role: null, doubt: { code: 'several_roles', roles: explicit } };
  const distinct = [...new Set(usable.map((m) => m.role))];
  if (distinct.length === 1) {
    return known(distinct[0]!)
      ? { role: distinct[0]!, doubt: null }
      : { role: null, doubt: { code: 'role_not_offered', role: distinct[0]! } };
  }
  if (distinct.length > 1) return { role: null, doubt: { code: 'several_roles', roles: distinct } };
  if (dropped.length > 0) return { role: null, doubt: { code: 'role_outside_municipality', word: dropped[0]!.text } };
  return { role: null, doubt: { code: 'no_role' } };
}

/** Role mentions that describe the writer (not questions, not someone named after a title). */
function selfMentions(
  text: string,
  exclude: (m: RoleMention, sentence: string) => boolean = () => false,
): RoleMention[] {
  const out: RoleMention[] = [];
  for (const sentence of sentences(text)) {
    if (sentence.endsWith('?')) continue;
    for (const m of findRoleMentions(sentence)) {
      if (m.titleOfName || m.definite) continue;
      if (m.plural && !GROUP.test(normalize(sentence))) continue;
      if (exclude(m, sentence)) continue;
      out.push(m);
    }
  }
  return out;
}

function municipalContext(text: string, sender: MailAddress | null, signature: string[]): boolean {
  if (mentionsMunicipality(text)) return true;
  if (signature.some((line) => mentionsMunicipality(line))) return true;
  return /(?:^|\.)kommune\./.test(sender?.email.split('@')[1] ?? '');
}

/** The people a registration (or cancellation or change) is about, with role and session. */
export function findPeople(context: PeopleContext): PeopleFinding {
  const { source, parts, event } = context;
  const doubts: IntakeReason[] = [];
  const sender = senderOf(source, event.intakeAddress);
  const intake = event.intakeAddress?.toLowerCase() ?? null;
  const sessionOptions = { eventTitle: event.title };
  const subjectText = source.subject.replace(/^(?:\s*(?:re|sv|aw|vs|fw|fwd)\s*:\s*)+/i, '');
  const isReply = /^\s*(?:re|sv|aw)\s*:/i.test(source.subject);
  const bodyOrSubject = parts.body.trim() === '' ? subjectText : parts.body;

  // A web form relayed by mail: the fields say it all.
  const form = readForm(parts.body);
  if (form) {
    const email = (form.email && parseAddressText(form.email)?.email) || sender?.email || '';
    const sessionChoice = chooseSession(findSessionMentions(form.session ?? '', event.sessions, sessionOptions), event);
    const role = form.role ? roleFromLabel(form.role, event.roles) : null;
    const person: PersonFinding = {
      name: form.name ?? null,
      email,
      role,
      session: sessionChoice.session,
      organization: form.organization && form.organization !== '' ? form.organization : null,
      needs: form.needs !== undefined ? needsFromField(form.needs) : null,
      doubts: [
        ...(role ? [] : [{ code: 'form_role_unclear', value: form.role ?? '' } as const]),
        ...(sessionChoice.reason ? [sessionChoice.reason] : []),
        ...(isFullName(form.name ?? null) ? [] : [{ code: 'no_full_name_in_form' } as const]),
      ],
      sessionVia: sessionChoice.via,
    };
    return { people: [person], doubts, onBehalf: false, formRelay: true, sender };
  }

  const senderName = nameOfSender(sender, parts);
  // "Dr. Aisha Rahman": the title's full stop would end the sentence in front of the name.
  const body = bodyOrSubject.replace(/\b(?:Dr|dr|Prof|prof|Mr|Mrs|Ms)\.(?=\s+\p{Lu})/gu, (t) => ' '.repeat(t.length));
  const normBody = normalize(body);
  const municipal = municipalContext(body, sender, parts.signature);
  const organizationOfSender = findOrganization(body, parts.signature);
  const selfSignup = SELF_SIGNUP.test(normBody) || parts.body.trim() === '';
  const onBehalfCue = ON_BEHALF.test(normBody);
  const forward = parts.forwarded[0];
  const forwardFrom =
    forward?.from?.email && forward.from.email !== intake && forward.from.email !== sender?.email ? forward.from : null;

  // 1. The sender forwards someone's own request and is not coming ("Videresender fra ordføreren").
  if (
    forward &&
    forwardFrom &&
    !signsUpThemselves(normBody) &&
    (onBehalfCue || wordRe(/\bmeld\w* meg\b|\bkan du melde\b/).test(normalize(forward.text)))
  ) {
    const fwdParts = splitForwardSignature(forward.text);
    const name = personalName(forwardFrom.name) ?? signatureNameFromText(fwdParts.signature);
    const mentions = [...selfMentions(fwdParts.body), ...thirdPersonMentions(body)];
    const municipalHere = municipal || municipalContext(forward.text, forwardFrom, []);
    const { role, doubt, roleOther } = resolveRole(mentions, { municipal: municipalHere }, event.roles);
    const choice = chooseSession(
      [
        ...findSessionMentions(body, event.sessions, sessionOptions),
        ...findSessionMentions(fwdParts.body, event.sessions, sessionOptions),
      ],
      event,
    );
    const sameDomain = forwardFrom.email.split('@')[1] === sender?.email.split('@')[1];
    const person: PersonFinding = {
      name,
      email: forwardFrom.email,
      role,
      ...(roleOther ? { roleOther } : {}),
      session: choice.session,
      organization: findOrganization(fwdParts.body, []) ?? (sameDomain ? organizationOfSender : null),
      needs: findNeeds(fwdParts.body) ?? findNeeds(body),
      doubts: [
        ...(doubt ? [doubt] : []),
        ...(choice.reason ? [choice.reason] : []),
        ...(isFullName(name) ? [] : [{ code: 'no_full_name_signed_up' } as const]),
      ],
      sessionVia: choice.via,
    };
    return { people: [person], doubts, onBehalf: true, formRelay: false, sender };
  }

  // 2. The sender books someone by name ("på vegne av ordfører Anders Vikan", "melder på vår kommunedirektør Ketil Berg").
  const behalfName = onBehalfCue && !signsUpThemselves(normBody) ? namedAfterBehalfCue(body) : null;
  if (behalfName) {
    const titleMentions = findRoleMentions(body).filter(
      (m) => m.titleOfName && sameName(m.titleOfName, behalfName.name),
    );
    const mentions = [...titleMentions, ...thirdPersonMentions(body)];
    const { role, doubt, roleOther } = resolveRole(mentions, { municipal }, event.roles);
    const choice = chooseSession(findSessionMentions(body, event.sessions, sessionOptions), event);
    const email =
      emailNear(body, behalfName.index + behalfName.name.length) ??
      emailFromCopies(behalfName.name, source.cc) ??
      statedAddress(body, [sender?.email, intake]) ??
      sender?.email ??
      '';
    const person: PersonFinding = {
      name: behalfName.name,
      email,
      role,
      ...(roleOther ? { roleOther } : {}),
      session: choice.session,
      organization: organizationOfSender,
      needs: findNeeds(body),
      doubts: [...(doubt ? [doubt] : []), ...(choice.reason ? [choice.reason] : [])],
      sessionVia: choice.via,
    };
    return { people: [person], doubts, onBehalf: true, formRelay: false, sender };
  }

  // 3. The sender, and whoever comes with them.
  const senderNames = [senderName.name, personalName(sender?.name ?? null), signatureName(parts.signature)].filter(
    (n): n is string => n !== null,
  );
  if (senderName.doubt) doubts.push(senderName.doubt);
  const located: Located[] = [];
  const list = listEntries(body);
  const usesList = list.length >= 2;
  if (usesList) {
    for (const entry of list) {
      const isSender = entry.me || (entry.name !== null && senderNames.some((n) => sameName(n, entry.name!)));
      const explicitEmail =
        emailNear(entry.line, 0) ??
        /([^\s<>()|,;]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)/i.exec(entry.line)?.[1]?.toLowerCase() ??
        null;
      located.push({
        name: isSender ? (senderName.name ?? entry.name) : entry.name,
        email: isSender
          ? (sender?.email ?? null)
          : (explicitEmail ?? (entry.name ? emailFromCopies(entry.name, [...source.cc, ...source.to]) : null)),
        index: entry.index,
        line: entry.line,
        sender: isSender,
      });
    }
  } else {
    located.push({ name: senderName.name, email: sender?.email ?? null, index: -1, line: null, sender: true });
    for (const found of namesIn(body, senderNames)) {
      const sentence = sentenceAt(body, found.index);
      if (
        !COMPANION_CUE.test(normalize(sentence)) &&
        !/\(\s*[^\s()]+@/.test(body.slice(found.index, found.index + found.name.length + 6))
      )
        continue;
      const email =
        emailNear(body, found.index + found.name.length) ??
        emailFromCopies(found.name, [...source.cc, ...source.to]) ??
        null;
      if (email === intake) continue;
      if (!located.some((l) => l.name && sameName(l.name, found.name)))
        located.push({ name: found.name, email, index: found.index, line: null, sender: false });
    }
    for (const m of normBody.matchAll(UNNAMED_COMPANION))
      located.push({ name: null, email: null, index: m.index ?? 0, line: null, sender: false });
  }
  const senderPresent = located.some((l) => l.sender);
  if (!senderPresent && usesList && !selfSignup) doubts.push({ code: 'sender_not_in_list' });

  // Roles and sessions.
  const bodyMentions = findSessionMentions(removeLines(body, located), event.sessions, sessionOptions);
  const subjectMentions = isReply ? [] : findSessionMentions(subjectText, event.sessions, sessionOptions);
  const shared = chooseSession(bodyMentions.length > 0 ? bodyMentions : subjectMentions, event);
  const people: PersonFinding[] = [];
  const single = located.length === 1;
  for (const person of located) {
    const personDoubts: IntakeReason[] = [];
    let roleMentions: RoleMention[];
    let sessionChoice = shared;
    if (person.line !== null) {
      roleMentions = findRoleMentions(person.line).filter((m) => !m.titleOfName && !m.definite);
      const own = findSessionMentions(person.line, event.sessions, sessionOptions);
      if (own.length > 0) sessionChoice = chooseSession(own, event);
      if (roleMentions.length === 0) roleMentions = groupMentions(body, located);
    } else if (single) {
      roleMentions = selfMentions(body);
      if (roleMentions.length === 0) roleMentions = selfMentions(subjectText);
      if (roleMentions.length === 0 && person.sender) roleMentions = signatureMentions(parts.signature);
    } else roleMentions = mentionsFor(person, body, located);
    const { role, doubt, roleOther } = resolveRole(roleMentions, { municipal }, event.roles);
    if (doubt) personDoubts.push(doubt);
    if (sessionChoice.reason) personDoubts.push(sessionChoice.reason);
    if (!person.name) personDoubts.push({ code: 'person_without_name' });
    else if (!isFullName(person.name) || onlyGivenNames(person.name))
      personDoubts.push({ code: 'only_first_name', name: person.name });
    const email = person.email ?? sender?.email ?? '';
    const needsText = person.sender ? textWithoutOthers(body, located) : sentencesNaming(body, person.name);
    people.push({
      name: person.name,
      email,
      role,
      ...(roleOther ? { roleOther } : {}),
      session: sessionChoice.session,
      organization: person.line ? (findOrganization(person.line, []) ?? organizationOfSender) : organizationOfSender,
      needs: person.line
        ? (findNeeds(person.line) ?? (person.name ? findNeeds(sentencesNaming(body, firstNameOf(person.name))) : null))
        : findNeeds(needsText),
      doubts: personDoubts,
      sessionVia: sessionChoice.via,
    });
  }
  if (people.length === 1 && WE_SIGN_UP.test(normBody)) doubts.push({ code: 'we_but_one' });
  const announced = announcedCount(isReply ? body : `${subjectText}\n${body}`);
  if (announced !== null && announced !== people.length) {
    doubts.push({ code: 'count_mismatch', announced, found: people.length });
    for (let i = people.length; i < announced && i < 20; i++)
      people.push({
        name: null,
        email: sender?.email ?? '',
        role: null,
        session: shared.session,
        organization: organizationOfSender,
        needs: null,
        doubts: [{ code: 'person_without_name' }],
        sessionVia: shared.via,
      });
  }
  return { people, doubts, onBehalf: false, formRelay: false, sender };
}

const COMPANION_CUE = wordRe(
  /\b(?:og (?:jeg|eg|meg)|(?:jeg|eg) og|and (?:i|me)|me and|kollega|kollegaen|kollegane|colleague|min mann|mannen min|min kone|kona mi|mi kone|samboer|sambuar|venninne|venn|datter|dotter|sønn|son|husband|wife|partner|sammen med|saman med|together with|tar med|tek med|bring|vi\b|we\b|begge|both)/u,
);
const UNNAMED_COMPANION = wordRe(
  /\b(?:tar med (?:meg )?|tek med (?:meg )?|bring(?:ing)? )(?:en|ei|ein|a|an|one) (?:venninne|venn|kollega|ven|friend|colleague|til|more)\b|\bog (?:ein|en|ei) til\b/gu,
);

/** The writer signs up themselves ("jeg melder meg på", "og jeg"), not only someone else. */
function signsUpThemselves(normBody: string): boolean {
  return wordRe(
    /\b(?:jeg|eg|i)\b[^.!?\n]{0,30}?\b(?:meld(?:er|ar)? meg|melde meg|kommer (?:også|gjerne|som)|kjem (?:og|gjerne|som)|blir (?:også )?med|vil (?:\p{L}+ ){0,2}(?:være|vere) med|vil (?:også )?delta|would like to (?:register|attend|join))|\bmeld meg\b|\band (?:i|me)\b|\bog (?:jeg|eg)\b|\b(?:jeg|eg) og\b|\bme and\b/u,
  ).test(normBody);
}

function namedAfterBehalfCue(body: string): { name: string; index: number } | null {
  for (const found of namesIn(body, [])) {
    const before = normalize(body.slice(Math.max(0, found.index - 60), found.index));
    if (
      /(?:på vegne av|on behalf of|melder på|melde på|meld på|register|påmelding for)\s+(?:\p{L}+\s+){0,2}$/u.test(
        before,
      )
    )
      return found;
  }
  return null;
}

/** Role mentions about the person booked by someone else: in sentences about a third person
 * ("Hun ønsker å delta som ordfører") and in the definite form ("fra ordføreren vår"). */
function thirdPersonMentions(text: string): RoleMention[] {
  const out: RoleMention[] = [];
  for (const sentence of sentences(text)) {
    if (sentence.endsWith('?')) continue;
    const third = THIRD_PERSON.test(normalize(sentence));
    for (const m of findRoleMentions(sentence)) if (!m.titleOfName && !m.plural && (third || m.definite)) out.push(m);
  }
  return out;
}

function signatureMentions(signature: string[]): RoleMention[] {
  // The first line is the name; titles follow. "Konsulent, ordførerens kontor" names the sender's job.
  return signature
    .slice(1, 4)
    .flatMap((line) => findRoleMentions(line).filter((m) => !m.titleOfName && !m.plural && !m.definite));
}

function splitForwardSignature(text: string): { body: string; signature: string[] } {
  const lines = text.split('\n');
  const last = lines.map((l) => l.trim()).filter((l) => l !== '');
  const tail = last[last.length - 1] ?? '';
  if (last.length > 1 && looksLikeName(tail) && tail.split(' ').length <= 4)
    return { body: last.slice(0, -1).join('\n'), signature: [tail] };
  return { body: text, signature: [] };
}

function signatureNameFromText(signature: string[]): string | null {
  return signature.find((l) => isFullName(l)) ?? signature[0] ?? null;
}

function sentenceAt(text: string, index: number): string {
  const start =
    Math.max(text.lastIndexOf('.', index - 1), text.lastIndexOf('\n', index - 1), text.lastIndexOf('!', index - 1)) + 1;
  const endCandidates = ['.', '!', '?', '\n'].map((c) => text.indexOf(c, index)).filter((i) => i >= 0);
  const end = endCandidates.length > 0 ? Math.min(...endCandidates) : text.length;
  return text.slice(start, end);
}

function sentencesNaming(text: string, name: string | null): string {
  if (!name) return '';
  const first = normalize(firstNameOf(name));
  return sentences(text)
    .filter((s) => normalize(s).includes(first))
    .join(' ');
}

function textWithoutOthers(text: string, located: Located[]): string {
  const others = located.filter((l) => !l.sender && l.name).map((l) => normalize(firstNameOf(l.name!)));
  return sentences(text)
    .filter((s) => !others.some((o) => normalize(s).includes(o)))
    .join(' ');
}

function removeLines(text: string, located: Located[]): string {
  const lines = new Set(located.map((l) => l.line).filter((l): l is string => l !== null));
  if (lines.size === 0) return text;
  return text
    .split('\n')
    .filter((line) => ![...lines].some((l) => line.includes(l)))
    .join('\n');
}

/** Roles stated for the whole group ("Vi er begge frivillige", "We are both researchers"). */
function groupMentions(body: string, located: Located[]): RoleMention[] {
  const lines = new Set(located.map((l) => l.line));
  return sentences(body)
    .filter((s) => ![...lines].some((l) => l && s.includes(l)) && GROUP.test(normalize(s)) && !s.endsWith('?'))
    .flatMap((s) => findRoleMentions(s).filter((m) => !m.titleOfName && !m.definite));
}

/** Role mentions for one of several people named in running text: the nearest name before the
 * mention in its sentence decides; "jeg"/"eg" stands for the sender; group sentences count for all. */
function mentionsFor(person: Located, body: string, located: Located[]): RoleMention[] {
  const out: RoleMention[] = [];
  let offset = 0;
  for (const sentence of body.split(/(?<=[.!?])\s+|\n+/)) {
    const start = body.indexOf(sentence, offset);
    offset = start + sentence.length;
    if (sentence.trim() === '' || sentence.trim().endsWith('?')) continue;
    const norm = normalize(sentence);
    const isGroup = GROUP.test(norm);
    const anchors: { index: number; who: Located }[] = [];
    for (const l of located) {
      if (l.name) {
        const first = normalize(firstNameOf(l.name));
        for (let i = norm.indexOf(first); i >= 0; i = norm.indexOf(first, i + 1)) anchors.push({ index: i, who: l });
      }
      if (!l.name && l.index >= start && l.index < start + sentence.length)
        anchors.push({ index: l.index - start, who: l });
    }
    const self = located.find((l) => l.sender);
    if (self)
      for (const m of norm.matchAll(wordRe(/\b(?:jeg|eg|i|meg|me|my|min)\b/g)))
        anchors.push({ index: m.index ?? 0, who: self });
    // "hun"/"han" stands for the one other person, when there is only one.
    const companions = located.filter((l) => !l.sender);
    if (companions.length === 1)
      for (const m of norm.matchAll(wordRe(/\b(?:hun|han|ho|he|she)\b/g)))
        anchors.push({ index: m.index ?? 0, who: companions[0]! });
    for (const mention of findRoleMentions(sentence)) {
      if (mention.titleOfName || mention.definite) continue;
      if (mention.plural) {
        if (isGroup) out.push(mention);
        continue;
      }
      const before = anchors.filter((a) => a.index <= mention.index).sort((a, b) => b.index - a.index)[0];
      const owner = before?.who ?? (anchors.length === 0 ? (located.find((l) => l.sender) ?? null) : null);
      if (owner === person) out.push(mention);
    }
  }
  return out;
}
