// Change notices between app processes: "topic X changed, render it again". The notice carries
// no data (the database is the only shared state); a listener reads what it needs itself.
// SQLite runs one process, so a map of listeners is enough; on PostgreSQL every process LISTENs
// on one channel over one dedicated connection and a publish is a NOTIFY.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface LiveBus {
  /** Tells every process that `topic` changed (after the commit). Fire-and-forget. */
  publish(topic: string): void;
  /** Calls `listener` when `topic` changes in any process; returns an unsubscribe function. */
  subscribe(topic: string, listener: () => void): () => void;
  close(): Promise<void>;
}

/** The PostgreSQL channel every process listens on. */
export const LIVE_CHANNEL = 'samskap_live';

/** Topics are short identifiers (`questions:12`); NOTIFY payloads must stay under 8000 bytes. */
const MAX_TOPIC_LENGTH = 200;

/** Listeners per topic, called synchronously; a throwing listener does not stop the others. */
class Listeners {
  private readonly byTopic = new Map<string, Set<() => void>>();

  add(topic: string, listener: () => void): () => void {
    let set = this.byTopic.get(topic);
    if (!set) {
      set = new Set();
      this.byTopic.set(topic, set);
    }
    // A wrapper, so that the same function subscribed twice is also unsubscribed separately.
    const entry = () => listener();
    set.add(entry);
    return () => {
      const current = this.byTopic.get(topic);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) this.byTopic.delete(topic);
    };
  }

  fire(topic: string): void {
    const set = this.byTopic.get(topic);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener();
      } catch (error) {
        console.error(`live: a listener of ${topic} failed:`, error);
      }
    }
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  clear(): void {
    this.byTopic.clear();
  }
}

function checkTopic(topic: string): void {
  if (topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) throw new Error(`live: bad topic "${topic}"`);
}

/** One process (SQLite, tests): listeners are called on the next tick after a publish. */
export function memoryBus(): LiveBus {
  const listeners = new Listeners();
  let closed = false;
  return {
    publish(topic) {
      checkTopic(topic);
      if (closed) return;
      // Asynchronous like NOTIFY, so callers never depend on listeners running inside publish.
      setImmediate(() => listeners.fire(topic));
    },
    subscribe(topic, listener) {
      checkTopic(topic);
      return listeners.add(topic, listener);
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}

export interface PostgresBus extends LiveBus {
  /** Resolves once this process LISTENs (publishes from other processes reach it from then on). */
  ready(): Promise<void>;
}

export interface PostgresBusOptions {
  /** Told about connection failures (the bus reconnects by itself). */
  onError?: (error: Error) => void;
  /** First delay before reconnecting; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTEN/NOTIFY on the channel `samskap_live` over one dedicated connection per process. A
 * publish reaches this process's listeners at once (not via the round trip through the server)
 * and every other process through NOTIFY; a process ignores its own notices when they come
 * back. After a dropped connection it reconnects with backoff, sends the publishes that waited
 * and fires every subscribed topic once, since changes made meanwhile were not heard.
 */
export function postgresBus(url: string, options: PostgresBusOptions = {}): PostgresBus {
  const origin = randomBytes(6).toString('hex');
  const listeners = new Listeners();
  const retryMs = options.retryMs ?? 200;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const onError =
    options.onError ??
    ((error: Error) => {
      if (process.env.NODE_ENV !== 'test') console.error('live: PostgreSQL connection failed:', error.message);
    });

  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let delay = retryMs;
  let retryTimer: NodeJS.Timeout | null = null;
  let everListened = false;
  /** Topics published while not connected, sent after reconnecting (a set: duplicates merge). */
  const pending = new Set<string>();
  let readyResolve: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connectNow();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, maxRetryMs);
  };

  const drop = (failed: pg.Client, error?: Error) => {
    if (client !== failed) return;
    client = null;
    listening = false;
    if (error) onError(error);
    failed.removeAllListeners('notification');
    // Keep an error listener: a late 'error' on a dropped client must not crash the process.
    failed.on('error', () => {});
    failed.end().catch(() => {});
    scheduleReconnect();
  };

  const send = (c: pg.Client, topic: string) => {
    c.query('select pg_notify($1, $2)', [LIVE_CHANNEL, `${origin}:${topic}`]).catch((error: Error) => {
      // The connection broke under the query: keep the notice for after the reconnect.
      pending.add(topic);
      drop(c, error);
    });
  };

  const connectNow = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('error', (error) => drop(c, error));
    c.on('end', () => drop(c, new Error('connection ended')));
    c.on('notification', (message) => {
      if (message.channel !== LIVE_CHANNEL || !message.payload) return;
      const colon = message.payload.indexOf(':');
      if (colon < 0) return;
      if (message.payload.slice(0, colon) === origin) return;
      listeners.fire(message.payload.slice(colon + 1));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      drop(c, error as Error);
      return;
    }
    if (closed || client !== c) {
      c.end().catch(() => {});
      return;
    }
    listening = true;
    delay = retryMs;
    const waiting = [...pending];
    pending.clear();
    for (const topic of waiting) send(c, topic);
    if (everListened) {
      // Whatever changed while we were deaf: let every open view render once more.
      for (const topic of listeners.topics()) listeners.fire(topic);
    }
    everListened = true;
    readyResolve();
  };

  void connectNow();

  return {
    publish(topic) {
      checkTopic(topic);
      if (closed) return;
      setImmediate(() => listeners.fire(topic));
      if (client && listening) send(client, topic);
      else pending.add(topic);
    },
    subscribe(topic, listener) {
      checkTopic(topic);
      return listeners.add(topic, listener);
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      listeners.clear();
      const c = client;
      client = null;
      listening = false;
      readyResolve();
      if (c) {
        c.removeAllListeners('end');
        c.removeAllListeners('notification');
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
