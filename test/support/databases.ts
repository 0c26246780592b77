// Each integration test runs on SQLite and, when TEST_POSTGRES_URL is set, on PostgreSQL, each
// in a freshly created database that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { connect, migrate, type Store } from '../../src/db/connect.ts';

export type DbKind = 'sqlite' | 'postgres';

export const postgresUrl = process.env.TEST_POSTGRES_URL;
const inCi = process.env.CI === 'true';

export interface TestDatabase {
  kind: DbKind;
  url: string;
  store: Store;
  /** Opens another connection pool to the same database (as another process would). */
  open(poolSize?: number): Store;
  dispose(): Promise<void>;
}

/** A new, migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DbKind, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'samskap-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const store = connect(url);
    await migrate(store);
    const extra: Store[] = [];
    return {
      kind,
      url,
      store,
      open: () => {
        const s = connect(url);
        extra.push(s);
        return s;
      },
      async dispose() {
        for (const s of extra) await s.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `samskap_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const store = connect(url.toString(), { poolSize: options.poolSize ?? 5 });
  await migrate(store);
  const extra: Store[] = [];
  return {
    kind,
    url: url.toString(),
    store,
    open: (poolSize = 5) => {
      const s = connect(url.toString(), { poolSize });
      extra.push(s);
      return s;
    },
    async dispose() {
      for (const s of extra) await s.close();
      await store.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** The kinds to test on here: PostgreSQL only with TEST_POSTGRES_URL (required when CI=true). */
export function databaseKinds(): DbKind[] {
  if (!postgresUrl && inCi)
    throw new Error('CI=true but TEST_POSTGRES_URL is not set: PostgreSQL tests would be skipped.');
  return postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * Declares `suite` once per database kind. Each gets a fresh database in `before` and drops it
 * in `after`; `db()` returns it inside tests.
 */
export function onEachDatabase(title: string, suite: (db: () => TestDatabase, kind: DbKind) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${title} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      before(async () => {
        database = await createTestDatabase(kind);
      });
      after(async () => {
        await database?.dispose();
      });
      suite(() => {
        if (!database) throw new Error('database not ready');
        return database;
      }, kind);
    });
  }
  if (!postgresUrl) {
    describe(`${title} [postgres]`, { skip: 'TEST_POSTGRES_URL is not set' }, () => {});
  }
}
