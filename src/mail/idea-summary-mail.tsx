// The feedback summary an idea's owner gets by e-mail when the pitch session ends: per criterion
// the mean, spread and distribution of the scores and every comment (anonymous), in the owner's
// language, with a link to the summary page and its PDF. Written into the outbox inside the
// transaction that finished the session, so it exists exactly when the finish does.
import { randomUUID } from 'node:crypto';
import { localizeEvent } from '../core/events/translations.ts';
import type { IdeaSummaryMail, IdeaSummaryMailer } from '../core/ideas/types.ts';
import type { Db } from '../db/adapter.ts';
import { isLang, messages } from '../web/i18n/index.ts';
import { scoreLine } from '../web/views/ideas.tsx';

export interface IdeaSummaryMailerOptions {
  /** Absolute base for links in mails, without trailing slash. */
  readonly baseUrl: string;
  /** Right-hand side of generated Message-IDs. */
  readonly domain: string;
}

export interface RenderedSummary {
  subject: string;
  text: string;
  html: string;
}

/** The mail as text and HTML. */
export function renderIdeaSummaryMail(mail: IdeaSummaryMail, baseUrl: string): RenderedSummary {
  const lang = isLang(mail.recipient.lang) ? mail.recipient.lang : 'nb';
  const all = messages(lang);
  const t = all.ideas;
  const event = localizeEvent(mail.event, lang);
  const { summary } = mail;
  const pageUrl = `${baseUrl}/m/${mail.token}/idea/summary`;
  const pdfUrl = `${pageUrl}.pdf`;
  const eventUrl = `${baseUrl}/e/${event.slug}`;
  const subject = t.mailSubject(summary.idea.title);
  const intro = [
    t.mailGreeting(mail.recipient.name),
    t.mailIntro(summary.idea.title, mail.sessionCode),
    t.respondents(summary.respondents),
    t.anonymousNote,
  ];

  const text: string[] = [];
  for (const p of intro) text.push(p, '');
  for (const c of summary.criteria) {
    text.push(c.criterion.name.toUpperCase(), scoreLine(t, c, lang));
    text.push(c.counts.map((n, i) => t.scoreCounts(i + 1, n)).join(' · '));
    text.push(`${t.commentsHeading}:`);
    if (c.comments.length === 0) text.push(`  ${t.noComments}`);
    for (const comment of c.comments) text.push(`- ${comment.replace(/\n/g, '\n  ')}`);
    text.push('');
  }
  text.push(t.mailLinkLabel, pageUrl, pdfUrl, all.mail.linkIsPersonal, '');
  text.push(all.mail.contact(event.contactEmail), '', all.mail.signature(event.title), '', eventUrl);

  const html = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <title safe>{subject}</title>
      </head>
      <body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
        {intro.map((p) => (
          <p safe>{p}</p>
        ))}
        {summary.criteria.map((c) => (
          <>
            <h2 style="font-size: 1.2em; margin: 1.2em 0 0.3em" safe>
              {c.criterion.name}
            </h2>
            <p style="margin: 0 0 0.5em" safe>
              {scoreLine(t, c, lang)}
            </p>
            <table style="border-collapse: collapse; margin: 0 0 0.8em">
              <caption style="text-align: left; font-weight: bold" safe>
                {t.distributionCaption(c.criterion.name)}
              </caption>
              <tr>
                <th scope="row" style="text-align: left; padding: 0.2em 0.8em 0.2em 0" safe>
                  {t.colScore}
                </th>
                {c.counts.map((_, i) => (
                  <td style="padding: 0.2em 0.6em; text-align: center" safe>
                    {String(i + 1)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row" style="text-align: left; padding: 0.2em 0.8em 0.2em 0" safe>
                  {t.colCount}
                </th>
                {c.counts.map((n) => (
                  <td style="padding: 0.2em 0.6em; text-align: center; font-weight: bold" safe>
                    {String(n)}
                  </td>
                ))}
              </tr>
            </table>
            <p style="margin: 0; font-weight: bold" safe>
              {t.commentsHeading}
            </p>
            {c.comments.length === 0 ? (
              <p safe>{t.noComments}</p>
            ) : (
              <ul>
                {c.comments.map((comment) => (
                  <li style="white-space: pre-line" safe>
                    {comment}
                  </li>
                ))}
              </ul>
            )}
          </>
        ))}
        <p safe>{t.mailLinkLabel}</p>
        <p>
          <a
            href={pageUrl}
            style="display: inline-block; background: #00456b; color: #ffffff; padding: 0.6em 1.2em; border-radius: 4px; text-decoration: none; font-weight: bold"
            safe
          >
            {t.mailLinkButton}
          </a>{' '}
          <a href={pdfUrl} safe>
            {t.pdfLink}
          </a>
          <br />
          <small safe>{all.mail.linkIsPersonal}</small>
        </p>
        <p safe>{all.mail.contact(event.contactEmail)}</p>
        <p style="white-space: pre-line" safe>
          {all.mail.signature(event.title)}
        </p>
        <p>
          <a href={eventUrl} safe>
            {eventUrl}
          </a>
        </p>
      </body>
    </html>
  ) as string;
  return { subject, text: text.join('\n'), html: `<!doctype html>${html}` };
}

export function createIdeaSummaryMailer(options: IdeaSummaryMailerOptions): IdeaSummaryMailer {
  return {
    async enqueue(trx: Db, mail: IdeaSummaryMail, now: Date) {
      const rendered = renderIdeaSummaryMail(mail, options.baseUrl);
      const at = now.toISOString();
      await trx
        .insertInto('outbox')
        .values({
          // Fixed when the row is written, so a delivery repeated after a crash is the same message.
          message_id: `<${randomUUID()}@${options.domain}>`,
          kind: 'idea.summary',
          event_id: mail.event.id,
          registration_id: mail.recipient.registrationId,
          to_address: mail.recipient.email,
          subject: rendered.subject,
          text_body: rendered.text,
          html_body: rendered.html,
          attachments_json: '[]',
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          batch_id: null,
        })
        .execute();
    },
  };
}
