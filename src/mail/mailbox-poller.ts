// Reads the events' IMAP mailboxes every minute. Every process runs a poller; a mailbox is read
// by one of them at a time (a lease claimed with a conditional UPDATE), new messages are fetched
// by UID after the last one handled (within the folder's UIDVALIDITY), and each message is
// handled once (receiveMessage also recognises a Message-ID it has seen). A server that is down
// or refuses the login is shown in the back office and tried again the next minute.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { getMailboxConnection } from '../core/mail-intake/get-mailbox.ts';
import {
  advanceMailbox,
  claimMailbox,
  dueMailboxes,
  extendLease,
  finishPoll,
} from '../core/mail-intake/mailbox-lease.ts';
import { receiveMessage } from '../core/mail-intake/receive-message.ts';
import { type IncomingMessage, PARSE_MAX, type ParseFn, RAW_STORE_MAX } from '../core/mail-intake/types.ts';
import type { Notifier } from '../core/shared/deps.ts';
import type { Store } from '../db/connect.ts';
import { classifyImapError, ImapProblem, withFolder } from './imap.ts';
import { type PeriodicJob, startPeriodic } from './periodic.ts';

export interface PollerDeps {
  notifier: Notifier;
  /** The key mailbox passwords are encrypted with (credentialKeyFrom(SECRET)). */
  credentialKey: Buffer;
  parse?: ParseFn;
  now?: () => Date;
  /** Called after a round that wrote mail, so delivery starts at once. */
  onMailQueued?: () => void;
  onError?: (error: unknown) => void;
  /** Messages handled per mailbox and round (the rest come next minute). */
  maxMessages?: number;
  leaseMs?: number;
}

export type PollResult =
  | { claimed: false }
  | { claimed: true; ok: true; handled: number; mailQueued: boolean }
  | { claimed: true; ok: false; error: string; detail: string };

// One name per process, so a lease shows who holds it.
const OWNER = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** Reads one mailbox once (if no other process is reading it). */
export async function pollMailbox(store: Store, deps: PollerDeps, mailboxId: number): Promise<PollResult> {
  const clock = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  if (!(await claimMailbox(store.db, mailboxId, OWNER, clock(), leaseMs))) return { claimed: false };
  const intakeDeps = {
    db: store.db,
    adapter: store.adapter,
    notifier: deps.notifier,
    ...(deps.parse ? { parse: deps.parse } : {}),
  };
  let handled = 0;
  let mailQueued = false;
  let password: string | undefined;
  try {
    const conn = await getMailboxConnection(store.db, mailboxId, deps.credentialKey);
    if (!conn) throw new ImapProblem('no_password', 'mailbox not found');
    if (conn.password === null) throw new ImapProblem('no_password', 'the stored password cannot be read');
    password = conn.password;
    const settings = { ...conn, password: conn.password };
    await withFolder(settings, conn.flagProcessed, async ({ imap, uidvalidity, exists }) => {
      // Another UIDVALIDITY means the UIDs were renumbered: start over (Message-IDs still dedupe).
      let lastUid = conn.uidvalidity === uidvalidity ? conn.lastUid : 0;
      if (conn.uidvalidity !== uidvalidity) await advanceMailbox(store.db, mailboxId, uidvalidity, 0);
      if (exists === 0) return;
      const fresh: { uid: number; size: number; internalDate: Date | null }[] = [];
      for await (const msg of imap.fetch(
        `${lastUid + 1}:*`,
        { uid: true, size: true, internalDate: true },
        { uid: true },
      )) {
        // "N:*" also returns the last message when it is older than N.
        if (msg.uid > lastUid) {
          const date = msg.internalDate ? new Date(msg.internalDate) : null;
          fresh.push({
            uid: msg.uid,
            size: msg.size ?? 0,
            internalDate: date && !Number.isNaN(date.getTime()) ? date : null,
          });
        }
      }
      fresh.sort((a, b) => a.uid - b.uid);
      for (const item of fresh.slice(0, deps.maxMessages ?? 100)) {
        const tooLarge = item.size > PARSE_MAX;
        const msg = await imap.fetchOne(
          String(item.uid),
          { uid: true, source: tooLarge ? { start: 0, maxLength: RAW_STORE_MAX } : true },
          { uid: true },
        );
        if (msg !== false && msg.source) {
          const message: IncomingMessage = {
            raw: msg.source,
            size: Math.max(item.size, msg.source.length),
            receivedAt: item.internalDate ?? clock(),
            imap: { uid: item.uid, uidvalidity },
          };
          const outcome = await receiveMessage(
            intakeDeps,
            { eventId: conn.eventId, mailboxId, message, intakeAddress: conn.address || null },
            clock(),
          );
          if (outcome.status !== 'duplicate') handled++;
          if (outcome.status === 'accepted' || outcome.status === 'cancelled' || outcome.status === 'changed')
            mailQueued = true;
          if (conn.flagProcessed && outcome.status !== 'duplicate')
            await imap.messageFlagsAdd(String(item.uid), ['\\Flagged'], { uid: true });
        }
        lastUid = item.uid;
        await advanceMailbox(store.db, mailboxId, uidvalidity, lastUid);
        await extendLease(store.db, mailboxId, OWNER, clock(), leaseMs);
      }
    });
    await finishPoll(store.db, mailboxId, OWNER, { ok: true }, clock());
    if (mailQueued) deps.onMailQueued?.();
    return { claimed: true, ok: true, handled, mailQueued };
  } catch (error) {
    const { code, detail } = classifyImapError(error, password);
    // Not a mailbox problem (the database, a bug): keep the details for the log, not the page.
    if (!(error instanceof ImapProblem)) deps.onError?.(error);
    await finishPoll(store.db, mailboxId, OWNER, { ok: false, error: code, detail }, clock()).catch(deps.onError);
    if (mailQueued) deps.onMailQueued?.();
    return { claimed: true, ok: false, error: code, detail };
  }
}

/** One round: every connected mailbox not read in the last minute. */
export async function pollDueMailboxes(store: Store, deps: PollerDeps): Promise<PollResult[]> {
  const clock = deps.now ?? (() => new Date());
  const results: PollResult[] = [];
  for (const id of await dueMailboxes(store.db, clock())) results.push(await pollMailbox(store, deps, id));
  return results;
}

export type RunningPoller = PeriodicJob;

/** Reads the due mailboxes every `intervalMs` (default one minute) until stopped. */
export function startMailboxPoller(
  store: Store,
  deps: PollerDeps,
  options: { intervalMs?: number } = {},
): RunningPoller {
  const intervalMs = options.intervalMs ?? 60_000;
  return startPeriodic(async () => void (await pollDueMailboxes(store, deps)), {
    intervalMs,
    firstAfterMs: Math.min(10_000, intervalMs),
    onError: deps.onError,
  });
}
