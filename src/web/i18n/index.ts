// The typed message catalogues. A catalogue for another language must have every key of the
// Bokmål one (checked by the compiler through `Messages`), so a missing text fails type-checking.
import { nb } from './nb.ts';

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => unknown
    ? (...args: A) => string
    : T extends readonly (infer U)[]
      ? readonly Widen<U>[]
      : { readonly [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof nb>;

/** Languages with a complete catalogue. Nynorsk and English join here (issue 6). */
export const catalogues = { nb } satisfies Record<string, Messages>;

export type Lang = keyof typeof catalogues;
export const LANGS = Object.keys(catalogues) as Lang[];
export const DEFAULT_LANG: Lang = 'nb';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as string[]).includes(value);
}

/** DESIGN.md order: ?lang=, then the lang cookie, then Accept-Language, then Bokmål. */
export function resolveLang(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    // "no" is the macrolanguage; Norwegian readers default to Bokmål.
    const base = tag === 'no' || tag.startsWith('no-') ? 'nb' : tag.split('-')[0];
    if (isLang(base)) return base;
  }
  return DEFAULT_LANG;
}

export function messages(lang: Lang): Messages {
  return catalogues[lang];
}

const intlLocale: Record<string, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

// Building an Intl.DateTimeFormat costs far more than using one: keep one per shape.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: Date, lang: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale[lang] ?? 'nb-NO', { timeZone, ...options });
    formatters.set(key, formatter);
  }
  return formatter.format(instant);
}

/** "09.00": Norwegian writes clock times with a full stop. */
export function formatTime(instant: Date, lang: string, timeZone: string): string {
  const text = parts(instant, lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return lang === 'en' ? text : text.replace(':', '.');
}

/** "tirsdag 12. november 2019". */
export function formatDate(instant: Date, lang: string, timeZone: string): string {
  return parts(instant, lang, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "tirsdag 12. november 2019 kl. 09.00". */
export function formatDateTime(instant: Date, lang: string, timeZone: string): string {
  const at = lang === 'en' ? 'at' : 'kl.';
  return `${formatDate(instant, lang, timeZone)} ${at} ${formatTime(instant, lang, timeZone)}`;
}

/** "12. nov. 2019": for compact lists. */
export function formatShortDate(instant: Date, lang: string, timeZone: string): string {
  return parts(instant, lang, timeZone, { day: 'numeric', month: 'short', year: 'numeric' });
}

export { isoWithOffset as isoWithOffsetFor } from '../../core/shared/time.ts';
