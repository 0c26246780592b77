// The typed message catalogues. A catalogue for another language must have every key of the
// Bokmål one (checked by the compiler through `Messages`), so a missing text fails type-checking.
import { en } from './en.ts';
import { nb } from './nb.ts';
import { nn } from './nn.ts';
import type { Equals, Shape, Widen } from './types.ts';

export type Messages = Widen<typeof nb>;

/** Languages with a complete catalogue, in the order the language switcher shows them. */
export const catalogues = { nb, nn, en } satisfies Record<string, Messages>;

// `satisfies Messages` in nn.ts and en.ts refuses missing keys and parameters of the wrong type;
// this refuses a function that takes fewer parameters than the Bokmål one.
const sameShape: [Equals<Shape<typeof nn>, Shape<typeof nb>>, Equals<Shape<typeof en>, Shape<typeof nb>>] = [
  true,
  true,
];
void sameShape;

/** The name of each language in itself, for the language switcher. */
export const LANG_NAMES: Record<Lang, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

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

function formatter(lang: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale[lang] ?? 'nb-NO', { timeZone, ...options });
    formatters.set(key, f);
  }
  return f;
}

// A Node built without full ICU falls back from nn to another locale: the Nynorsk words then
// come from the Bokmål format with the weekdays that differ put right.
const nnFromNb: Record<string, string> = { mandag: 'måndag', tirsdag: 'tysdag', lørdag: 'laurdag' };
let nnSupported: boolean | undefined;

function parts(instant: Date, lang: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  if (lang === 'nn') {
    nnSupported ??= new Intl.DateTimeFormat('nn-NO').resolvedOptions().locale.startsWith('nn');
    if (!nnSupported) {
      return formatter('nb', timeZone, options)
        .format(instant)
        .replace(/mandag|tirsdag|lørdag/g, (w) => nnFromNb[w] ?? w);
    }
  }
  return formatter(lang, timeZone, options).format(instant);
}

/** "09.00" in Norwegian (clock times with a full stop), "09:00" in English. */
export function formatTime(instant: Date, lang: string, timeZone: string): string {
  const text = parts(instant, lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return lang === 'en' ? text : text.replace(':', '.');
}

/** "tirsdag 12. november 2019", "tysdag 12. november 2019", "Tuesday 12 November 2019". */
export function formatDate(instant: Date, lang: string, timeZone: string): string {
  const text = parts(instant, lang, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  // en-GB writes "Tuesday, 12 November 2019"; British style guides (GOV.UK) drop the comma.
  return lang === 'en' ? text.replace(',', '') : text;
}

/** "tirsdag 12. november 2019 kl. 09.00", "Tuesday 12 November 2019 at 09:00". */
export function formatDateTime(instant: Date, lang: string, timeZone: string): string {
  const at = lang === 'en' ? 'at' : 'kl.';
  return `${formatDate(instant, lang, timeZone)} ${at} ${formatTime(instant, lang, timeZone)}`;
}

/** "12. nov. 2019": for compact lists. */
export function formatShortDate(instant: Date, lang: string, timeZone: string): string {
  return parts(instant, lang, timeZone, { day: 'numeric', month: 'short', year: 'numeric' });
}

export { isoWithOffset as isoWithOffsetFor } from '../../core/shared/time.ts';
