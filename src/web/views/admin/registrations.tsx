// The registrations of an event: the filterable list with its export form, and the printable
// participant lists. Every control is a plain GET form or link, so filters work without
// JavaScript and a list's address can be shared.
import { escapeHtml } from '@kitajs/html';
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import {
  type AdminRegistrationRow,
  answerText,
  filterParams,
  type RegistrationFilter,
  type SortKey,
} from '../../../core/registrations/admin/registration-query.ts';
import { formatShortDate, formatTime, type Messages } from '../../i18n/index.ts';
import { roleLabel } from '../format.ts';
import { fieldId } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';
import { badgesPdfPath, participantsPdfPath } from './print-links.tsx';

export function registrationsPath(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/registrations`;
}

export function withQuery(path: string, params: [string, string][]): string {
  return params.length === 0 ? path : `${path}?${new URLSearchParams(params).toString()}`;
}

export function statusLabel(t: Messages, status: string): string {
  const r = t.admin.registrations;
  return status === 'confirmed' ? r.statusConfirmed : status === 'waitlisted' ? r.statusWaitlisted : r.statusCancelled;
}

/** "Påmeldt", "På venteliste (venteliste nr. 3)", "Avmeldt". */
export function statusText(t: Messages, row: Pick<AdminRegistrationRow, 'status' | 'waitlistPosition'>): string {
  const label = statusLabel(t, row.status);
  return row.status === 'waitlisted' && row.waitlistPosition !== null
    ? `${label} (${t.admin.registrations.waitlistShort(row.waitlistPosition)})`
    : label;
}

export function sessionText(t: Messages, row: Pick<AdminRegistrationRow, 'sessionCode' | 'sessionTitle'>): string {
  return row.sessionCode === null ? t.admin.registrations.noSession : `${row.sessionCode}: ${row.sessionTitle ?? ''}`;
}

export function dateTimeShort(instant: Date, lang: string, timeZone: string): string {
  return `${formatShortDate(instant, lang, timeZone)} ${formatTime(instant, lang, timeZone)}`;
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled <select>, with its hint and error tied to it like the other form fields. */
export function SelectField(props: {
  t: Messages;
  name: string;
  label: string;
  options: SelectOption[];
  value: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}): JSX.Element {
  const id = fieldId(props.name);
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden" safe>{`${props.t.form.errorPrefix} `}</span>
          <span safe>{props.error}</span>
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function roleOptions(t: Messages, event: EventDetails): SelectOption[] {
  return event.roles.map((r) => ({ value: r.code, label: roleLabel(t, event, r.code) }));
}

export function sessionFilterOptions(t: Messages, event: EventDetails): SelectOption[] {
  const r = t.admin.registrations;
  return [
    ...event.sessions.map((s) => ({ value: s.code, label: `${s.code}: ${s.title}` })),
    ...(event.sessions.length === 0 || event.allowNoSession ? [{ value: 'none', label: r.noSession }] : []),
  ];
}

function sortLabel(t: Messages, key: SortKey): string {
  const r = t.admin.registrations;
  const labels: Record<SortKey, string> = {
    name: r.sortName,
    created: r.sortCreated,
    organization: r.sortOrganization,
    session: r.sortSession,
    status: r.sortStatus,
    waitlist: r.sortWaitlist,
  };
  return labels[key];
}

/** A column header that sorts by its column; a second click reverses the order. */
function SortHeader(props: {
  t: Messages;
  base: string;
  filter: RegistrationFilter;
  sort: SortKey;
  label: string;
}): JSX.Element {
  const current = props.filter.sort === props.sort;
  const dir = current && props.filter.dir === 'asc' ? 'desc' : 'asc';
  const href = withQuery(props.base, filterParams(props.filter, { sort: props.sort, dir, page: 1 }));
  return (
    <th scope="col" aria-sort={current ? (props.filter.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={href} safe>
        {props.label}
      </a>
      {current ? <span aria-hidden="true">{props.filter.dir === 'asc' ? ' ▲' : ' ▼'}</span> : ''}
    </th>
  );
}

export function RegistrationListPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  filter: RegistrationFilter;
  rows: AdminRegistrationRow[];
  total: number;
  pageSize: number;
  /** The needs column, which organisers open on purpose (possibly health data). */
  showNeeds?: boolean;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const r = t.admin.registrations;
  const { event, filter, rows, total } = props;
  const organiser = props.permission === 'organiser';
  const showNeeds = organiser && props.showNeeds === true;
  const needsToggle = new URLSearchParams(filterParams(filter));
  if (!showNeeds) needsToggle.set('needs', '1');
  const base = registrationsPath(event.slug);
  const pages = Math.max(1, Math.ceil(total / props.pageSize));
  const from = total === 0 ? 0 : (filter.page - 1) * props.pageSize + 1;
  const to = Math.min(total, filter.page * props.pageSize);
  const questions = event.questions;
  const exportParams = filterParams(filter, { page: 1 });
  const all = { value: '', label: r.all };
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`${r.title}: ${event.title}`}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'registrations' }}
      wide
    >
      <h1 safe>{r.title}</h1>
      <p safe>{r.intro}</p>
      {organiser ? (
        <p>
          <a class="button" href={`${base}/new`} safe>
            {r.addByHand}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={base} class="registration-filter" aria-labelledby="filter-title">
        <h2 id="filter-title" safe>
          {r.filterTitle}
        </h2>
        <div class="filter-grid">
          <div class="field">
            <label for="f-q" safe>
              {r.search}
            </label>
            <p class="hint" id="f-q-hint" safe>
              {r.searchHint}
            </p>
            <input
              type="search"
              id="f-q"
              name="q"
              value={escapeHtml(filter.q)}
              aria-describedby="f-q-hint"
              maxlength="200"
            />
          </div>
          <SelectField
            t={t}
            name="role"
            label={r.role}
            options={[all, ...roleOptions(t, event)]}
            value={filter.role ?? ''}
          />
          <SelectField
            t={t}
            name="session"
            label={r.session}
            options={[all, ...sessionFilterOptions(t, event)]}
            value={filter.session ?? ''}
          />
          <SelectField
            t={t}
            name="status"
            label={r.status}
            options={[
              all,
              { value: 'active', label: r.statusActive },
              { value: 'confirmed', label: r.statusConfirmed },
              { value: 'waitlisted', label: r.statusWaitlisted },
              { value: 'cancelled', label: r.statusCancelled },
            ]}
            value={filter.status ?? ''}
          />
          <SelectField
            t={t}
            name="attended"
            label={r.attended}
            options={[all, { value: 'yes', label: r.attendedYes }, { value: 'no', label: r.attendedNo }]}
            value={filter.attended ?? ''}
          />
          <SelectField
            t={t}
            name="sort"
            label={r.sort}
            options={(['name', 'created', 'organization', 'session', 'status', 'waitlist'] as const).map((k) => ({
              value: k,
              label: sortLabel(t, k),
            }))}
            value={filter.sort}
          />
          <SelectField
            t={t}
            name="dir"
            label={r.dir}
            options={[
              { value: 'asc', label: r.asc },
              { value: 'desc', label: r.desc },
            ]}
            value={filter.dir}
          />
        </div>
        <p class="form-actions">
          <button type="submit" safe>
            {r.apply}
          </button>{' '}
          <a href={base} safe>
            {r.reset}
          </a>
        </p>
      </form>

      <h2 id="list-title" safe>
        {r.count(total)}
      </h2>
      {rows.length === 0 ? (
        <p safe>{r.nothing}</p>
      ) : (
        <>
          <p aria-live="polite" safe>
            {r.countShown(from, to, total)}
          </p>
          {organiser ? (
            <p>
              <a href={`${base}?${needsToggle.toString()}`} safe>
                {showNeeds ? t.admin.privacy.hideNeedsColumn : t.admin.privacy.showNeedsColumn}
              </a>
              {showNeeds ? '' : <span class="hint" safe>{` ${t.admin.privacy.showNeedsHint}`}</span>}
            </p>
          ) : (
            ''
          )}
          <section class="table-scroll" aria-labelledby="list-title" tabindex="0">
            <table class="data-table registration-table">
              <caption class="visually-hidden" safe>
                {`${r.tableCaption}. ${r.sortedBy(sortLabel(t, filter.sort), filter.dir === 'asc' ? r.asc : r.desc)}`}
              </caption>
              <thead>
                <tr>
                  <SortHeader t={t} base={base} filter={filter} sort="name" label={r.colName} />
                  <th scope="col" safe>
                    {r.colEmail}
                  </th>
                  <SortHeader t={t} base={base} filter={filter} sort="organization" label={r.colOrganization} />
                  <th scope="col" safe>
                    {r.colRole}
                  </th>
                  <SortHeader t={t} base={base} filter={filter} sort="session" label={r.colSession} />
                  <SortHeader t={t} base={base} filter={filter} sort="status" label={r.colStatus} />
                  <SortHeader t={t} base={base} filter={filter} sort="created" label={r.colCreated} />
                  <th scope="col" safe>
                    {r.colCheckedIn}
                  </th>
                  {showNeeds ? (
                    <th scope="col" safe>
                      {r.colNeeds}
                    </th>
                  ) : (
                    ''
                  )}
                  {questions.map((q) => (
                    <th scope="col" safe>
                      {q.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr class={`status-${row.status}`}>
                    <th scope="row">
                      <a href={`${base}/${row.id}`} safe>
                        {row.name}
                      </a>
                    </th>
                    <td safe>{row.email ?? ''}</td>
                    <td safe>{row.organization}</td>
                    <td safe>{roleLabel(t, event, row.role) + (row.roleOther ? ` (${row.roleOther})` : '')}</td>
                    <td safe>{row.sessionCode ?? r.noSession}</td>
                    <td safe>{statusText(t, row)}</td>
                    <td safe>{dateTimeShort(row.createdAt, lang, event.timeZone)}</td>
                    <td safe>{row.checkedInAt ? formatTime(row.checkedInAt, lang, event.timeZone) : r.no}</td>
                    {showNeeds ? <td safe>{row.needs ?? ''}</td> : ''}
                    {questions.map((q) => (
                      <td safe>{answerText(row.answers[String(q.id)])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {pages > 1 ? (
            <nav class="pagination" aria-label={r.pagination}>
              <ul>
                {filter.page > 1 ? (
                  <li>
                    <a href={withQuery(base, filterParams(filter, { page: filter.page - 1 }))} rel="prev" safe>
                      {r.previous}
                    </a>
                  </li>
                ) : (
                  ''
                )}
                <li aria-current="page" safe>
                  {r.pageOf(filter.page, pages)}
                </li>
                {filter.page < pages ? (
                  <li>
                    <a href={withQuery(base, filterParams(filter, { page: filter.page + 1 }))} rel="next" safe>
                      {r.next}
                    </a>
                  </li>
                ) : (
                  ''
                )}
              </ul>
            </nav>
          ) : (
            ''
          )}
        </>
      )}

      <section aria-labelledby="export-title" class="no-print">
        <h2 id="export-title" safe>
          {r.exportTitle}
        </h2>
        <form method="get" action={`${base}.csv`}>
          <p safe>{r.exportIntro}</p>
          {exportParams.map(([name, value]) => (
            <input type="hidden" name={name} value={escapeHtml(value)} />
          ))}
          {organiser ? (
            <div class="field checkbox">
              <input type="checkbox" id="f-needs" name="needs" value="1" aria-describedby="f-needs-hint" />
              <label for="f-needs" safe>
                {r.exportNeeds}
              </label>
              <p class="hint" id="f-needs-hint" safe>
                {r.exportNeedsHint}
              </p>
            </div>
          ) : (
            ''
          )}
          <p class="form-actions">
            <button type="submit" safe>
              {r.exportCsv}
            </button>{' '}
            <button type="submit" formaction={`${base}.xlsx`} safe>
              {r.exportXlsx}
            </button>
          </p>
        </form>
        <h3 safe>{r.printLists}</h3>
        <ul class="link-list">
          {[
            ...event.sessions.map((s) => ({ code: s.code, label: `${s.code}: ${s.title}` })),
            ...(event.sessions.length === 0 || event.allowNoSession ? [{ code: 'none', label: r.noSession }] : []),
          ].map((s) => (
            <li>
              <a href={`${base}/print?session=${encodeURIComponent(s.code)}`} safe>
                {s.label}
              </a>{' '}
              (
              <a
                href={participantsPdfPath(event.slug, s.code)}
                aria-label={t.admin.print.listPdfLinkLabel(s.label)}
                safe
              >
                {t.admin.print.listPdfLink}
              </a>
              )
            </li>
          ))}
          <li>
            <a href={`${base}/print`} safe>
              {r.printAllSessions}
            </a>{' '}
            (
            <a
              href={participantsPdfPath(event.slug)}
              aria-label={t.admin.print.listPdfLinkLabel(r.printAllSessions)}
              safe
            >
              {t.admin.print.listPdfLink}
            </a>
            )
          </li>
        </ul>
        <p>
          <a href={badgesPdfPath(event.slug)} safe>
            {t.admin.print.badgesLink}
          </a>
        </p>
        <p class="hint" safe>
          {t.admin.print.pdfIntro}
        </p>
      </section>
    </AdminLayout>
  );
}

/** A participant list to print and sign: confirmed people of one session (or all), by name. */
export function PrintListPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  heading: string;
  rows: AdminRegistrationRow[];
}): JSX.Element {
  const { t } = props.ctx;
  const r = t.admin.registrations;
  const { event } = props;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={props.heading}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'registrations' }}
    >
      <h1 safe>{props.heading}</h1>
      <p safe>{`${r.printIntro} ${r.printCount(props.rows.length)}.`}</p>
      <p class="no-print" safe>
        {r.printButtonHint}
      </p>
      <table class="data-table print-list">
        <thead>
          <tr>
            <th scope="col" class="num" safe>
              {r.colId}
            </th>
            <th scope="col" safe>
              {r.colName}
            </th>
            <th scope="col" safe>
              {r.colOrganization}
            </th>
            <th scope="col" safe>
              {r.colRole}
            </th>
            <th scope="col" safe>
              {r.colSession}
            </th>
            <th scope="col" class="signature" safe>
              {r.colSignature}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr>
              <td class="num">{i + 1}</td>
              <th scope="row" safe>
                {row.name}
              </th>
              <td safe>{row.organization}</td>
              <td safe>{roleLabel(t, event, row.role)}</td>
              <td safe>{row.sessionCode ?? r.noSession}</td>
              <td class="signature" />
            </tr>
          ))}
        </tbody>
      </table>
      <p class="no-print">
        <a href={registrationsPath(event.slug)} safe>
          {r.backToList}
        </a>
      </p>
    </AdminLayout>
  );
}
