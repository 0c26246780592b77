// Small pages: messages, the "send me my link" form, privacy, errors, the dev outbox.
import type { EventDetails } from '../../core/events/types.ts';
import type { ParticipantOutcome } from '../../core/registrations/register-participants.ts';
import { formatDateTime } from '../i18n/index.ts';
import { langIf } from './content-lang.tsx';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';

export function MessagePage(props: {
  ctx: ViewContext;
  title: string;
  paragraphs: string[];
  links?: { href: string; label: string }[];
}): JSX.Element {
  return (
    <Layout ctx={props.ctx} meta={{ title: props.title }}>
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
    </Layout>
  );
}

export function ClosedPage(props: { ctx: ViewContext; event: EventDetails; notOpen: boolean }): JSX.Element {
  const { t, lang } = props.ctx;
  const e = props.event;
  const title = e.cancelledAt
    ? t.messaging.cancelledEvent.notice
    : props.notOpen
      ? t.closed.notOpenTitle
      : t.closed.title;
  const first = e.cancelledAt
    ? t.messaging.cancelledEvent.noticeText
    : props.notOpen
      ? t.closed.notOpen(formatDateTime(e.registrationOpensAt ?? e.registrationClosesAt, lang, e.timeZone))
      : t.closed.text(formatDateTime(e.registrationClosesAt, lang, e.timeZone));
  return (
    <Layout ctx={props.ctx} meta={{ title: `${title}: ${e.title}` }}>
      <p class="breadcrumb">
        <a href={`/e/${e.slug}`} lang={langIf(e.textLang?.title ?? e.mainLang, props.ctx.lang)} safe>
          {e.title}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{first}</p>
      <p>
        <span safe>{`${t.closed.contactLead} `}</span>
        <a href={`mailto:${e.contactEmail}`} safe>
          {e.contactEmail}
        </a>
      </p>
      <p>
        <a href={`/e/${e.slug}`} safe>
          {t.closed.back}
        </a>
      </p>
    </Layout>
  );
}

export function LinkRequestPage(props: {
  ctx: ViewContext;
  event: EventDetails;
  email: string;
  errors: FieldErrors;
  csrfToken: string;
}): JSX.Element {
  const { t } = props.ctx;
  const e = props.event;
  return (
    <Layout ctx={props.ctx} meta={{ title: `${t.link.title}: ${e.title}` }}>
      <p class="breadcrumb">
        <a href={`/e/${e.slug}`} lang={langIf(e.textLang?.title ?? e.mainLang, props.ctx.lang)} safe>
          {e.title}
        </a>
      </p>
      <h1 safe>{t.link.title}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <p safe>{t.link.intro}</p>
      <form method="post" action={`/e/${e.slug}/link`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField
          t={t}
          name="email"
          type="email"
          label={t.register.email}
          value={props.email}
          error={props.errors.email}
          required
          autocomplete="email"
        />
        <button type="submit" class="button button-primary" safe>
          {t.link.submit}
        </button>
      </form>
    </Layout>
  );
}

export function ReceivedPage(props: {
  ctx: ViewContext;
  event: EventDetails;
  others: ParticipantOutcome[];
}): JSX.Element {
  const { t } = props.ctx;
  const e = props.event;
  return (
    <Layout ctx={props.ctx} meta={{ title: `${t.received.title}: ${e.title}` }}>
      <h1 safe>{t.received.title}</h1>
      <p safe>{t.received.alreadyRegistered}</p>
      {props.others.length > 0 ? (
        <>
          <h2 safe>{t.received.othersTitle}</h2>
          <ul>
            {props.others.map((o) => (
              <li safe>
                {o.status === 'already_registered'
                  ? t.received.otherAlready(o.name)
                  : `${o.name}: ${o.status === 'confirmed' ? t.my.statusConfirmed : `${t.my.statusWaitlisted} (${o.waitlistPosition ?? ''})`}`}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <p>
        <a href={`/e/${e.slug}`} safe>
          {t.closed.back}
        </a>
      </p>
    </Layout>
  );
}

export function PrivacyPage(props: { ctx: ViewContext }): JSX.Element {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} meta={{ title: t.privacy.title }}>
      <h1 safe>{t.privacy.title}</h1>
      {t.privacy.body.map((p) => (
        <p safe>{p}</p>
      ))}
    </Layout>
  );
}

/** The installation's accessibility statement (/tilgjengelighet), linked from every footer. */
export function AccessibilityPage(props: { ctx: ViewContext }): JSX.Element {
  const a = props.ctx.t.accessibility;
  return (
    <Layout ctx={props.ctx} meta={{ title: a.title }}>
      <h1 safe>{a.title}</h1>
      <p safe>{a.intro}</p>
      <h2 safe>{a.howTitle}</h2>
      <ul>
        {a.how.map((line) => (
          <li safe>{line}</li>
        ))}
      </ul>
      <h2 safe>{a.limitsTitle}</h2>
      <ul>
        {a.limits.map((line) => (
          <li safe>{line}</li>
        ))}
      </ul>
      <h2 safe>{a.feedbackTitle}</h2>
      <p safe>{a.feedback}</p>
      <p>
        <a href="https://www.uutilsynet.no/" safe>
          {a.authorityLink}
        </a>
      </p>
    </Layout>
  );
}

export interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  status: string;
  created_at: string;
  text_body: string;
  html_body: string;
}

export function OutboxPage(props: {
  ctx: ViewContext;
  rows: OutboxRow[];
  selected?: OutboxRow | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <Layout ctx={props.ctx} meta={{ title: t.dev.outboxTitle }}>
      <h1 safe>{t.dev.outboxTitle}</h1>
      <p safe>{t.dev.outboxIntro}</p>
      {props.selected ? (
        <section aria-labelledby="mail-title" class="mail-preview">
          <h2 id="mail-title" safe>
            {props.selected.subject}
          </h2>
          <p safe>{`${t.dev.to}: ${props.selected.to_address}`}</p>
          <pre class="mail-text" safe>
            {props.selected.text_body}
          </pre>
        </section>
      ) : (
        ''
      )}
      {props.rows.length === 0 ? (
        <p safe>{t.dev.empty}</p>
      ) : (
        <section class="table-scroll" aria-label={t.dev.outboxTitle} tabindex="0">
          <table>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t.dev.created}
                </th>
                <th scope="col" safe>
                  {t.dev.to}
                </th>
                <th scope="col" safe>
                  {t.dev.subject}
                </th>
                <th scope="col" safe>
                  {t.dev.status}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr>
                  <td safe>{formatDateTime(new Date(row.created_at), lang, 'Europe/Oslo')}</td>
                  <td safe>{row.to_address}</td>
                  <td>
                    <a href={`/dev/outbox?id=${row.id}`} safe>
                      {row.subject}
                    </a>
                  </td>
                  <td safe>{row.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
