import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { type EditTarget, editEvent, renumber } from './event-edit.ts';
import { ROW_AUDIT } from './remove-event-row.ts';

export type MovableKind = 'part' | 'session' | 'role' | 'question' | 'party' | 'link';

const TABLE = {
  part: 'programme_parts',
  session: 'sessions',
  role: 'event_roles',
  question: 'event_questions',
  party: 'event_parties',
  link: 'event_links',
} as const;

/** Moves a row one place up or down in its list (organisers and partners each in their own list). */
export async function moveEventRow(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { kind: MovableKind; id: number; direction: 'up' | 'down' },
  now: Date,
) {
  return editEvent(deps, input, now, async (trx) => {
    let rows: { id: number; kind?: string }[];
    if (input.kind === 'party') {
      rows = await trx
        .selectFrom('event_parties')
        .select(['id', 'kind'])
        .where('event_id', '=', input.eventId)
        .orderBy('position')
        .orderBy('id')
        .execute();
      const own = rows.find((r) => r.id === input.id);
      rows = rows.filter((r) => r.kind === own?.kind);
    } else {
      rows = await trx
        .selectFrom(TABLE[input.kind])
        .select('id')
        .where('event_id', '=', input.eventId)
        .orderBy('position')
        .orderBy('id')
        .execute();
    }
    const index = rows.findIndex((r) => r.id === input.id);
    if (index === -1) return fail('not_found');
    const other = input.direction === 'up' ? index - 1 : index + 1;
    const ids = rows.map((r) => r.id);
    if (other >= 0 && other < ids.length) {
      [ids[index], ids[other]] = [ids[other] as number, ids[index] as number];
      await renumber(trx, TABLE[input.kind], ids);
    }
    const audit = ROW_AUDIT[input.kind];
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: audit.moved,
        eventId: input.eventId,
        subjectType: audit.subjectType,
        subjectId: input.id,
        data: { direction: input.direction, from: index, to: Math.max(0, Math.min(ids.length - 1, other)) },
      },
      now,
    );
    return { id: input.id };
  });
}
