// An event's overview page and its numbers page (status per session, role × session matrix,
// registrations per day), each chart with the same numbers in a table beside it.
import type { EventPermission } from '../../../core/accounts/types.ts';
import type { EventNumbers, NumbersSession } from '../../../core/events/get-event-numbers.ts';
import type { AdminEventSummary } from '../../../core/events/list-admin-events.ts';
import { isDefaultRoleCode, OTHER_ROLE } from '../../../core/events/roles.ts';
import type { EventDetails } from '../../../core/events/types.ts';
import { formatDateTime, formatShortDate, type Messages } from '../../i18n/index.ts';
import { eventWhen, venueText } from '../format.ts';
import { StackedBarChart, TimeChart } from './charts.tsx';
import { registrationStatusText, SeatsTable } from './dashboard.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';
import { badgesPdfPath, participantsPdfPath } from './print-links.tsx';

function eventPath(slug: string): string {
  return `/admin/events/${encodeURIComponent(slug)}`;
}

export function OverviewPage(props: {
  ctx: AdminViewContext;
  event: EventDetails;
  summary: AdminEventSummary;
  permission: EventPermission;
  /** Organisers: the privacy section (public participant list, retention). */
  privacy?: JSX.Element | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const o = t.admin.numbers.overview;
  const e = props.event;
  const base = eventPath(e.slug);
  const waitlisted = props.summary.sessions.reduce((s, x) => s + x.waitlistLength, 0) + e.noSessionWaitlistLength;
  const organiser = props.permission === 'organiser';
  const links: { href: string; label: string }[] = [
    ...(e.published ? [{ href: `/e/${encodeURIComponent(e.slug)}`, label: o.publicPage }] : []),
    ...(organiser ? [{ href: `${base}/preview`, label: o.preview }] : []),
    { href: `${base}/registrations`, label: o.registrations },
    { href: participantsPdfPath(e.slug), label: t.admin.print.participantsLink },
    { href: badgesPdfPath(e.slug), label: t.admin.print.badgesLink },
    ...(organiser
      ? [
          { href: `${base}/numbers`, label: o.numbers },
          { href: `${base}/edit`, label: o.edit },
          { href: `${base}/access`, label: o.access },
        ]
      : []),
  ];
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`${o.title}: ${e.title}`}
      event={{ slug: e.slug, title: e.title, permission: props.permission, current: 'overview' }}
    >
      <h1 safe>{e.title}</h1>
      {organiser ? '' : <p safe>{o.facilitatorNote}</p>}
      <section aria-labelledby="facts-title">
        <h2 id="facts-title" safe>
          {o.factsHeading}
        </h2>
        <dl class="facts-list">
          <dt safe>{o.when}</dt>
          <dd safe>{eventWhen(e, lang)}</dd>
          <dt safe>{o.venue}</dt>
          <dd safe>{venueText(e) || '–'}</dd>
          <dt safe>{o.status}</dt>
          <dd safe>{e.published ? o.published : o.draft}</dd>
          <dt safe>{o.registration}</dt>
          <dd safe>{registrationStatusText(t, props.summary, lang)}</dd>
          {e.registrationOpensAt ? (
            <>
              <dt safe>{o.opens}</dt>
              <dd safe>{formatDateTime(e.registrationOpensAt, lang, e.timeZone)}</dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{o.closes}</dt>
          <dd safe>{formatDateTime(e.registrationClosesAt, lang, e.timeZone)}</dd>
          <dt safe>{o.capacity}</dt>
          <dd safe>{e.capacity === null ? t.admin.dashboard.unlimited : String(e.capacity)}</dd>
          <dt safe>{o.seatsTaken}</dt>
          <dd>{e.seatsTaken}</dd>
          <dt safe>{o.waitlisted}</dt>
          <dd>{waitlisted}</dd>
          {e.sessions.length > 0 ? (
            <>
              <dt safe>{o.noSessionAllowed}</dt>
              <dd safe>{e.allowNoSession ? t.admin.common.yes : t.admin.common.no}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
      </section>
      <section aria-labelledby="seats-title">
        <h2 id="seats-title" safe>
          {o.sessionsHeading}
        </h2>
        <SeatsTable t={t} event={props.summary} captionHidden />
      </section>
      <section aria-labelledby="links-title">
        <h2 id="links-title" safe>
          {o.linksHeading}
        </h2>
        <ul class="link-list">
          {links.map((l) => (
            <li>
              <a href={l.href} safe>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
      {props.privacy ?? ''}
    </AdminLayout>
  );
}

/** A role's label: the event's own, or the catalogue's for a standard code. */
export function roleName(t: Messages, role: { code: string; label: string | null }): string {
  if (role.label) return role.label;
  return isDefaultRoleCode(role.code) ? t.roles[role.code] : role.code;
}

function sessionName(t: Messages, s: NumbersSession): string {
  return s.code === null ? t.admin.numbers.noSession : t.admin.numbers.sessionName(s.code, s.title);
}

function sessionShort(t: Messages, s: NumbersSession): string {
  return s.code ?? t.admin.numbers.noSession;
}

function StatusSection(props: { t: Messages; numbers: EventNumbers }): JSX.Element {
  const { t, numbers } = props;
  const n = t.admin.numbers;
  const summary = n.statusChartSummary(
    numbers.sessions
      .map((s, i) => {
        const c = numbers.status[i] ?? { confirmed: 0, waitlisted: 0, cancelled: 0 };
        return n.statusChartPart(sessionShort(t, s), c.confirmed, c.waitlisted, c.cancelled);
      })
      .join('; '),
  );
  return (
    <section aria-labelledby="status-title" class="numbers-section">
      <h2 id="status-title" safe>
        {n.statusHeading}
      </h2>
      <div class="chart-and-table">
        <StackedBarChart
          id="status-chart"
          title={n.statusChartTitle}
          summary={summary}
          series={[
            { label: n.confirmed, style: 'solid' },
            { label: n.waitlisted, style: 'hatched' },
            { label: n.cancelled, style: 'dotted' },
          ]}
          rows={numbers.sessions.map((s, i) => {
            const c = numbers.status[i] ?? { confirmed: 0, waitlisted: 0, cancelled: 0 };
            return { label: sessionShort(t, s), values: [c.confirmed, c.waitlisted, c.cancelled] };
          })}
        />
        <div class="table-scroll">
          <table class="data-table" id="status-table">
            <caption safe>{n.statusCaption}</caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {n.session}
                </th>
                <th scope="col" class="num" safe>
                  {n.confirmed}
                </th>
                <th scope="col" class="num" safe>
                  {n.capacity}
                </th>
                <th scope="col" class="num" safe>
                  {n.waitlisted}
                </th>
                <th scope="col" class="num" safe>
                  {n.cancelled}
                </th>
              </tr>
            </thead>
            <tbody>
              {numbers.sessions.map((s, i) => {
                const c = numbers.status[i] ?? { confirmed: 0, waitlisted: 0, cancelled: 0 };
                return (
                  <tr>
                    <th scope="row" safe>
                      {sessionName(t, s)}
                    </th>
                    <td class="num">{c.confirmed}</td>
                    <td class="num" safe>
                      {s.code === null ? '–' : s.capacity === null ? n.unlimited : String(s.capacity)}
                    </td>
                    <td class="num">{c.waitlisted}</td>
                    <td class="num">{c.cancelled}</td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" safe>
                  {n.total}
                </th>
                <td class="num">{numbers.statusTotal.confirmed}</td>
                <td class="num">–</td>
                <td class="num">{numbers.statusTotal.waitlisted}</td>
                <td class="num">{numbers.statusTotal.cancelled}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
    </section>
  );
}

/** Parallel sessions in which a listed role (other than "other") has nobody confirmed. */
export function missingRoles(t: Messages, numbers: EventNumbers): { session: string; roles: string[] }[] {
  return numbers.sessions.flatMap((s, i) => {
    if (s.code === null) return [];
    const roles = numbers.roles
      .filter((r) => r.code !== OTHER_ROLE && (r.counts[i] ?? 0) === 0)
      .map((r) => roleName(t, r).toLowerCase());
    return roles.length > 0 ? [{ session: sessionName(t, s), roles }] : [];
  });
}

function MatrixSection(props: { t: Messages; numbers: EventNumbers }): JSX.Element {
  const { t, numbers } = props;
  const n = t.admin.numbers;
  const missing = missingRoles(t, numbers);
  return (
    <section aria-labelledby="matrix-title" class="numbers-section">
      <h2 id="matrix-title" safe>
        {n.matrixHeading}
      </h2>
      <p safe>{n.matrixIntro}</p>
      {numbers.confirmedTotal === 0 ? (
        <p safe>{n.noConfirmed}</p>
      ) : (
        <>
          <h3 safe>{n.missingHeading}</h3>
          {missing.length === 0 ? (
            <p safe>{n.noneMissing}</p>
          ) : (
            <ul class="missing-roles">
              {missing.map((m) => (
                <li safe>{n.missing(m.session, m.roles.join(', '))}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <div class="table-scroll">
        <table class="data-table matrix-table" id="matrix-table">
          <caption safe>{n.matrixCaption}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {n.role}
              </th>
              {numbers.sessions.map((s) => (
                <th scope="col" class="num" safe>
                  {sessionShort(t, s)}
                </th>
              ))}
              <th scope="col" class="num" safe>
                {n.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {numbers.roles.map((r) => {
              const name = roleName(t, r);
              return (
                <tr>
                  <th scope="row" safe>
                    {name}
                  </th>
                  {numbers.sessions.map((s, i) => {
                    const value = r.counts[i] ?? 0;
                    const flagged = value === 0 && s.code !== null && r.code !== OTHER_ROLE;
                    return flagged ? (
                      <td class="num cell-empty">
                        <span aria-hidden="true">0 </span>
                        <span class="flag" safe>
                          {n.emptyCell}
                        </span>
                        <span class="visually-hidden" safe>
                          {`: ${n.emptyCellLabel(name.toLowerCase(), sessionShort(t, s))}`}
                        </span>
                      </td>
                    ) : (
                      <td class="num">{value}</td>
                    );
                  })}
                  <td class="num">{r.total}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" safe>
                {n.total}
              </th>
              {numbers.sessionTotals.map((v) => (
                <td class="num">{v}</td>
              ))}
              <td class="num">{numbers.confirmedTotal}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function PerDaySection(props: { t: Messages; lang: string; numbers: EventNumbers }): JSX.Element {
  const { t, lang, numbers } = props;
  const n = t.admin.numbers;
  const days = numbers.perDay;
  const dateText = (date: string) => formatShortDate(new Date(`${date}T12:00:00Z`), lang, 'UTC');
  if (days.length === 0 || days.every((d) => d.count === 0)) {
    return (
      <section aria-labelledby="perday-title" class="numbers-section">
        <h2 id="perday-title" safe>
          {n.perDayHeading}
        </h2>
        <p safe>{n.noRegistrations}</p>
      </section>
    );
  }
  const best = days.reduce((a, b) => (b.count > a.count ? b : a));
  const total = days[days.length - 1]?.cumulative ?? 0;
  const summary = n.perDayChartSummary(
    days.length,
    dateText(days[0]?.date ?? ''),
    dateText(days[days.length - 1]?.date ?? ''),
    total,
    dateText(best.date),
    best.count,
  );
  const withSignUps = days.filter((d) => d.count > 0);
  return (
    <section aria-labelledby="perday-title" class="numbers-section">
      <h2 id="perday-title" safe>
        {n.perDayHeading}
      </h2>
      <p safe>{n.perDayIntro}</p>
      <div class="chart-and-table">
        <div class="charts">
          <TimeChart
            id="perday-chart"
            title={n.perDayChartTitle}
            summary={summary}
            kind="columns"
            points={days.map((d) => ({ label: dateText(d.date), value: d.count }))}
          />
          <TimeChart
            id="cumulative-chart"
            title={n.cumulative}
            summary={n.cumulativeChartSummary(
              dateText(days[0]?.date ?? ''),
              days[0]?.cumulative ?? 0,
              dateText(days[days.length - 1]?.date ?? ''),
              total,
            )}
            kind="line"
            points={days.map((d) => ({ label: dateText(d.date), value: d.cumulative }))}
          />
        </div>
        <div class="table-scroll">
          <table class="data-table" id="perday-table">
            <caption safe>{n.perDayCaption}</caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {n.date}
                </th>
                <th scope="col" class="num" safe>
                  {n.perDay}
                </th>
                <th scope="col" class="num" safe>
                  {n.cumulative}
                </th>
              </tr>
            </thead>
            <tbody>
              {withSignUps.map((d) => (
                <tr>
                  <th scope="row">
                    <time datetime={d.date} safe>
                      {dateText(d.date)}
                    </time>
                  </th>
                  <td class="num">{d.count}</td>
                  <td class="num">{d.cumulative}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

export function NumbersPage(props: {
  ctx: AdminViewContext;
  event: { slug: string; title: string };
  permission: EventPermission;
  numbers: EventNumbers;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const n = t.admin.numbers;
  return (
    <AdminLayout
      ctx={props.ctx}
      title={`${n.title}: ${props.event.title}`}
      event={{ slug: props.event.slug, title: props.event.title, permission: props.permission, current: 'numbers' }}
      wide
    >
      <h1 safe>{n.title}</h1>
      <p safe>{n.intro}</p>
      <StatusSection t={t} numbers={props.numbers} />
      <MatrixSection t={t} numbers={props.numbers} />
      <PerDaySection t={t} lang={lang} numbers={props.numbers} />
    </AdminLayout>
  );
}
