// The end of a pitch session: the facilitator finishes the run (or the scheduler does, an hour
// after the session's end when nobody did), and each idea owner with feedback gets the summary
// by e-mail, exactly once: the mails are claimed by a conditional UPDATE in the same transaction.
import type { Db } from '../../db/adapter.ts';
import { getEvent } from '../events/get-event.ts';
import { issueLink } from '../registrations/tokens.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { getIdeaSummary } from './idea-summary.ts';
import { listSessionIdeas } from './list-ideas.ts';
import { getPitchRun } from './pitch-run.ts';
import type { IdeaSummaryMailer } from './types.ts';

export interface FinishDeps extends DbDeps {
  mailer: IdeaSummaryMailer;
}

/** Runs left running this long after their session's end are finished by the scheduler. */
export const AUTO_FINISH_AFTER_MS = 60 * 60_000;

/**
 * Claims the session's summary mails and writes one per idea with feedback (to the owner's
 * address, or their booker's when they have none; not to a bounced address). Returns how many
 * were written, or null when they were claimed before.
 */
async function writeSummaries(
  trx: Db,
  mailer: IdeaSummaryMailer,
  sessionId: number,
  now: Date,
): Promise<number | null> {
  const claimed = await trx
    .updateTable('pitch_runs')
    .set({ summaries_sent_at: now.toISOString() })
    .where('session_id', '=', sessionId)
    .where('summaries_sent_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return null;
  const session = await trx
    .selectFrom('sessions')
    .innerJoin('events', 'events.id', 'sessions.event_id')
    .select(['sessions.code', 'events.slug'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const event = await getEvent(trx, session.slug, { includeUnpublished: true });
  if (!event) return 0;
  let written = 0;
  for (const idea of await listSessionIdeas(trx, sessionId)) {
    const summary = await getIdeaSummary(trx, idea.id);
    if (!summary || summary.respondents === 0) continue;
    const owner = await trx
      .selectFrom('registrations')
      .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
      .select([
        'registrations.name',
        'registrations.email',
        'registrations.lang',
        'registrations.email_bounced_at',
        'bookings.booker_email',
      ])
      .where('registrations.id', '=', idea.registrationId)
      .executeTakeFirstOrThrow();
    const email = owner.email ?? owner.booker_email;
    if (!email || owner.email_bounced_at) continue;
    const link = await issueLink(trx, idea.registrationId, now);
    await mailer.enqueue(
      trx,
      {
        event,
        sessionCode: session.code,
        recipient: { registrationId: idea.registrationId, name: owner.name, email, lang: owner.lang },
        token: link.token,
        summary,
      },
      now,
    );
    written++;
  }
  return written;
}

async function finishInTransaction(
  trx: Db,
  deps: FinishDeps,
  input: { eventId: number; sessionId: number; version: number | null; actor: string },
  now: Date,
): Promise<Result<{ mailed: number }>> {
  const run = await getPitchRun(trx, input.sessionId);
  if (input.version !== null && run.version !== input.version) return fail('stale_version');
  if (run.status !== 'running') return fail('conflict');
  const at = now.toISOString();
  await trx
    .updateTable('pitch_runs')
    .set({
      status: 'finished',
      current_idea_id: null,
      phase: null,
      phase_started_at: null,
      finished_at: at,
      version: run.version + 1,
      updated_at: at,
    })
    .where('session_id', '=', input.sessionId)
    .execute();
  const mailed = (await writeSummaries(trx, deps.mailer, input.sessionId, now)) ?? 0;
  await recordAudit(
    trx,
    {
      actor: input.actor,
      action: 'pitches.finished',
      eventId: input.eventId,
      subjectType: 'session',
      subjectId: input.sessionId,
      data: { summariesMailed: mailed },
    },
    now,
  );
  return { ok: true as const, mailed };
}

/** The facilitator finishes the running session; the owners' summaries go out by e-mail. */
export async function finishPitches(
  deps: FinishDeps,
  input: { eventId: number; sessionId: number; version: number; actor: string },
  now: Date,
): Promise<Result<{ mailed: number }>> {
  const session = await deps.db
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', input.sessionId)
    .where('event_id', '=', input.eventId)
    .where('pitch', '=', 1)
    .executeTakeFirst();
  if (!session) return fail('not_found');
  return deps.adapter.capacityTransaction(deps.db, input.eventId, (trx) => finishInTransaction(trx, deps, input, now));
}

/**
 * Finishes every run still going an hour after its session ended (the facilitator forgot), so the
 * owners get their summaries anyway. Returns the session ids finished.
 */
export async function finishDuePitchRuns(deps: FinishDeps, now: Date): Promise<number[]> {
  const due = await deps.db
    .selectFrom('pitch_runs')
    .innerJoin('sessions', 'sessions.id', 'pitch_runs.session_id')
    .select(['pitch_runs.session_id', 'pitch_runs.event_id'])
    .where('pitch_runs.status', '=', 'running')
    .where('sessions.ends_at', '<=', new Date(now.getTime() - AUTO_FINISH_AFTER_MS).toISOString())
    .execute();
  const finished: number[] = [];
  for (const run of due) {
    const result = await deps.adapter.capacityTransaction(deps.db, run.event_id, (trx) =>
      finishInTransaction(
        trx,
        deps,
        { eventId: run.event_id, sessionId: run.session_id, version: null, actor: 'system' },
        now,
      ),
    );
    if (result.ok) finished.push(run.session_id);
  }
  return finished;
}
