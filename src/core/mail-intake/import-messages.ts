import { recordAudit } from '../shared/audit.ts';
import { looksLikeMbox, splitMbox } from './mbox.ts';
import { receiveMessage } from './receive-message.ts';
import { type IntakeDeps, PARSE_MAX, RAW_STORE_MAX } from './types.ts';

/** Messages taken from one upload at most; an export with more is read in parts. */
export const UPLOAD_MAX_MESSAGES = 2000;

export interface ImportCounts {
  messages: number;
  accepted: number;
  cancelled: number;
  changed: number;
  review: number;
  ignored: number;
  duplicates: number;
  /** Messages beyond UPLOAD_MAX_MESSAGES, not read. */
  skipped: number;
}

/**
 * Reads uploaded .eml files and .mbox exports into the event's mailbox: each message is
 * handled like one fetched over IMAP (once, by Message-ID), and counted by what became of it.
 */
export async function importMessages(
  deps: IntakeDeps,
  input: { eventId: number; files: { name: string; data: Buffer }[]; actor: string },
  now: Date,
): Promise<ImportCounts> {
  const at = now.toISOString();
  const mailboxId = await deps.adapter.transaction(deps.db, async (trx) => {
    await trx
      .insertInto('mailboxes')
      .values({ event_id: input.eventId, kind: 'upload', created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['event_id', 'kind']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('mailboxes')
      .select('id')
      .where('event_id', '=', input.eventId)
      .where('kind', '=', 'upload')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const imap = await deps.db
    .selectFrom('mailboxes')
    .select('address')
    .where('event_id', '=', input.eventId)
    .where('kind', '=', 'imap')
    .executeTakeFirst();

  const counts: ImportCounts = {
    messages: 0,
    accepted: 0,
    cancelled: 0,
    changed: 0,
    review: 0,
    ignored: 0,
    duplicates: 0,
    skipped: 0,
  };
  for (const file of input.files) {
    const messages = looksLikeMbox(file.data) ? splitMbox(file.data) : [file.data];
    for (const data of messages) {
      if (counts.messages >= UPLOAD_MAX_MESSAGES) {
        counts.skipped++;
        continue;
      }
      counts.messages++;
      const outcome = await receiveMessage(
        deps,
        {
          eventId: input.eventId,
          mailboxId,
          message: {
            // A huge message is read only as far as its text can reach; it waits for review.
            raw: data.length > PARSE_MAX ? data.subarray(0, RAW_STORE_MAX) : data,
            size: data.length,
            receivedAt: now,
          },
          intakeAddress: imap?.address || null,
        },
        now,
      );
      if (outcome.status === 'duplicate') counts.duplicates++;
      else if (outcome.status === 'accepted') counts.accepted++;
      else if (outcome.status === 'cancelled') counts.cancelled++;
      else if (outcome.status === 'changed') counts.changed++;
      else if (outcome.status === 'ignored') counts.ignored++;
      else counts.review++;
    }
  }
  await deps.adapter.transaction(deps.db, (trx) =>
    recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'mailbox.uploaded',
        eventId: input.eventId,
        subjectType: 'mailbox',
        subjectId: mailboxId,
        data: { files: input.files.map((f) => f.name.slice(0, 100)), ...counts },
      },
      now,
    ),
  );
  return counts;
}
