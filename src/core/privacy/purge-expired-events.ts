import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import {
  ANONYMISED_NAME,
  type AnonymisedCounts,
  anonymiseBooking,
  anonymiseRegistrations,
  clearMails,
  deleteNeeds,
} from './anonymise.ts';

const DAY_MS = 86_400_000;

export interface PurgedEvent extends AnonymisedCounts {
  eventId: number;
  slug: string;
  endsAt: Date;
  retentionDays: number;
  /** Registrations whose needs were emptied (the first step). */
  needs: number;
}

/** The events whose retention period has run out at `now` and that are not purged yet. */
async function dueEvents(deps: DbDeps, now: Date) {
  const rows = await deps.db
    .selectFrom('events')
    .innerJoin('organizations', 'organizations.id', 'events.organization_id')
    .select(['events.id', 'events.slug', 'events.ends_at', 'organizations.retention_days'])
    .where('events.purged_at', 'is', null)
    .where('events.ends_at', '<', now.toISOString())
    .orderBy('events.ends_at')
    .orderBy('events.id')
    .execute();
  return rows.filter((r) => new Date(r.ends_at).getTime() + r.retention_days * DAY_MS < now.getTime());
}

/**
 * The retention job: every event that ended more than its organisation's retention_days ago
 * and is not purged yet has its registrations anonymised (needs first, in a transaction of
 * their own), its bookings' names and addresses, personal links and the texts and addresses
 * of its mails removed, and is marked purged. Role, session, status and check-in stay, so the
 * counts per role and session do not change. Running it again changes nothing; several
 * processes may run it at once (each event is claimed by a conditional update). With `dryRun`
 * nothing is written and the counts say what would be.
 */
export async function purgeExpiredEvents(
  deps: DbDeps,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<PurgedEvent[]> {
  const report: PurgedEvent[] = [];
  for (const event of await dueEvents(deps, now)) {
    const base = {
      eventId: event.id,
      slug: event.slug,
      endsAt: new Date(event.ends_at),
      retentionDays: event.retention_days,
    };
    if (options.dryRun) {
      report.push({ ...base, ...(await wouldPurge(deps, event.id)) });
      continue;
    }
    const ids = (await deps.db.selectFrom('registrations').select('id').where('event_id', '=', event.id).execute()).map(
      (r) => r.id,
    );
    // Needs are health-related: they go first, committed on their own.
    const needs = await deps.adapter.transaction(deps.db, (trx) => deleteNeeds(trx, ids, now));
    const counts = await deps.adapter.transaction(deps.db, async (trx) => {
      const claimed = await trx
        .updateTable('events')
        .set({ purged_at: now.toISOString() })
        .where('id', '=', event.id)
        .where('purged_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return null;
      // Registrations added since the list above was read are included.
      const all = (await trx.selectFrom('registrations').select('id').where('event_id', '=', event.id).execute()).map(
        (r) => r.id,
      );
      const result = await anonymiseRegistrations(trx, all, now);
      // Every booking of the event, and every mail about it (also those without a registration).
      const bookings = await trx
        .selectFrom('bookings')
        .select('id')
        .where('event_id', '=', event.id)
        .where((eb) => eb.or([eb('booker_email', '<>', ''), eb('booker_name', '<>', ANONYMISED_NAME)]))
        .execute();
      for (const b of bookings) await anonymiseBooking(trx, b.id);
      const pending = await trx
        .deleteFrom('outbox')
        .where('event_id', '=', event.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const cleared = await clearMails(trx, (eb) => eb('event_id', '=', event.id));
      // Sign-up e-mails read from the event's mailbox hold the same personal data: they go, and
      // the mailbox is no longer read.
      await trx.deleteFrom('intake_messages').where('event_id', '=', event.id).execute();
      await trx
        .updateTable('mailboxes')
        .set({ enabled: 0, password_enc: '', updated_at: now.toISOString() })
        .where('event_id', '=', event.id)
        .execute();
      const totals: AnonymisedCounts = {
        ...result,
        bookings: result.bookings + bookings.length,
        mailsDeleted: result.mailsDeleted + Number(pending.numDeletedRows),
        mailsCleared: result.mailsCleared + cleared,
      };
      await recordAudit(
        trx,
        {
          actor: 'system:retention',
          action: 'event.purged',
          eventId: event.id,
          subjectType: 'event',
          subjectId: event.id,
          data: { retentionDays: event.retention_days, needs, ...totals },
        },
        now,
      );
      return totals;
    });
    if (counts) report.push({ ...base, needs, ...counts });
  }
  return report;
}

async function wouldPurge(deps: DbDeps, eventId: number): Promise<AnonymisedCounts & { needs: number }> {
  const db = deps.db;
  const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
  const [registrations, needs, tokens, pending, sent, bookings] = await Promise.all([
    db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('anonymised_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('needs', '<>', '')
      .executeTakeFirst(),
    db
      .selectFrom('access_tokens')
      .innerJoin('registrations', 'registrations.id', 'access_tokens.registration_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('registrations.event_id', '=', eventId)
      .executeTakeFirst(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '<>', 'pending')
      .where((eb) => eb.or([eb('to_address', '<>', ''), eb('text_body', '<>', '')]))
      .executeTakeFirst(),
    db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('booker_email', '<>', '')
      .executeTakeFirst(),
  ]);
  return {
    registrations: count(registrations),
    needs: count(needs),
    tokens: count(tokens),
    mailsDeleted: count(pending),
    mailsCleared: count(sent),
    bookings: count(bookings),
  };
}

/** An event's retention: its organisation's days and when it was purged (for the overview page). */
export async function getEventRetention(
  db: DbDeps['db'],
  eventId: number,
): Promise<{ days: number; purgedAt: Date | null } | null> {
  const row = await db
    .selectFrom('events')
    .innerJoin('organizations', 'organizations.id', 'events.organization_id')
    .select(['organizations.retention_days', 'events.purged_at'])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  return row ? { days: row.retention_days, purgedAt: row.purged_at ? new Date(row.purged_at) : null } : null;
}
