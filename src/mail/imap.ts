// The IMAP side of the mailbox connection (imapflow). The mailbox is only read: messages are
// fetched with BODY.PEEK (they stay unread) and the only change ever made is the optional
// \Flagged on messages that were handled. Errors are turned into codes the back office shows in
// the organiser's language, with the server's own words beside them (never the password).
import type { ImapFlow } from 'imapflow';
import type { MailboxSecurity } from '../db/schema.ts';

export interface ImapSettings {
  host: string;
  port: number;
  tls: MailboxSecurity;
  username: string;
  password: string;
  folder: string;
}

export type ImapErrorCode =
  | 'auth_failed'
  | 'connect_failed'
  | 'timeout'
  | 'tls_failed'
  | 'folder_missing'
  | 'no_password'
  | 'server_error';

export const IMAP_ERROR_CODES: readonly ImapErrorCode[] = [
  'auth_failed',
  'connect_failed',
  'timeout',
  'tls_failed',
  'folder_missing',
  'no_password',
  'server_error',
];

export class ImapProblem extends Error {
  constructor(
    readonly code: ImapErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'NoConnection',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

/** An error from imapflow or the network as one of our codes and a short detail. */
export function classifyImapError(error: unknown, password?: string): { code: ImapErrorCode; detail: string } {
  if (error instanceof ImapProblem) return { code: error.code, detail: error.detail };
  const e = (error ?? {}) as {
    authenticationFailed?: boolean;
    code?: string;
    message?: string;
    responseText?: string;
    serverResponseCode?: string;
  };
  const words = String(e.responseText || e.message || error || '')
    .replace(/\s+/g, ' ')
    .trim();
  // The password never reaches a page or the log, whatever a server echoes back.
  const detail = (password ? words.split(password).join('***') : words).slice(0, 300);
  const code = e.code ?? '';
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') return { code: 'auth_failed', detail };
  if (/timeout|timed out|ETIMEDOUT/i.test(`${code} ${words}`)) return { code: 'timeout', detail };
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code) || /certificate|ssl|tls/i.test(words))
    return { code: 'tls_failed', detail };
  if (CONNECT_CODES.has(code)) return { code: 'connect_failed', detail };
  return { code: 'server_error', detail };
}

/** A client for `settings`; imapflow (about 30 MB) is loaded when a mailbox is first read. */
async function client(settings: ImapSettings): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  const imap = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    servername: settings.host,
    tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
    // A round must end well within the poller's lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  // imapflow reports socket trouble as an 'error' event too; unheard, it would end the process.
  imap.on('error', () => {});
  return imap;
}

export interface OpenedFolder {
  imap: ImapFlow;
  uidvalidity: string;
  exists: number;
}

/**
 * Connects, logs in and opens the folder (read-only unless `writable`, which flagging needs),
 * runs `fn`, and logs out. Every failure is an ImapProblem.
 */
export async function withFolder<T>(
  settings: ImapSettings,
  writable: boolean,
  fn: (folder: OpenedFolder) => Promise<T>,
): Promise<T> {
  const imap = await client(settings);
  try {
    try {
      await imap.connect();
    } catch (error) {
      const { code, detail } = classifyImapError(error, settings.password);
      throw new ImapProblem(code, detail);
    }
    let opened: Awaited<ReturnType<ImapFlow['mailboxOpen']>>;
    try {
      opened = await imap.mailboxOpen(settings.folder, { readOnly: !writable });
    } catch (error) {
      const { code, detail } = classifyImapError(error, settings.password);
      throw new ImapProblem(code === 'server_error' ? 'folder_missing' : code, detail);
    }
    // Errors of `fn` (the database, the network mid-fetch) go on as they are: the caller tells them apart.
    const result = await fn({ imap, uidvalidity: String(opened.uidValidity), exists: opened.exists });
    await imap.logout().catch(() => {});
    return result;
  } finally {
    imap.close();
  }
}

/** "Test connection": logs in and opens the folder; how many messages it holds, or why not. */
export async function testImapConnection(
  settings: ImapSettings,
): Promise<{ ok: true; messages: number } | { ok: false; code: ImapErrorCode; detail: string }> {
  try {
    return await withFolder(settings, false, async (folder) => ({ ok: true as const, messages: folder.exists }));
  } catch (error) {
    const { code, detail } = classifyImapError(error, settings.password);
    return { ok: false, code, detail };
  }
}
