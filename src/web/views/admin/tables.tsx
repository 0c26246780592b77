// Back-office pages of the co-creation meeting place: the sessions, a session's challenges
// (curation), its table plan (plan, move, lock, re-plan, numbers) and the printables.
import type { PropsWithChildren } from '@kitajs/html';
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import type { ChallengeView, TableSession } from '../../../core/tables/challenges/list-challenges.ts';
import type { TablePlanView } from '../../../core/tables/plans/get-table-plan.ts';
import type { Messages } from '../../i18n/index.ts';
import { roleLabel } from '../format.ts';
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, fieldId, RadioGroup, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export const CHALLENGE_LIMITS = { title: 120, description: 1500, affected: 300, note: 500 };

export interface TablesEvent {
  slug: string;
  title: string;
  permission: EventPermission;
}

function eventBase(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}/tables`;
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

/** A labelled <select>, with the error beside it. */
export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
  id?: string;
}): JSX.Element {
  const id = props.id ?? fieldId(props.name);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {props.error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
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

export function TablesIndexPage(props: {
  ctx: AdminViewContext;
  event: TablesEvent;
  sessions: TableSession[];
}): JSX.Element {
  const a = props.ctx.t.admin.tables;
  const base = eventBase(props.event.slug);
  return (
    <AdminLayout ctx={props.ctx} title={a.title} event={{ ...props.event, current: 'tables' }}>
      <h1 safe>{a.title}</h1>
      <p safe>{a.intro}</p>
      {props.sessions.length === 0 ? (
        <p safe>{a.noSessions}</p>
      ) : (
        <>
          <h2 safe>{a.sessionsHeading}</h2>
          <ul class="tables-sessions">
            {props.sessions.map((s) => (
              <li>
                <strong safe>{a.sessionLabel(s.code, s.title)}</strong>
                <ul>
                  <li>
                    <a href={`${base}/challenges?session=${encodeURIComponent(s.code)}`} safe>
                      {a.challengesLink(s.code)}
                    </a>
                  </li>
                  <li>
                    <a href={`${base}?session=${encodeURIComponent(s.code)}`} safe>
                      {a.planLink(s.code)}
                    </a>
                  </li>
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </AdminLayout>
  );
}

export interface ChallengeFormState {
  /** Which form the errors and values belong to: "new" or a challenge id. */
  form: string;
  values: Record<string, string>;
  errors: FieldErrors;
}

function ChallengeFields(props: {
  t: Messages;
  prefix: string;
  values: Record<string, string>;
  errors: FieldErrors;
}): JSX.Element {
  const a = props.t.admin.tables;
  const v = (k: string) => props.values[k] ?? '';
  return (
    <>
      <TextField
        t={props.t}
        name={`${props.prefix}title`}
        label={a.fieldTitle}
        value={v('title')}
        error={props.errors[`${props.prefix}title`]}
        required
        maxlength={CHALLENGE_LIMITS.title}
      />
      <TextField
        t={props.t}
        name={`${props.prefix}description`}
        label={a.fieldDescription}
        value={v('description')}
        error={props.errors[`${props.prefix}description`]}
        multiline
        maxlength={CHALLENGE_LIMITS.description}
      />
      <TextField
        t={props.t}
        name={`${props.prefix}affected`}
        label={a.fieldAffected}
        value={v('affected')}
        error={props.errors[`${props.prefix}affected`]}
        maxlength={CHALLENGE_LIMITS.affected}
      />
    </>
  );
}

export function ChallengesPage(props: {
  ctx: AdminViewContext;
  event: TablesEvent;
  session: TableSession;
  challenges: ChallengeView[];
  notice?: string | undefined;
  state?: ChallengeFormState | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.admin.tables;
  const s = props.session;
  const action = `${eventBase(props.event.slug)}/challenges?session=${encodeURIComponent(s.code)}`;
  const organiser = props.event.permission === 'organiser';
  const titleOf = new Map(props.challenges.map((c) => [c.id, c.title]));
  const mergeTargets = props.challenges.filter((c) => c.status === 'accepted' || c.status === 'proposed');
  const stateFor = (form: string) => (props.state && props.state.form === form ? props.state : undefined);
  const newState = stateFor('new');
  return (
    <AdminLayout ctx={props.ctx} title={a.challengesTitle(s.code)} event={{ ...props.event, current: 'tables' }}>
      <p class="breadcrumb">
        <a href={eventBase(props.event.slug)} safe>
          {a.title}
        </a>
      </p>
      <h1 safe>{a.challengesTitle(s.code)}</h1>
      <Notice text={props.notice} />
      <ErrorSummary t={t} errors={props.state?.errors ?? {}} />
      <p safe>{a.challengesIntro}</p>
      {organiser ? (
        <section aria-labelledby="settings-title">
          <h2 id="settings-title" safe>
            {a.settingsHeading}
          </h2>
          <form method="post" action={action}>
            <CsrfField token={props.ctx.csrfToken} />
            <input type="hidden" name="op" value="settings" />
            <Checkbox t={t} name="open" label={a.openLabel} checked={s.challengesOpen} />
            <Checkbox t={t} name="published" label={a.publishedLabel} checked={s.challengesPublished} />
            <button type="submit" class="button button-secondary" safe>
              {a.saveSettings}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="list-title">
        <h2 id="list-title" safe>
          {a.listHeading}
        </h2>
        {props.challenges.length === 0 ? <p safe>{a.none}</p> : ''}
        {props.challenges.map((c) => {
          const st = stateFor(String(c.id));
          const values = st?.values ?? { title: c.title, description: c.description, affected: c.affected };
          return (
            <article class={`challenge challenge-${c.status}`} aria-labelledby={`challenge-${c.id}`}>
              <h3 id={`challenge-${c.id}`} safe>
                {c.title}
              </h3>
              <p>
                <strong safe>{`${a.status}: ${a.statusNames[c.status]}`}</strong>
                {' · '}
                <span safe>{c.proposedBy ? a.proposedBy(c.proposedBy) : a.byOrganiser}</span>
              </p>
              <p safe>{c.description}</p>
              {c.affected ? <p safe>{`${a.fieldAffected} ${c.affected}`}</p> : ''}
              {c.status === 'merged' && c.mergedInto !== null ? (
                <p safe>{a.mergedInto(titleOf.get(c.mergedInto) ?? String(c.mergedInto))}</p>
              ) : (
                ''
              )}
              {c.status === 'rejected' && c.rejectionNote ? <p safe>{a.rejectedWith(c.rejectionNote)}</p> : ''}
              {c.status === 'accepted' ? <p safe>{a.ranks(c.ranks[0], c.ranks[1], c.ranks[2])}</p> : ''}
              {organiser && c.status !== 'merged' ? (
                <div class="challenge-actions">
                  {c.status !== 'accepted' ? (
                    <form method="post" action={action} class="inline-form">
                      <CsrfField token={props.ctx.csrfToken} />
                      <input type="hidden" name="op" value="accept" />
                      <input type="hidden" name="id" value={String(c.id)} />
                      <button type="submit" class="button button-primary" aria-label={a.acceptNamed(c.title)} safe>
                        {a.accept}
                      </button>
                    </form>
                  ) : (
                    ''
                  )}
                  <details open={st !== undefined}>
                    <summary safe>{a.saveText}</summary>
                    <form method="post" action={action}>
                      <CsrfField token={props.ctx.csrfToken} />
                      <input type="hidden" name="op" value="edit" />
                      <input type="hidden" name="id" value={String(c.id)} />
                      <ChallengeFields t={t} prefix={`c${c.id}-`} values={values} errors={st?.errors ?? {}} />
                      <button type="submit" class="button button-secondary" safe>
                        {a.saveText}
                      </button>
                    </form>
                    {c.status !== 'rejected' ? (
                      <form method="post" action={action}>
                        <CsrfField token={props.ctx.csrfToken} />
                        <input type="hidden" name="op" value="reject" />
                        <input type="hidden" name="id" value={String(c.id)} />
                        <TextField
                          t={t}
                          name={`note-${c.id}`}
                          label={a.rejectNote}
                          value={st?.values.note ?? ''}
                          error={st?.errors[`note-${c.id}`]}
                          maxlength={CHALLENGE_LIMITS.note}
                        />
                        <button type="submit" class="button button-danger" safe>
                          {a.reject}
                        </button>
                      </form>
                    ) : (
                      ''
                    )}
                    {mergeTargets.some((m) => m.id !== c.id) ? (
                      <form method="post" action={action}>
                        <CsrfField token={props.ctx.csrfToken} />
                        <input type="hidden" name="op" value="merge" />
                        <input type="hidden" name="id" value={String(c.id)} />
                        <SelectField
                          name={`into-${c.id}`}
                          label={a.mergeInto}
                          options={mergeTargets
                            .filter((m) => m.id !== c.id)
                            .map((m) => ({ value: String(m.id), label: m.title }))}
                          error={st?.errors[`into-${c.id}`]}
                        />
                        <button type="submit" class="button button-secondary" safe>
                          {a.merge}
                        </button>
                      </form>
                    ) : (
                      ''
                    )}
                  </details>
                </div>
              ) : (
                ''
              )}
            </article>
          );
        })}
      </section>
      {organiser ? (
        <section aria-labelledby="add-title">
          <h2 id="add-title" safe>
            {a.addHeading}
          </h2>
          <form method="post" action={action} novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            <input type="hidden" name="op" value="add" />
            <ChallengeFields t={t} prefix="" values={newState?.values ?? {}} errors={newState?.errors ?? {}} />
            <button type="submit" class="button button-primary" safe>
              {a.add}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

export function MetricsTable(props: { t: Messages; plan: TablePlanView }): JSX.Element {
  const a = props.t.admin.tables;
  const m = props.plan.metrics;
  const rows: [string, string, string][] = [
    [a.metricRoleExcess, String(m.roleExcess.value), String(m.roleExcess.lowerBound)],
    [a.metricOrgPairs, String(m.orgPairs.value), String(m.orgPairs.lowerBound)],
    [a.metricRepeatPairs, String(m.repeatPairs.value), String(m.repeatPairs.lowerBound)],
    [a.metricTop1, percent(m.challengeTop1.value), percent(m.challengeTop1.upperBound)],
    [a.metricTop3, percent(m.challengeTop3.value), percent(m.challengeTop3.upperBound)],
  ];
  return (
    <table class="data-table metrics-table">
      <caption safe>{a.metricsCaption}</caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {a.colMetric}
          </th>
          <th scope="col" safe>
            {a.colValue}
          </th>
          <th scope="col" safe>
            {a.colBound}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value, bound]) => (
          <tr>
            <th scope="row" safe>
              {label}
            </th>
            <td safe>{value}</td>
            <td safe>{bound}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface PlanFormValues {
  source: string;
  sizeKind: string;
  size: string;
  rounds: string;
}

export function PlanPage(props: {
  ctx: AdminViewContext;
  event: TablesEvent;
  details: Pick<EventDetails, 'roles'>;
  session: TableSession;
  plan: TablePlanView | null;
  values: PlanFormValues;
  errors: FieldErrors;
  notice?: string | undefined;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.admin.tables;
  const s = props.session;
  const base = eventBase(props.event.slug);
  const q = `session=${encodeURIComponent(s.code)}`;
  const organiser = props.event.permission === 'organiser';
  const plan = props.plan;
  const people = plan
    ? new Set(plan.byRound.flatMap((r) => r.tables.flatMap((x) => x.members.map((m) => m.registrationId)))).size
    : 0;
  const tableOptions = plan
    ? Array.from({ length: plan.tablesCount }, (_, i) => ({ value: String(i + 1), label: a.tableHeading(i + 1) }))
    : [];
  return (
    <AdminLayout ctx={props.ctx} title={a.planTitle(s.code)} event={{ ...props.event, current: 'tables' }} wide>
      <p class="breadcrumb">
        <a href={base} safe>
          {a.title}
        </a>
      </p>
      <h1 safe>{a.planTitle(s.code)}</h1>
      <Notice text={props.notice} />
      <ErrorSummary t={t} errors={props.errors} />
      {organiser ? (
        <section aria-labelledby="plan-form-title">
          <h2 id="plan-form-title" safe>
            {a.planHeading}
          </h2>
          <p safe>{a.planIntro}</p>
          <form method="post" action={`${base}/plan?${q}`} novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            <RadioGroup
              t={t}
              name="source"
              legend={a.source}
              options={[
                { value: 'confirmed', label: a.sourceConfirmed },
                { value: 'checked_in', label: a.sourceCheckedIn },
              ]}
              value={props.values.source}
              error={props.errors.source}
            />
            <RadioGroup
              t={t}
              name="sizeKind"
              legend={a.sizeKind}
              options={[
                { value: 'tables', label: a.sizeTables },
                { value: 'tableSize', label: a.sizeTableSize },
              ]}
              value={props.values.sizeKind}
            />
            <TextField
              t={t}
              name="size"
              type="number"
              label={a.sizeValue}
              value={props.values.size}
              error={props.errors.size}
              attrs={{ min: 1, max: 500, inputmode: 'numeric' }}
            />
            <TextField
              t={t}
              name="rounds"
              type="number"
              label={a.rounds}
              value={props.values.rounds}
              error={props.errors.rounds}
              attrs={{ min: 1, max: 10, inputmode: 'numeric' }}
            />
            <button type="submit" class="button button-primary" safe>
              {a.plan}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="current-title">
        <h2 id="current-title" safe>
          {a.currentHeading}
        </h2>
        {!plan ? (
          <p safe>{a.noPlan}</p>
        ) : (
          <>
            <p
              safe
            >{`${a.planMeta(plan.tablesCount, plan.rounds, people)} ${a.sourceMeta(plan.source === 'checked_in')}`}</p>
            <h3 safe>{a.metricsHeading}</h3>
            <MetricsTable t={t} plan={plan} />
            <h3 safe>{a.printHeading}</h3>
            <ul>
              <li>
                <a href={`${base}/cards?${q}`} safe>
                  {a.printCards}
                </a>
              </li>
              <li>
                <a href={`${base}/sheet?${q}`} safe>
                  {a.facilitatorSheet}
                </a>
              </li>
              <li>
                <a href={`${base}/projector?${q}`} safe>
                  {a.projector}
                </a>
              </li>
            </ul>
            {plan.byRound.map((round) => (
              <section aria-labelledby={`round-${round.round}`} class="plan-round">
                <h3 id={`round-${round.round}`} safe>
                  {a.roundHeading(round.round)}
                </h3>
                <div class="plan-tables">
                  {round.tables.map((table) => (
                    <div class="plan-table">
                      <h4 safe>{a.tableHeading(table.table)}</h4>
                      <p safe>{`${a.challenge}: ${table.challengeTitle ?? a.noChallenge}`}</p>
                      <ul>
                        {table.members.map((m) => (
                          <li>
                            <span safe>{m.name}</span>
                            <span
                              class="muted"
                              safe
                            >{` – ${roleLabel(t, props.details, m.role)}${m.organization ? `, ${m.organization}` : ''}`}</span>
                            {m.fixed ? <strong safe>{` (${a.lockedMark})`}</strong> : ''}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ))}
                </div>
                {organiser ? (
                  <details class="plan-move">
                    <summary safe>{`${a.moveHeading}: ${a.roundHeading(round.round)}`}</summary>
                    <p safe>{a.moveIntro}</p>
                    <table class="data-table">
                      <thead>
                        <tr>
                          <th scope="col" safe>
                            {a.colName}
                          </th>
                          <th scope="col" safe>
                            {a.colTable}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {round.tables.flatMap((table) =>
                          table.members.map((m) => {
                            const id = `move-${round.round}-${m.registrationId}`;
                            return (
                              <tr>
                                <th scope="row" safe>
                                  {m.name}
                                </th>
                                <td>
                                  <form method="post" action={`${base}/move?${q}`} class="move-form">
                                    <CsrfField token={props.ctx.csrfToken} />
                                    <input type="hidden" name="round" value={String(round.round)} />
                                    <input type="hidden" name="registration" value={String(m.registrationId)} />
                                    <label for={id} class="visually-hidden" safe>
                                      {a.moveTable(m.name, round.round)}
                                    </label>
                                    <select id={id} name="table">
                                      {tableOptions.map((o) => (
                                        <option value={o.value} selected={o.value === String(table.table)} safe>
                                          {o.label}
                                        </option>
                                      ))}
                                    </select>
                                    <input
                                      type="checkbox"
                                      id={`${id}-lock`}
                                      name="fixed"
                                      value="on"
                                      checked={m.fixed}
                                    />
                                    <label for={`${id}-lock`} safe>
                                      {a.lockSeat(m.name)}
                                    </label>
                                    <button type="submit" class="button button-secondary" safe>
                                      {a.move}
                                    </button>
                                  </form>
                                </td>
                              </tr>
                            );
                          }),
                        )}
                      </tbody>
                    </table>
                  </details>
                ) : (
                  ''
                )}
              </section>
            ))}
            {organiser ? (
              <section aria-labelledby="replan-title">
                <h3 id="replan-title" safe>
                  {a.replanHeading}
                </h3>
                <p safe>{a.replanIntro}</p>
                <form method="post" action={`${base}/replan?${q}`}>
                  <CsrfField token={props.ctx.csrfToken} />
                  <button type="submit" class="button button-secondary" safe>
                    {a.replan}
                  </button>
                </form>
              </section>
            ) : (
              ''
            )}
          </>
        )}
      </section>
    </AdminLayout>
  );
}

/** A bare page for printing or a projector: no navigation, large type from admin.css. */
function BarePage(props: PropsWithChildren<{ ctx: AdminViewContext; title: string; kind: string }>): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.ctx.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title safe>{props.title}</title>
          <link rel="stylesheet" href="/static/site.css" />
          <link rel="stylesheet" href="/static/admin.css" />
        </head>
        <body class={`tables-print tables-${props.kind}`}>
          <main id="main">{props.children}</main>
        </body>
      </html>
    </>
  );
}

export function TableCardsPage(props: {
  ctx: AdminViewContext;
  details: Pick<EventDetails, 'roles' | 'title'>;
  session: TableSession;
  plan: TablePlanView;
  sheet: boolean;
}): JSX.Element {
  const { t } = props.ctx;
  const a = t.admin.tables;
  const title = props.sheet ? a.sheetTitle(props.session.code) : a.cardsTitle(props.session.code);
  return (
    <BarePage ctx={props.ctx} title={title} kind={props.sheet ? 'sheet' : 'cards'}>
      <h1 safe>{title}</h1>
      <p class="no-print" safe>
        {a.printHint}
      </p>
      {props.plan.byRound.map((round) => (
        <section aria-labelledby={`r${round.round}`}>
          <h2 id={`r${round.round}`} safe>
            {a.roundHeading(round.round)}
          </h2>
          {round.tables.map((table) => (
            <article
              class={props.sheet ? 'sheet-table' : 'table-card'}
              aria-labelledby={`r${round.round}-t${table.table}`}
            >
              <h3 id={`r${round.round}-t${table.table}`} safe>
                {a.tableHeading(table.table)}
              </h3>
              <p class="table-card-challenge" safe>
                {table.challengeTitle ?? a.noChallenge}
              </p>
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col" safe>
                      {a.colName}
                    </th>
                    <th scope="col" safe>
                      {a.colRole}
                    </th>
                    <th scope="col" safe>
                      {a.colOrganization}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {table.members.map((m) => (
                    <tr>
                      <th scope="row" safe>
                        {m.name}
                      </th>
                      <td safe>{roleLabel(t, props.details, m.role)}</td>
                      <td safe>{m.organization}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
        </section>
      ))}
    </BarePage>
  );
}

export function ProjectorPage(props: {
  ctx: AdminViewContext;
  session: TableSession;
  plan: TablePlanView;
}): JSX.Element {
  const a = props.ctx.t.admin.tables;
  const collator = new Intl.Collator(props.ctx.lang === 'en' ? 'en-GB' : 'nb-NO');
  const people = new Map<number, { name: string; tables: number[] }>();
  for (const round of props.plan.byRound) {
    for (const table of round.tables) {
      for (const m of table.members) {
        const p = people.get(m.registrationId) ?? { name: m.name, tables: [] };
        p.tables[round.round - 1] = table.table;
        people.set(m.registrationId, p);
      }
    }
  }
  const rows = [...people.values()].sort((x, y) => collator.compare(x.name, y.name));
  return (
    <BarePage ctx={props.ctx} title={a.projectorTitle} kind="projector">
      <h1 safe>{a.projectorTitle}</h1>
      <table class="projector-table">
        <thead>
          <tr>
            <th scope="col" safe>
              {a.colName}
            </th>
            {props.plan.byRound.map((r) => (
              <th scope="col" safe>
                {a.projectorRound(r.round)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr>
              <th scope="row" safe>
                {p.name}
              </th>
              {props.plan.byRound.map((r) => (
                <td safe>{p.tables[r.round - 1] ? String(p.tables[r.round - 1]) : '–'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </BarePage>
  );
}
