// Queries on the sign-up path built and compiled by Kysely once, then run with new values.
// Building and compiling a query costs more than SQLite takes to run it; the compiled SQL is
// also the same string every time, which the SQLite statement cache finds at once.
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './adapter.ts';

const MARK = '\u0000samskap-param\u0000';

/** A query compiled once per database (dialect), run with named parameters. */
export interface Prepared<P, R> {
  execute(db: Db, params: P): Promise<R[]>;
  /** The first row, or undefined. */
  executeTakeFirst(db: Db, params: P): Promise<R | undefined>;
  /** The first row; throws when there is none. */
  executeTakeFirstOrThrow(db: Db, params: P): Promise<R>;
}

interface Compiled {
  sql: string;
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
  /** Per parameter of the SQL: the name of the value to take from params, or a constant. */
  slots: ({ name: string } | { value: unknown })[];
}

/**
 * Prepares a query. `build` gets stand-ins for the parameters: use them only as values handed
 * to Kysely (in `where`, `values`, `set`), never in JavaScript conditions, since they are
 * placeholders, not the values. A parameter may appear several times.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Db, params: P) => Compilable<R>,
): Prepared<P, R> {
  // One compilation per dialect adapter, i.e. per Kysely instance (SQLite and PostgreSQL differ
  // in placeholders and quoting); transactions of one instance share its adapter.
  const compiled = new WeakMap<object, Compiled>();
  const stand = new Proxy({} as P, { get: (_target, key) => `${MARK}${String(key)}` });

  const compile = (db: Db): Compiled => {
    const key = db.getExecutor().adapter;
    let entry = compiled.get(key);
    if (!entry) {
      const query = build(db, stand).compile();
      entry = {
        sql: query.sql,
        query: query.query,
        queryId: query.queryId,
        slots: query.parameters.map((value) =>
          typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { value },
        ),
      };
      compiled.set(key, entry);
    }
    return entry;
  };

  const execute = async (db: Db, params: P): Promise<R[]> => {
    const entry = compile(db);
    const parameters = new Array<unknown>(entry.slots.length);
    for (let i = 0; i < entry.slots.length; i++) {
      const slot = entry.slots[i]!;
      parameters[i] = 'name' in slot ? params[slot.name] : slot.value;
    }
    const result = await db.executeQuery<R>({ sql: entry.sql, query: entry.query, queryId: entry.queryId, parameters });
    return result.rows;
  };

  return {
    execute,
    async executeTakeFirst(db, params) {
      return (await execute(db, params))[0];
    },
    async executeTakeFirstOrThrow(db, params) {
      const row = (await execute(db, params))[0];
      if (row === undefined) throw new Error('prepared query returned no row');
      return row;
    },
  };
}
