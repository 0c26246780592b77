import type { Db } from '../../db/adapter.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  eventId: number | null;
  subjectType: string;
  subjectId: number | null;
  data?: Record<string, unknown>;
}

/** Writes one audit row; call it inside the transaction that makes the change. */
export async function recordAudit(trx: Db, entry: AuditEntry, now: Date): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      actor: entry.actor,
      action: entry.action,
      event_id: entry.eventId,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data_json: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
