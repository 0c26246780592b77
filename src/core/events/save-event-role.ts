import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, invalid, nextPosition } from './event-edit.ts';

export interface RoleFields {
  /** Only used when adding: a role's code is what registrations store, so it never changes. */
  code: string;
  /** null: the catalogue's label of a standard code. */
  label: string | null;
  asksText: boolean;
}

/** Adds a role people can sign up as (roleId null), or changes a role's label and free-text question. */
export async function saveEventRole(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { roleId: number | null; fields: RoleFields },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx) => {
    if (input.roleId === null) {
      const same = await trx
        .selectFrom('event_roles')
        .select('id')
        .where('event_id', '=', input.eventId)
        .where('code', '=', f.code)
        .executeTakeFirst();
      if (same) return invalid({ code: 'duplicate_code' });
      const values = { code: f.code, label: f.label, asks_text: f.asksText ? 1 : 0 };
      const row = await trx
        .insertInto('event_roles')
        .values({ ...values, event_id: input.eventId, position: await nextPosition(trx, 'event_roles', input.eventId) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'role.added',
          eventId: input.eventId,
          subjectType: 'event_role',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id };
    }
    const existing = await trx
      .selectFrom('event_roles')
      .selectAll()
      .where('id', '=', input.roleId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!existing) return fail('not_found');
    const values = { label: f.label, asks_text: f.asksText ? 1 : 0 };
    await trx.updateTable('event_roles').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'role.updated',
        eventId: input.eventId,
        subjectType: 'event_role',
        subjectId: existing.id,
        data: { code: existing.code, changes: changes(existing, values) },
      },
      now,
    );
    return { id: existing.id };
  });
}
