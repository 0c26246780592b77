import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail } from '../shared/result.ts';
import { changes, type EditTarget, editEvent, invalid, nextPosition } from './event-edit.ts';
import type { QuestionKind } from './types.ts';

export interface QuestionFields {
  kind: QuestionKind;
  label: string;
  hint: string;
  /** The choices (choice, checkboxes); ignored for text. */
  options: string[];
  required: boolean;
}

/** Adds an extra question to the sign-up form (questionId null) or changes one. */
export async function saveEventQuestion(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { questionId: number | null; fields: QuestionFields },
  now: Date,
) {
  const f = input.fields;
  return editEvent(deps, input, now, async (trx) => {
    const options = f.kind === 'text' ? [] : f.options;
    if (f.kind !== 'text' && options.length === 0) return invalid({ options: 'options_required' });
    const values = {
      kind: f.kind,
      label: f.label,
      hint: f.hint,
      options_json: JSON.stringify(options),
      required: f.required ? 1 : 0,
    };
    if (input.questionId === null) {
      const row = await trx
        .insertInto('event_questions')
        .values({
          ...values,
          event_id: input.eventId,
          position: await nextPosition(trx, 'event_questions', input.eventId),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'question.added',
          eventId: input.eventId,
          subjectType: 'event_question',
          subjectId: row.id,
          data: values,
        },
        now,
      );
      return { id: row.id };
    }
    const existing = await trx
      .selectFrom('event_questions')
      .selectAll()
      .where('id', '=', input.questionId)
      .where('event_id', '=', input.eventId)
      .executeTakeFirst();
    if (!existing) return fail('not_found');
    await trx.updateTable('event_questions').set(values).where('id', '=', existing.id).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'question.updated',
        eventId: input.eventId,
        subjectType: 'event_question',
        subjectId: existing.id,
        data: { changes: changes(existing, values) },
      },
      now,
    );
    return { id: existing.id };
  });
}
