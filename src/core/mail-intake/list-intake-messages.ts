import type { Db } from '../../db/adapter.ts';
import type { IntakeState } from '../../db/schema.ts';

export interface IntakeListItem {
  id: number;
  fromEmail: string;
  fromName: string;
  subject: string;
  receivedAt: Date;
  kind: string;
  decision: string;
  state: IntakeState;
  outcome: string;
  registrations: number;
}

export interface IntakeList {
  /** Waiting for an organiser, oldest first. */
  pending: IntakeListItem[];
  /** The latest handled (accepted, cancelled, ignored), newest first. */
  recent: IntakeListItem[];
  counts: Record<IntakeState, number>;
}

/** The review queue of an event and what was handled lately. */
export async function listIntakeMessages(db: Db, eventId: number, recentLimit = 50): Promise<IntakeList> {
  const columns = [
    'id',
    'from_email',
    'from_name',
    'subject',
    'received_at',
    'kind',
    'decision',
    'state',
    'outcome',
    'registration_ids_json',
  ] as const;
  const toItem = (r: {
    id: number;
    from_email: string;
    from_name: string;
    subject: string;
    received_at: string;
    kind: string;
    decision: string;
    state: IntakeState;
    outcome: string;
    registration_ids_json: string;
  }): IntakeListItem => ({
    id: r.id,
    fromEmail: r.from_email,
    fromName: r.from_name,
    subject: r.subject,
    receivedAt: new Date(r.received_at),
    kind: r.kind,
    decision: r.decision,
    state: r.state,
    outcome: r.outcome,
    registrations: (JSON.parse(r.registration_ids_json) as number[]).length,
  });
  const pending = await db
    .selectFrom('intake_messages')
    .select(columns)
    .where('event_id', '=', eventId)
    .where('state', 'in', ['pending_review', 'failed'])
    .orderBy('id')
    .limit(500)
    .execute();
  const recent = await db
    .selectFrom('intake_messages')
    .select(columns)
    .where('event_id', '=', eventId)
    .where('state', 'not in', ['pending_review', 'failed'])
    .orderBy('id', 'desc')
    .limit(recentLimit)
    .execute();
  const countRows = await db
    .selectFrom('intake_messages')
    .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy('state')
    .execute();
  const counts: Record<IntakeState, number> = {
    pending_review: 0,
    accepted: 0,
    ignored: 0,
    cancelled: 0,
    changed: 0,
    failed: 0,
  };
  for (const row of countRows) counts[row.state] = Number(row.n);
  return { pending: pending.map(toItem), recent: recent.map(toItem), counts };
}
