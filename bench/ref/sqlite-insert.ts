// The register reference and the disk's fsync-bound commit rate: a bare better-sqlite3 loop that
// inserts single rows, each in its own transaction, into a table with the same columns and indexes
// as the app's registrations, with WAL and synchronous=FULL (the app's settings), for a fixed time.
// Usage: node bench/ref/sqlite-insert.ts <directory> <seconds>
// Prints one line of JSON: { inserts, seconds, perSecond }.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sqliteReferenceDdl } from '../lib/reference-schema.ts';

const [dir, secondsArg] = process.argv.slice(2);
if (!dir || !secondsArg) {
  console.error('usage: sqlite-insert.ts <directory> <seconds>');
  process.exit(2);
}
const file = join(dir, `reference-${process.pid}-${Date.now()}.db`);
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
for (const ddl of sqliteReferenceDdl('registrations')) db.exec(ddl);

const insert = db.prepare(`insert into registrations
  (event_id, booking_id, name, email, email_norm, organization, role, session_id, consent_at, status, waitlist_seq, lang, created_at, updated_at)
  values (1, ?, ?, ?, ?, '', 'citizen', 1, ?, 'waitlisted', ?, 'nb', ?, ?)`);
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');

const durationMs = Number(secondsArg) * 1000;
const started = performance.now();
const deadline = started + durationMs;
let n = 0;
while (performance.now() < deadline) {
  n += 1;
  const at = new Date().toISOString();
  const email = `ref-${n}@bench.invalid`;
  begin.run();
  insert.run(n, `Bench Person ${n}`, email, email, at, n, at, at);
  commit.run();
}
const seconds = (performance.now() - started) / 1000;
db.close();
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
console.log(JSON.stringify({ inserts: n, seconds, perSecond: n / seconds }));
