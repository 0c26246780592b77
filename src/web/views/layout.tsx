import type { PropsWithChildren } from '@kitajs/html';
import type { Lang, Messages } from '../i18n/index.ts';
import { LanguageSwitcher } from './language-switcher.tsx';

export interface PageMeta {
  title: string;
  description?: string;
  /** Extra tags for <head> (Open Graph, JSON-LD), already safe HTML. */
  head?: string;
  canonical?: string;
}

export interface ViewContext {
  t: Messages;
  lang: Lang;
  /** Current path with query, for the language switcher. */
  path: string;
}

/** The page frame: skip link, header, main landmark, footer. */
export function Layout(props: PropsWithChildren<{ ctx: ViewContext; meta: PageMeta }>): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.meta.title} – ${t.site.name}`}</title>
          {props.meta.description ? <meta name="description" content={props.meta.description} /> : ''}
          {props.meta.canonical ? <link rel="canonical" href={props.meta.canonical} /> : ''}
          <link rel="stylesheet" href="/static/site.css" />
          {props.meta.head ?? ''}
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t.site.skipLink}
          </a>
          <header class="site-header">
            <div class="wrap">
              <a class="brand" href="/">
                <span class="brand-name" safe>
                  {t.site.name}
                </span>
                <span class="brand-tagline" safe>
                  {t.site.tagline}
                </span>
              </a>
              <nav aria-label={t.site.mainNav}>
                <ul class="nav-list">
                  <li>
                    <a href="/" safe>
                      {t.site.events}
                    </a>
                  </li>
                </ul>
              </nav>
              <LanguageSwitcher label={t.site.language} lang={lang} url={props.ctx.path} />
            </div>
          </header>
          <main id="main" tabindex="-1" class="wrap">
            {props.children as 'safe'}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <p safe>{t.site.footer}</p>
              <p>
                <a href="/personvern" safe>
                  {t.site.privacy}
                </a>
              </p>
              <p>
                <a href="/tilgjengelighet" safe>
                  {t.accessibility.linkText}
                </a>
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
