import { recordAudit } from '../../shared/audit.ts';
import type { DbDeps } from '../../shared/deps.ts';

/** Writes the audit row of an export or a printed list: who took which registrations out, and how. */
export async function recordExport(
  deps: DbDeps,
  input: {
    eventId: number;
    actor: string;
    format: 'csv' | 'xlsx' | 'print' | 'badges.pdf' | 'participants.pdf';
    filters: Record<string, string>;
    includeNeeds: boolean;
    rows: number;
  },
  now: Date,
): Promise<void> {
  await deps.adapter.transaction(deps.db, (trx) =>
    recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'registrations.exported',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { format: input.format, filters: input.filters, needs: input.includeNeeds, rows: input.rows },
      },
      now,
    ),
  );
}
