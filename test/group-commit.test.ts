// SQLite group commit (src/db/adapter.ts): jobs that arrive together share one transaction,
// and one failing job rolls back alone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase('sqlite');
});
after(async () => database.dispose());

const insertOrg = (slug: string) => async (trx: TestDatabase['store']['db']) => {
  await trx.insertInto('organizations').values({ slug, name: slug, created_at: new Date().toISOString() }).execute();
  return slug;
};

test('jobs queued together commit together, and a failing job leaves no trace while the others commit', async () => {
  const { db, adapter } = database.store;
  const results = await Promise.allSettled([
    adapter.transaction(db, insertOrg('first')),
    adapter.transaction(db, async (trx) => {
      await insertOrg('doomed')(trx);
      throw new Error('a bug in this job');
    }),
    adapter.transaction(db, insertOrg('third')),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  const slugs = (await db.selectFrom('organizations').select('slug').orderBy('slug').execute()).map((r) => r.slug);
  assert.deepEqual(slugs, ['first', 'third']);
});

test('a job that breaks a constraint is refused alone', async () => {
  const { db, adapter } = database.store;
  const results = await Promise.allSettled([
    adapter.transaction(db, insertOrg('unique-a')),
    adapter.transaction(db, insertOrg('unique-a')),
    adapter.transaction(db, insertOrg('unique-b')),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
});

test('many concurrent jobs are grouped into far fewer commits', async () => {
  const { db, adapter } = database.store;
  // Count transactions by the SQLite change counter of the WAL: data_version moves once per
  // commit seen from another connection.
  const observer = database.open();
  const version = async () => {
    const result = await sql<{ data_version: number }>`pragma data_version`.execute(observer.db);
    return Number(result.rows[0]?.data_version);
  };
  const before = await version();
  await Promise.all(Array.from({ length: 100 }, (_, i) => adapter.transaction(db, insertOrg(`many-${i}`))));
  const commits = (await version()) - before;
  assert.ok(commits >= 1 && commits < 10, `100 jobs took ${commits} commits`);
});
