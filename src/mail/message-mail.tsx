// Messages to participants (an organiser's message, the reminder, the thank-you, change and
// cancellation notices), rendered in the recipient's language and written into the outbox
// inside the transaction that decided them: a message exists exactly when its mails do.
import { randomUUID } from 'node:crypto';
import { eventCalendar } from '../core/events/calendar.ts';
import { localizeEvent } from '../core/events/translations.ts';
import type { EventDetails } from '../core/events/types.ts';
import { fillPlaceholders } from '../core/messages/placeholders.ts';
import type { MessageMail, MessageMailer, RenderedMessage } from '../core/messages/types.ts';
import type { Db } from '../db/adapter.ts';
import { formatDate, formatDateTime, formatTime, isLang, type Messages, messages } from '../web/i18n/index.ts';

export interface MessageMailerOptions {
  /** Absolute base for links in mails, without trailing slash. */
  readonly baseUrl: string;
  /** Right-hand side of generated Message-IDs and calendar UIDs. */
  readonly domain: string;
}

interface Block {
  paragraphs?: string[];
  facts?: { label: string; value: string }[];
  list?: { title: string; lines: string[] };
  link?: { label: string; button: string; url: string; note?: string };
}

interface Ctx {
  t: Messages;
  lang: string;
  event: EventDetails;
  eventUrl: string;
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** A paragraph of plain text as HTML: escaped, line breaks kept, web addresses made into links. */
function paragraphHtml(text: string): JSX.Element {
  const parts = text.split(URL_PATTERN);
  return (
    <p style="white-space: pre-line">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a href={part} safe>
            {part}
          </a>
        ) : (
          <span safe>{part}</span>
        ),
      )}
    </p>
  );
}

/** Splits an organiser's text into paragraphs at blank lines. */
function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function render(ctx: Ctx, subject: string, blocks: Block[]): RenderedMessage {
  const { t, event } = ctx;
  const text: string[] = [];
  for (const block of blocks) {
    for (const p of block.paragraphs ?? []) text.push(p, '');
    if (block.facts) {
      for (const f of block.facts) text.push(`${f.label}: ${f.value}`);
      text.push('');
    }
    if (block.list) {
      text.push(block.list.title);
      for (const line of block.list.lines) text.push(`- ${line}`);
      text.push('');
    }
    if (block.link) {
      text.push(block.link.label, block.link.url);
      if (block.link.note) text.push(block.link.note);
      text.push('');
    }
  }
  text.push(t.mail.contact(event.contactEmail), '', t.mail.signature(event.title), '', ctx.eventUrl);

  const html = (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <title safe>{subject}</title>
      </head>
      <body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
        {blocks.map((block) => (
          <>
            {(block.paragraphs ?? []).map((p) => paragraphHtml(p))}
            {block.facts ? (
              <table role="presentation" style="border-collapse: collapse; margin: 0 0 1em">
                {block.facts.map((f) => (
                  <tr>
                    <th scope="row" style="text-align: left; padding: 0.25em 1em 0.25em 0; vertical-align: top" safe>
                      {f.label}
                    </th>
                    <td style="padding: 0.25em 0" safe>
                      {f.value}
                    </td>
                  </tr>
                ))}
              </table>
            ) : (
              ''
            )}
            {block.list ? (
              <>
                <p safe>{block.list.title}</p>
                <ul>
                  {block.list.lines.map((line) => (
                    <li safe>{line}</li>
                  ))}
                </ul>
              </>
            ) : (
              ''
            )}
            {block.link ? (
              <p>
                <a
                  href={block.link.url}
                  style="display: inline-block; background: #00456b; color: #ffffff; padding: 0.6em 1.2em; border-radius: 4px; text-decoration: none; font-weight: bold"
                  safe
                >
                  {block.link.button}
                </a>
                {block.link.note ? (
                  <>
                    <br />
                    <small safe>{block.link.note}</small>
                  </>
                ) : (
                  ''
                )}
              </p>
            ) : (
              ''
            )}
          </>
        ))}
        <p safe>{t.mail.contact(event.contactEmail)}</p>
        <p style="white-space: pre-line" safe>
          {t.mail.signature(event.title)}
        </p>
        <p>
          <a href={ctx.eventUrl} safe>
            {ctx.eventUrl}
          </a>
        </p>
      </body>
    </html>
  ) as string;
  return { subject, text: text.join('\n'), html: `<!doctype html>${html}` };
}

function sessionText(ctx: Ctx, code: string | null): string {
  if (code === null) return ctx.t.my.sharedProgramme;
  const session = ctx.event.sessions.find((s) => s.code === code);
  return session ? `${session.code}: ${session.title}` : code;
}

function whenText(ctx: Ctx, session: string | null): string {
  const { event, lang } = ctx;
  const end = event.sessions.find((s) => s.code === session)?.endsAt ?? event.endsAt;
  return `${formatDateTime(event.startsAt, lang, event.timeZone)}–${formatTime(end, lang, event.timeZone)}`;
}

function whereText(event: EventDetails): string {
  return [event.venueName, event.venueRoom, event.venueAddress].filter(Boolean).join(', ');
}

function facts(ctx: Ctx, session: string | null) {
  const { t, event } = ctx;
  return [
    { label: t.mail.when, value: whenText(ctx, session) },
    { label: t.mail.where, value: whereText(event) },
    ...(event.sessions.length > 0 ? [{ label: t.mail.session, value: sessionText(ctx, session) }] : []),
  ];
}

/** The day's programme as lines: the shared items, and of the parallel sessions only the reader's. */
function programmeLines(ctx: Ctx, session: string | null): string[] {
  const { event, lang, t } = ctx;
  const time = (d: Date) => formatTime(d, lang, event.timeZone);
  const lines: string[] = [];
  for (const part of event.parts) {
    const heading = part.title ? `${part.label}: ${part.title}` : part.label;
    const items = part.items.filter((i) => i.sessionCode === null);
    for (const item of items) {
      const speakers = item.speakers.map((s) => s.name).join(', ');
      lines.push(`${time(item.startsAt)}–${time(item.endsAt)} ${item.title}${speakers ? ` (${speakers})` : ''}`);
    }
    if (part.sessions.length > 0) {
      const own = part.sessions.find((s) => s.code === session);
      lines.push(
        own
          ? `${time(own.startsAt)}–${time(own.endsAt)} ${t.messaging.mail.yourSession(`${own.code}: ${own.title}`)}`
          : `${heading}: ${t.messaging.mail.noSession}`,
      );
    } else if (items.length === 0) {
      lines.push(heading);
    }
  }
  return lines;
}

export function createMessageMailer(options: MessageMailerOptions): MessageMailer {
  const personalUrl = (token: string | null, suffix = '') =>
    `${options.baseUrl}/m/${token ?? messages('nb').messaging.mail.sampleToken}${suffix}`;

  function compose(mail: MessageMail): RenderedMessage {
    const lang = isLang(mail.recipient.lang) ? mail.recipient.lang : 'nb';
    const t = messages(lang);
    const m = t.messaging.mail;
    // The event's texts in the recipient's language where the organisers have translated them.
    const event = localizeEvent(mail.event, lang);
    const ctx: Ctx = { t, lang, event, eventUrl: `${options.baseUrl}/e/${event.slug}` };
    const session = mail.recipient.sessionCode;
    const link = personalUrl(mail.token);
    const fill = (text: string) =>
      fillPlaceholders(text, {
        name: mail.recipient.name,
        session: sessionText(ctx, session),
        link,
        event: event.title,
      });
    const manage = { label: t.mail.manage, button: t.mail.manageButton, url: link, note: t.mail.linkIsPersonal };

    switch (mail.kind) {
      case 'manual':
      case 'test': {
        const body = paragraphs(fill(mail.body));
        if (mail.kind === 'test')
          return render(ctx, m.testSubject(fill(mail.subject)), [{ paragraphs: [m.testNote, ...body] }]);
        return render(ctx, fill(mail.subject), [{ paragraphs: body }]);
      }
      case 'reminder': {
        const date = formatDate(event.startsAt, lang, event.timeZone);
        return render(ctx, m.reminderSubject(event.title, date), [
          { paragraphs: [t.mail.greeting(mail.recipient.name), m.reminderIntro(event.title, date)] },
          { facts: facts(ctx, session) },
          { list: { title: m.programme, lines: programmeLines(ctx, session) } },
          { link: { ...manage, note: `${t.mail.linkIsPersonal} ${m.reminderCancelNote}` } },
        ]);
      }
      case 'thanks':
        return render(ctx, m.thanksSubject(event.title), [
          { paragraphs: [t.mail.greeting(mail.recipient.name), m.thanksIntro(event.title), m.thanksAsk] },
          {
            link: {
              label: m.evaluationLabel,
              button: m.evaluationButton,
              url: personalUrl(mail.token, '/evaluation'),
              note: t.mail.linkIsPersonal,
            },
          },
        ]);
      case 'change':
        return render(ctx, fill(mail.subject), [
          { paragraphs: [...paragraphs(fill(mail.body)), m.changeFacts] },
          { facts: facts(ctx, session) },
          { paragraphs: [m.changeCalendar] },
          { link: manage },
        ]);
      case 'cancellation':
        return render(ctx, fill(mail.subject), [{ paragraphs: [...paragraphs(fill(mail.body)), m.cancelCalendar] }]);
    }
  }

  // A notice to many people builds the same calendar file per session: keep the last few.
  const calendars = new Map<string, string>();
  function attachments(mail: MessageMail) {
    if (!mail.calendar) return [];
    const { event, calendar } = mail;
    const session = mail.recipient.sessionCode;
    const key = `${event.id}|${event.updatedAt.toISOString()}|${calendar.sequence}|${calendar.method}|${session}`;
    let ics = calendars.get(key);
    if (ics === undefined) {
      ics = eventCalendar(event, {
        eventUrl: `${options.baseUrl}/e/${event.slug}`,
        uidDomain: options.domain,
        sessionCode: session,
        sequence: calendar.sequence,
        method: calendar.method,
      });
      if (calendars.size >= 50) calendars.delete(calendars.keys().next().value as string);
      calendars.set(key, ics);
    }
    return [
      {
        filename: messages('nb').mail.icsName,
        contentType: `text/calendar; charset=utf-8; method=${mail.calendar.method}`,
        content: ics,
      },
    ];
  }

  return {
    render: compose,
    async enqueue(trx: Db, mail: MessageMail, now: Date) {
      const rendered = compose(mail);
      const at = now.toISOString();
      await trx
        .insertInto('outbox')
        .values({
          // Fixed when the row is written, so a delivery repeated after a crash is the same message.
          message_id: `<${randomUUID()}@${options.domain}>`,
          kind: `message.${mail.kind}`,
          event_id: mail.event.id,
          registration_id: mail.recipient.registrationId,
          to_address: mail.recipient.email,
          subject: rendered.subject,
          text_body: rendered.text,
          html_body: rendered.html,
          attachments_json: JSON.stringify(attachments(mail)),
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          batch_id: mail.batchId,
        })
        .execute();
    },
  };
}
