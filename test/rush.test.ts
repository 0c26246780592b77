// A rush of sign-ups at real server processes: 1,000 at one SQLite process, and 1,000 spread
// over four processes on one PostgreSQL (two plain processes and one WORKERS=2 cluster).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.ts';
import { addEvent, smallEvent } from './support/fixtures.ts';
import { assertConsistent } from './support/invariants.ts';
import {
  apiSignUp,
  freePorts,
  type ServerProcess,
  startServer,
  stopServer,
  waitForHealth,
} from './support/processes.ts';

const SIGN_UPS = 1000;
const SEATS = 100;

async function rush(targets: string[], slug: string) {
  return Promise.all(
    Array.from({ length: SIGN_UPS }, (_, i) => apiSignUp(targets[i % targets.length] as string, slug, i)),
  );
}

async function assertRushOutcome(
  responses: Awaited<ReturnType<typeof rush>>,
  database: TestDatabase,
  slug: string,
  servers: ServerProcess[],
) {
  const failed = responses.filter((r) => r.status !== 201);
  assert.deepEqual(
    failed.slice(0, 5),
    [],
    `every sign-up answered 201 (${failed.length} did not):\n${servers
      .map((s) => s.output.join(''))
      .join('\n')
      .slice(-3000)}`,
  );
  const confirmed = responses.filter((r) => r.body.status === 'confirmed');
  const waitlisted = responses.filter((r) => r.body.status === 'waitlisted');
  assert.equal(confirmed.length, SEATS);
  assert.equal(waitlisted.length, SIGN_UPS - SEATS);
  assert.deepEqual(
    waitlisted.map((r) => Number(r.body.waitlistPosition)).sort((a, b) => a - b),
    Array.from({ length: SIGN_UPS - SEATS }, (_, i) => i + 1),
    'waiting-list positions are exactly 1..n, none repeated or skipped',
  );
  const rows = await database.store.db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .select(['registrations.email_norm', 'registrations.status'])
    .where('events.slug', '=', slug)
    .execute();
  assert.equal(rows.length, SIGN_UPS, 'no duplicates, nothing lost');
  assert.deepEqual(
    new Set(rows.filter((r) => r.status === 'confirmed').map((r) => r.email_norm)),
    new Set(confirmed.map((r) => `rush${r.i}@example.no`)),
    'those told "confirmed" hold the seats',
  );
  await assertConsistent(database.store, slug);
}

describe('a rush at one SQLite process', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let slug: string;
  before(async () => {
    database = await createTestDatabase('sqlite');
    slug = await addEvent(database.store, smallEvent({ a: SEATS, b: 10 }));
    // The server process is the only writer from now on.
    await database.store.close();
    const [port] = await freePorts(1);
    server = startServer(database.url, port as number);
    await waitForHealth(server);
  });
  after(async () => {
    await stopServer(server);
    await database.dispose();
  });

  test(`${SIGN_UPS} concurrent sign-ups for ${SEATS} seats: exactly ${SEATS} confirmed, the rest waitlisted 1..${SIGN_UPS - SEATS}, no 5xx`, async () => {
    const responses = await rush([server.baseUrl], slug);
    const reopened = await createTestDatabaseView(database);
    await assertRushOutcome(responses, reopened, slug, [server]);
  });
});

/** A fresh connection to the SQLite file the server wrote (the original was closed). */
async function createTestDatabaseView(database: TestDatabase): Promise<TestDatabase> {
  const store = database.open();
  return { ...database, store };
}

const postgres = databaseKinds().includes('postgres');

describe('a rush over four processes on one PostgreSQL', {
  skip: postgres ? false : 'TEST_POSTGRES_URL is not set',
}, () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  let slug: string;
  before(async () => {
    database = await createTestDatabase('postgres');
    slug = await addEvent(database.store, smallEvent({ a: SEATS, b: 10 }));
    const [a, b, c] = (await freePorts(3)) as [number, number, number];
    servers.push(
      startServer(database.url, a),
      startServer(database.url, b),
      startServer(database.url, c, { WORKERS: '2' }),
    );
    await Promise.all(servers.map((s) => waitForHealth(s)));
  });
  after(async () => {
    await Promise.all(servers.map(stopServer));
    await database.dispose();
  });

  test(`${SIGN_UPS} concurrent sign-ups over 4 processes for ${SEATS} seats: exactly ${SEATS} confirmed, the rest waitlisted 1..${SIGN_UPS - SEATS}, no 5xx`, async () => {
    const responses = await rush(
      servers.map((s) => s.baseUrl),
      slug,
    );
    await assertRushOutcome(responses, database, slug, servers);
    for (const r of responses.slice(0, 20)) {
      assert.match(String(r.body.manageUrl), /^http:\/\/127\.0\.0\.1:\d+\/m\/[A-Za-z0-9_-]{43}$/);
    }
  });

  test('the WORKERS=2 cluster really runs two processes that both answer', async () => {
    const cluster = servers[2] as ServerProcess;
    assert.match(cluster.output.join(''), /2 processes/);
  });
});
