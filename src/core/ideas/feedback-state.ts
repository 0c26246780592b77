// What a participant's phone shows on the feedback page: the pitch that is on, the rubric, and
// the feedback they gave on it already (to change).
import type { DbDeps } from '../shared/deps.ts';
import { getIdea } from './list-ideas.ts';
import { findPitchParticipant, type PitchParticipant } from './pitch-participant.ts';
import { getPitchRun } from './pitch-run.ts';
import { getRubric } from './rubric.ts';
import type { Criterion, CriterionText, IdeaView, PitchRun } from './types.ts';

export interface FeedbackState {
  participant: PitchParticipant;
  run: PitchRun;
  /** The pitch on now, or null. */
  current: IdeaView | null;
  /** The current pitch is the participant's own. */
  own: boolean;
  criteria: Criterion[];
  /** What the participant gave on the current pitch, by criterion id. */
  given: Map<number, { score: number; comment: string }>;
}

/** The feedback page's state; null when the registration is not in a pitch session. */
export async function getFeedbackState(
  deps: DbDeps,
  registrationId: number,
  defaults: readonly CriterionText[],
  now: Date,
): Promise<FeedbackState | null> {
  const participant = await findPitchParticipant(deps.db, registrationId);
  if (!participant) return null;
  const [run, criteria] = await Promise.all([
    getPitchRun(deps.db, participant.sessionId),
    getRubric(deps, participant.eventId, defaults, now),
  ]);
  const current =
    run.status === 'running' && run.currentIdeaId !== null ? await getIdea(deps.db, run.currentIdeaId) : undefined;
  const rows = current
    ? await deps.db
        .selectFrom('idea_scores')
        .select(['criterion_id', 'score', 'comment'])
        .where('idea_id', '=', current.id)
        .where('registration_id', '=', registrationId)
        .execute()
    : [];
  return {
    participant,
    run,
    current: current ?? null,
    own: current?.registrationId === registrationId,
    criteria,
    given: new Map(rows.map((r) => [r.criterion_id, { score: r.score, comment: r.comment }])),
  };
}
