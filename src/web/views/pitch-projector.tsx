// The projector view of a pitch session (issue 8, DEL 2B): the current pitch, its phase and clock,
// and the distribution of the scores given so far per criterion, kept live over Server-Sent
// Events (a refresh every 10 s without JavaScript). The same fragment serves the back office's
// projector page and the display link's (/vis/:token/pitch/:code).
import type { PitchBoard } from '../../core/ideas/pitch-board.ts';
import type { Lang, Messages } from '../i18n/index.ts';
import { Distribution, PhaseTimer, ServerClock, scoreLine } from './ideas.tsx';
import { LiveRegion, liveHead } from './live.tsx';

/** The live part of the projector view. */
export function PitchBoardFragment(props: { t: Messages; lang: Lang; board: PitchBoard; now: Date }): JSX.Element {
  const t = props.t.ideas;
  const { board } = props;
  const { run, current } = board;
  if (run.status === 'finished') {
    return (
      <p class="projector-message" safe>
        {t.projectorFinished}
      </p>
    );
  }
  if (run.status !== 'running' || !current) {
    return (
      <p class="projector-message" safe>
        {t.projectorWaiting}
      </p>
    );
  }
  return (
    <div class="pitch-board">
      <div class="pitch-board-head">
        <p class="pitch-board-place" safe>
          {`${t.nowOn(board.place, board.ideas.length)} · ${run.phase ? t.phaseNames[run.phase] : ''}`}
        </p>
        <h2 class="pitch-board-title" safe>
          {current.title}
        </h2>
        <p class="pitch-board-owner" safe>
          {t.owner(current.ownerName, current.ownerOrganization)}
        </p>
        <PhaseTimer t={t} run={run} now={props.now} />
      </div>
      <h3 class="pitch-board-scores-heading" safe>
        {`${t.projectorScores} (${t.projectorRespondents(board.respondents, Math.max(0, board.participants - 1))})`}
      </h3>
      <div class="pitch-board-criteria">
        {board.scores.map((scores, i) => (
          <section class="pitch-board-criterion" aria-labelledby={`board-c${i}`}>
            <h4 id={`board-c${i}`} safe>
              {scores.criterion.name}
            </h4>
            <p safe>{scoreLine(t, scores, props.lang)}</p>
            <Distribution t={t} scores={scores} id={`board-d${i}`} />
          </section>
        ))}
      </div>
    </div>
  );
}

/** The whole projector page: big type, no site navigation. */
export function PitchProjectorPage(props: {
  t: Messages;
  lang: Lang;
  eventTitle: string;
  sessionCode: string;
  sessionTitle: string;
  liveSrc: string;
  fragment: JSX.Element;
  now: Date;
}): JSX.Element {
  const t = props.t.ideas;
  const title = t.projectorTitle(props.sessionCode);
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title safe>{`${title} – ${props.eventTitle}`}</title>
          <link rel="stylesheet" href="/static/site.css" />
          {liveHead(10)}
          <script src="/static/pitch-timer.js" defer></script>
        </head>
        <body class="pitch-projector">
          <a class="skip-link" href="#main" safe>
            {props.t.site.skipLink}
          </a>
          <main id="main" tabindex="-1">
            <p class="pitch-projector-kicker" safe>
              {`${props.eventTitle} · ${props.sessionCode}: ${props.sessionTitle}`}
            </p>
            <h1 safe>{title}</h1>
            <ServerClock now={props.now} />
            <LiveRegion src={props.liveSrc} id="pitch-board">
              {props.fragment as 'safe'}
            </LiveRegion>
            <p class="pitch-projector-howto" safe>
              {t.projectorHowTo}
            </p>
          </main>
        </body>
      </html>
    </>
  );
}
