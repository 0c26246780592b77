// The facilitator plans a pitch session: the minutes for each pitch and its feedback, when the
// first pitch starts, and the order of the pitches.
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { listSessionIdeas } from './list-ideas.ts';
import { ensureRunRow } from './pitch-run.ts';
import { type PitchTiming, TIMING_LIMITS } from './types.ts';

async function pitchSession(deps: DbDeps, eventId: number, sessionId: number) {
  return deps.db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .where('event_id', '=', eventId)
    .where('pitch', '=', 1)
    .executeTakeFirst();
}

/** Sets the pitch and feedback minutes (1–120) and the minutes before the first pitch (0–600). */
export async function setPitchTiming(
  deps: DbDeps,
  input: { eventId: number; sessionId: number; timing: PitchTiming; actor: string },
  now: Date,
): Promise<Result<object>> {
  const t = input.timing;
  const inRange = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (
    !inRange(t.pitchMinutes, 1, TIMING_LIMITS.minutes) ||
    !inRange(t.feedbackMinutes, 1, TIMING_LIMITS.minutes) ||
    !inRange(t.offsetMinutes, 0, TIMING_LIMITS.offset)
  ) {
    return fail('invalid');
  }
  if (!(await pitchSession(deps, input.eventId, input.sessionId))) return fail('not_found');
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    await ensureRunRow(trx, input.eventId, input.sessionId, now);
    await trx
      .updateTable('pitch_runs')
      .set({
        pitch_minutes: t.pitchMinutes,
        feedback_minutes: t.feedbackMinutes,
        offset_minutes: t.offsetMinutes,
        updated_at: now.toISOString(),
      })
      .where('session_id', '=', input.sessionId)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'pitches.timing_set',
        eventId: input.eventId,
        subjectType: 'session',
        subjectId: input.sessionId,
        data: { ...t },
      },
      now,
    );
    return { ok: true as const };
  });
}

/** Moves an idea one place up or down in the session's running order. */
export async function moveIdea(
  deps: DbDeps,
  input: { eventId: number; sessionId: number; ideaId: number; direction: 'up' | 'down'; actor: string },
  now: Date,
): Promise<Result<object>> {
  if (!(await pitchSession(deps, input.eventId, input.sessionId))) return fail('not_found');
  return deps.adapter.capacityTransaction(deps.db, input.eventId, async (trx) => {
    const ideas = await listSessionIdeas(trx, input.sessionId);
    const index = ideas.findIndex((i) => i.id === input.ideaId);
    if (index < 0) return fail('not_found');
    const swap = input.direction === 'up' ? index - 1 : index + 1;
    if (swap < 0 || swap >= ideas.length) return { ok: true as const };
    const order = [...ideas];
    [order[index], order[swap]] = [order[swap] as (typeof order)[number], order[index] as (typeof order)[number]];
    // Renumber the listed ideas 1..n; ideas off the list (their owner cancelled) are never shown,
    // so a number they share does not matter.
    for (const [i, idea] of order.entries()) {
      if (idea.position !== i + 1) {
        await trx
          .updateTable('ideas')
          .set({ position: i + 1 })
          .where('id', '=', idea.id)
          .execute();
      }
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'pitches.reordered',
        eventId: input.eventId,
        subjectType: 'idea',
        subjectId: input.ideaId,
        data: { direction: input.direction, order: order.map((i) => i.id) },
      },
      now,
    );
    return { ok: true as const };
  });
}
