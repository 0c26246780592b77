// What kind of message this is: machine-sent (auto-reply, bounce, newsletter, read receipt —
// ignored), or a person's registration, cancellation, change, or something else (a question).

import { maskAddresses, normalize } from './mail-text.ts';
import type { MailSource } from './mime.ts';
import type { IntakeReason, PlainReasonCode } from './reasons.ts';
import { wordRe } from './words.ts';

export type MachineKind = 'auto-reply' | 'bounce' | 'bulk' | 'receipt';

export interface MachineVerdict {
  kind: MachineKind;
  /** How sure: a header says so (0.98) or only the subject/sender does (0.9). */
  confidence: number;
  reason: IntakeReason;
}

function header(source: MailSource, name: string): string {
  return (source.headers.get(name) ?? []).join(' ').trim().toLowerCase();
}

const AUTO_SUBJECT = wordRe(
  /^(?:(?:re|sv|aw|vs|fw|fwd)\s*:\s*)?(?:automatisk svar|autosvar|auto-svar|automatisk melding|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|out of (?:the )?office|fraværende|fråverande|fravær|frå kontoret|ikke til stede|ikkje til stades|abwesend|frånvarande|frånvaro|på ferie|ferie)\b/i,
);
const BOUNCE_SUBJECT =
  /^(?:undeliver(?:ed|able)|delivery (?:status notification|failure|has failed)|failure notice|returned mail|mail delivery failed|kunne ikke leveres|ikke levert|leveringsfeil|levering mislyktes|unzustellbar|non remis)/i;
const RECEIPT_SUBJECT = /^(?:lest|read|ulest|not read|gelesen|läst)\s*:/i;
const MACHINE_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|bounce|bounces)@/i;

/** Whether a machine sent the message, and which kind of machine message it is. */
export function machineVerdict(source: MailSource, isFormRelay: boolean): MachineVerdict | null {
  const autoSubmitted = header(source, 'auto-submitted');
  const precedence = header(source, 'precedence');
  const subject = source.subject;
  const from = source.from?.email ?? '';
  if (source.contentType === 'multipart/report') {
    if (
      /disposition-notification/i.test(source.headers.get('content-type')?.join(' ') ?? '') ||
      RECEIPT_SUBJECT.test(subject)
    )
      return { kind: 'receipt', confidence: 0.98, reason: { code: 'read_receipt' } };
    return { kind: 'bounce', confidence: 0.98, reason: { code: 'delivery_report' } };
  }
  if (MACHINE_SENDER.test(from) || BOUNCE_SUBJECT.test(subject))
    return { kind: 'bounce', confidence: 0.95, reason: { code: 'delivery_failure' } };
  if (RECEIPT_SUBJECT.test(subject)) return { kind: 'receipt', confidence: 0.9, reason: { code: 'read_receipt' } };
  if (
    autoSubmitted === 'auto-replied' ||
    header(source, 'x-autoreply') !== '' ||
    header(source, 'x-autorespond') !== ''
  )
    return { kind: 'auto-reply', confidence: 0.98, reason: { code: 'auto_reply_header' } };
  if (/^auto_reply$/.test(precedence))
    return { kind: 'auto-reply', confidence: 0.98, reason: { code: 'auto_reply_precedence' } };
  if (AUTO_SUBJECT.test(subject))
    return { kind: 'auto-reply', confidence: 0.93, reason: { code: 'auto_reply_subject' } };
  if (
    /^(?:bulk|list|junk)$/.test(precedence) ||
    source.headers.has('list-unsubscribe') ||
    source.headers.has('list-id')
  )
    return { kind: 'bulk', confidence: 0.95, reason: { code: 'bulk_mail' } };
  // A web form relays a person's sign-up with Auto-Submitted: auto-generated; that one is read.
  if (autoSubmitted !== '' && autoSubmitted !== 'no' && !isFormRelay)
    return { kind: 'auto-reply', confidence: 0.95, reason: { code: 'machine_generated', value: autoSubmitted } };
  return null;
}

export type PersonKind = 'registration' | 'cancellation' | 'change' | 'other';

export interface KindVerdict {
  kind: PersonKind;
  reason: IntakeReason | null;
  /** The writer hesitates ("kanskje", "foreløpig", "hvis jeg får fri"). */
  tentative: boolean;
  /** The writer asks something that needs a human answer. */
  question: boolean;
  /** A question other than the change asked for ("kan jeg bytte til 2B?" is the change itself). */
  questionBesideChange: boolean;
}

const SIGNUP = wordRe(
  /\b(?:meld(?:e|er|a)? (?:meg|oss|deg|seg) (?:herved )?på|meld(?:e|er)? på|melde meg herved på|påmelding(?!er|ar|ane|ene)|pamelding(?!er|ar)|paamelding|påmeldingsskjema|(?:vil|ønsker|ønskjer|skal|tenkte|kan) (?:\p{L}+ ){0,3}(?:være|vere|bli) med|(?:vil|ønsker|ønskjer|tenker|tenkte) (?:\p{L}+ ){0,2}(?:å )?delta|(?:vil|kommer) (?:\p{L}+ ){0,3}gjerne (?:på|til|komme|kome)|vil gjerne komme|vil gjerne kome|gjerne komme|kjem gjerne|kommer gjerne|blir (?:gjerne )?med|(?:jeg|eg) kommer|(?:jeg|eg) kjem|kommer som|kjem som|deltar som|sett meg opp|setter meg opp|skriv meg opp|skriv meg på|register|registration|sign(?:ing)? ?up|would (?:like|love) to (?:attend|join|take part|come|participate)|(?:like|love) to attend|i will attend|i'll attend|count me in|i'm coming|i am coming|vel (?:\d|møteplass|workshop|verk|den)|velger|delta på|delta i|vere med på|være med på|melde på|rakk jeg det|holde av (?:en |ein )?plass|reservere (?:en |ein )?plass|sende (?:en|ein|to|tre) (?:representant|deltaker|deltakar)|(?:kjæm|kjøm) (?:\p{L}+ ){0,2}(?:som|på)|være me på|vere me på)/u,
);
const DEFERRAL =
  /(?:før (?:jeg|eg) (?:\p{L}+ )?meld(?:er|ar)|melder meg på når|meld(?:er|ar) meg på seinare|melder meg på senere|har ikke meldt meg på|har ikkje meldt meg på|ikke meldt meg på ennå|before (?:i|we) (?:sign|register)|will (?:sign up|register) (?:later|when)|vurderer å (?:komme|kome|delta|melde))/u;
const PAST_SIGNUP = wordRe(
  /\b(?:meldte meg på|melde meg på for en stund|har meldt meg på|er påmeldt|er påmeld|registered|signed up)\b/,
);
/** Cancelling in so many words: "melde meg av", "melde forfall", "stryk meg", "cancel my registration". */
const CANCEL_EXPLICIT = wordRe(
  /(?:meld(?:e|er|a)? (?:meg|oss|ham|henne|han|ho|dem) av|avmeld|meld(?:e|er|a)? avbod|meld(?:e|er|a)? avbud|melde forfall|meld(?:er)? forfall|forfall til|stryk(?:e)? (?:meg|oss|henne|ham|han|ho)\b|cancel(?:l?ing)? (?:my|our|the|his|her) (?:registration|place|seat|sign-?up)|(?:can|could) no longer (?:attend|come|make it)|remove (?:me|us|him|her) from|må trekke meg|trekker meg|trekk meg)/u,
);
/** Not coming: counts as a cancellation only with regret or "after all" in the same sentence
 * ("kan dessverre ikke komme likevel"); "jeg skal ikke være med selv" and "jeg blir ikke med på
 * møteplassen" are no cancellations. */
const NOT_COMING = wordRe(
  /(?:(?:kan|får|kjem|kommer|blir|rekker|rekk|klarer|greier|skal)(?: \p{L}+){0,2} (?:ikke|ikkje)(?: \p{L}+)? (?:komme|kome|kommet|delta|deltatt|delteke|være med|vere med|med|rekke det|dit)\b|kommer ikke|kjem ikkje|(?:can't|cannot|won't be able to|will not be able to|unable to) (?:attend|come|make it))/u,
);
const REGRET = wordRe(
  /\b(?:dessverre|diverre|likevel|allikevel|alikevel|lenger|lengre|beklager|orsak|unfortunately|afraid|sorry|after all|regret)\b/u,
);
const INTENT = wordRe(
  /\b(?:vil|ville|ønsker|ønskjer|skal|kommer|kjem|velger|vel|tar|blir|går|want|would|will|choose|take|join|attend)\b/u,
);
const SESSION_PREPOSITION = wordRe(/^\s*(?:på|i|til|in|on|for)\b/u);
const NOT_ME = wordRe(/\b(?:selv|sjølv|myself)\b/u);
const SUBSTITUTE =
  /(?:i stedet for meg|i staden for meg|istedenfor meg|instead of me|tar (?:over )?plassen min|tek (?:over )?plassen min|overtar plassen|takes? my place|kommer i stedet|kjem i staden|vikar for meg|stiller i stedet)/u;
const CHANGE = wordRe(
  /(?:\bbytte\b|\bbyte\b|\bbytt\b|\bendre\b|\bendra\b|\bendring|\bswitch(?:ing)? (?:to|from|session)|\bchange (?:of|my|to|session)|glemte å (?:si|skrive|nevne|opplyse|fortelle)|gløymde å (?:seie|skrive|nemne)|forgot to (?:mention|say|tell)|\brettelse\b|rette (?:det|opp)|\bmente (?:\d|møteplass|workshop)|\bmeant (?:\d|the)|\bdroppar\b|\bdropper\b|heller (?:gå|vere|være|delta|bli) (?:på|med)|kommer egentlig som|kjem eigentleg som|legge til|leggje til|\binstead\b)/u,
);
const TENTATIVE = wordRe(
  /\b(?:kanskje|muligens|moglegvis|kan hende|kan henda|foreløpig|førebels|hvis (?:jeg|eg) får|om eg får|dersom (?:jeg|eg) får|ikke (?:helt )?bestemt|ikkje (?:heilt )?bestemt|får (?:jeg|eg) bekreftet|får eg stadfesta|ønsker nok|vil nok|maybe|perhaps|might|not sure|usikker|trolig|truleg|sannsynligvis|probably|tentativ)\b/u,
);
const CALENDAR_SUBJECT =
  /^(?:godtatt|akseptert|accepted|avslått|declined|foreløpig|tentative|tentativt godtatt|invitasjon|invitation)\s*:/i;

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The sentence cancels a registration (of the writer or someone else). */
function cancelsIn(sentence: string, mentionsSession?: (text: string) => boolean): boolean {
  if (CANCEL_EXPLICIT.test(sentence)) return true;
  const m = NOT_COMING.exec(sentence);
  if (!m || !REGRET.test(sentence)) return false;
  const rest = sentence.slice(m.index + m[0].length);
  if (NOT_ME.test(rest.slice(0, 20))) return false;
  // "blir dessverre ikke med på workshopen, men …": about a session, not the day.
  const clause = rest.split(/,|\bmen\b|\bbut\b| - /u)[0] ?? '';
  if (mentionsSession && SESSION_PREPOSITION.test(clause) && mentionsSession(clause)) return false;
  return true;
}

/** "Rakk jeg det?", "er det for sent?": the deadline rule answers these, not a person. */
const IN_TIME_QUESTION = wordRe(
  /\b(?:rakk (?:jeg|eg|vi) det|rekker (?:jeg|eg|vi) det|er (?:jeg|eg|vi|det) for (?:sent|seint|sein)|(?:for sent|for seint) ute|am i (?:in time|too late)|is it too late|did i make it)\b/u,
);

function questionSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.endsWith('?') && !IN_TIME_QUESTION.test(normalize(s)));
}

/** Only thanks, greetings and a name: a reply to a confirmation that asks for nothing. */
const THANKS = wordRe(/\b(?:takk|takker|thanks|thank you)\b/u);
const COURTESY = wordRe(
  /^(?:hei|hallo|heisann|hi|hello|dear|takk|tusen takk|mange takk|takker|thanks|thank you|many thanks|gler meg|gleder meg|gler oss|gleder oss|ser (?:fram|frem) til|looking forward|vi sees|sees|ha en fin|ha ein fin|hilsen|helsing|hels|mvh|med vennlig hilsen|med venleg helsing|vennlig hilsen|venleg helsing|best|regards|kind regards|cheers)(?:[\s,]+[\p{L}'-]+){0,6}(?:[\s.!]|\p{Extended_Pictographic}|\u{FE0F})*$/u,
);
/** A thank-you with a "but" or a "not" in it has something to say. */
const BUT = wordRe(/\b(?:men|but|however|ikke|ikkje|not|feil|wrong|derimot)\b/u);

function onlyThanks(text: string): boolean {
  const lines = sentencesOf(maskAddresses(text));
  if (lines.length === 0 || lines.length > 6 || !THANKS.test(normalize(text))) return false;
  return lines.every(
    (line) =>
      (COURTESY.test(normalize(line)) && !BUT.test(normalize(line))) ||
      /^(?:\p{Extended_Pictographic}|\u{FE0F}|[\s.!:;)(-])*$/u.test(line) ||
      /^\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+){0,2}$/u.test(line),
  );
}

/** The kind of a message a person wrote, from its new text (body and subject). */
export function personKind(input: {
  body: string;
  subject: string;
  forwardedText: string;
  hasCalendar: boolean;
  /** Whether a text names one of the event's sessions ("ikke med på møteplassen" is no cancellation). */
  mentionsSession?: (text: string) => boolean;
}): KindVerdict {
  const body = normalize(maskAddresses(input.body));
  const subject = normalize(input.subject).replace(/^(?:(?:re|sv|aw|vs|fw|fwd|vb|wg)\s*:\s*)+/, '');
  const isReplySubject = /^(?:(?:re|sv|aw)\s*:)/i.test(input.subject.trim());
  const questions = questionSentences(input.body);
  const tentative = TENTATIVE.test(body);
  const aboutChange = (q: string) => CHANGE.test(normalize(q)) || input.mentionsSession?.(q) === true;
  const verdict = (kind: PersonKind, code: PlainReasonCode | null): KindVerdict => ({
    kind,
    reason: code ? { code } : null,
    tentative,
    question: questions.length > 0,
    questionBesideChange: questions.some((q) => !aboutChange(q)),
  });
  if (CALENDAR_SUBJECT.test(input.subject.trim()) && (input.hasCalendar || body.trim() === ''))
    return verdict('other', 'calendar_answer');
  const subjectSays = isReplySubject ? '' : subject;
  if (SUBSTITUTE.test(body)) return verdict('change', 'substitute');
  const cancels =
    sentencesOf(body).some((sentence) => cancelsIn(sentence, input.mentionsSession)) ||
    /^(?:avmelding|forfall|cancel|cancellation|kan ikkje kome|kan ikke komme)/.test(subjectSays);
  const changes =
    CHANGE.test(body) &&
    (PAST_SIGNUP.test(body) ||
      isReplySubject ||
      /glemte|gløymde|forgot|mente|meant|droppar|dropper|egentlig|eigentleg/.test(body) ||
      CHANGE.test(subject));
  if (cancels && !tentative) return verdict('cancellation', null);
  if (cancels && tentative) return verdict('other', 'might_not_come');
  if (changes) return verdict('change', null);
  if (DEFERRAL.test(body)) return verdict('other', 'signs_up_later');
  // "Jeg vil på 2A", "kommer på møteplassen": an intent verb and one of the event's sessions in one
  // statement (not a question) is a sign-up too.
  const choosesSession =
    input.mentionsSession !== undefined &&
    sentencesOf(body).some(
      (sentence) => !sentence.endsWith('?') && INTENT.test(sentence) && input.mentionsSession!(sentence),
    );
  const signs =
    SIGNUP.test(body) || SIGNUP.test(subjectSays) || (body.trim() === '' && SIGNUP.test(subject)) || choosesSession;
  if (signs && !(PAST_SIGNUP.test(body) && !wordRe(/\b(?:også|ogso|and|og jeg)\b/).test(body) && questions.length > 0))
    return verdict('registration', null);
  if (PAST_SIGNUP.test(body)) return verdict('other', 'earlier_signup');
  // Forwarded requests ("kan du melde meg på …") count when the top text only forwards them.
  if (input.forwardedText && SIGNUP.test(normalize(input.forwardedText))) return verdict('registration', null);
  if (questions.length === 0 && !input.forwardedText && onlyThanks(input.body)) return verdict('other', 'thanks_only');
  return verdict('other', questions.length > 0 ? 'question' : 'no_signup_found');
}
