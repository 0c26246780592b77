// One registration for organisers: every field, the booking it came in, answers, needs
// (organisers only), the actions, and its history from the audit log.
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import type { RegistrationMails } from '../../../core/messages/list-registration-mails.ts';
import type { AuditRecord, RegistrationDetail } from '../../../core/registrations/admin/get-registration-detail.ts';
import { answerText } from '../../../core/registrations/admin/registration-query.ts';
import { LIMITS } from '../../forms/fields.ts';
import { formatDateTime, type Messages } from '../../i18n/index.ts';
import { roleLabel } from '../format.ts';
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';
import {
  registrationsPath,
  roleOptions,
  SelectField,
  sessionFilterOptions,
  sessionText,
  statusText,
} from './registrations.tsx';

export type DetailForm = 'edit' | 'move' | 'cancel' | 'restore' | 'promote' | 'waitlist';

export interface DetailState {
  flash?: string | undefined;
  /** The form whose submission failed, its field errors and a message for the whole form. */
  failed?: { form: DetailForm; errors: FieldErrors; message?: string | undefined } | undefined;
  /** What was typed into the edit form, after a failed save. */
  values?: Record<string, string> | undefined;
}

function actorText(t: Messages, a: AuditRecord): string {
  const r = t.admin.registrations;
  if (a.actor === 'system') return r.actorSystem;
  if (a.actor.startsWith('booking:')) return r.actorBooking;
  if (a.actor.startsWith('registration:') || a.actor.startsWith('token:')) return r.actorRegistrant;
  const user = /^user:\d+:(.*)$/.exec(a.actor);
  if (user) return a.actorName ? `${a.actorName} (${user[1]})` : (user[1] ?? a.actor);
  return a.actor;
}

function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** What an audit row changed, as short lines. */
function changeLines(t: Messages, a: AuditRecord): string[] {
  const r = t.admin.registrations;
  const lines: string[] = [];
  const fieldLabel: Record<string, string> = {
    name: r.name,
    email: r.email,
    organization: r.organization,
    role: r.role,
    roleOther: r.roleOther,
  };
  const changes = a.data.changes;
  if (changes && typeof changes === 'object') {
    for (const [field, change] of Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>)) {
      if (field === 'needs') lines.push(r.changeNeeds);
      // Anonymised: which field changed is kept, the values are not.
      else if (!('from' in change) && !('to' in change)) lines.push(fieldLabel[field] ?? field);
      else lines.push(r.changeFrom(fieldLabel[field] ?? field, str(change.from), str(change.to)));
    }
  }
  if ('from' in a.data || 'to' in a.data) {
    const code = (v: unknown) => (v === null || v === undefined ? r.noSession : String(v));
    lines.push(r.changeSession(code(a.data.from), code(a.data.to)));
  }
  if (typeof a.data.status === 'string')
    lines.push(
      r.changeStatus(
        statusText(t, {
          status: a.data.status as 'confirmed',
          waitlistPosition: typeof a.data.waitlistPosition === 'number' ? a.data.waitlistPosition : null,
        }),
      ),
    );
  if (a.data.overCapacity === true) lines.push(r.overCapacityNoted);
  if (a.data.direction === 'up') lines.push(r.waitlistUp);
  if (a.data.direction === 'down') lines.push(r.waitlistDown);
  return lines;
}

export function RegistrationDetailPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  detail: RegistrationDetail;
  state: DetailState;
  /** Every mail written about this registration (messages area). */
  mails?: RegistrationMails | null | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const r = t.admin.registrations;
  const { event, detail, state } = props;
  const reg = detail.registration;
  const organiser = props.permission === 'organiser';
  const base = `${registrationsPath(event.slug)}/${reg.id}`;
  const when = (d: Date) => formatDateTime(d, lang, event.timeZone);
  const errors = state.failed?.errors ?? {};
  const editErrors = state.failed?.form === 'edit' ? errors : {};
  const values = state.values ?? {
    name: reg.name,
    email: reg.email ?? '',
    organization: reg.organization,
    role: reg.role,
    roleOther: reg.roleOther,
    needs: reg.needs ?? '',
  };
  const where = reg.sessionCode === null ? r.wholeEvent : `${reg.sessionCode}: ${reg.sessionTitle ?? ''}`;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={r.detailTitle(reg.name)}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'registrations' }}
    >
      <p>
        <a href={registrationsPath(event.slug)} safe>
          {r.backToList}
        </a>
      </p>
      <h1 safe>{r.detailTitle(reg.name)}</h1>
      {state.flash ? (
        <p class="notice notice-success" role="status" safe>
          {state.flash}
        </p>
      ) : (
        ''
      )}
      {state.failed?.message ? (
        <p class="notice notice-error" role="alert" safe>
          {state.failed.message}
        </p>
      ) : (
        ''
      )}
      {state.failed && Object.keys(state.failed.errors).length > 0 ? (
        <ErrorSummary t={t} errors={state.failed.errors} />
      ) : (
        ''
      )}

      <section aria-labelledby="details-title">
        <h2 id="details-title" safe>
          {r.details}
        </h2>
        <dl class="facts-list">
          <dt safe>{r.colStatus}</dt>
          <dd safe>{statusText(t, reg)}</dd>
          <dt safe>{r.colName}</dt>
          <dd safe>{reg.name}</dd>
          <dt safe>{r.colEmail}</dt>
          <dd safe>{reg.email ?? '–'}</dd>
          <dt safe>{r.colOrganization}</dt>
          <dd safe>{reg.organization || '–'}</dd>
          <dt safe>{r.colRole}</dt>
          <dd safe>{roleLabel(t, event, reg.role) + (reg.roleOther ? ` (${reg.roleOther})` : '')}</dd>
          <dt safe>{r.colSession}</dt>
          <dd safe>{sessionText(t, reg)}</dd>
          <dt safe>{r.colCreated}</dt>
          <dd safe>{when(reg.createdAt)}</dd>
          <dt safe>{r.colUpdated}</dt>
          <dd safe>{when(reg.updatedAt)}</dd>
          {reg.cancelledAt ? (
            <>
              <dt safe>{r.colCancelled}</dt>
              <dd safe>{when(reg.cancelledAt)}</dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{r.colCheckedIn}</dt>
          <dd safe>{reg.checkedInAt ? when(reg.checkedInAt) : r.no}</dd>
          <dt safe>{r.colPublicListing}</dt>
          <dd safe>{reg.publicListing ? r.yes : r.no}</dd>
          <dt safe>{t.admin.privacy.privacyVersion}</dt>
          <dd safe>
            {reg.privacyVersion === null
              ? t.admin.privacy.privacyVersionNone
              : t.admin.privacy.privacyVersionValue(reg.privacyVersion)}
          </dd>
        </dl>
        {reg.anonymisedAt ? <p safe>{t.admin.privacy.anonymisedAt(when(reg.anonymisedAt))}</p> : ''}
      </section>

      <section aria-labelledby="booking-title">
        <h2 id="booking-title" safe>
          {r.booking}
        </h2>
        <p safe>
          {reg.email && reg.email.toLowerCase() === reg.bookerEmail.toLowerCase()
            ? r.bookedBySelf
            : r.bookedBy(reg.bookerName, reg.bookerEmail)}
        </p>
        {detail.bookedWith.length > 0 ? (
          <>
            <h3 safe>{r.bookedWith}</h3>
            <ul>
              {detail.bookedWith.map((b) => (
                <li>
                  <a href={`${registrationsPath(event.slug)}/${b.id}`} safe>
                    {b.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
      </section>

      {event.questions.length > 0 ? (
        <section aria-labelledby="answers-title">
          <h2 id="answers-title" safe>
            {r.answers}
          </h2>
          <dl class="facts-list">
            {event.questions.map((q) => (
              <>
                <dt safe>{q.label}</dt>
                <dd safe>{answerText(reg.answers[String(q.id)]) || r.noAnswer}</dd>
              </>
            ))}
          </dl>
        </section>
      ) : (
        ''
      )}

      {organiser ? (
        <section aria-labelledby="needs-title">
          <h2 id="needs-title" safe>
            {r.needsTitle}
          </h2>
          {reg.needs === null && reg.hasNeeds ? (
            // Needs may be health data: shown only when asked for, and the opening is logged.
            <form method="get" action={base}>
              <input type="hidden" name="needs" value="1" />
              <p class="hint" id="show-needs-hint" safe>
                {t.admin.privacy.showNeedsHint}
              </p>
              <button type="submit" class="button button-secondary" aria-describedby="show-needs-hint" safe>
                {t.admin.privacy.showNeeds}
              </button>
            </form>
          ) : (
            <p class="preserve-lines" safe>
              {reg.needs || r.needsNone}
            </p>
          )}
          {reg.needs && reg.needsConsentAt ? <p safe>{r.needsConsentAt(when(reg.needsConsentAt))}</p> : ''}
        </section>
      ) : (
        ''
      )}

      {organiser ? (
        <>
          {reg.status === 'waitlisted' ? (
            <section aria-labelledby="promote-title" class="action-box">
              <h2 id="promote-title" safe>
                {r.promoteTitle}
              </h2>
              <p safe>{r.reorderPosition(reg.waitlistPosition ?? 0, where)}</p>
              <form method="post" action={`${base}/promote`}>
                <CsrfField token={props.ctx.csrfToken} />
                <p safe>{r.promoteIntro}</p>
                <Checkbox
                  t={t}
                  name="overCapacity"
                  label={r.overCapacity}
                  hint={r.overCapacityHint}
                  checked={false}
                  error={state.failed?.form === 'promote' ? errors.overCapacity : undefined}
                />
                <button type="submit" safe>
                  {r.promoteSubmit}
                </button>
              </form>
              <h3 safe>{r.reorderTitle}</h3>
              <form method="post" action={`${base}/waitlist`} class="button-row">
                <CsrfField token={props.ctx.csrfToken} />
                <button type="submit" name="direction" value="up" safe>
                  {r.moveUp}
                </button>{' '}
                <button type="submit" name="direction" value="down" safe>
                  {r.moveDown}
                </button>
              </form>
            </section>
          ) : (
            ''
          )}

          {reg.status !== 'cancelled' ? (
            <section aria-labelledby="move-title" class="action-box">
              <h2 id="move-title" safe>
                {r.moveTitle}
              </h2>
              <p safe>{r.moveIntro}</p>
              <form method="post" action={`${base}/move`}>
                <CsrfField token={props.ctx.csrfToken} />
                <SelectField
                  t={t}
                  name="session"
                  label={r.session}
                  options={sessionFilterOptions(t, event)}
                  value={reg.sessionCode ?? 'none'}
                  error={state.failed?.form === 'move' ? errors.session : undefined}
                />
                <Checkbox t={t} name="overCapacity" label={r.overCapacity} hint={r.overCapacityHint} checked={false} />
                <button type="submit" safe>
                  {r.moveSubmit}
                </button>
              </form>
            </section>
          ) : (
            ''
          )}

          <section aria-labelledby="edit-title" class="action-box">
            <h2 id="edit-title" safe>
              {r.editTitle}
            </h2>
            <form method="post" action={`${base}/edit`} novalidate>
              <CsrfField token={props.ctx.csrfToken} />
              <PersonFields t={t} event={event} values={values} errors={editErrors} mode="edit" />
              {reg.needs !== null || !reg.hasNeeds ? (
                // Left out while the needs are not opened: saving then keeps them as they are.
                <TextField
                  t={t}
                  name="needs"
                  label={r.needs}
                  hint={r.needsHint}
                  multiline
                  value={values.needs}
                  error={editErrors.needs}
                  maxlength={LIMITS.needs}
                />
              ) : (
                ''
              )}
              <button type="submit" safe>
                {r.saveDetails}
              </button>
            </form>
          </section>

          {reg.status === 'cancelled' ? (
            <section aria-labelledby="restore-title" class="action-box">
              <h2 id="restore-title" safe>
                {r.restoreTitle}
              </h2>
              <p safe>{r.restoreIntro}</p>
              <form method="post" action={`${base}/restore`}>
                <CsrfField token={props.ctx.csrfToken} />
                <button type="submit" safe>
                  {r.restoreSubmit}
                </button>
              </form>
            </section>
          ) : (
            <section aria-labelledby="cancel-title" class="action-box">
              <h2 id="cancel-title" safe>
                {r.cancelTitle}
              </h2>
              <p safe>{r.cancelIntro}</p>
              <form method="post" action={`${base}/cancel`}>
                <CsrfField token={props.ctx.csrfToken} />
                <button type="submit" class="button-danger" safe>
                  {r.cancelSubmit}
                </button>
              </form>
            </section>
          )}
        </>
      ) : (
        ''
      )}

      {props.mails ? <RegistrationMailList t={t} mails={props.mails} when={when} /> : ''}

      <section aria-labelledby="history-title">
        <h2 id="history-title" safe>
          {r.historyTitle}
        </h2>
        <p safe>{r.historyIntro}</p>
        {detail.history.length === 0 ? (
          <p safe>{r.historyEmpty}</p>
        ) : (
          <section class="table-scroll" aria-labelledby="history-title" tabindex="0">
            <table class="data-table history-table">
              <thead>
                <tr>
                  <th scope="col" safe>
                    {r.historyWhen}
                  </th>
                  <th scope="col" safe>
                    {r.historyWho}
                  </th>
                  <th scope="col" safe>
                    {r.historyWhat}
                  </th>
                  <th scope="col" safe>
                    {r.historyChanges}
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.history.map((a) => (
                  <tr>
                    <td safe>{when(a.at)}</td>
                    <td safe>{actorText(t, a)}</td>
                    <td safe>{r.actions[a.action] ?? a.action}</td>
                    <td>
                      <ul class="plain-list">
                        {changeLines(t, a).map((line) => (
                          <li safe>{line}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
    </AdminLayout>
  );
}

/** The mails written to a registration (newest first), and a bounced address. */
function RegistrationMailList(props: {
  t: Messages;
  mails: RegistrationMails;
  when: (d: Date) => string;
}): JSX.Element {
  const m = props.t.admin.messages;
  const { mails, when } = props;
  return (
    <section aria-labelledby="mails-title">
      <h2 id="mails-title" safe>
        {m.mailsTitle}
      </h2>
      {mails.bouncedAt ? (
        <p class="notice notice-error" safe>
          {m.bounced(when(mails.bouncedAt), mails.bounceReason)}
        </p>
      ) : (
        ''
      )}
      {mails.mails.length === 0 ? (
        <p safe>{m.mailsEmpty}</p>
      ) : (
        <section class="table-scroll" aria-labelledby="mails-title" tabindex="0">
          <table class="data-table mails-table">
            <caption class="visually-hidden" safe>
              {m.mailsCaption}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {m.colMailSubject}
                </th>
                <th scope="col" safe>
                  {m.colMailKind}
                </th>
                <th scope="col" safe>
                  {m.colMailStatus}
                </th>
                <th scope="col" safe>
                  {m.colMailCreated}
                </th>
                <th scope="col" safe>
                  {m.colMailSent}
                </th>
              </tr>
            </thead>
            <tbody>
              {mails.mails.map((mail) => (
                <tr>
                  <td safe>{mail.subject}</td>
                  <td safe>{m.mailKinds[mail.kind] ?? mail.kind}</td>
                  <td>
                    <span safe>{m.mailStatus[mail.status] ?? mail.status}</span>
                    {mail.status !== 'sent' && mail.lastError ? (
                      <>
                        <br />
                        <small safe>{mail.lastError}</small>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td safe>{when(mail.createdAt)}</td>
                  <td safe>{mail.sentAt ? when(mail.sentAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** The form to add a registration by hand. */
/**
 * The person's own fields, shared by the edit form and the add-by-hand form: when adding, the
 * address is required (the booking needs one) and the role starts unchosen; when editing, the
 * address may be emptied and the current role is selected.
 */
function PersonFields(props: {
  t: Messages;
  event: EventDetails;
  values: Record<string, string>;
  errors: FieldErrors;
  mode: 'add' | 'edit';
}): JSX.Element {
  const { t, event, values, errors } = props;
  const r = t.admin.registrations;
  const adding = props.mode === 'add';
  return (
    <>
      <TextField
        t={t}
        name="name"
        label={r.name}
        required
        value={values.name}
        error={errors.name}
        maxlength={LIMITS.name}
      />
      <TextField
        t={t}
        name="email"
        type="email"
        label={r.email}
        {...(adding ? { required: true } : { hint: r.emailHint })}
        value={values.email}
        error={errors.email}
        maxlength={LIMITS.email}
      />
      <TextField
        t={t}
        name="organization"
        label={r.organization}
        value={values.organization}
        error={errors.organization}
        maxlength={LIMITS.organization}
      />
      <SelectField
        t={t}
        name="role"
        label={r.role}
        options={adding ? [{ value: '', label: t.form.choose }, ...roleOptions(t, event)] : roleOptions(t, event)}
        value={values.role ?? ''}
        error={errors.role}
        required
      />
      <TextField
        t={t}
        name="roleOther"
        label={r.roleOther}
        hint={r.roleOtherHint}
        conditional
        value={values.roleOther}
        error={errors.roleOther}
        maxlength={LIMITS.roleOther}
      />
    </>
  );
}

export function AddRegistrationPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  values: Record<string, string>;
  checks: { overCapacity: boolean; sendConfirmation: boolean };
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props.ctx;
  const r = t.admin.registrations;
  const { event, values, errors } = props;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={r.addTitle}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'registrations' }}
    >
      <p>
        <a href={registrationsPath(event.slug)} safe>
          {r.backToList}
        </a>
      </p>
      <h1 safe>{r.addTitle}</h1>
      <p safe>{r.addIntro}</p>
      <ErrorSummary t={t} errors={errors} order={['name', 'email', 'organization', 'role', 'roleOther', 'session']} />
      <form method="post" action={`${registrationsPath(event.slug)}/new`} novalidate>
        <CsrfField token={props.ctx.csrfToken} />
        <PersonFields t={t} event={event} values={values} errors={errors} mode="add" />
        {event.sessions.length > 0 ? (
          <SelectField
            t={t}
            name="session"
            label={r.session}
            options={[{ value: '', label: t.form.choose }, ...sessionFilterOptions(t, event)]}
            value={values.session ?? ''}
            error={errors.session}
            required
          />
        ) : (
          ''
        )}
        <TextField
          t={t}
          name="needs"
          label={r.needs}
          hint={r.needsHint}
          multiline
          value={values.needs}
          error={errors.needs}
          maxlength={LIMITS.needs}
        />
        <Checkbox
          t={t}
          name="overCapacity"
          label={r.overCapacity}
          hint={r.overCapacityHint}
          checked={props.checks.overCapacity}
        />
        <Checkbox t={t} name="sendConfirmation" label={r.sendConfirmation} checked={props.checks.sendConfirmation} />
        <button type="submit" safe>
          {r.addSubmit}
        </button>
      </form>
    </AdminLayout>
  );
}
