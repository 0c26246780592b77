import type { TranslatedEntity } from '../../db/schema.ts';
import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import type { FieldProblem } from '../shared/result.ts';
import { type EditTarget, editEvent, invalid } from './event-edit.ts';
import { isTranslatable, loadEventTranslations, TRANSLATION_LIMITS } from './translations.ts';

/** One translated text as typed; an empty value removes the translation. */
export interface TranslationText {
  entity: TranslatedEntity;
  /** The event's, session's, part's or item's id. */
  id: number;
  field: string;
  value: string;
}

/** The key of a text in field problems and the audit log: "session.12.title". */
export function translationKey(t: Pick<TranslationText, 'entity' | 'id' | 'field'>): string {
  return `${t.entity}.${t.id}.${t.field}`;
}

/**
 * Saves the translations of an event and its programme into one language, all at once: each
 * given text is stored, changed or (when empty) removed. The main language cannot be translated
 * into; texts of rows that are not the event's are refused.
 */
export async function saveTranslations(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: EditTarget & { lang: string; texts: TranslationText[] },
  now: Date,
) {
  return editEvent(deps, input, now, async (trx, event) => {
    if (input.lang === event.main_lang || !/^[a-z]{2,3}$/.test(input.lang)) return invalid({ lang: 'invalid_value' });
    const [sessions, parts, items] = await Promise.all([
      trx.selectFrom('sessions').select('id').where('event_id', '=', input.eventId).execute(),
      trx.selectFrom('programme_parts').select('id').where('event_id', '=', input.eventId).execute(),
      trx
        .selectFrom('programme_items')
        .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
        .select('programme_items.id')
        .where('programme_parts.event_id', '=', input.eventId)
        .execute(),
    ]);
    const owned: Record<TranslatedEntity, Set<number>> = {
      event: new Set([input.eventId]),
      session: new Set(sessions.map((r) => r.id)),
      part: new Set(parts.map((r) => r.id)),
      item: new Set(items.map((r) => r.id)),
    };
    const fields: Record<string, FieldProblem> = {};
    // The form checks lengths with a message of its own; here an over-long text is just refused.
    for (const t of input.texts) {
      const limit = (TRANSLATION_LIMITS[t.entity] as Record<string, number> | undefined)?.[t.field];
      if (!isTranslatable(t.entity, t.field) || !owned[t.entity].has(t.id) || limit === undefined)
        fields[translationKey(t)] = 'invalid_value';
      else if (t.value.trim().length > limit) fields[translationKey(t)] = 'invalid_value';
    }
    if (Object.keys(fields).length > 0) return invalid(fields);

    const stored = (await loadEventTranslations(trx, input.eventId))[input.lang];
    const changed: Record<string, { from: string | null; to: string | null }> = {};
    for (const t of input.texts) {
      const value = t.value.trim();
      const before =
        t.entity === 'event'
          ? (stored?.event as Record<string, string> | undefined)?.[t.field]
          : (stored?.[t.entity] as Record<number, Record<string, string>> | undefined)?.[t.id]?.[t.field];
      if ((before ?? '') === value) continue;
      const where = trx
        .deleteFrom('translations')
        .where('entity_type', '=', t.entity)
        .where('entity_id', '=', t.id)
        .where('lang', '=', input.lang)
        .where('field', '=', t.field);
      if (value === '') {
        await where.execute();
      } else if (before === undefined) {
        await trx
          .insertInto('translations')
          .values({ entity_type: t.entity, entity_id: t.id, lang: input.lang, field: t.field, value })
          .execute();
      } else {
        await trx
          .updateTable('translations')
          .set({ value })
          .where('entity_type', '=', t.entity)
          .where('entity_id', '=', t.id)
          .where('lang', '=', input.lang)
          .where('field', '=', t.field)
          .execute();
      }
      changed[translationKey(t)] = { from: before ?? null, to: value === '' ? null : value };
    }
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: 'event.translations_saved',
        eventId: input.eventId,
        subjectType: 'event',
        subjectId: input.eventId,
        data: { lang: input.lang, changes: changed },
      },
      now,
    );
    return { lang: input.lang, changed: Object.keys(changed).length };
  });
}
