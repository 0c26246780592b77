// In-process sign-up loop without HTTP, to see what the capacity transaction costs per sign-up.
//   npx tsx bench/micro-register.ts [count] [concurrency]   (default 5000, 100)
//   MICRO_PRAGMAS='temp_store=MEMORY;cache_size=-20000' npx tsx bench/micro-register.ts   (pragmas to try)
// Runs registerParticipants against a fresh SQLite copy of the demo event (WAL, synchronous=FULL,
// as the server opens it), `concurrency` sign-ups in flight at a time so that group commit
// batches them as under load, and prints sign-ups/s, CPU per sign-up and, per SQL statement,
// how often it ran and how long better-sqlite3 spent in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { seedDemo } from '../src/core/demo/seed-demo.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import { connect, migrate } from '../src/db/connect.ts';
import { createOutboxNotifier } from '../src/mail/outbox-notifier.ts';

const count = Number(process.argv[2] ?? 5000);
const concurrency = Number(process.argv[3] ?? 100);

// Time every statement better-sqlite3 runs, keyed by its SQL text.
const timings = new Map<string, { n: number; ms: number }>();
const proto = SQLite.prototype as unknown as { prepare: (sql: string) => SQLite.Statement };
const prepare = proto.prepare;
proto.prepare = function (this: SQLite.Database, sqlText: string) {
  const statement = prepare.call(this, sqlText);
  for (const method of ['run', 'all', 'get'] as const) {
    const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
    (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return original(...args);
      } finally {
        const key = sqlText.replace(/\s+/g, ' ').slice(0, 120);
        const entry = timings.get(key) ?? { n: 0, ms: 0 };
        entry.n += 1;
        entry.ms += performance.now() - t0;
        timings.set(key, entry);
      }
    };
  }
  return statement;
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'samskap-micro-'));
  try {
    const store = connect(`sqlite:${join(dir, 'app.db')}`);
    await migrate(store);
    for (const pragma of (process.env.MICRO_PRAGMAS ?? '').split(';').filter(Boolean)) {
      console.log(pragma, (await store.db.executeQuery(CompiledQuery.raw(`pragma ${pragma}`))).rows);
    }
    await seedDemo(store, new Date());
    const notifier = createOutboxNotifier({ baseUrl: 'http://127.0.0.1:3000', domain: 'bench.invalid' });
    const deps = { db: store.db, adapter: store.adapter, notifier };
    let n = 0;
    const one = async () => {
      const i = n++;
      const result = await registerParticipants(
        deps,
        {
          eventSlug: 'samskaping-levanger',
          lang: 'nb',
          booker: {
            name: `Bench Person ${i}`,
            email: `micro-${i}@bench.invalid`,
            organization: '',
            role: 'citizen',
            roleOther: '',
            session: '2A',
            needs: '',
            needsConsent: false,
            publicListing: false,
          },
          others: [],
          consent: true,
        },
        new Date(),
      );
      if (!result.ok) throw new Error(`sign-up failed: ${result.code}`);
    };
    const run = async (total: number) => {
      const end = n + total;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (n < end) await one();
        }),
      );
    };
    await run(Math.min(1000, count)); // warm-up
    timings.clear();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(count);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const sqlMs = [...timings.values()].reduce((a, b) => a + b.ms, 0);
    console.log(
      `${count} sign-ups in ${ms.toFixed(0)} ms: ${((count * 1000) / ms).toFixed(0)}/s, ` +
        `${(ms / count).toFixed(3)} ms wall and ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms CPU per sign-up, ` +
        `${(sqlMs / count).toFixed(3)} ms in SQLite per sign-up (${((sqlMs - (timings.get('commit')?.ms ?? 0)) / count).toFixed(3)} without commits)`,
    );
    const rows = [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms);
    for (const [sqlText, t] of rows) {
      console.log(
        `${(t.n / count).toFixed(2).padStart(6)}/su ${((1000 * t.ms) / t.n).toFixed(1).padStart(7)} µs ${((1000 * t.ms) / count).toFixed(1).padStart(7)} µs/su  ${sqlText}`,
      );
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
