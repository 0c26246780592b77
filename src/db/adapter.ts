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

export const sqliteAdapter: DbAdapter = {
  kind: 'sqlite',
  async capacityTransaction(db, _eventId, fn) {
    return this.transaction(db, fn);
  },
  async transaction(db, fn) {
    // Kysely's SQLite driver has one connection behind a mutex; holding it for the whole
    // callback keeps other queries of this process out, and IMMEDIATE takes the write lock up
    // front so another process (the CLI) cannot make the transaction fail half-way.
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  },
  async claimOutbox(db, now, lockUntil, limit) {
    return this.transaction(db, async (trx) => {
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
