// Text and HTML bodies for every e-mail, in the recipient's language.
import type { EventDetails } from '../core/events/types.ts';
import { formatDateTime, formatTime, type Messages } from '../web/i18n/index.ts';

export interface MailPerson {
  name: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  session: string | null;
  waitlistPosition: number | null;
  /** Absolute personal link, when this mail may carry it. */
  manageUrl: string | null;
  hasOwnEmail: boolean;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailContext {
  t: Messages;
  lang: string;
  event: EventDetails;
  eventUrl: string;
}

export function sessionName(ctx: MailContext, code: string | null): string {
  if (code === null) return ctx.t.my.sharedProgramme;
  const session = ctx.event.sessions.find((s) => s.code === code);
  return session ? `${session.code}: ${session.title}` : code;
}

// Formatting dates is the dearest part of a mail, and every sign-up to one event formats the
// same ones: keep them with the event object (a changed event is a new object).
const whenTexts = new WeakMap<EventDetails, Map<string, string>>();

function whenText(ctx: MailContext, session: string | null): string {
  const { event, lang } = ctx;
  let texts = whenTexts.get(event);
  if (!texts) {
    texts = new Map();
    whenTexts.set(event, texts);
  }
  const key = `${lang}|${session}`;
  let text = texts.get(key);
  if (text === undefined) {
    const end = event.sessions.find((s) => s.code === session)?.endsAt ?? event.endsAt;
    text = `${formatDateTime(event.startsAt, lang, event.timeZone)}–${formatTime(end, lang, event.timeZone)}`;
    texts.set(key, text);
  }
  return text;
}

function whereText(event: EventDetails): string {
  return [event.venueName, event.venueRoom, event.venueAddress].filter(Boolean).join(', ');
}

interface Block {
  paragraphs: string[];
  facts?: { label: string; value: string }[];
  button?: { label: string; url: string; note?: string };
  list?: { title: string; lines: { text: string; url?: string; linkText?: string }[] };
  /** The ticket: its code as text, and its QR code as an inline image (attached by Content-ID). */
  ticket?: { code: string; cid: string };
}

/** Renders a mail from blocks, once as plain text and once as simple, accessible HTML. */
function render(ctx: MailContext, subject: string, greeting: string, blocks: Block[]): ComposedMail {
  const { t, event } = ctx;
  const text: string[] = [greeting, ''];
  for (const block of blocks) {
    for (const p of block.paragraphs) text.push(p, '');
    if (block.facts) {
      for (const f of block.facts) text.push(`${f.label}: ${f.value}`);
      text.push('');
    }
    if (block.button) {
      text.push(t.mail.manage, block.button.url);
      if (block.button.note) text.push(block.button.note);
      text.push('');
    }
    if (block.ticket) {
      text.push(`${t.my.ticketCode}: ${block.ticket.code}`, t.mail.ticketNote, '');
    }
    if (block.list) {
      text.push(block.list.title);
      for (const line of block.list.lines)
        text.push(`- ${line.text}${line.url ? `\n  ${t.mail.otherManage} ${line.url}` : ''}`);
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
        <p safe>{greeting}</p>
        {blocks.map((block) => (
          <>
            {block.paragraphs.map((p) => (
              <p safe>{p}</p>
            ))}
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
            {block.button ? (
              <p>
                <a
                  href={block.button.url}
                  style="display: inline-block; background: #00456b; color: #ffffff; padding: 0.6em 1.2em; border-radius: 4px; text-decoration: none; font-weight: bold"
                  safe
                >
                  {t.mail.manageButton}
                </a>
                {block.button.note ? (
                  <>
                    <br />
                    <small safe>{block.button.note}</small>
                  </>
                ) : (
                  ''
                )}
              </p>
            ) : (
              ''
            )}
            {block.ticket ? (
              <div style="margin: 0 0 1em">
                <h2 style="font-size: 1.1em; margin: 0 0 0.5em" safe>
                  {t.my.ticketTitle}
                </h2>
                <p style="margin: 0 0 0.5em" safe>
                  {t.mail.ticketNote}
                </p>
                <img src={`cid:${block.ticket.cid}`} width="180" height="180" alt="" style="display: block" />
                <p style="margin: 0.5em 0 0">
                  <span safe>{`${t.my.ticketCode}: `}</span>
                  <strong style="font-family: monospace; font-size: 1.2em; letter-spacing: 0.1em" safe>
                    {block.ticket.code}
                  </strong>
                </p>
              </div>
            ) : (
              ''
            )}
            {block.list ? (
              <>
                <p safe>{block.list.title}</p>
                <ul>
                  {block.list.lines.map((line) => (
                    <li>
                      <span safe>{line.text}</span>
                      {line.url ? (
                        <>
                          {' '}
                          <a href={line.url} safe>
                            {line.linkText ?? t.mail.otherManage}
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                    </li>
                  ))}
                </ul>
              </>
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

function facts(ctx: MailContext, session: string | null) {
  const { t } = ctx;
  return [
    { label: t.mail.when, value: whenText(ctx, session) },
    { label: t.mail.where, value: whereText(ctx.event) },
    ...(ctx.event.sessions.length > 0 ? [{ label: t.mail.session, value: sessionName(ctx, session) }] : []),
  ];
}

function statusText(ctx: MailContext, person: MailPerson): string {
  return person.status === 'waitlisted'
    ? ctx.t.mail.statusWaitlisted(person.waitlistPosition ?? 0)
    : ctx.t.mail.statusConfirmed;
}

/** The confirmation (or waiting-list notice) after signing up. */
export function confirmationMail(
  ctx: MailContext,
  person: MailPerson,
  bookerName: string | null,
  others: MailPerson[],
  ticket?: { code: string; cid: string },
): ComposedMail {
  const { t, event } = ctx;
  const waitlisted = person.status === 'waitlisted';
  const subject = waitlisted ? t.mail.waitlistedSubject(event.title) : t.mail.confirmedSubject(event.title);
  const intro = waitlisted
    ? t.mail.waitlistedIntro(
        event.title,
        person.waitlistPosition ?? 0,
        person.session === null ? t.my.wholeEvent : sessionName(ctx, person.session),
      )
    : t.mail.confirmedIntro(event.title);
  const blocks: Block[] = [
    {
      paragraphs: bookerName ? [intro, t.mail.bookedBy(bookerName)] : [intro],
      facts: facts(ctx, person.session),
      ...(person.manageUrl
        ? { button: { label: t.mail.manageButton, url: person.manageUrl, note: t.mail.linkIsPersonal } }
        : {}),
      ...(ticket ? { ticket } : {}),
    },
  ];
  if (others.length > 0) blocks.push({ paragraphs: [], list: othersList(ctx, others) });
  return render(ctx, subject, t.mail.greeting(person.name), blocks);
}

function othersList(ctx: MailContext, others: MailPerson[]) {
  const { t } = ctx;
  return {
    title: t.mail.others,
    lines: others.map((o) => ({
      text: t.mail.otherLine(
        o.name,
        `${statusText(ctx, o)}, ${sessionName(ctx, o.session)}${o.hasOwnEmail ? ` (${t.mail.otherOwnMail})` : ''}`,
      ),
      ...(o.manageUrl && !o.hasOwnEmail ? { url: o.manageUrl, linkText: t.mail.otherManageLink(o.name) } : {}),
    })),
  };
}

/** To a booker who was already registered but signed up others in the same form. */
export function othersBookedMail(ctx: MailContext, bookerName: string, others: MailPerson[]): ComposedMail {
  const { t, event } = ctx;
  return render(ctx, t.mail.confirmedSubject(event.title), t.mail.greeting(bookerName), [
    { paragraphs: [], facts: facts(ctx, null).slice(0, 2), list: othersList(ctx, others) },
  ]);
}

/** "You got a seat": sent when someone leaves and the waiting list moves. */
export function promotedMail(ctx: MailContext, person: MailPerson, recipientName: string): ComposedMail {
  const { t, event } = ctx;
  const where = sessionName(ctx, person.session);
  const intro =
    recipientName === person.name
      ? t.mail.promotedIntro(event.title, where)
      : t.mail.promotedIntroFor(person.name, event.title, where);
  return render(ctx, t.mail.promotedSubject(event.title), t.mail.greeting(recipientName), [
    {
      paragraphs: [intro],
      facts: facts(ctx, person.session),
      ...(person.manageUrl
        ? { button: { label: t.mail.manageButton, url: person.manageUrl, note: t.mail.linkIsPersonal } }
        : {}),
    },
  ]);
}

/** Close to the day: a freed seat is held for this person until `deadline` (already formatted). */
export function offeredMail(
  ctx: MailContext,
  person: MailPerson,
  recipientName: string,
  deadline: string,
): ComposedMail {
  const { t, event } = ctx;
  const where = sessionName(ctx, person.session);
  const intro =
    recipientName === person.name
      ? t.mail.offeredIntro(event.title, where, deadline)
      : t.mail.offeredIntroFor(person.name, event.title, where, deadline);
  return render(ctx, t.mail.offeredSubject(event.title), t.mail.greeting(recipientName), [
    {
      paragraphs: [intro],
      facts: facts(ctx, person.session),
      ...(person.manageUrl
        ? { button: { label: t.mail.offeredAction, url: person.manageUrl, note: t.mail.linkIsPersonal } }
        : {}),
    },
  ]);
}

/** The offer was not answered in time and the seat went on. */
export function offerExpiredMail(ctx: MailContext, recipientName: string): ComposedMail {
  const { t, event } = ctx;
  return render(ctx, t.mail.offerExpiredSubject(event.title), t.mail.greeting(recipientName), [
    { paragraphs: [t.mail.offerExpiredIntro(event.title)] },
  ]);
}

/** A fresh personal link, asked for on /e/:slug/link or by signing up again. */
export function personalLinkMail(ctx: MailContext, person: MailPerson, recipientName: string): ComposedMail {
  const { t, event } = ctx;
  return render(ctx, t.mail.linkSubject(event.title), t.mail.greeting(recipientName), [
    {
      paragraphs: [t.mail.linkIntro(event.title)],
      ...(person.manageUrl
        ? { button: { label: t.mail.manageButton, url: person.manageUrl, note: t.mail.linkIsPersonal } }
        : {}),
    },
  ]);
}

/** After a change of session. */
export function changedMail(ctx: MailContext, person: MailPerson, recipientName: string): ComposedMail {
  const { t, event } = ctx;
  const where = sessionName(ctx, person.session);
  const intro =
    person.status === 'waitlisted'
      ? t.mail.changedWaitlisted(event.title, person.waitlistPosition ?? 0, where)
      : t.mail.changedIntro(event.title, where);
  return render(ctx, t.mail.changedSubject(event.title), t.mail.greeting(recipientName), [
    {
      paragraphs: [intro],
      facts: facts(ctx, person.session),
      ...(person.manageUrl
        ? { button: { label: t.mail.manageButton, url: person.manageUrl, note: t.mail.linkIsPersonal } }
        : {}),
    },
  ]);
}

/** Confirms a cancellation. */
export function cancelledMail(ctx: MailContext, person: MailPerson, recipientName: string): ComposedMail {
  const { t, event } = ctx;
  return render(ctx, t.mail.cancelledSubject(event.title), t.mail.greeting(recipientName), [
    {
      paragraphs: [
        recipientName === person.name
          ? t.mail.cancelledIntro(event.title)
          : t.mail.cancelledIntroFor(person.name, event.title),
      ],
    },
  ]);
}
