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
}

/** Published events split into upcoming (soonest first) and past (latest first) at `now`. */
export async function listEvents(db: Db, now: Date): Promise<{ upcoming: EventSummary[]; past: EventSummary[] }> {
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
    ])
    .where('published', '=', 1)
    .orderBy('starts_at')
    .execute();
  const events = rows.map((r) => ({
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    timeZone: r.time_zone,
    venueName: r.venue_name,
    registrationClosesAt: new Date(r.registration_closes_at),
    registrationOpensAt: r.registration_opens_at ? new Date(r.registration_opens_at) : null,
  }));
  return {
    upcoming: events.filter((e) => e.endsAt >= now),
    past: events.filter((e) => e.endsAt < now).reverse(),
  };
}
