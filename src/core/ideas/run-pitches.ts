// The facilitator runs a pitch session: start with the first pitch, then step pitch → feedback →
// next pitch (or back), or jump to a given pitch. Each step restarts the phase clock. A step
// names the version of the run it was made on, so a double press or a second facilitator's
// stale page does not skip a pitch.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { listSessionIdeas } from './list-ideas.ts';
import { ensureRunRow, getPitchRun } from './pitch-run.ts';
import type { PitchPhase } from './types.ts';

export type PitchStep = { op: 'start' } | { op: 'next' } | { op: 'back' } | { op: 'goto'; ideaId: number };

/**
 * Moves the session's run one step. Fails with `stale_version` when the run changed since the
 * page was shown, `conflict` when there is nowhere to go (no ideas, past the last or before the
 * first pitch, or the run is finished), `not_found` for an unknown session or idea.
 */
export async function stepPitch(
  deps: DbDeps,
  input: { eventId: number; sessionId: number; step: PitchStep; version: number; actor: string },
  now: Date,
): Promise<Result<{ ideaId: number; phase: PitchPhase }>> {
  const session = await deps.db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', input.sessionId)
    .where('event_id', '=', input.eventId)
    .where('pitch', '=', 1)
    .executeTakeFirst();
  if (!session) return fail('not_found');
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const run = await getPitchRun(trx, input.sessionId);
    if (run.version !== input.version) return fail('stale_version');
    if (run.status === 'finished') return fail('conflict');
    const ideas = await listSessionIdeas(trx, input.sessionId);
    if (ideas.length === 0) return fail('conflict');
    const step = input.step;
    let target: { ideaId: number; phase: PitchPhase } | null = null;
    // Where the current idea is in today's order; one taken off the list counts from its place.
    const currentIndex = ideas.findIndex((x) => x.id === run.currentIdeaId);
    if (step.op === 'start') {
      if (run.status !== 'ready') return fail('conflict');
      target = { ideaId: (ideas[0] as (typeof ideas)[number]).id, phase: 'pitch' };
    } else if (step.op === 'goto') {
      if (!ideas.some((x) => x.id === step.ideaId)) return fail('not_found');
      target = { ideaId: step.ideaId, phase: 'pitch' };
    } else {
      if (run.status !== 'running') return fail('conflict');
      if (step.op === 'next') {
        if (run.phase === 'pitch' && currentIndex >= 0)
          target = { ideaId: run.currentIdeaId as number, phase: 'feedback' };
        else {
          const after =
            currentIndex >= 0 ? ideas[currentIndex + 1] : await nextAfterRemoved(trx, ideas, run.currentIdeaId);
          if (after) target = { ideaId: after.id, phase: 'pitch' };
        }
      } else if (run.phase === 'feedback' && currentIndex >= 0) {
        target = { ideaId: run.currentIdeaId as number, phase: 'pitch' };
      } else if (currentIndex > 0) {
        target = { ideaId: (ideas[currentIndex - 1] as (typeof ideas)[number]).id, phase: 'feedback' };
      }
    }
    if (!target) return fail('conflict');
    await ensureRunRow(trx, input.eventId, input.sessionId, now);
    const at = now.toISOString();
    await trx
      .updateTable('pitch_runs')
      .set({
        status: 'running',
        current_idea_id: target.ideaId,
        phase: target.phase,
        phase_started_at: at,
        ...(run.status === 'ready' ? { started_at: at } : {}),
        version: run.version + 1,
        updated_at: at,
      })
      .where('session_id', '=', input.sessionId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: step.op === 'start' ? 'pitches.started' : 'pitches.stepped',
        eventId: input.eventId,
        subjectType: 'idea',
        subjectId: target.ideaId,
        data: { op: step.op, phase: target.phase },
      },
      now,
    );
    return { ok: true as const, ...target };
  });
}

/** The first listed idea after one that left the list (its owner cancelled mid-session). */
async function nextAfterRemoved(
  trx: DbDeps['db'],
  ideas: Awaited<ReturnType<typeof listSessionIdeas>>,
  removedId: number | null,
) {
  if (removedId === null) return ideas[0];
  const removed = await trx
    .selectFrom('ideas')
    .select(['position', 'id'])
    .where('id', '=', removedId)
    .executeTakeFirst();
  if (!removed) return ideas[0];
  return ideas.find((x) => x.position > removed.position || (x.position === removed.position && x.id > removed.id));
}
