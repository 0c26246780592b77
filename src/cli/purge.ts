// `samskap purge [--dry-run]` and the server's daily run of the retention job: registrations of
// events that ended more than their organisation's retention_days ago are anonymised.
import { type PurgedEvent, purgeExpiredEvents } from '../core/privacy/purge-expired-events.ts';
import { connect, migrate, type Store } from '../db/connect.ts';
import { type PeriodicJob, startPeriodic } from '../mail/periodic.ts';
import { readSettings } from './settings.ts';

export const purgeUsage = `Usage: samskap purge [--dry-run]

Anonymises the registrations of events that ended more than their organisation's retention
period (retention_days, default 90) ago: needs first, then names, addresses, organisations,
answers, personal links, and the addresses and texts of the mails sent. Role, session, status and
check-in stay, so the counts per role and session do not change. Running it again changes nothing.
  --dry-run   Only report what would be anonymised.`;

/** One line per event, for the log. */
export function describePurge(event: PurgedEvent, dryRun: boolean): string {
  return (
    `${dryRun ? 'would purge' : 'purged'} ${event.slug} (ended ${event.endsAt.toISOString()}, ` +
    `${event.retentionDays} days): ${event.registrations} registrations, ${event.needs} with needs, ` +
    `${event.bookings} bookings, ${event.tokens} personal links, ${event.mailsCleared} mails emptied, ` +
    `${event.mailsDeleted} unsent mails deleted`
  );
}

export async function purgeCommand(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    console.error(`Unknown option "${unknown[0]}".\n\n${purgeUsage}`);
    return 1;
  }
  const dryRun = argv.includes('--dry-run');
  const settings = readSettings();
  const store = connect(settings.databaseUrl, { poolSize: 1 });
  try {
    await migrate(store);
    const report = await purgeExpiredEvents(store, new Date(), { dryRun });
    for (const event of report) console.log(describePurge(event, dryRun));
    console.log(
      report.length === 0
        ? 'Nothing to purge.'
        : `${dryRun ? 'Would purge' : 'Purged'} ${report.length} event${report.length === 1 ? '' : 's'}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

export type RunningPurge = PeriodicJob;

const DAY_MS = 86_400_000;

/**
 * Runs the retention job once a day in the server (first a minute after start). Every process may
 * run it: each event is claimed by a conditional update, so none is purged twice.
 */
export function startDailyPurge(
  store: Store,
  options: { now?: () => Date; log?: (line: string) => void; onError?: (error: unknown) => void } = {},
): RunningPurge {
  return startPeriodic(
    async () => {
      const report = await purgeExpiredEvents(store, (options.now ?? (() => new Date()))());
      for (const event of report) options.log?.(describePurge(event, false));
    },
    { intervalMs: DAY_MS, firstAfterMs: 60_000, onError: options.onError },
  );
}
