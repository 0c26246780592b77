// Back-office pages of the research-idea clinic (issue 8, DEL 2B): the pitch sessions, a
// session's running order and times, the control view that runs it, and the event's rubric.
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { PitchBoard, PitchSessionRef } from '../../../core/ideas/pitch-board.ts';
import type { PitchSlot } from '../../../core/ideas/pitch-run.ts';
import { CRITERION_LIMITS, type Criterion, MAX_CRITERIA, TIMING_LIMITS } from '../../../core/ideas/types.ts';
import { formatTime } from '../../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../forms.tsx';
import { IdeaDetails, ServerClock } from '../ideas.tsx';
import { LiveRegion, liveHead } from '../live.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export interface PitchesEvent {
  slug: string;
  title: string;
  permission: EventPermission;
}

export function pitchesBase(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/pitches`;
}

function sessionQuery(code: string): string {
  return `?session=${encodeURIComponent(code)}`;
}

function Notice(props: { text?: string | undefined; problem?: boolean }): JSX.Element {
  if (!props.text) return '';
  return props.problem ? (
    <p class="notice notice-problem" role="alert" safe>
      {props.text}
    </p>
  ) : (
    <p class="notice notice-success" role="status" safe>
      {props.text}
    </p>
  );
}

/** Back to the pitch sessions, above the page's heading. */
function Breadcrumb(props: { ctx: AdminViewContext; base: string; title: string }): JSX.Element {
  return (
    <>
      <p class="breadcrumb">
        <a href={props.base} safe>
          {props.ctx.t.ideas.admin.title}
        </a>
      </p>
      <h1 safe>{props.title}</h1>
    </>
  );
}

/** ↑ and ↓ for one row of a list that can be reordered; the first cannot go up, the last not down. */
function MoveButtons(props: {
  ctx: AdminViewContext;
  name: string;
  what: string;
  index: number;
  count: number;
}): JSX.Element {
  const a = props.ctx.t.ideas.admin;
  const button = (value: 'up' | 'down', disabled: boolean, label: string, arrow: string) => (
    <button
      type="submit"
      name={props.name}
      value={value}
      class="button button-secondary button-small"
      disabled={disabled}
      aria-label={label}
      safe
    >
      {arrow}
    </button>
  );
  return (
    <>
      {button('up', props.index === 0, a.moveUp(props.what), '↑')}
      {button('down', props.index === props.count - 1, a.moveDown(props.what), '↓')}
    </>
  );
}

/** A criterion's name and description, as fields named `<key>.name` and `<key>.description`. */
function CriterionFields(props: {
  ctx: AdminViewContext;
  prefix: string;
  values: { name: string; description: string };
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.ideas.admin;
  const field = (part: 'name' | 'description', label: string, kind: { required: true } | { multiline: true }) => (
    <TextField
      t={t}
      name={`${props.prefix}.${part}`}
      label={label}
      value={props.values[part]}
      error={props.errors[`${props.prefix}.${part}`]}
      maxlength={CRITERION_LIMITS[part]}
      {...kind}
    />
  );
  return (
    <>
      {field('name', a.criterionName, { required: true })}
      {field('description', a.criterionDescription, { multiline: true })}
    </>
  );
}

function SessionLinks(props: { ctx: AdminViewContext; slug: string; code: string }): JSX.Element {
  const a = props.ctx.t.ideas.admin;
  const base = pitchesBase(props.slug);
  const q = sessionQuery(props.code);
  return (
    <ul class="link-list">
      <li>
        <a href={`${base}${q}`} safe>
          {a.planLink(props.code)}
        </a>
      </li>
      <li>
        <a href={`${base}/run${q}`} safe>
          {a.runLink(props.code)}
        </a>
      </li>
      <li>
        <a href={`${base}/projector${q}`} safe>
          {a.projectorLink(props.code)}
        </a>
      </li>
    </ul>
  );
}

export function PitchesIndexPage(props: {
  ctx: AdminViewContext;
  event: PitchesEvent;
  sessions: { session: PitchSessionRef; ideas: number }[];
}): JSX.Element {
  const a = props.ctx.t.ideas.admin;
  const base = pitchesBase(props.event.slug);
  return (
    <AdminLayout ctx={props.ctx} title={a.title} event={{ ...props.event, current: 'pitches' }}>
      <h1 safe>{a.title}</h1>
      <p safe>{a.intro}</p>
      {props.sessions.length === 0 ? (
        <>
          <p safe>{a.noSessions}</p>
          {props.event.permission === 'organiser' ? (
            <p>
              <a href={`/admin/events/${encodeURIComponent(props.event.slug)}/edit/sessions`} safe>
                {a.editSessions}
              </a>
            </p>
          ) : (
            ''
          )}
        </>
      ) : (
        <>
          <h2 safe>{a.sessionsHeading}</h2>
          {props.sessions.map(({ session, ideas }) => (
            <section class="pitch-session" aria-labelledby={`ps-${session.id}`}>
              <h3 id={`ps-${session.id}`} safe>
                {a.sessionLabel(session.code, session.title)}
              </h3>
              <p safe>{a.ideasCount(ideas)}</p>
              <SessionLinks ctx={props.ctx} slug={props.event.slug} code={session.code} />
            </section>
          ))}
          <p class="hint" safe>
            {a.displayLinkHint}
          </p>
        </>
      )}
      <p>
        <a href={`${base}/rubric`} safe>
          {a.rubricLink}
        </a>
      </p>
    </AdminLayout>
  );
}

export interface TimingValues {
  pitchMinutes: string;
  feedbackMinutes: string;
  offsetMinutes: string;
}

export function PitchPlanPage(props: {
  ctx: AdminViewContext;
  event: PitchesEvent;
  session: PitchSessionRef;
  timeZone: string;
  slots: PitchSlot[];
  values: TimingValues;
  errors: FieldErrors;
  notice?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const a = t.ideas.admin;
  const base = pitchesBase(props.event.slug);
  const q = sessionQuery(props.session.code);
  const title = a.planTitle(props.session.code);
  const time = (d: Date) => formatTime(d, lang, props.timeZone);
  const last = props.slots.at(-1);
  const minutes = (name: keyof TimingValues, min: number, max: number, hint?: string) => (
    <TextField
      t={t}
      name={name}
      type="number"
      label={a[name]}
      hint={hint}
      value={props.values[name]}
      error={props.errors[name]}
      required
      attrs={{ min, max, step: 1, inputmode: 'numeric' }}
    />
  );
  return (
    <AdminLayout ctx={props.ctx} title={title} event={{ ...props.event, current: 'pitches' }} wide>
      <Breadcrumb ctx={props.ctx} base={base} title={title} />
      <p safe>{a.sessionLabel(props.session.code, props.session.title)}</p>
      <Notice text={props.notice} />
      <ErrorSummary t={t} errors={props.errors} />
      <SessionLinks ctx={props.ctx} slug={props.event.slug} code={props.session.code} />
      <section aria-labelledby="timing-title">
        <h2 id="timing-title" safe>
          {a.timingHeading}
        </h2>
        <form method="post" action={`${base}/timing${q}`} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <div class="field-row">
            {minutes('pitchMinutes', 1, TIMING_LIMITS.minutes)}
            {minutes('feedbackMinutes', 1, TIMING_LIMITS.minutes)}
          </div>
          {minutes('offsetMinutes', 0, TIMING_LIMITS.offset, a.offsetHint)}
          <button type="submit" class="button button-primary" safe>
            {a.saveTiming}
          </button>
        </form>
      </section>
      <section aria-labelledby="order-title">
        <h2 id="order-title" safe>
          {a.orderHeading}
        </h2>
        {props.slots.length === 0 ? (
          <p safe>{a.noIdeas}</p>
        ) : (
          <>
            <p safe>{a.orderIntro}</p>
            {last && last.endsAt > props.session.endsAt ? (
              <p class="notice notice-problem" safe>
                {a.overrun(time(last.endsAt))}
              </p>
            ) : (
              ''
            )}
            <div class="table-scroll">
              <table class="data-table pitch-order">
                <caption class="visually-hidden" safe>
                  {title}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" safe>
                      {a.colNo}
                    </th>
                    <th scope="col" safe>
                      {a.colTime}
                    </th>
                    <th scope="col" safe>
                      {a.colIdea}
                    </th>
                    <th scope="col" safe>
                      {a.colOwner}
                    </th>
                    <th scope="col" safe>
                      {a.colStage}
                    </th>
                    <th scope="col" safe>
                      {a.colMove}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {props.slots.map((slot, i) => (
                    <tr>
                      <td safe>{String(i + 1)}</td>
                      <td safe>{`${time(slot.startsAt)}–${time(slot.endsAt)}`}</td>
                      <th scope="row">
                        <details>
                          <summary safe>{slot.idea.title}</summary>
                          <IdeaDetails t={t.ideas} idea={slot.idea} />
                        </details>
                      </th>
                      <td safe>{t.ideas.owner(slot.idea.ownerName, slot.idea.ownerOrganization)}</td>
                      <td safe>{t.ideas.stages[slot.idea.stage]}</td>
                      <td>
                        <form method="post" action={`${base}/move${q}`} class="inline-form move-form">
                          <CsrfField token={props.ctx.csrfToken} />
                          <input type="hidden" name="idea" value={String(slot.idea.id)} />
                          <MoveButtons
                            ctx={props.ctx}
                            name="direction"
                            what={slot.idea.title}
                            index={i}
                            count={props.slots.length}
                          />
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </AdminLayout>
  );
}

function RunButton(props: {
  ctx: AdminViewContext;
  action: string;
  version: number;
  op: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
  idea?: number;
}): JSX.Element {
  const kind = props.danger ? 'button-danger' : props.primary ? 'button-primary' : 'button-secondary';
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.ctx.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      {props.idea !== undefined ? <input type="hidden" name="idea" value={String(props.idea)} /> : ''}
      <button type="submit" name="op" value={props.op} class={`button ${kind}`} safe>
        {props.label}
      </button>
    </form>
  );
}

export function PitchRunPage(props: {
  ctx: AdminViewContext;
  event: PitchesEvent;
  session: PitchSessionRef;
  board: PitchBoard;
  fragment: JSX.Element;
  liveSrc: string;
  now: Date;
  notice?: string | undefined;
  problem?: string | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.ideas.admin;
  const base = pitchesBase(props.event.slug);
  const q = sessionQuery(props.session.code);
  const action = `${base}/run${q}`;
  const { board } = props;
  const { run } = board;
  const title = a.runTitle(props.session.code);
  const index = board.place - 1;
  const next = index >= 0 ? board.ideas[index + 1] : undefined;
  const button = (op: string, label: string, extra: { primary?: boolean; danger?: boolean; idea?: number } = {}) => (
    <RunButton ctx={props.ctx} action={action} version={run.version} op={op} label={label} {...extra} />
  );
  return (
    <AdminLayout
      ctx={props.ctx}
      title={title}
      event={{ ...props.event, current: 'pitches' }}
      wide
      head={`${liveHead(10)}<script src="/static/pitch-timer.js" defer></script>`}
    >
      <Breadcrumb ctx={props.ctx} base={base} title={title} />
      <Notice text={props.notice} />
      <Notice text={props.problem} problem />
      <section aria-labelledby="controls-title" class="pitch-controls">
        <h2 id="controls-title" safe>
          {a.controlsHeading}
        </h2>
        {run.status === 'ready' ? (
          <>
            <p safe>{a.statusReady}</p>
            {board.ideas.length > 0 ? <div class="button-row">{button('start', a.start, { primary: true })}</div> : ''}
          </>
        ) : run.status === 'finished' ? (
          <p safe>{a.statusFinished}</p>
        ) : (
          <>
            <div class="button-row">
              {run.phase === 'pitch' && board.current
                ? button('next', a.nextToFeedback, { primary: true })
                : next
                  ? button('next', a.nextPitch(next.title), { primary: true })
                  : ''}
              {index > 0 || run.phase === 'feedback' ? button('back', a.back) : ''}
            </div>
            {!next && run.phase === 'feedback' ? <p safe>{a.lastPitch}</p> : ''}
            {/* Apart from "next", so that a hurried tap does not end the session. */}
            <div class="button-row pitch-finish">{button('finish', a.finish, { danger: true })}</div>
          </>
        )}
      </section>
      {/* Named, not headed: the board's own h2 (the current idea) is the heading here. */}
      <section aria-label={a.nowHeading} class="pitch-now-box">
        <ServerClock now={props.now} />
        <LiveRegion src={props.liveSrc} id="pitch-board">
          {props.fragment as 'safe'}
        </LiveRegion>
      </section>
      {board.ideas.length > 0 ? (
        <section aria-labelledby="all-title">
          <h2 id="all-title" safe>
            {a.orderListHeading}
          </h2>
          <ol class="pitch-run-list">
            {board.ideas.map((idea) => (
              <li>
                <span safe>{`${idea.title} – ${idea.ownerName}`}</span>
                {idea.id === board.current?.id ? (
                  <strong safe>{` (${a.isCurrent})`}</strong>
                ) : run.status !== 'finished' ? (
                  <> {button('goto', a.jumpTo(idea.title), { idea: idea.id })}</>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ol>
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={`${base}/projector${q}`} safe>
          {a.projectorLink(props.session.code)}
        </a>
      </p>
    </AdminLayout>
  );
}

export interface RubricFormState {
  /** "new" or a criterion id. */
  form: string;
  values: { name: string; description: string };
  errors: FieldErrors;
}

export function RubricPage(props: {
  ctx: AdminViewContext;
  event: PitchesEvent;
  criteria: (Criterion & { used: boolean })[];
  notice?: string | undefined;
  problem?: string | undefined;
  state?: RubricFormState | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.ideas.admin;
  const base = pitchesBase(props.event.slug);
  const canEdit = props.event.permission === 'organiser';
  const state = props.state;
  const errors = state?.errors ?? {};
  return (
    <AdminLayout ctx={props.ctx} title={a.rubricTitle} event={{ ...props.event, current: 'pitches' }}>
      <Breadcrumb ctx={props.ctx} base={base} title={a.rubricTitle} />
      <p safe>{a.rubricIntro}</p>
      <Notice text={props.notice} />
      <Notice text={props.problem} problem />
      <ErrorSummary t={t} errors={errors} />
      {canEdit ? '' : <p safe>{a.rubricReadOnly}</p>}
      <ol class="rubric-list">
        {props.criteria.map((c, i) => {
          const key = `c${c.id}`;
          const open = state?.form === String(c.id);
          const v = open ? state.values : { name: c.name, description: c.description };
          return (
            <li>
              <section class="editor-row" aria-labelledby={`${key}-title`}>
                <h2 id={`${key}-title`} safe>
                  {c.name}
                </h2>
                {canEdit ? (
                  <form method="post" action={`${base}/rubric`} novalidate>
                    <CsrfField token={props.ctx.csrfToken} />
                    <input type="hidden" name="id" value={String(c.id)} />
                    <CriterionFields ctx={props.ctx} prefix={key} values={v} errors={errors} />
                    <div class="button-row">
                      <button type="submit" name="op" value="save" class="button button-primary" safe>
                        {a.saveCriterion(c.name)}
                      </button>
                      <MoveButtons ctx={props.ctx} name="op" what={c.name} index={i} count={props.criteria.length} />
                      {c.used || props.criteria.length <= 1 ? (
                        ''
                      ) : (
                        <button type="submit" name="op" value="remove" class="button button-danger" safe>
                          {a.removeCriterion(c.name)}
                        </button>
                      )}
                    </div>
                  </form>
                ) : c.description ? (
                  <p safe>{c.description}</p>
                ) : (
                  ''
                )}
              </section>
            </li>
          );
        })}
      </ol>
      {canEdit && props.criteria.length < MAX_CRITERIA ? (
        <section class="editor-add" aria-labelledby="add-criterion-title">
          <h2 id="add-criterion-title" safe>
            {a.addHeading}
          </h2>
          <form method="post" action={`${base}/rubric`} novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            <CriterionFields
              ctx={props.ctx}
              prefix="new"
              values={state?.form === 'new' ? state.values : { name: '', description: '' }}
              errors={errors}
            />
            <button type="submit" name="op" value="add" class="button button-primary" safe>
              {a.addCriterion}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}
