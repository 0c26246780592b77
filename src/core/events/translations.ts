// Event content in other languages than the event's main one: what can be translated, how the
// stored translations are read with the event, and the event as shown in one language (each
// text translated where a translation exists, else in the main language, with the language each
// text is actually in, so that pages can mark the fallback text with `lang`).
import type { Db } from '../../db/adapter.ts';
import type { TranslatedEntity } from '../../db/schema.ts';
import type { EventDetails, ParallelSession, ProgrammePart } from './types.ts';

/** The translatable texts of each kind of row, as stored in translations.field. */
export const TRANSLATABLE_FIELDS = {
  event: ['title', 'summary', 'description_md'],
  session: ['title', 'description'],
  part: ['title'],
  item: ['title'],
} as const satisfies Record<TranslatedEntity, readonly string[]>;

export type TranslatableField<E extends TranslatedEntity> = (typeof TRANSLATABLE_FIELDS)[E][number];

/** The longest text each field accepts: the same limits as the main-language texts. */
export const TRANSLATION_LIMITS: { [E in TranslatedEntity]: Record<TranslatableField<E>, number> } = {
  event: { title: 200, summary: 500, description_md: 20_000 },
  session: { title: 200, description: 2000 },
  part: { title: 200 },
  item: { title: 300 },
};

/** The translations of one event into one language; entity id → field → text. */
export interface LangTexts {
  event: Partial<Record<TranslatableField<'event'>, string>>;
  session: Record<number, Partial<Record<TranslatableField<'session'>, string>>>;
  part: Record<number, Partial<Record<TranslatableField<'part'>, string>>>;
  item: Record<number, Partial<Record<TranslatableField<'item'>, string>>>;
}

/** An event's translations by language. */
export type EventTranslations = Record<string, LangTexts>;

export function emptyLangTexts(): LangTexts {
  return { event: {}, session: {}, part: {}, item: {} };
}

/** Reads every translation of the event and of its sessions, parts and items (one query). */
export async function loadEventTranslations(db: Db, eventId: number): Promise<EventTranslations> {
  const rows = await db
    .selectFrom('translations')
    .select(['entity_type', 'entity_id', 'lang', 'field', 'value'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'event'), eb('entity_id', '=', eventId)]),
        eb.and([
          eb('entity_type', '=', 'session'),
          eb(
            'entity_id',
            'in',
            eb.selectFrom('sessions').select('sessions.id').where('sessions.event_id', '=', eventId),
          ),
        ]),
        eb.and([
          eb('entity_type', '=', 'part'),
          eb(
            'entity_id',
            'in',
            eb
              .selectFrom('programme_parts')
              .select('programme_parts.id')
              .where('programme_parts.event_id', '=', eventId),
          ),
        ]),
        eb.and([
          eb('entity_type', '=', 'item'),
          eb(
            'entity_id',
            'in',
            eb
              .selectFrom('programme_items')
              .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
              .select('programme_items.id')
              .where('programme_parts.event_id', '=', eventId),
          ),
        ]),
      ]),
    )
    .execute();
  return groupTranslations(rows);
}

/** Stored rows → language → entity → field → text; unknown kinds and fields are left out. */
export function groupTranslations(
  rows: { entity_type: string; entity_id: number; lang: string; field: string; value: string }[],
): EventTranslations {
  const out: EventTranslations = {};
  for (const r of rows) {
    if (r.value === '' || !isTranslatable(r.entity_type, r.field)) continue;
    out[r.lang] ??= emptyLangTexts();
    const texts = out[r.lang] as LangTexts;
    if (r.entity_type === 'event') {
      (texts.event as Record<string, string>)[r.field] = r.value;
    } else {
      const byId = texts[r.entity_type] as Record<number, Record<string, string>>;
      byId[Number(r.entity_id)] ??= {};
      (byId[Number(r.entity_id)] as Record<string, string>)[r.field] = r.value;
    }
  }
  return out;
}

export function isTranslatable(entity: string, field: string): entity is TranslatedEntity {
  const fields = (TRANSLATABLE_FIELDS as Record<string, readonly string[]>)[entity];
  return fields?.includes(field) === true;
}

// ---- The event in one language -----------------------------------------------------------------

/** The language a text is in after localizeEvent: the translation's, else the main language. */
export function textLang(
  event: Pick<EventDetails, 'mainLang'>,
  entity: { textLang?: Partial<Record<string, string>> | undefined },
  field: string,
): string {
  return entity.textLang?.[field] ?? event.mainLang;
}

// A localized event is built once per event object and language (the event definition is cached
// by its version, so the hot path pays for this once per edit, and caches keyed by the event
// object, like the mail's date texts, keep working).
const localized = new WeakMap<EventDetails, Map<string, EventDetails>>();

/**
 * The event with its title, summary, description and the titles (and session descriptions) of
 * its programme in `lang` where translated, each entity carrying `textLang` with the language
 * each of its texts is in. Without translations into `lang` the event itself is returned.
 */
export function localizeEvent(event: EventDetails, lang: string): EventDetails {
  // Already localized (only ever into the reader's language): as it is.
  if (lang === event.mainLang || event.textLang) return event;
  const texts = event.translations?.[lang];
  if (!texts) return event;
  let byLang = localized.get(event);
  if (!byLang) {
    byLang = new Map();
    localized.set(event, byLang);
  }
  const hit = byLang.get(lang);
  if (hit) return hit;

  const main = event.mainLang;
  const pick = (value: string, translated: string | undefined) =>
    translated ? { value: translated, lang } : { value, lang: main };

  const sessionCache = new Map<number, ParallelSession>();
  const session = (s: ParallelSession): ParallelSession => {
    let out = sessionCache.get(s.id);
    if (!out) {
      const tr = texts.session[s.id] ?? {};
      const title = pick(s.title, tr.title);
      // An empty main description stays empty: there is nothing to fall back to.
      const description = pick(s.description, tr.description);
      out = {
        ...s,
        title: title.value,
        description: description.value,
        textLang: { title: title.lang, description: description.lang },
      };
      sessionCache.set(s.id, out);
    }
    return out;
  };
  const part = (p: ProgrammePart): ProgrammePart => {
    const title = pick(p.title, texts.part[p.id]?.title);
    return {
      ...p,
      title: title.value,
      textLang: { title: title.lang },
      items: p.items.map((i) => {
        const itemTitle = pick(i.title, texts.item[i.id]?.title);
        return { ...i, title: itemTitle.value, textLang: { title: itemTitle.lang } };
      }),
      sessions: p.sessions.map(session),
    };
  };
  const title = pick(event.title, texts.event.title);
  const summary = pick(event.summary, texts.event.summary);
  const description = pick(event.descriptionMd, texts.event.description_md);
  const out: EventDetails = {
    ...event,
    title: title.value,
    summary: summary.value,
    descriptionMd: description.value,
    textLang: { title: title.lang, summary: summary.lang, descriptionMd: description.lang },
    parts: event.parts.map(part),
    sessions: event.sessions.map(session),
  };
  byLang.set(lang, out);
  return out;
}
