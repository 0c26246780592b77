// Opens the database named by a DATABASE_URL and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { createPostgresAdapter, createSqliteAdapter, type DbAdapter } from './adapter.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  adapter: DbAdapter;
  url: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Maximum PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Told when the server drops an idle PostgreSQL connection. */
  onIdleError?: (error: Error) => void;
}

export function sqlitePathFromUrl(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' ? path : resolve(path);
}

/** Connects to `sqlite:<path>` or `postgres://…`. */
export function connect(url: string, options: ConnectOptions = {}): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection that the server drops (restart, failover) must not crash the process;
    // the pool replaces it on next use.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, adapter: createPostgresAdapter(), url, close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const path = sqlitePathFromUrl(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new SQLite(path);
    database.pragma('journal_mode = WAL');
    // FULL: a registration answered as done is on disk, also after a power loss.
    database.pragma('synchronous = FULL');
    // Checkpoint every ~40 MB of WAL instead of every 4 MB (1,000 pages). A checkpoint copies each
    // page once however often it changed since the last one, and the pages a rush of sign-ups
    // writes are largely the same few (counters, the last leaf of every table and index), so
    // rarer checkpoints copy and sync far less in all. Each commit still syncs the WAL.
    database.pragma('wal_autocheckpoint = 10000');
    // Group commit runs each sign-up in a savepoint; SQLite keeps what a savepoint may have to
    // undo in a statement journal, which it moves to a temporary file once it passes 64 KB (a
    // few sign-ups' pages). In memory it costs a third of the statement time less. Temporary
    // tables and sorts live in memory too, which at this app's sizes is little.
    database.pragma('temp_store = MEMORY');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
    return { db, adapter: createSqliteAdapter(), url, close: () => db.destroy() };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url}")`);
}

/**
 * Kysely prepares every query anew; preparing costs as much as running a small query. The app
 * issues a few hundred distinct statements, so keep them prepared (bounded, oldest dropped).
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (!statement) {
        statement = database.prepare(sqlText);
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
