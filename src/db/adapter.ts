// Everything that differs between SQLite and PostgreSQL lives here, behind one interface,
// so that use cases never ask which engine they run on.
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DbAdapter {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs fn in one short write transaction that serialises with every other capacity
   * transaction of the same event (SQLite: BEGIN IMMEDIATE on the single writer connection;
   * PostgreSQL: a row lock on the event taken first, so lock order is always event → sessions).
   */
  capacityTransaction<T>(db: Db, eventId: number, fn: (trx: Db) => Promise<T>): Promise<T>;
  /** Runs fn in an ordinary write transaction. */
  transaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T>;
  /** Claims up to `limit` due outbox rows for this worker until `lockUntil`; returns their ids. */
  claimOutbox(db: Db, now: string, lockUntil: string, limit: number): Promise<number[]>;
}

interface QueuedJob {
  fn: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most jobs one SQLite commit carries; bounds the latency a batch adds to its first job. */
const MAX_BATCH = 200;

/**
 * SQLite with group commit. SQLite has one writer and every durable commit costs an fsync, so
 * jobs that arrive while a commit is under way wait and then run together in the next write
 * transaction, each inside its own savepoint: a job that fails rolls back alone, the others
 * commit, and nobody is answered before the commit that holds their rows is on disk.
 */
export function createSqliteAdapter(): DbAdapter {
  const queues = new WeakMap<Db, { jobs: QueuedJob[]; flushing: boolean }>();

  async function flush(db: Db, queue: { jobs: QueuedJob[]; flushing: boolean }) {
    queue.flushing = true;
    try {
      do {
        // better-sqlite3 runs each statement synchronously, so a batch never lets the event loop
        // read new requests. Wait one turn (setImmediate runs after pending I/O callbacks): the
        // requests that arrived meanwhile, during the last commit's fsync above all, join the
        // next batch instead of each paying for a commit of its own.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = queue.jobs.splice(0, MAX_BATCH);
        await runBatch(db, batch);
      } while (queue.jobs.length > 0);
    } finally {
      queue.flushing = false;
    }
  }

  async function runBatch(db: Db, batch: QueuedJob[]) {
    // Kysely's SQLite driver has one connection behind a mutex; holding it for the whole batch
    // keeps other queries of this process out, and IMMEDIATE takes the write lock up front so
    // another process (the CLI) cannot make the transaction fail half-way.
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      await db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          for (const job of batch) {
            await sql`savepoint job`.execute(conn);
            try {
              const value = await job.fn(conn);
              await sql`release job`.execute(conn);
              outcomes.push({ ok: true, value });
            } catch (error) {
              await sql`rollback to job`.execute(conn);
              await sql`release job`.execute(conn);
              outcomes.push({ ok: false, value: error });
            }
          }
          await sql`commit`.execute(conn);
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored, so every job fails.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.value);
    });
  }

  const adapter: DbAdapter = {
    kind: 'sqlite',
    capacityTransaction(db, _eventId, fn) {
      return adapter.transaction(db, fn);
    },
    transaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
      let queue = queues.get(db);
      if (!queue) {
        queue = { jobs: [], flushing: false };
        queues.set(db, queue);
      }
      const q = queue;
      return new Promise<T>((resolve, reject) => {
        q.jobs.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        if (!q.flushing) void flush(db, q);
      });
    },
    async claimOutbox(db, now, lockUntil, limit) {
      return adapter.transaction(db, async (trx) => {
        const due = await trx
          .selectFrom('outbox')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
          .orderBy('id')
          .limit(limit)
          .execute();
        const ids = due.map((row) => row.id);
        if (ids.length > 0) {
          await trx.updateTable('outbox').set({ locked_until: lockUntil }).where('id', 'in', ids).execute();
        }
        return ids;
      });
    },
  };
  return adapter;
}

export const postgresAdapter: DbAdapter = {
  kind: 'postgres',
  async capacityTransaction(db, eventId, fn) {
    return db.transaction().execute(async (trx) => {
      await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
      return fn(trx);
    });
  },
  async transaction(db, fn) {
    return db.transaction().execute(fn);
  },
  async claimOutbox(db, now, lockUntil, limit) {
    // SKIP LOCKED lets several processes share the outbox without waiting on each other or
    // sending one message twice.
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      const ids = due.map((row) => row.id);
      if (ids.length > 0) {
        await trx.updateTable('outbox').set({ locked_until: lockUntil }).where('id', 'in', ids).execute();
      }
      return ids;
    });
  },
};
