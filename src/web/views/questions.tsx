// Plenary questions for participants and the screen: the phone page /q/:code, the projector view
// (in the back office and behind a display link) and the display link's index. The lists are
// fragments that the server renders both into the page and into the live stream.
import { escapeHtml, type PropsWithChildren } from '@kitajs/html';
import type { PublicQuestions } from '../../core/questions/list-questions.ts';
import { QUESTION_LIMITS, type Question, type QuestionRoom } from '../../core/questions/types.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';
import { LiveRegion, liveHead } from './live.tsx';
import { ticketSvg } from './ticket.tsx';

/**
 * How often the projector reloads itself without JavaScript. The phone page does not: a reload
 * would empty the question being typed, so it has a refresh link instead.
 */
export const PROJECTOR_REFRESH_SECONDS = 5;

/** "https://samskap.no/q/ab3k9" → "samskap.no/q/ab3k9": what people type. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

function Author(props: { t: Messages; q: Question }): JSX.Element {
  const l = props.t.live;
  return (
    <p class="q-author" safe>
      {props.q.authorName ? l.admin.author(props.q.authorName, props.q.authorRole) : l.anonymous}
    </p>
  );
}

function Badges(props: { t: Messages; q: Question }): JSX.Element {
  const l = props.t.live;
  if (!props.q.pinned && !props.q.answered) return '';
  return (
    <p class="q-badges">
      {props.q.pinned ? (
        <span class="q-badge q-badge-pinned" safe>
          {l.pinned}
        </span>
      ) : (
        ''
      )}
      {props.q.answered ? (
        <span class="q-badge q-badge-answered" safe>
          {l.answered}
        </span>
      ) : (
        ''
      )}
    </p>
  );
}

/** A short, one-line form of a post for button labels. */
export function snippet(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function PhoneItem(props: {
  t: Messages;
  code: string;
  q: Question;
  open: boolean;
  csrfToken: string;
  voted: boolean;
}): JSX.Element {
  const { t, q } = props;
  const l = t.live;
  return (
    <li class="q-item" id={`q-${q.id}`} data-question={String(q.id)}>
      <Badges t={t} q={q} />
      <p class="q-body" safe>
        {q.body}
      </p>
      <Author t={t} q={q} />
      <div class="q-vote-row">
        <p class="q-votes" safe>
          {l.votes(q.votes)}
        </p>
        {props.open ? (
          <>
            <form method="post" action={`/q/${props.code}/vote`} class="q-vote-form" hidden={props.voted}>
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="question" value={String(q.id)} />
              <button
                type="submit"
                class="button button-secondary"
                aria-label={escapeHtml(l.voteFor(snippet(q.body)))}
                safe
              >
                {l.vote}
              </button>
            </form>
            <p class="q-voted" hidden={!props.voted} safe>
              {`✓ ${l.voted}`}
            </p>
          </>
        ) : (
          ''
        )}
      </div>
    </li>
  );
}

/**
 * The phone's list: visible posts with their votes and vote buttons. In the live stream the same
 * fragment goes to every phone, so it has no CSRF token and no "you voted" marks: live.js puts
 * the page's token in and questions.js the person's marks (data-voted on the region).
 */
export function PhoneList(props: {
  t: Messages;
  code: string;
  open: boolean;
  questions: PublicQuestions;
  csrfToken: string;
  voted: ReadonlySet<number>;
}): JSX.Element {
  const { t } = props;
  const l = t.live;
  const item = (q: Question) => (
    <PhoneItem
      t={t}
      code={props.code}
      q={q}
      open={props.open}
      csrfToken={props.csrfToken}
      voted={props.voted.has(q.id)}
    />
  );
  return (
    <>
      {props.open ? (
        ''
      ) : (
        <p class="notice" safe>
          {l.closedNote}
        </p>
      )}
      {props.questions.open.length === 0 && props.questions.answered.length === 0 ? (
        <p class="q-none" safe>
          {l.none}
        </p>
      ) : (
        ''
      )}
      {props.questions.open.length > 0 ? <ol class="q-list">{props.questions.open.map(item)}</ol> : ''}
      {props.questions.answered.length > 0 ? (
        <>
          <h3 safe>{l.answeredHeading}</h3>
          <ol class="q-list q-list-answered">{props.questions.answered.map(item)}</ol>
        </>
      ) : (
        ''
      )}
    </>
  );
}

export interface PostFormState {
  values: { body: string; name: string; role: string };
  errors: FieldErrors;
}

export function PhonePage(props: {
  ctx: ViewContext;
  eventTitle: string;
  eventSlug: string;
  room: QuestionRoom;
  shortUrl: string;
  questions: PublicQuestions;
  csrfToken: string;
  voted: ReadonlySet<number>;
  notice?: string | undefined;
  form?: PostFormState;
}): JSX.Element {
  const { t } = props.ctx;
  const l = t.live;
  const room = props.room;
  const form = props.form ?? { values: { body: '', name: '', role: '' }, errors: {} };
  const base = `/q/${room.code}`;
  return (
    <Layout
      ctx={props.ctx}
      meta={{
        title: room.title,
        head: `${liveHead(null)}<script src="/static/questions.js" defer></script><link rel="stylesheet" href="/static/questions.css"><meta name="robots" content="noindex">`,
      }}
    >
      <p class="breadcrumb">
        <a href={`/e/${props.eventSlug}`} safe>
          {props.eventTitle}
        </a>
      </p>
      <h1 safe>{room.title}</h1>
      <p class="lead" safe>
        {l.phoneIntro}
      </p>
      {props.notice ? (
        <p class="notice notice-success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {room.open ? (
        <section class="q-post" aria-labelledby="q-post-heading">
          <h2 id="q-post-heading" safe>
            {l.postHeading}
          </h2>
          <ErrorSummary t={t} errors={form.errors} order={['body', 'name', 'role']} />
          <form method="post" action={base} novalidate>
            <CsrfField token={props.csrfToken} />
            <TextField
              t={t}
              name="body"
              label={l.bodyLabel}
              hint={l.bodyHint(QUESTION_LIMITS.body)}
              value={form.values.body}
              error={form.errors.body}
              required
              multiline
              maxlength={QUESTION_LIMITS.body}
            />
            {room.identityMode === 'anonymous' ? (
              <p class="hint" safe>
                {l.anonymousNote}
              </p>
            ) : (
              <>
                <TextField
                  t={t}
                  name="name"
                  label={l.nameLabel}
                  hint={room.identityMode === 'choice' ? l.choiceHint : undefined}
                  value={form.values.name}
                  error={form.errors.name}
                  required={room.identityMode === 'named'}
                  maxlength={QUESTION_LIMITS.name}
                  autocomplete="name"
                />
                <TextField
                  t={t}
                  name="role"
                  label={l.roleLabel}
                  hint={l.roleHint}
                  value={form.values.role}
                  error={form.errors.role}
                  maxlength={QUESTION_LIMITS.role}
                  autocomplete="organization-title"
                />
              </>
            )}
            {room.moderation === 'pre' ? (
              <p class="hint" safe>
                {l.preModerated}
              </p>
            ) : (
              ''
            )}
            <button type="submit" class="button button-primary" safe>
              {l.send}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <section class="q-questions" aria-labelledby="q-list-heading">
        <h2 id="q-list-heading" safe>
          {l.listHeading}
        </h2>
        <p class="hint">
          <span safe>{`${l.liveHint} `}</span>
          <a href={base} safe>
            {l.refreshLink}
          </a>
        </p>
        <LiveRegion
          src={`${base}/live`}
          id="q-live"
          csrf={props.csrfToken}
          attrs={{ 'data-voted': [...props.voted].join(' ') }}
        >
          <PhoneList
            t={t}
            code={room.code}
            open={room.open}
            questions={props.questions}
            csrfToken={props.csrfToken}
            voted={props.voted}
          />
        </LiveRegion>
      </section>
      <p class="q-address" safe>
        {l.shortAddress(displayUrl(props.shortUrl))}
      </p>
    </Layout>
  );
}

// ---- the projector --------------------------------------------------------------------------

function ProjectorItem(props: { t: Messages; q: Question }): JSX.Element {
  const { t, q } = props;
  return (
    <li class={q.pinned ? 'p-item p-pinned' : 'p-item'} id={`p-${q.id}`}>
      <p class="p-votes">
        <span class="p-count" safe>
          {String(q.votes)}
        </span>
        <span class="visually-hidden" safe>
          {` ${t.live.votes(q.votes)}`}
        </span>
      </p>
      <div class="p-text">
        <Badges t={t} q={q} />
        <p class="p-body" safe>
          {q.body}
        </p>
        <Author t={t} q={q} />
      </div>
    </li>
  );
}

/** The projector's list: pinned first, then by votes; answered ones apart and smaller. */
export function ProjectorList(props: { t: Messages; open: boolean; questions: PublicQuestions }): JSX.Element {
  const { t } = props;
  const l = t.live;
  return (
    <>
      {props.open ? (
        ''
      ) : (
        <p class="p-closed" safe>
          {l.projectorClosed}
        </p>
      )}
      {props.questions.open.length === 0 ? (
        <p class="p-empty" safe>
          {l.projectorEmpty}
        </p>
      ) : (
        <ol class="p-list">
          {props.questions.open.map((q) => (
            <ProjectorItem t={t} q={q} />
          ))}
        </ol>
      )}
      {props.questions.answered.length > 0 ? (
        <>
          <h2 class="p-answered-heading" safe>
            {l.answeredHeading}
          </h2>
          <ol class="p-list p-list-answered">
            {props.questions.answered.map((q) => (
              <ProjectorItem t={t} q={q} />
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** A page without the site's header and footer, for the screen in the hall. */
export function ScreenLayout(
  props: PropsWithChildren<{ t: Messages; lang: Lang; title: string; head?: string; bodyClass?: string }>,
): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title safe>{props.title}</title>
          <link rel="stylesheet" href="/static/site.css" />
          <link rel="stylesheet" href="/static/questions.css" />
          {props.head ?? ''}
        </head>
        <body class={props.bodyClass ?? 'screen'}>
          <a class="skip-link" href="#main" safe>
            {props.t.site.skipLink}
          </a>
          <main id="main" tabindex="-1">
            {props.children as 'safe'}
          </main>
        </body>
      </html>
    </>
  );
}

export function ProjectorPage(props: {
  t: Messages;
  lang: Lang;
  eventTitle: string;
  room: QuestionRoom;
  shortUrl: string;
  questions: PublicQuestions;
  liveSrc: string;
}): JSX.Element {
  const { t } = props;
  const l = t.live;
  const url = displayUrl(props.shortUrl);
  return (
    <ScreenLayout
      t={t}
      lang={props.lang}
      title={`${props.room.title} – ${props.eventTitle}`}
      head={liveHead(PROJECTOR_REFRESH_SECONDS)}
      bodyClass="screen projector"
    >
      <div class="p-layout">
        <div class="p-main">
          <p class="p-event" safe>
            {props.eventTitle}
          </p>
          <h1 safe>{props.room.title}</h1>
          <LiveRegion src={props.liveSrc} id="p-live">
            <ProjectorList t={t} open={props.room.open} questions={props.questions} />
          </LiveRegion>
        </div>
        <aside class="p-join" aria-labelledby="p-join-heading">
          <h2 id="p-join-heading" safe>
            {l.projectorJoin}
          </h2>
          <figure class="p-qr">
            {ticketSvg(props.shortUrl) as 'safe'}
            <figcaption>
              <span safe>{l.projectorScan}</span>{' '}
              <strong class="p-url" safe>
                {url}
              </strong>
            </figcaption>
          </figure>
        </aside>
      </div>
    </ScreenLayout>
  );
}

// ---- the display link's index -----------------------------------------------------------------

/** The rooms a display link can show right now (refreshed live when rooms open and close). */
export function DisplayRoomList(props: {
  t: Messages;
  base: string;
  rooms: { code: string; title: string }[];
}): JSX.Element {
  const l = props.t.live;
  if (props.rooms.length === 0) {
    return <p safe>{l.displayNothing}</p>;
  }
  return (
    <>
      <h2 safe>{l.displayRooms}</h2>
      <ul class="display-links">
        {props.rooms.map((r) => (
          <li>
            <a href={`${props.base}/q/${r.code}`} safe>
              {r.title}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function DisplayIndexPage(props: {
  t: Messages;
  lang: Lang;
  eventTitle: string;
  base: string;
  rooms: { code: string; title: string }[];
  /** Further sections (e.g. the pitch sessions' screens), already rendered. */
  extra?: string;
}): JSX.Element {
  const l = props.t.live;
  return (
    <ScreenLayout
      t={props.t}
      lang={props.lang}
      title={`${l.displayIndexTitle} – ${props.eventTitle}`}
      head={liveHead(PROJECTOR_REFRESH_SECONDS * 2)}
    >
      <div class="wrap">
        <p class="p-event" safe>
          {props.eventTitle}
        </p>
        <h1 safe>{l.displayIndexTitle}</h1>
        <p safe>{l.displayIndexIntro}</p>
        <LiveRegion src={`${props.base}/live`} id="display-live">
          <DisplayRoomList t={props.t} base={props.base} rooms={props.rooms} />
        </LiveRegion>
        {(props.extra ?? '') as 'safe'}
      </div>
    </ScreenLayout>
  );
}
