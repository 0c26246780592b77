// The bench's settings, read once from the environment. Every knob is listed in BENCHMARKS.md.

export type Phase = 'disk' | 'page' | 'register' | 'scale' | 'rush' | 'tables' | 'live' | 'mail';
export const ALL_PHASES: Phase[] = ['disk', 'page', 'register', 'scale', 'rush', 'tables', 'live', 'mail'];

export interface BenchConfig {
  quick: boolean;
  /** Seconds of each measured run (every app run and every reference run). */
  duration: number;
  /** Alternating rounds (ref, app, ref, app, …); figures are medians over the rounds. */
  rounds: number;
  /** Seconds of unmeasured load on a freshly started app before each measured run (JIT warm-up). */
  warmup: number;
  /** autocannon connections for the page figure. */
  pageConnections: number;
  /** autocannon connections for the register figures (and pgbench clients for scale-out). */
  connections: number;
  /** Registrations preloaded for the flat and memory figures. */
  preload: number;
  /** WORKERS values for scale-out. */
  workers: number[];
  /** Sign-ups in the rush check (0 = skip). */
  rush: number;
  /** Admin URL of a PostgreSQL server for scale-out and the PostgreSQL rush ('off' = skip). */
  pgUrl: string | null;
  /** Seed for pgbench --random-seed (and the e-mail prefixes). */
  seed: number;
  phases: Phase[];
  /** Keep the temporary directory (databases, server logs) for inspection. */
  keep: boolean;
  /** How the server is started: 'dist' (what npm start runs) or 'tsx'; null = dist when scripts/build.mjs exists. */
  server: 'dist' | 'tsx' | null;
  /** Live phase: SSE clients on one question room, votes posted one after another, ms between votes. */
  liveClients: number;
  liveVotes: number;
  liveSpacingMs: number;
  /** Sign-up to use (demo content from `samskap seed-demo`). */
  slug: string;
  session: string;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return value;
}

function serverSetting(raw: string | undefined): 'dist' | 'tsx' | null {
  if (raw === undefined || raw === '') return null;
  if (raw !== 'dist' && raw !== 'tsx') throw new Error(`BENCH_SERVER must be dist or tsx (got "${raw}")`);
  return raw;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const quick = ['1', 'true', 'yes', 'on'].includes((env.BENCH_QUICK ?? '').toLowerCase());
  const phases = (env.BENCH_ONLY ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of phases) {
    if (!ALL_PHASES.includes(p as Phase))
      throw new Error(`BENCH_ONLY: unknown phase "${p}" (known: ${ALL_PHASES.join(', ')})`);
  }
  const workers = (env.BENCH_WORKERS ?? '1,2,4')
    .split(',')
    .map((w) => Number(w.trim()))
    .filter((w) => Number.isInteger(w) && w >= 1);
  const pgRaw = env.BENCH_PG_URL ?? env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  return {
    quick,
    duration: num(env, 'BENCH_DURATION', quick ? 3 : 10, 1),
    rounds: Math.round(num(env, 'BENCH_ROUNDS', quick ? 1 : 3, 1)),
    warmup: num(env, 'BENCH_WARMUP', quick ? 1 : 2, 0),
    pageConnections: Math.round(num(env, 'BENCH_PAGE_CONNECTIONS', 50, 1)),
    connections: Math.round(num(env, 'BENCH_CONNECTIONS', 100, 1)),
    preload: Math.round(num(env, 'BENCH_PRELOAD', 100_000, 0)),
    workers: workers.length > 0 ? workers : [1, 2, 4],
    rush: Math.round(num(env, 'BENCH_RUSH', quick ? 1000 : 5000, 0)),
    pgUrl: pgRaw.toLowerCase() === 'off' || pgRaw === '' ? null : pgRaw,
    seed: Math.round(num(env, 'BENCH_SEED', 20190101, 0)),
    phases: phases.length > 0 ? (phases as Phase[]) : ALL_PHASES,
    keep: ['1', 'true', 'yes', 'on'].includes((env.BENCH_KEEP ?? '').toLowerCase()),
    liveClients: Math.round(num(env, 'BENCH_LIVE_CLIENTS', 300, 1)),
    liveVotes: Math.round(num(env, 'BENCH_LIVE_VOTES', quick ? 20 : 50, 1)),
    liveSpacingMs: Math.round(num(env, 'BENCH_LIVE_SPACING_MS', 200, 0)),
    server: serverSetting(env.BENCH_SERVER),
    slug: 'samskaping-levanger',
    session: '2A',
  };
}
