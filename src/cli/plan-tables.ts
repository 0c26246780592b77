// `samskap plan-tables`: plans co-creation tables from a JSON file or a spreadsheet (CSV) and
// writes the plan as JSON to standard output. Bad input: a message naming the row, exit status 2.
import { readFileSync } from 'node:fs';
import { checkPlanInput } from '../core/tables/check-input.ts';
import { boundNotes } from '../core/tables/metrics.ts';
import { parseParticipantsCsv } from '../core/tables/parse-csv.ts';
import { planTables } from '../core/tables/plan-tables.ts';

export const planTablesUsage = `Usage: samskap plan-tables --input plan.json [--seed N] [--seconds S]
       samskap plan-tables --csv people.csv (--tables N | --table-size N) [--rounds N] [--seed N] [--seconds S]

  --input FILE       { "tables" | "tableSize", "rounds", "participants", "challenges", "seconds"? } (see README.md)
  --csv FILE         columns id;role;organization;challenges;fixedTable (challenges separated by ",")
  --tables N         number of tables (overrides the input's)
  --table-size N     at most N people per table (overrides the input's)
  --rounds N         rounds (default 1 with --csv)
  --seed N           the same seed gives the same plan (default 1)
  --seconds S        time budget for the search

Exit status: 0 planned, 2 bad input or arguments.`;

const FLAGS = ['input', 'csv', 'tables', 'table-size', 'rounds', 'seed', 'seconds'] as const;
type Flag = (typeof FLAGS)[number];

class BadInput extends Error {}
/** A wrong command line (rather than wrong data): the usage text helps. */
class UsageError extends BadInput {}

function parseArgs(argv: string[]): Partial<Record<Flag, string>> {
  const out: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1] as Flag | undefined;
    if (!match || !name || !FLAGS.includes(name)) throw new UsageError(`unknown argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min) {
    throw new UsageError(`--${flag} must be a whole number of at least ${min} (got "${value}")`);
  }
  return Number(value);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new BadInput(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Runs the command; returns the exit status. */
export function planTablesCommand(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(planTablesUsage);
    return 0;
  }
  try {
    const args = parseArgs(argv);
    if ((args.input === undefined) === (args.csv === undefined)) {
      throw new UsageError('give exactly one of --input FILE or --csv FILE');
    }
    const seed = wholeNumber('seed', args.seed, Number.MIN_SAFE_INTEGER) ?? 1;
    const tables = wholeNumber('tables', args.tables, 0);
    const tableSize = wholeNumber('table-size', args['table-size'], 1);
    const rounds = wholeNumber('rounds', args.rounds, 1);
    if (tables !== undefined && tableSize !== undefined)
      throw new UsageError('give --tables or --table-size, not both');
    const seconds = args.seconds === undefined ? undefined : Number(args.seconds);
    if (seconds !== undefined && !(seconds > 0))
      throw new UsageError(`--seconds must be above 0 (got "${args.seconds}")`);

    let raw: Record<string, unknown>;
    let where: (participant: number) => string;
    if (args.input !== undefined) {
      const text = readText(args.input);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new BadInput(`${args.input} is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new BadInput(`${args.input}: expected a JSON object`);
      }
      raw = parsed as Record<string, unknown>;
      where = (i) => `${args.input}: participants[${i}]`;
    } else {
      const csv = parseParticipantsCsv(readText(args.csv!));
      if (!csv.ok) throw new BadInput(csv.problems.map((p) => `${args.csv}: ${p.message}`).join('\n'));
      if (tables === undefined && tableSize === undefined)
        throw new UsageError('with --csv, give --tables N or --table-size N');
      raw = {
        rounds: 1,
        participants: csv.value.participants,
        challenges: csv.value.challengeIds.map((id) => ({ id, title: id })),
      };
      const lines = csv.value.lines;
      where = (i) => `${args.csv}: line ${lines[i]}`;
    }
    if (tables !== undefined) {
      raw.tables = tables;
      delete raw.tableSize;
    }
    if (tableSize !== undefined) {
      raw.tableSize = tableSize;
      delete raw.tables;
    }
    if (rounds !== undefined) raw.rounds = rounds;
    if (seconds !== undefined) raw.seconds = seconds;

    const checked = checkPlanInput(raw);
    if (!checked.ok) {
      const file = args.input ?? args.csv;
      throw new BadInput(
        checked.problems
          .map((p) => (p.participant === undefined ? `${file}: ${p.message}` : `${where(p.participant)}: ${p.message}`))
          .join('\n'),
      );
    }
    const plan = planTables(checked.value, { seed, now: () => performance.now() });
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    for (const note of boundNotes(plan.metrics)) console.error(`plan-tables: ${note} (the bound may not be reachable)`);
    return 0;
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    console.error(`plan-tables: ${error.message}${error instanceof UsageError ? `\n\n${planTablesUsage}` : ''}`);
    return 2;
  }
}
