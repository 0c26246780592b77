// Reading a raw message: headers, addresses and one plain text, whatever the MIME looks like.
// mailparser does the decoding; this file adds what real mailboxes need on top of it: a charset
// fallback for mislabelled 8-bit text, HTML converted by string rules (never rendered), the signs
// of broken MIME, and a last-resort text from the raw bytes when the structure cannot be read.
import type { AddressObject, ParsedMail as MailparserMail } from 'mailparser';
import { activeContentIn, htmlToText } from './html-text.ts';
import type { ActiveContent, MimeProblem } from './reasons.ts';

export interface MailAddress {
  name: string | null;
  email: string;
}

export interface MailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface MailSource {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  date: Date | null;
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** Unfolded raw header values by lower-case name (all occurrences). */
  headers: Map<string, string[]>;
  /** The top-level content type, lower case ("text/plain", "multipart/report", …). */
  contentType: string;
  /** The readable text: the text part, else the HTML part as text, else what the raw bytes show. */
  text: string;
  /** The text came from an HTML part. */
  fromHtml: boolean;
  /** Active content found in HTML parts (script, event handler, …). */
  activeContent: ActiveContent[];
  /** Signs of broken MIME (empty when the message is well-formed). */
  problems: MimeProblem[];
  attachments: MailAttachment[];
  /** A text/calendar part (meeting invitation or reply) is present. */
  hasCalendar: boolean;
}

/** The text without control characters (tab and line breaks kept when `keepLines`), each replaced by `by`. */
function withoutControls(text: string, by: string, keepLines = false): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const control = code < 0x20 || code === 0x7f;
    if (!control || (keepLines && (ch === '\n' || ch === '\r' || ch === '\t'))) out += ch;
    else out += by;
  }
  return out;
}

/** Longest text analysed; longer bodies are cut (nobody signs up in the 200,000th character). */
const MAX_TEXT = 100_000;

const PARSE_OPTIONS = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
} as const;

async function tryParse(raw: Buffer): Promise<MailparserMail | null> {
  try {
    // Loaded on first use: mailparser adds about 30 MB to a server that may never read a mail.
    const { simpleParser } = await import('mailparser');
    return await simpleParser(raw, PARSE_OPTIONS);
  } catch {
    return null;
  }
}

function countReplacement(text: string | undefined | false): number {
  if (!text) return 0;
  let n = 0;
  for (const ch of text) if (ch === '\uFFFD') n++;
  return n;
}

function badness(mail: MailparserMail): number {
  return countReplacement(mail.text) + countReplacement(mail.html) + countReplacement(mail.subject);
}

/** The raw message with non-UTF-8 charset labels (and, if `all`, UTF-8 too) replaced by windows-1252. */
function relabelCharsets(raw: Buffer, all: boolean): Buffer {
  const labels = all
    ? /charset\s*=\s*"?([a-z0-9_.:-]+)"?/gi
    : /charset\s*=\s*"?(unknown-8bit|x-unknown|unknown|x-user-defined|8bit|us-ascii|ascii|iso-8859-1|iso8859-1|latin-?1)"?/gi;
  return Buffer.from(raw.toString('latin1').replace(labels, 'charset=windows-1252'), 'latin1');
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: MailAddress[] = [];
  for (const object of list) {
    for (const entry of object.value ?? []) {
      const members = entry.group ?? [entry];
      for (const member of members) {
        if (!member.address?.includes('@')) continue;
        out.push({ name: cleanDisplayName(member.name), email: member.address.trim().toLowerCase() });
      }
    }
  }
  return out;
}

function cleanDisplayName(name: string | undefined): string | null {
  if (!name) return null;
  const cleaned = withoutControls(name, '')
    .replace(/^['"\s]+|['"\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned === '' || cleaned.includes('@') ? null : cleaned;
}

interface RawHeaders {
  headers: Map<string, string[]>;
  body: string;
  /** Lines in the header block that are neither "Name: value" nor a continuation. */
  broken: number;
  found: boolean;
}

/** Splits the raw message into unfolded headers and body (as latin1, byte for byte). */
function rawHeaders(raw: Buffer): RawHeaders {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const head = match ? text.slice(0, match.index) : text;
  const body = match ? text.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string[]>();
  let broken = 0;
  let last: { name: string; index: number } | null = null;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      const values = headers.get(last.name)!;
      values[last.index] = `${values[last.index]} ${line.trim()}`;
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!m) {
      if (line.trim() !== '') broken++;
      last = null;
      continue;
    }
    const name = m[1]!.toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(m[2]!);
    headers.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return { headers, body, broken, found: headers.size > 0 && (headers.has('from') || headers.has('date')) };
}

/** Signs that the MIME structure is broken: a human could still read it, but it should not be trusted. */
function mimeProblems(rawHead: RawHeaders, raw: string): MimeProblem[] {
  const problems: MimeProblem[] = [];
  if (!rawHead.found) problems.push('no_headers');
  if (rawHead.broken > 0) problems.push('header_without_colon');
  for (const name of ['subject', 'from'] as const) {
    for (const value of rawHead.headers.get(name) ?? []) {
      const rest = value.replace(/=\?[^?\s]+\?[bq]\?[^?\s]*\?=/gi, '');
      if (rest.includes('=?')) problems.push(`broken_encoded_word_${name}`);
    }
  }
  const boundaries = new Set<string>();
  for (const m of raw.matchAll(/boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) boundaries.add((m[1] ?? m[2])!);
  for (const boundary of boundaries) {
    const lines = raw.split(/\r?\n/);
    const open = lines.some((line) => line.trimEnd() === `--${boundary}`);
    const close = lines.some((line) => line.trimEnd() === `--${boundary}--`);
    if (!open) problems.push('boundary_missing');
    else if (!close) problems.push('boundary_unclosed');
  }
  // Base64 parts whose content is not base64 or was cut off.
  const parts = raw.split(/\r?\n--[^\r\n]*\r?\n/);
  for (const part of parts) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const head = part.slice(0, split.index);
    if (!/content-transfer-encoding:\s*base64/i.test(head)) continue;
    const body = part
      .slice(split.index + split[0].length)
      .split(/\r?\n--/)[0]!
      .replace(/\s+/g, '');
    if (body === '') continue;
    if (/[^A-Za-z0-9+/=]/.test(body) || body.length % 4 !== 0) {
      problems.push('broken_base64');
      break;
    }
  }
  return [...new Set(problems)];
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const ch = joined.charCodeAt(i);
    if (ch === 0x3d && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(ch & 0xff);
  }
  return Buffer.from(bytes);
}

function bytesToText(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  if (countReplacement(utf8) === 0) return utf8;
  return new TextDecoder('windows-1252').decode(bytes);
}

/** What a human sees in the raw body when MIME decoding gave nothing: text lines, without MIME
 * headers, boundaries and base64 blocks. */
function rawFallbackText(body: string): string {
  const lines: string[] = [];
  let quotedPrintable = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^--/.test(line)) continue;
    if (/^content-transfer-encoding:\s*quoted-printable/i.test(line)) quotedPrintable = true;
    if (/^content-[a-z-]+:/i.test(line) || /^\s+[a-z-]+=/i.test(line)) continue;
    if (/^\S{40,}$/.test(line)) continue; // base64 or other encoded blobs
    lines.push(line);
  }
  const joined = lines.join('\n');
  const text = bytesToText(quotedPrintable ? decodeQuotedPrintable(joined) : Buffer.from(joined, 'latin1'));
  return printableOrEmpty(text);
}

/** The text, or '' when it is mostly binary noise. */
function printableOrEmpty(text: string): string {
  const cleaned = withoutControls(text, '', true);
  if (cleaned.length === 0) return '';
  const letters = (cleaned.match(/[\p{L}\p{N}\s.,:;!?'"()\-–]/gu) ?? []).length;
  return letters / cleaned.length < 0.85 ? '' : cleaned.trim();
}

function headerText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads a raw message. Never throws: broken input gives what can be read plus `problems`. */
export async function readMessage(raw: Buffer): Promise<MailSource> {
  const rawText = raw.toString('latin1');
  const head = rawHeaders(raw);
  const problems = mimeProblems(head, rawText);
  let mail = await tryParse(raw);
  if (mail && badness(mail) > 0) {
    for (const all of [false, true]) {
      const retry = await tryParse(relabelCharsets(raw, all));
      if (retry && badness(retry) < badness(mail)) mail = retry;
      if (badness(mail) === 0) break;
    }
  }
  if (!mail) problems.push('unreadable_structure');

  let text = mail?.text ?? '';
  let fromHtml = false;
  const html = mail && typeof mail.html === 'string' ? mail.html : '';
  const activeContent = html ? activeContentIn(html) : [];
  if (text.trim() === '' && html) {
    text = htmlToText(html);
    fromHtml = true;
  }
  if (text.trim() === '' && head.body.trim() !== '' && (!mail || problems.length > 0)) {
    const fallback = rawFallbackText(head.body);
    if (fallback !== '') {
      text = fallback;
      if (problems.length === 0) problems.push('raw_text');
    }
  }
  text = printableOrEmpty(text.replace(/\r\n?/g, '\n').normalize('NFC')).slice(0, MAX_TEXT);

  const from = addresses(mail?.from)[0] ?? null;
  const replyTo = addresses(mail?.replyTo)[0] ?? null;
  const references = mail?.references ? (Array.isArray(mail.references) ? mail.references : [mail.references]) : [];
  const contentTypeHeader = mail?.headers.get('content-type');
  const contentType =
    contentTypeHeader && typeof contentTypeHeader === 'object' && 'value' in contentTypeHeader
      ? String(contentTypeHeader.value).toLowerCase()
      : (/^([^;\s]+)/.exec(head.headers.get('content-type')?.[0] ?? 'text/plain')?.[1] ?? 'text/plain').toLowerCase();
  const attachments = (mail?.attachments ?? []).map((a) => ({
    filename: a.filename ?? null,
    contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
    size: a.size ?? a.content?.length ?? 0,
  }));
  const date = mail?.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  return {
    messageId: mail?.messageId ?? null,
    inReplyTo: headerText(mail?.inReplyTo) || null,
    references,
    date,
    subject: withoutControls(mail?.subject ?? '', ' ')
      .normalize('NFC')
      .trim(),
    from,
    replyTo,
    to: addresses(mail?.to),
    cc: addresses(mail?.cc),
    headers: head.headers,
    contentType,
    text,
    fromHtml,
    activeContent,
    problems,
    attachments,
    hasCalendar:
      attachments.some((a) => a.contentType === 'text/calendar') || /text\/calendar/i.test(rawText.slice(0, 200_000)),
  };
}
