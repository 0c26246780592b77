import type { Db } from '../../db/adapter.ts';
import type { MessageKind } from './types.ts';

export interface SentMessage {
  id: number;
  kind: MessageKind;
  segment: string;
  subject: string;
  recipients: number;
  createdAt: Date;
  /** The user who wrote it; null for automatic messages (or a deleted user). */
  createdBy: string | null;
}

export interface MessagesOverview {
  /** Newest first. */
  messages: SentMessage[];
  reminderDays: number;
  /** Automatic promotion from the waiting list stops this many days before the start… */
  autoPromoteDays: number;
  /** …after which a freed seat is offered for this many hours. */
  offerHours: number;
  reminderSentAt: Date | null;
  thanksSentAt: Date | null;
  cancelledAt: Date | null;
  calendarSequence: number;
  version: number;
  startsAt: Date;
  endsAt: Date;
}

/** The messages sent for an event, and the state of its reminder and thank-you. */
export async function getMessagesOverview(db: Db, eventId: number): Promise<MessagesOverview | null> {
  const event = await db
    .selectFrom('events')
    .select([
      'reminder_days',
      'auto_promote_days',
      'offer_hours',
      'reminder_sent_at',
      'thanks_sent_at',
      'cancelled_at',
      'calendar_sequence',
      'version',
      'starts_at',
      'ends_at',
    ])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!event) return null;
  const rows = await db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.created_by')
    .select([
      'messages.id',
      'messages.kind',
      'messages.segment',
      'messages.subject',
      'messages.recipients',
      'messages.created_at',
      'users.name as user_name',
    ])
    .where('messages.event_id', '=', eventId)
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .limit(500)
    .execute();
  return {
    messages: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      segment: r.segment,
      subject: r.subject,
      recipients: r.recipients,
      createdAt: new Date(r.created_at),
      createdBy: r.user_name ?? null,
    })),
    reminderDays: event.reminder_days,
    autoPromoteDays: event.auto_promote_days,
    offerHours: event.offer_hours,
    reminderSentAt: event.reminder_sent_at ? new Date(event.reminder_sent_at) : null,
    thanksSentAt: event.thanks_sent_at ? new Date(event.thanks_sent_at) : null,
    cancelledAt: event.cancelled_at ? new Date(event.cancelled_at) : null,
    calendarSequence: event.calendar_sequence,
    version: event.version,
    startsAt: new Date(event.starts_at),
    endsAt: new Date(event.ends_at),
  };
}
