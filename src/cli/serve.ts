// `samskap serve` (npm start): migrate, add demo content outside production, serve, deliver mail.
import cluster from 'node:cluster';
import { seedDemo } from '../core/demo/seed-demo.ts';
import { credentialKeyFrom } from '../core/mail-intake/credentials.ts';
import { ticketKeyFrom } from '../core/registrations/ticket-code.ts';
import { connect, migrate } from '../db/connect.ts';
import { createIdeaSummaryMailer } from '../mail/idea-summary-mail.tsx';
import { startMailboxPoller } from '../mail/mailbox-poller.ts';
import { createMessageMailer } from '../mail/message-mail.tsx';
import { createOutboxNotifier } from '../mail/outbox-notifier.ts';
import { startScheduler } from '../mail/scheduler.ts';
import { type RunningWorker, smtpTransport, startWorker } from '../mail/worker.ts';
import { buildApp, startLiveBus } from '../web/app.ts';
import { DEMO_ORGANISER_EMAIL, ensureDemoOrganiser } from './demo-organiser.ts';
import { startDailyPurge } from './purge.ts';
import { readSettings, type Settings } from './settings.ts';

export async function serve(): Promise<void> {
  const settings = readSettings();
  if (settings.workers > 1 && cluster.isPrimary) {
    // The primary prepares the database once, then forks the web processes.
    await prepare(settings);
    for (let i = 0; i < settings.workers; i++) cluster.fork();
    let stopping = false;
    const stop = () => {
      stopping = true;
      // Each worker closes its server and finishes what it has started, then exits.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    cluster.on('exit', (worker, code, signal) => {
      if (!stopping && signal !== 'SIGTERM' && code !== 0) {
        console.error(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
        cluster.fork();
      }
    });
    console.log(`samskap: ${settings.workers} processes on ${settings.app.baseUrl}`);
    return;
  }
  await run(settings, cluster.isWorker);
}

async function prepare(settings: Settings) {
  const store = connect(settings.databaseUrl, { poolSize: 2 });
  try {
    await migrate(store);
    if (!settings.production) {
      await seedDemo(store, new Date());
      announceDemoOrganiser(settings, await ensureDemoOrganiser(store, new Date()));
    }
  } finally {
    await store.close();
  }
}

async function run(settings: Settings, isClusterWorker: boolean) {
  const store = connect(settings.databaseUrl);
  if (!isClusterWorker) {
    await migrate(store);
    if (!settings.production) {
      const added = await seedDemo(store, new Date());
      if (added.length > 0) console.log(`samskap: demo events added: ${added.join(', ')}`);
      announceDemoOrganiser(settings, await ensureDemoOrganiser(store, new Date()));
    }
  }
  const notifier = createOutboxNotifier({
    baseUrl: settings.app.baseUrl,
    domain: settings.app.mailDomain,
    ticketKey: ticketKeyFrom(settings.app.secret),
  });
  let worker: RunningWorker | undefined;
  if (settings.smtpUrl) {
    worker = startWorker(store, {
      transport: smtpTransport(settings.smtpUrl),
      from: settings.mailFrom,
      leaseMs: settings.mailLeaseMs,
      ...(settings.mailRatePerMinute > 0 ? { ratePerMinute: settings.mailRatePerMinute } : {}),
      onError: (error) =>
        console.error('mail delivery failed, will retry:', error instanceof Error ? error.message : error),
    });
  }
  const messageMailer = createMessageMailer({ baseUrl: settings.app.baseUrl, domain: settings.app.mailDomain });
  // One live bus for the app's streams and the scheduler (which finishes pitch runs left going).
  const live = await startLiveBus(store);
  const app = await buildApp({
    store,
    config: settings.app,
    notifier,
    messageMailer,
    live,
    onMailQueued: () => worker?.nudge(),
  });
  // Reminders and thank-yous fall due by the clock. Every process runs the scheduler: each
  // event's mail is claimed by a conditional update, so none is sent twice.
  const scheduler = startScheduler(store, {
    mailer: messageMailer,
    notifier,
    ideaMailer: createIdeaSummaryMailer({ baseUrl: settings.app.baseUrl, domain: settings.app.mailDomain }),
    publish: (topic) => live.publish(topic),
    onMailQueued: () => worker?.nudge(),
    onError: (error) =>
      console.error('scheduled messages failed, will retry:', error instanceof Error ? error.message : error),
  });
  // Sign-up by e-mail (issue 9): every process reads the connected IMAP mailboxes each minute;
  // a lease in the database lets one process read a mailbox at a time.
  const poller = startMailboxPoller(store, {
    notifier,
    credentialKey: credentialKeyFrom(settings.app.secret),
    onMailQueued: () => worker?.nudge(),
    onError: (error) =>
      console.error('reading a mailbox failed, will retry:', error instanceof Error ? error.message : error),
  });
  // The retention job, once a day (issue 6): idempotent, and each event is claimed by one process.
  const purge = startDailyPurge(store, {
    log: (line) => console.log(`samskap: ${line}`),
    onError: (error) =>
      console.error('retention job failed, will retry tomorrow:', error instanceof Error ? error.message : error),
  });
  await app.listen({ port: settings.port, host: settings.host });
  console.log(
    `samskap: listening on ${settings.app.baseUrl} (${store.adapter.kind}${settings.smtpUrl ? ', sending mail' : ', mail stays in the outbox'})`,
  );

  const shutdown = async () => {
    await app.close();
    // A request whose client has gone away can still be running its handler; give it a moment
    // to finish its transaction before the database connection goes.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await scheduler.stop();
    await live.close();
    await poller.stop();
    await purge.stop();
    await worker?.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

function announceDemoOrganiser(settings: Settings, password: string | null) {
  if (!password) return;
  console.log(
    `samskap: demo organiser created. Log in at ${settings.app.baseUrl}/admin/login as ${DEMO_ORGANISER_EMAIL} with the password ${password} (shown only now; set another with: npx samskap user add --email ${DEMO_ORGANISER_EMAIL} --name "Demo-arrangør" --org demo --role owner)`,
  );
}
