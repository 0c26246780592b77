// Every process the bench starts goes through here, so that all of them (and their own children,
// e.g. cluster workers) are stopped when the bench ends, fails or is interrupted.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const live = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];

/** Runs fn (once) when the bench ends or is interrupted; last registered runs first. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.unshift(fn);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** SIGKILLs every process group still running; synchronous, so it also works in process.on('exit'). */
export function killAllNow(): void {
  for (const child of live) if (child.pid) killGroup(child.pid, 'SIGKILL');
  live.clear();
}

let cleaningUp: Promise<void> | null = null;
/** Stops all children and runs the cleanup functions (temp dirs, databases). */
export function cleanupAll(): Promise<void> {
  cleaningUp ??= (async () => {
    await Promise.all([...live].map((c) => stopChild(c, 5000)));
    killAllNow();
    for (const fn of cleanups.splice(0)) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup failed:', error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaningUp;
}

let interrupted: NodeJS.Signals | null = null;
const interruptHooks: (() => void)[] = [];
/** Runs fn as soon as a signal interrupts the bench (e.g. to stop a load generator). */
export function onInterrupt(fn: () => void): void {
  interruptHooks.push(fn);
}
/** The signal that interrupted the bench, if one did; nothing new is started after it. */
export function interruptedBy(): NodeJS.Signals | null {
  return interrupted;
}

function refuseWhenInterrupted(what: string): void {
  if (interrupted) throw new Error(`interrupted (${interrupted}): not starting ${what}`);
}

export function installSignalHandlers(): void {
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = signal;
      console.error(`\n${signal}: stopping everything the bench started…`);
      for (const fn of interruptHooks) fn();
      // The main flow notices, saves what it has and exits; this is only the backstop.
      void cleanupAll().finally(() => setTimeout(() => process.exit(130), 15_000).unref());
    });
  }
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended). */
  logFile: string;
}

/**
 * Starts a long-running child in its own process group (detached), so that stopping it also stops
 * whatever it forks.
 */
export function startChild(command: string, args: string[], options: StartOptions): ChildProcess {
  refuseWhenInterrupted(command);
  const out = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM to the child's group, then SIGKILL after timeoutMs; resolves when the whole group is gone. */
export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (!exited(child) || groupAlive(pid))) await sleep(50);
  if (!exited(child) || groupAlive(pid)) {
    killGroup(pid, 'SIGKILL');
    const hard = Date.now() + 5000;
    while (Date.now() < hard && (!exited(child) || groupAlive(pid))) await sleep(50);
  }
  live.delete(child);
}

export interface Completed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (bounded by timeoutMs, then killed) and collects its output. */
export function runToCompletion(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Completed> {
  return new Promise((resolve, reject) => {
    refuseWhenInterrupted(command);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      stderr += `\n[bench] killed after ${options.timeoutMs} ms`;
      if (child.pid) killGroup(child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM, …), or null when the process is gone. */
export function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Waits until GET url answers 200; fails early when the child exits. */
export async function waitForHttp(
  url: string,
  child: ChildProcess | null,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && exited(child))
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`${what} did not answer 200 at ${url} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * CPU seconds (user + system) used so far by every live process in a process group, from
 * /proc/<pid>/stat; with the group leader's pid this covers cluster workers too. Exited children
 * that were reaped are counted in their parent's cutime/cstime, which is included.
 */
export function groupCpuSeconds(pgid: number): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return Number.NaN;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name (field 2) may contain spaces; fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, cutime 16, cstime 17.
    if (Number(fields[2]) !== pgid) continue;
    total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return total / ticks;
}
