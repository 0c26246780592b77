// Turns notifications into rendered e-mails in the outbox, inside the transaction of the change
// that caused them: the mail exists exactly when the change does.
import { randomUUID } from 'node:crypto';
import { eventCalendar } from '../core/events/calendar.ts';
import { getEvent } from '../core/events/get-event.ts';
import { localizeEvent } from '../core/events/translations.ts';
import type { EventDetails } from '../core/events/types.ts';
import { waitlistPosition } from '../core/registrations/places.ts';
import { ticketCode, ticketQrPayload } from '../core/registrations/ticket-code.ts';
import type { Notifier } from '../core/shared/deps.ts';
import type { BookedPerson, IssuedLink, MailThread, Notification } from '../core/shared/notifications.ts';
import type { Db } from '../db/adapter.ts';
import { prepared } from '../db/prepared.ts';
import { formatDateTime, isLang, messages } from '../web/i18n/index.ts';
import {
  type ComposedMail,
  cancelledMail,
  changedMail,
  confirmationMail,
  type MailContext,
  type MailPerson,
  offerExpiredMail,
  offeredMail,
  othersBookedMail,
  personalLinkMail,
  promotedMail,
} from './compose.tsx';

export interface OutboxNotifierOptions {
  /** Absolute base for links in mails, without trailing slash. */
  baseUrl: string;
  /** Right-hand side of generated Message-IDs and calendar UIDs. */
  domain: string;
  /** Signs ticket codes; without it confirmations carry no ticket. */
  ticketKey?: string;
}

/**
 * An attachment as stored in the outbox row. A QR code is stored as its payload (`qr`) and drawn
 * as a PNG by the worker at delivery: drawing it inside the sign-up transaction would cost the
 * hot path more than the rest of the mail.
 */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  content?: string;
  /** The text a QR code image must hold; the worker turns it into `content` (PNG, base64). */
  qr?: string;
  /** Content-ID for an inline image (`<img src="cid:…">`). */
  cid?: string;
}

type Attachment = StoredAttachment;

const insertMail = prepared(
  (
    db,
    p: {
      messageId: string;
      kind: string;
      eventId: number;
      registrationId: number | null;
      to: string;
      subject: string;
      text: string;
      html: string;
      attachmentsJson: string;
      at: string;
      inReplyTo: string | null;
      referencesIds: string | null;
    },
  ) =>
    db.insertInto('outbox').values({
      message_id: p.messageId,
      kind: p.kind,
      event_id: p.eventId,
      registration_id: p.registrationId,
      to_address: p.to,
      subject: p.subject,
      text_body: p.text,
      html_body: p.html,
      attachments_json: p.attachmentsJson,
      status: 'pending',
      attempts: 0,
      next_attempt_at: p.at,
      created_at: p.at,
      in_reply_to: p.inReplyTo,
      references_ids: p.referencesIds,
    }),
);

/** A Message-ID as it may stand in a header: `<…>` with no spaces or line breaks; else null. */
function cleanMessageId(id: string): string | null {
  const trimmed = id.trim();
  const bracketed = trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
  return /^<[^<>\s]{1,250}>$/.test(bracketed) ? bracketed : null;
}

/** "Re: " and the original subject (kept as it is when it already is a reply), on one line. */
export function replySubject(original: string, fallback: string): string {
  const line = original
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 200);
  if (line === '') return fallback;
  return /^(re|sv|aw|vs)\s*:/i.test(line) ? line : `Re: ${line}`;
}

/** In-Reply-To and References of a reply in `thread`; null when its Message-ID is unusable. */
export function threadHeaders(thread: MailThread): { inReplyTo: string; references: string } | null {
  const inReplyTo = cleanMessageId(thread.messageId);
  if (!inReplyTo) return null;
  const earlier = thread.references.map(cleanMessageId).filter((id): id is string => id !== null && id !== inReplyTo);
  // The last few are enough to thread; a long thread must not make a huge header.
  return { inReplyTo, references: [...earlier.slice(-15), inReplyTo].join(' ') };
}

/**
 * A UUID of version 7 (RFC 9562): the time in milliseconds first, then random bits. Message-IDs
 * are indexed (unique); random ones land on a different index page each, so every sign-up made
 * the commit write one more page. Time-ordered ones fill the index's last pages.
 */
function timeOrderedUuid(now: Date): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx
  const ms = Math.max(0, Math.floor(now.getTime())).toString(16).padStart(12, '0').slice(-12);
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${random.slice(15)}`;
}

export function createOutboxNotifier(options: OutboxNotifierOptions): Notifier {
  const manageUrl = (token: string, registrationId?: number) =>
    `${options.baseUrl}/m/${token}${registrationId === undefined ? '' : `?p=${registrationId}`}`;

  async function write(
    trx: Db,
    now: Date,
    row: {
      kind: string;
      eventId: number;
      registrationId: number | null;
      to: string;
      mail: ComposedMail;
      ics?: string;
      extra?: Attachment[];
      /** The mail to the thread's writer becomes a reply in the thread. */
      thread?: MailThread | undefined;
    },
  ) {
    const attachments: Attachment[] = row.ics
      ? [{ filename: 'arrangement.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: row.ics }]
      : [];
    // Nobody to write to: a walk-in without an address, or a booker who deleted their data.
    if (row.to.trim() === '') return;
    if (row.extra) attachments.push(...row.extra);
    const at = now.toISOString();
    const replying = row.thread && row.thread.to.trim().toLowerCase() === row.to.trim().toLowerCase();
    const headers = replying && row.thread ? threadHeaders(row.thread) : null;
    await insertMail.execute(trx, {
      // Fixed when the row is written, so a delivery repeated after a crash is the same message.
      messageId: `<${timeOrderedUuid(now)}@${options.domain}>`,
      kind: row.kind,
      eventId: row.eventId,
      registrationId: row.registrationId,
      to: row.to,
      subject: headers && row.thread ? replySubject(row.thread.subject, row.mail.subject) : row.mail.subject,
      text: row.mail.text,
      html: row.mail.html,
      attachmentsJson: JSON.stringify(attachments),
      at,
      inReplyTo: headers?.inReplyTo ?? null,
      referencesIds: headers?.references ?? null,
    });
  }

  // One notification renders several mails about the same event; load it once per notification.
  type EventCache = Map<string, Promise<Awaited<ReturnType<typeof getEvent>>>>;

  async function load(trx: Db, registrationId: number, cache: EventCache) {
    const reg = await trx
      .selectFrom('registrations')
      .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
      .innerJoin('events', 'events.id', 'registrations.event_id')
      .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select([
        'registrations.id',
        'registrations.event_id',
        'registrations.session_id',
        'registrations.waitlist_seq',
        'registrations.name',
        'registrations.email',
        'registrations.status',
        'registrations.lang',
        'bookings.booker_name',
        'bookings.booker_email',
        'events.slug',
        'sessions.code as session_code',
      ])
      .where('registrations.id', '=', registrationId)
      .executeTakeFirstOrThrow();
    let pending = cache.get(reg.slug);
    if (!pending) {
      pending = getEvent(trx, reg.slug, { includeUnpublished: true });
      cache.set(reg.slug, pending);
    }
    const event = await pending;
    if (!event) throw new Error(`event ${reg.event_id} vanished inside its own transaction`);
    const lang = isLang(reg.lang) ? reg.lang : 'nb';
    const ctx: MailContext = {
      t: messages(lang),
      lang,
      // The event's texts in the recipient's language where translated (built once per event).
      event: localizeEvent(event, lang),
      eventUrl: `${options.baseUrl}/e/${event.slug}`,
    };
    return { reg, ctx };
  }

  async function person(
    trx: Db,
    cache: EventCache,
    registrationId: number,
    link: IssuedLink | null,
    viaBooker = false,
  ): Promise<MailPerson> {
    const { reg } = await load(trx, registrationId, cache);
    return {
      name: reg.name,
      status: reg.status,
      session: reg.session_code ?? null,
      waitlistPosition: reg.status === 'waitlisted' ? await waitlistPosition(trx, reg) : null,
      manageUrl: link ? manageUrl(link.token, viaBooker ? link.registrationId : undefined) : null,
      hasOwnEmail: reg.email !== null,
    };
  }

  async function eventById(trx: Db, eventId: number): Promise<EventDetails> {
    const row = await trx.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirstOrThrow();
    const event = await getEvent(trx, row.slug, { includeUnpublished: true });
    if (!event) throw new Error(`event ${eventId} vanished inside its own transaction`);
    return event;
  }

  // The calendar file depends only on the event (as of its last change) and the session, and
  // building it is the dearest part of a confirmation: keep the last few.
  const calendars = new Map<string, string>();
  function calendar(ctx: MailContext, session: string | null) {
    const key = `${ctx.event.id}|${ctx.event.updatedAt.toISOString()}|${session}|${ctx.eventUrl}|${ctx.lang}`;
    let ics = calendars.get(key);
    if (ics === undefined) {
      ics = eventCalendar(ctx.event, {
        eventUrl: ctx.eventUrl,
        uidDomain: options.domain,
        sessionCode: session,
        // After a change notice, later mails carry the changed entry, not an outdated one.
        sequence: ctx.event.calendarSequence,
      });
      if (calendars.size >= 100) calendars.delete(calendars.keys().next().value as string);
      calendars.set(key, ics);
    }
    return ics;
  }

  return {
    async enqueue(trx: Db, notification: Notification, now: Date, context?: { event?: EventDetails }) {
      const cache: EventCache = new Map();
      switch (notification.kind) {
        case 'booking.created': {
          // Everything needed is in the notification and the caller's event: no reads here, so
          // the capacity transaction stays short.
          const event = context?.event ?? (await eventById(trx, notification.eventId));
          const lang = isLang(notification.lang) ? notification.lang : 'nb';
          const ctx: MailContext = {
            t: messages(lang),
            lang,
            event: localizeEvent(event, lang),
            eventUrl: `${options.baseUrl}/e/${event.slug}`,
          };
          const bookerEmail = notification.booker.email.toLowerCase();
          const isBooker = (p: BookedPerson) => p.email?.toLowerCase() === bookerEmail;
          const bookerEntry = notification.people.find(isBooker);
          const view = (p: BookedPerson, url: string | null): MailPerson => ({
            name: p.name,
            status: p.status,
            session: p.session,
            waitlistPosition: p.waitlistPosition,
            manageUrl: url,
            hasOwnEmail: p.email !== null,
          });
          // Companions without an address are managed through the booker's mail, with the
          // booker's link scoped to them (see getMyRegistration).
          const others = notification.people
            .filter((p) => !isBooker(p))
            .map((p) => view(p, bookerEntry ? manageUrl(bookerEntry.token, p.registrationId) : null));
          for (const p of notification.people) {
            if (p.email === null) continue;
            const self = view(p, manageUrl(p.token));
            const ticket = options.ticketKey
              ? {
                  code: ticketCode(options.ticketKey, event.id, p.registrationId),
                  cid: `ticket-${p.registrationId}@${options.domain}`,
                }
              : undefined;
            const mail = confirmationMail(
              ctx,
              self,
              isBooker(p) ? null : notification.booker.name,
              isBooker(p) ? others : [],
              ticket,
            );
            await write(trx, now, {
              kind: 'registration.confirmation',
              eventId: event.id,
              registrationId: p.registrationId,
              to: p.email,
              mail,
              ics: calendar(ctx, p.session),
              thread: notification.thread,
              ...(ticket && options.ticketKey
                ? {
                    extra: [
                      {
                        filename: `${ctx.t.my.ticketTitle.toLowerCase()}-${ticket.code}.png`,
                        contentType: 'image/png',
                        qr: ticketQrPayload(options.ticketKey, event.id, p.registrationId),
                        cid: ticket.cid,
                      },
                    ],
                  }
                : {}),
            });
          }
          if (!bookerEntry) {
            // The booker was already registered (no new link for them): they still learn whom they
            // signed up, and companions without an address get links through this mail.
            const listed = notification.people.filter((p) => p.email === null).map((p) => view(p, manageUrl(p.token)));
            if (listed.length > 0) {
              await write(trx, now, {
                kind: 'booking.others',
                eventId: event.id,
                registrationId: null,
                to: notification.booker.email,
                mail: othersBookedMail(ctx, notification.booker.name, listed),
                thread: notification.thread,
              });
            }
          }
          const thread = notification.thread;
          const writer = thread?.to.trim().toLowerCase();
          if (
            thread &&
            writer &&
            writer !== bookerEmail &&
            !notification.people.some((p) => p.email?.trim().toLowerCase() === writer)
          ) {
            // Someone signed up others by e-mail without coming themselves (an assistant for the
            // mayor): the answer in their thread says whom they signed up; each person got their own.
            await write(trx, now, {
              kind: 'booking.others',
              eventId: event.id,
              registrationId: null,
              to: thread.to,
              mail: othersBookedMail(
                ctx,
                thread.name ?? thread.to,
                notification.people.map((p) => view(p, null)),
              ),
              thread,
            });
          }
          return;
        }
        case 'registration.promoted':
        case 'registration.offered':
        case 'registration.link_requested':
        case 'registration.changed': {
          const { reg, ctx } = await load(trx, notification.link.registrationId, cache);
          const viaBooker = reg.email === null;
          const p = await person(trx, cache, reg.id, notification.link, false);
          if (viaBooker) {
            // Without an address of their own, the person is reached through the booker. The
            // fresh link opens the person's registration directly.
            p.manageUrl = manageUrl(notification.link.token);
          }
          const recipientName = viaBooker ? reg.booker_name : reg.name;
          const to = reg.email ?? reg.booker_email;
          const mail =
            notification.kind === 'registration.promoted'
              ? promotedMail(ctx, p, recipientName)
              : notification.kind === 'registration.offered'
                ? offeredMail(
                    ctx,
                    p,
                    recipientName,
                    formatDateTime(notification.expiresAt, ctx.lang, ctx.event.timeZone),
                  )
                : notification.kind === 'registration.changed'
                  ? changedMail(ctx, p, recipientName)
                  : personalLinkMail(ctx, p, recipientName);
          const ics = notification.kind === 'registration.link_requested' ? undefined : calendar(ctx, p.session);
          await write(trx, now, {
            kind: notification.kind,
            eventId: reg.event_id,
            registrationId: reg.id,
            to,
            mail,
            ...(ics ? { ics } : {}),
            ...(notification.kind === 'registration.link_requested' || notification.kind === 'registration.changed'
              ? { thread: notification.thread }
              : {}),
          });
          return;
        }
        case 'registration.offer_expired': {
          const { reg, ctx } = await load(trx, notification.registrationId, cache);
          await write(trx, now, {
            kind: notification.kind,
            eventId: reg.event_id,
            registrationId: reg.id,
            to: reg.email ?? reg.booker_email,
            mail: offerExpiredMail(ctx, reg.email ? reg.name : reg.booker_name),
          });
          return;
        }
        case 'registration.cancelled': {
          const { reg, ctx } = await load(trx, notification.registrationId, cache);
          const p = await person(trx, cache, reg.id, null);
          await write(trx, now, {
            kind: notification.kind,
            eventId: reg.event_id,
            registrationId: reg.id,
            to: reg.email ?? reg.booker_email,
            mail: cancelledMail(ctx, p, reg.email ? reg.name : reg.booker_name),
            thread: notification.thread,
          });
          return;
        }
      }
    },
  };
}
