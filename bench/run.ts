// `npm run bench`: starts what it needs, measures, prints a table and writes bench/results.json.
//
// Every speed figure is a ratio against a reference measured in the same run, in alternating
// runs (ref, app, ref, app, …), and the figure is the median over the rounds: the machine is small
// and shared, so absolute numbers drift from minute to minute while ratios drift much less.
// Nothing here asserts a timing; the bench only reports. Everything targets 127.0.0.1.
// Settings (BENCH_DURATION, BENCH_ROUNDS, BENCH_QUICK, …): bench/lib/config.ts and BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  type AppServer,
  defaultServerMode,
  prepareServer,
  removeBuild,
  repoRoot,
  seedDemo,
  startApp,
  stopApp,
  tempDbUrl,
  unexpectedOutput,
} from './lib/app.ts';
import { type Consistency, checkConsistency, type Query, withPostgres, withSqlite } from './lib/checks.ts';
import {
  cleanupAll,
  freePort,
  groupCpuSeconds,
  installSignalHandlers,
  interruptedBy,
  onCleanup,
  procStatusKb,
  runToCompletion,
  sleep,
  startChild,
  stopChild,
  waitForHttp,
} from './lib/children.ts';
import { type BenchConfig, type Phase, readConfig } from './lib/config.ts';
import { type LiveResult, prepareLiveRoom, runLive } from './lib/live.ts';
import { apiRequests, formRequests, type LoadResult, openForm, pageLoad, runLoad } from './lib/load.ts';
import { mailBench } from './lib/mail.ts';
import {
  type BenchDatabase,
  connectionHeadroom,
  createBenchDatabase,
  createReferenceTable,
  type PgbenchResult,
  resetSignUps,
  runPgbench,
  startActivitySampler,
} from './lib/postgres.ts';
import { checkpoint, type PreloadSummary, preloadRegistrations } from './lib/preload.ts';
import { addCounts, fmt, kbToMb, median, sum } from './lib/stats.ts';
import { markdownTable } from './lib/table.ts';
import { tablesBench } from './lib/tables.ts';

// ---- results ----------------------------------------------------------------------------------

interface RefRun {
  perSecond: number;
  count: number;
  seconds: number;
}

type SignUpKind = 'api' | 'form';

interface AppRun {
  label: string;
  round: number;
  load: Omit<LoadResult, 'bodies'>;
  workers: number;
  idleRssKb: number | null;
  peakRssKb: number | null;
  startSeconds: number;
  consistency?: Consistency;
  /** Rows stored minus answers counted as success (requests in flight when the run stopped). */
  rowsMinusOk?: number;
  serverOutput: string[];
  cpu?: CpuUse;
  /** PostgreSQL runs: what the app's backends were doing (mean count per sample). */
  postgresActivity?: { samples: number; meanBackends: Record<string, number> };
}

/** CPU used during one measured run: by the server (all its processes) and by the load generator. */
interface CpuUse {
  serverSeconds: number;
  /** Server CPU milliseconds per successful answer. */
  serverMsPerOk: number;
  /** CPU of this process (autocannon) during the run. */
  loadGeneratorSeconds: number;
  wallSeconds: number;
  /** 1-minute load average of the machine right after the run (other work on the machine shows here). */
  loadAverage1m: number;
}

/** Runs fn while accounting the CPU of process group pgid and of this process. */
async function withCpu<T extends LoadResult>(pgid: number, fn: () => Promise<T>): Promise<{ load: T; cpu: CpuUse }> {
  const server0 = groupCpuSeconds(pgid);
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const load = await fn();
  const serverSeconds = groupCpuSeconds(pgid) - server0;
  const self = process.cpuUsage(self0);
  return {
    load,
    cpu: {
      serverSeconds,
      serverMsPerOk: load.ok > 0 ? (serverSeconds * 1000) / load.ok : Number.NaN,
      loadGeneratorSeconds: (self.user + self.system) / 1e6,
      wallSeconds: (performance.now() - wall0) / 1000,
      loadAverage1m: loadavg()[0] ?? Number.NaN,
    },
  };
}

interface Row {
  figure: string;
  app: string;
  reference: string;
  ratio: string;
  goal: string;
  met: string;
}

const config: BenchConfig = readConfig();
const startedAt = new Date();
const t0 = performance.now();
const results: Record<string, unknown> = {
  date: startedAt.toISOString(),
  node: process.version,
  cpu: cpuModel(),
  cores: cpus().length,
  memoryMB: Math.round(totalmem() / 1e6),
  kernel: release(),
  settings: { ...config },
  git: gitState(),
  loadAverageStart: loadavg(),
  completed: false,
};
const phases: Record<string, unknown> = {};
results.phases = phases;
const phaseSeconds: Record<string, number> = {};
results.phaseSeconds = phaseSeconds;
/** The tree at the start of each phase (others may commit while the bench runs; with BENCH_SERVER=tsx each server start reads the tree anew). */
const phaseGit: Record<string, unknown> = {};
results.phaseGit = phaseGit;
const rows: Row[] = [];
const answerRows: string[][] = [];
const problems: string[] = [];

/** The commit measured and the files changed on top of it (read-only git commands). */
function gitState(): { commit: string; changedFiles: string[] } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const changedFiles = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.slice(3));
    return { commit, changedFiles };
  } catch {
    return null;
  }
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

function log(message: string): void {
  const s = Math.round((performance.now() - t0) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  console.error(`[${stamp}] ${message}`);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);
const yesNo = (met: boolean | null) => (met === null ? '–' : met ? 'yes' : 'NO');

// ---- the work directory and the SQLite templates ------------------------------------------------

const workDir = mkdtempSync(join(tmpdir(), 'samskap-bench-'));
onCleanup(() => {
  if (config.keep) console.error(`BENCH_KEEP: kept ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
});

let emptyTemplate: string | null = null;
let fullTemplate: string | null = null;
let preloadSummary: PreloadSummary | null = null;
let copies = 0;

async function templates(needFull: boolean): Promise<{ empty: string; full: string | null }> {
  if (!emptyTemplate) {
    const path = join(workDir, 'template-empty.db');
    log('seeding the demo event (samskap seed-demo) into an SQLite template');
    await seedDemo(tempDbUrl(workDir, 'template-empty.db'));
    checkpoint(path);
    emptyTemplate = path;
  }
  if (needFull && !fullTemplate && config.preload > 0) {
    const path = join(workDir, 'template-full.db');
    copyFileSync(emptyTemplate, path);
    log(`preloading ${fmt(config.preload)} registrations`);
    preloadSummary = preloadRegistrations(path, config.slug, config.preload);
    log(
      `preloaded ${fmt(preloadSummary.registrations)} (${fmt(preloadSummary.confirmed)} confirmed, ` +
        `${fmt(preloadSummary.waitlisted)} waitlisted) in ${fmt(preloadSummary.seconds, 1)} s`,
    );
    results.preload = preloadSummary;
    fullTemplate = path;
  }
  return { empty: emptyTemplate, full: fullTemplate };
}

/** A fresh copy of a template, in the work directory, so that each app run starts from the same state. */
function freshCopy(template: string, tag: string): string {
  copies += 1;
  const path = join(workDir, `${tag}-${copies}.db`);
  copyFileSync(template, path);
  return path;
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

// ---- references -------------------------------------------------------------------------------

async function runNodeScript(script: string, args: string[], seconds: number): Promise<Record<string, number>> {
  const result = await runToCompletion(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    timeoutMs: (seconds + 60) * 1000,
  });
  if (result.code !== 0) throw new Error(`${script} failed: ${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

/** The register reference: single-row better-sqlite3 transactions in the work directory. */
async function sqliteReference(seconds: number): Promise<RefRun> {
  const r = await runNodeScript('bench/ref/sqlite-insert.ts', [workDir, String(seconds)], seconds);
  return { perSecond: r.perSecond!, count: r.inserts!, seconds: r.seconds! };
}

async function fsyncReference(seconds: number): Promise<RefRun> {
  const r = await runNodeScript('bench/ref/fsync.ts', [workDir, String(seconds)], seconds);
  return { perSecond: r.perSecond!, count: r.syncs!, seconds: r.seconds! };
}

// ---- app runs ---------------------------------------------------------------------------------

let logs = 0;
function newLogFile(tag: string): string {
  logs += 1;
  return join(workDir, `${tag}-${logs}.log`);
}

function strip(load: LoadResult): Omit<LoadResult, 'bodies'> {
  const { bodies: _bodies, ...rest } = load;
  return rest;
}

interface SignUpLoadOptions {
  connections: number;
  /** Measured seconds (ignored with amount). */
  duration: number;
  /** Unmeasured seconds of the same load first (JIT warm-up). */
  leadIn?: number;
  amount?: number;
  collectBodies?: boolean;
}

async function signUpLoad(server: AppServer, kind: SignUpKind, o: SignUpLoadOptions): Promise<LoadResult> {
  const target = { slug: config.slug, session: config.session };
  const common = {
    url: server.url,
    connections: o.connections,
    duration: o.duration,
    leadIn: o.leadIn,
    amount: o.amount,
    collectBodies: o.collectBodies,
  };
  if (kind === 'api') return runLoad({ ...common, expectStatus: 201, requests: apiRequests(target) });
  const form = await openForm(server.url, target);
  return runLoad({ ...common, expectStatus: 303, requests: formRequests(target, form) });
}

/**
 * After the load generator stops, requests it abandoned are still running in the server; give them
 * time to finish before stopping it, so that the counts and the server's output reflect the run
 * and not the shutdown.
 */
async function drain(load: LoadResult): Promise<void> {
  const p99 = Number.isFinite(load.latencyMs.p99) ? load.latencyMs.p99 : 1000;
  await sleep(Math.min(10_000, Math.max(1000, p99 + 500)));
}

/** One measured sign-up run on a fresh copy of an SQLite template, server started for it alone. */
async function sqliteSignUpRun(label: string, round: number, kind: SignUpKind, template: string): Promise<AppRun> {
  const dbPath = freshCopy(template, label.replace(/\W+/g, '-'));
  const before = await withSqlite(dbPath, countRegistrations);
  const logFile = newLogFile(label.replace(/\W+/g, '-'));
  const server = await startApp({ databaseUrl: `sqlite:${dbPath}`, logFile });
  try {
    const { load, cpu } = await withCpu(server.pid, () =>
      signUpLoad(server, kind, { connections: config.connections, duration: config.duration, leadIn: config.warmup }),
    );
    await drain(load);
    const peakRssKb = procStatusKb(server.pid, 'VmHWM');
    await stopApp(server);
    const consistency = await withSqlite(dbPath, (q) => checkConsistency(q, config.slug));
    const run: AppRun = {
      label,
      round,
      load: strip(load),
      workers: 1,
      idleRssKb: server.idleRssKb,
      peakRssKb,
      startSeconds: server.startSeconds,
      consistency,
      rowsMinusOk: consistency.registrations - before - load.okTotal,
      serverOutput: unexpectedOutput(logFile).slice(0, 20),
      cpu,
    };
    noteProblems(run);
    return run;
  } finally {
    await stopApp(server);
    removeDb(dbPath);
  }
}

function noteProblems(run: AppRun): void {
  const where = `${run.label} round ${run.round}`;
  const bad = Object.entries(run.load.unexpected);
  if (bad.length > 0) problems.push(`${where}: unexpected answers ${bad.map(([c, n]) => `${c}×${n}`).join(', ')}`);
  if (run.load.errors > 0) {
    problems.push(
      `${where}: ${run.load.errors} connection errors (${run.load.timeouts} timeouts) ${run.load.errorSamples.join('; ')}`,
    );
  }
  if (run.consistency && run.consistency.problems.length > 0) {
    problems.push(`${where}: stored data inconsistent: ${run.consistency.problems.join('; ')}`);
  }
  if (run.rowsMinusOk !== undefined && (run.rowsMinusOk < 0 || run.rowsMinusOk > config.connections)) {
    problems.push(
      `${where}: ${run.rowsMinusOk} more rows stored than success answers (expected 0…${config.connections})`,
    );
  }
  if (run.serverOutput.length > 0) {
    problems.push(
      `${where}: server printed ${run.serverOutput.length} unexpected line(s), first: ${run.serverOutput[0]}`,
    );
  }
}

function describeRun(run: AppRun, ref: RefRun | PgbenchResult | null): string {
  const refText = ref
    ? ` vs ref ${fmt(ref.perSecond, 1)}/s → ${fmt(ratio(run.load.okPerSecond, ref.perSecond), 2)}`
    : '';
  const extra =
    run.load.non2xx3xx + run.load.errors > 0 ? ` [${run.load.non2xx3xx} non-2xx/3xx, ${run.load.errors} errors]` : '';
  const cpu = run.cpu
    ? `; server CPU ${fmt(run.cpu.serverMsPerOk, 1)} ms/ok (${fmt((100 * run.cpu.serverSeconds) / run.cpu.wallSeconds)} % of a core), load avg ${fmt(run.cpu.loadAverage1m, 1)}`
    : '';
  const activity = run.postgresActivity
    ? `; PostgreSQL backends (mean): ${Object.entries(run.postgresActivity.meanBackends)
        .slice(0, 4)
        .map(([k, v]) => `${k} ${fmt(v, 1)}`)
        .join(', ')}`
    : '';
  return `${run.label} r${run.round}: ${fmt(run.load.okPerSecond, 1)}/s (p99 ${fmt(run.load.latencyMs.p99)} ms)${refText}${extra}${cpu}${activity}`;
}

const cpuRows: string[][] = [];
/** Where the time went in a figure's app runs (medians over the rounds). */
function cpuRow(name: string, runs: AppRun[]): void {
  const withCpuUse = runs.filter((r) => r.cpu);
  if (withCpuUse.length === 0) return;
  const m = (f: (c: CpuUse) => number) => median(withCpuUse.map((r) => f(r.cpu!)));
  cpuRows.push([
    name,
    fmt(
      m((c) => c.serverMsPerOk),
      2,
    ),
    `${fmt(m((c) => (100 * c.serverSeconds) / c.wallSeconds))} %`,
    `${fmt(m((c) => (100 * c.loadGeneratorSeconds) / c.wallSeconds))} %`,
    fmt(
      m((c) => c.loadAverage1m),
      1,
    ),
  ]);
}

function answerRow(name: string, runs: AppRun[]): void {
  cpuRow(name, runs);
  const statuses = addCounts(runs.map((r) => r.load.statuses));
  const unexpected = addCounts(runs.map((r) => r.load.unexpected));
  answerRows.push([
    name,
    fmt(sum(runs.map((r) => r.load.answers))),
    Object.entries(statuses)
      .map(([c, n]) => `${c}: ${fmt(n)}`)
      .join(', ') || '–',
    fmt(sum(runs.map((r) => r.load.non2xx3xx))),
    fmt(sum(runs.map((r) => r.load.errors))),
    Object.keys(unexpected).length > 0 ? 'see problems' : 'none',
  ]);
}

// ---- phases -----------------------------------------------------------------------------------

async function diskPhase(): Promise<void> {
  const seconds = Math.min(5, config.duration);
  const fsyncRuns: RefRun[] = [];
  const sqliteRuns: RefRun[] = [];
  for (let r = 1; r <= config.rounds; r++) {
    fsyncRuns.push(await fsyncReference(seconds));
    sqliteRuns.push(await sqliteReference(seconds));
    log(
      `disk r${r}: fdatasync ${fmt(fsyncRuns.at(-1)!.perSecond)}/s, SQLite commits ${fmt(sqliteRuns.at(-1)!.perSecond)}/s`,
    );
  }
  const fsyncMedian = median(fsyncRuns.map((r) => r.perSecond));
  const sqliteMedian = median(sqliteRuns.map((r) => r.perSecond));
  phases.disk = {
    seconds,
    fsync: fsyncRuns,
    sqliteCommits: sqliteRuns,
    fsyncMedian,
    sqliteCommitsMedian: sqliteMedian,
  };
  rows.push({
    figure: 'disk: append 4 KiB + fdatasync /s',
    app: '–',
    reference: fmt(fsyncMedian),
    ratio: '–',
    goal: 'reported',
    met: '–',
  });
  rows.push({
    figure: 'disk: SQLite 1-row commits/s (WAL, FULL)',
    app: '–',
    reference: fmt(sqliteMedian),
    ratio: '–',
    goal: 'reported',
    met: '–',
  });
}

async function pagePhase(): Promise<void> {
  const { empty } = await templates(false);
  const dbPath = freshCopy(empty, 'page');
  const app = await startApp({ databaseUrl: `sqlite:${dbPath}`, logFile: newLogFile('page-app') });
  const path = `/e/${config.slug}`;
  let ref: ReturnType<typeof startChild> | null = null;
  try {
    const res = await fetch(`${app.url}${path}`);
    const body = Buffer.from(await res.arrayBuffer());
    const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    const bodyFile = join(workDir, 'page.html');
    writeFileSync(bodyFile, body);
    const refPort = await freePort();
    const refUrl = `http://127.0.0.1:${refPort}`;
    ref = startChild(
      process.execPath,
      ['--import', 'tsx', 'bench/ref/http-server.ts', String(refPort), bodyFile, contentType],
      {
        cwd: repoRoot,
        logFile: newLogFile('page-ref'),
      },
    );
    await waitForHttp(refUrl, ref, 30_000, 'reference http server');
    const rounds: { ref: LoadResult; app: LoadResult; ratio: number; refCpu: CpuUse; appCpu: CpuUse }[] = [];
    for (let r = 1; r <= config.rounds; r++) {
      const refMeasured = await withCpu(ref.pid!, () =>
        pageLoad(refUrl, path, config.pageConnections, config.duration, config.warmup),
      );
      const appMeasured = await withCpu(app.pid, () =>
        pageLoad(app.url, path, config.pageConnections, config.duration, config.warmup),
      );
      const refRun = refMeasured.load;
      const appRun = appMeasured.load;
      rounds.push({
        ref: refRun,
        app: appRun,
        ratio: ratio(appRun.okPerSecond, refRun.okPerSecond),
        refCpu: refMeasured.cpu,
        appCpu: appMeasured.cpu,
      });
      log(
        `page r${r}: app ${fmt(appRun.okPerSecond)} req/s (p99 ${fmt(appRun.latencyMs.p99)} ms, ` +
          `${fmt(appMeasured.cpu.serverMsPerOk, 2)} CPU ms/req) vs bare node:http ${fmt(refRun.okPerSecond)} req/s ` +
          `(${fmt(refMeasured.cpu.serverMsPerOk, 3)} CPU ms/req) → ${fmt(rounds.at(-1)!.ratio, 2)}; load avg ${fmt(appMeasured.cpu.loadAverage1m, 1)}`,
      );
    }
    await drain(rounds.at(-1)!.app);
    const peakRssKb = procStatusKb(app.pid, 'VmHWM');
    await stopApp(app);
    const serverOutput = unexpectedOutput(app.logFile).slice(0, 20);
    const appRuns: AppRun[] = rounds.map((r, i) => ({
      label: 'page',
      round: i + 1,
      load: r.app,
      workers: 1,
      idleRssKb: app.idleRssKb,
      peakRssKb,
      startSeconds: app.startSeconds,
      serverOutput: i === 0 ? serverOutput : [],
      cpu: r.appCpu,
    }));
    appRuns.forEach(noteProblems);
    const m = median(rounds.map((r) => r.ratio));
    phases.page = {
      path,
      bytes: body.length,
      contentType,
      connections: config.pageConnections,
      rounds,
      medianRatio: m,
      appMedian: median(rounds.map((r) => r.app.okPerSecond)),
      refMedian: median(rounds.map((r) => r.ref.okPerSecond)),
      appP99Median: median(rounds.map((r) => r.app.latencyMs.p99)),
      serverOutput,
    };
    rows.push({
      figure: `page: GET ${path} req/s (${config.pageConnections} conn)`,
      app: fmt(median(rounds.map((r) => r.app.okPerSecond))),
      reference: `${fmt(median(rounds.map((r) => r.ref.okPerSecond)))} (bare node:http)`,
      ratio: fmt(m, 2),
      goal: '≥ 0.6',
      met: yesNo(m >= 0.6),
    });
    rows.push({
      figure: 'page: p99 latency ms',
      app: fmt(median(rounds.map((r) => r.app.latencyMs.p99))),
      reference: fmt(median(rounds.map((r) => r.ref.latencyMs.p99))),
      ratio: '–',
      goal: 'reported',
      met: '–',
    });
    answerRow('page GET', appRuns);
  } finally {
    if (ref) await stopChild(ref);
    await stopApp(app);
    removeDb(dbPath);
  }
}

async function registerPhase(): Promise<void> {
  const { empty, full } = await templates(true);
  const api: { ref: RefRun; app: AppRun; ratio: number }[] = [];
  const form: { ref: RefRun; app: AppRun; ratio: number }[] = [];
  const flat: { ref: RefRun; app: AppRun; ratio: number }[] = [];
  type Pair = { ref: RefRun; app: AppRun; ratio: number };
  const measure = async (label: string, r: number, kind: SignUpKind, template: string, into: Pair[]) => {
    const ref = await sqliteReference(config.duration);
    const app = await sqliteSignUpRun(label, r, kind, template);
    into.push({ ref, app, ratio: ratio(app.load.okPerSecond, ref.perSecond) });
    log(`${describeRun(app, ref)}; peak RSS ${fmt(kbToMb(app.peakRssKb))} MB (idle ${fmt(kbToMb(app.idleRssKb))} MB)`);
  };
  const fullLabel = `register api (${fmt(config.preload)} existing)`;
  for (let r = 1; r <= config.rounds; r++) {
    // The empty and the preloaded event run back to back, in alternating order, so that the flat
    // figure compares two app runs made under the same machine conditions.
    if (full && r % 2 === 0) await measure(fullLabel, r, 'api', full, flat);
    await measure('register api (empty)', r, 'api', empty, api);
    if (full && r % 2 === 1) await measure(fullLabel, r, 'api', full, flat);
    await measure('register form (empty)', r, 'form', empty, form);
  }
  const apiRatio = median(api.map((x) => x.ratio));
  const formRatio = median(form.map((x) => x.ratio));
  const refAll = [...api, ...form, ...flat].map((x) => x.ref.perSecond);
  // flat: sign-ups/s with the preloaded event ÷ sign-ups/s on the empty event, same round. (The
  // ratio of the two reference-normalised figures is kept too, but it adds the disk's noise twice.)
  const flatRatios = flat.map((x, i) => ratio(x.app.load.okPerSecond, api[i]!.app.load.okPerSecond));
  const flatRatio = median(flatRatios);
  const flatRatiosOfRatios = flat.map((x, i) => ratio(x.ratio, api[i]!.ratio));
  phases.register = {
    connections: config.connections,
    api,
    form,
    flat,
    apiMedianRatio: apiRatio,
    formMedianRatio: formRatio,
    flatRatios,
    flatMedianRatio: flatRatio,
    flatRatiosOfReferenceRatios: flatRatiosOfRatios,
    referenceMedian: median(refAll),
  };
  const p99 = (xs: { app: AppRun }[]) => median(xs.map((x) => x.app.load.latencyMs.p99));
  const okps = (xs: { app: AppRun }[]) => median(xs.map((x) => x.app.load.okPerSecond));
  const refps = (xs: { ref: RefRun }[]) => median(xs.map((x) => x.ref.perSecond));
  rows.push({
    figure: `register API: sign-ups/s (${config.connections} conn)`,
    app: fmt(okps(api), 1),
    reference: `${fmt(refps(api), 1)} (SQLite 1-row tx)`,
    ratio: fmt(apiRatio, 2),
    goal: '≥ 0.5',
    met: yesNo(apiRatio >= 0.5),
  });
  rows.push({
    figure: 'register API: p99 latency ms',
    app: fmt(p99(api)),
    reference: '–',
    ratio: '–',
    goal: '< 100',
    met: yesNo(p99(api) < 100),
  });
  rows.push({
    figure: `register form: sign-ups/s (${config.connections} conn)`,
    app: fmt(okps(form), 1),
    reference: `${fmt(refps(form), 1)} (SQLite 1-row tx)`,
    ratio: fmt(formRatio, 2),
    goal: '≥ 0.5',
    met: yesNo(formRatio >= 0.5),
  });
  rows.push({
    figure: 'register form: p99 latency ms',
    app: fmt(p99(form)),
    reference: '–',
    ratio: '–',
    goal: '< 100',
    met: yesNo(p99(form) < 100),
  });
  answerRow(
    'register API (empty event)',
    api.map((x) => x.app),
  );
  answerRow(
    'register form (empty event)',
    form.map((x) => x.app),
  );
  if (flat.length > 0) {
    rows.push({
      figure: `flat: register API with ${fmt(config.preload)} existing, sign-ups/s`,
      app: `${fmt(okps(flat), 1)} (${fmt(median(flat.map((x) => x.ratio)), 2)} of ref)`,
      reference: `${fmt(okps(api), 1)} (empty event)`,
      ratio: fmt(flatRatio, 2),
      goal: '≥ 0.9',
      met: yesNo(flatRatio >= 0.9),
    });
    rows.push({
      figure: `flat: p99 latency ms with ${fmt(config.preload)} existing`,
      app: fmt(p99(flat)),
      reference: fmt(p99(api)),
      ratio: '–',
      goal: 'reported',
      met: '–',
    });
    const peak = median(flat.map((x) => kbToMb(x.app.peakRssKb)));
    const peakMax = Math.max(...flat.map((x) => kbToMb(x.app.peakRssKb)));
    const idle = median(flat.map((x) => kbToMb(x.app.idleRssKb)));
    const peakEmpty = median(api.map((x) => kbToMb(x.app.peakRssKb)));
    phases.memory = {
      peakRssEmptyEventMB: api.map((x) => kbToMb(x.app.peakRssKb)),
      idleRssMB: flat.map((x) => kbToMb(x.app.idleRssKb)),
      peakRssMB: flat.map((x) => kbToMb(x.app.peakRssKb)),
      idleMedianMB: idle,
      peakMedianMB: peak,
      peakMaxMB: peakMax,
    };
    rows.push({
      figure: `memory: peak RSS MB (VmHWM) after register, ${fmt(config.preload)} existing`,
      app: `${fmt(peak)} (max ${fmt(peakMax)})`,
      reference: `${fmt(idle)} idle after start; ${fmt(peakEmpty)} peak on empty event`,
      ratio: '–',
      goal: '< 200',
      met: yesNo(peakMax < 200),
    });
    answerRow(
      `register API (${fmt(config.preload)} existing)`,
      flat.map((x) => x.app),
    );
  }
  rows.push({
    figure: 'disk: SQLite 1-row commits/s (all register refs)',
    app: '–',
    reference: fmt(median(refAll)),
    ratio: '–',
    goal: 'reported',
    met: '–',
  });
}

let pgDatabase: BenchDatabase | null = null;
async function benchDatabase(): Promise<BenchDatabase> {
  if (!pgDatabase) {
    const db = await createBenchDatabase(config.pgUrl!);
    pgDatabase = db;
    onCleanup(() => db.drop());
    log(`created PostgreSQL database ${db.name}`);
    await seedDemo(db.url);
    await createReferenceTable(db.url);
  }
  return pgDatabase;
}

/** Connections usable for pgbench without crowding out others on a shared server. */
async function pgClients(): Promise<{ clients: number; max: number; used: number }> {
  const { max, used } = await connectionHeadroom(config.pgUrl!);
  return { clients: Math.max(1, Math.min(config.connections, max - used - 20)), max, used };
}

/**
 * The planned number of clients, once the server has room for them again (the test suites of
 * others come and go); after 30 s of waiting, whatever is free, for this pair only.
 */
async function pgClientsFor(planned: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const now = await pgClients();
    if (now.clients >= planned) return planned;
    if (Date.now() > deadline) {
      log(
        `PostgreSQL: ${now.used} of ${now.max} connections in use; this pair runs with ${now.clients} instead of ${planned}`,
      );
      return now.clients;
    }
    await sleep(1000);
  }
}

async function postgresSignUpRun(
  label: string,
  round: number,
  workers: number,
  connections: number,
  amount?: number,
): Promise<{ run: AppRun; load: LoadResult }> {
  const db = await benchDatabase();
  await resetSignUps(db.url);
  const logFile = newLogFile(label.replace(/\W+/g, '-'));
  const server = await startApp({ databaseUrl: db.url, workers, logFile });
  try {
    const before = await withPostgres(db.url, countRegistrations);
    const sampler = await startActivitySampler(config.pgUrl!, db.name);
    const { load, cpu } = await withCpu(server.pid, () =>
      signUpLoad(server, 'api', {
        connections,
        duration: config.duration,
        leadIn: amount ? 0 : config.warmup,
        amount,
        collectBodies: amount !== undefined,
      }),
    );
    const activity = await sampler.stop();
    await drain(load);
    const peakRssKb = procStatusKb(server.pid, 'VmHWM');
    await stopApp(server);
    const consistency = await withPostgres(db.url, (q) => checkConsistency(q, config.slug));
    const run: AppRun = {
      label,
      round,
      load: strip(load),
      workers,
      idleRssKb: server.idleRssKb,
      peakRssKb,
      startSeconds: server.startSeconds,
      consistency,
      rowsMinusOk: consistency.registrations - before - load.okTotal,
      serverOutput: unexpectedOutput(logFile).slice(0, 20),
      cpu,
      postgresActivity: activity,
    };
    noteProblems(run);
    return { run, load };
  } finally {
    await stopApp(server);
  }
}

async function scalePhase(): Promise<void> {
  if (!config.pgUrl) {
    log('scale-out skipped: BENCH_PG_URL=off');
    return;
  }
  const headroom = await pgClients();
  const clients = headroom.clients;
  if (clients < config.connections) {
    log(
      `PostgreSQL allows ${headroom.max} connections and ${headroom.used} are in use: pgbench and autocannon ` +
        `use ${clients} instead of ${config.connections} (20 left for others)`,
    );
  }
  const db = await benchDatabase();
  const byWorkers = new Map<number, { ref: PgbenchResult; app: AppRun; ratio: number }[]>();
  const failures: string[] = [];
  const summary: Record<string, unknown> = { clients, database: db.name, failures };
  phases.scaleOut = summary;
  for (let r = 1; r <= config.rounds; r++) {
    for (const w of config.workers) {
      // A failed pair (say, the shared server ran out of connections) is reported and skipped.
      try {
        // Others may have opened connections meanwhile; never take the last ones.
        const pairClients = await pgClientsFor(clients);
        const ref = await runPgbench(db.url, workDir, pairClients, config.duration, config.seed + r);
        const { run } = await postgresSignUpRun(`scale-out WORKERS=${w}`, r, w, pairClients);
        const list = byWorkers.get(w) ?? [];
        list.push({ ref, app: run, ratio: ratio(run.load.okPerSecond, ref.perSecond) });
        byWorkers.set(w, list);
        summary[`workers${w}`] = { rounds: list };
        log(describeRun(run, ref));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`round ${r} WORKERS=${w}: ${message}`);
        problems.push(`scale-out round ${r} WORKERS=${w} failed: ${message.split('\n').slice(0, 4).join(' | ')}`);
        log(`scale-out round ${r} WORKERS=${w} failed: ${message}`);
      }
    }
  }
  for (const [w, list] of byWorkers) {
    const m = median(list.map((x) => x.ratio));
    summary[`workers${w}`] = {
      rounds: list,
      medianRatio: m,
      appMedian: median(list.map((x) => x.app.load.okPerSecond)),
      pgbenchMedian: median(list.map((x) => x.ref.perSecond)),
    };
    const used = [...new Set(list.map((x) => x.ref.clients))].join('/');
    rows.push({
      figure: `scale-out: PostgreSQL WORKERS=${w}, sign-ups/s (${used} conn)`,
      app: `${fmt(median(list.map((x) => x.app.load.okPerSecond)), 1)} (p99 ${fmt(median(list.map((x) => x.app.load.latencyMs.p99)))} ms)`,
      reference: `${fmt(median(list.map((x) => x.ref.perSecond)), 1)} (pgbench -c ${used})`,
      ratio: fmt(m, 3),
      goal: 'reported',
      met: '–',
    });
    answerRow(
      `scale-out WORKERS=${w}`,
      list.map((x) => x.app),
    );
  }
}

interface RushOutcome {
  engine: string;
  workers: number;
  signUps: number;
  answers: Record<string, number>;
  errors: number;
  confirmedAnswers: number;
  waitlistedAnswers: number;
  positionsContiguous: boolean;
  expectedConfirmed: number;
  stored: Consistency;
  ok: boolean;
  notes: string[];
}

function judgeRush(
  engine: string,
  workers: number,
  load: LoadResult,
  stored: Consistency,
  expectedConfirmed: number,
): RushOutcome {
  const notes: string[] = [];
  const bodies = (load.bodies ?? []) as { status?: string; waitlistPosition?: number }[];
  const confirmed = bodies.filter((b) => b.status === 'confirmed').length;
  const positions = bodies
    .filter((b) => b.status === 'waitlisted')
    .map((b) => b.waitlistPosition ?? -1)
    .sort((a, b) => a - b);
  const contiguous = positions.every((p, i) => p === i + 1);
  if (load.ok !== config.rush) notes.push(`${load.ok} of ${config.rush} answered 201`);
  if (load.errors > 0) notes.push(`${load.errors} connection errors`);
  if (confirmed !== expectedConfirmed) notes.push(`${confirmed} answered confirmed, expected ${expectedConfirmed}`);
  if (!contiguous) notes.push('waiting-list positions in the answers are not exactly 1..n');
  if (stored.registrations !== load.ok) notes.push(`${stored.registrations} rows stored for ${load.ok} answers 201`);
  if (stored.confirmed !== expectedConfirmed)
    notes.push(`${stored.confirmed} confirmed rows, expected ${expectedConfirmed}`);
  notes.push(...stored.problems);
  return {
    engine,
    workers,
    signUps: config.rush,
    answers: load.statuses,
    errors: load.errors,
    confirmedAnswers: confirmed,
    waitlistedAnswers: positions.length,
    positionsContiguous: contiguous,
    expectedConfirmed,
    stored,
    ok: notes.length === 0,
    notes,
  };
}

async function countRegistrations(query: Query): Promise<number> {
  const [row] = await query('select count(*) as c from registrations');
  return Number(row?.c ?? 0);
}

async function expectedSeats(query: Query): Promise<number> {
  const [row] = await query(
    `select s.capacity as sc, e.capacity as ec from sessions s join events e on e.id = s.event_id
      where e.slug = ? and s.code = ?`,
    [config.slug, config.session],
  );
  const caps = [row?.sc, row?.ec].filter((c) => c !== null && c !== undefined).map(Number);
  return caps.length > 0 ? Math.min(config.rush, ...caps) : config.rush;
}

async function rushPhase(): Promise<void> {
  if (config.rush <= 0) return;
  const outcomes: RushOutcome[] = [];
  // SQLite, one process.
  {
    const { empty } = await templates(false);
    const dbPath = freshCopy(empty, 'rush');
    const logFile = newLogFile('rush-sqlite');
    const server = await startApp({ databaseUrl: `sqlite:${dbPath}`, logFile });
    try {
      const load = await signUpLoad(server, 'api', {
        connections: config.connections,
        duration: config.duration,
        amount: config.rush,
        collectBodies: true,
      });
      await drain(load);
      await stopApp(server);
      const stored = await withSqlite(dbPath, (q) => checkConsistency(q, config.slug));
      const expected = await withSqlite(dbPath, expectedSeats);
      const outcome = judgeRush('SQLite', 1, load, stored, expected);
      const output = unexpectedOutput(logFile);
      if (output.length > 0) outcome.notes.push(`server printed: ${output[0]}`);
      outcome.ok &&= output.length === 0;
      outcomes.push(outcome);
      log(`rush SQLite: ${config.rush} sign-ups → ${outcome.ok ? 'consistent' : outcome.notes.join('; ')}`);
    } finally {
      await stopApp(server);
      removeDb(dbPath);
    }
  }
  // PostgreSQL, the largest WORKERS of the scale-out list.
  if (config.pgUrl) {
    const workers = Math.max(...config.workers);
    const clients = await pgClientsFor((await pgClients()).clients);
    const { run, load } = await postgresSignUpRun(
      `rush PostgreSQL WORKERS=${workers}`,
      1,
      workers,
      clients,
      config.rush,
    );
    const db = await benchDatabase();
    const expected = await withPostgres(db.url, expectedSeats);
    const outcome = judgeRush('PostgreSQL', workers, load, run.consistency!, expected);
    if (run.serverOutput.length > 0) {
      outcome.notes.push(`server printed: ${run.serverOutput[0]}`);
      outcome.ok = false;
    }
    outcomes.push(outcome);
    log(
      `rush PostgreSQL WORKERS=${workers}: ${config.rush} sign-ups → ${outcome.ok ? 'consistent' : outcome.notes.join('; ')}`,
    );
  }
  phases.rush = outcomes;
  for (const o of outcomes) {
    rows.push({
      figure: `rush: ${fmt(o.signUps)} sign-ups, ${o.engine} WORKERS=${o.workers} (correctness)`,
      app: `${o.confirmedAnswers} confirmed, ${o.waitlistedAnswers} waitlisted`,
      reference: `${o.expectedConfirmed} seats`,
      ratio: '–',
      goal: 'exact, no 5xx',
      met: yesNo(o.ok),
    });
    if (!o.ok) problems.push(`rush ${o.engine}: ${o.notes.join('; ')}`);
  }
}

/** The co-creation table planner: generated instances, each figure against its bound and two baselines. */
async function tablesPhase(): Promise<void> {
  const out = tablesBench(log);
  phases.tables = out.details;
  rows.push(...out.rows);
  problems.push(...out.problems);
  results.tablesText = out.text;
  console.log(`\nTable planner (bound: lower for costs, upper for shares):\n${out.text}\n`);
}

/** The sign-up mail parser (issue 9) over the mail corpus: frozen and shaped parts apart. */
async function mailPhase(): Promise<void> {
  const out = await mailBench(repoRoot, log);
  phases.mail = out.details;
  rows.push(...out.rows);
  problems.push(...out.problems);
  results.mailText = out.text;
  console.log(`\nSign-up mail parser (test/mail-corpus):\n${out.text}\n`);
}

/**
 * Live participation (issue 8): BENCH_LIVE_CLIENTS SSE clients (raw HTTP, in this process) on one
 * question room, every tenth on the projector's stream, the rest on the phones'; then
 * BENCH_LIVE_VOTES votes posted through the form one after another, BENCH_LIVE_SPACING_MS apart.
 * The figure is the time from a vote's POST to each client's update showing the new count, over
 * all clients × votes. SQLite with one process; PostgreSQL with WORKERS=2, where clients and
 * voters land on both processes and a vote reaches the other one through LISTEN/NOTIFY.
 */
async function livePhase(): Promise<void> {
  const runs: {
    engine: string;
    workers: number;
    result: LiveResult;
    serverOutput: string[];
    peakRssKb: number | null;
  }[] = [];
  const measure = async (engine: string, databaseUrl: string, workers: number) => {
    const room = await prepareLiveRoom(databaseUrl, config.slug);
    const logFile = newLogFile(`live-${engine}`);
    const server = await startApp({ databaseUrl, workers, logFile });
    try {
      const result = await runLive({
        urls: [server.url],
        room,
        clients: config.liveClients,
        projectorEvery: 10,
        votes: config.liveVotes,
        spacingMs: config.liveSpacingMs,
        settleMs: 5_000,
        log,
      });
      const peakRssKb = procStatusKb(server.pid, 'VmHWM');
      await stopApp(server);
      const serverOutput = unexpectedOutput(logFile).slice(0, 20);
      runs.push({ engine, workers, result, serverOutput, peakRssKb });
      log(
        `live ${engine} WORKERS=${workers}: ${result.connected} clients × ${result.votes} votes → ` +
          `p50 ${fmt(result.latencyMs.p50)} ms, p95 ${fmt(result.latencyMs.p95)} ms, max ${fmt(result.latencyMs.max)} ms; ` +
          `${result.missed} missed; vote POST p50 ${fmt(result.postMs.p50)} ms; ${fmt(result.meanUpdates, 1)} updates per client`,
      );
      if (result.connected < result.clients) {
        problems.push(
          `live ${engine}: only ${result.connected} of ${result.clients} clients connected (${result.failedClients.join('; ')})`,
        );
      }
      if (result.missed > 0) problems.push(`live ${engine}: ${result.missed} updates never arrived`);
      const badVotes = Object.entries(result.voteStatuses).filter(([status]) => status !== '303');
      if (badVotes.length > 0) problems.push(`live ${engine}: vote answers ${JSON.stringify(result.voteStatuses)}`);
      if (serverOutput.length > 0) problems.push(`live ${engine}: server printed: ${serverOutput[0]}`);
    } finally {
      await stopApp(server);
    }
  };
  {
    const { empty } = await templates(false);
    const dbPath = freshCopy(empty, 'live');
    try {
      await measure('SQLite', `sqlite:${dbPath}`, 1);
    } finally {
      removeDb(dbPath);
    }
  }
  if (config.pgUrl) {
    const db = await benchDatabase();
    await measure('PostgreSQL', db.url, 2);
  }
  phases.live = {
    clients: config.liveClients,
    votes: config.liveVotes,
    spacingMs: config.liveSpacingMs,
    projectorEvery: 10,
    runs,
  };
  for (const r of runs) {
    const l = r.result.latencyMs;
    rows.push({
      figure: `live: vote → update on ${fmt(r.result.connected)} SSE clients, ${r.engine} WORKERS=${r.workers} (ms, ${r.result.votes} votes)`,
      app: `p50 ${fmt(l.p50)}, p95 ${fmt(l.p95)}, max ${fmt(l.max)}${r.result.missed > 0 ? `, ${r.result.missed} missed` : ''}`,
      reference: `vote POST p50 ${fmt(r.result.postMs.p50)} ms`,
      ratio: '–',
      goal: 'p95 < 1000',
      met: yesNo(r.result.missed === 0 && l.p95 < 1000 && r.result.connected === r.result.clients),
    });
  }
}

// ---- main -------------------------------------------------------------------------------------

function printAndSave(): void {
  const header = ['figure', 'app', 'reference', 'ratio', 'goal', 'met?'];
  const table = markdownTable(
    header,
    rows.map((r) => [r.figure, r.app, r.reference, r.ratio, r.goal, r.met]),
  );
  const answers = markdownTable(
    ['app runs (all rounds)', 'answers', 'by status', 'non-2xx/3xx', 'errors', 'unexpected'],
    answerRows,
  );
  const settings =
    `duration ${config.duration} s × ${config.rounds} rounds (alternating ref/app, medians), lead-in ${config.warmup} s, ` +
    `page ${config.pageConnections} conn, register ${config.connections} conn, preload ${fmt(config.preload)}, ` +
    `workers ${config.workers.join('/')}, rush ${fmt(config.rush)}${config.quick ? ', QUICK' : ''}\nserver: ${results.server ?? '?'}`;
  const machine = `${results.cpu} × ${results.cores} cores, ${fmt(Number(results.memoryMB) / 1000, 1)} GB RAM, Linux ${results.kernel}, Node ${process.version}`;
  const busy =
    (results.loadAverageStart as number[])[0]! > 0.5
      ? ' (the machine was busy with other work when the bench started)'
      : '';
  const load = `load average at start ${(results.loadAverageStart as number[]).map((l) => l.toFixed(2)).join(' ')}${busy}`;
  const git = results.git as ReturnType<typeof gitState>;
  const code = git
    ? `code: ${git.commit.slice(0, 10)}${git.changedFiles.length > 0 ? ` + ${git.changedFiles.length} changed file(s)` : ''}`
    : 'code: (no git)';
  console.log(`\nsamskap bench, ${startedAt.toISOString()}, ${code}\n${machine}\n${settings}\n${load}\n`);
  console.log(table);
  if (answerRows.length > 0) console.log(`\n${answers}`);
  if (cpuRows.length > 0) {
    console.log(
      `\n${markdownTable(['app runs (medians)', 'server CPU ms per ok answer', 'server CPU', 'load generator CPU', 'load avg 1 min'], cpuRows)}`,
    );
  }
  if (problems.length > 0) {
    console.log(`\nProblems seen (${problems.length}):`);
    for (const p of problems.slice(0, 30)) console.log(`- ${p}`);
  } else {
    console.log('\nNo unexpected answers, connection errors, inconsistent data or server errors.');
  }
  results.table = rows;
  results.answers = answerRows;
  results.cpu = cpuRows;
  results.loadAverageEnd = loadavg();
  results.problems = problems;
  results.tableText = table;
  results.wallSeconds = (performance.now() - t0) / 1000;
  const out = join(repoRoot, 'bench', 'results.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nRaw numbers: ${out} (${fmt(Number(results.wallSeconds))} s in all)`);
}

const phaseRunners: Record<Phase, () => Promise<void>> = {
  disk: diskPhase,
  page: pagePhase,
  register: registerPhase,
  scale: scalePhase,
  rush: rushPhase,
  tables: tablesPhase,
  live: livePhase,
  mail: mailPhase,
};

async function main(): Promise<number> {
  installSignalHandlers();
  log(
    `samskap bench in ${workDir}: phases ${config.phases.join(', ')}; ${config.duration} s × ${config.rounds} rounds` +
      `${config.quick ? ' (BENCH_QUICK)' : ''}`,
  );
  let failed = false;
  try {
    const mode = config.server ?? defaultServerMode();
    // The tables and mail phases need no server: do not build one for them alone.
    const needsServer = config.phases.some((p) => p !== 'tables' && p !== 'mail');
    if (needsServer) {
      log(mode === 'dist' ? 'building the server as npm start does (scripts/build.mjs)' : 'server runs through tsx');
    }
    const built = needsServer ? await prepareServer(mode) : null;
    if (built) onCleanup(() => removeBuild(built));
    results.server =
      mode === 'dist'
        ? 'dist: scripts/build.mjs, then node --enable-source-maps samskap.mjs serve (as npm start)'
        : 'tsx: node --import tsx src/cli/main.ts serve';
    for (const phase of config.phases) {
      if (interruptedBy()) break;
      log(`— ${phase}`);
      phaseGit[phase] = gitState();
      const phaseStart = performance.now();
      try {
        await phaseRunners[phase]();
        phaseSeconds[phase] = (performance.now() - phaseStart) / 1000;
      } catch (error) {
        // One broken phase (say, PostgreSQL unreachable) must not lose the others' numbers.
        failed = true;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        problems.push(`phase ${phase} failed: ${message.split('\n').slice(0, 6).join(' | ')}`);
        log(`phase ${phase} failed: ${message}`);
      }
    }
    results.completed = !failed && !interruptedBy();
    if (interruptedBy()) results.interrupted = interruptedBy();
  } finally {
    await cleanupAll();
    printAndSave();
  }
  return interruptedBy() ? 130 : failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
