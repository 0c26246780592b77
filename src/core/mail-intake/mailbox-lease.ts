// Each process polls mailboxes every minute; a mailbox is read by one process at a time. The
// process claims it with a conditional UPDATE (the same statement on SQLite and PostgreSQL:
// only one UPDATE can see the lease free), and a lease left by a process that died runs out.
import type { Db } from '../../db/adapter.ts';

/** Mailboxes to read now: connected, not read within `minAgeMs`, not leased. */
export async function dueMailboxes(db: Db, now: Date, minAgeMs = 50_000): Promise<number[]> {
  const at = now.toISOString();
  const before = new Date(now.getTime() - minAgeMs).toISOString();
  const rows = await db
    .selectFrom('mailboxes')
    .select('id')
    .where('kind', '=', 'imap')
    .where('enabled', '=', 1)
    .where('password_enc', '<>', '')
    .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb('last_polled_at', '<', before)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Takes the mailbox for `owner` until now + leaseMs; false when another process has it. */
export async function claimMailbox(
  db: Db,
  mailboxId: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const at = now.toISOString();
  const result = await db
    .updateTable('mailboxes')
    .set({ lease_until: new Date(now.getTime() + leaseMs).toISOString(), lease_owner: owner })
    .where('id', '=', mailboxId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Keeps the lease while a long read goes on. */
export async function extendLease(db: Db, mailboxId: number, owner: string, now: Date, leaseMs: number): Promise<void> {
  await db
    .updateTable('mailboxes')
    .set({ lease_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', '=', mailboxId)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Where reading got to: the folder's UIDVALIDITY and the last UID handled. */
export async function advanceMailbox(db: Db, mailboxId: number, uidvalidity: string, lastUid: number): Promise<void> {
  await db.updateTable('mailboxes').set({ uidvalidity, last_uid: lastUid }).where('id', '=', mailboxId).execute();
}

export type PollOutcome = { ok: true } | { ok: false; error: string; detail: string };

/** Records how the round went (shown in the back office) and gives the lease back. */
export async function finishPoll(
  db: Db,
  mailboxId: number,
  owner: string,
  outcome: PollOutcome,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable('mailboxes')
    .set(
      outcome.ok
        ? {
            status: 'ok',
            last_error: null,
            last_error_detail: null,
            last_polled_at: at,
            last_ok_at: at,
            lease_until: null,
            lease_owner: null,
          }
        : {
            status: 'error',
            last_error: outcome.error,
            last_error_detail: outcome.detail.slice(0, 300),
            last_polled_at: at,
            lease_until: null,
            lease_owner: null,
          },
    )
    .where('id', '=', mailboxId)
    .where('lease_owner', '=', owner)
    .execute();
}
