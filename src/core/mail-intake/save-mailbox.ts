import type { MailboxSecurity } from '../../db/schema.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { encryptCredential } from './credentials.ts';

export interface SaveMailboxInput {
  eventId: number;
  host: string;
  port: number;
  tls: MailboxSecurity;
  username: string;
  /** A new password, or null to keep the stored one. */
  password: string | null;
  folder: string;
  /** The event's sign-up address (the parser never takes it for a person). */
  address: string;
  flagProcessed: boolean;
  userId: number;
  actor: string;
}

/**
 * Connects an IMAP mailbox to the event, or changes its settings. The password is stored
 * encrypted and never returned. Another server, account or folder is another mailbox: reading
 * starts from its first message (messages already handled are still recognised by Message-ID).
 */
export async function saveMailbox(
  deps: DbDeps,
  input: SaveMailboxInput,
  key: Buffer,
  now: Date,
): Promise<Result<{ mailboxId: number; created: boolean }>> {
  const at = now.toISOString();
  return deps.adapter.transaction(deps.db, async (trx) => {
    const existing = await trx
      .selectFrom('mailboxes')
      .select(['id', 'host', 'port', 'username', 'folder', 'password_enc'])
      .where('event_id', '=', input.eventId)
      .where('kind', '=', 'imap')
      .executeTakeFirst();
    if (!existing && input.password === null) return fail('invalid', { password: 'invalid_value' });
    const password =
      input.password === null ? (existing?.password_enc ?? '') : encryptCredential(key, input.eventId, input.password);
    const values = {
      host: input.host,
      port: input.port,
      tls: input.tls,
      username: input.username,
      password_enc: password,
      folder: input.folder,
      address: input.address,
      flag_processed: input.flagProcessed ? 1 : 0,
      enabled: 1,
      updated_at: at,
    };
    let mailboxId: number;
    if (existing) {
      const moved =
        existing.host !== input.host ||
        existing.port !== input.port ||
        existing.username !== input.username ||
        existing.folder !== input.folder;
      await trx
        .updateTable('mailboxes')
        .set({
          ...values,
          // Settings changed: the next round shows whether they work.
          status: 'new',
          last_error: null,
          last_error_detail: null,
          ...(moved ? { uidvalidity: null, last_uid: 0 } : {}),
        })
        .where('id', '=', existing.id)
        .execute();
      mailboxId = existing.id;
    } else {
      const row = await trx
        .insertInto('mailboxes')
        .values({ ...values, event_id: input.eventId, kind: 'imap', created_by: input.userId, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      mailboxId = row.id;
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: existing ? 'mailbox.changed' : 'mailbox.connected',
        eventId: input.eventId,
        subjectType: 'mailbox',
        subjectId: mailboxId,
        // Never the password; only whether it changed.
        data: {
          host: input.host,
          port: input.port,
          tls: input.tls,
          username: input.username,
          folder: input.folder,
          flagProcessed: input.flagProcessed,
          passwordChanged: input.password !== null,
        },
      },
      now,
    );
    return { ok: true as const, mailboxId, created: !existing };
  });
}
