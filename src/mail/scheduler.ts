// Automatic messages: every minute, the reminders and thank-yous that have fallen due, and the
// waiting-list offers that were not answered in time. Every
// process runs one; each event's reminder and thank-you is claimed by a conditional UPDATE in
// the transaction that writes its mails, so several schedulers never send one twice.
import { finishDuePitchRuns } from '../core/ideas/finish-pitches.ts';
import type { IdeaSummaryMailer } from '../core/ideas/types.ts';
import { sendDueReminders } from '../core/messages/send-due-reminders.ts';
import { sendDueThanks } from '../core/messages/send-due-thanks.ts';
import type { MessageMailer } from '../core/messages/types.ts';
import { expireOffers } from '../core/registrations/expire-offers.ts';
import type { Notifier } from '../core/shared/deps.ts';
import type { Store } from '../db/connect.ts';
import { pitchRunTopics } from '../web/live/topics.ts';
import { type PeriodicJob, startPeriodic } from './periodic.ts';

export interface SchedulerDeps {
  mailer: MessageMailer;
  /** Registration mail (offers that expire pass their seat on); without it offers are not expired. */
  notifier?: Notifier;
  /** Feedback summaries of pitch sessions left running (issue 8); without it they wait for a facilitator. */
  ideaMailer?: IdeaSummaryMailer;
  now?: () => Date;
  /**
   * Tells the open live views about what a round changed (the live bus's publish): a pitch run
   * it finished ends on the boards and phones at once, not on their next change.
   */
  publish?: (topic: string) => void;
  /** Called after a round that wrote mail, so delivery starts at once. */
  onMailQueued?: () => void;
  onError?: (error: unknown) => void;
}

export type RunningScheduler = PeriodicJob;

/** One round: reminders, then thank-yous; returns the ids of the events that got mail. */
export async function runScheduledMessages(store: Store, deps: SchedulerDeps) {
  const now = (deps.now ?? (() => new Date()))();
  const messageDeps = { db: store.db, adapter: store.adapter, mailer: deps.mailer };
  const reminded = await sendDueReminders(messageDeps, now);
  const thanked = await sendDueThanks(messageDeps, now);
  const expired = deps.notifier
    ? await expireOffers({ db: store.db, adapter: store.adapter, notifier: deps.notifier }, now)
    : [];
  const pitchesFinished = deps.ideaMailer
    ? await finishDuePitchRuns({ db: store.db, adapter: store.adapter, mailer: deps.ideaMailer }, now)
    : [];
  // After the commits (each run is finished in its own transaction).
  for (const sessionId of pitchesFinished) for (const topic of pitchRunTopics(sessionId)) deps.publish?.(topic);
  if (reminded.length + thanked.length + expired.length + pitchesFinished.length > 0) deps.onMailQueued?.();
  return { reminded, thanked, expired, pitchesFinished };
}

/** Runs the automatic messages every `intervalMs` (default one minute) until stopped. */
export function startScheduler(
  store: Store,
  deps: SchedulerDeps,
  options: { intervalMs?: number } = {},
): RunningScheduler {
  const intervalMs = options.intervalMs ?? 60_000;
  return startPeriodic(async () => void (await runScheduledMessages(store, deps)), {
    intervalMs,
    firstAfterMs: Math.min(5_000, intervalMs),
    onError: deps.onError,
  });
}
