// PostgreSQL for the scale-out figure: a database of our own (created, then dropped), the app's
// data reset between runs, and pgbench as the reference.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { runToCompletion } from './children.ts';
import { pgbenchInsertScript, postgresReferenceDdl } from './reference-schema.ts';

export const REFERENCE_TABLE = 'bench_reference_registrations';

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates samskap_bench_<random> on the server of adminUrl. */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `samskap_bench_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  let dropped = false;
  return {
    name,
    url: withDatabase(adminUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** How many more connections the server can take now (max_connections minus those in use). */
export async function connectionHeadroom(adminUrl: string): Promise<{ max: number; used: number }> {
  return withClient(adminUrl, async (c) => {
    const max = Number((await c.query('show max_connections')).rows[0].max_connections);
    const used = Number((await c.query('select count(*) as c from pg_stat_activity')).rows[0].c);
    return { max, used };
  });
}

/** Removes every sign-up and puts the counters back to zero, so each run starts on an empty event. */
export async function resetSignUps(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('truncate registrations, bookings, access_tokens, outbox restart identity cascade');
    await c.query(`delete from audit_log where action like 'registration.%' or action like 'booking.%'`);
    await c.query('update events set seats_taken = 0, waitlist_seq = 0, no_session_waitlist_length = 0');
    await c.query('update sessions set seats_taken = 0, waitlist_length = 0');
    await c.query('vacuum analyze');
  });
}

export async function createReferenceTable(url: string): Promise<void> {
  await withClient(url, async (c) => {
    for (const ddl of postgresReferenceDdl(REFERENCE_TABLE)) await c.query(ddl);
  });
}

export interface PgbenchResult {
  transactions: number;
  failed: number;
  seconds: number;
  /** tps without initial connection time, as pgbench reports it. */
  perSecond: number;
  clients: number;
  raw: string;
}

/**
 * pgbench with a single-row INSERT script: -n (no vacuum), -c clients, -j 2 threads, -T seconds,
 * extended query protocol (what node-postgres uses), fixed --random-seed.
 */
export async function runPgbench(
  url: string,
  dir: string,
  clients: number,
  seconds: number,
  seed: number,
): Promise<PgbenchResult> {
  await withClient(url, (c) => c.query(`truncate ${REFERENCE_TABLE}`));
  const script = join(dir, 'pgbench-insert.sql');
  writeFileSync(script, pgbenchInsertScript(REFERENCE_TABLE));
  const u = new URL(url);
  const args = [
    '-n',
    '-c',
    String(clients),
    '-j',
    String(Math.min(2, clients)),
    '-T',
    String(seconds),
    '-M',
    'extended',
    `--random-seed=${seed}`,
    '-f',
    script,
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
    u.pathname.slice(1),
  ];
  const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  const result = await runToCompletion(process.env.PGBENCH ?? '/usr/bin/pgbench', args, {
    env,
    timeoutMs: (seconds + 60) * 1000,
  });
  const out = `${result.stdout}\n${result.stderr}`;
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const processed = /number of transactions actually processed: (\d+)/.exec(out);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  if (result.code !== 0 || !tps || !processed) {
    throw new Error(`pgbench failed (${result.code ?? result.signal}):\n${out.slice(-1500)}`);
  }
  return {
    transactions: Number(processed[1]),
    failed: failed ? Number(failed[1]) : 0,
    seconds,
    perSecond: Number(tps[1]),
    clients,
    raw: out.trim().split('\n').slice(-12).join('\n'),
  };
}

export interface ActivitySampler {
  /** Stops sampling; returns the mean number of the app's backends per state per sample. */
  stop(): Promise<{ samples: number; meanBackends: Record<string, number> }>;
}

/**
 * Samples pg_stat_activity of one database every intervalMs while the app is under load: how many
 * backends are running a query, idle in a transaction, or waiting, and on what (e.g.
 * "Lock:transactionid" for a row lock held by another transaction, "IO:WALSync" for a commit's
 * flush). Shows what the app's sign-ups wait for on PostgreSQL.
 */
export async function startActivitySampler(url: string, database: string, intervalMs = 200): Promise<ActivitySampler> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const totals: Record<string, number> = {};
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const { rows } = await client.query(
          `select state, wait_event_type, wait_event, count(*)::int as n from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
            group by 1, 2, 3`,
          [database],
        );
        samples += 1;
        for (const r of rows as {
          state: string | null;
          wait_event_type: string | null;
          wait_event: string | null;
          n: number;
        }[]) {
          const key =
            r.state === 'active' && r.wait_event_type
              ? `active, waiting ${r.wait_event_type}:${r.wait_event}`
              : r.wait_event_type === 'Client' || r.state !== 'active'
                ? `${r.state ?? 'unknown'}`
                : 'active';
          totals[key] = (totals[key] ?? 0) + r.n;
        }
      } catch {
        // a sample lost is not worth failing the run
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      const meanBackends = Object.fromEntries(
        Object.entries(totals)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, Math.round((100 * v) / Math.max(1, samples)) / 100]),
      );
      return { samples, meanBackends };
    },
  };
}
