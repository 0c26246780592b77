#!/usr/bin/env node
// npm test: finds every test file (Node 20's runner does not look for .ts files itself), shares
// one Chromium between the browser tests, runs everything with tsx, and fails a run that ran no
// test. With CI=true a missing browser or database is a failure, not a skip.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const ci = process.env.CI === 'true';

function find(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : find(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const filter = process.argv.slice(2);
let files = [...find(join(root, 'src')), ...find(join(root, 'test'))].map((f) => relative(root, f)).sort();
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

if (ci) {
  const problems = [];
  if (!existsSync(chromiumPath)) problems.push(`CI=true but ${chromiumPath} is missing: browser tests cannot run.`);
  if (!process.env.TEST_POSTGRES_URL)
    problems.push('CI=true but TEST_POSTGRES_URL is not set: PostgreSQL tests cannot run.');
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}

// One browser for the whole run; each browser test connects to it.
let browserServer;
if (existsSync(chromiumPath)) {
  const { chromium } = await import('playwright-core');
  browserServer = await chromium.launchServer({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
}

mkdirSync(join(root, 'test-output'), { recursive: true });

// Two phases. Tests that drive the browser run one file at a time: they share one Chromium and
// their pages wait on each other's CPU. Everything else (unit, integration on both databases,
// multi-process runs) runs two files at a time: those files wait on disks, sockets and child
// processes as much as on the CPU, and each has its own databases and ports.
const usesBrowser = (file) => readFileSync(join(root, file), 'utf8').includes('/support/browser.ts');
const phases = [
  { files: files.filter((f) => !usesBrowser(f)), concurrency: 2 },
  { files: files.filter((f) => usesBrowser(f)), concurrency: 1 },
].filter((phase) => phase.files.length > 0);

// Pass the report through and keep the spec reporter's summary lines ("ℹ tests 552"), added up
// over the phases. They are picked out line by line: the failure details printed after them can
// be long enough to push them out of any fixed-size tail.
const summary = {};
async function runPhase(phase) {
  const args = [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${phase.concurrency}`,
    '--test-reporter=spec',
    ...phase.files,
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      ...(browserServer ? { SAMSKAP_BROWSER_WS: browserServer.wsEndpoint() } : {}),
    },
  });
  let partial = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^ℹ (tests|pass|fail|skipped) (\d+)$/.exec(line);
      if (match) summary[match[1]] = (summary[match[1]] ?? 0) + Number(match[2]);
    }
  });
  return new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

let code = 0;
for (const phase of phases) {
  const phaseCode = await runPhase(phase);
  if (phaseCode !== 0) code = phaseCode;
}
await browserServer?.close();

const count = (name) => summary[name] ?? 0;
const [tests, pass, fail, skipped] = [count('tests'), count('pass'), count('fail'), count('skipped')];
console.log(`\n${files.length} test files, ${tests} tests`);
console.log(`${pass} passed, ${fail} failed, ${skipped} skipped`);
if (tests === 0 || pass === 0) {
  console.error('No test ran: treating the run as failed.');
  process.exit(1);
}
process.exit(code === 0 && fail === 0 ? 0 : 1);
