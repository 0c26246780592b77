// Profiles the server under one kind of load and summarises where its main thread spends time.
//   npx tsx bench/profile.ts [api|form|page] [seconds] [sqlite|pg]   (default: api, BENCH_DURATION or 10, sqlite)
// Starts the server as the bench does (BENCH_SERVER=dist|tsx) with --cpu-prof on a fresh SQLite
// copy of the demo event, warms it up, loads it, stops it (the profile is written at exit), then prints the top
// frames by self time and the time per package. The .cpuprofile file is kept in bench/profiles/
// (gitignored) for Chrome DevTools or speedscope.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  defaultServerMode,
  prepareServer,
  removeBuild,
  repoRoot,
  seedDemo,
  startApp,
  stopApp,
  unexpectedOutput,
} from './lib/app.ts';
import { cleanupAll, installSignalHandlers, onCleanup, sleep } from './lib/children.ts';
import { readConfig } from './lib/config.ts';
import { apiRequests, formRequests, type LoadResult, openForm, pageLoad, runLoad } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import { checkpoint } from './lib/preload.ts';
import { fmt } from './lib/stats.ts';
import { markdownTable } from './lib/table.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame comes from: a package, the app's own source, node itself, or V8's bookkeeping. */
function origin(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (/\/bench\/\.build\/|\/dist\/samskap\.mjs$/.test(url)) return 'app bundle (src/)';
  const local = url.replace(/^file:\/\//, '');
  if (local.startsWith(repoRoot)) return relative(repoRoot, local).split('/').slice(0, 2).join('/');
  return url;
}

export function summarise(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfMs.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, ms]) => a + ms, 0);
  const busy = total - idle;
  const frames = new Map<string, number>();
  const origins = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + ms);
    const o = origin(url, functionName);
    origins.set(o, (origins.get(o) ?? 0) + ms);
  }
  const pct = (ms: number) => `${fmt((100 * ms) / busy, 1)} %`;
  const topFrames = [...frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const topOrigins = [...origins.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return [
    `main thread: ${fmt(total / 1000, 1)} s sampled, busy ${fmt(busy / 1000, 1)} s (${fmt((100 * busy) / total, 0)} %), idle ${fmt(idle / 1000, 1)} s`,
    '',
    markdownTable(
      ['self time by origin', 'ms', 'share of busy'],
      topOrigins.map(([o, ms]) => [o, fmt(ms), pct(ms)]),
    ),
    '',
    markdownTable(
      ['top frames by self time', 'ms', 'share of busy'],
      topFrames.map(([f, ms]) => [f.length > 110 ? `${f.slice(0, 107)}…` : f, fmt(ms), pct(ms)]),
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  installSignalHandlers();
  const config = readConfig();
  const kind = (process.argv[2] ?? 'api') as 'api' | 'form' | 'page';
  if (!['api', 'form', 'page'].includes(kind))
    throw new Error('usage: tsx bench/profile.ts [api|form|page] [seconds] [sqlite|pg]');
  const seconds = Number(process.argv[3] ?? config.duration);
  const engine = process.argv[4] === 'pg' ? 'pg' : 'sqlite';
  const work = mkdtempSync(join(tmpdir(), 'samskap-profile-'));
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const profileDir = join(repoRoot, 'bench', 'profiles');
  mkdirSync(profileDir, { recursive: true });
  const before = new Set(readdirSync(profileDir));

  const built = await prepareServer(config.server ?? defaultServerMode());
  if (built) onCleanup(() => removeBuild(built));
  let databaseUrl: string;
  if (engine === 'pg') {
    if (!config.pgUrl) throw new Error('BENCH_PG_URL=off: no PostgreSQL to profile against');
    const db = await createBenchDatabase(config.pgUrl);
    onCleanup(() => db.drop());
    await seedDemo(db.url);
    databaseUrl = db.url;
  } else {
    const template = join(work, 'template.db');
    await seedDemo(`sqlite:${template}`);
    checkpoint(template);
    const dbPath = join(work, 'app.db');
    copyFileSync(template, dbPath);
    databaseUrl = `sqlite:${dbPath}`;
  }
  const logFile = join(work, 'server.log');
  const server = await startApp({
    databaseUrl,
    logFile,
    // No --cpu-prof-name: the tsx loader runs in a worker thread that writes a profile of its own,
    // and with one fixed name the two would overwrite each other.
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const target = { slug: config.slug, session: config.session };
  const load = async (duration: number): Promise<LoadResult> => {
    if (kind === 'page') return pageLoad(server.url, `/e/${config.slug}`, config.pageConnections, duration);
    if (kind === 'api') {
      return runLoad({
        url: server.url,
        connections: config.connections,
        duration,
        expectStatus: 201,
        requests: apiRequests(target),
      });
    }
    const form = await openForm(server.url, target);
    return runLoad({
      url: server.url,
      connections: config.connections,
      duration,
      expectStatus: 303,
      requests: formRequests(target, form),
    });
  };
  try {
    if (config.warmup > 0) await load(config.warmup);
    const result = await load(seconds);
    console.log(
      `${kind}: ${fmt(result.okPerSecond, 1)} ok/s, p99 ${fmt(result.latencyMs.p99)} ms, statuses ${JSON.stringify(result.statuses)}, errors ${result.errors}`,
    );
    await sleep(500);
  } finally {
    await stopApp(server);
  }
  const output = unexpectedOutput(logFile);
  if (output.length > 0) console.log(`server printed:\n${output.slice(0, 10).join('\n')}`);
  const written = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (written.length === 0) throw new Error('no .cpuprofile was written (did the server exit cleanly on SIGTERM?)');
  // One file per thread; the main thread's is the one whose samples include the app's own code.
  const profiles = written.map((file) => {
    const path = join(profileDir, file);
    const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
    const appFrames = profile.nodes.filter((n) => /\/src\/web\/|\/samskap\.mjs$/.test(n.callFrame.url)).length;
    return { path, profile, appFrames };
  });
  profiles.sort((a, b) => b.appFrames - a.appFrames);
  for (const [i, { path, profile }] of profiles.entries()) {
    console.log(`\n${relative(repoRoot, path)} (${i === 0 ? 'main thread' : 'other thread'}, warm-up included)`);
    if (i === 0) console.log(summarise(profile));
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
