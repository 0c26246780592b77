// The back office's page frame: the site frame with the organiser's navigation, and the
// per-event navigation (overview, editor, registrations, numbers, access).
import type { PropsWithChildren } from '@kitajs/html';
import type { AdminUser, EventPermission } from '../../../core/accounts/types.ts';
import type { Lang, Messages } from '../../i18n/index.ts';
import { CsrfField } from '../forms.tsx';
import { LanguageSwitcher } from '../language-switcher.tsx';

export interface AdminViewContext {
  t: Messages;
  lang: Lang;
  path: string;
  /** Path with query, for the language switcher (defaults to path). */
  url?: string;
  user: AdminUser | null;
  /** For the logout button, which is a form. */
  csrfToken: string;
}

export interface AdminEventNav {
  slug: string;
  title: string;
  permission: EventPermission;
  /** Which tab is the current page. */
  current:
    | 'overview'
    | 'edit'
    | 'registrations'
    | 'checkin'
    | 'tables'
    | 'questions'
    | 'pitches'
    | 'mail'
    | 'messages'
    | 'numbers'
    | 'access'
    | 'other';
}

function NavLink(props: { href: string; label: string; current: boolean }): JSX.Element {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined} safe>
        {props.label}
      </a>
    </li>
  );
}

/** Tabs of one event; facilitators see only what they may use. */
export function EventTabs(props: { t: Messages; nav: AdminEventNav }): JSX.Element {
  const { t, nav } = props;
  const base = `/admin/events/${encodeURIComponent(nav.slug)}`;
  const tabs: { key: AdminEventNav['current']; href: string; label: string; organiserOnly: boolean }[] = [
    { key: 'overview', href: base, label: t.admin.tabs.overview, organiserOnly: false },
    { key: 'edit', href: `${base}/edit`, label: t.admin.tabs.edit, organiserOnly: true },
    { key: 'registrations', href: `${base}/registrations`, label: t.admin.tabs.registrations, organiserOnly: false },
    { key: 'checkin', href: `${base}/checkin`, label: t.admin.tabs.checkin, organiserOnly: false },
    { key: 'tables', href: `${base}/tables`, label: t.admin.tables.link, organiserOnly: false },
    { key: 'questions', href: `${base}/questions`, label: t.live.admin.link, organiserOnly: false },
    { key: 'pitches', href: `${base}/pitches`, label: t.ideas.admin.link, organiserOnly: false },
    { key: 'mail', href: `${base}/mail`, label: t.mailIntake.link, organiserOnly: true },
    { key: 'messages', href: `${base}/messages`, label: t.admin.tabs.messages, organiserOnly: true },
    { key: 'numbers', href: `${base}/numbers`, label: t.admin.tabs.numbers, organiserOnly: true },
    { key: 'access', href: `${base}/access`, label: t.admin.tabs.access, organiserOnly: true },
  ];
  return (
    <nav class="event-tabs" aria-label={t.admin.common.eventNav}>
      <ul>
        {tabs
          .filter((tab) => !tab.organiserOnly || nav.permission === 'organiser')
          .map((tab) => (
            <NavLink href={tab.href} label={tab.label} current={tab.key === nav.current} />
          ))}
      </ul>
    </nav>
  );
}

/** The page frame of every /admin page. */
export function AdminLayout(
  props: PropsWithChildren<{
    ctx: AdminViewContext;
    title: string;
    event?: AdminEventNav;
    wide?: boolean;
    /** Script files under /static/ or /admin/ (the CSP allows no inline script). */
    scripts?: string[];
    /** Extra tags for <head> (a live view's refresh without JavaScript), already safe HTML. */
    head?: string;
  }>,
): JSX.Element {
  const { t, lang, user } = props.ctx;
  const a = t.admin.common;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title safe>{`${props.title} – ${a.siteName}`}</title>
          <link rel="stylesheet" href="/static/site.css" />
          <link rel="stylesheet" href="/static/admin.css" />
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer />
          ))}
          {props.head ?? ''}
        </head>
        <body class="admin">
          <a class="skip-link" href="#main" safe>
            {t.site.skipLink}
          </a>
          <header class="site-header">
            <div class="wrap">
              <a class="brand" href={user ? '/admin' : '/'}>
                <span class="brand-name" safe>
                  {t.site.name}
                </span>
                <span class="brand-tagline" safe>
                  {a.tagline}
                </span>
              </a>
              {user ? (
                <nav aria-label={a.adminNav}>
                  <ul class="nav-list">
                    <NavLink href="/admin" label={a.dashboard} current={props.ctx.path === '/admin'} />
                    <NavLink
                      href="/admin/members"
                      label={a.members}
                      current={props.ctx.path.startsWith('/admin/members')}
                    />
                    <li>
                      <form method="post" action="/admin/logout" class="inline-form">
                        <CsrfField token={props.ctx.csrfToken} />
                        <button type="submit" class="link-button" safe>
                          {a.logOut}
                        </button>
                      </form>
                    </li>
                  </ul>
                </nav>
              ) : (
                ''
              )}
              <LanguageSwitcher label={t.site.language} lang={lang} url={props.ctx.url ?? props.ctx.path} />
            </div>
          </header>
          <main id="main" tabindex="-1" class={props.wide ? 'wrap wide' : 'wrap'}>
            {props.event ? (
              <div class="event-heading">
                <p class="event-kicker" safe>
                  {props.event.title}
                </p>
                <EventTabs t={t} nav={props.event} />
              </div>
            ) : (
              ''
            )}
            {props.children as 'safe'}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              {user ? <p safe>{a.loggedInAs(user.name)}</p> : ''}
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

/** A short message page in the back office (forbidden, not found, done). */
export function AdminMessagePage(props: {
  ctx: AdminViewContext;
  title: string;
  paragraphs: string[];
  links?: { href: string; label: string }[];
}): JSX.Element {
  return (
    <AdminLayout ctx={props.ctx} title={props.title}>
      <h1 safe>{props.title}</h1>
      {props.paragraphs.map((p) => (
        <p safe>{p}</p>
      ))}
      {props.links && props.links.length > 0 ? (
        <ul class="link-list">
          {props.links.map((l) => (
            <li>
              <a href={l.href} safe>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}
