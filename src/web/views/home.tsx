import type { EventSummary } from '../../core/events/list-events.ts';
import { formatDateTime } from '../i18n/index.ts';
import { langIf } from './content-lang.tsx';
import { eventWhen } from './format.ts';
import { Layout, type ViewContext } from './layout.tsx';

function EventCard(props: { ctx: ViewContext; event: EventSummary; now: Date }): JSX.Element {
  const { t, lang } = props.ctx;
  const e = props.event;
  const open = props.now <= e.registrationClosesAt && (!e.registrationOpensAt || props.now >= e.registrationOpensAt);
  return (
    <li class="event-card">
      <h3>
        <a href={`/e/${e.slug}`} lang={langIf(e.textLang?.title ?? e.mainLang, lang)} safe>
          {e.title}
        </a>
      </h3>
      <p class="event-card-when" safe>
        {eventWhen(e, lang)}
      </p>
      {e.venueName ? (
        <p class="event-card-where" safe>
          {e.venueName}
        </p>
      ) : (
        ''
      )}
      {e.summary ? (
        <p lang={langIf(e.textLang?.summary ?? e.mainLang, lang)} safe>
          {e.summary}
        </p>
      ) : (
        ''
      )}
      {e.endsAt >= props.now ? (
        <p class="event-card-deadline" safe>
          {open ? t.home.deadline(formatDateTime(e.registrationClosesAt, lang, e.timeZone)) : t.home.closed}
        </p>
      ) : (
        ''
      )}
    </li>
  );
}

export function HomePage(props: {
  ctx: ViewContext;
  upcoming: EventSummary[];
  past: EventSummary[];
  now: Date;
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} meta={{ title: t.home.title, description: t.home.intro }}>
      <h1 safe>{t.home.title}</h1>
      <p class="lead" safe>
        {t.home.intro}
      </p>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title" safe>
          {t.home.upcoming}
        </h2>
        {props.upcoming.length === 0 ? (
          <p safe>{t.home.noUpcoming}</p>
        ) : (
          <ul class="event-list">
            {props.upcoming.map((event) => (
              <EventCard ctx={props.ctx} event={event} now={props.now} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title" safe>
          {t.home.past}
        </h2>
        {props.past.length === 0 ? (
          <p safe>{t.home.noPast}</p>
        ) : (
          <ul class="event-list past">
            {props.past.map((event) => (
              <EventCard ctx={props.ctx} event={event} now={props.now} />
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
