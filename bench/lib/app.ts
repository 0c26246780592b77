// Starting and stopping the samskap server the way an operator would (`samskap serve`).
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, procStatusKb, runToCompletion, sleep, startChild, stopChild, waitForHttp } from './children.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Fixed, so that every process of one run shares it; the bench never uses it for anything else. */
const BENCH_SECRET = 'samskap-bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';

function appEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Mail stays in the outbox: the bench measures sign-ups, not an SMTP server.
  delete env.SMTP_URL;
  delete env.WORKERS;
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    SECRET: BENCH_SECRET,
    RATE_LIMITS: 'off',
    HOST: '127.0.0.1',
    ...extra,
  };
}

/** `samskap seed-demo` against databaseUrl (migrates first). */
export async function seedDemo(databaseUrl: string): Promise<void> {
  const result = await runToCompletion(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'seed-demo'], {
    cwd: repoRoot,
    env: appEnv(databaseUrl),
    timeoutMs: 120_000,
  });
  if (result.code !== 0) {
    throw new Error(`samskap seed-demo failed (${result.code ?? result.signal}): ${result.stderr || result.stdout}`);
  }
}

/**
 * How the server is started. 'dist': the way `npm start` runs it — `scripts/build.mjs` bundles
 * src/ into dist/, then `node <flags> dist/samskap.mjs serve` with the node flags of package.json's
 * start script (startFlags); the bench copies the
 * bundle to bench/.build/<run>/ first, so that someone else rebuilding dist/ meanwhile cannot
 * pull it from under a running measurement. 'tsx': `node --import tsx src/cli/main.ts serve`.
 */
export type ServerMode = 'dist' | 'tsx';

/** The node flags `npm start` runs the server with (e.g. the heap limit), read from package.json. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /node ((?:--\S+ )*)dist\/samskap\.mjs serve/.exec(pkg.scripts.start);
  if (!match) throw new Error(`package.json's start script does not run dist/samskap.mjs serve: ${pkg.scripts.start}`);
  return match[1]!.split(' ').filter(Boolean);
}

let serverEntry: { mode: ServerMode; args: string[] } = { mode: 'tsx', args: ['--import', 'tsx', 'src/cli/main.ts'] };

export function serverMode(): ServerMode {
  return serverEntry.mode;
}

/** Builds (for 'dist') and fixes the command every later startApp uses; returns what to clean up. */
export async function prepareServer(mode: ServerMode): Promise<string | null> {
  if (mode === 'tsx') {
    serverEntry = {
      mode,
      args: [...startFlags().filter((f) => f !== '--enable-source-maps'), '--import', 'tsx', 'src/cli/main.ts'],
    };
    return null;
  }
  const build = await runToCompletion(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, timeoutMs: 120_000 });
  if (build.code !== 0) throw new Error(`scripts/build.mjs failed: ${build.stderr || build.stdout}`);
  const target = join(repoRoot, 'bench', '.build', `${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(repoRoot, 'dist'), target, { recursive: true });
  if (!existsSync(join(target, 'samskap.mjs'))) throw new Error('scripts/build.mjs left no dist/samskap.mjs');
  serverEntry = { mode, args: [...startFlags(), join(target, 'samskap.mjs')] };
  return target;
}

/** Removes a bundle copy made by prepareServer, and bench/.build when no other run uses it. */
export function removeBuild(target: string): void {
  rmSync(target, { recursive: true, force: true });
  try {
    rmdirSync(dirname(target));
  } catch {
    // another run's bundle is still there
  }
}

export function defaultServerMode(): ServerMode {
  return existsSync(join(repoRoot, 'scripts', 'build.mjs')) ? 'dist' : 'tsx';
}

export interface AppServer {
  url: string;
  /** The process started (for WORKERS > 1 the cluster primary). */
  pid: number;
  workers: number;
  logFile: string;
  child: ChildProcess;
  /** VmRSS in kB right after /healthz first answered 200 and all workers listened. */
  idleRssKb: number | null;
  startSeconds: number;
}

export interface StartAppOptions {
  databaseUrl: string;
  workers?: number;
  logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** Starts the server (see ServerMode) and waits until every worker listens. */
export async function startApp(options: StartAppOptions): Promise<AppServer> {
  const workers = options.workers ?? 1;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = startChild(process.execPath, [...(options.nodeArgs ?? []), ...serverEntry.args, 'serve'], {
    cwd: repoRoot,
    env: appEnv(options.databaseUrl, { PORT: String(port), BASE_URL: url, WORKERS: String(workers) }),
    logFile: options.logFile,
  });
  try {
    await waitForHttp(`${url}/healthz`, child, 120_000, `samskap serve (WORKERS=${workers})`);
    // With several workers /healthz answers as soon as the first one listens; wait for all.
    const deadline = Date.now() + 120_000;
    while (countListening(options.logFile) < workers) {
      if (Date.now() > deadline)
        throw new Error(`only ${countListening(options.logFile)} of ${workers} workers started`);
      if (child.exitCode !== null) throw new Error('samskap serve exited while starting');
      await sleep(100);
    }
  } catch (error) {
    await stopChild(child);
    const log = safeRead(options.logFile).slice(-2000);
    throw new Error(`${error instanceof Error ? error.message : error}\n--- server output ---\n${log}`);
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    workers,
    logFile: options.logFile,
    child,
    idleRssKb: procStatusKb(pid, 'VmRSS'),
    startSeconds: (performance.now() - started) / 1000,
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function countListening(logFile: string): number {
  return safeRead(logFile)
    .split('\n')
    .filter((l) => l.startsWith('samskap: listening on')).length;
}

/** Lines the server printed besides its normal start-up messages (errors, warnings, stack traces). */
export function unexpectedOutput(logFile: string): string[] {
  return safeRead(logFile)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => !/^samskap: (listening on|\d+ processes on|demo events added)/.test(l));
}

export async function stopApp(server: AppServer): Promise<void> {
  await stopChild(server.child, 15_000);
}

export function tempDbUrl(dir: string, name: string): string {
  return `sqlite:${join(dir, name)}`;
}
