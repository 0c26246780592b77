// The live bus (change notices between processes) and the SSE streams built on it.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type LiveBus, memoryBus, postgresBus } from '../src/web/live/bus.ts';
import { closeStreams, openStreams, streamTopic } from '../src/web/live/sse.ts';
import { createTestDatabase, postgresUrl, type TestDatabase } from './support/databases.ts';

function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error('timed out'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('memory bus', () => {
  test('a publish reaches the subscribers of that topic only, after publish returns', async () => {
    const bus = memoryBus();
    const heard: string[] = [];
    bus.subscribe('questions:1', () => heard.push('a'));
    const off = bus.subscribe('questions:1', () => heard.push('b'));
    bus.subscribe('questions:2', () => heard.push('other'));
    bus.publish('questions:1');
    assert.deepEqual(heard, []);
    await waitFor(() => heard.length === 2);
    off();
    bus.publish('questions:1');
    await waitFor(() => heard.length === 3);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(heard, ['a', 'b', 'a']);
    await bus.close();
  });

  test('a throwing listener does not keep the others from hearing', async () => {
    const bus = memoryBus();
    let heard = 0;
    bus.subscribe('t', () => {
      throw new Error('boom');
    });
    bus.subscribe('t', () => heard++);
    const log = console.error;
    console.error = () => {};
    try {
      bus.publish('t');
      await waitFor(() => heard === 1);
    } finally {
      console.error = log;
    }
    await bus.close();
  });
});

describe('postgres bus', { skip: postgresUrl ? false : 'TEST_POSTGRES_URL is not set' }, () => {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase('postgres');
  });
  after(async () => {
    await database?.dispose();
  });

  test('a publish in one process reaches a subscriber in another on the same database', async () => {
    const url = database?.url ?? '';
    const one = postgresBus(url);
    const two = postgresBus(url);
    try {
      await Promise.all([one.ready(), two.ready()]);
      const heardOne: string[] = [];
      const heardTwo: string[] = [];
      one.subscribe('questions:7', () => heardOne.push('7'));
      two.subscribe('questions:7', () => heardTwo.push('7'));
      two.subscribe('pitches:3', () => heardTwo.push('3'));
      one.publish('questions:7');
      await waitFor(() => heardTwo.length === 1 && heardOne.length === 1);
      // The publisher hears itself once (directly), not a second time through NOTIFY.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(heardOne, ['7']);
      assert.deepEqual(heardTwo, ['7']);
      one.publish('pitches:3');
      await waitFor(() => heardTwo.includes('3'));
    } finally {
      await one.close();
      await two.close();
    }
  });

  test('after its connection is killed a bus reconnects, hears again and tells its listeners', async () => {
    const url = database?.url ?? '';
    const errors: Error[] = [];
    const one = postgresBus(url, { retryMs: 50, onError: (e) => errors.push(e) });
    const two = postgresBus(url);
    try {
      await Promise.all([one.ready(), two.ready()]);
      let heard = 0;
      one.subscribe('questions:9', () => heard++);
      // Kill every connection listening, as a server restart or failover would.
      const admin = database?.open(1);
      assert.ok(admin);
      const { sql } = await import('kysely');
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where query ilike 'listen%' and pid <> pg_backend_pid() and datname = current_database()`.execute(admin.db);
      await waitFor(() => errors.length > 0);
      // The reconnect fires every subscribed topic once (changes meanwhile were not heard).
      await waitFor(() => heard >= 1, 10_000);
      const before = heard;
      await waitFor(() => {
        two.publish('questions:9');
        return heard > before;
      }, 10_000);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('event streams', () => {
  let app: FastifyInstance;
  let bus: LiveBus;
  let renders = 0;
  let value = 0;
  let base = '';

  before(async () => {
    bus = memoryBus();
    app = Fastify();
    app.decorateRequest('lang', 'nb');
    app.get('/stream', async (req, reply) =>
      streamTopic(bus, req, reply, 'counter', async () => {
        renders++;
        return `<p>count ${value}</p>\n<p>line two</p>`;
      }),
    );
    app.addHook('preClose', async () => closeStreams(bus));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  after(async () => {
    await app.close();
    await bus.close();
  });

  function open(): Promise<{ events: string[]; headers: http.IncomingHttpHeaders; close(): void }> {
    return new Promise((resolve, reject) => {
      const events: string[] = [];
      const req = http.get(`${base}/stream`, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith('event: update')) {
              events.push(
                block
                  .split('\n')
                  .filter((l) => l.startsWith('data: '))
                  .map((l) => l.slice(6))
                  .join('\n'),
              );
            }
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('error', () => {});
        resolve({ events, headers: res.headers, close: () => req.destroy() });
      });
      req.on('error', reject);
    });
  }

  test('streams the fragment at once and after each change, rendered once for all clients', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => open()));
    assert.equal(clients[0]?.headers['content-type'], 'text/event-stream; charset=utf-8');
    await waitFor(() => clients.every((c) => c.events.length === 1));
    assert.equal(clients[0]?.events[0], '<p>count 0</p>\n<p>line two</p>');
    const rendersBefore = renders;
    // A burst of changes becomes at most a couple of renders, each shared by all 20 clients.
    for (let i = 1; i <= 10; i++) {
      value = i;
      bus.publish('counter');
    }
    await waitFor(() => clients.every((c) => c.events.at(-1) === '<p>count 10</p>\n<p>line two</p>'));
    assert.ok(renders - rendersBefore <= 2, `rendered ${renders - rendersBefore} times`);
    assert.equal(openStreams(bus), 20);
    for (const c of clients) c.close();
    await waitFor(() => openStreams(bus) === 0);
  });

  test('a stream checked before each update ends instead of sending one its viewer may no longer see', async () => {
    const own = memoryBus();
    const server = Fastify();
    server.decorateRequest('lang', 'nb');
    let n = 0;
    const allowed = new Map<string, boolean>();
    const checks: string[] = [];
    server.get('/s/:who', async (req, reply) => {
      const who = (req.params as { who: string }).who;
      allowed.set(who, true);
      return streamTopic(own, req, reply, 't', async () => `<p>${n}</p>`, {
        key: 'shared',
        revalidate: {
          topics: ['access'],
          eachUpdate: who !== 'free',
          stillAllowed: async () => {
            checks.push(who);
            return allowed.get(who) ?? false;
          },
        },
      });
    });
    server.addHook('preClose', async () => closeStreams(own));
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/s/` : '';
    const listen = (who: string) => {
      const state = { events: [] as string[], ended: false };
      http.get(`${url}${who}`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const m of chunk.matchAll(/data: (<p>\d+<\/p>)/g)) state.events.push(m[1] as string);
        });
        res.on('end', () => {
          state.ended = true;
        });
        res.on('error', () => {});
      });
      return state;
    };
    const [a, b, free] = [listen('a'), listen('b'), listen('free')];
    await waitFor(() => [a, b, free].every((c) => c.events.length === 1));
    // An update goes out to a checked client only after its check.
    checks.length = 0;
    n = 1;
    own.publish('t');
    await waitFor(() => [a, b, free].every((c) => c.events.at(-1) === '<p>1</p>'));
    assert.deepEqual(checks.sort(), ['a', 'b']);
    // b loses access without an event: the next update does not reach b, whose stream ends.
    allowed.set('b', false);
    n = 2;
    own.publish('t');
    await waitFor(() => b.ended && a.events.at(-1) === '<p>2</p>' && free.events.at(-1) === '<p>2</p>');
    assert.equal(b.events.at(-1), '<p>1</p>');
    // a loses access and the access topic fires: a ends before any further change.
    allowed.set('a', false);
    own.publish('access');
    await waitFor(() => a.ended);
    assert.equal(free.ended, false, 'its check (on the topic only) still answers yes');
    assert.equal(openStreams(own), 1);
    await server.close();
    await own.close();
  });

  test('closing the app ends open streams instead of waiting for them, and the client sees the end', async () => {
    const own = memoryBus();
    const server = Fastify();
    server.decorateRequest('lang', 'nb');
    server.get('/s', async (req, reply) => streamTopic(own, req, reply, 't', async () => '<p>x</p>'));
    server.addHook('preClose', async () => closeStreams(own));
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/s` : '';
    let ended = false;
    await new Promise<void>((resolve) => {
      http.get(url, (res) => {
        res.on('data', () => resolve());
        res.on('end', () => {
          ended = true;
        });
      });
    });
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 2_000, 'closed at once');
    await waitFor(() => ended);
    assert.equal(openStreams(own), 0);
    await own.close();
  });
});
