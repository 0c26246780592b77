// HTML mail to plain text, by string rules only: nothing is parsed into a DOM, fetched, rendered or
// run. Scripts, styles, frames and other active content are dropped with their content; quoted
// blocks (<blockquote>) come out as "> " lines so the quote rules treat them like plain-text quotes.
import type { ActiveContent } from './reasons.ts';

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  aring: 'å',
  Aring: 'Å',
  oslash: 'ø',
  Oslash: 'Ø',
  aelig: 'æ',
  AElig: 'Æ',
  auml: 'ä',
  Auml: 'Ä',
  ouml: 'ö',
  Ouml: 'Ö',
  uuml: 'ü',
  Uuml: 'Ü',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  aacute: 'á',
  Aacute: 'Á',
  oacute: 'ó',
  iacute: 'í',
  uacute: 'ú',
  ccaron: 'č',
  scaron: 'š',
  Scaron: 'Š',
  zcaron: 'ž',
  ntilde: 'ñ',
  szlig: 'ß',
  laquo: '«',
  raquo: '»',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  shy: '',
  zwnj: '',
  zwj: '',
};

/** Replaces HTML character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,30});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      // Numeric references to the C1 range mean windows-1252 in practice (&#150; = en dash).
      if (code >= 0x80 && code <= 0x9f) return cp1252(code);
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? whole;
  });
}

const CP1252: Record<number, string> = {
  128: '€',
  133: '…',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  150: '–',
  151: '—',
};
function cp1252(code: number): string {
  return CP1252[code] ?? '';
}

/** Active content an HTML part carries: scripts, event handlers, javascript: links, frames, forms, objects. */
export function activeContentIn(html: string): ActiveContent[] {
  const found: ActiveContent[] = [];
  if (/<script\b/i.test(html)) found.push('script');
  if (/<(?:[a-z][a-z0-9-]*)\b[^>]*\son[a-z]+\s*=/i.test(html)) found.push('event handler');
  if (/(?:href|src|action)\s*=\s*["']?\s*(?:javascript|vbscript|data:text\/html)/i.test(html))
    found.push('script link');
  if (/<(?:iframe|frame|frameset|object|embed|applet)\b/i.test(html)) found.push('frame or object');
  if (/<form\b/i.test(html)) found.push('form');
  if (/<meta\b[^>]*http-equiv\s*=\s*["']?refresh/i.test(html)) found.push('refresh');
  return found;
}

const QUOTE_OPEN = '\u0001';
const QUOTE_CLOSE = '\u0002';

/** Plain text of an HTML body, as a reader would see it; never executes or fetches anything. */
export function htmlToText(html: string): string {
  const outlook = /class=["']?MsoNormal/i.test(html);
  let s = html.length > 2_000_000 ? html.slice(0, 2_000_000) : html;
  s = s
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, '')
    .replace(
      /<(script|style|head|title|template|iframe|frameset|object|embed|applet|svg|math|select|textarea)\b[\s\S]*?(?:<\/\1\s*>|$)/gi,
      '',
    )
    .replace(/<(?:script|style|iframe|object|embed|svg|input|img|meta|link|base)\b[^>]*>/gi, '');
  s = s
    .replace(/<blockquote\b[^>]*>/gi, `\n${QUOTE_OPEN}\n`)
    .replace(/<\/blockquote\s*>/gi, `\n${QUOTE_CLOSE}\n`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(?:td|th)\s*>/gi, ' | ')
    .replace(/<hr\b[^>]*>/gi, '\n')
    .replace(/<p\b[^>]*>/gi, outlook ? '' : '\n')
    .replace(/<\/p\s*>/gi, outlook ? '\n' : '\n\n')
    .replace(
      /<\/?(?:p|div|tr|table|tbody|thead|ul|ol|h[1-6]|section|article|header|footer|pre|address|center)\b[^>]*>/gi,
      '\n',
    )
    .replace(/<[^>]*>/g, '')
    .replace(/<[^>]*$/, '');
  s = decodeEntities(s).replace(/\u00a0/g, ' ');
  const out: string[] = [];
  let depth = 0;
  for (const rawLine of s.split(/\r?\n/)) {
    if (rawLine.includes(QUOTE_OPEN)) {
      depth++;
      continue;
    }
    if (rawLine.includes(QUOTE_CLOSE)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const line = rawLine
      .replace(/[ \t]+/g, ' ')
      .replace(/ \| *$/, '')
      .trim();
    out.push(depth > 0 ? `${'>'.repeat(depth)} ${line}`.trimEnd() : line);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
