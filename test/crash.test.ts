// kill -9 in the middle of a rush: every sign-up answered 201 survives, nothing is half-written,
// and every registrant gets exactly one distinct confirmation (a repeat of the same Message-ID
// after the crash is allowed, and counted).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type DbKind, databaseKinds, type TestDatabase } from './support/databases.ts';
import { addEvent, smallEvent } from './support/fixtures.ts';
import { assertConsistent } from './support/invariants.ts';
import {
  apiSignUp,
  freePorts,
  killServer,
  type ServerProcess,
  startServer,
  stopServer,
  waitForHealth,
} from './support/processes.ts';
import { startSmtp, type TestSmtp } from './support/smtp.ts';

const SIGN_UPS = 600;
const CONCURRENCY = 60;
const KILL_AFTER = 200;

for (const kind of databaseKinds() as DbKind[]) {
  describe(`kill -9 during a rush [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let server: ServerProcess | undefined;
    let slug: string;
    before(async () => {
      database = await createTestDatabase(kind);
      slug = await addEvent(database.store, smallEvent({ a: 100, b: 10 }));
      if (kind === 'sqlite') await database.store.close();
      smtp = await startSmtp();
    });
    after(async () => {
      if (server) await stopServer(server);
      await smtp.close();
      await database.dispose().catch(() => {});
    });

    test('every 201 survives, no half-written sign-up, one distinct confirmation per registrant', async (t) => {
      const [port] = (await freePorts(1)) as [number];
      // A short lease, so that mail claimed by the killed process is retried within the test.
      const env = { SMTP_URL: smtp.url, MAIL_FROM: 'samskap <noreply@samskap.test>', MAIL_LEASE_SECONDS: '3' };
      server = startServer(database.url, port, env);
      await waitForHealth(server);

      // A steady rush from CONCURRENCY clients; the server dies after KILL_AFTER answers.
      const results: Awaited<ReturnType<typeof apiSignUp>>[] = [];
      let next = 0;
      let killed: Promise<void> | undefined;
      const running = server;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < SIGN_UPS) {
            const i = next++;
            const result = await apiSignUp(running.baseUrl, slug, i);
            results.push(result);
            if (results.length === KILL_AFTER) killed = killServer(running);
            if (result.status === 0) return; // the server is gone
          }
        }),
      );
      await killed;
      const created = results.filter((r) => r.status === 201);
      const failed = results.filter((r) => r.status !== 201);
      assert.ok(created.length >= KILL_AFTER - CONCURRENCY, `a real rush was under way (${created.length} created)`);
      assert.ok(
        failed.every((r) => r.status === 0),
        `only connection errors, no error answers: ${JSON.stringify(failed.find((r) => r.status !== 0))}`,
      );
      t.diagnostic(`${created.length} answered 201 before the kill, ${failed.length} requests cut off`);

      // Restart on the same database and let the outbox drain.
      server = startServer(database.url, port, env);
      await waitForHealth(server);
      const store = kind === 'sqlite' ? database.open() : database.store;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const pending = await store.db.selectFrom('outbox').select('id').where('status', '<>', 'sent').execute();
        if (pending.length === 0) break;
        if (Date.now() > deadline) throw new Error(`${pending.length} mails still unsent`);
        await new Promise((r) => setTimeout(r, 200));
      }

      const rows = await store.db
        .selectFrom('registrations')
        .select(['email_norm', 'status'])
        .where('email_norm', 'is not', null)
        .execute();
      const stored = new Map(rows.map((r) => [r.email_norm, r.status]));
      for (const r of created) {
        assert.equal(
          stored.get(`rush${r.i}@example.no`),
          r.body.status,
          `sign-up ${r.i} answered ${r.body.status} is stored so`,
        );
      }
      await assertConsistent(store, slug);

      // Each registrant: exactly one distinct Message-ID received; repeats of it are allowed.
      const byAddress = new Map<string, string[]>();
      for (const mail of smtp.received) {
        const list = byAddress.get(mail.to) ?? [];
        list.push(mail.messageId);
        byAddress.set(mail.to, list);
      }
      let repeats = 0;
      for (const email of stored.keys()) {
        const ids = byAddress.get(email as string) ?? [];
        assert.equal(new Set(ids).size, 1, `${email} got exactly one distinct confirmation (got ${ids.length})`);
        repeats += ids.length - 1;
      }
      assert.equal(byAddress.size, stored.size, 'no mail to anyone who is not registered');
      t.diagnostic(`${repeats} confirmations delivered twice with the same Message-ID after the crash`);
      if (kind === 'sqlite') await store.close();
    });
  });
}
