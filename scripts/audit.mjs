#!/usr/bin/env node
// npm run audit (and CI): `npm audit --omit=dev --audit-level=high` on the production
// dependencies. Fails on a high or critical finding; when the registry's audit service cannot be
// reached or refuses the request, prints a warning and passes, since a network problem says
// nothing about the code (and must not fail CI spuriously).
import { spawn } from 'node:child_process';

const TIMEOUT_MS = 120_000;
const args = ['audit', '--omit=dev', '--audit-level=high', '--json'];

function run() {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      resolve({ code: null, stdout, stderr, timedOut: true });
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut: false });
    });
  });
}

function warn(reason) {
  console.log(`npm audit --omit=dev: WARNING: the audit could not be run (${reason}); no result.`);
  process.exit(0);
}

console.log(`$ npm ${args.join(' ')}`);
const result = await run();
if (result.timedOut) warn(`no answer within ${TIMEOUT_MS / 1000} s`);
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  warn(`unreadable answer, exit code ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 300)}`);
}
if (report.error || report.message || !report.metadata) {
  const detail = report.error?.code ?? report.statusCode ?? report.error?.summary ?? report.message ?? 'no report';
  warn(`${detail}${report.message ? `: ${report.message}` : ''}`);
}

const counts = report.metadata.vulnerabilities;
console.log(
  `production dependencies: ${report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total ?? '?'}; ` +
    `vulnerabilities: critical ${counts.critical}, high ${counts.high}, moderate ${counts.moderate}, low ${counts.low}, info ${counts.info}`,
);
const rank = { info: 0, low: 1, moderate: 2, high: 3, critical: 4 };
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
  const titles = (v.via ?? [])
    .filter((via) => typeof via === 'object')
    .map((via) => `${via.title ?? ''} ${via.url ?? ''}`.trim());
  const fix =
    v.fixAvailable === true
      ? 'fix: npm audit fix'
      : v.fixAvailable
        ? `fix: ${v.fixAvailable.name}@${v.fixAvailable.version}`
        : 'no fix';
  console.log(
    `  ${v.severity.padEnd(8)} ${name}@${v.range} (${fix})${titles.length ? `\n           ${titles.join('\n           ')}` : ''}`,
  );
}
const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => rank[v.severity] >= rank.high).length;
if (serious > 0) {
  console.log(`npm audit --omit=dev: FAILED: ${serious} package(s) with high or critical findings.`);
  process.exit(1);
}
console.log('npm audit --omit=dev: no high or critical findings in production dependencies.');
