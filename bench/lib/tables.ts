// The `tables` phase: the co-creation table planner on generated instances, every figure next to
// its bound, side by side with two simple baselines planned in the same run (a random shuffle,
// and dealing people round the tables sorted by role), and the time the planner took.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateInstance, type InstanceShape } from '../../src/core/tables/generate-instance.ts';
import { metricsOf, planProblems } from '../../src/core/tables/metrics.ts';
import { planTables } from '../../src/core/tables/plan-tables.ts';
import { seededRandom, shuffle } from '../../src/core/tables/random.ts';
import type { Metrics, PlanInput, PlanRound } from '../../src/core/tables/types.ts';
import { repoRoot } from './app.ts';
import { fmt, median } from './stats.ts';
import { markdownTable } from './table.ts';

export interface TablesRow {
  figure: string;
  app: string;
  reference: string;
  ratio: string;
  goal: string;
  met: string;
}

interface Instance {
  name: string;
  shape: InstanceShape;
  /** Planner runs (different seeds) to time; the first one's plan is reported. */
  runs: number;
}

const INSTANCES: Instance[] = [
  {
    name: '60 people, 8 tables, 2 rounds',
    shape: { people: 60, roles: 6, organizations: 20, challenges: 8, rounds: 2, tables: 8, seed: 1 },
    runs: 3,
  },
  {
    name: '1,000 people, 125 tables of 8, 3 rounds',
    shape: { people: 1000, roles: 8, organizations: 300, challenges: 30, rounds: 3, tables: 125, seed: 2 },
    runs: 3,
  },
  {
    name: '5,000 people, 625 tables of 8, 3 rounds',
    shape: { people: 5000, roles: 8, organizations: 1500, challenges: 100, rounds: 3, tableSize: 8, seed: 3 },
    runs: 1,
  },
];

/** Each table works on the challenge most of its members ranked first (the baselines' rule). */
function mostWanted(input: PlanInput, members: number[]): string | null {
  const counts = new Map<string, number>();
  for (const p of members) {
    const first = input.participants[p]!.challenges[0];
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  let best: string | null = input.challenges[0]?.id ?? null;
  let most = 0;
  for (const [c, k] of counts) {
    if (k > most) {
      best = c;
      most = k;
    }
  }
  return best;
}

/** A baseline: deal people (in the order `order` gives for each round) round the tables. */
function dealt(input: PlanInput, tables: number, order: (round: number) => number[]): { rounds: PlanRound[] } {
  const rounds: PlanRound[] = [];
  for (let r = 0; r < input.rounds; r++) {
    const members: number[][] = Array.from({ length: tables }, () => []);
    order(r).forEach((p, i) => {
      members[i % tables]!.push(p);
    });
    rounds.push({
      tables: members.map((ms, t) => ({
        table: t + 1,
        challenge: mostWanted(input, ms),
        members: ms.map((p) => input.participants[p]!.id),
      })),
    });
  }
  return { rounds };
}

function randomBaseline(input: PlanInput, tables: number, seed: number) {
  const random = seededRandom(seed);
  return dealt(input, tables, () =>
    shuffle(
      input.participants.map((_, i) => i),
      random,
    ),
  );
}

function byRoleBaseline(input: PlanInput, tables: number, seed: number) {
  const random = seededRandom(seed);
  const roles = [...new Set(input.participants.map((p) => p.role))].sort();
  return dealt(input, tables, () =>
    roles.flatMap((role) =>
      shuffle(
        input.participants.flatMap((p, i) => (p.role === role ? [i] : [])),
        random,
      ),
    ),
  );
}

const lower = (m: { value: number; lowerBound: number }) => fmt(m.value);
const share = (v: number) => `${fmt(100 * v, 1)} %`;

/** Wall time of the command line on the 1,000-person instance (tsx start-up included). */
function cliSeconds(input: PlanInput): number {
  const dir = mkdtempSync(join(tmpdir(), 'samskap-tables-bench-'));
  try {
    const path = join(dir, 'plan.json');
    writeFileSync(path, JSON.stringify(input));
    const t0 = performance.now();
    execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'plan-tables', '--input', path], {
      cwd: repoRoot,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function tablesBench(log: (message: string) => void): {
  rows: TablesRow[];
  text: string;
  problems: string[];
  details: unknown[];
} {
  const rows: TablesRow[] = [];
  const problems: string[] = [];
  const details: unknown[] = [];
  const side: string[][] = [];
  for (const instance of INSTANCES) {
    const input = generateInstance(instance.shape);
    const tables =
      instance.shape.tables ?? Math.ceil(instance.shape.people / (instance.shape.tableSize ?? instance.shape.people));
    const seconds: number[] = [];
    let metrics: Metrics | null = null;
    for (let run = 0; run < instance.runs; run++) {
      const t0 = performance.now();
      const plan = planTables(input, { seed: run + 1, now: () => performance.now() });
      seconds.push((performance.now() - t0) / 1000);
      if (run === 0) {
        metrics = plan.metrics;
        const broken = planProblems(input, plan);
        if (broken.length > 0) problems.push(`tables ${instance.name}: invalid plan: ${broken.slice(0, 3).join('; ')}`);
      }
    }
    const m = metrics!;
    const random = metricsOf(input, randomBaseline(input, tables, 11));
    const byRole = metricsOf(input, byRoleBaseline(input, tables, 12));
    log(`tables ${instance.name}: ${seconds.map((s) => fmt(s, 2)).join(' / ')} s`);
    const name = instance.name;
    side.push(
      [
        name,
        'role excess (lower is better)',
        fmt(m.roleExcess.lowerBound),
        lower(m.roleExcess),
        lower(random.roleExcess),
        lower(byRole.roleExcess),
      ],
      [
        '',
        'same-organisation pairs',
        fmt(m.orgPairs.lowerBound),
        lower(m.orgPairs),
        lower(random.orgPairs),
        lower(byRole.orgPairs),
      ],
      [
        '',
        'repeated pairs',
        fmt(m.repeatPairs.lowerBound),
        lower(m.repeatPairs),
        lower(random.repeatPairs),
        lower(byRole.repeatPairs),
      ],
      [
        '',
        'first choice (higher is better)',
        share(m.challengeTop1.upperBound),
        share(m.challengeTop1.value),
        share(random.challengeTop1.value),
        share(byRole.challengeTop1.value),
      ],
      [
        '',
        'top-3 choice',
        share(m.challengeTop3.upperBound),
        share(m.challengeTop3.value),
        share(random.challengeTop3.value),
        share(byRole.challengeTop3.value),
      ],
      [
        '',
        `planner seconds (${instance.runs > 1 ? `median of ${instance.runs} seeds, max ${fmt(Math.max(...seconds), 2)}` : '1 run'})`,
        '–',
        fmt(median(seconds), 2),
        '–',
        '–',
      ],
    );
    details.push({ instance: name, shape: instance.shape, tables, seconds, planner: m, random, byRole });

    const isMain = instance.shape.people === 1000;
    const row = (figure: string, app: string, reference: string, goal: string, met: boolean | null) =>
      rows.push({
        figure: `tables ${name}: ${figure}`,
        app,
        reference,
        ratio: '–',
        goal,
        met: met === null ? '–' : met ? 'yes' : 'NO',
      });
    row(
      'role excess',
      fmt(m.roleExcess.value),
      `${fmt(m.roleExcess.lowerBound)} (bound)`,
      isMain ? '= bound' : 'reported',
      isMain ? m.roleExcess.value === m.roleExcess.lowerBound : null,
    );
    row(
      'organisation pairs',
      fmt(m.orgPairs.value),
      `${fmt(m.orgPairs.lowerBound)} (bound)`,
      isMain ? '= bound' : 'reported',
      isMain ? m.orgPairs.value === m.orgPairs.lowerBound : null,
    );
    row(
      'repeated pairs',
      fmt(m.repeatPairs.value),
      `${fmt(m.repeatPairs.lowerBound)} (bound)`,
      isMain ? '0' : 'reported',
      isMain ? m.repeatPairs.value === 0 : null,
    );
    const top3 = m.challengeTop3.value / m.challengeTop3.upperBound;
    rows.push({
      figure: `tables ${name}: top-3 share`,
      app: share(m.challengeTop3.value),
      reference: `${share(m.challengeTop3.upperBound)} (bound)`,
      ratio: fmt(top3, 3),
      goal: isMain ? '≥ 0.9 of bound' : 'reported',
      met: isMain ? (top3 >= 0.9 ? 'yes' : 'NO') : '–',
    });
    row(
      'planner seconds (median)',
      fmt(median(seconds), 2),
      '–',
      isMain ? '< 2' : 'reported',
      isMain ? Math.max(...seconds) < 2 : null,
    );
    if (isMain) {
      const cli = cliSeconds(input);
      log(`tables ${name}: npx samskap plan-tables wall time ${fmt(cli, 2)} s`);
      row('command line wall seconds (tsx start-up included)', fmt(cli, 2), '–', 'reported', null);
      (details[details.length - 1] as Record<string, unknown>).cliSeconds = cli;
    }
  }
  const text = markdownTable(['instance', 'figure', 'bound', 'planner', 'random shuffle', 'dealt by role'], side);
  return { rows, text, problems, details };
}
