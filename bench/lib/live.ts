// The live phase: many SSE clients on one question room (phones and projectors, as raw HTTP
// clients in this process, not browsers), then votes posted one after another through the HTML
// form. For every vote and every client: the time from sending the vote's POST to the moment the
// client receives an update that shows the new count. Everything targets 127.0.0.1.
import http from 'node:http';
import { createDisplayLink } from '../../src/core/display-links/create-display-link.ts';
import { postQuestion } from '../../src/core/questions/post-question.ts';
import { createQuestionRoom, setQuestionRoomOpen } from '../../src/core/questions/save-question-room.ts';
import { connect } from '../../src/db/connect.ts';
import { sleep } from './children.ts';

export interface LiveRoom {
  code: string;
  token: string;
  questionId: number;
}

/** A room (open, post-moderated) with a few questions and a display link, written before the server starts. */
export async function prepareLiveRoom(databaseUrl: string, slug: string): Promise<LiveRoom> {
  const store = connect(databaseUrl, { poolSize: 2 });
  try {
    const deps = { db: store.db, adapter: store.adapter };
    const now = new Date();
    const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const room = await createQuestionRoom(
      deps,
      {
        eventId: event.id,
        settings: {
          programmeItemId: null,
          title: 'Bench: dialog i plenum',
          identityMode: 'anonymous',
          moderation: 'post',
        },
        userId: null,
        actor: 'bench',
      },
      now,
    );
    if (!room.ok) throw new Error(`could not create the room: ${room.code}`);
    await setQuestionRoomOpen(deps, { eventId: event.id, roomId: room.id, open: true, actor: 'bench' }, now);
    // A realistic list: the phones' and the projector's fragment carry 20 posts.
    let questionId = 0;
    for (let i = 0; i < 20; i++) {
      const posted = await postQuestion(
        deps,
        {
          roomId: room.id,
          body: `Spørsmål ${i + 1}: hvordan kan kommunen og forskerne samarbeide bedre om ${['skole', 'helse', 'klima', 'kultur'][i % 4]} (${i})?`,
          name: '',
          role: '',
          posterKey: `bench-${i}`,
        },
        now,
      );
      if (!posted.ok) throw new Error(`could not post: ${posted.code}`);
      if (i === 10) questionId = posted.id;
    }
    const link = await createDisplayLink(
      deps,
      { eventId: event.id, label: 'bench', userId: null, actor: 'bench' },
      now,
    );
    if (!link.ok) throw new Error('could not create a display link');
    return { code: room.code, token: link.token, questionId };
  } finally {
    await store.close();
  }
}

interface Client {
  kind: 'phone' | 'projector';
  /** Highest count seen so far, and when each count was first seen. */
  highest: number;
  seenAt: Map<number, number>;
  updates: number;
  req: http.ClientRequest;
  connected: boolean;
  failed: string | null;
}

function countIn(html: string, kind: 'phone' | 'projector', questionId: number): number | null {
  const marker = kind === 'phone' ? `id="q-${questionId}"` : `id="p-${questionId}"`;
  const at = html.indexOf(marker);
  if (at < 0) return null;
  const rest = html.slice(at, at + 2000);
  const m = kind === 'phone' ? /class="q-votes">(\d+) stemme/.exec(rest) : /class="p-count">(\d+)</.exec(rest);
  return m ? Number(m[1]) : null;
}

function openClient(url: string, kind: 'phone' | 'projector', questionId: number, agent: http.Agent): Client {
  const client: Client = {
    kind,
    highest: -1,
    seenAt: new Map(),
    updates: 0,
    req: null as unknown as http.ClientRequest,
    connected: false,
    failed: null,
  };
  client.req = http.get(url, { agent, headers: { accept: 'text/event-stream', 'accept-language': 'nb' } }, (res) => {
    if (res.statusCode !== 200) {
      client.failed = `status ${res.statusCode}`;
      res.resume();
      return;
    }
    client.connected = true;
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      const at = performance.now();
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (!block.startsWith('event: update')) continue;
        client.updates++;
        const html = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        const count = countIn(html, kind, questionId);
        if (count === null || count <= client.highest) continue;
        // A later count shows every vote before it too (coalesced updates may skip one).
        for (let n = client.highest + 1; n <= count; n++) if (!client.seenAt.has(n)) client.seenAt.set(n, at);
        client.highest = count;
      }
    });
    res.on('error', () => {});
  });
  client.req.on('error', (error) => {
    client.failed ??= error.message;
  });
  return client;
}

interface Voter {
  cookie: string;
  token: string;
}

/** A phone's first visit: its participant cookie, CSRF cookie and token. */
async function newVoter(base: string, code: string, agent: http.Agent): Promise<Voter> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/q/${code}`, { agent, headers: { 'accept-language': 'nb' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => {
          const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
          const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? /data-live-csrf="([^"]+)"/.exec(body)?.[1];
          if (res.statusCode !== 200 || !token) reject(new Error(`GET /q/${code} answered ${res.statusCode}`));
          else resolve({ cookie, token });
        });
      })
      .on('error', reject);
  });
}

function postVote(base: string, code: string, voter: Voter, questionId: number, agent: http.Agent): Promise<number> {
  const body = new URLSearchParams({ _csrf: voter.token, question: String(questionId) }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/q/${code}/vote`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          cookie: voter.cookie,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LiveOptions {
  /** Base URLs of the server (several: clients and votes spread over them, e.g. two processes). */
  urls: string[];
  room: LiveRoom;
  clients: number;
  /** Every n-th client watches the projector (display link), the others the phone list. */
  projectorEvery: number;
  votes: number;
  spacingMs: number;
  /** How long after the last vote to wait for late updates. */
  settleMs: number;
  log: (message: string) => void;
}

export interface LiveResult {
  clients: number;
  connected: number;
  failedClients: string[];
  votes: number;
  voteStatuses: Record<string, number>;
  /** ms from each vote's POST to each client's update with that count (clients × votes). */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number; samples: number };
  /** Vote POST answer times (ms). */
  postMs: { p50: number; p95: number; max: number };
  /** (client, vote) pairs whose update never came within the settle time. */
  missed: number;
  /** Mean updates received per client (coalescing shows as fewer than votes + 1). */
  meanUpdates: number;
  connectSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export async function runLive(o: LiveOptions): Promise<LiveResult> {
  // One socket per client, no pooling limits: 300 long-lived streams.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const clients: Client[] = [];
  const started = performance.now();
  for (let i = 0; i < o.clients; i++) {
    const base = o.urls[i % o.urls.length] as string;
    const projector = o.projectorEvery > 0 && i % o.projectorEvery === 0;
    const url = projector ? `${base}/vis/${o.room.token}/q/${o.room.code}/live` : `${base}/q/${o.room.code}/live`;
    clients.push(openClient(url, projector ? 'projector' : 'phone', o.room.questionId, agent));
    // Not all in one burst: phones arrive over a moment as the QR code goes up.
    if (i % 50 === 49) await sleep(20);
  }
  // Every client has its first update (the current list, count 0) before the votes start.
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => c.highest < 0 && !c.failed) && Date.now() < deadline) await sleep(50);
  const connectSeconds = (performance.now() - started) / 1000;
  const ready = clients.filter((c) => c.highest === 0);
  o.log(
    `live: ${ready.length} of ${o.clients} clients connected in ${connectSeconds.toFixed(1)} s ` +
      `(${clients.filter((c) => c.kind === 'projector').length} projectors)`,
  );

  // Voters get their cookies and CSRF tokens first (a page view each), outside the measurement.
  const voters: Voter[] = [];
  for (let v = 0; v < o.votes; v++) {
    voters.push(await newVoter(o.urls[v % o.urls.length] as string, o.room.code, agent));
  }

  const sentAt: number[] = [];
  const postMs: number[] = [];
  const statuses: Record<string, number> = {};
  for (let v = 0; v < o.votes; v++) {
    const base = o.urls[v % o.urls.length] as string;
    const t = performance.now();
    sentAt[v + 1] = t;
    const status = await postVote(base, o.room.code, voters[v] as Voter, o.room.questionId, agent).catch(() => 0);
    postMs.push(performance.now() - t);
    statuses[status] = (statuses[status] ?? 0) + 1;
    const wait = o.spacingMs - (performance.now() - t);
    if (wait > 0) await sleep(wait);
  }
  const settleUntil = Date.now() + o.settleMs;
  while (Date.now() < settleUntil && ready.some((c) => c.highest < o.votes)) await sleep(50);

  const latencies: number[] = [];
  let missed = 0;
  for (const c of ready) {
    for (let n = 1; n <= o.votes; n++) {
      const seen = c.seenAt.get(n);
      const sent = sentAt[n] as number;
      if (seen === undefined) missed++;
      else latencies.push(Math.max(0, seen - sent));
    }
  }
  for (const c of clients) c.req.destroy();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  postMs.sort((a, b) => a - b);
  const mean = latencies.length > 0 ? latencies.reduce((a, b) => a + b, 0) / latencies.length : Number.NaN;
  return {
    clients: o.clients,
    connected: ready.length,
    failedClients: [...new Set(clients.filter((c) => c.failed).map((c) => c.failed as string))].slice(0, 5),
    votes: o.votes,
    voteStatuses: statuses,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
      mean,
      samples: latencies.length,
    },
    postMs: { p50: percentile(postMs, 50), p95: percentile(postMs, 95), max: postMs.at(-1) ?? Number.NaN },
    missed,
    meanUpdates: ready.length > 0 ? ready.reduce((a, c) => a + c.updates, 0) / ready.length : 0,
    connectSeconds,
  };
}
