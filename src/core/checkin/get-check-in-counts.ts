import { sql } from 'kysely';
import type { Db } from '../../db/adapter.ts';

export interface CheckInCount {
  /** Session code; null for "only the shared programme". */
  session: string | null;
  title: string | null;
  attended: number;
  /** Confirmed registrations: the people expected. */
  expected: number;
}

export interface CheckInCounts {
  attended: number;
  expected: number;
  /** Waitlisted people (they may turn up hoping for a freed seat). */
  waitlisted: number;
  sessions: CheckInCount[];
}

/** Attended and expected (confirmed) people, in total and per session, in one grouped query. */
export async function getCheckInCounts(db: Db, eventId: number): Promise<CheckInCounts> {
  const [rows, sessions] = await Promise.all([
    db
      .selectFrom('registrations')
      .select([
        'session_id',
        'status',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        sql<number | string>`sum(case when checked_in_at is null then 0 else 1 end)`.as('attended'),
      ])
      .where('event_id', '=', eventId)
      .where('status', 'in', ['confirmed', 'waitlisted'])
      .groupBy(['session_id', 'status'])
      .execute(),
    db
      .selectFrom('sessions')
      .select(['id', 'code', 'title'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute(),
  ]);
  const per = new Map<number | null, CheckInCount>(
    sessions.map((s) => [s.id, { session: s.code, title: s.title, attended: 0, expected: 0 }]),
  );
  const counts: CheckInCounts = { attended: 0, expected: 0, waitlisted: 0, sessions: [] };
  for (const row of rows) {
    const n = Number(row.n);
    if (row.status === 'waitlisted') {
      counts.waitlisted += n;
      continue;
    }
    let entry = per.get(row.session_id);
    if (!entry) {
      entry = { session: null, title: null, attended: 0, expected: 0 };
      per.set(row.session_id, entry);
    }
    entry.expected += n;
    entry.attended += Number(row.attended ?? 0);
    counts.expected += n;
    counts.attended += Number(row.attended ?? 0);
  }
  // Sessions in programme order, then "only the shared programme" when anyone chose it.
  counts.sessions = [...per.entries()]
    .filter(([id, c]) => id !== null || c.expected > 0)
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : 0))
    .map(([, c]) => c);
  return counts;
}
