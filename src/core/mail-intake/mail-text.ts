// The structure of a mail's text: the new words on top, the signature under them, quoted earlier
// mails (ignored) and forwarded messages (kept apart, with their sender, because an assistant may
// forward the person's own request). Plain string rules for the styles Outlook, Gmail, Apple Mail
// and phones produce in Norwegian and English.
import type { MailAddress } from './mime.ts';
import { wordRe } from './words.ts';

export interface ForwardedPart {
  from: MailAddress | null;
  subject: string | null;
  /** The forwarded message's own new text (its quotes and nested forwards cut off). */
  text: string;
}

export interface MessageParts {
  /** The new text without quotes, forwards and signature. */
  body: string;
  /** Signature lines after the closing (the closing word itself removed), without empty lines. */
  signature: string[];
  /** The new text with its signature (what the sender wrote now). */
  fresh: string;
  /** Quoted earlier mails. */
  quoted: string;
  forwarded: ForwardedPart[];
}

const FOLD: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '\t': ' ',
  '\u00a0': ' ',
};

/** Lower case, one kind of quote and dash: the form every rule matches against. Keeps the length
 * (one UTF-16 unit per unit), so an index in the result is the same index in the input. */
export function normalize(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const folded = FOLD[ch];
    if (folded !== undefined) {
      out += folded;
      continue;
    }
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}

/** E-mail addresses and links blanked out (same length), so "example.no" is no "no" and
 * "pamelding@…" no "påmelding". */
export function maskAddresses(text: string): string {
  return text.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+|\b(?:https?:\/\/|www\.)[^\s<>()"]+/gi, (m) =>
    ' '.repeat(m.length),
  );
}

const ADDRESS_IN_TEXT = /([^\s<>"():;,]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+)/i;

/** "Name <a@b>", "a@b", "\"Last, First\" <a@b>" or "Name [mailto:a@b]" in a quoted header line. */
export function parseAddressText(value: string): MailAddress | null {
  const address = ADDRESS_IN_TEXT.exec(value);
  const namePart = value
    .replace(/<[^>]*>|\[mailto:[^\]]*\]|\([^)]*@[^)]*\)/gi, '')
    .replace(ADDRESS_IN_TEXT, '')
    .replace(/^['"\s]+|['"\s]+$/g, '')
    .trim();
  const name = namePart === '' ? null : namePart;
  if (!address) return name ? { name, email: '' } : null;
  return { name, email: address[1]!.toLowerCase().replace(/^mailto:/, '') };
}

const SEPARATOR =
  /^[-_=\s]*(?:original message|opprinnelig melding|opphavleg melding|videresendt melding|vidaresendt melding|vidaresend melding|videresendt e-post|forwarded message|weitergeleitete nachricht|vidarebefordrat meddelande)[-_=\s:]*$/i;
const FORWARD_SEPARATOR = /videresendt|vidaresend|forwarded|weitergeleitete|vidarebefordrat/i;
const BEGIN_FORWARD = /^(?:begin forwarded message|start på videresendt melding|videresendt melding)\s*:?\s*$/i;
const HEADER_FROM = /^\*?(?:fra|frå|from|från|von|de)\s*:\*?\s*\S/i;
const HEADER_OTHER = /^\*?(?:sendt|sent|dato|date|skickat|gesendet|til|to|emne|subject|ämne|betreff|kopi|cc)\s*:/i;
const ATTRIBUTION = wordRe(/\b(?:skrev|skreiv|wrote|schrieb|skrivet|kirjoitti)\b[^\n]*:\s*$/i);
const ATTRIBUTION_START = /^(?:den |on |am |le |\S+\.? \d{1,2}\.? |\d{1,2}[./])/i;

type Marker = { line: number; kind: 'quote' | 'forward' | 'header' };

function findMarker(lines: string[], from: number): Marker | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (SEPARATOR.test(line) && line.length < 80)
      return { line: i, kind: FORWARD_SEPARATOR.test(line) ? 'forward' : 'header' };
    if (BEGIN_FORWARD.test(line)) return { line: i, kind: 'forward' };
    if (/^_{8,}$/.test(line) && HEADER_FROM.test(nextNonEmpty(lines, i + 1) ?? '')) return { line: i, kind: 'header' };
    if (HEADER_FROM.test(line)) {
      const following = lines.slice(i + 1, i + 6).map((l) => l.trim());
      if (following.filter((l) => HEADER_OTHER.test(l)).length >= 2) return { line: i, kind: 'header' };
    }
    if (ATTRIBUTION.test(line) || (ATTRIBUTION_START.test(line) && wordRe(/\b(?:skrev|skreiv|wrote)\b/i).test(line))) {
      // "ons. 11. nov. 2026 kl. 13:14 skrev Randi Hoel <…>:" — possibly wrapped over two lines.
      const next = nextNonEmpty(lines, i + 1) ?? '';
      if (next.startsWith('>') || ATTRIBUTION.test(line)) return { line: i, kind: 'quote' };
    }
    if (line.startsWith('>')) {
      const previous = i > 0 ? lines[i - 1]!.trim() : '';
      const start = previous !== '' && /:\s*$/.test(previous) && !previous.startsWith('>') ? i - 1 : i;
      return { line: start, kind: 'quote' };
    }
  }
  return null;
}

function nextNonEmpty(lines: string[], from: number): string | null {
  for (let i = from; i < lines.length; i++) if (lines[i]!.trim() !== '') return lines[i]!.trim();
  return null;
}

/** The forwarded message starting at `start` (its header block, then its own new text). */
function readForward(lines: string[], start: number): { part: ForwardedPart; end: number } {
  let i = start;
  if (SEPARATOR.test(lines[i]!.trim()) || BEGIN_FORWARD.test(lines[i]!.trim()) || /^_{8,}$/.test(lines[i]!.trim())) i++;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  let from: MailAddress | null = null;
  let subject: string | null = null;
  while (i < lines.length) {
    const line = lines[i]!.trim().replace(/^\*|\*$/g, '');
    const header = /^(fra|frå|from|från|von|sendt|sent|dato|date|til|to|emne|subject|kopi|cc)\s*:\*?\s*(.*)$/i.exec(
      line,
    );
    if (!header) break;
    const name = header[1]!.toLowerCase();
    if (['fra', 'frå', 'from', 'från', 'von'].includes(name)) from = parseAddressText(header[2]!);
    if (name === 'emne' || name === 'subject') subject = header[2]!.trim();
    i++;
  }
  const next = findMarker(lines, i);
  const end = next ? next.line : lines.length;
  return { part: { from, subject, text: lines.slice(i, end).join('\n').trim() }, end };
}

const BOILERPLATE = [
  /^(?:sendt|sent|send) (?:fra|from|frå) (?:min|my|mi) .*$/i,
  /^(?:sendt|sent) (?:fra|from|frå) (?:outlook|e-post|mail|gmail|yahoo|samsung|mobil|iphone|ipad|android).*$/i,
  /^(?:hent|get) outlook for .*$/i,
  /^sendt fra min .*$/i,
];
const DISCLAIMER =
  /(?:konfidensiell|taushetsbelagt|teieplikt|confidential|intended (?:solely|only) for|kun ment for|ber vi deg (?:varsle|slette)|mottatt (?:den|denne e-posten) ved en feil)/i;

const CLOSING = wordRe(
  /^(?:(?:med\s+)?(?:vennlig(?:st|e)?|venleg(?:ast|e)?|beste|gode?|varm(?:e|este)?|kjærlig|kjære|mange)?\s*(?:hilsen|hilsener|hilsning|helsing|helsingar|helsning|hälsningar|hälsning)|mvh|m\.v\.h\.?|hilsen|helsing|(?:best|kind|warm|many|with best)?\s*(?:regards|wishes)|best|cheers|sincerely|yours(?: sincerely| truly)?|takk|thanks|thank you|tusen takk|på forhånd takk)\b[\s,.!:]*/i,
);

/** Splits the fresh text into the message and its signature. */
export function splitSignature(fresh: string): { body: string; signature: string[] } {
  let lines = fresh.split('\n').map((l) => l.trimEnd());
  // Phone footers and legal disclaimers are not part of what the person wrote.
  lines = lines.filter((l) => !BOILERPLATE.some((re) => re.test(l.trim())));
  const paragraphs: string[][] = [];
  for (const line of lines) {
    if (line.trim() === '') paragraphs.push([]);
    else {
      if (paragraphs.length === 0) paragraphs.push([]);
      paragraphs[paragraphs.length - 1]!.push(line);
    }
  }
  const kept = paragraphs.filter((p) => p.length > 0);
  while (
    kept.length > 1 &&
    DISCLAIMER.test(kept[kept.length - 1]!.join(' ')) &&
    kept[kept.length - 1]!.join(' ').length > 80
  )
    kept.pop();
  lines = kept.flatMap((p, index) => (index === 0 ? p : ['', ...p]));

  // The last closing ("Hilsen", "Mvh Kari", "Best regards,") within the last lines.
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 12); i--) {
    const line = lines[i]!.trim();
    const slashClosing = wordRe(/\/\s*(?:med (?:vennlig )?hilsen|mvh|helsing)\b/i).test(line) && line.length < 60;
    const m = CLOSING.exec(line);
    if (!m && !slashClosing) continue;
    const rest = slashClosing ? '' : line.slice(m![0].length).trim();
    // "Takk for invitasjonen, jeg kommer" is a sentence, not a closing.
    if (rest.length > 60 || /[.!?]\s+\S/.test(rest)) continue;
    if (
      m &&
      /^(?:takk|thanks|thank you|tusen takk)/i.test(m[0]) &&
      rest !== '' &&
      !looksLikeName(rest.split(',')[0]!.trim())
    )
      continue;
    const body = lines.slice(0, i).join('\n').trim();
    const signature = [rest, ...lines.slice(i + 1)].map((l) => l.trim()).filter((l) => l !== '');
    return { body, signature: signature.flatMap(splitPipes) };
  }
  // No closing: a short last paragraph that starts with a name is the signature ("Kari Bakken",
  // "Eirik Vold / daglig leder …"); so is a lone name on the last line ("…2B.\nMats").
  const lastBlank = lines.lastIndexOf('');
  const tail = lines.slice(lastBlank + 1).map((l) => l.trim());
  if (lastBlank > 0 && tail.length > 0 && tail.length <= 6 && tail.every((l) => l.length <= 80)) {
    const first = tail[0]!.split(/[|,]/)[0]!.trim();
    if (looksLikeName(first))
      return { body: lines.slice(0, lastBlank).join('\n').trim(), signature: tail.flatMap(splitPipes) };
  }
  const last = lines[lines.length - 1]?.trim() ?? '';
  if (lines.length > 1 && looksLikeName(last) && last.split(' ').length <= 4)
    return { body: lines.slice(0, -1).join('\n').trim(), signature: [last] };
  return { body: lines.join('\n').trim(), signature: [] };
}

function splitPipes(line: string): string[] {
  return line.includes('|')
    ? line
        .split('|')
        .map((p) => p.trim())
        .filter((p) => p !== '')
    : [line];
}

const NOT_NAME_WORDS = new Set(
  [
    'hei',
    'hallo',
    'takk',
    'mvh',
    'hilsen',
    'helsing',
    'kommune',
    'kommunen',
    'universitet',
    'university',
    'as',
    'asa',
    'postmottak',
    'ordfører',
    'ordførar',
    'rådgiver',
    'rådgjevar',
    'nord',
    'sendt',
    'fra',
    'frå',
    'til',
    'tlf',
    'mob',
    'telefon',
    'phone',
    'jeg',
    'eg',
    'vi',
    'og',
    'the',
    'dear',
    'påmelding',
    'seminar',
    'seminaret',
    'forsker',
    'forskar',
    'professor',
    'stipendiat',
    'kommunalsjef',
    'konsulent',
    'daglig',
    'dagleg',
    'leder',
    'leiar',
    'sekretær',
    'avdeling',
    'enhet',
    'senter',
    'fakultet',
    'institutt',
    'høgskole',
    'høgskulen',
    'høgskolen',
    'fylkeskommune',
    'sentralbord',
    'nettskjema',
    'mayor',
    'research',
    'associate',
    'regards',
    'best',
    'kind',
    'thanks',
    'automatisk',
    'svar',
  ].map((w) => w.toLowerCase()),
);

const NAME_PARTICLES = new Set(['av', 'de', 'van', 'von', 'der', 'den', 'da', 'la', 'le']);

/** A personal name as people write it in a signature: 1–5 capitalised words ("Jon Arne Kvam", "Risten Ánne Nilut"). */
export function looksLikeName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length === 0 || words.length > 5 || text.length > 60) return false;
  let capitalised = 0;
  for (const word of words) {
    if (NAME_PARTICLES.has(word) && capitalised > 0) continue;
    if (!/^\p{Lu}[\p{Ll}\p{M}]+(?:[-'’]\p{Lu}?[\p{Ll}\p{M}]+)*\.?$/u.test(word)) return false;
    if (NOT_NAME_WORDS.has(word.toLowerCase().replace(/\.$/, ''))) return false;
    capitalised++;
  }
  return capitalised > 0;
}

/** A name of at least a first and a last name. */
export function isFullName(name: string | null): boolean {
  if (!name || !looksLikeName(name)) return false;
  return (
    name
      .trim()
      .split(/\s+/)
      .filter((w) => !NAME_PARTICLES.has(w)).length >= 2
  );
}

/** Splits a plain-text mail into its new text, signature, quoted and forwarded parts. */
export function splitMessage(text: string, subject = ''): MessageParts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = findMarker(lines, 0);
  const freshLines = first ? lines.slice(0, first.line) : lines;
  const forwarded: ForwardedPart[] = [];
  const quoted: string[] = [];
  const subjectIsForward = /^\s*(?:vs|fw|fwd|wg|vb)\s*:/i.test(subject);
  const freshText = freshLines.join('\n');
  const topSaysForward = /videresend|vidaresend|forwarding|forwarded|se under|see below/i.test(freshText);
  if (first) {
    const isForward =
      first.kind === 'forward' ||
      (first.kind === 'header' && (subjectIsForward || topSaysForward) && !/^\s*>/.test(lines[first.line]!));
    if (isForward) {
      const { part, end } = readForward(lines, first.line);
      forwarded.push(part);
      quoted.push(lines.slice(end).join('\n'));
    } else quoted.push(lines.slice(first.line).join('\n'));
  }
  const { body, signature } = splitSignature(freshText.trim());
  return { body, signature, fresh: freshText.trim(), quoted: quoted.join('\n').trim(), forwarded };
}

/** Sentences of a text (split at . ! ? and line ends), trimmed, without empty ones. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
