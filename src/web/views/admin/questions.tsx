// Back-office pages of plenary questions: the event's question rooms (create, list), the display
// links, one room's moderation (live) and its settings.
import { escapeHtml } from '@kitajs/html';
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { DisplayLinkRow } from '../../../core/display-links/find-display-link.ts';
import type { ModerationQuestions } from '../../../core/questions/list-questions.ts';
import type { ModerationAction } from '../../../core/questions/moderate-question.ts';
import {
  IDENTITY_MODES,
  MODERATIONS,
  QUESTION_LIMITS,
  type Question,
  type QuestionRoom,
} from '../../../core/questions/types.ts';
import { formatDateTime, formatTime, type Messages } from '../../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from '../forms.tsx';
import { LiveRegion } from '../live.tsx';
import { displayUrl, snippet } from '../questions.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';
import { SelectField } from './tables.tsx';

export interface QuestionsEvent {
  slug: string;
  title: string;
  permission: EventPermission;
  timeZone: string;
}

export function questionsBase(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/questions`;
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

export interface RoomFormValues {
  programmeItemId: string;
  title: string;
  identityMode: string;
  moderation: string;
}

export interface ProgrammeItemOption {
  id: number;
  title: string;
  startsAt: string;
}

function RoomFields(props: {
  t: Messages;
  timeZone: string;
  lang: string;
  items: ProgrammeItemOption[];
  values: RoomFormValues;
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props;
  const a = t.live.admin;
  return (
    <>
      <SelectField
        name="programmeItemId"
        label={a.itemLabel}
        value={props.values.programmeItemId}
        error={props.errors.programmeItemId}
        options={[
          { value: '', label: a.noItem },
          ...props.items.map((i) => ({
            value: String(i.id),
            label: `${formatTime(new Date(i.startsAt), props.lang, props.timeZone)} ${i.title}`,
          })),
        ]}
      />
      <TextField
        t={t}
        name="title"
        label={a.titleLabel}
        hint={a.titleHint}
        value={props.values.title}
        error={props.errors.title}
        maxlength={QUESTION_LIMITS.title}
        conditional
      />
      <RadioGroup
        t={t}
        name="identityMode"
        legend={a.identityLegend}
        value={props.values.identityMode}
        error={props.errors.identityMode}
        options={IDENTITY_MODES.map((m) => ({ value: m, label: a.identity[m] }))}
      />
      <RadioGroup
        t={t}
        name="moderation"
        legend={a.moderationLegend}
        value={props.values.moderation}
        error={props.errors.moderation}
        options={MODERATIONS.map((m) => ({ value: m, label: a.moderation[m] }))}
      />
    </>
  );
}

export function QuestionsIndexPage(props: {
  ctx: AdminViewContext;
  event: QuestionsEvent;
  baseUrl: string;
  rooms: (QuestionRoom & { counts: { pending: number; visible: number; hidden: number } })[];
  items: ProgrammeItemOption[];
  form: { values: RoomFormValues; errors: FieldErrors };
  links: DisplayLinkRow[];
  /** A display link just created: its full URL, shown this once. */
  newLink?: string | undefined;
  notice?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.live.admin;
  const base = questionsBase(props.event.slug);
  const organiser = props.event.permission === 'organiser';
  const when = (iso: string) => formatDateTime(new Date(iso), lang, props.event.timeZone);
  return (
    <AdminLayout ctx={props.ctx} title={a.title} event={{ ...props.event, current: 'questions' }}>
      <h1 safe>{a.title}</h1>
      <p safe>{a.intro}</p>
      <Notice text={props.notice} />
      <h2 safe>{a.roomsHeading}</h2>
      {props.rooms.length === 0 ? (
        <p safe>{a.noRooms}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table q-rooms">
            <thead>
              <tr>
                <th scope="col" safe>
                  {a.colRoom}
                </th>
                <th scope="col" safe>
                  {a.colAddress}
                </th>
                <th scope="col" safe>
                  {a.colStatus}
                </th>
                <th scope="col" safe>
                  {a.colCounts}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rooms.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${r.id}`} aria-label={escapeHtml(a.moderateLink(r.title))} safe>
                      {r.title}
                    </a>
                  </th>
                  <td>
                    <a href={`/q/${r.code}`} safe>
                      {displayUrl(`${props.baseUrl}/q/${r.code}`)}
                    </a>
                  </td>
                  <td safe>{r.open ? a.open : a.closed}</td>
                  <td safe>{a.counts(r.counts.visible, r.counts.pending, r.counts.hidden)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {organiser ? (
        <section aria-labelledby="q-create-heading">
          <h2 id="q-create-heading" safe>
            {a.createHeading}
          </h2>
          <ErrorSummary t={t} errors={props.form.errors} order={['programmeItemId', 'title']} />
          <form method="post" action={`${base}/rooms`} novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            <RoomFields
              t={t}
              lang={lang}
              timeZone={props.event.timeZone}
              items={props.items}
              values={props.form.values}
              errors={props.form.errors}
            />
            <button type="submit" class="button button-primary" safe>
              {a.create}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="display-heading" id="display-links">
        <h2 id="display-heading" safe>
          {a.displayHeading}
        </h2>
        <p safe>{a.displayIntro}</p>
        {props.newLink ? (
          <div class="notice notice-success" role="status">
            <p safe>{a.displayCreated}</p>
            <p>
              <a href={props.newLink} class="display-new-link" safe>
                {props.newLink}
              </a>
            </p>
          </div>
        ) : (
          ''
        )}
        {props.links.length === 0 ? (
          <p safe>{a.displayNone}</p>
        ) : (
          <ul class="display-link-list">
            {props.links.map((l) => (
              <li>
                <strong safe>{l.label || a.displayUnnamed}</strong>{' '}
                <span class="hint" safe>
                  {a.displayMeta(when(l.createdAt), l.createdBy ?? '')}
                </span>
                {l.revokedAt ? (
                  <span class="hint" safe>{` ${a.displayRevoked(when(l.revokedAt))}`}</span>
                ) : (
                  <form method="post" action={`${base}/display-links/${l.id}/revoke`} class="inline-form">
                    <CsrfField token={props.ctx.csrfToken} />{' '}
                    <button
                      type="submit"
                      class="link-button"
                      aria-label={escapeHtml(a.displayRevokeNamed(l.label || a.displayUnnamed))}
                      safe
                    >
                      {a.displayRevoke}
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={`${base}/display-links`} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <TextField t={props.ctx.t} name="label" label={a.displayLabel} hint={a.displayLabelHint} maxlength={100} />
          <button type="submit" class="button button-secondary" safe>
            {a.displayCreate}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

// ---- one room ---------------------------------------------------------------------------------

function ActionButton(props: {
  t: Messages;
  action: ModerationAction;
  q: Question;
  path: string;
  csrfToken: string;
}): JSX.Element {
  const a = props.t.live.admin;
  const label = a.actions[props.action];
  return (
    <form method="post" action={props.path} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="question" value={String(props.q.id)} />
      <input type="hidden" name="action" value={props.action} />
      <button
        type="submit"
        class={props.action === 'hide' ? 'button button-secondary q-danger' : 'button button-secondary'}
        aria-label={escapeHtml(a.actionFor(label, snippet(props.q.body)))}
        safe
      >
        {label}
      </button>
    </form>
  );
}

function ModerationItem(props: {
  t: Messages;
  q: Question;
  actions: ModerationAction[];
  path: string;
  csrfToken: string;
}): JSX.Element {
  const { t, q } = props;
  const l = t.live;
  return (
    <li class="m-item" id={`m-${q.id}`}>
      <p class="q-body" safe>
        {q.body}
      </p>
      <p class="q-author">
        <span safe>{q.authorName ? l.admin.author(q.authorName, q.authorRole) : l.anonymous}</span>
        <span safe>{` · ${l.votes(q.votes)}`}</span>
        {q.pinned ? (
          <>
            {' '}
            <span class="q-badge q-badge-pinned" safe>
              {l.pinned}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      <div class="m-actions">
        {props.actions.map((action) => (
          <ActionButton t={t} action={action} q={q} path={props.path} csrfToken={props.csrfToken} />
        ))}
      </div>
    </li>
  );
}

/** The facilitator's live list: waiting, on screen, answered and hidden, each with its actions. */
export function ModerationList(props: {
  t: Messages;
  path: string;
  questions: ModerationQuestions;
  csrfToken: string;
}): JSX.Element {
  const { t } = props;
  const a = t.live.admin;
  const section = (
    id: string,
    heading: string,
    none: string,
    list: Question[],
    actions: (q: Question) => ModerationAction[],
  ) => (
    <section class="m-section" aria-labelledby={id}>
      <h2 id={id} safe>{`${heading} (${list.length})`}</h2>
      {list.length === 0 ? (
        <p class="hint" safe>
          {none}
        </p>
      ) : (
        <ol class="m-list">
          {list.map((q) => (
            <ModerationItem t={t} q={q} actions={actions(q)} path={props.path} csrfToken={props.csrfToken} />
          ))}
        </ol>
      )}
    </section>
  );
  return (
    <>
      {section('m-pending', a.pendingHeading, a.nonePending, props.questions.pending, () => ['approve', 'pin', 'hide'])}
      {section('m-screen', a.onScreenHeading, a.noneOnScreen, props.questions.open, (q) => [
        q.pinned ? 'unpin' : 'pin',
        'answer',
        'hide',
      ])}
      {section('m-answered', a.answeredHeading, a.noneAnswered, props.questions.answered, () => ['unanswer', 'hide'])}
      {section('m-hidden', a.hiddenHeading, a.noneHidden, props.questions.hidden, () => ['approve'])}
    </>
  );
}

export function QuestionRoomPage(props: {
  ctx: AdminViewContext;
  event: QuestionsEvent;
  room: QuestionRoom;
  shortUrl: string;
  questions: ModerationQuestions;
  notice?: string | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.live.admin;
  const base = `${questionsBase(props.event.slug)}/${props.room.id}`;
  const room = props.room;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={a.roomTitle(room.title)}
      event={{ ...props.event, current: 'questions' }}
      scripts={['/static/live.js']}
      head={`<noscript><meta http-equiv="refresh" content="20"></noscript><link rel="stylesheet" href="/static/questions.css">`}
    >
      <p class="breadcrumb">
        <a href={questionsBase(props.event.slug)} safe>
          {a.back}
        </a>
      </p>
      <h1 safe>{a.roomTitle(room.title)}</h1>
      <Notice text={props.notice} />
      <div class="m-status">
        <p safe>{room.open ? a.statusOpen : a.statusClosed}</p>
        <form method="post" action={`${base}/open`} class="inline-form">
          <CsrfField token={props.ctx.csrfToken} />
          <input type="hidden" name="open" value={room.open ? '0' : '1'} />
          <button type="submit" class={room.open ? 'button button-secondary' : 'button button-primary'} safe>
            {room.open ? a.closeRoom : a.openRoom}
          </button>
        </form>
      </div>
      <ul class="m-links">
        <li>
          <span safe>{`${a.phoneLink}: `}</span>
          <a href={`/q/${room.code}`} safe>
            {displayUrl(props.shortUrl)}
          </a>
        </li>
        <li>
          <a href={`${base}/projector`} safe>
            {a.projectorLink}
          </a>
        </li>
        <li>
          <a href={`${questionsBase(props.event.slug)}#display-links`} safe>
            {a.displayHeading}
          </a>
        </li>
        {props.event.permission === 'organiser' ? (
          <li>
            <a href={`${base}/settings`} safe>
              {a.settingsHeading}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
      <LiveRegion src={`${base}/live`} id="m-live" csrf={props.ctx.csrfToken}>
        <ModerationList t={t} path={`${base}/moderate`} questions={props.questions} csrfToken={props.ctx.csrfToken} />
      </LiveRegion>
    </AdminLayout>
  );
}

export function roomFormValues(room: QuestionRoom): RoomFormValues {
  return {
    programmeItemId: room.programmeItemId === null ? '' : String(room.programmeItemId),
    title: room.title,
    identityMode: room.identityMode,
    moderation: room.moderation,
  };
}

/** A room's settings (organisers): its own page, since the moderation page refreshes itself. */
export function RoomSettingsPage(props: {
  ctx: AdminViewContext;
  event: QuestionsEvent;
  room: QuestionRoom;
  items: ProgrammeItemOption[];
  values: RoomFormValues;
  errors: FieldErrors;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.live.admin;
  const base = `${questionsBase(props.event.slug)}/${props.room.id}`;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`${a.settingsHeading}: ${props.room.title}`}
      event={{ ...props.event, current: 'questions' }}
    >
      <p class="breadcrumb">
        <a href={base} safe>
          {a.roomTitle(props.room.title)}
        </a>
      </p>
      <h1 safe>{`${a.settingsHeading}: ${props.room.title}`}</h1>
      <ErrorSummary t={t} errors={props.errors} order={['programmeItemId', 'title']} />
      <form method="post" action={`${base}/settings`} novalidate>
        <CsrfField token={props.ctx.csrfToken} />
        <RoomFields
          t={t}
          lang={lang}
          timeZone={props.event.timeZone}
          items={props.items}
          values={props.values}
          errors={props.errors}
        />
        <button type="submit" class="button button-primary" safe>
          {a.save}
        </button>
      </form>
    </AdminLayout>
  );
}
