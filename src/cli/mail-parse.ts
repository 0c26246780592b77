// `samskap mail parse --event SLUG FILE.eml… [--mbox FILE.mbox]`: reads sign-up e-mails the way
// the mailbox connection would and prints what it would do with each, as JSON, so an organiser can
// check a mailbox export before connecting the mailbox. Nothing is stored or sent.
import { readFileSync } from 'node:fs';
import { getEvent } from '../core/events/get-event.ts';
import { splitMbox } from '../core/mail-intake/mbox.ts';
import { documentedPerson, intakeEventFrom, parseMail } from '../core/mail-intake/parse-mail.ts';
import { connect, migrate } from '../db/connect.ts';
import { readSettings } from './settings.ts';

export const mailParseUsage = `Usage: samskap mail parse --event SLUG FILE.eml… [--mbox FILE.mbox]…

Reads each message as the mailbox connection would and prints a JSON array with one object per
message, in the order given: file, kind (registration, cancellation, change, other), people (name,
email, role, session, organization, needs), confidence (0 to 1), decision (accept, review, ignore)
and reasons. Messages of an --mbox file are named FILE#1, FILE#2, … Nothing is stored or sent; the
event (with its sessions, roles and deadline) is read from DATABASE_URL.

Exit status: 0 read, 2 unknown event, unreadable file or bad arguments.`;

class BadInput extends Error {}
/** A wrong command line (rather than a file that cannot be read): the usage text helps. */
class UsageError extends BadInput {}

interface Source {
  file: string;
  raw: Buffer;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BadInput(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function parseArgs(argv: string[]): { slug: string; sources: Source[] } {
  let slug: string | null = null;
  const sources: Source[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--(event|mbox)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const value = flag[2] ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`--${flag[1]} needs a value`);
      if (flag[1] === 'event') slug = value;
      else {
        const messages = splitMbox(readBytes(value));
        for (const [index, raw] of messages.entries()) sources.push({ file: `${value}#${index + 1}`, raw });
      }
      continue;
    }
    if (arg.startsWith('--')) throw new UsageError(`unknown option "${arg}"`);
    sources.push({ file: arg, raw: readBytes(arg) });
  }
  if (!slug) throw new UsageError('--event SLUG is required');
  if (sources.length === 0) throw new UsageError('no message files given');
  return { slug, sources };
}

/** Runs the command; returns the exit status. */
export async function mailParseCommand(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    console.error(`samskap mail parse: ${error.message}${error instanceof UsageError ? `\n\n${mailParseUsage}` : ''}`);
    return 2;
  }
  const settings = readSettings();
  const store = connect(settings.databaseUrl, { poolSize: 1 });
  try {
    await migrate(store);
    const details = await getEvent(store.db, args.slug, { includeUnpublished: true });
    if (!details) {
      console.error(`samskap mail parse: unknown event "${args.slug}"`);
      return 2;
    }
    const event = intakeEventFrom(details);
    const out = [];
    for (const source of args.sources) {
      const parsed = await parseMail(source.raw, event);
      out.push({
        file: source.file,
        kind: parsed.kind,
        people: parsed.people.map(documentedPerson),
        confidence: parsed.confidence,
        decision: parsed.decision,
        reasons: parsed.reasons,
      });
    }
    console.log(JSON.stringify(out, null, 2));
    return 0;
  } finally {
    await store.close();
  }
}
