// Privacy for registrants: an organisation's privacy notice, the event page's participant list,
// and the "your data" section, delete confirmation of the personal page.
import type { EventDetails } from '../../core/events/types.ts';
import type { OrganizationPrivacy } from '../../core/privacy/privacy-notices.ts';
import type { PublicParticipant } from '../../core/privacy/public-participants.ts';
import type { MyRegistration } from '../../core/registrations/get-my-registration.ts';
import { formatDate } from '../i18n/index.ts';
import { CsrfField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';

/** Where the privacy information of an event is: its organisation's notice, else the general page. */
export function privacyHref(event: Pick<EventDetails, 'organizationSlug' | 'privacyVersion'>): string {
  return event.privacyVersion !== null && event.organizationSlug
    ? `/personvern/${encodeURIComponent(event.organizationSlug)}`
    : '/personvern';
}

function Paragraphs(props: { text: string }): JSX.Element {
  return (
    <>
      {props.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .map((p) => (
          <p class="preserve-lines" safe>
            {p}
          </p>
        ))}
    </>
  );
}

export function OrganizationPrivacyPage(props: { ctx: ViewContext; privacy: OrganizationPrivacy }): JSX.Element {
  const { t, lang } = props.ctx;
  const p = t.privacyInfo;
  const { organization, notice } = props.privacy;
  const title = p.noticeTitle(organization.name);
  const sections: [string, string][] = notice
    ? [
        [p.controller, notice.controller],
        [p.contact, notice.contact],
        [p.purpose, notice.purpose],
        [p.lawfulBasis, notice.lawfulBasis],
        [p.retention, notice.retention],
        [p.processors, notice.processors],
      ]
    : [];
  return (
    <Layout ctx={props.ctx} meta={{ title }}>
      <h1 safe>{title}</h1>
      {notice ? (
        <>
          <p class="hint" safe>
            {p.version(notice.version, formatDate(notice.createdAt, lang, 'Europe/Oslo'))}
          </p>
          {sections.map(([heading, text], i) => (
            <section aria-labelledby={`privacy-${i}`}>
              <h2 id={`privacy-${i}`} safe>
                {heading}
              </h2>
              <Paragraphs text={text} />
              {i === 4 ? <p safe>{p.retentionDays(organization.retentionDays)}</p> : ''}
            </section>
          ))}
          <section aria-labelledby="privacy-collected">
            <h2 id="privacy-collected" safe>
              {p.collectedTitle}
            </h2>
            <p safe>{p.collected}</p>
          </section>
          <section aria-labelledby="privacy-rights">
            <h2 id="privacy-rights" safe>
              {p.rightsTitle}
            </h2>
            <p safe>{p.rights}</p>
          </section>
        </>
      ) : (
        <p safe>{p.noNotice(organization.name)}</p>
      )}
      <p>
        <a href="/personvern" safe>
          {p.generalLink}
        </a>
      </p>
    </Layout>
  );
}

/** The opt-in participant list on the event page (only when the organiser has turned it on). */
export function PublicParticipantList(props: { ctx: ViewContext; participants: PublicParticipant[] }): JSX.Element {
  const p = props.ctx.t.privacyInfo;
  return (
    <section aria-labelledby="participants-title" class="public-participants">
      <h2 id="participants-title" safe>
        {p.participantsTitle}
      </h2>
      <p safe>{p.participantsIntro}</p>
      {props.participants.length === 0 ? (
        <p safe>{p.participantsNone}</p>
      ) : (
        <>
          <p class="hint" safe>
            {p.participantsCount(props.participants.length)}
          </p>
          <ul class="participant-list">
            {props.participants.map((x) => (
              <li>
                <span safe>{x.name}</span>
                {x.organization ? <span safe>{`, ${x.organization}`}</span> : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "Your data" on the personal page: download everything, or delete the registration. */
export function MyDataSection(props: { ctx: ViewContext; my: MyRegistration; token: string }): JSX.Element {
  const p = props.ctx.t.privacyInfo;
  const self = props.my.target.id === props.my.own.id;
  const query = self ? '' : `?p=${props.my.target.id}`;
  const base = `/m/${props.token}`;
  return (
    <section aria-labelledby="my-data-title">
      <h2 id="my-data-title" safe>
        {p.dataTitle}
      </h2>
      <p safe>{p.dataIntro}</p>
      <ul class="link-list">
        <li>
          <a href={`${base}/data.json${query}`} download="" safe>
            {p.download}
          </a>
        </li>
        <li>
          <a href={`${base}/delete${query}`} safe>
            {p.deleteLink}
          </a>
        </li>
        <li>
          <a href={privacyHref(props.my.event)} safe>
            {p.eventPrivacyLink}
          </a>
        </li>
      </ul>
    </section>
  );
}

export function DeleteConfirmPage(props: {
  ctx: ViewContext;
  my: MyRegistration;
  token: string;
  csrfToken: string;
}): JSX.Element {
  const p = props.ctx.t.privacyInfo;
  const { my } = props;
  const self = my.target.id === my.own.id;
  const query = self ? '' : `?p=${my.target.id}`;
  const hasCompanions = self && my.companions.length > 0;
  return (
    <Layout ctx={props.ctx} meta={{ title: p.deleteTitle }}>
      <h1 safe>{p.deleteTitle}</h1>
      <p safe>{p.deleteText(self ? my.event.title : `${my.event.title} (${my.target.name})`)}</p>
      {hasCompanions ? <p safe>{p.deleteCompanions}</p> : ''}
      <form method="post" action={`/m/${props.token}/delete${query}`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button button-danger" safe>
          {p.deleteConfirm}
        </button>
      </form>
      <p>
        <a href={`/m/${props.token}${query}`} safe>
          {p.deleteKeep}
        </a>
      </p>
    </Layout>
  );
}
