// The messages page of an event: write a message to a segment (preview, test, send), the
// reminder and thank-you settings, change notices, cancelling the event, and what was sent.
// Also the evaluation summary.
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EvaluationSummary } from '../../../core/evaluations/get-evaluation-summary.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import type { MessagesOverview } from '../../../core/messages/get-messages-overview.ts';
import type { MessagePreview } from '../../../core/messages/preview-message.ts';
import { MAX_AUTO_PROMOTE_DAYS, MAX_OFFER_HOURS } from '../../../core/messages/save-message-settings.ts';
import { MAX_REMINDER_DAYS } from '../../../core/messages/send-due-reminders.ts';
import { formatDateTime, type Messages } from '../../i18n/index.ts';
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;

export function messagesPath(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/messages`;
}

/** The segments a message can go to, with their labels. */
export function segmentOptions(t: Messages, event: EventDetails) {
  const s = t.admin.messages.segments;
  return [
    { value: 'confirmed', label: s.confirmed },
    ...event.sessions.map((session) => ({
      value: `session:${session.code}`,
      label: s.session(`${session.code}: ${session.title}`),
    })),
    ...(event.sessions.length > 0 ? [{ value: 'session:none', label: s.noSession }] : []),
    { value: 'waitlisted', label: s.waitlisted },
    { value: 'attended', label: s.attended },
    { value: 'not_attended', label: s.not_attended },
  ];
}

/** A stored segment key as organisers read it. */
export function segmentLabel(t: Messages, event: EventDetails, key: string): string {
  if (key === 'active') return t.admin.messages.segments.active;
  return segmentOptions(t, event).find((o) => o.value === key)?.label ?? key;
}

/** The forms of the page; which one failed decides where errors show. */
export type MessagesForm = 'message' | 'settings' | 'change' | 'cancel';

export interface MessagesPageState {
  flash?: string | undefined;
  /** A message for the whole page (a refused action). */
  problem?: string | undefined;
  errors?: FieldErrors;
  /** What was typed into the forms. */
  values?: Record<string, string>;
  preview?: MessagePreview | undefined;
}

export function MessagesPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  overview: MessagesOverview;
  now: Date;
  state: MessagesPageState;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const m = t.admin.messages;
  const { event, overview, state } = props;
  const errors = state.errors ?? {};
  const values = state.values ?? {};
  const base = messagesPath(event.slug);
  const when = (d: Date) => formatDateTime(d, lang, event.timeZone);
  const reminderAt = new Date(overview.startsAt.getTime() - overview.reminderDays * 86_400_000);
  const reminderStatus = overview.reminderSentAt
    ? m.reminderSent(when(overview.reminderSentAt))
    : overview.reminderDays === 0
      ? m.reminderOff
      : props.now >= overview.startsAt
        ? m.reminderPast
        : m.reminderPlanned(when(reminderAt < props.now ? props.now : reminderAt));
  return (
    <AdminLayout
      ctx={props.ctx}
      title={m.title}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'messages' }}
    >
      <h1 safe>{m.title}</h1>
      {state.flash ? (
        <p class="notice notice-success" role="status" safe>
          {state.flash}
        </p>
      ) : (
        ''
      )}
      {state.problem ? (
        <p class="notice notice-error" role="alert" safe>
          {state.problem}
        </p>
      ) : (
        ''
      )}
      {overview.cancelledAt ? (
        <p class="notice notice-error" safe>
          {m.cancelledNotice(when(overview.cancelledAt))}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary
        t={t}
        errors={errors}
        order={[
          'segment',
          'subject',
          'body',
          'reminderDays',
          'autoPromoteDays',
          'offerHours',
          'changeSubject',
          'changeBody',
          'cancelSubject',
        ]}
      />
      <p safe>{m.intro}</p>

      {state.preview ? <Preview t={t} preview={state.preview} /> : ''}

      <section aria-labelledby="write-title" class="action-box">
        <h2 id="write-title" safe>
          {m.writeTitle}
        </h2>
        <form method="post" action={base} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <RadioGroup
            t={t}
            name="segment"
            legend={m.segment}
            options={segmentOptions(t, event)}
            value={values.segment ?? 'confirmed'}
            error={errors.segment}
            required
          />
          <TextField
            t={t}
            name="subject"
            label={m.subject}
            required
            value={values.subject}
            error={errors.subject}
            maxlength={SUBJECT_MAX}
          />
          <TextField
            t={t}
            name="body"
            label={m.body}
            hint={m.bodyHint}
            required
            multiline
            value={values.body}
            error={errors.body}
            maxlength={BODY_MAX}
          />
          <div class="button-row">
            <button type="submit" name="action" value="preview" safe>
              {m.preview}
            </button>{' '}
            <button type="submit" name="action" value="test" safe>
              {m.sendTest}
            </button>{' '}
            <button type="submit" name="action" value="send" class="button button-primary" safe>
              {m.send}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="auto-title" class="action-box">
        <h2 id="auto-title" safe>
          {m.autoTitle}
        </h2>
        <p safe>{reminderStatus}</p>
        <form method="post" action={`${base}/settings`} novalidate class="messages-settings">
          <CsrfField token={props.ctx.csrfToken} />
          <input type="hidden" name="version" value={String(overview.version)} />
          <TextField
            t={t}
            name="reminderDays"
            type="number"
            label={m.reminderDays}
            hint={m.reminderDaysHint}
            required
            value={values.reminderDays ?? String(overview.reminderDays)}
            error={errors.reminderDays}
            attrs={{ min: 0, max: MAX_REMINDER_DAYS, step: 1, inputmode: 'numeric' }}
          />
          <TextField
            t={t}
            name="autoPromoteDays"
            type="number"
            label={m.autoPromoteDays}
            hint={m.autoPromoteDaysHint}
            required
            value={values.autoPromoteDays ?? String(overview.autoPromoteDays)}
            error={errors.autoPromoteDays}
            attrs={{ min: 0, max: MAX_AUTO_PROMOTE_DAYS, step: 1, inputmode: 'numeric' }}
          />
          <TextField
            t={t}
            name="offerHours"
            type="number"
            label={m.offerHours}
            hint={m.offerHoursHint}
            required
            value={values.offerHours ?? String(overview.offerHours)}
            error={errors.offerHours}
            attrs={{ min: 1, max: MAX_OFFER_HOURS, step: 1, inputmode: 'numeric' }}
          />
          <button type="submit" safe>
            {m.saveSettings}
          </button>
        </form>
        <p safe>{overview.thanksSentAt ? m.thanksSent(when(overview.thanksSentAt)) : m.thanksPlanned}</p>
        {!overview.thanksSentAt && !overview.cancelledAt ? (
          <form method="post" action={`${base}/thanks`}>
            <CsrfField token={props.ctx.csrfToken} />
            <button type="submit" safe>
              {m.sendThanks}
            </button>
          </form>
        ) : (
          ''
        )}
        <p>
          <a href={`/admin/events/${encodeURIComponent(event.slug)}/evaluation`} safe>
            {m.evaluationLink}
          </a>
        </p>
      </section>

      {overview.cancelledAt ? (
        ''
      ) : (
        <>
          <section aria-labelledby="change-title" class="action-box">
            <h2 id="change-title" safe>
              {m.changeTitle}
            </h2>
            <p safe>{m.changeIntro}</p>
            <form method="post" action={`${base}/change`} novalidate>
              <CsrfField token={props.ctx.csrfToken} />
              <TextField
                t={t}
                name="changeSubject"
                label={m.subject}
                required
                value={values.changeSubject ?? m.changeSubjectDefault}
                error={errors.changeSubject}
                maxlength={SUBJECT_MAX}
              />
              <TextField
                t={t}
                name="changeBody"
                label={m.body}
                hint={m.bodyHint}
                required
                multiline
                value={values.changeBody}
                error={errors.changeBody}
                maxlength={BODY_MAX}
              />
              <button type="submit" safe>
                {m.sendChange}
              </button>
            </form>
          </section>

          <section aria-labelledby="cancel-title" class="action-box">
            <h2 id="cancel-title" safe>
              {m.cancelTitle}
            </h2>
            <p safe>{m.cancelIntro}</p>
            <form method="post" action={`/admin/events/${encodeURIComponent(event.slug)}/cancel-event`} novalidate>
              <CsrfField token={props.ctx.csrfToken} />
              <input type="hidden" name="version" value={String(overview.version)} />
              <TextField
                t={t}
                name="cancelSubject"
                label={m.subject}
                required
                value={values.cancelSubject ?? m.cancelSubjectDefault}
                error={errors.cancelSubject}
                maxlength={SUBJECT_MAX}
              />
              <TextField
                t={t}
                name="cancelBody"
                label={m.body}
                hint={m.bodyHint}
                required
                multiline
                value={values.cancelBody}
                error={errors.cancelBody}
                maxlength={BODY_MAX}
              />
              <Checkbox t={t} name="confirm" label={m.cancelConfirm} checked={false} error={errors.confirm} />
              <button type="submit" class="button-danger" safe>
                {m.cancelSubmit}
              </button>
            </form>
          </section>
        </>
      )}

      <section aria-labelledby="sent-title">
        <h2 id="sent-title" safe>
          {m.sentList}
        </h2>
        {overview.messages.length === 0 ? (
          <p safe>{m.sentListEmpty}</p>
        ) : (
          <section class="table-scroll" aria-labelledby="sent-title" tabindex="0">
            <table class="data-table messages-table">
              <thead>
                <tr>
                  <th scope="col" safe>
                    {m.colWhen}
                  </th>
                  <th scope="col" safe>
                    {m.colKind}
                  </th>
                  <th scope="col" safe>
                    {m.colSegment}
                  </th>
                  <th scope="col" safe>
                    {m.colSubject}
                  </th>
                  <th scope="col" class="num" safe>
                    {m.colRecipients}
                  </th>
                  <th scope="col" safe>
                    {m.colBy}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.messages.map((row) => (
                  <tr>
                    <td safe>{when(row.createdAt)}</td>
                    <td safe>{m.kinds[row.kind] ?? row.kind}</td>
                    <td safe>{segmentLabel(t, event, row.segment)}</td>
                    <td safe>{row.subject}</td>
                    <td class="num" safe>
                      {String(row.recipients)}
                    </td>
                    <td safe>{row.createdBy ?? m.automatic}</td>
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

function Preview(props: { t: Messages; preview: MessagePreview }): JSX.Element {
  const m = props.t.admin.messages;
  const p = props.preview;
  return (
    <section aria-labelledby="preview-title" class="message-preview" tabindex="-1" id="preview">
      <h2 id="preview-title" safe>
        {m.previewTitle}
      </h2>
      <p role="status">
        <strong safe>{m.previewCount(p.recipients)}</strong>{' '}
        {p.withoutAddress + p.bounced > 0 ? <span safe>{m.previewSkipped(p.withoutAddress, p.bounced)}</span> : ''}
      </p>
      {p.first ? (
        <>
          <p safe>{m.previewAs(p.first.name, p.first.to)}</p>
          <div class="message-preview-mail">
            <p>
              <strong safe>{`${m.previewSubject} `}</strong>
              <span safe>{p.first.subject}</span>
            </p>
            <pre class="message-preview-text" safe>
              {p.first.text}
            </pre>
          </div>
          <p class="hint" safe>
            {m.previewLinkNote}
          </p>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

export function EvaluationSummaryPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  permission: EventPermission;
  summary: EvaluationSummary;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const m = t.admin.messages;
  const { event, summary } = props;
  const average = (v: number | null) =>
    v === null ? m.noAverage : v.toLocaleString(lang === 'en' ? 'en-GB' : `${lang}-NO`, { maximumFractionDigits: 1 });
  return (
    <AdminLayout
      ctx={props.ctx}
      title={m.evaluationTitle}
      event={{ slug: event.slug, title: event.title, permission: props.permission, current: 'messages' }}
    >
      <p>
        <a href={messagesPath(event.slug)} safe>
          {m.backToMessages}
        </a>
      </p>
      <h1 safe>{m.evaluationTitle}</h1>
      <p safe>{summary.answers === 0 ? m.evaluationNone : m.evaluationAnswers(summary.answers)}</p>
      {summary.parts.length > 0 ? (
        <section class="table-scroll" aria-labelledby="evaluation-caption" tabindex="0">
          <table class="data-table evaluation-table">
            <caption id="evaluation-caption" safe>
              {m.evaluationCaption}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {m.colPart}
                </th>
                <th scope="col" class="num" safe>
                  {m.colCount}
                </th>
                <th scope="col" class="num" safe>
                  {m.colAverage}
                </th>
                {[1, 2, 3, 4, 5].map((n) => (
                  <th scope="col" class="num" safe>
                    {m.colRating(n)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.parts.map((part) => (
                <tr>
                  <th scope="row" safe>
                    {part.title ? `${part.label}: ${part.title}` : part.label}
                  </th>
                  <td class="num" safe>
                    {String(part.count)}
                  </td>
                  <td class="num" safe>
                    {average(part.average)}
                  </td>
                  {part.distribution.map((n) => (
                    <td class="num" safe>
                      {String(n)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="comments-title">
        <h2 id="comments-title" safe>
          {m.comments}
        </h2>
        {summary.comments.length === 0 ? (
          <p safe>{m.commentsNone}</p>
        ) : (
          <ul class="evaluation-comments">
            {summary.comments.map((c) => (
              <li>
                <p class="preserve-lines" safe>
                  {c.text}
                </p>
                <p class="hint" safe>
                  {formatDateTime(c.at, lang, event.timeZone)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminLayout>
  );
}
