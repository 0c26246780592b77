import type { EventDetails, ParallelSession, ProgrammeItem, RegistrationWindow } from '../../core/events/types.ts';
import type { PublicParticipant } from '../../core/privacy/public-participants.ts';
import { formatDateTime, formatTime, isoWithOffsetFor } from '../i18n/index.ts';
import { langIf, Text } from './content-lang.tsx';
import { eventWhen, jsonForScript, sessionSeatsText, venueText } from './format.ts';
import { Layout, type ViewContext } from './layout.tsx';
import { PublicParticipantList, privacyHref } from './privacy.tsx';

function Speakers(props: { item: ProgrammeItem }): JSX.Element {
  if (props.item.speakers.length === 0) return '';
  return (
    <ul class="speakers">
      {props.item.speakers.map((s) => (
        <li>
          <span class="speaker-name" safe>
            {s.name}
          </span>
          {s.affiliation ? <span class="speaker-affiliation" safe>{` (${s.affiliation})`}</span> : ''}
        </li>
      ))}
    </ul>
  );
}

function TimeRange(props: { from: Date; to: Date; ctx: ViewContext; tz: string }): JSX.Element {
  const { lang } = props.ctx;
  return (
    <span class="time">
      <time datetime={isoWithOffsetFor(props.from, props.tz)} safe>
        {formatTime(props.from, lang, props.tz)}
      </time>
      –
      <time datetime={isoWithOffsetFor(props.to, props.tz)} safe>
        {formatTime(props.to, lang, props.tz)}
      </time>
    </span>
  );
}

function SessionCard(props: {
  ctx: ViewContext;
  session: ParallelSession;
  tz: string;
  headingLevel: 'h4' | 'h3';
  /** The event's main language: the language of texts without a textLang. */
  mainLang: string;
}): JSX.Element {
  const { t } = props.ctx;
  const s = props.session;
  const Heading = props.headingLevel;
  const main = props.mainLang;
  return (
    <li class="session-card" id={`session-${s.code}`}>
      <Heading>
        <span class="session-code" safe>
          {s.code}
        </span>{' '}
        <span lang={langIf(s.textLang?.title ?? main, props.ctx.lang)} safe>
          {s.title}
        </span>
      </Heading>
      <p class="session-meta">
        <TimeRange from={s.startsAt} to={s.endsAt} ctx={props.ctx} tz={props.tz} />
        {s.facilitator ? (
          <>
            <br />
            <span safe>{t.event.facilitator(s.facilitator)}</span>
          </>
        ) : (
          ''
        )}
      </p>
      {s.description ? (
        <p lang={langIf(s.textLang?.description ?? main, props.ctx.lang)} safe>
          {s.description}
        </p>
      ) : (
        ''
      )}
      <p class={s.seatsLeft === 0 ? 'seats seats-full' : 'seats'}>
        <strong safe>{`${t.event.sessionSeats}: `}</strong>
        <span safe>{sessionSeatsText(t, s)}</span>
      </p>
    </li>
  );
}

/** The timetable: one ordered list per part, in time order; parallel sessions as one entry. */
function Programme(props: { ctx: ViewContext; event: EventDetails }): JSX.Element {
  const { t, lang } = props.ctx;
  const tz = props.event.timeZone;
  const main = props.event.mainLang;
  return (
    <section aria-labelledby="programme-title" class="programme">
      <h2 id="programme-title" safe>
        {t.event.programme}
      </h2>
      {props.event.parts.map((part) => {
        const items = part.items.filter((i) => i.sessionCode === null);
        const headingId = `part-${part.id}`;
        return (
          <section aria-labelledby={headingId} class="programme-part">
            <h3 id={headingId}>
              <span safe>{part.label}</span>
              {part.title ? (
                <>
                  {': '}
                  <Text value={part.title} lang={part.textLang?.title ?? main} pageLang={lang} />
                </>
              ) : (
                ''
              )}
            </h3>
            {part.facilitators ? (
              <p class="facilitators" safe>
                {t.event.facilitators(part.facilitators)}
              </p>
            ) : (
              ''
            )}
            <ol class="timetable">
              {items.map((item) => (
                <li class={`item item-${item.kind}`}>
                  <TimeRange from={item.startsAt} to={item.endsAt} ctx={props.ctx} tz={tz} />
                  <div class="item-body">
                    <span class="item-title" lang={langIf(item.textLang?.title ?? main, lang)} safe>
                      {item.title}
                    </span>
                    {item.kind !== 'talk' ? <span class="item-kind" safe>{` · ${t.itemKind[item.kind]}`}</span> : ''}
                    <Speakers item={item} />
                    {item.note ? (
                      <p class="item-note" safe>
                        {item.note}
                      </p>
                    ) : (
                      ''
                    )}
                  </div>
                </li>
              ))}
              {part.sessions.length > 0 ? (
                <li class="item item-parallel">
                  <TimeRange
                    from={new Date(Math.min(...part.sessions.map((s) => s.startsAt.getTime())))}
                    to={new Date(Math.max(...part.sessions.map((s) => s.endsAt.getTime())))}
                    ctx={props.ctx}
                    tz={tz}
                  />
                  <div class="item-body">
                    <span class="item-title" safe>
                      {t.event.parallelList}
                    </span>
                    <p class="item-note" safe>
                      {t.event.parallelIntro}
                    </p>
                    <ul class="sessions" aria-label={t.event.parallelList}>
                      {part.sessions.map((s) => (
                        <SessionCard
                          ctx={props.ctx}
                          session={s}
                          tz={tz}
                          headingLevel="h4"
                          mainLang={props.event.mainLang}
                        />
                      ))}
                    </ul>
                  </div>
                </li>
              ) : (
                ''
              )}
            </ol>
          </section>
        );
      })}
    </section>
  );
}

function RegisterBox(props: { ctx: ViewContext; event: EventDetails; window: RegistrationWindow }): JSX.Element {
  const { t, lang } = props.ctx;
  const e = props.event;
  return (
    <div class="register-box">
      {e.cancelledAt ? (
        <p class="notice notice-cancelled" safe>
          {t.messaging.cancelledEvent.noticeText}
        </p>
      ) : props.window === 'open' ? (
        <>
          <p>
            <a class="button button-primary" href={`/e/${e.slug}/register`} safe>
              {t.event.register}
            </a>
          </p>
          <p safe>{`${t.event.deadline}: ${formatDateTime(e.registrationClosesAt, lang, e.timeZone)}`}</p>
        </>
      ) : props.window === 'not_open' && e.registrationOpensAt ? (
        <p class="notice" safe>
          {t.event.registerNotOpen(formatDateTime(e.registrationOpensAt, lang, e.timeZone))}
        </p>
      ) : (
        <p class="notice" safe>
          {t.event.registerClosed}
        </p>
      )}
      <p>
        <a href={`/e/${e.slug}/link`} safe>
          {t.event.alreadyRegistered}
        </a>
      </p>
    </div>
  );
}

/** Organisers or partners, linked where they have an address. */
function PartyList(props: { parties: EventDetails['organisers'] }): JSX.Element {
  return (
    <ul class="parties">
      {props.parties.map((o) => (
        <li>
          {o.url ? (
            <a href={o.url} safe>
              {o.name}
            </a>
          ) : (
            <span safe>{o.name}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function structuredData(event: EventDetails, eventUrl: string, window: RegistrationWindow) {
  const offset = (d: Date) => isoWithOffsetFor(d, event.timeZone);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    description: event.summary,
    startDate: offset(event.startsAt),
    endDate: offset(event.endsAt),
    eventStatus: event.cancelledAt ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    url: eventUrl,
    inLanguage: event.mainLang,
    isAccessibleForFree: event.isFree,
    audience: event.audience ? { '@type': 'Audience', audienceType: event.audience } : undefined,
    location: {
      '@type': 'Place',
      name: [event.venueName, event.venueRoom].filter(Boolean).join(', '),
      address: event.venueAddress || event.venueName,
    },
    organizer: event.organisers.map((o) => ({
      '@type': 'Organization',
      name: o.name,
      ...(o.url ? { url: o.url } : {}),
    })),
    ...(event.isFree
      ? {
          offers: {
            '@type': 'Offer',
            price: 0,
            priceCurrency: 'NOK',
            url: `${eventUrl}/register`,
            availability:
              window === 'open'
                ? event.seatsLeft === 0
                  ? 'https://schema.org/SoldOut'
                  : 'https://schema.org/InStock'
                : 'https://schema.org/Discontinued',
            validThrough: offset(event.registrationClosesAt),
          },
        }
      : {}),
  };
}

export function EventPage(props: {
  ctx: ViewContext;
  event: EventDetails;
  window: RegistrationWindow;
  eventUrl: string;
  descriptionHtml: string;
  /** Shown to organisers who preview the page from the back office (not indexed). */
  preview?: { text: string; backHref: string; backLabel: string };
  /** The opt-in participant list, when the organiser has turned it on. */
  participants?: PublicParticipant[] | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const e = props.event;
  const ogLocale = { nb: 'nb_NO', nn: 'nn_NO', en: 'en_GB' }[lang] ?? 'nb_NO';
  const head = [
    <meta property="og:type" content="website" />,
    <meta property="og:title" content={e.title} />,
    <meta property="og:description" content={e.summary} />,
    <meta property="og:url" content={props.eventUrl} />,
    <meta property="og:locale" content={ogLocale} />,
    <meta property="og:site_name" content={t.site.name} />,
    <meta name="twitter:card" content="summary" />,
    `<script type="application/ld+json">${jsonForScript(structuredData(e, props.eventUrl, props.window))}</script>`,
    props.preview ? '<meta name="robots" content="noindex">' : '',
  ].join('');
  return (
    <Layout ctx={props.ctx} meta={{ title: e.title, description: e.summary, head, canonical: props.eventUrl }}>
      {props.preview ? (
        <div class="preview-banner" role="note">
          <p>
            <strong safe>{props.preview.text}</strong>{' '}
            <a href={props.preview.backHref} safe>
              {props.preview.backLabel}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <article class="event">
        {e.cancelledAt ? (
          <h1>
            <span class="cancelled-badge" safe>
              {t.messaging.cancelledEvent.badge}
            </span>{' '}
            <Text value={e.title} lang={e.textLang?.title ?? e.mainLang} pageLang={lang} />
          </h1>
        ) : (
          <h1 lang={langIf(e.textLang?.title ?? e.mainLang, lang)} safe>
            {e.title}
          </h1>
        )}
        {e.cancelledAt ? (
          <p class="notice notice-cancelled" role="note">
            <strong safe>{t.messaging.cancelledEvent.notice}</strong>
          </p>
        ) : (
          ''
        )}
        {e.summary ? (
          <p class="lead" lang={langIf(e.textLang?.summary ?? e.mainLang, lang)} safe>
            {e.summary}
          </p>
        ) : (
          ''
        )}
        <div class="event-top">
          <section aria-labelledby="facts-title" class="facts">
            <h2 id="facts-title" class="visually-hidden" safe>
              {t.event.facts}
            </h2>
            <dl>
              <div>
                <dt safe>{t.event.when}</dt>
                <dd safe>{eventWhen(e, lang)}</dd>
              </div>
              <div>
                <dt safe>{t.event.where}</dt>
                <dd safe>{venueText(e)}</dd>
              </div>
              {e.audience ? (
                <div>
                  <dt safe>{t.event.audience}</dt>
                  <dd safe>{e.audience}</dd>
                </div>
              ) : (
                ''
              )}
              {e.isFree || e.isOpen ? (
                <div>
                  <dt safe>{t.event.price}</dt>
                  <dd safe>
                    {e.isFree && e.isOpen ? t.event.freeAndOpen : e.isFree ? t.event.free : t.event.openToAll}
                  </dd>
                </div>
              ) : (
                ''
              )}
              <div>
                <dt safe>{t.event.deadline}</dt>
                <dd safe>{formatDateTime(e.registrationClosesAt, lang, e.timeZone)}</dd>
              </div>
              {e.capacity !== null ? (
                <div>
                  <dt safe>{t.event.seatsLeft}</dt>
                  <dd safe>{e.seatsLeft === 0 ? t.event.full : t.event.seatsLeftCount(e.seatsLeft ?? 0)}</dd>
                </div>
              ) : (
                ''
              )}
            </dl>
          </section>
          <RegisterBox ctx={props.ctx} event={e} window={props.window} />
        </div>
        {props.descriptionHtml ? (
          <section aria-labelledby="about-title" class="description">
            <h2 id="about-title" safe>
              {t.event.about}
            </h2>
            <div lang={langIf(e.textLang?.descriptionMd ?? e.mainLang, lang)}>{props.descriptionHtml as 'safe'}</div>
          </section>
        ) : (
          ''
        )}
        <Programme ctx={props.ctx} event={e} />
        {e.organisers.length + e.partners.length > 0 ? (
          <section aria-labelledby="parties-title">
            <h2 id="parties-title" safe>
              {t.event.organisers}
            </h2>
            <PartyList parties={e.organisers} />
            {e.partners.length > 0 ? (
              <>
                <h3 safe>{t.event.partners}</h3>
                <PartyList parties={e.partners} />
              </>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}
        {e.links.length > 0 ? (
          <section aria-labelledby="links-title">
            <h2 id="links-title" safe>
              {t.event.links}
            </h2>
            <ul>
              {e.links.map((l) => (
                <li>
                  <a href={l.url} safe>
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        <section aria-labelledby="contact-title">
          <h2 id="contact-title" safe>
            {t.event.contact}
          </h2>
          <p>
            <a href={`mailto:${e.contactEmail}`} safe>
              {t.event.contactText(e.contactEmail)}
            </a>
          </p>
          <p>
            <a href={`/e/${e.slug}/calendar.ics`} safe>
              {t.event.calendar}
            </a>
          </p>
          <p>
            <a href={privacyHref(e)} safe>
              {t.privacyInfo.eventPrivacyLink}
            </a>
          </p>
        </section>
        {e.publicList && props.participants ? (
          <PublicParticipantList ctx={props.ctx} participants={props.participants} />
        ) : (
          ''
        )}
      </article>
    </Layout>
  );
}
