// The language switcher on every page: plain links to the same address with ?lang=, so it works
// without JavaScript; the server then remembers the choice in the `lang` cookie (see app.ts).
import { LANG_NAMES, LANGS, type Lang } from '../i18n/index.ts';

/** The current address with `lang` set; always a path on this site (never `//host`). */
export function languageHref(url: string, lang: Lang): string {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(/^[/\\]+/, '/') || '/';
  const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

/** "Bokmål · Nynorsk · English", each name in its own language, the current one marked. */
export function LanguageSwitcher(props: { label: string; lang: Lang; url: string }): JSX.Element {
  return (
    <nav class="language-switcher" aria-label={props.label}>
      <ul>
        {LANGS.map((lang, i) => (
          <li>
            {i > 0 ? <span aria-hidden="true">{' · '}</span> : ''}
            <a
              href={languageHref(props.url, lang)}
              lang={lang}
              hreflang={lang}
              aria-current={lang === props.lang ? 'true' : undefined}
              safe
            >
              {LANG_NAMES[lang]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
