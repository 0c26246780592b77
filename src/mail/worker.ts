// Delivers the outbox over SMTP with retries. Rows are claimed with a lease (locked_until), so
// several processes can run a worker on one PostgreSQL, and a row whose worker died is picked
// up again when its lease ends.
import nodemailer from 'nodemailer';
import type { Store } from '../db/connect.ts';
import { ticketPng } from '../web/views/ticket.tsx';
import type { StoredAttachment } from './outbox-notifier.ts';

export interface SendableMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string; encoding?: 'base64'; cid?: string }[];
  /** A reply in a thread (a sign-up by e-mail): the Message-ID answered and the thread's ids. */
  inReplyTo?: string;
  references?: string;
}

/** Outbox attachments as sent: QR codes stored as their payload are drawn as PNG now. */
async function attachmentsOf(json: string): Promise<SendableMail['attachments']> {
  const stored = JSON.parse(json) as StoredAttachment[];
  return Promise.all(
    stored.map(async (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      ...(a.qr !== undefined
        ? { content: (await ticketPng(a.qr)).toString('base64'), encoding: 'base64' as const }
        : { content: a.content ?? '' }),
      ...(a.cid ? { cid: a.cid } : {}),
    })),
  );
}

export type Transport = (mail: SendableMail) => Promise<void>;

/** A transport over SMTP_URL (smtp://user:pass@host:port or smtps://…). */
export function smtpTransport(url: string): Transport {
  const transporter = nodemailer.createTransport({
    url,
    // Reuse connections: a new one per mail costs more than the mail itself.
    pool: true,
    maxConnections: 3,
    // Fail well within the worker's lease (60 s), so a hanging server cannot make another
    // worker take over and send the same mail twice.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return async (mail) => {
    await transporter.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      attachments: mail.attachments,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references ? { references: mail.references } : {}),
    });
  };
}

export interface WorkerOptions {
  transport: Transport;
  from: string;
  /** How long a claimed row is ours before another worker may take it. */
  leaseMs?: number;
  batchSize?: number;
  /** Attempts before a row is marked failed. */
  maxAttempts?: number;
  /** Delay before retry n (1-based). */
  backoffMs?: (attempt: number) => number;
  now?: () => Date;
  onError?: (error: unknown) => void;
  /**
   * At most this many mails a minute from this process (MAIL_RATE_PER_MINUTE), so that a
   * message to hundreds of registrants goes out at a pace the SMTP server accepts.
   */
  ratePerMinute?: number;
  /** The rate window, shared across rounds; startWorker keeps one per worker. */
  rate?: RateWindow;
}

/** Send times of the last minute, for the rate limit. */
export class RateWindow {
  private readonly sent: number[] = [];
  constructor(private readonly perMinute: number) {}
  /** How many mails may go now. */
  allowance(nowMs: number): number {
    while (this.sent.length > 0 && (this.sent[0] as number) <= nowMs - 60_000) this.sent.shift();
    return Math.max(0, this.perMinute - this.sent.length);
  }
  /** Milliseconds until the next mail may go (0 when one may go now). */
  waitMs(nowMs: number): number {
    if (this.allowance(nowMs) > 0) return 0;
    return (this.sent[0] as number) + 60_000 - nowMs;
  }
  record(nowMs: number) {
    this.sent.push(nowMs);
  }
}

/**
 * An SMTP answer in the 5xx range to a mail means the server will never take it (unknown
 * mailbox, rejected address): retrying cannot help, so the mail fails at once and the
 * registration's address is marked as bouncing. 4xx and network errors are retried.
 */
export function isPermanentRejection(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export const defaultBackoff = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);

/** Sends what is due once; returns how many were sent. */
export async function deliverDue(store: Store, options: WorkerOptions): Promise<number> {
  const clock = options.now ?? (() => new Date());
  const now = clock();
  const leaseMs = options.leaseMs ?? 60_000;
  const rate = options.rate ?? (options.ratePerMinute ? new RateWindow(options.ratePerMinute) : undefined);
  // Claim no more than may be sent now: claimed rows wait for their lease to end otherwise.
  const limit = Math.min(options.batchSize ?? 20, rate ? rate.allowance(Date.now()) : Number.POSITIVE_INFINITY);
  if (limit <= 0) return 0;
  const ids = await store.adapter.claimOutbox(
    store.db,
    now.toISOString(),
    new Date(now.getTime() + leaseMs).toISOString(),
    limit,
  );
  let sent = 0;
  for (const id of ids) {
    const row = await store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    rate?.record(Date.now());
    try {
      await options.transport({
        messageId: row.message_id,
        from: options.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        attachments: await attachmentsOf(row.attachments_json),
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        ...(row.references_ids ? { references: row.references_ids } : {}),
      });
      await store.db
        .updateTable('outbox')
        // The injected clock, not new Date(): sent_at must be on the same clock as created_at and
        // next_attempt_at (DESIGN.md: pass the clock in), or a test clock leaves sent_at before created_at.
        .set({
          status: 'sent',
          sent_at: clock().toISOString(),
          attempts: row.attempts + 1,
          locked_until: null,
          last_error: null,
        })
        .where('id', '=', id)
        .execute();
      sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const permanent = isPermanentRejection(error);
      const failed = permanent || attempts >= (options.maxAttempts ?? 12);
      const backoff = (options.backoffMs ?? defaultBackoff)(attempts);
      const reason = String(error instanceof Error ? error.message : error).slice(0, 1000);
      await store.db
        .updateTable('outbox')
        .set({
          status: failed ? 'failed' : 'pending',
          attempts,
          next_attempt_at: new Date(now.getTime() + backoff).toISOString(),
          locked_until: null,
          last_error: reason,
        })
        .where('id', '=', id)
        .execute();
      if (permanent && row.registration_id !== null) {
        // Shown to organisers on the registration; later messages skip the address.
        await store.db
          .updateTable('registrations')
          .set({ email_bounced_at: clock().toISOString(), email_bounce_reason: reason.slice(0, 500) })
          .where('id', '=', row.registration_id)
          .where('email', '=', row.to_address)
          .execute();
      }
      options.onError?.(error);
    }
  }
  return sent;
}

export interface RunningWorker {
  /** Asks for a delivery round soon (after a commit that wrote mail). */
  nudge(): void;
  stop(): Promise<void>;
}

/** Polls the outbox every `intervalMs` (and when nudged) until stopped. */
export function startWorker(store: Store, options: WorkerOptions & { intervalMs?: number }): RunningWorker {
  const rate = options.rate ?? (options.ratePerMinute ? new RateWindow(options.ratePerMinute) : undefined);
  const roundOptions: WorkerOptions = rate ? { ...options, rate } : options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;

  const round = async () => {
    do {
      again = false;
      try {
        // Keep going while full batches come back: a rush leaves many rows due at once.
        while (!stopped && (await deliverDue(store, roundOptions)) >= (options.batchSize ?? 20));
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !stopped);
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // When the rate window is full, come back as soon as it has room again.
      running = round().finally(() =>
        schedule(Math.max(options.intervalMs ?? 2_000, Math.min(rate?.waitMs(Date.now()) ?? 0, 60_000))),
      );
    }, delay);
    timer.unref?.();
  };
  schedule(0);
  return {
    nudge() {
      again = true;
      schedule(50);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
