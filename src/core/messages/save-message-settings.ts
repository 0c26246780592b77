import { type EditTarget, editEvent } from '../events/event-edit.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { MAX_REMINDER_DAYS } from './send-due-reminders.ts';

/** Saves how many days before the event the reminder goes out (0: no reminder). */
export async function saveMessageSettings(deps: DbDeps, input: EditTarget & { reminderDays: number }, now: Date) {
  if (!Number.isInteger(input.reminderDays) || input.reminderDays < 0 || input.reminderDays > MAX_REMINDER_DAYS)
    return fail('invalid', { reminderDays: 'invalid_value' });
  return editEvent(deps, input, now, async (trx, before) => {
    await trx.updateTable('events').set({ reminder_days: input.reminderDays }).where('id', '=', before.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.message_settings_saved',
        eventId: before.id,
        subjectType: 'event',
        subjectId: before.id,
        data: { changes: { reminderDays: { from: before.reminder_days, to: input.reminderDays } } },
      },
      now,
    );
    return { reminderDays: input.reminderDays };
  });
}
