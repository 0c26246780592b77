// Rate-limit counters. One process (SQLite) keeps them in memory; several processes on one
// PostgreSQL keep them in the database, so a limit holds whichever process answers.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Store } from '../db/connect.ts';

export interface HitCounter {
  /** Counts one hit on `key` in a fixed window of `windowMs`; returns the count and ms left. */
  hit(key: string, windowMs: number): Promise<{ count: number; ttl: number }>;
}

export function memoryCounter(now: () => number = Date.now, maxKeys = 50_000): HitCounter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, windowMs) {
      const at = now();
      let entry = windows.get(key);
      if (!entry || entry.resetAt <= at) {
        if (windows.size >= maxKeys) {
          for (const [k, v] of windows) if (v.resetAt <= at) windows.delete(k);
          // Still full of live keys: forget the oldest rather than grow without bound.
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        entry = { count: 0, resetAt: at + windowMs };
        windows.set(key, entry);
      }
      entry.count++;
      return { count: entry.count, ttl: entry.resetAt - at };
    },
  };
}

export function databaseCounter(store: Store, now: () => number = Date.now): HitCounter {
  let hits = 0;
  return {
    async hit(key, windowMs) {
      const at = now();
      const resetAt = at + windowMs;
      // One statement: insert, or count on, or start a new window when the old one is over.
      const row = await sql<{ count: number; reset_at: number | string }>`
        insert into rate_limits (key, count, reset_at) values (${key}, 1, ${resetAt})
        on conflict (key) do update set
          count = case when rate_limits.reset_at <= ${at} then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= ${at} then ${resetAt} else rate_limits.reset_at end
        returning count, reset_at`.execute(store.db);
      if (++hits % 500 === 0) {
        await store.db.deleteFrom('rate_limits').where('reset_at', '<', at).execute();
      }
      const result = row.rows[0];
      return { count: Number(result?.count ?? 1), ttl: Number(result?.reset_at ?? resetAt) - at };
    },
  };
}

/** Adapts a HitCounter to @fastify/rate-limit's store interface, one key space per route. */
export function rateLimitStore(counter: HitCounter): FastifyRateLimitStoreCtor {
  class CounterStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      counter.hit(`${this.prefix}${key}`, timeWindow).then(
        (r) => callback(null, { current: r.count, ttl: r.ttl }),
        (error: Error) => callback(error),
      );
    }
    child(routeOptions: { method?: string | string[]; url?: string; path?: string }): FastifyRateLimitStore {
      const method = Array.isArray(routeOptions.method) ? routeOptions.method.join(',') : routeOptions.method;
      return new CounterStore(`${method ?? ''} ${routeOptions.url ?? routeOptions.path ?? ''}|`);
    }
  }
  return CounterStore as unknown as FastifyRateLimitStoreCtor;
}
