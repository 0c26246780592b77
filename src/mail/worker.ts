// Delivers the outbox over SMTP with retries. Rows are claimed with a lease (locked_until), so
// several processes can run a worker on one PostgreSQL, and a row whose worker died is picked
// up again when its lease ends.
import nodemailer from 'nodemailer';
import type { Store } from '../db/connect.ts';

export interface SendableMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
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
}

export const defaultBackoff = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 3_600_000);

/** Sends what is due once; returns how many were sent. */
export async function deliverDue(store: Store, options: WorkerOptions): Promise<number> {
  const clock = options.now ?? (() => new Date());
  const now = clock();
  const leaseMs = options.leaseMs ?? 60_000;
  const ids = await store.adapter.claimOutbox(
    store.db,
    now.toISOString(),
    new Date(now.getTime() + leaseMs).toISOString(),
    options.batchSize ?? 20,
  );
  let sent = 0;
  for (const id of ids) {
    const row = await store.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await options.transport({
        messageId: row.message_id,
        from: options.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        attachments: JSON.parse(row.attachments_json),
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
      const failed = attempts >= (options.maxAttempts ?? 12);
      const backoff = (options.backoffMs ?? defaultBackoff)(attempts);
      await store.db
        .updateTable('outbox')
        .set({
          status: failed ? 'failed' : 'pending',
          attempts,
          next_attempt_at: new Date(now.getTime() + backoff).toISOString(),
          locked_until: null,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 1000),
        })
        .where('id', '=', id)
        .execute();
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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;

  const round = async () => {
    do {
      again = false;
      try {
        // Keep going while full batches come back: a rush leaves many rows due at once.
        while (!stopped && (await deliverDue(store, options)) >= (options.batchSize ?? 20));
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !stopped);
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = round().finally(() => schedule(options.intervalMs ?? 2_000));
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
