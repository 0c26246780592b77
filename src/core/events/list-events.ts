import type { Db } from '../../db/adapter.ts';

export interface EventSummary {
  slug: string;
  title: string;
  summary: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  registrationClosesAt: Date;
  registrationOpensAt: Date | null;
  mainLang: string;
  /** With a language asked for: the language the title and summary are in. */
  textLang?: { title: string; summary: string };
}

/**
 * Published events split into upcoming (soonest first) and past (latest first) at `now`; with
 * `lang`, titles and summaries are in that language where translated.
 */
export async function listEvents(
  db: Db,
  now: Date,
  lang?: string,
): Promise<{ upcoming: EventSummary[]; past: EventSummary[] }> {
  const rows = await db
    .selectFrom('events')
    .select([
      'slug',
      'title',
      'summary',
      'starts_at',
      'ends_at',
      'time_zone',
      'venue_name',
      'registration_closes_at',
      'registration_opens_at',
      'main_lang',
      'id',
    ])
    .where('published', '=', 1)
    .orderBy('starts_at')
    .execute();
  const translated = new Map<string, string>();
  if (lang && rows.some((r) => r.main_lang !== lang)) {
    const texts = await db
      .selectFrom('translations')
      .innerJoin('events', 'events.id', 'translations.entity_id')
      .select(['translations.entity_id', 'translations.field', 'translations.value'])
      .where('translations.entity_type', '=', 'event')
      .where('translations.lang', '=', lang)
      .where('translations.field', 'in', ['title', 'summary'])
      .where('events.published', '=', 1)
      .execute();
    for (const t of texts) if (t.value !== '') translated.set(`${t.entity_id}|${t.field}`, t.value);
  }
  const text = (r: (typeof rows)[number], field: 'title' | 'summary') => {
    const value = r.main_lang === lang ? undefined : translated.get(`${r.id}|${field}`);
    return value === undefined ? { value: r[field], lang: r.main_lang } : { value, lang: lang as string };
  };
  const events = rows.map((r): EventSummary => {
    const title = text(r, 'title');
    const summary = text(r, 'summary');
    return {
      slug: r.slug,
      title: title.value,
      summary: summary.value,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      timeZone: r.time_zone,
      venueName: r.venue_name,
      registrationClosesAt: new Date(r.registration_closes_at),
      registrationOpensAt: r.registration_opens_at ? new Date(r.registration_opens_at) : null,
      mainLang: r.main_lang,
      ...(lang ? { textLang: { title: title.lang, summary: summary.lang } } : {}),
    };
  });
  return {
    upcoming: events.filter((e) => e.endsAt >= now),
    past: events.filter((e) => e.endsAt < now).reverse(),
  };
}
