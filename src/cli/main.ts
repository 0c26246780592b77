// The `samskap` command.
import { seedDemo } from '../core/demo/seed-demo.ts';
import { connect, migrate } from '../db/connect.ts';
import { mailParseCommand, mailParseUsage } from './mail-parse.ts';
import { planTablesCommand } from './plan-tables.ts';
import { purgeCommand } from './purge.ts';
import { serve } from './serve.ts';
import { readSettings } from './settings.ts';
import { userAdd, userAddUsage } from './user-add.ts';

const usage = `Usage: samskap <command>

Commands:
  serve       Serve the site (what npm start runs): migrates, adds demo events outside production.
  migrate     Bring the database (DATABASE_URL) up to date and exit.
  seed-demo   Add the demo events (the reference seminar and its 2019 edition) if missing.
  purge       Anonymise registrations of events past their retention period (default 90 days after
              the event); --dry-run only reports. The server also runs this once a day.
  user add    Add an organiser account: --email E --name N --org SLUG [--org-name "Name"]
              --role owner|organiser|facilitator; password from standard input or SAMSKAP_PASSWORD.
  plan-tables Plan co-creation tables: --input plan.json | --csv people.csv --tables N [--rounds N] [--seed N].
  mail parse  Read sign-up e-mails as the mailbox connection would: --event SLUG FILE.eml… [--mbox FILE];
              prints what it would do with each as JSON (nothing is stored or sent).

Settings are read from the environment; see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'serve':
      await serve();
      return -1; // keep running
    case 'migrate': {
      const settings = readSettings();
      const store = connect(settings.databaseUrl, { poolSize: 1 });
      const applied = await migrate(store);
      console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      await store.close();
      return 0;
    }
    case 'seed-demo': {
      const settings = readSettings();
      const store = connect(settings.databaseUrl, { poolSize: 1 });
      await migrate(store);
      const added = await seedDemo(store, new Date());
      console.log(added.length > 0 ? `Added: ${added.join(', ')}` : 'The demo events are already there.');
      await store.close();
      return 0;
    }
    case 'purge':
      return purgeCommand(argv.slice(1));
    case 'plan-tables':
      return planTablesCommand(argv.slice(1));
    case 'mail':
      if (argv[1] === 'parse') return mailParseCommand(argv.slice(2));
      console.error(`Unknown mail command "${argv[1] ?? ''}".\n\n${mailParseUsage}`);
      return 1;
    case 'user':
      if (argv[1] === 'add') return userAdd(argv.slice(2));
      console.error(`Unknown user command "${argv[1] ?? ''}".\n\n${userAddUsage}`);
      return 1;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(usage);
      return command === undefined ? 1 : 0;
    default:
      console.error(`Unknown command "${command}".\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
