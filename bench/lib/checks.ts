// After a load run: do the stored registrations agree with the counters, the capacities and the
// answers the clients received? Reported, never asserted (a failing check is shown in the table).
import SQLite from 'better-sqlite3';
import pg from 'pg';

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface Consistency {
  registrations: number;
  confirmed: number;
  waitlisted: number;
  problems: string[];
}

const n = (v: unknown) => Number(v ?? 0);

export async function checkConsistency(query: Query, slug: string): Promise<Consistency> {
  const problems: string[] = [];
  const [event] = await query(
    'select id, capacity, seats_taken, waitlist_seq, no_session_waitlist_length from events where slug = ?',
    [slug],
  );
  if (!event) return { registrations: 0, confirmed: 0, waitlisted: 0, problems: [`no event ${slug}`] };
  const eventId = n(event.id);
  const byStatus = await query(
    'select session_id, status, count(*) as c from registrations where event_id = ? group by session_id, status',
    [eventId],
  );
  const count = (status: string, sessionId?: number | null) =>
    byStatus
      .filter(
        (r) =>
          r.status === status &&
          (sessionId === undefined || (r.session_id === null ? null : n(r.session_id)) === sessionId),
      )
      .reduce((a, r) => a + n(r.c), 0);
  const confirmed = count('confirmed');
  const waitlisted = count('waitlisted');
  const registrations = byStatus.reduce((a, r) => a + n(r.c), 0);

  if (n(event.seats_taken) !== confirmed)
    problems.push(`events.seats_taken ${event.seats_taken} ≠ ${confirmed} confirmed rows`);
  if (event.capacity !== null && confirmed > n(event.capacity))
    problems.push(`${confirmed} confirmed > event capacity ${event.capacity}`);
  const noSession = count('waitlisted', null);
  if (n(event.no_session_waitlist_length) !== noSession) {
    problems.push(`events.no_session_waitlist_length ${event.no_session_waitlist_length} ≠ ${noSession} rows`);
  }
  const sessions = await query(
    'select id, code, capacity, seats_taken, waitlist_length from sessions where event_id = ?',
    [eventId],
  );
  for (const s of sessions) {
    const c = count('confirmed', n(s.id));
    const w = count('waitlisted', n(s.id));
    if (n(s.seats_taken) !== c) problems.push(`session ${s.code}: seats_taken ${s.seats_taken} ≠ ${c} confirmed rows`);
    if (s.capacity !== null && c > n(s.capacity))
      problems.push(`session ${s.code}: ${c} confirmed > capacity ${s.capacity}`);
    if (n(s.waitlist_length) !== w)
      problems.push(`session ${s.code}: waitlist_length ${s.waitlist_length} ≠ ${w} rows`);
  }
  const [seq] = await query(
    `select count(*) as c, count(distinct waitlist_seq) as d, count(waitlist_seq) as nn, max(waitlist_seq) as m
       from registrations where event_id = ? and status = 'waitlisted'`,
    [eventId],
  );
  if (seq) {
    if (n(seq.nn) !== n(seq.c)) problems.push(`${n(seq.c) - n(seq.nn)} waitlisted rows without waitlist_seq`);
    if (n(seq.d) !== n(seq.nn)) problems.push(`${n(seq.nn) - n(seq.d)} duplicate waitlist_seq values`);
    if (seq.m !== null && n(seq.m) > n(event.waitlist_seq))
      problems.push(`max waitlist_seq ${seq.m} > events.waitlist_seq ${event.waitlist_seq}`);
  }
  const [dupes] = await query(
    `select count(*) as c from (select email_norm from registrations where event_id = ? and status <> 'cancelled'
       and email_norm is not null group by email_norm having count(*) > 1) d`,
    [eventId],
  );
  if (dupes && n(dupes.c) > 0) problems.push(`${dupes.c} addresses registered twice`);
  return { registrations, confirmed, waitlisted, problems };
}

export async function withSqlite<T>(path: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const db = new SQLite(path, { readonly: true });
  try {
    return await fn(async (sql, params = []) => db.prepare(sql).all(...params) as Record<string, unknown>[]);
  } finally {
    db.close();
  }
}

export async function withPostgres<T>(url: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(async (sql, params = []) => {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    });
  } finally {
    await client.end();
  }
}
