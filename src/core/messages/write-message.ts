// The one way a message is written: a messages row, one outbox mail per recipient (each with a
// fresh personal link) and an audit row, all inside the caller's transaction, so a message is
// either sent to its whole segment or to nobody.
import type { Db } from '../../db/adapter.ts';
import type { EventDetails } from '../events/types.ts';
import { issueLink } from '../registrations/tokens.ts';
import { recordAudit } from '../shared/audit.ts';
import { segmentKey } from './segments.ts';
import type { CalendarUpdate, MessageKind, MessageMailer, MessageRecipient, Segment } from './types.ts';

export interface MessageToWrite {
  kind: MessageKind;
  event: EventDetails;
  segment: Segment;
  /** The organiser's subject and body (with placeholders); empty for automatic messages. */
  subject: string;
  body: string;
  recipients: MessageRecipient[];
  /** The audit actor ("user:3:kari@…" or "system") and the user id for messages.created_by. */
  actor: string;
  userId: number | null;
  calendar?: CalendarUpdate;
}

/** Writes a message and its mails; returns the messages row's id. */
export async function writeMessage(trx: Db, mailer: MessageMailer, message: MessageToWrite, now: Date) {
  const at = now.toISOString();
  // Automatic messages have no subject of their own: store the one their readers see.
  const subject =
    message.subject ||
    mailer.render({
      kind: message.kind,
      event: message.event,
      batchId: null,
      recipient: message.recipients[0] ?? {
        registrationId: null,
        name: '',
        email: '',
        lang: message.event.mainLang,
        sessionCode: null,
      },
      subject: '',
      body: message.body,
      token: null,
    }).subject;
  const row = await trx
    .insertInto('messages')
    .values({
      event_id: message.event.id,
      kind: message.kind,
      segment: segmentKey(message.segment),
      subject,
      body: message.body,
      recipients: message.recipients.length,
      created_by: message.userId,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const recipient of message.recipients) {
    const link = await issueLink(trx, recipient.registrationId, now);
    await mailer.enqueue(
      trx,
      {
        kind: message.kind,
        event: message.event,
        batchId: row.id,
        recipient,
        subject: message.subject,
        body: message.body,
        token: link.token,
        ...(message.calendar ? { calendar: message.calendar } : {}),
      },
      now,
    );
  }
  await recordAudit(
    trx,
    {
      actor: message.actor,
      action: 'message.sent',
      eventId: message.event.id,
      subjectType: 'message',
      subjectId: row.id,
      data: {
        kind: message.kind,
        segment: segmentKey(message.segment),
        count: message.recipients.length,
        ...(message.calendar ? { sequence: message.calendar.sequence } : {}),
      },
    },
    now,
  );
  return row.id;
}
