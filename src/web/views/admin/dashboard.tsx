// The organiser's start page: their events, upcoming first, with registration status and seats.
import type { AdminEventSummary } from '../../../core/events/list-admin-events.ts';
import { formatDate, formatDateTime, formatShortDate, type Messages } from '../../i18n/index.ts';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

/** "Påmeldingen stenger om 3 dager" and the like, from the event's registration window. */
export function registrationStatusText(t: Messages, e: AdminEventSummary, lang: string): string {
  const d = t.admin.dashboard;
  if (e.window === 'not_open' && e.registrationOpensAt)
    return d.notOpen(formatDateTime(e.registrationOpensAt, lang, e.timeZone));
  if (e.window === 'closed') return d.closed;
  if (e.daysToDeadline <= 0) return d.closesToday;
  if (e.daysToDeadline === 1) return d.closesTomorrow;
  return d.closesIn(e.daysToDeadline);
}

function capacityText(t: Messages, capacity: number | null): string {
  return capacity === null ? t.admin.dashboard.unlimited : String(capacity);
}

/** Seats taken per session and in total, against capacity, with waiting-list lengths. */
export function SeatsTable(props: { t: Messages; event: AdminEventSummary; captionHidden?: boolean }): JSX.Element {
  const { t, event: e } = props;
  const d = t.admin.dashboard;
  const showNoSession =
    e.sessions.length > 0 && (e.allowNoSession || e.noSessionSeatsTaken > 0 || e.noSessionWaitlistLength > 0);
  const totalWaitlist = e.sessions.reduce((sum, s) => sum + s.waitlistLength, 0) + e.noSessionWaitlistLength;
  return (
    <div class="table-scroll">
      <table class="data-table seats-table">
        <caption class={props.captionHidden ? 'visually-hidden' : undefined} safe>
          {d.seatsCaption(e.title)}
        </caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {d.session}
            </th>
            <th scope="col" class="num" safe>
              {d.taken}
            </th>
            <th scope="col" class="num" safe>
              {d.capacity}
            </th>
            <th scope="col" class="num" safe>
              {d.waitlist}
            </th>
          </tr>
        </thead>
        <tbody>
          {e.sessions.map((s) => (
            <tr>
              <th scope="row" safe>{`${s.code}: ${s.title}`}</th>
              <td class="num">{s.seatsTaken}</td>
              <td class="num" safe>
                {capacityText(t, s.capacity)}
              </td>
              <td class="num">{s.waitlistLength}</td>
            </tr>
          ))}
          {showNoSession ? (
            <tr>
              <th scope="row" safe>
                {d.noSession}
              </th>
              <td class="num">{e.noSessionSeatsTaken}</td>
              <td class="num">–</td>
              <td class="num">{e.noSessionWaitlistLength}</td>
            </tr>
          ) : (
            ''
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" safe>
              {d.total}
            </th>
            <td class="num">{e.seatsTaken}</td>
            <td class="num" safe>
              {capacityText(t, e.capacity)}
            </td>
            <td class="num">{totalWaitlist}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function EventCard(props: { t: Messages; lang: string; event: AdminEventSummary }): JSX.Element {
  const { t, lang, event: e } = props;
  const d = t.admin.dashboard;
  const status = registrationStatusText(t, e, lang);
  return (
    <li class="dash-event">
      <article aria-labelledby={`event-${e.id}`}>
        <h3 id={`event-${e.id}`}>
          <a href={`/admin/events/${encodeURIComponent(e.slug)}`} safe>
            {e.title}
          </a>
          {e.published ? (
            ''
          ) : (
            <>
              {' '}
              <span class="badge badge-draft" safe>
                {d.draft}
              </span>
            </>
          )}
        </h3>
        <p class="dash-meta">
          <span safe>{formatDate(e.startsAt, lang, e.timeZone)}</span>
          {' · '}
          <span class={`dash-window dash-window-${e.window}`} safe>
            {status}
          </span>
          {e.window === 'open' ? (
            <>
              {' '}
              <span safe>{`(${d.deadline(formatShortDate(e.registrationClosesAt, lang, e.timeZone))})`}</span>
            </>
          ) : (
            ''
          )}
          {' · '}
          <span safe>{d.yourAccess(t.admin.common.roleNames[e.permission].toLowerCase())}</span>
        </p>
        <SeatsTable t={t} event={e} captionHidden />
      </article>
    </li>
  );
}

export function DashboardPage(props: {
  ctx: AdminViewContext;
  upcoming: AdminEventSummary[];
  past: AdminEventSummary[];
  canCreate: boolean;
  notice?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const d = t.admin.dashboard;
  const empty = props.upcoming.length === 0 && props.past.length === 0;
  const newEvent = props.canCreate ? (
    <p>
      <a class="button button-primary" href="/admin/events/new" safe>
        {d.newEvent}
      </a>
    </p>
  ) : (
    ''
  );
  return (
    <AdminLayout ctx={props.ctx} title={d.title}>
      <h1 safe>{d.title}</h1>
      {props.notice ? (
        <p class="notice notice-success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {empty ? (
        <section class="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title" safe>
            {d.emptyTitle}
          </h2>
          <p safe>{props.canCreate ? d.emptyOrganiser : d.emptyFacilitator}</p>
          {newEvent}
        </section>
      ) : (
        <>
          {newEvent}
          <section aria-labelledby="upcoming-title">
            <h2 id="upcoming-title" safe>
              {d.upcoming}
            </h2>
            {props.upcoming.length === 0 ? (
              <p safe>{d.noUpcoming}</p>
            ) : (
              <ul class="dash-events">
                {props.upcoming.map((e) => (
                  <EventCard t={t} lang={lang} event={e} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="past-title">
            <h2 id="past-title" safe>
              {d.past}
            </h2>
            {props.past.length === 0 ? (
              <p safe>{d.noPast}</p>
            ) : (
              <ul class="dash-events">
                {props.past.map((e) => (
                  <EventCard t={t} lang={lang} event={e} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </AdminLayout>
  );
}
