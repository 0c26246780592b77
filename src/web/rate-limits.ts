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

type RouteInfo = { method?: string | string[]; url?: string; path?: string };

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
    // The plugin hands over its merged settings with the route under `routeInfo` (as its own
    // Redis store reads it); without it every limited route would share one counter per IP.
    child(options: RouteInfo & { routeInfo?: RouteInfo }): FastifyRateLimitStore {
      const route = options.routeInfo ?? options;
      const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
      return new CounterStore(`${method ?? ''} ${route.url ?? route.path ?? ''}|`);
    }
  }
  return CounterStore as unknown as FastifyRateLimitStoreCtor;
}

/** Sign-ups per address and event per hour (when RATE_LIMITS is on). */
export const SIGNUPS_PER_ADDRESS_PER_HOUR = 5;

/** The error the app's error handler turns into 429 with Retry-After (page or JSON). */
export function rateLimitedError(ttlMs: number): Error {
  const error = new Error('rate limited') as Error & { statusCode: number; retryAfter: string };
  error.statusCode = 429;
  error.retryAfter = String(Math.max(1, Math.ceil(ttlMs / 1000)));
  return error;
}

/**
 * Counts one sign-up by `email` for an event and throws a 429 past the per-address limit. A
 * repeat sign-up mails the personal link again, so without this anyone could fill another
 * person's inbox from many addresses; the per-IP limit alone does not stop that. The count is
 * the same whether or not the address is registered, so a 429 reveals nothing about it.
 */
export async function limitSignUpsPerAddress(counter: HitCounter | null, eventSlug: string, email: string) {
  if (!counter) return;
  const hit = await counter.hit(`signup-email|${eventSlug}|${email.trim().toLowerCase()}`, 3_600_000);
  if (hit.count > SIGNUPS_PER_ADDRESS_PER_HOUR) throw rateLimitedError(hit.ttl);
}

/**
 * Personal pages (/m/:token and the pages under it), per IP address. A hall of participants behind
 * one wifi address opens them in the same minute on the day (ideas, feedback, tables); the tokens
 * cannot be guessed, so this limit only bounds load.
 */
export const PERSONAL_PAGE_LIMIT = { rateLimit: { max: 300, timeWindow: '1 minute' } };
