// The back office's privacy pages: an organisation's privacy notice (versions) and retention,
// erasing a person across the organisation's events, and the event overview's privacy section
// (the public participant list and when the data is anonymised).
import type { PersonInEvent } from '../../../core/privacy/erase-person.ts';
import type { OrganizationPrivacy } from '../../../core/privacy/privacy-notices.ts';
import { formatDate, formatShortDate } from '../../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export const PRIVACY_FIELDS = ['controller', 'contact', 'purpose', 'lawfulBasis', 'retention', 'processors'] as const;
export type PrivacyField = (typeof PRIVACY_FIELDS)[number];

export function organizationPath(slug: string): string {
  return `/admin/organizations/${encodeURIComponent(slug)}`;
}

function Notice(props: { text?: string | undefined }): JSX.Element {
  return props.text ? (
    <p class="notice notice-success" role="status" safe>
      {props.text}
    </p>
  ) : (
    ''
  );
}

export function PrivacySettingsPage(props: {
  ctx: AdminViewContext;
  privacy: OrganizationPrivacy;
  values: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.admin.privacy;
  const { organization, notice, versions } = props.privacy;
  const base = organizationPath(organization.slug);
  const hints: Record<PrivacyField, string> = {
    controller: a.controllerHint,
    contact: a.contactHint,
    purpose: a.purposeHint,
    lawfulBasis: a.lawfulBasisHint,
    retention: a.retentionHint,
    processors: a.processorsHint,
  };
  return (
    <AdminLayout ctx={props.ctx} title={a.title(organization.name)}>
      <h1 safe>{a.title(organization.name)}</h1>
      <Notice text={props.notice} />
      <ErrorSummary t={t} errors={props.errors} order={[...PRIVACY_FIELDS, 'retentionDays']} />
      <p safe>{a.intro}</p>
      <p safe>{notice ? a.current(notice.version, formatDate(notice.createdAt, lang, 'Europe/Oslo')) : a.none}</p>
      <ul class="link-list">
        <li>
          <a href={`/personvern/${encodeURIComponent(organization.slug)}`} safe>
            {a.publicPage}
          </a>
        </li>
        <li>
          <a href={`${base}/erase`} safe>
            {a.eraseLink}
          </a>
        </li>
      </ul>
      <form method="post" action={`${base}/privacy`} novalidate class="form-section">
        <CsrfField token={props.ctx.csrfToken} />
        {PRIVACY_FIELDS.map((name) => (
          <TextField
            t={t}
            name={name}
            label={a[name]}
            hint={hints[name]}
            multiline
            required
            value={props.values[name]}
            error={props.errors[name]}
            maxlength={PRIVACY_TEXT_MAX}
          />
        ))}
        <TextField
          t={t}
          name="retentionDays"
          type="number"
          label={a.retentionDays}
          hint={a.retentionDaysHint}
          required
          attrs={{ min: 1, max: 3650, step: 1, inputmode: 'numeric' }}
          value={props.values.retentionDays}
          error={props.errors.retentionDays}
        />
        <button type="submit" class="button button-primary" safe>
          {a.save}
        </button>
      </form>
      {versions.length > 1 ? (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title" safe>
            {a.versionsTitle}
          </h2>
          <ul>
            {versions.slice(1).map((v) => (
              <li safe>{a.versionLine(v.version, formatShortDate(v.createdAt, lang, 'Europe/Oslo'))}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

/** Longest text of one field of the privacy notice. */
export const PRIVACY_TEXT_MAX = 4000;

export function ErasePage(props: {
  ctx: AdminViewContext;
  organization: { slug: string; name: string };
  email: string;
  errors: FieldErrors;
  /** After "find": where the address appears (empty: nowhere). */
  found?: PersonInEvent[] | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.admin.privacy;
  const base = organizationPath(props.organization.slug);
  const found = props.found;
  return (
    <AdminLayout ctx={props.ctx} title={a.eraseTitle(props.organization.name)}>
      <h1 safe>{a.eraseTitle(props.organization.name)}</h1>
      <Notice text={props.notice} />
      <ErrorSummary t={t} errors={props.errors} order={['email']} />
      <p safe>{a.eraseIntro}</p>
      <form method="post" action={`${base}/erase`} novalidate>
        <CsrfField token={props.ctx.csrfToken} />
        <input type="hidden" name="action" value="find" />
        <TextField
          t={t}
          name="email"
          type="email"
          label={a.email}
          hint={a.emailHint}
          required
          autocomplete="off"
          maxlength={254}
          value={props.email}
          error={props.errors.email}
        />
        <button type="submit" class="button" safe>
          {a.find}
        </button>
      </form>
      {found ? (
        <section aria-labelledby="found-title">
          {found.length === 0 ? (
            <h2 id="found-title" safe>
              {a.nothingFound(props.email)}
            </h2>
          ) : (
            <>
              <h2 id="found-title" safe>
                {a.found(props.email)}
              </h2>
              <div class="table-scroll">
                <table class="data-table">
                  <caption class="visually-hidden" safe>
                    {a.foundCaption}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col" safe>
                        {a.colEvent}
                      </th>
                      <th scope="col" safe>
                        {a.colDate}
                      </th>
                      <th scope="col" safe>
                        {a.colRegistrations}
                      </th>
                      <th scope="col" safe>
                        {a.colBookings}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {found.map((e) => (
                      <tr>
                        <th scope="row" safe>
                          {e.title}
                        </th>
                        <td safe>{formatShortDate(e.startsAt, lang, 'Europe/Oslo')}</td>
                        <td>{e.registrations}</td>
                        <td>{e.bookings}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <form method="post" action={`${base}/erase`}>
                <CsrfField token={props.ctx.csrfToken} />
                <input type="hidden" name="action" value="confirm" />
                <input type="hidden" name="email" value={props.email} />
                <p class="hint" id="erase-confirm-hint" safe>
                  {a.confirmHint}
                </p>
                <button type="submit" class="button button-danger" aria-describedby="erase-confirm-hint" safe>
                  {a.confirm}
                </button>
              </form>
            </>
          )}
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={`${base}/privacy`} safe>
          {a.back}
        </a>
      </p>
    </AdminLayout>
  );
}

/** The privacy part of an event's overview page (organisers): the public list and retention. */
export function EventPrivacySection(props: {
  ctx: AdminViewContext;
  event: { slug: string; publicList: boolean; endsAt: Date; organizationSlug: string };
  retention: { days: number; purgedAt: Date | null };
  done?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.admin.privacy;
  const e = props.event;
  const dueAt = new Date(e.endsAt.getTime() + props.retention.days * 86_400_000);
  const done = props.done === 'shown' ? a.listShown : props.done === 'hidden' ? a.listHidden : undefined;
  return (
    <section aria-labelledby="privacy-title" id="privacy">
      <h2 id="privacy-title" safe>
        {a.sectionTitle}
      </h2>
      <Notice text={done} />
      <p safe>{e.publicList ? a.publicListOn : a.publicListOff}</p>
      <form method="post" action={`/admin/events/${encodeURIComponent(e.slug)}/public-list`}>
        <CsrfField token={props.ctx.csrfToken} />
        <input type="hidden" name="enabled" value={e.publicList ? 'off' : 'on'} />
        <p class="hint" id="public-list-hint" safe>
          {a.publicListHint}
        </p>
        <button type="submit" class="button button-secondary" aria-describedby="public-list-hint" safe>
          {e.publicList ? a.hideList : a.showList}
        </button>
      </form>
      <p safe>
        {props.retention.purgedAt
          ? a.purgedAt(formatDate(props.retention.purgedAt, lang, 'Europe/Oslo'))
          : a.purgeDue(formatDate(dueAt, lang, 'Europe/Oslo'), props.retention.days)}
      </p>
      <p>
        <a href={`/personvern/${encodeURIComponent(e.organizationSlug)}`} safe>
          {a.organizationPrivacy}
        </a>
      </p>
    </section>
  );
}
