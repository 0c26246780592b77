import type { Db } from '../../db/adapter.ts';
import { prepared } from '../../db/prepared.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  eventId: number | null;
  subjectType: string;
  subjectId: number | null;
  data?: Record<string, unknown>;
}

const insertAudit = prepared(
  (
    db,
    p: {
      at: string;
      actor: string;
      action: string;
      eventId: number | null;
      subjectType: string;
      subjectId: number | null;
      dataJson: string;
    },
  ) =>
    db.insertInto('audit_log').values({
      at: p.at,
      actor: p.actor,
      action: p.action,
      event_id: p.eventId,
      subject_type: p.subjectType,
      subject_id: p.subjectId,
      data_json: p.dataJson,
    }),
);

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function recordAudit(trx: Db, entry: AuditEntry, now: Date): Promise<void> {
  await insertAudit.execute(trx, {
    at: now.toISOString(),
    actor: entry.actor,
    action: entry.action,
    eventId: entry.eventId,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    dataJson: JSON.stringify(entry.data ?? {}),
  });
}
