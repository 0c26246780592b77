// Sign-up by e-mail in the back office (issue 9): the mailbox page (IMAP settings, status,
// uploads, the review queue) and one message beside the proposed registration. A message is
// shown as plain text only, escaped like everything else: its HTML is never rendered.
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import type { IntakeMessageDetail } from '../../../core/mail-intake/get-intake-message.ts';
import type { MailboxView } from '../../../core/mail-intake/get-mailbox.ts';
import type { IntakeList, IntakeListItem } from '../../../core/mail-intake/list-intake-messages.ts';
import type { PersonDraft } from '../../../core/mail-intake/types.ts';
import { LIMITS } from '../../forms/fields.ts';
import { LANG_NAMES, LANGS, type Messages } from '../../i18n/index.ts';
import { Checkbox, CsrfField, ErrorSummary, FieldError, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
import { legacyReasonLabel, reasonLabel } from './intake-reasons.ts';
import { AdminLayout, type AdminViewContext } from './layout.tsx';
import { dateTimeShort, roleOptions, SelectField, sessionFilterOptions, statusLabel } from './registrations.tsx';

export const UPLOAD_MAX_FILES = 20;
/** Per file, and per upload in all. */
export const UPLOAD_MAX_MB = 25;
export const UPLOAD_MAX_TOTAL_MB = 50;

export function mailPath(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/mail`;
}

export interface MailboxFormValues {
  host: string;
  port: string;
  tls: string;
  username: string;
  folder: string;
  address: string;
  flag: boolean;
}

export interface MailIntakePageState {
  flash?: string | undefined;
  problem?: string | undefined;
  /** The result of "test connection". */
  test?: { ok: true; text: string } | { ok: false; text: string; detail: string } | undefined;
  values?: MailboxFormValues | undefined;
  errors?: FieldErrors;
  uploadError?: string | undefined;
}

function when(t: Messages, lang: string, event: EventDetails, instant: Date): string {
  void t;
  return dateTimeShort(instant, lang, event.timeZone);
}

function registrationPath(event: EventDetails, id: number): string {
  return `/admin/events/${encodeURIComponent(event.slug)}/registrations/${id}`;
}

/** What both pages are given, besides their own. */
type MailPageProps<Own> = { ctx: AdminViewContext; event: EventDetails; permission: EventPermission } & Own;

/** Both pages: wide, under the event's "mail" tab. */
function MailLayout(props: MailPageProps<{ title: string; children: JSX.Element | JSX.Element[] }>): JSX.Element {
  const { event } = props;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={props.title}
      wide
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'mail' }}
    >
      {props.children}
    </AdminLayout>
  );
}

/** The result of the last action: a flash, a problem, or both. */
function Notices(props: { flash?: string | undefined; problem?: string | undefined }): JSX.Element {
  return (
    <>
      {props.flash ? (
        <p class="notice notice-success" role="status" safe>
          {props.flash}
        </p>
      ) : (
        ''
      )}
      {props.problem ? (
        <p class="notice notice-problem" role="alert" safe>
          {props.problem}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** A section of the page with its own h2 heading. */
function IntakeSection(props: { id: string; heading: string; children: JSX.Element | JSX.Element[] }): JSX.Element {
  return (
    <section aria-labelledby={`${props.id}-title`} class="intake-section">
      <h2 id={`${props.id}-title`} safe>
        {props.heading}
      </h2>
      {props.children}
    </section>
  );
}

/** A form of only a button (and the CSRF token). */
function ButtonForm(props: { token: string; action: string; label: string; class?: string }): JSX.Element {
  return (
    <form method="post" action={props.action} class={props.class}>
      <CsrfField token={props.token} />
      <button type="submit" class="button button-secondary" safe>
        {props.label}
      </button>
    </form>
  );
}

/** A main line and, when given, a smaller second line. */
function TwoLines(props: { main: string; second?: string | undefined }): JSX.Element {
  return (
    <>
      <span safe>{props.main}</span>
      {props.second !== undefined ? (
        <>
          <br />
          <small safe>{props.second}</small>
        </>
      ) : (
        ''
      )}
    </>
  );
}

function RegistrationLinks(props: {
  event: EventDetails;
  registrations: { id: number; name: string }[];
  label: (name: string) => string;
}): JSX.Element {
  return (
    <ul>
      {props.registrations.map((r) => (
        <li>
          <a href={registrationPath(props.event, r.id)} safe>
            {props.label(r.name)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function MailboxStatus(props: { t: Messages; lang: string; event: EventDetails; mailbox: MailboxView | null }) {
  const { t, mailbox } = props;
  const m = t.mailIntake;
  if (!mailbox) return <p safe>{m.notConnected}</p>;
  if (!mailbox.enabled) return <p safe>{m.disconnectedNote}</p>;
  if (mailbox.status === 'error' && mailbox.lastPolledAt) {
    const code = (mailbox.lastError ?? 'server_error') as keyof typeof m.errors;
    return (
      <div class="notice notice-problem">
        <p>
          <strong safe>{m.errors[code] ?? m.errors.server_error}</strong>
        </p>
        <p safe>{m.statusError(when(t, props.lang, props.event, mailbox.lastPolledAt))}</p>
        {mailbox.lastErrorDetail ? <p safe>{m.serverSaid(mailbox.lastErrorDetail)}</p> : ''}
      </div>
    );
  }
  if (mailbox.status === 'ok' && mailbox.lastPolledAt)
    return (
      <p class="notice notice-success" safe>
        {m.statusOk(when(t, props.lang, props.event, mailbox.lastPolledAt))}
      </p>
    );
  return (
    <p class="notice" safe>
      {m.statusNew}
    </p>
  );
}

function QueueTable(props: {
  t: Messages;
  lang: string;
  event: EventDetails;
  items: IntakeListItem[];
  id: string;
  caption: string;
}) {
  const { t, event } = props;
  const m = t.mailIntake;
  return (
    <section class="table-scroll" tabindex="0" aria-labelledby={props.id}>
      <table class="data-table intake-table">
        <caption id={props.id} class="visually-hidden" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {m.colSubject}
            </th>
            <th scope="col" safe>
              {m.colFrom}
            </th>
            <th scope="col" safe>
              {m.colReceived}
            </th>
            <th scope="col" safe>
              {m.colKind}
            </th>
            <th scope="col" safe>
              {m.colState}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((item) => (
            <tr>
              <th scope="row">
                <a href={`${mailPath(event.slug)}/${item.id}`} safe>
                  {item.subject || m.noSubject}
                </a>
              </th>
              <td>
                <TwoLines main={item.fromName || item.fromEmail} second={item.fromName ? item.fromEmail : undefined} />
              </td>
              <td safe>{when(t, props.lang, event, item.receivedAt)}</td>
              <td safe>{m.kinds[item.kind] ?? item.kind}</td>
              <td>
                <TwoLines
                  main={m.states[item.state] ?? item.state}
                  second={item.outcome ? (m.outcomes[item.outcome] ?? item.outcome) : undefined}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A list of messages under its heading, or a line saying there are none. */
function QueueSection(props: {
  t: Messages;
  lang: string;
  event: EventDetails;
  items: IntakeListItem[];
  id: string;
  heading: string;
  caption: string;
  empty: string;
}) {
  return (
    <IntakeSection id={props.id} heading={props.heading}>
      {props.items.length === 0 ? (
        <p safe>{props.empty}</p>
      ) : (
        <QueueTable
          t={props.t}
          lang={props.lang}
          event={props.event}
          items={props.items}
          id={`${props.id}-caption`}
          caption={props.caption}
        />
      )}
    </IntakeSection>
  );
}

/** /admin/events/:slug/mail */
export function MailIntakePage(
  props: MailPageProps<{ mailbox: MailboxView | null; list: IntakeList; state: MailIntakePageState }>,
): JSX.Element {
  const { t, lang } = props.ctx;
  const m = t.mailIntake;
  const { event, mailbox, state } = props;
  const errors = state.errors ?? {};
  const values: MailboxFormValues = state.values ?? {
    host: mailbox?.host ?? '',
    port: String(mailbox?.port ?? 993),
    tls: mailbox?.tls ?? 'tls',
    username: mailbox?.username ?? '',
    folder: mailbox?.folder ?? 'INBOX',
    address: mailbox?.address ?? '',
    flag: mailbox?.flagProcessed ?? false,
  };
  const base = mailPath(event.slug);
  const connected = mailbox?.enabled === true && mailbox.hasPassword;
  const setting = (
    name: 'host' | 'port' | 'username' | 'folder' | 'address',
    maxlength: number,
    extra: Pick<Parameters<typeof TextField>[0], 'required' | 'type' | 'attrs' | 'autocomplete'>,
  ) => (
    <TextField
      t={t}
      name={name}
      label={m[name]}
      hint={m[`${name}Hint`]}
      value={values[name]}
      error={errors[name]}
      maxlength={maxlength}
      {...extra}
    />
  );
  return (
    <MailLayout ctx={props.ctx} event={event} permission={props.permission} title={m.title}>
      <h1 safe>{m.title}</h1>
      <p safe>{m.intro}</p>
      <Notices flash={state.flash} problem={state.problem} />

      <QueueSection
        t={t}
        lang={lang}
        event={event}
        items={props.list.pending}
        id="queue"
        heading={`${m.queueHeading} (${props.list.pending.length})`}
        caption={m.queueHeading}
        empty={m.queueEmpty}
      />

      <div class="intake-columns">
        <IntakeSection id="mailbox" heading={m.mailboxHeading}>
          <MailboxStatus t={t} lang={lang} event={event} mailbox={mailbox} />
          {state.test ? (
            <div class={state.test.ok ? 'notice notice-success' : 'notice notice-problem'} role="status">
              <p safe>{state.test.text}</p>
              {!state.test.ok && state.test.detail ? <p safe>{m.serverSaid(state.test.detail)}</p> : ''}
            </div>
          ) : (
            ''
          )}
          <ErrorSummary
            t={t}
            errors={errors}
            order={['host', 'port', 'tls', 'username', 'password', 'folder', 'address']}
          />
          <form method="post" action={`${base}/mailbox`} novalidate class="mailbox-form">
            <CsrfField token={props.ctx.csrfToken} />
            {setting('host', 253, { required: true, autocomplete: 'off' })}
            {setting('port', 5, { required: true, type: 'text', attrs: { inputmode: 'numeric' } })}
            <RadioGroup
              t={t}
              name="tls"
              legend={m.tls}
              options={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: m.tlsOptions[v] }))}
              value={values.tls}
              error={errors.tls}
            />
            {setting('username', 254, { required: true, autocomplete: 'off' })}
            <TextField
              t={t}
              name="password"
              type="password"
              label={m.password}
              hint={mailbox?.hasPassword ? m.passwordHintStored : m.passwordHintNew}
              conditional
              error={errors.password}
              maxlength={500}
              autocomplete="new-password"
            />
            {setting('folder', 200, { required: true })}
            {setting('address', 254, { type: 'email' })}
            <Checkbox t={t} name="flag" label={m.flag} hint={m.flagHint} checked={values.flag} />
            <div class="button-row">
              <button type="submit" class="button button-primary" name="action" value="save" safe>
                {m.save}
              </button>
              <button type="submit" name="action" value="test" class="button button-secondary" safe>
                {m.test}
              </button>
            </div>
          </form>
          {connected ? (
            <div class="button-row">
              <ButtonForm token={props.ctx.csrfToken} action={`${base}/poll`} class="inline-form" label={m.pollNow} />
              <ButtonForm
                token={props.ctx.csrfToken}
                action={`${base}/disconnect`}
                class="inline-form"
                label={m.disconnect}
              />
            </div>
          ) : (
            ''
          )}
        </IntakeSection>

        <IntakeSection id="upload" heading={m.uploadHeading}>
          <p safe>{m.uploadIntro}</p>
          {/* The CSRF token comes first: the server reads it before any file. */}
          <form method="post" action={`${base}/upload`} enctype="multipart/form-data">
            <CsrfField token={props.ctx.csrfToken} />
            <div class={state.uploadError ? 'field has-error' : 'field'}>
              <label for="f-files" safe>
                {m.files}
              </label>
              <p class="hint" id="f-files-hint" safe>
                {m.filesHint(UPLOAD_MAX_FILES, UPLOAD_MAX_MB)}
              </p>
              <FieldError t={t} name="files" error={state.uploadError} />
              <input
                type="file"
                id="f-files"
                name="files"
                multiple
                accept=".eml,.mbox,message/rfc822,application/mbox"
                aria-describedby={state.uploadError ? 'f-files-hint f-files-error' : 'f-files-hint'}
                aria-invalid={state.uploadError ? 'true' : undefined}
              />
            </div>
            <button type="submit" class="button button-primary" safe>
              {m.upload}
            </button>
          </form>
        </IntakeSection>
      </div>

      <QueueSection
        t={t}
        lang={lang}
        event={event}
        items={props.list.recent}
        id="recent"
        heading={m.recentHeading}
        caption={m.recentHeading}
        empty={m.recentEmpty}
      />
    </MailLayout>
  );
}

function PersonFieldset(props: {
  t: Messages;
  event: EventDetails;
  index: number;
  legend: string;
  hint?: string;
  person: PersonDraft;
  errors: FieldErrors;
}): JSX.Element {
  const { t, event, index, person, errors } = props;
  const r = t.admin.registrations;
  const name = (field: string) => `p.${index}.${field}`;
  const text = (
    field: 'name' | 'email' | 'roleOther' | 'organization' | 'needs',
    extra: { type?: 'email'; hint?: string; conditional?: boolean; multiline?: boolean } = {},
  ) => (
    <TextField
      t={t}
      name={name(field)}
      label={r[field]}
      value={person[field]}
      error={errors[name(field)]}
      maxlength={LIMITS[field]}
      {...extra}
    />
  );
  const select = (field: 'role' | 'session', options: { value: string; label: string }[]) => (
    <SelectField
      t={t}
      name={name(field)}
      label={r[field]}
      options={[{ value: '', label: t.form.choose }, ...options]}
      value={person[field]}
      error={errors[name(field)]}
    />
  );
  return (
    <fieldset class="intake-person">
      <legend safe>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {text('name', { conditional: true })}
      {text('email', { type: 'email', conditional: true })}
      {select('role', roleOptions(t, event))}
      {text('roleOther', { hint: r.roleOtherHint, conditional: true })}
      {event.sessions.length > 0 ? select('session', sessionFilterOptions(t, event)) : ''}
      {text('organization')}
      {text('needs', { multiline: true })}
    </fieldset>
  );
}

export interface IntakeMessagePageState {
  flash?: string | undefined;
  problem?: string | undefined;
  errors?: FieldErrors;
  /** The people as posted, when the form comes back with errors. */
  people?: PersonDraft[];
  lang?: string;
  /** The change form as posted, when it comes back with errors. */
  change?: { registration: string; session: string; role: string; needs: string };
}

const EMPTY_PERSON: PersonDraft = {
  name: '',
  email: '',
  role: '',
  roleOther: '',
  session: '',
  organization: '',
  needs: '',
};

/** One decision on a message (`<base>/<action>`): a heading, what it does, and its button. */
function ActionSection(props: { t: Messages; token: string; base: string; action: 'handled' | 'ignore' }): JSX.Element {
  const m = props.t.mailIntake;
  const { action } = props;
  return (
    <section aria-labelledby={`${action}-title`}>
      <h3 id={`${action}-title`} safe>
        {m[`${action}Heading`]}
      </h3>
      <p safe>{m[`${action}Intro`]}</p>
      <ButtonForm token={props.token} action={`${props.base}/${action}`} label={m[`${action}Button`]} />
    </section>
  );
}

/** /admin/events/:slug/mail/:id */
export function IntakeMessagePage(
  props: MailPageProps<{ message: IntakeMessageDetail; state: IntakeMessagePageState }>,
): JSX.Element {
  const { t, lang } = props.ctx;
  const m = t.mailIntake;
  const { event, message, state } = props;
  // Errors of the change form are shown in that form only.
  const errors = state.change ? {} : (state.errors ?? {});
  const base = `${mailPath(event.slug)}/${message.id}`;
  const open = message.state === 'pending_review' || message.state === 'failed';
  const kindLabel = m.kinds[message.kind] ?? message.kind;
  // The proposal, plus one empty row for someone the parser missed.
  const people =
    state.people ??
    (message.people.length > 0
      ? message.people
      : [{ ...EMPTY_PERSON, email: message.fromEmail, name: message.fromName }]);
  const rows = state.people ? people : [...people, EMPTY_PERSON];
  const proposed = message.people.length;
  const stateLabel = m.states[message.state] ?? message.state;
  const reasons = message.reasonCodes
    ? message.reasonCodes.map((reason) => reasonLabel(t, event, lang, reason))
    : message.reasons.map((text) => legacyReasonLabel(t, text));
  return (
    <MailLayout
      ctx={props.ctx}
      event={event}
      permission={props.permission}
      title={`${m.messageTitle}: ${message.subject || m.noSubject}`}
    >
      <p>
        <a href={mailPath(event.slug)} safe>
          {m.back}
        </a>
      </p>
      <h1 safe>{message.subject || m.noSubject}</h1>
      <Notices flash={state.flash} problem={state.problem} />
      <div class="intake-columns">
        <IntakeSection id="message" heading={m.textHeading}>
          <dl class="facts-list">
            <dt safe>{m.from}</dt>
            <dd safe>{message.fromName ? `${message.fromName} <${message.fromEmail}>` : message.fromEmail || '–'}</dd>
            <dt safe>{m.sent}</dt>
            <dd safe>{message.sentAt ? dateTimeShort(message.sentAt, lang, event.timeZone) : '–'}</dd>
            <dt safe>{m.received}</dt>
            <dd safe>{dateTimeShort(message.receivedAt, lang, event.timeZone)}</dd>
            <dt safe>{m.colState}</dt>
            <dd safe>{stateLabel}</dd>
          </dl>
          {message.rawTruncated ? (
            <p class="hint" safe>
              {m.truncated}
            </p>
          ) : (
            ''
          )}
          <p class="hint" safe>
            {m.textNote}
          </p>
          <pre class="intake-text" tabindex="0" safe>
            {message.text.trim() === '' ? m.emptyText : message.text}
          </pre>
        </IntakeSection>

        <IntakeSection
          id="proposal"
          heading={m.understood(kindLabel.toLowerCase(), Math.round(message.confidence * 100))}
        >
          {message.outcome ? (
            <p class="notice notice-problem" safe>
              {m.outcomes[message.outcome] ?? message.outcome}
            </p>
          ) : (
            ''
          )}
          {reasons.length > 0 ? (
            <>
              <h3 safe>{m.reasonsHeading}</h3>
              <ul>
                {reasons.map((reason) => (
                  <li safe>{reason}</li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
          {!open ? (
            <>
              <p safe>
                {message.handledAt
                  ? message.handledBy
                    ? m.handledBy(stateLabel, message.handledBy, dateTimeShort(message.handledAt, lang, event.timeZone))
                    : m.handledAuto(stateLabel, dateTimeShort(message.handledAt, lang, event.timeZone))
                  : stateLabel}
              </p>
              {message.handledRegistrations.length > 0 ? (
                <>
                  <h3 safe>{m.madeHeading}</h3>
                  <RegistrationLinks
                    event={event}
                    registrations={message.handledRegistrations}
                    label={(name) => name}
                  />
                </>
              ) : (
                ''
              )}
            </>
          ) : (
            <>
              {/* A change is most likely made to a registration that exists: that form first. */}
              {message.kind === 'change' && message.existing.length > 0 ? (
                <ChangeSection
                  t={t}
                  token={props.ctx.csrfToken}
                  base={base}
                  event={event}
                  message={message}
                  state={state}
                />
              ) : (
                ''
              )}
              {message.kind !== 'cancellation' ? (
                <section aria-labelledby="register-title">
                  <h3 id="register-title" safe>
                    {m.registerHeading}
                  </h3>
                  <p safe>{m.registerIntro}</p>
                  <ErrorSummary t={t} errors={errors} />
                  <form method="post" action={`${base}/accept`} novalidate>
                    <CsrfField token={props.ctx.csrfToken} />
                    {rows.map((person, index) => (
                      <PersonFieldset
                        t={t}
                        event={event}
                        index={index}
                        legend={!state.people && index >= Math.max(proposed, 1) ? m.extraPerson : m.person(index + 1)}
                        {...(!state.people && index >= Math.max(proposed, 1) ? { hint: m.extraPersonHint } : {})}
                        person={person}
                        errors={errors}
                      />
                    ))}
                    <p class="hint" safe>
                      {m.sameAddressHint}
                    </p>
                    <SelectField
                      t={t}
                      name="lang"
                      label={m.lang}
                      options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))}
                      value={state.lang ?? message.language}
                    />
                    <button type="submit" class="button button-primary" safe>
                      {m.accept}
                    </button>
                  </form>
                </section>
              ) : (
                ''
              )}
              <section aria-labelledby="cancel-title">
                <h3 id="cancel-title" safe>
                  {message.kind === 'cancellation' ? m.cancelHeading : m.existingHeading}
                </h3>
                {message.existing.length === 0 ? (
                  <p safe>{m.noRegistrations}</p>
                ) : message.kind === 'cancellation' ? (
                  <form method="post" action={`${base}/cancel`}>
                    <CsrfField token={props.ctx.csrfToken} />
                    <fieldset class={errors.registrations ? 'field has-error' : 'field'}>
                      <legend safe>{m.cancelIntro}</legend>
                      {errors.registrations ? (
                        <p class="field-error" id="f-registrations-error" safe>
                          {errors.registrations}
                        </p>
                      ) : (
                        ''
                      )}
                      {message.existing.map((r, i) => {
                        const id = i === 0 ? 'f-registrations' : `f-registrations-${r.id}`;
                        return (
                          <div class="field checkbox">
                            <input
                              type="checkbox"
                              id={id}
                              name="registration"
                              value={String(r.id)}
                              checked={message.existing.length === 1}
                            />
                            <label for={id} safe>
                              {`${r.name}${r.email ? ` (${r.email})` : ''}, ${r.sessionCode ?? t.admin.registrations.noSession} – ${statusLabel(t, r.status)}`}
                            </label>
                          </div>
                        );
                      })}
                    </fieldset>
                    <button type="submit" class="button button-primary" safe>
                      {m.cancelButton}
                    </button>
                  </form>
                ) : (
                  <RegistrationLinks event={event} registrations={message.existing} label={m.openRegistration} />
                )}
              </section>
              {message.kind === 'change' ? (
                <ActionSection t={t} token={props.ctx.csrfToken} base={base} action="handled" />
              ) : (
                ''
              )}
              <ActionSection t={t} token={props.ctx.csrfToken} base={base} action="ignore" />
            </>
          )}
        </IntakeSection>
      </div>
    </MailLayout>
  );
}

/** The change a message asks for, proposed for one of the registrations on its addresses. */
function ChangeSection(props: {
  t: Messages;
  token: string;
  base: string;
  event: EventDetails;
  message: IntakeMessageDetail;
  state: IntakeMessagePageState;
}): JSX.Element {
  const { t, event, message } = props;
  const m = t.mailIntake;
  const errors = props.state.change ? (props.state.errors ?? {}) : {};
  const proposed = message.people[0];
  const own = message.existing.filter((r) => r.email?.toLowerCase() === message.fromEmail.toLowerCase());
  const value = props.state.change ?? {
    registration:
      message.existing.length === 1 ? String(message.existing[0]!.id) : own.length === 1 ? String(own[0]!.id) : '',
    session: proposed?.session ?? '',
    role: proposed?.role ?? '',
    needs: proposed?.needs ?? '',
  };
  return (
    <section aria-labelledby="change-title">
      <h3 id="change-title" safe>
        {m.changeHeading}
      </h3>
      <p safe>{m.changeIntro}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`${props.base}/change`} novalidate>
        <CsrfField token={props.token} />
        <RadioGroup
          t={t}
          name="registration"
          legend={m.changeRegistration}
          options={message.existing.map((r) => ({
            value: String(r.id),
            label: `${r.name}${r.email ? ` (${r.email})` : ''}, ${r.sessionCode ?? t.admin.registrations.noSession} – ${statusLabel(t, r.status)}`,
          }))}
          value={value.registration}
          error={errors.registration}
        />
        {event.sessions.length > 0 ? (
          <SelectField
            t={t}
            name="session"
            label={m.changeSession}
            options={[{ value: '', label: m.noChange }, ...sessionFilterOptions(t, event)]}
            value={value.session}
            error={errors.session}
          />
        ) : (
          ''
        )}
        <SelectField
          t={t}
          name="role"
          label={m.changeRole}
          options={[{ value: '', label: m.noChange }, ...roleOptions(t, event)]}
          value={value.role}
          error={errors.role}
        />
        <TextField
          t={t}
          name="needs"
          label={m.changeNeeds}
          hint={m.changeNeedsHint}
          value={value.needs}
          error={errors.needs}
          maxlength={1000}
          multiline
        />
        <button type="submit" class="button button-primary" safe>
          {m.changeButton}
        </button>
      </form>
    </section>
  );
}
