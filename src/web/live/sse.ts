// Server-Sent Events for the live views (questions, pitches). A view's fragment is rendered once
// per change per process and the same bytes go to every client watching it: 300 phones cost one
// render, not 300. The script /static/live.js swaps each `update` into the page.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveBus } from './bus.ts';

/** At most one render per topic and view this often, however many changes arrive. */
export const COALESCE_MS = 100;
/** A comment line this often keeps proxies and the browser from dropping an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** A client this far behind (bytes queued) is cut off; its browser reconnects and catches up. */
const MAX_BUFFERED = 1024 * 1024;

/**
 * Who may keep watching: a stream whose viewer lost the right to see it ends, and the browser's
 * reconnect then gets the 404 or the login page.
 */
export interface Revalidate {
  /** Asked when one of these topics fires (e.g. a display link revoked, an organiser logged out). */
  topics: readonly string[];
  stillAllowed: () => Promise<boolean>;
  /**
   * Also asked before every update reaches this client and at every heartbeat, for rights that
   * lapse without an event (an expired login session). A failing check ends the stream too.
   */
  eachUpdate?: boolean;
}

export interface StreamOptions {
  /**
   * What makes two clients' fragments identical besides the topic. Default: the route and the
   * language, so `render` must depend on nothing else (no per-person content); pass a key when
   * it does.
   */
  key?: string;
  /** Closes this client's stream when it may no longer see it (see Revalidate). */
  revalidate?: Revalidate;
}

interface Client {
  res: ServerResponse;
  /** Sends an update (after the client's check when it has one with `eachUpdate`). */
  send(frame: string): void;
  /** Called with every heartbeat. */
  beat(): void;
  stop(): void;
}

interface Hub {
  clients: Set<Client>;
  render: () => Promise<string>;
  /** The last rendered event frame, sent to clients that join between changes. */
  frame: string | null;
  lastRenderAt: number;
  timer: NodeJS.Timeout | null;
  rendering: boolean;
  /** A change arrived while rendering: render again afterwards. */
  dirty: boolean;
  unsubscribe: () => void;
  heartbeat: NodeJS.Timeout;
}

const registries = new WeakMap<LiveBus, Map<string, Hub>>();

function registryOf(live: LiveBus): Map<string, Hub> {
  let hubs = registries.get(live);
  if (!hubs) {
    hubs = new Map();
    registries.set(live, hubs);
  }
  return hubs;
}

/** One SSE `update` event; every line of the HTML becomes a `data:` line. */
export function updateFrame(html: string): string {
  return `event: update\n${html
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

function write(client: Client, frame: string): void {
  if (client.res.writableEnded || client.res.destroyed) return;
  if (client.res.writableLength > MAX_BUFFERED) {
    client.res.destroy();
    return;
  }
  client.res.write(frame);
}

function schedule(hub: Hub): void {
  if (hub.timer) return;
  if (hub.rendering) {
    hub.dirty = true;
    return;
  }
  const wait = Math.max(0, hub.lastRenderAt + COALESCE_MS - Date.now());
  hub.timer = setTimeout(() => {
    hub.timer = null;
    void renderNow(hub);
  }, wait);
}

async function renderNow(hub: Hub): Promise<void> {
  if (hub.clients.size === 0) return;
  hub.rendering = true;
  hub.dirty = false;
  hub.lastRenderAt = Date.now();
  try {
    hub.frame = updateFrame(await hub.render());
    for (const client of hub.clients) client.send(hub.frame);
  } catch (error) {
    // Keep the last good fragment on screen; the next change tries again.
    if (process.env.NODE_ENV !== 'test') console.error('live: render failed:', error);
  } finally {
    hub.rendering = false;
  }
  if (hub.dirty) schedule(hub);
}

/**
 * Streams `render()` as an SSE `update` event now and whenever `topic` fires (coalesced to at
 * most one render per ~100 ms, shared by all clients of the topic and view in this process),
 * with a heartbeat comment every 25 s; cleans up on close. Use as `return streamTopic(...)`.
 */
export function streamTopic(
  live: LiveBus,
  req: FastifyRequest,
  reply: FastifyReply,
  topic: string,
  render: () => Promise<string>,
  options: StreamOptions = {},
): FastifyReply {
  const key = `${topic}\u0000${options.key ?? `${req.routeOptions.url ?? req.url}\u0000${req.lang}`}`;
  const hubs = registryOf(live);
  // The stream is written by hand from here on: Fastify must not send a reply of its own. The
  // headers set so far (security headers from the onRequest hook) go along.
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && name !== 'content-length') headers[name] = value as string | number | string[];
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    // nginx and similar proxies would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  // Reconnect after 3 s when the connection drops.
  res.write('retry: 3000\n\n');

  let hub = hubs.get(key);
  let fresh = false;
  if (!hub) {
    const created: Hub = {
      clients: new Set(),
      render,
      frame: null,
      lastRenderAt: 0,
      timer: null,
      rendering: false,
      dirty: false,
      unsubscribe: () => {},
      heartbeat: setInterval(() => {
        for (const client of created.clients) client.beat();
      }, HEARTBEAT_MS),
    };
    created.heartbeat.unref();
    created.unsubscribe = live.subscribe(topic, () => schedule(created));
    hubs.set(key, created);
    hub = created;
    fresh = true;
  }
  const theHub = hub;

  const guard = options.revalidate;
  let stopRevalidate = () => {};
  let stopped = false;
  /** Checks and frames of a guarded client, in order: a frame is never overtaken by an older one. */
  let queue = Promise.resolve();
  const allowed = async (): Promise<boolean> => {
    if (!guard) return true;
    try {
      return await guard.stillAllowed();
    } catch {
      // Could not tell (database trouble): a guarded-per-update stream ends, its browser
      // reconnects and is checked afresh; others keep going until the next check.
      return !guard.eachUpdate;
    }
  };
  const check = () => {
    queue = queue.then(async () => {
      if (stopped) return;
      if (!(await allowed())) client.stop();
    });
  };
  const client: Client = {
    res,
    send(frame) {
      if (!guard?.eachUpdate) {
        write(client, frame);
        return;
      }
      queue = queue.then(async () => {
        if (stopped) return;
        if (await allowed()) write(client, frame);
        else client.stop();
      });
    },
    beat() {
      write(client, ': ping\n\n');
      if (guard?.eachUpdate) check();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stopRevalidate();
      theHub.clients.delete(client);
      if (theHub.clients.size === 0) {
        theHub.unsubscribe();
        clearInterval(theHub.heartbeat);
        if (theHub.timer) clearTimeout(theHub.timer);
        if (hubs.get(key) === theHub) hubs.delete(key);
      }
      if (!res.writableEnded) res.end();
    },
  };
  theHub.clients.add(client);
  res.on('close', () => client.stop());
  res.on('error', () => client.stop());

  if (guard) {
    const unsubscribes = guard.topics.map((topic) => live.subscribe(topic, check));
    stopRevalidate = () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }

  if (fresh || theHub.frame === null) schedule(theHub);
  // (The route checked access just now: the frame goes out without asking again.)
  else if (!theHub.timer && !theHub.rendering) write(client, theHub.frame);
  // else: a render is on its way and reaches this client too.
  return reply;
}

/** Ends every open stream of this bus (before the server closes, which would wait for them). */
export function closeStreams(live: LiveBus): void {
  const hubs = registries.get(live);
  if (!hubs) return;
  for (const hub of [...hubs.values()]) {
    for (const client of [...hub.clients]) client.stop();
  }
  hubs.clear();
}

/** How many streams of this bus are open (for tests and the bench). */
export function openStreams(live: LiveBus): number {
  let n = 0;
  for (const hub of registries.get(live)?.values() ?? []) n += hub.clients.size;
  return n;
}
