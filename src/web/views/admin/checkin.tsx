// Check-in at the door, made for a phone: one column, big buttons. The page works as plain
// forms; /static/checkin.js adds the camera scanner, the list kept on the phone for working
// offline, and live counts.
import { escapeHtml } from '@kitajs/html';
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { CheckInPerson } from '../../../core/checkin/check-in-log.ts';
import type { CheckInCounts } from '../../../core/checkin/get-check-in-counts.ts';
import type { CheckInSearch } from '../../../core/checkin/search-check-in.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import { formatDateTime, formatTime, type Messages } from '../../i18n/index.ts';
import { roleLabel } from '../format.ts';
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
import { RoleFields } from '../participant-fields.tsx';
import { sessionOptions } from '../register.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export function checkinPath(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/checkin`;
}

export interface Flash {
  kind: 'success' | 'warning';
  text: string;
}

/** A refused check-in waiting for the facilitator's confirmation. */
export interface PendingConfirmation {
  person: CheckInPerson;
  message: string;
  seatFree: boolean;
  opId: string;
}

export function sessionLabel(t: Messages, event: EventDetails, code: string | null): string {
  if (code === null) return t.admin.checkin.noSession;
  const session = event.sessions.find((s) => s.code === code);
  return session ? `${session.code}: ${session.title}` : code;
}

export function personRole(t: Messages, event: EventDetails, person: Pick<CheckInPerson, 'role' | 'roleOther'>) {
  const label = roleLabel(t, event, person.role);
  return person.roleOther ? `${label}: ${person.roleOther}` : label;
}

function hidden(name: string, value: string): JSX.Element {
  return <input type="hidden" name={name} value={escapeHtml(value)} />;
}

/** One person: who they are, flags in words, and the one button that matters. */
function PersonCard(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  person: CheckInPerson;
  q: string;
  opId: string;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const c = t.admin.checkin;
  const p = props.person;
  const base = checkinPath(props.event.slug);
  const checkedIn = p.checkedInAt !== null;
  return (
    <li class={`checkin-person checkin-${p.status}${checkedIn ? ' checkin-in' : ''}`} data-id={String(p.id)}>
      <h3 class="checkin-name" safe>
        {p.name}
      </h3>
      <p class="checkin-meta">
        {p.organization ? <span class="checkin-line" safe>{`${c.organization}: ${p.organization}`}</span> : ''}
        <span class="checkin-line" safe>{`${c.role}: ${personRole(t, props.event, p)}`}</span>
        {props.event.sessions.length > 0 ? (
          <span class="checkin-line" safe>{`${c.session}: ${sessionLabel(t, props.event, p.session)}`}</span>
        ) : (
          ''
        )}
        <span class="checkin-line" safe>{`${c.ticket}: ${p.ticketCode}`}</span>
      </p>
      {p.status === 'waitlisted' ? (
        <p class="checkin-flag flag-warning">
          <strong safe>{c.flagWaitlisted(p.waitlistPosition)}</strong>
        </p>
      ) : p.status === 'cancelled' ? (
        <p class="checkin-flag flag-warning">
          <strong safe>{c.flagCancelled}</strong>
        </p>
      ) : (
        ''
      )}
      <p class={checkedIn ? 'checkin-flag flag-in' : 'checkin-flag flag-out'}>
        <strong safe>
          {p.checkedInAt ? c.flagCheckedIn(formatTime(p.checkedInAt, lang, props.event.timeZone)) : c.flagNotCheckedIn}
        </strong>
      </p>
      {checkedIn ? (
        <form method="post" action={`${base}/${p.id}/undo`} class="checkin-form" data-action="undo">
          <CsrfField token={props.ctx.csrfToken} />
          {hidden('opId', props.opId)}
          {hidden('q', props.q)}
          <button type="submit" class="button button-secondary checkin-button">
            <span safe>{c.undo}</span>
            <span class="visually-hidden" safe>{` ${p.name}`}</span>
          </button>
        </form>
      ) : (
        <form method="post" action={`${base}/${p.id}/in`} class="checkin-form" data-action="in">
          <CsrfField token={props.ctx.csrfToken} />
          {hidden('opId', props.opId)}
          {hidden('q', props.q)}
          <button type="submit" class="button button-primary checkin-button">
            <span safe>{c.checkIn}</span>
            <span class="visually-hidden" safe>{` ${p.name}`}</span>
          </button>
        </form>
      )}
    </li>
  );
}

function Counts(props: { t: Messages; event: EventDetails; counts: CheckInCounts }): JSX.Element {
  const c = props.t.admin.checkin;
  const { counts } = props;
  return (
    <section class="checkin-counts" aria-labelledby="counts-title" id="checkin-counts">
      <h2 id="counts-title" safe>
        {c.countsTitle}
      </h2>
      <p class="checkin-total" data-count="total" safe>
        {c.countsTotal(counts.attended, counts.expected)}
      </p>
      {counts.waitlisted > 0 ? <p safe>{c.countsWaitlisted(counts.waitlisted)}</p> : ''}
      {counts.sessions.length > 0 ? (
        <table class="data-table checkin-table">
          <caption class="visually-hidden" safe>
            {c.countsCaption}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {c.colSession}
              </th>
              <th scope="col" class="num" safe>
                {c.colAttended}
              </th>
              <th scope="col" class="num" safe>
                {c.colExpected}
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.sessions.map((s) => (
              <tr data-session={s.session ?? 'none'}>
                <th scope="row" safe>
                  {s.session === null ? c.noSession : `${s.session}: ${s.title ?? ''}`}
                </th>
                <td class="num" data-count="attended" safe>
                  {String(s.attended)}
                </td>
                <td class="num" data-count="expected" safe>
                  {String(s.expected)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
    </section>
  );
}

export interface NoShowState {
  releaseAt: Date | null;
  releasedAt: Date | null;
  /** datetime-local value shown in the form. */
  value: string;
  error?: string | undefined;
  canRelease: boolean;
}

function NoShowSection(props: { ctx: AdminViewContext; event: EventDetails; state: NoShowState }): JSX.Element {
  const { t, lang } = props.ctx;
  const c = t.admin.checkin;
  const base = checkinPath(props.event.slug);
  const s = props.state;
  const tz = props.event.timeZone;
  return (
    <section class="checkin-noshow" aria-labelledby="noshow-title">
      <h2 id="noshow-title" safe>
        {c.noShowTitle}
      </h2>
      <p safe>{c.noShowIntro}</p>
      {s.releasedAt ? <p safe>{c.noShowDone(formatDateTime(s.releasedAt, lang, tz))}</p> : ''}
      <form method="post" action={`${base}/noshow`} novalidate>
        <CsrfField token={props.ctx.csrfToken} />
        <TextField
          t={t}
          name="releaseAt"
          type="datetime-local"
          label={c.noShowAt}
          hint={c.noShowAtHint}
          value={s.value}
          error={s.error}
        />
        <button type="submit" class="button button-secondary" safe>
          {c.noShowSave}
        </button>
      </form>
      {s.releaseAt && !s.releasedAt ? (
        s.canRelease ? (
          <form method="post" action={`${base}/release-noshows`}>
            <CsrfField token={props.ctx.csrfToken} />
            <Checkbox t={t} name="confirm" label={c.noShowConfirm} checked={false} />
            <button type="submit" class="button button-danger" safe>
              {c.noShowRelease}
            </button>
          </form>
        ) : (
          <p safe>{c.noShowNotYet(formatDateTime(s.releaseAt, lang, tz))}</p>
        )
      ) : (
        ''
      )}
    </section>
  );
}

/** Texts the script needs, handed over in a data attribute (no inline script under the CSP). */
function scriptTexts(t: Messages) {
  const c = t.admin.checkin;
  return {
    scanStart: c.scanStart,
    scanStop: c.scanStop,
    scanNoCamera: c.scanNoCamera,
    scanNotFound: c.scanNotFound,
    scanNotTicket: c.scanNotTicket,
    scanWrongTicket: c.scanWrongTicket,
    online: c.online,
    offline: c.offline,
    queuedOne: c.queued(1),
    queuedMany: c.queued(2).replace('2', '{n}'),
    rosterLoaded: c.rosterLoaded(987654, '{time}').replace('987654', '{n}'),
    rosterMissing: c.rosterMissing,
    rosterFailed: c.rosterFailed,
    syncFailed: c.syncFailed,
    loggedOut: c.loggedOut,
    resultsTitle: c.resultsTitle,
    resultsCount: c.resultsCount(987654).replace('987654', '{n}'),
    resultsOne: c.resultsCount(1),
    nothing: c.nothing,
    wrongTicket: c.wrongTicket,
    organization: c.organization,
    role: c.role,
    session: c.session,
    ticket: c.ticket,
    flagWaitlisted: c.flagWaitlisted(null),
    flagWaitlistedNr: c.flagWaitlisted(987654).replace('987654', '{n}'),
    flagCancelled: c.flagCancelled,
    flagCheckedIn: c.flagCheckedIn('{time}'),
    flagNotCheckedIn: c.flagNotCheckedIn,
    checkIn: c.checkIn,
    undo: c.undo,
    checkInAnyway: c.checkInAnyway,
    doneCheckedIn: c.doneCheckedIn('{name}', '{time}'),
    doneAlready: c.doneAlready('{name}', '{time}'),
    doneUndone: c.doneUndone('{name}'),
    doneNotCheckedIn: c.doneNotCheckedIn('{name}'),
    refusedWaitlisted: c.refusedWaitlisted('{name}'),
    refusedCancelled: c.refusedCancelled('{name}'),
    refusedConflict: c.refusedConflict('{name}'),
    countsTotal: c.countsTotal(987654, 876543).replace('987654', '{a}').replace('876543', '{e}'),
  };
}

export function CheckinPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  counts: CheckInCounts;
  q: string;
  search: CheckInSearch | null;
  /** The person an action just concerned, shown first so that "undo" is one tap away. */
  focus: CheckInPerson | null;
  flash?: Flash | undefined;
  confirm?: PendingConfirmation | undefined;
  noShow?: NoShowState | undefined;
  /** A fresh op id for each form on the page. */
  opId: () => string;
}): JSX.Element {
  const { t } = props.ctx;
  const c = t.admin.checkin;
  const base = checkinPath(props.event.slug);
  const event = props.event;
  const people = props.search?.people.filter((p) => p.id !== props.focus?.id) ?? [];
  const shown = (props.focus ? 1 : 0) + people.length;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={c.title}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'checkin' }}
      scripts={['/admin/checkin/jsqr.js', '/static/checkin.js']}
    >
      <div
        id="checkin"
        class="checkin"
        data-slug={event.slug}
        data-base={base}
        data-time-zone={event.timeZone}
        data-has-sessions={event.sessions.length > 0 ? '1' : '0'}
        data-texts={escapeHtml(JSON.stringify(scriptTexts(t)))}
      >
        <h1 safe>{c.title}</h1>
        <p class="checkin-connection" id="checkin-connection" role="status" aria-live="polite"></p>
        {props.flash ? (
          <p class={`notice ${props.flash.kind === 'success' ? 'notice-success' : ''}`} role="status" safe>
            {props.flash.text}
          </p>
        ) : (
          ''
        )}
        {props.confirm ? (
          <section class="checkin-confirm notice" aria-labelledby="confirm-title" role="alert">
            <h2 id="confirm-title" safe>
              {c.confirmTitle}
            </h2>
            <p safe>{props.confirm.message}</p>
            <p safe>{props.confirm.seatFree ? c.seatFree : c.seatFull}</p>
            <form method="post" action={`${base}/${props.confirm.person.id}/in`}>
              <CsrfField token={props.ctx.csrfToken} />
              {hidden('opId', props.confirm.opId)}
              {hidden('q', props.q)}
              {hidden('confirm', 'on')}
              <button type="submit" class="button button-primary checkin-button" safe>
                {c.checkInAnywayNamed(props.confirm.person.name)}
              </button>
            </form>
            <p>
              <a href={props.q ? `${base}?q=${encodeURIComponent(props.q)}` : base} safe>
                {c.cancelConfirm}
              </a>
            </p>
          </section>
        ) : (
          ''
        )}

        <section class="checkin-scan" id="checkin-scan" aria-labelledby="scan-title" hidden>
          <h2 id="scan-title" safe>
            {c.scanTitle}
          </h2>
          <p class="hint" safe>
            {c.scanHint}
          </p>
          <p>
            <button type="button" class="button button-primary checkin-button" id="checkin-camera" safe>
              {c.scanStart}
            </button>
          </p>
          <div id="checkin-video-frame" class="checkin-video-frame" hidden></div>
          <p class="checkin-file">
            <label for="checkin-image" safe>
              {c.scanImage}
            </label>
            <input type="file" id="checkin-image" accept="image/*" />
          </p>
        </section>

        <section aria-labelledby="search-title">
          <h2 id="search-title" safe>
            {c.searchTitle}
          </h2>
          <form method="get" action={base} class="checkin-search" id="checkin-search">
            <TextField
              t={t}
              name="q"
              type="search"
              label={c.search}
              value={props.q}
              maxlength={200}
              autocomplete="off"
              attrs={{ autocapitalize: 'off', spellcheck: 'false', enterkeyhint: 'search' }}
              conditional
            />
            <button type="submit" class="button button-primary checkin-button" safe>
              {c.searchButton}
            </button>
          </form>
        </section>

        <section aria-labelledby="results-title" id="checkin-results">
          <div id="checkin-result" class="checkin-result" role="status" aria-live="polite"></div>
          {props.search || props.focus ? (
            <>
              <h2 id="results-title" safe>
                {c.resultsTitle}
              </h2>
              {props.search?.wrongTicket ? (
                <p class="notice" role="alert" safe>
                  {c.wrongTicket}
                </p>
              ) : (
                ''
              )}
              {props.search?.byTicket ? <p safe>{c.byTicket}</p> : ''}
              {shown === 0 ? <p safe>{c.nothing}</p> : <p safe>{c.resultsCount(shown)}</p>}
              <ul class="checkin-list">
                {props.focus ? (
                  <PersonCard ctx={props.ctx} event={event} person={props.focus} q={props.q} opId={props.opId()} />
                ) : (
                  ''
                )}
                {people.map((person) => (
                  <PersonCard ctx={props.ctx} event={event} person={person} q={props.q} opId={props.opId()} />
                ))}
              </ul>
              {props.search?.more ? <p safe>{c.resultsMore(props.search.people.length)}</p> : ''}
            </>
          ) : (
            <h2 id="results-title" class="visually-hidden" safe>
              {c.resultsTitle}
            </h2>
          )}
        </section>

        <Counts t={t} event={event} counts={props.counts} />

        <p>
          <a class="button button-secondary checkin-button" href={`${base}/walk-in`} safe>
            {c.walkInLink}
          </a>
        </p>
        {props.noShow ? <NoShowSection ctx={props.ctx} event={event} state={props.noShow} /> : ''}
      </div>
    </AdminLayout>
  );
}

export function WalkInPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  values: Record<string, string>;
  overCapacity: boolean;
  errors: FieldErrors;
  message?: string | undefined;
  opId: string;
}): JSX.Element {
  const { t } = props.ctx;
  const c = t.admin.checkin;
  const event = props.event;
  const base = checkinPath(event.slug);
  const v = props.values;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={c.walkInTitle}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'checkin' }}
    >
      <div class="checkin">
        <h1 safe>{c.walkInTitle}</h1>
        <p safe>{c.walkInIntro}</p>
        <ErrorSummary
          t={t}
          errors={props.errors}
          order={['name', 'organization', 'role', 'roleOther', 'session', 'email', 'overCapacity']}
        />
        {props.message ? (
          <p class="notice" role="alert" safe>
            {props.message}
          </p>
        ) : (
          ''
        )}
        <form method="post" action={`${base}/walk-in`} novalidate class="checkin-walkin">
          <CsrfField token={props.ctx.csrfToken} />
          {hidden('opId', props.opId)}
          <TextField
            t={t}
            name="name"
            label={c.name}
            value={v.name}
            error={props.errors.name}
            required
            autocomplete="off"
            maxlength={200}
          />
          <TextField
            t={t}
            name="organization"
            label={c.organization}
            value={v.organization}
            error={props.errors.organization}
            autocomplete="off"
            maxlength={200}
          />
          <RoleFields t={t} event={event} values={v} errors={props.errors} />
          {event.sessions.length > 0 ? (
            <RadioGroup
              t={t}
              name="session"
              legend={c.walkInSession}
              options={sessionOptions(t, event, props.ctx)}
              value={v.session}
              error={props.errors.session}
            />
          ) : (
            ''
          )}
          <TextField
            t={t}
            name="email"
            type="email"
            label={c.email}
            hint={c.emailHint}
            value={v.email}
            error={props.errors.email}
            autocomplete="off"
            maxlength={254}
          />
          <Checkbox
            t={t}
            name="overCapacity"
            label={c.overCapacity}
            hint={c.overCapacityHint}
            checked={props.overCapacity}
            error={props.errors.overCapacity}
          />
          <button type="submit" class="button button-primary checkin-button" safe>
            {c.walkInSubmit}
          </button>
        </form>
        <p>
          <a href={base} safe>
            {c.backToCheckin}
          </a>
        </p>
      </div>
    </AdminLayout>
  );
}
