// The research-idea clinic for registrants (issue 8, DEL 2B): the section on the personal page,
// the idea form, the session's ideas, the feedback form on the phone (with a live status line)
// and the owner's summary. Plain forms; the live line and the clock are extras.
import type { FeedbackState } from '../../core/ideas/feedback-state.ts';
import type { MyIdeas } from '../../core/ideas/my-ideas.ts';
import type { PitchSlot } from '../../core/ideas/pitch-run.ts';
import {
  type CriterionScores,
  FEEDBACK_COMMENT_MAX,
  IDEA_LIMITS,
  IDEA_STAGES,
  type IdeaSummary,
  type IdeaView,
  PARTNER_KINDS,
  type PitchRun,
} from '../../core/ideas/types.ts';
import { formatTime, type Messages } from '../i18n/index.ts';
import { CsrfField, ErrorSummary, FieldError, type FieldErrors, fieldId, RadioGroup, TextField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';
import { LiveRegion } from './live.tsx';

// The feedback form must never reload by itself (a meta refresh would throw away what is being
// typed): the live line and the clock come with JavaScript, and a link refreshes without it.
const FEEDBACK_HEAD =
  '<script src="/static/live.js" defer></script><script src="/static/pitch-timer.js" defer></script>';

type IdeasText = Messages['ideas'];

/** "4:05": minutes and seconds of a duration in seconds (its absolute value). */
export function clock(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "3,8" in Norwegian, "3.8" in English: one decimal. */
export function decimal(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nb-NO', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/**
 * The phase clock. Without JavaScript it shows the time left when the page was made; the script
 * /static/pitch-timer.js counts down to `data-deadline` (corrected by the page's server time).
 * role="timer" keeps a ticking clock out of the live region's announcements.
 */
export function PhaseTimer(props: { t: IdeasText; run: PitchRun; now: Date }): JSX.Element {
  const { run, t } = props;
  if (run.status !== 'running' || !run.phase || !run.phaseStartedAt) return '';
  const minutes = run.phase === 'pitch' ? run.pitchMinutes : run.feedbackMinutes;
  const deadline = run.phaseStartedAt.getTime() + minutes * 60_000;
  const left = Math.round((deadline - props.now.getTime()) / 1000);
  return (
    <p class="pitch-clock">
      <span class="pitch-clock-label" safe>{`${t.timerLabel}: `}</span>
      <span
        class={left < 0 ? 'pitch-timer pitch-timer-over' : 'pitch-timer'}
        role="timer"
        aria-live="off"
        data-deadline={String(deadline)}
        data-left={t.timeLeft('{t}')}
        data-over={t.overTime('{t}')}
        safe
      >
        {left >= 0 ? t.timeLeft(clock(left)) : t.overTime(clock(left))}
      </span>
    </p>
  );
}

/** The server's clock on a page with timers, so the script can correct a phone whose clock is off. */
export function ServerClock(props: { now: Date }): JSX.Element {
  return <span hidden data-server-now={String(props.now.getTime())} />;
}

// ---- The section on the personal page ------------------------------------------------------------

export function MyIdeasSection(props: {
  ctx: ViewContext;
  mine: MyIdeas;
  href: (path: string) => string;
}): JSX.Element {
  const t = props.ctx.t.ideas;
  const { mine, href } = props;
  const links: { href: string; label: string }[] = [];
  if (mine.canEdit) links.push({ href: href('idea'), label: mine.idea ? t.editLink : t.submitLink });
  if (mine.ideasCount > 0) links.push({ href: href('ideas'), label: t.readLink(mine.ideasCount) });
  if (mine.run.status === 'running') links.push({ href: href('feedback'), label: t.feedbackLink });
  if (mine.idea && mine.respondents > 0) {
    links.push({ href: href('idea/summary'), label: t.summaryLink });
    links.push({ href: href('idea/summary.pdf'), label: t.pdfLink });
  }
  return (
    <section aria-labelledby="ideas-title" class="my-ideas">
      <h2 id="ideas-title" safe>
        {t.sectionHeading}
      </h2>
      {mine.idea ? (
        <p>
          <strong safe>{t.yourIdea(mine.idea.title)}</strong>
          <span safe>{` (${t.stages[mine.idea.stage]})`}</span>
        </p>
      ) : (
        <p safe>{t.sectionIntro}</p>
      )}
      {mine.canEdit ? '' : <p safe>{mine.idea ? t.closedIdea : t.closedNoIdea}</p>}
      {links.length > 0 ? (
        <ul class="link-list">
          {links.map((l) => (
            <li>
              <a href={l.href} safe>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </section>
  );
}

// ---- The idea form -------------------------------------------------------------------------------

export interface IdeaFormValues {
  title: string;
  problem: string;
  novelty: string;
  partnersResearch: string;
  partnersPublic: string;
  partnersBusiness: string;
  partnersCivil: string;
  funding: string;
  stage: string;
}

const partnerField = {
  research: 'partnersResearch',
  public: 'partnersPublic',
  business: 'partnersBusiness',
  civil: 'partnersCivil',
} as const;

export function ideaFormValues(idea: IdeaView | null | undefined): IdeaFormValues {
  return {
    title: idea?.title ?? '',
    problem: idea?.problem ?? '',
    novelty: idea?.novelty ?? '',
    partnersResearch: idea?.partners.research ?? '',
    partnersPublic: idea?.partners.public ?? '',
    partnersBusiness: idea?.partners.business ?? '',
    partnersCivil: idea?.partners.civil ?? '',
    funding: idea?.funding ?? '',
    stage: idea?.stage ?? '',
  };
}

export { partnerField };

function Breadcrumb(props: { ctx: ViewContext; back: string }): JSX.Element {
  return (
    <p class="breadcrumb">
      <a href={props.back} safe>
        {props.ctx.t.ideas.backToMy}
      </a>
    </p>
  );
}

export function IdeaFormPage(props: {
  ctx: ViewContext;
  eventTitle: string;
  sessionCode: string;
  action: string;
  back: string;
  csrfToken: string;
  values: IdeaFormValues;
  errors: FieldErrors;
  canEdit: boolean;
  flash?: string | undefined;
  listHref?: string | undefined;
}): JSX.Element {
  const { t: all } = props.ctx;
  const t = all.ideas;
  const v = props.values;
  const e = props.errors;
  return (
    <Layout ctx={props.ctx} meta={{ title: `${t.formTitle}: ${props.eventTitle}` }}>
      <Breadcrumb ctx={props.ctx} back={props.back} />
      <h1 safe>{t.formTitle}</h1>
      {props.flash ? (
        <p class="notice notice-success" role="status" safe>
          {props.flash}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={all} errors={e} />
      <p safe>{t.formIntro}</p>
      {props.listHref ? (
        <p>
          <a href={props.listHref} safe>
            {t.listTitle(props.sessionCode)}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.canEdit ? (
        <form method="post" action={props.action} novalidate class="idea-form">
          <CsrfField token={props.csrfToken} />
          <TextField
            t={all}
            name="title"
            label={t.fieldTitle}
            value={v.title}
            error={e.title}
            required
            maxlength={IDEA_LIMITS.title}
          />
          <TextField
            t={all}
            name="problem"
            label={t.fieldProblem}
            value={v.problem}
            error={e.problem}
            required
            multiline
            maxlength={IDEA_LIMITS.problem}
          />
          <TextField
            t={all}
            name="novelty"
            label={t.fieldNovelty}
            value={v.novelty}
            error={e.novelty}
            required
            multiline
            maxlength={IDEA_LIMITS.novelty}
          />
          <fieldset class="field-group" aria-describedby="partners-hint">
            <legend safe>{t.partnersLegend}</legend>
            <p class="hint" id="partners-hint" safe>
              {t.partnersHint}
            </p>
            {PARTNER_KINDS.map((kind) => (
              <TextField
                t={all}
                name={partnerField[kind]}
                label={t.partnerKinds[kind]}
                value={v[partnerField[kind]]}
                error={e[partnerField[kind]]}
                maxlength={IDEA_LIMITS.partners}
              />
            ))}
          </fieldset>
          <TextField
            t={all}
            name="funding"
            label={t.fieldFunding}
            hint={t.fieldFundingHint}
            value={v.funding}
            error={e.funding}
            maxlength={IDEA_LIMITS.funding}
            attrs={{ list: 'funding-suggestions' }}
            autocomplete="off"
          />
          <datalist id="funding-suggestions">
            {t.fundingSuggestions.map((s) => (
              <option value={s} />
            ))}
          </datalist>
          <RadioGroup
            t={all}
            name="stage"
            legend={t.stageLegend}
            value={v.stage}
            error={e.stage}
            required
            options={IDEA_STAGES.map((s) => ({ value: s, label: t.stages[s] }))}
          />
          <button type="submit" class="button button-primary" safe>
            {t.save}
          </button>
        </form>
      ) : (
        <p class="notice" safe>
          {t.changeClosed}
        </p>
      )}
    </Layout>
  );
}

// ---- The session's ideas -------------------------------------------------------------------------

/** One idea with all its fields, as a description list (shared by the list and the back office). */
export function IdeaDetails(props: { t: IdeasText; idea: IdeaView }): JSX.Element {
  const { t, idea } = props;
  const partners = PARTNER_KINDS.filter((k) => idea.partners[k] !== '');
  return (
    <dl class="details idea-details">
      <div>
        <dt safe>{t.problemTerm}</dt>
        <dd class="preserve-lines" safe>
          {idea.problem}
        </dd>
      </div>
      <div>
        <dt safe>{t.noveltyTerm}</dt>
        <dd class="preserve-lines" safe>
          {idea.novelty}
        </dd>
      </div>
      <div>
        <dt safe>{t.partnersTerm}</dt>
        <dd>
          {partners.length === 0 ? (
            <span safe>{t.notGiven}</span>
          ) : (
            <ul class="plain-list">
              {partners.map((k) => (
                <li safe>{`${t.partnerKinds[k]}: ${idea.partners[k]}`}</li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt safe>{t.fundingTerm}</dt>
        <dd safe>{idea.funding || t.notGiven}</dd>
      </div>
      <div>
        <dt safe>{t.stageTerm}</dt>
        <dd safe>{t.stages[idea.stage]}</dd>
      </div>
    </dl>
  );
}

export function IdeasListPage(props: {
  ctx: ViewContext;
  eventTitle: string;
  sessionCode: string;
  timeZone: string;
  slots: PitchSlot[];
  ownId: number;
  back: string;
}): JSX.Element {
  const { lang } = props.ctx;
  const t = props.ctx.t.ideas;
  const title = t.listTitle(props.sessionCode);
  return (
    <Layout ctx={props.ctx} meta={{ title: `${title}: ${props.eventTitle}` }}>
      <Breadcrumb ctx={props.ctx} back={props.back} />
      <h1 safe>{title}</h1>
      <p safe>{t.listIntro}</p>
      {props.slots.length === 0 ? <p safe>{t.listEmpty}</p> : ''}
      <ol class="idea-list">
        {props.slots.map((slot) => (
          <li>
            <article class="idea-card" aria-labelledby={`idea-${slot.idea.id}`}>
              <h2 id={`idea-${slot.idea.id}`} safe>
                {slot.idea.title}
              </h2>
              <p class="idea-meta">
                <span safe>{t.owner(slot.idea.ownerName, slot.idea.ownerOrganization)}</span>
                <span safe>{` · ${t.plannedAt(formatTime(slot.startsAt, lang, props.timeZone))}`}</span>
                {slot.idea.registrationId === props.ownId ? (
                  <strong class="badge" safe>
                    {t.yours}
                  </strong>
                ) : (
                  ''
                )}
              </p>
              <IdeaDetails t={t} idea={slot.idea} />
            </article>
          </li>
        ))}
      </ol>
    </Layout>
  );
}

// ---- Feedback on the phone -----------------------------------------------------------------------

/** What is on now, for everyone in the session (the same fragment for every phone). */
export function PitchStatus(props: {
  t: IdeasText;
  run: PitchRun;
  current: IdeaView | null;
  place: number;
  total: number;
  now: Date;
}): JSX.Element {
  const { t, run, current } = props;
  if (run.status === 'finished') return <p safe>{t.finished}</p>;
  if (run.status !== 'running' || !current) return <p safe>{t.notStarted}</p>;
  return (
    <div class="pitch-status">
      <p class="pitch-now">
        <span safe>{`${t.nowOn(props.place, props.total)}: `}</span>
        <strong safe>{current.title}</strong>
        <span safe>{` – ${t.owner(current.ownerName, current.ownerOrganization)}`}</span>
      </p>
      <p>
        <span safe>{`${t.phaseLabel}: `}</span>
        <strong safe>{run.phase ? t.phaseNames[run.phase] : ''}</strong>
      </p>
      <PhaseTimer t={t} run={run} now={props.now} />
    </div>
  );
}

/** A criterion's fieldset: the 1–5 radios and a comment. */
function CriterionFieldset(props: {
  all: Messages;
  criterion: { id: number; name: string; description: string };
  score: string;
  comment: string;
  errors: FieldErrors;
}): JSX.Element {
  const { all, criterion } = props;
  const t = all.ideas;
  const scoreName = `score.${criterion.id}`;
  const commentName = `comment.${criterion.id}`;
  const hintId = `${fieldId(scoreName)}-hint`;
  const errorId = props.errors[scoreName] ? `${fieldId(scoreName)}-error` : '';
  return (
    <fieldset
      class={props.errors[scoreName] ? 'field radios criterion has-error' : 'field radios criterion'}
      aria-describedby={[criterion.description ? hintId : '', errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend safe>{criterion.name}</legend>
      {criterion.description ? (
        <p class="hint" id={hintId} safe>
          {criterion.description}
        </p>
      ) : (
        ''
      )}
      <FieldError t={all} name={scoreName} error={props.errors[scoreName]} />
      <div class="score-options">
        {t.scoreLabels.map((label, i) => {
          const value = String(i + 1);
          const id = i === 0 ? fieldId(scoreName) : `${fieldId(scoreName)}-${value}`;
          return (
            <div class="radio">
              <input
                type="radio"
                id={id}
                name={scoreName}
                value={value}
                checked={props.score === value}
                required
                aria-invalid={props.errors[scoreName] ? 'true' : undefined}
              />
              <label for={id} safe>
                {label}
              </label>
            </div>
          );
        })}
      </div>
      <TextField
        t={all}
        name={commentName}
        label={`${t.comment}: ${criterion.name}`}
        value={props.comment}
        error={props.errors[commentName]}
        multiline
        maxlength={FEEDBACK_COMMENT_MAX}
      />
    </fieldset>
  );
}

export function FeedbackPage(props: {
  ctx: ViewContext;
  eventTitle: string;
  state: FeedbackState;
  /** The status fragment, rendered as the stream sends it. */
  status: JSX.Element;
  liveSrc: string;
  action: string;
  back: string;
  self: string;
  csrfToken: string;
  now: Date;
  /** Typed values after a refusal; otherwise what was given before. */
  values?: Record<string, string> | undefined;
  errors: FieldErrors;
  flash?: string | undefined;
  problem?: string | undefined;
}): JSX.Element {
  const { t: all } = props.ctx;
  const t = all.ideas;
  const { state } = props;
  const current = state.current;
  const given = state.given;
  const value = (name: string, fallback: string) => props.values?.[name] ?? fallback;
  return (
    <Layout ctx={props.ctx} meta={{ title: `${t.feedbackTitle}: ${props.eventTitle}`, head: FEEDBACK_HEAD }}>
      <Breadcrumb ctx={props.ctx} back={props.back} />
      <h1 safe>{t.feedbackTitle}</h1>
      {props.flash ? (
        <p class="notice notice-success" role="status" safe>
          {props.flash}
        </p>
      ) : (
        ''
      )}
      {props.problem ? (
        <p class="notice notice-problem" role="alert" safe>
          {props.problem}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={all} errors={props.errors} />
      <ServerClock now={props.now} />
      <LiveRegion src={props.liveSrc} id="pitch-status" class="pitch-status-box">
        {props.status as 'safe'}
      </LiveRegion>
      <p class="hint">
        <span safe>{`${t.refreshHint} `}</span>
        <a href={props.self} safe>
          {t.refresh}
        </a>
      </p>
      {current && state.own ? (
        <p class="notice" safe>
          {t.ownPitch}
        </p>
      ) : (
        ''
      )}
      {current && !state.own ? (
        <form method="post" action={props.action} novalidate class="feedback-form">
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="idea" value={String(current.id)} />
          <h2 safe>{t.feedbackFor(current.title)}</h2>
          <p safe>{t.feedbackIntro}</p>
          {given.size > 0 && !props.flash ? <p safe>{t.givenBefore}</p> : ''}
          {state.criteria.map((c) => (
            <CriterionFieldset
              all={all}
              criterion={c}
              score={value(`score.${c.id}`, given.get(c.id) ? String(given.get(c.id)?.score) : '')}
              comment={value(`comment.${c.id}`, given.get(c.id)?.comment ?? '')}
              errors={props.errors}
            />
          ))}
          <button type="submit" class="button button-primary" safe>
            {given.size > 0 ? t.update : t.send}
          </button>
        </form>
      ) : (
        ''
      )}
    </Layout>
  );
}

// ---- The owner's summary -------------------------------------------------------------------------

/** A criterion's score distribution: a table of counts with a bar per score (the bars are decoration). */
export function Distribution(props: { t: IdeasText; scores: CriterionScores; id: string }): JSX.Element {
  const { t, scores } = props;
  const max = Math.max(1, ...scores.counts);
  return (
    <table class="distribution" aria-labelledby={`${props.id}-caption`}>
      <caption id={`${props.id}-caption`} class="visually-hidden" safe>
        {t.distributionCaption(scores.criterion.name)}
      </caption>
      <thead>
        <tr>
          <th scope="col" safe>
            {t.colScore}
          </th>
          <th scope="col" safe>
            {t.colCount}
          </th>
          <th scope="col" class="distribution-bar-col">
            <span class="visually-hidden" safe>
              {t.colBar}
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {scores.counts.map((count, i) => (
          <tr>
            <th scope="row" safe>
              {String(i + 1)}
            </th>
            <td class="distribution-count" safe>
              {String(count)}
            </td>
            <td class="distribution-bar-cell">
              <svg
                class="distribution-bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
                focusable="false"
              >
                <rect x="0" y="0" width={String(Math.round((count / max) * 100))} height="10" />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Mean, spread and range of a criterion, or "no scores yet". */
export function scoreLine(t: IdeasText, scores: CriterionScores, lang: string): string {
  if (scores.average === null || scores.spread === null || scores.min === null || scores.max === null)
    return t.noScores;
  return t.averageLine(decimal(scores.average, lang), decimal(scores.spread, lang), scores.min, scores.max);
}

export function SummaryPage(props: {
  ctx: ViewContext;
  eventTitle: string;
  summary: IdeaSummary | null;
  back: string;
  pdfHref: string;
}): JSX.Element {
  const { lang } = props.ctx;
  const t = props.ctx.t.ideas;
  const s = props.summary;
  return (
    <Layout ctx={props.ctx} meta={{ title: `${t.summaryTitle}: ${props.eventTitle}` }}>
      <Breadcrumb ctx={props.ctx} back={props.back} />
      <h1 safe>{t.summaryTitle}</h1>
      {!s ? (
        <p safe>{t.notYours}</p>
      ) : (
        <>
          <p class="lead" safe>
            {t.summaryFor(s.idea.title)}
          </p>
          <p safe>{s.respondents > 0 ? t.respondents(s.respondents) : t.noFeedback}</p>
          {s.respondents > 0 ? (
            <>
              <p safe>{t.anonymousNote}</p>
              <p>
                <a href={props.pdfHref} safe>
                  {t.pdfLink}
                </a>
              </p>
              {s.criteria.map((c, i) => (
                <section class="summary-criterion" aria-labelledby={`criterion-${i}`}>
                  <h2 id={`criterion-${i}`} safe>
                    {c.criterion.name}
                  </h2>
                  {c.criterion.description ? (
                    <p class="hint" safe>
                      {c.criterion.description}
                    </p>
                  ) : (
                    ''
                  )}
                  <p safe>{scoreLine(t, c, lang)}</p>
                  <Distribution t={t} scores={c} id={`dist-${i}`} />
                  <h3 safe>{t.commentsHeading}</h3>
                  {c.comments.length === 0 ? (
                    <p safe>{t.noComments}</p>
                  ) : (
                    <ul class="summary-comments">
                      {c.comments.map((comment) => (
                        <li class="preserve-lines" safe>
                          {comment}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              ))}
            </>
          ) : (
            ''
          )}
        </>
      )}
    </Layout>
  );
}
