// Event content shown in another language than the page's (a text not yet translated falls back
// to the event's main language) is marked with `lang`, so that screen readers pronounce it right
// (WCAG 3.1.2 Language of Parts).
import { escapeHtml } from '@kitajs/html';

/** The `lang` attribute for a text in `lang` on a page in `pageLang`: only when they differ. */
export function langIf(lang: string | undefined, pageLang: string): string | undefined {
  return lang && lang !== pageLang ? lang : undefined;
}

/**
 * A sentence of the catalogue around a text ("Påmelding: {title}"), the text marked as by Text.
 */
export function TextIn(props: {
  template: (value: string) => string;
  value: string;
  lang: string | undefined;
  pageLang: string;
}): JSX.Element {
  const marker = '\u0000';
  const [before = '', after = ''] = props.template(marker).split(marker);
  return escapeHtml(before) + Text(props) + escapeHtml(after);
}

/** A text, in a <span lang> when its language is not the page's. */
export function Text(props: { value: string; lang: string | undefined; pageLang: string }): JSX.Element {
  const lang = langIf(props.lang, props.pageLang);
  if (!lang) return escapeHtml(props.value);
  return (
    <span lang={lang} safe>
      {props.value}
    </span>
  );
}
