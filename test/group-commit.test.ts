// Group commit (src/db/adapter.ts): capacity transactions that arrive together share one
// transaction, and one failing job rolls back alone — on both databases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { onEachDatabase, type TestDatabase } from './support/databases.ts';
import { addEvent } from './support/fixtures.ts';

type Trx = TestDatabase['store']['db'];

const insertOrg = (slug: string) => async (trx: Trx) => {
  await trx.insertInto('organizations').values({ slug, name: slug, created_at: new Date().toISOString() }).execute();
  return slug;
};

onEachDatabase('group commit', (db, kind) => {
  async function eventId() {
    const slug = await addEvent(db().store);
    const row = await db()
      .store.db.selectFrom('events')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  test('jobs queued together commit together, and a failing job leaves no trace while the others commit', async () => {
    const { db: kdb, adapter } = db().store;
    const id = await eventId();
    const results = await Promise.allSettled([
      adapter.capacityTransaction(kdb, id, insertOrg('first')),
      adapter.capacityTransaction(kdb, id, async (trx) => {
        await insertOrg('doomed')(trx);
        throw new Error('a bug in this job');
      }),
      adapter.capacityTransaction(kdb, id, insertOrg('third')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const slugs = (
      await kdb
        .selectFrom('organizations')
        .select('slug')
        .where('slug', 'in', ['first', 'doomed', 'third'])
        .orderBy('slug')
        .execute()
    ).map((r) => r.slug);
    assert.deepEqual(slugs, ['first', 'third']);
  });

  test('a job that breaks a constraint is refused alone', async () => {
    const { db: kdb, adapter } = db().store;
    const id = await eventId();
    const results = await Promise.allSettled([
      adapter.capacityTransaction(kdb, id, insertOrg('unique-a')),
      adapter.capacityTransaction(kdb, id, insertOrg('unique-a')),
      adapter.capacityTransaction(kdb, id, insertOrg('unique-b')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });

  test('many concurrent jobs are grouped into far fewer commits', {
    skip: kind === 'postgres' ? 'SQLite-only counter (pragma data_version)' : false,
  }, async () => {
    const { db: kdb, adapter } = db().store;
    const id = await eventId();
    // data_version, read on another connection, moves once per commit made elsewhere.
    const observer = db().open();
    const version = async () => {
      const result = await sql<{ data_version: number }>`pragma data_version`.execute(observer.db);
      return Number(result.rows[0]?.data_version);
    };
    const before = await version();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => adapter.capacityTransaction(kdb, id, insertOrg(`many-${i}`))),
    );
    const commits = (await version()) - before;
    assert.ok(commits >= 1 && commits < 10, `100 jobs took ${commits} commits`);
  });

  test('on PostgreSQL, many concurrent jobs of one event share few transactions', {
    skip: kind === 'sqlite' ? 'PostgreSQL-only (txid_current)' : false,
  }, async () => {
    const { db: kdb, adapter } = db().store;
    const id = await eventId();
    // Each job reports the id of the transaction it ran in.
    const txids = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        adapter.capacityTransaction(kdb, id, async (trx) => {
          await insertOrg(`pg-many-${i}`)(trx);
          const row = await sql<{ txid: string }>`select txid_current()::text as txid`.execute(trx);
          return row.rows[0]?.txid;
        }),
      ),
    );
    const transactions = new Set(txids).size;
    assert.ok(transactions < 20, `100 jobs ran in ${transactions} transactions`);
  });
});
