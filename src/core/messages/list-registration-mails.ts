import type { Db } from '../../db/adapter.ts';

export interface RegistrationMail {
  id: number;
  kind: string;
  subject: string;
  to: string;
  status: 'pending' | 'sent' | 'failed';
  createdAt: Date;
  sentAt: Date | null;
  /** The delivery error of a mail that failed (or is being retried). */
  lastError: string | null;
}

export interface RegistrationMails {
  /** Newest first. */
  mails: RegistrationMail[];
  bouncedAt: Date | null;
  bounceReason: string;
}

/** Every mail written to the outbox about one registration of an event, and whether its address bounced. */
export async function listRegistrationMails(
  db: Db,
  input: { eventId: number; registrationId: number },
): Promise<RegistrationMails | null> {
  const registration = await db
    .selectFrom('registrations')
    .select(['email_bounced_at', 'email_bounce_reason'])
    .where('id', '=', input.registrationId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirst();
  if (!registration) return null;
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'kind', 'subject', 'to_address', 'status', 'created_at', 'sent_at', 'last_error'])
    .where('registration_id', '=', input.registrationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return {
    mails: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subject: r.subject,
      to: r.to_address,
      status: r.status,
      createdAt: new Date(r.created_at),
      sentAt: r.sent_at ? new Date(r.sent_at) : null,
      lastError: r.last_error,
    })),
    bouncedAt: registration.email_bounced_at ? new Date(registration.email_bounced_at) : null,
    bounceReason: registration.email_bounce_reason,
  };
}
