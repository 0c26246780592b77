import { type EditTarget, editEvent } from '../events/event-edit.ts';
import { recordAudit } from '../shared/audit.ts';
import type { DbDeps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { MAX_REMINDER_DAYS } from './send-due-reminders.ts';

export const MAX_AUTO_PROMOTE_DAYS = 60;
export const MAX_OFFER_HOURS = 168;

/**
 * Saves the settings of the days around the event: how many days before it the reminder goes
 * out (0: none), until how many days before it the waiting list moves up by itself, and how many
 * hours a seat offered after that is held.
 */
export async function saveMessageSettings(
  deps: DbDeps,
  input: EditTarget & { reminderDays: number; autoPromoteDays: number; offerHours: number },
  now: Date,
) {
  const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  const fields: Record<string, 'invalid_value'> = {};
  if (!inRange(input.reminderDays, 0, MAX_REMINDER_DAYS)) fields.reminderDays = 'invalid_value';
  if (!inRange(input.autoPromoteDays, 0, MAX_AUTO_PROMOTE_DAYS)) fields.autoPromoteDays = 'invalid_value';
  if (!inRange(input.offerHours, 1, MAX_OFFER_HOURS)) fields.offerHours = 'invalid_value';
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  return editEvent(deps, input, now, async (trx, before) => {
    await trx
      .updateTable('events')
      .set({
        reminder_days: input.reminderDays,
        auto_promote_days: input.autoPromoteDays,
        offer_hours: input.offerHours,
      })
      .where('id', '=', before.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.message_settings_saved',
        eventId: before.id,
        subjectType: 'event',
        subjectId: before.id,
        data: {
          changes: {
            reminderDays: { from: before.reminder_days, to: input.reminderDays },
            autoPromoteDays: { from: before.auto_promote_days, to: input.autoPromoteDays },
            offerHours: { from: before.offer_hours, to: input.offerHours },
          },
        },
      },
      now,
    );
    return { reminderDays: input.reminderDays, autoPromoteDays: input.autoPromoteDays, offerHours: input.offerHours };
  });
}
