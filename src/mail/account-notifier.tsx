// Mail about accounts (password reset, invitations), rendered into the outbox inside the
// transaction that created the token: the mail exists exactly when the token does.
import { randomUUID } from 'node:crypto';
import type { AccountNotification, AccountNotifier } from '../core/accounts/notifications.ts';
import type { Db } from '../db/adapter.ts';
import { isLang, type Messages, messages } from '../web/i18n/index.ts';

export interface AccountNotifierOptions {
  /** Absolute base for links in mails, without trailing slash. */
  readonly baseUrl: string;
  /** Right-hand side of generated Message-IDs. */
  readonly domain: string;
}

interface Rendered {
  subject: string;
  text: string;
  html: string;
}

function render(
  lang: string,
  subject: string,
  paragraphs: string[],
  link: { label: string; url: string },
  note: string,
) {
  const text = [...paragraphs, '', `${link.label}:`, link.url, '', note, '', 'samskap'].join('\n');
  const html = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <title safe>{subject}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
        {paragraphs
          .flatMap((p) => p.split('\n\n'))
          .map((p) => (
            <p style="white-space: pre-line;" safe>
              {p}
            </p>
          ))}
        <p>
          <a href={link.url} style="color: #0b4f8a; font-weight: bold;" safe>
            {link.label}
          </a>
        </p>
        <p safe>{note}</p>
      </body>
    </html>
  );
  return { subject, text, html: `<!doctype html>${html}` } satisfies Rendered;
}

function roleName(t: Messages, role: string): string {
  return (t.admin.common.roleNames as Record<string, string>)[role] ?? role;
}

export function createAccountNotifier(options: AccountNotifierOptions): AccountNotifier {
  function compose(n: AccountNotification): Rendered {
    const lang = isLang(n.lang) ? n.lang : 'nb';
    const t = messages(lang);
    if (n.kind === 'account.password_reset') {
      const r = t.admin.reset;
      return render(
        lang,
        r.mailSubject,
        [r.mailIntro(n.name)],
        { label: r.mailLinkLabel, url: `${options.baseUrl}/admin/reset/${n.token}` },
        r.mailExpiry,
      );
    }
    const i = t.admin.invitation;
    const role = roleName(t, n.role).toLowerCase();
    return render(
      lang,
      i.mailSubject(n.scope.name),
      [i.mailIntro(n.invitedBy, n.scope.name, role)],
      { label: i.mailLinkLabel, url: `${options.baseUrl}/admin/invitation/${n.token}` },
      i.mailExpiry,
    );
  }

  return {
    async enqueue(trx: Db, notification: AccountNotification, now: Date) {
      const mail = compose(notification);
      await trx
        .insertInto('outbox')
        .values({
          message_id: `<${randomUUID()}@${options.domain}>`,
          kind: notification.kind,
          event_id: null,
          registration_id: null,
          to_address: notification.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          attachments_json: '[]',
          status: 'pending',
          attempts: 0,
          next_attempt_at: now.toISOString(),
          created_at: now.toISOString(),
        })
        .execute();
    },
  };
}
