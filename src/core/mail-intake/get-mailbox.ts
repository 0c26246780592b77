import type { Db } from '../../db/adapter.ts';
import type { MailboxSecurity, MailboxStatus } from '../../db/schema.ts';
import { decryptCredential } from './credentials.ts';

/** The event's IMAP mailbox as the back office shows it: everything but the password. */
export interface MailboxView {
  id: number;
  host: string;
  port: number;
  tls: MailboxSecurity;
  username: string;
  hasPassword: boolean;
  folder: string;
  address: string;
  flagProcessed: boolean;
  enabled: boolean;
  status: MailboxStatus;
  lastError: string | null;
  lastErrorDetail: string | null;
  lastPolledAt: Date | null;
  lastOkAt: Date | null;
}

/** The event's IMAP mailbox settings, or null when none was ever connected. */
export async function getMailbox(db: Db, eventId: number): Promise<MailboxView | null> {
  const row = await db
    .selectFrom('mailboxes')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('kind', '=', 'imap')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    host: row.host,
    port: row.port,
    tls: row.tls,
    username: row.username,
    hasPassword: row.password_enc !== '',
    folder: row.folder,
    address: row.address,
    flagProcessed: row.flag_processed === 1,
    enabled: row.enabled === 1,
    status: row.status,
    lastError: row.last_error,
    lastErrorDetail: row.last_error_detail,
    lastPolledAt: row.last_polled_at ? new Date(row.last_polled_at) : null,
    lastOkAt: row.last_ok_at ? new Date(row.last_ok_at) : null,
  };
}

/** What the poller needs to connect: the settings with the password decrypted. */
export interface MailboxConnection {
  id: number;
  eventId: number;
  host: string;
  port: number;
  tls: MailboxSecurity;
  username: string;
  /** null when it cannot be decrypted (SECRET changed): the mailbox must be saved again. */
  password: string | null;
  folder: string;
  address: string;
  flagProcessed: boolean;
  uidvalidity: string | null;
  lastUid: number;
}

export async function getMailboxConnection(db: Db, mailboxId: number, key: Buffer): Promise<MailboxConnection | null> {
  const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', mailboxId).executeTakeFirst();
  if (row?.kind !== 'imap') return null;
  return {
    id: row.id,
    eventId: row.event_id,
    host: row.host,
    port: row.port,
    tls: row.tls,
    username: row.username,
    password: row.password_enc ? decryptCredential(key, row.event_id, row.password_enc) : null,
    folder: row.folder,
    address: row.address,
    flagProcessed: row.flag_processed === 1,
    uidvalidity: row.uidvalidity,
    lastUid: Number(row.last_uid),
  };
}
