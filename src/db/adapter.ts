// Everything that differs between SQLite and PostgreSQL lives here, behind one interface,
// so that use cases never ask which engine they run on.
import { CompiledQuery, type Kysely, sql } from 'kysely';
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
  /**
   * Makes a select inside a transaction hold the rows it reads until the commit, so that a
   * check made on them still holds for the writes after it; readers holding the same rows do not
   * wait for each other (PostgreSQL: FOR SHARE, so an update of them waits for the commit and a
   * reader waits for a pending update; SQLite: unchanged, a write transaction is serial anyway).
   */
  holdRows<Q extends { forShare(): Q }>(query: Q): Q;
}

interface QueuedJob {
  fn: (trx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: jobs that arrive while a batch is being committed wait, then run together in
 * the next transaction, each inside its own savepoint. A job that fails rolls back alone, the
 * others commit, and nobody is answered before the commit that holds their rows is durable.
 * One commit (one fsync, one lock) then serves many sign-ups.
 */
// Compiled once: every sign-up in a batch runs these.
const SAVEPOINT = CompiledQuery.raw('savepoint job');
const RELEASE = CompiledQuery.raw('release savepoint job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint job');

class GroupCommitQueue {
  private jobs: QueuedJob[] = [];
  private flushing = false;

  constructor(
    /** Opens a transaction, runs `body` inside it and commits (or rolls back if it throws). */
    private readonly inTransaction: (body: (trx: Db) => Promise<void>) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  run<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    try {
      do {
        // Wait one event-loop turn (setImmediate runs after pending I/O callbacks), so requests
        // that arrived meanwhile join this batch. better-sqlite3 runs statements synchronously:
        // without this wait, a batch never let new requests in and each committed alone.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.runBatch(this.jobs.splice(0, this.maxBatch));
      } while (this.jobs.length > 0);
    } finally {
      this.flushing = false;
    }
  }

  private async runBatch(batch: QueuedJob[]) {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    // A lone job needs no savepoint: if it fails, the whole transaction is its own.
    const isolate = batch.length > 1;
    try {
      await this.inTransaction(async (trx) => {
        for (const job of batch) {
          if (isolate) await trx.executeQuery(SAVEPOINT);
          try {
            const value = await job.fn(trx);
            if (isolate) await trx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (!isolate) throw error;
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, value: error });
          }
        }
      });
    } catch (error) {
      // The transaction itself failed: nothing of the batch is stored, so every job fails.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.value);
    });
  }
}

/** Marks up to `limit` due outbox rows as ours until `lockUntil`; returns their ids. */
async function claimDue(trx: Db, now: string, lockUntil: string, limit: number, skipLocked: boolean) {
  let query = trx
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('id')
    .limit(limit);
  if (skipLocked) query = query.forUpdate().skipLocked();
  const ids = (await query.execute()).map((row) => row.id);
  if (ids.length > 0) {
    await trx.updateTable('outbox').set({ locked_until: lockUntil }).where('id', 'in', ids).execute();
  }
  return ids;
}

/** SQLite: one writer, so every write transaction of the process goes through one queue. */
export function createSqliteAdapter(): DbAdapter {
  const queues = new WeakMap<Db, GroupCommitQueue>();
  const queueFor = (db: Db) => {
    let queue = queues.get(db);
    if (!queue) {
      // Kysely's SQLite driver has one connection behind a mutex; holding it for the whole
      // batch keeps other queries of this process out, and IMMEDIATE takes the write lock up
      // front so another process (the CLI) cannot make the transaction fail half-way.
      queue = new GroupCommitQueue(
        (body) =>
          db.connection().execute(async (conn) => {
            await sql`begin immediate`.execute(conn);
            try {
              await body(conn);
              await sql`commit`.execute(conn);
            } catch (error) {
              await sql`rollback`.execute(conn).catch(() => {});
              throw error;
            }
          }),
        200,
      );
      queues.set(db, queue);
    }
    return queue;
  };

  const adapter: DbAdapter = {
    kind: 'sqlite',
    capacityTransaction(db, _eventId, fn) {
      return queueFor(db).run(fn);
    },
    transaction(db, fn) {
      return queueFor(db).run(fn);
    },
    claimOutbox(db, now, lockUntil, limit) {
      // One writer: no other process can claim the same rows meanwhile.
      return adapter.transaction(db, (trx) => claimDue(trx, now, lockUntil, limit, false));
    },
    holdRows: (query) => query,
  };
  return adapter;
}

/**
 * PostgreSQL: capacity transactions of one event in this process are grouped like SQLite's
 * (one row lock on the event and one commit for many sign-ups); other processes' batches for
 * the same event wait for that lock. Other transactions run as they come.
 */
export function createPostgresAdapter(): DbAdapter {
  const queues = new WeakMap<Db, Map<number, GroupCommitQueue>>();
  const queueFor = (db: Db, eventId: number) => {
    let perEvent = queues.get(db);
    if (!perEvent) {
      perEvent = new Map();
      queues.set(db, perEvent);
    }
    let queue = perEvent.get(eventId);
    if (!queue) {
      queue = new GroupCommitQueue(
        (body) =>
          db.transaction().execute(async (trx) => {
            // Lock order is always event → sessions, so batches never deadlock.
            await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
            await body(trx);
          }),
        // The event stays locked while a batch runs: keep batches short.
        50,
      );
      perEvent.set(eventId, queue);
    }
    return queue;
  };
  return {
    kind: 'postgres',
    capacityTransaction(db, eventId, fn) {
      return queueFor(db, eventId).run(fn);
    },
    async transaction(db, fn) {
      return db.transaction().execute(fn);
    },
    claimOutbox(db, now, lockUntil, limit) {
      // SKIP LOCKED lets several processes share the outbox without waiting on each other or
      // sending one message twice.
      return db.transaction().execute((trx) => claimDue(trx, now, lockUntil, limit, true));
    },
    holdRows: (query) => query.forShare(),
  };
}
