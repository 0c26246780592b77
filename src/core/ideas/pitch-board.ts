// What the control view and the projector show of a pitch session: the current pitch and phase,
// the clock, and the distribution of the scores given so far, per criterion.
import type { Db } from '../../db/adapter.ts';
import { listSessionIdeas } from './list-ideas.ts';
import { getPitchRun } from './pitch-run.ts';
import { listCriteria } from './rubric.ts';
import { criterionScores } from './scores.ts';
import type { CriterionScores, IdeaView, PitchRun } from './types.ts';

export interface PitchSessionRef {
  id: number;
  eventId: number;
  code: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
}

export interface PitchBoard {
  session: PitchSessionRef;
  run: PitchRun;
  ideas: IdeaView[];
  current: IdeaView | null;
  /** 1-based place of the current pitch in the running order (0 when none). */
  place: number;
  scores: CriterionScores[];
  /** People who gave feedback on the current pitch. */
  respondents: number;
  /** Confirmed registrants of the session (who could give feedback). */
  participants: number;
}

/** The event's pitch sessions, in programme order. */
export async function listPitchSessions(db: Db, eventId: number): Promise<PitchSessionRef[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'event_id', 'code', 'title', 'starts_at', 'ends_at'])
    .where('event_id', '=', eventId)
    .where('pitch', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    code: r.code,
    title: r.title,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
  }));
}

/** The board of one pitch session. */
export async function getPitchBoard(db: Db, session: PitchSessionRef): Promise<PitchBoard> {
  const [run, ideas, criteria, count] = await Promise.all([
    getPitchRun(db, session.id),
    listSessionIdeas(db, session.id),
    listCriteria(db, session.eventId),
    db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', session.id)
      .where('status', '=', 'confirmed')
      .executeTakeFirst(),
  ]);
  const index = run.status === 'running' ? ideas.findIndex((i) => i.id === run.currentIdeaId) : -1;
  const current = index >= 0 ? (ideas[index] ?? null) : null;
  const rows = current
    ? await db
        .selectFrom('idea_scores')
        .select(['criterion_id', 'registration_id', 'score'])
        .where('idea_id', '=', current.id)
        .execute()
    : [];
  return {
    session,
    run,
    ideas,
    current,
    place: index + 1,
    scores: criteria.map((c) =>
      criterionScores(
        c,
        rows.filter((r) => r.criterion_id === c.id).map((r) => r.score),
      ),
    ),
    respondents: new Set(rows.map((r) => r.registration_id)).size,
    participants: Number(count?.n ?? 0),
  };
}
