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
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
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
                <span safe>{item.fromName || item.fromEmail}</span>
                {item.fromName ? (
                  <>
                    <br />
                    <small safe>{item.fromEmail}</small>
                  </>
                ) : (
                  ''
                )}
              </td>
              <td safe>{when(t, props.lang, event, item.receivedAt)}</td>
              <td safe>{m.kinds[item.kind] ?? item.kind}</td>
              <td>
                <span safe>{m.states[item.state] ?? item.state}</span>
                {item.outcome ? (
                  <>
                    <br />
                    <small safe>{m.outcomes[item.outcome] ?? item.outcome}</small>
                  </>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** /admin/events/:slug/mail */
export function MailIntakePage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  mailbox: MailboxView | null;
  list: IntakeList;
  state: MailIntakePageState;
}): JSX.Element {
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
  return (
    <AdminLayout
      ctx={props.ctx}
      title={m.title}
      wide
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'mail' }}
    >
      <h1 safe>{m.title}</h1>
      <p safe>{m.intro}</p>
      {state.flash ? (
        <p class="notice notice-success" role="status" safe>
          {state.flash}
        </p>
      ) : (
        ''
      )}
      {state.problem ? (
        <p class="notice notice-problem" role="alert" safe>
          {state.problem}
        </p>
      ) : (
        ''
      )}

      <section aria-labelledby="queue-title" class="intake-section">
        <h2 id="queue-title" safe>
          {`${m.queueHeading} (${props.list.pending.length})`}
        </h2>
        {props.list.pending.length === 0 ? (
          <p safe>{m.queueEmpty}</p>
        ) : (
          <QueueTable
            t={t}
            lang={lang}
            event={event}
            items={props.list.pending}
            id="queue-caption"
            caption={m.queueHeading}
          />
        )}
      </section>

      <div class="intake-columns">
        <section aria-labelledby="mailbox-title" class="intake-section">
          <h2 id="mailbox-title" safe>
            {m.mailboxHeading}
          </h2>
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
            <TextField
              t={t}
              name="host"
              label={m.host}
              hint={m.hostHint}
              required
              value={values.host}
              error={errors.host}
              maxlength={253}
              autocomplete="off"
            />
            <TextField
              t={t}
              name="port"
              label={m.port}
              hint={m.portHint}
              required
              type="text"
              attrs={{ inputmode: 'numeric' }}
              value={values.port}
              error={errors.port}
              maxlength={5}
            />
            <RadioGroup
              t={t}
              name="tls"
              legend={m.tls}
              options={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: m.tlsOptions[v] }))}
              value={values.tls}
              error={errors.tls}
            />
            <TextField
              t={t}
              name="username"
              label={m.username}
              hint={m.usernameHint}
              required
              value={values.username}
              error={errors.username}
              maxlength={254}
              autocomplete="off"
            />
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
            <TextField
              t={t}
              name="folder"
              label={m.folder}
              hint={m.folderHint}
              required
              value={values.folder}
              error={errors.folder}
              maxlength={200}
            />
            <TextField
              t={t}
              name="address"
              type="email"
              label={m.address}
              hint={m.addressHint}
              value={values.address}
              error={errors.address}
              maxlength={254}
            />
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
              <form method="post" action={`${base}/poll`} class="inline-form">
                <CsrfField token={props.ctx.csrfToken} />
                <button type="submit" class="button button-secondary" safe>
                  {m.pollNow}
                </button>
              </form>
              <form method="post" action={`${base}/disconnect`} class="inline-form">
                <CsrfField token={props.ctx.csrfToken} />
                <button type="submit" class="button button-secondary" safe>
                  {m.disconnect}
                </button>
              </form>
            </div>
          ) : (
            ''
          )}
        </section>

        <section aria-labelledby="upload-title" class="intake-section">
          <h2 id="upload-title" safe>
            {m.uploadHeading}
          </h2>
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
              {state.uploadError ? (
                <p class="field-error" id="f-files-error">
                  <span class="visually-hidden" safe>{`${t.form.errorPrefix} `}</span>
                  <span safe>{state.uploadError}</span>
                </p>
              ) : (
                ''
              )}
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
        </section>
      </div>

      <section aria-labelledby="recent-title" class="intake-section">
        <h2 id="recent-title" safe>
          {m.recentHeading}
        </h2>
        {props.list.recent.length === 0 ? (
          <p safe>{m.recentEmpty}</p>
        ) : (
          <QueueTable
            t={t}
            lang={lang}
            event={event}
            items={props.list.recent}
            id="recent-caption"
            caption={m.recentHeading}
          />
        )}
      </section>
    </AdminLayout>
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
      <TextField
        t={t}
        name={name('name')}
        label={r.name}
        conditional
        value={person.name}
        error={errors[name('name')]}
        maxlength={LIMITS.name}
      />
      <TextField
        t={t}
        name={name('email')}
        type="email"
        label={r.email}
        conditional
        value={person.email}
        error={errors[name('email')]}
        maxlength={LIMITS.email}
      />
      <SelectField
        t={t}
        name={name('role')}
        label={r.role}
        options={[{ value: '', label: t.form.choose }, ...roleOptions(t, event)]}
        value={person.role}
        error={errors[name('role')]}
      />
      <TextField
        t={t}
        name={name('roleOther')}
        label={r.roleOther}
        hint={r.roleOtherHint}
        conditional
        value={person.roleOther}
        error={errors[name('roleOther')]}
        maxlength={LIMITS.roleOther}
      />
      {event.sessions.length > 0 ? (
        <SelectField
          t={t}
          name={name('session')}
          label={r.session}
          options={[{ value: '', label: t.form.choose }, ...sessionFilterOptions(t, event)]}
          value={person.session}
          error={errors[name('session')]}
        />
      ) : (
        ''
      )}
      <TextField
        t={t}
        name={name('organization')}
        label={r.organization}
        value={person.organization}
        error={errors[name('organization')]}
        maxlength={LIMITS.organization}
      />
      <TextField
        t={t}
        name={name('needs')}
        label={r.needs}
        multiline
        value={person.needs}
        error={errors[name('needs')]}
        maxlength={LIMITS.needs}
      />
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

/** /admin/events/:slug/mail/:id */
export function IntakeMessagePage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  message: IntakeMessageDetail;
  state: IntakeMessagePageState;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const m = t.mailIntake;
  const { event, message, state } = props;
  const errors = state.errors ?? {};
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
    <AdminLayout
      ctx={props.ctx}
      title={`${m.messageTitle}: ${message.subject || m.noSubject}`}
      wide
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'mail' }}
    >
      <p>
        <a href={mailPath(event.slug)} safe>
          {m.back}
        </a>
      </p>
      <h1 safe>{message.subject || m.noSubject}</h1>
      {state.flash ? (
        <p class="notice notice-success" role="status" safe>
          {state.flash}
        </p>
      ) : (
        ''
      )}
      {state.problem ? (
        <p class="notice notice-problem" role="alert" safe>
          {state.problem}
        </p>
      ) : (
        ''
      )}
      <div class="intake-columns">
        <section aria-labelledby="message-title" class="intake-section">
          <h2 id="message-title" safe>
            {m.textHeading}
          </h2>
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
        </section>

        <section aria-labelledby="proposal-title" class="intake-section">
          <h2 id="proposal-title" safe>
            {m.understood(kindLabel.toLowerCase(), Math.round(message.confidence * 100))}
          </h2>
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
                  <ul>
                    {message.handledRegistrations.map((r) => (
                      <li>
                        <a href={`/admin/events/${encodeURIComponent(event.slug)}/registrations/${r.id}`} safe>
                          {r.name}
                        </a>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                ''
              )}
            </>
          ) : (
            <>
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
                      {message.existing.map((r, i) => (
                        <div class="field checkbox">
                          <input
                            type="checkbox"
                            id={i === 0 ? 'f-registrations' : `f-registrations-${r.id}`}
                            name="registration"
                            value={String(r.id)}
                            checked={message.existing.length === 1}
                          />
                          <label for={i === 0 ? 'f-registrations' : `f-registrations-${r.id}`} safe>
                            {`${r.name}${r.email ? ` (${r.email})` : ''}, ${r.sessionCode ?? t.admin.registrations.noSession} – ${statusLabel(t, r.status)}`}
                          </label>
                        </div>
                      ))}
                    </fieldset>
                    <button type="submit" class="button button-primary" safe>
                      {m.cancelButton}
                    </button>
                  </form>
                ) : (
                  <ul>
                    {message.existing.map((r) => (
                      <li>
                        <a href={`/admin/events/${encodeURIComponent(event.slug)}/registrations/${r.id}`} safe>
                          {m.openRegistration(r.name)}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              {message.kind === 'change' ? (
                <section aria-labelledby="handled-title">
                  <h3 id="handled-title" safe>
                    {m.handledHeading}
                  </h3>
                  <p safe>{m.handledIntro}</p>
                  <form method="post" action={`${base}/handled`}>
                    <CsrfField token={props.ctx.csrfToken} />
                    <button type="submit" class="button button-secondary" safe>
                      {m.handledButton}
                    </button>
                  </form>
                </section>
              ) : (
                ''
              )}
              <section aria-labelledby="ignore-title">
                <h3 id="ignore-title" safe>
                  {m.ignoreHeading}
                </h3>
                <p safe>{m.ignoreIntro}</p>
                <form method="post" action={`${base}/ignore`}>
                  <CsrfField token={props.ctx.csrfToken} />
                  <button type="submit" class="button button-secondary" safe>
                    {m.ignoreButton}
                  </button>
                </form>
              </section>
            </>
          )}
        </section>
      </div>
    </AdminLayout>
  );
}
