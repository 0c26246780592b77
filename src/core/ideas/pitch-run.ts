// A session's pitch timing and run state, with the defaults (5 + 10 minutes, from the session's
// start) until the facilitator changes anything.
import type { Db } from '../../db/adapter.ts';
import type { IdeaView, PitchRun, PitchTiming } from './types.ts';

export const DEFAULT_TIMING: PitchTiming = { pitchMinutes: 5, feedbackMinutes: 10, offsetMinutes: 0 };

/** The session's run (a fresh one when nothing is stored yet). */
export async function getPitchRun(db: Db, sessionId: number): Promise<PitchRun> {
  const row = await db.selectFrom('pitch_runs').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  if (!row) {
    return {
      ...DEFAULT_TIMING,
      status: 'ready',
      currentIdeaId: null,
      phase: null,
      phaseStartedAt: null,
      finishedAt: null,
      summariesSentAt: null,
      version: 0,
    };
  }
  return {
    pitchMinutes: row.pitch_minutes,
    feedbackMinutes: row.feedback_minutes,
    offsetMinutes: row.offset_minutes,
    status: row.status,
    currentIdeaId: row.current_idea_id,
    phase: row.phase,
    phaseStartedAt: row.phase_started_at ? new Date(row.phase_started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    summariesSentAt: row.summaries_sent_at ? new Date(row.summaries_sent_at) : null,
    version: row.version,
  };
}

/** Makes sure the session has a stored run row (inside the caller's transaction). */
export async function ensureRunRow(trx: Db, eventId: number, sessionId: number, now: Date): Promise<void> {
  const row = await trx
    .selectFrom('pitch_runs')
    .select('session_id')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (row) return;
  await trx
    .insertInto('pitch_runs')
    .values({
      session_id: sessionId,
      event_id: eventId,
      current_idea_id: null,
      phase: null,
      phase_started_at: null,
      started_at: null,
      finished_at: null,
      summaries_sent_at: null,
      updated_at: now.toISOString(),
    })
    .execute();
}

export interface PitchSlot {
  idea: IdeaView;
  startsAt: Date;
  /** When the feedback part begins. */
  feedbackAt: Date;
  endsAt: Date;
}

/** The planned time slots: pitches back to back from the session's start plus the offset. */
export function pitchSlots(ideas: IdeaView[], timing: PitchTiming, sessionStartsAt: Date): PitchSlot[] {
  const minute = 60_000;
  const slot = (timing.pitchMinutes + timing.feedbackMinutes) * minute;
  const first = sessionStartsAt.getTime() + timing.offsetMinutes * minute;
  return ideas.map((idea, i) => {
    const start = first + i * slot;
    return {
      idea,
      startsAt: new Date(start),
      feedbackAt: new Date(start + timing.pitchMinutes * minute),
      endsAt: new Date(start + slot),
    };
  });
}
