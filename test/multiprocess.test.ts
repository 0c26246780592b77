// Several real server processes on one PostgreSQL (DESIGN.md: "the database is the only shared
// state, so several processes can run behind a load balancer"). Each process is started as
// production starts it, and a rush of sign-ups is spread over all of them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { addEvent, smallEvent } from './support/fixtures.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROCESSES = 3;
const SIGN_UPS = 200;
const SEATS = 20;

// databaseKinds() throws under CI=true without TEST_POSTGRES_URL, so CI never skips this silently.
const skip = databaseKinds().includes('postgres') ? false : 'TEST_POSTGRES_URL is not set';

/** Ports nobody listens on now: held open together so that the three differ, then released. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (typeof address !== 'object' || !address) throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  output: string[];
}

function startServer(databaseUrl: string, port: number): ServerProcess {
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    NODE_ENV: 'production',
    SECRET: 'multiprocess-test-secret-0123456789abcdef',
    RATE_LIMITS: 'off',
    WORKERS: '1',
    // Mail stays in the outbox, where the test counts it.
    SMTP_URL: '',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { baseUrl, child, output };
}

async function waitForHealth(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`server on ${server.baseUrl} exited early:\n${server.output.join('')}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline)
      throw new Error(`server on ${server.baseUrl} not healthy in time:\n${server.output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('three server processes on one PostgreSQL', { skip }, () => {
  let database: TestDatabase | undefined;
  let slug = '';
  const servers: ServerProcess[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    // The fixture event's deadline is in 2030, so the processes' real clock is inside the window.
    slug = await addEvent(database.store, smallEvent({ a: SEATS }));
    const ports = await freePorts(PROCESSES);
    for (const port of ports) servers.push(startServer(database.url, port));
    await Promise.all(servers.map((server) => waitForHealth(server)));
  });

  after(async () => {
    await Promise.all(servers.map(stopServer));
    await database?.dispose();
  });

  test(`${SIGN_UPS} concurrent API sign-ups over ${PROCESSES} processes for ${SEATS} seats: exactly ${SEATS} confirmed, the rest waitlisted at 1..${SIGN_UPS - SEATS}`, async () => {
    const responses = await Promise.all(
      Array.from({ length: SIGN_UPS }, async (_, i) => {
        const server = servers[i % servers.length] as ServerProcess;
        const response = await fetch(`${server.baseUrl}/api/v1/events/${slug}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: `Deltaker ${i}`,
            email: `rush${i}@example.no`,
            role: 'citizen',
            session: 'A',
            consent: true,
          }),
        });
        const text = await response.text();
        return { i, server, status: response.status, text };
      }),
    );
    const serverErrors = responses.filter((r) => r.status >= 500);
    assert.deepEqual(serverErrors, [], `no 5xx:\n${servers.map((s) => s.output.join('')).join('\n')}`);
    const notCreated = responses.filter((r) => r.status !== 201);
    assert.deepEqual(notCreated, [], 'every sign-up answered 201');

    const bodies = responses.map((r) => ({ ...r, body: JSON.parse(r.text) as Record<string, unknown> }));
    for (const { body, server } of bodies) {
      assert.equal(body.session, 'A');
      assert.match(
        String(body.manageUrl),
        new RegExp(`^${server.baseUrl}/m/[A-Za-z0-9_-]{43}$`),
        'links use that process’s BASE_URL',
      );
    }
    const confirmed = bodies.filter((r) => r.body.status === 'confirmed');
    const waitlisted = bodies.filter((r) => r.body.status === 'waitlisted');
    assert.equal(confirmed.length, SEATS);
    assert.equal(waitlisted.length, SIGN_UPS - SEATS);
    assert.ok(
      confirmed.every((r) => !('waitlistPosition' in r.body)),
      'a confirmed sign-up has no waiting-list position',
    );
    assert.deepEqual(
      waitlisted.map((r) => Number(r.body.waitlistPosition)).sort((a, b) => a - b),
      Array.from({ length: SIGN_UPS - SEATS }, (_, i) => i + 1),
      'waiting-list positions are exactly 1..180, none repeated or skipped',
    );

    // The database agrees with what the processes answered.
    const db = (database as TestDatabase).store.db;
    const event = await db
      .selectFrom('events')
      .select(['id', 'seats_taken'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const session = await db
      .selectFrom('sessions')
      .select(['seats_taken', 'waitlist_length'])
      .where('event_id', '=', event.id)
      .where('code', '=', 'A')
      .executeTakeFirstOrThrow();
    assert.deepEqual([session.seats_taken, session.waitlist_length], [SEATS, SIGN_UPS - SEATS]);
    assert.equal(event.seats_taken, SEATS);
    const rows = await db
      .selectFrom('registrations')
      .select(['email_norm', 'status'])
      .where('event_id', '=', event.id)
      .execute();
    assert.equal(rows.length, SIGN_UPS);
    assert.equal(rows.filter((r) => r.status === 'confirmed').length, SEATS);
    assert.equal(rows.filter((r) => r.status === 'waitlisted').length, SIGN_UPS - SEATS);
    const confirmedEmails = new Set(confirmed.map((r) => `rush${r.i}@example.no`));
    assert.deepEqual(
      new Set(rows.filter((r) => r.status === 'confirmed').map((r) => r.email_norm)),
      confirmedEmails,
      'those told "confirmed" are the ones holding seats',
    );

    // One confirmation mail per sign-up, each with its own Message-ID.
    const mails = await db
      .selectFrom('outbox')
      .select(['message_id', 'to_address'])
      .where('event_id', '=', event.id)
      .where('kind', '=', 'registration.confirmation')
      .execute();
    assert.equal(mails.length, SIGN_UPS);
    assert.equal(new Set(mails.map((m) => m.message_id)).size, SIGN_UPS);
    assert.deepEqual(
      mails.map((m) => m.to_address).sort(),
      Array.from({ length: SIGN_UPS }, (_, i) => `rush${i}@example.no`).sort(),
    );
  });
});
