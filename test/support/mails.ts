// Raw e-mails and uploads for the mail-intake tests.
import type { EventDraft } from '../../src/core/events/create-event.ts';
import { smallEvent } from './fixtures.ts';

/** A small event whose afternoon sessions look like the reference seminar's (2A and 2B). */
export function seminarEvent(overrides: Parameters<typeof smallEvent>[0] = {}): EventDraft {
  const draft = smallEvent({ a: 20, b: 10, ...overrides });
  const afternoon = draft.parts[1];
  if (afternoon?.sessions) {
    afternoon.sessions = afternoon.sessions.map((s, i) =>
      i === 0
        ? { ...s, code: '2A', title: 'Møteplass samskaping – la oss gjøre det sammen!' }
        : { ...s, code: '2B', title: '«Samfunnsnytte/impact» og «innovasjonsgrad» i forskningssøknader' },
    );
  }
  return { ...draft, contactEmail: 'pamelding@example.no' };
}

let counter = 0;

/** An RFC 5322 message with CRLF line endings (UTF-8 body unless `headers` says otherwise). */
export function mail(options: {
  from: string;
  subject: string;
  body: string;
  date?: string;
  messageId?: string | null;
  to?: string;
  headers?: string[];
  contentType?: string;
}): { raw: Buffer; messageId: string | null } {
  counter++;
  const messageId =
    options.messageId === undefined
      ? `<test-${counter}-${Math.random().toString(36).slice(2, 9)}@example.no>`
      : options.messageId;
  const lines = [
    `From: ${options.from}`,
    `To: ${options.to ?? 'pamelding@example.no'}`,
    `Subject: ${options.subject}`,
    `Date: ${options.date ?? 'Tue, 10 Sep 2030 09:15:00 +0200'}`,
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: ${options.contentType ?? 'text/plain; charset=utf-8'}`,
    'Content-Transfer-Encoding: 8bit',
    ...(options.headers ?? []),
    '',
    ...options.body.split('\n'),
    '',
  ];
  return { raw: Buffer.from(lines.join('\r\n'), 'utf8'), messageId };
}

/** An mbox file of the given messages (">From " quoting as mboxrd does it). */
export function mbox(messages: Buffer[]): Buffer {
  const parts = messages.map((m, i) => {
    const body = m
      .toString('latin1')
      .replace(/\r\n/g, '\n')
      .replace(/^(>*From )/gm, '>$1');
    return `From sender${i}@example.no Tue Sep 10 09:15:00 2030\n${body}${body.endsWith('\n') ? '' : '\n'}\n`;
  });
  return Buffer.from(parts.join(''), 'latin1');
}

/** A multipart/form-data body as a browser sends it, the CSRF token first. */
export function multipartBody(
  fields: [string, string][],
  files: { name: string; filename: string; content: Buffer; type?: string }[],
): { payload: Buffer; contentType: string } {
  const boundary = `----samskaptest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'message/rfc822'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A clear sign-up: a mayor for 2A. */
export function mayorSignUp(overrides: { date?: string; messageId?: string | null } = {}) {
  return mail({
    from: 'Berit Sandvik <berit.sandvik@frosta.example.no>',
    subject: 'Påmelding til seminaret',
    body: [
      'Hei!',
      '',
      'Jeg melder meg på seminaret om samskaping. Jeg kommer som ordfører i Frosta kommune,',
      'og vil gjerne være med på 2A, møteplassen, etter lunsj.',
      '',
      'Vennlig hilsen',
      'Berit Sandvik',
      'Ordfører, Frosta kommune',
    ].join('\n'),
    ...overrides,
  });
}
