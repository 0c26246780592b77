import { recordAudit } from '../shared/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { daysBetween, localParts, shiftIso } from './event-times.ts';

export interface CopyEventInput {
  sourceEventId: number;
  /** The organisation the copy belongs to. */
  organizationId: number;
  slug: string;
  title: string;
  /** The copy's first day ("2020-11-10"); every time moves by as many days, same clock time. */
  startDate: string;
  actor: string;
}

/**
 * Copies an event with its whole programme (parts, items, speakers, sessions, roles, questions,
 * organisers, links) to a new date. The copy is unpublished, has no registrations and
 * remembers where it came from.
 */
export async function copyEvent(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: CopyEventInput,
  now: Date,
): Promise<Result<{ eventId: number; slug: string; days: number }>> {
  const source = await deps.db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', input.sourceEventId)
    .executeTakeFirst();
  if (!source) return fail('not_found');
  const taken = await deps.db.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (taken) return fail('invalid', { slug: 'slug_taken' });
  const tz = source.time_zone;
  const days = daysBetween(localParts(new Date(source.starts_at), tz).date, input.startDate);
  const shift = (iso: string) => shiftIso(iso, days, tz);
  const at = now.toISOString();

  try {
    return await deps.adapter.transaction(deps.db, async (trx) => {
      const id = source.id;
      const event = await trx
        .insertInto('events')
        .values({
          organization_id: input.organizationId,
          slug: input.slug,
          main_lang: source.main_lang,
          title: input.title,
          summary: source.summary,
          description_md: source.description_md,
          starts_at: shift(source.starts_at),
          ends_at: shift(source.ends_at),
          time_zone: tz,
          venue_name: source.venue_name,
          venue_room: source.venue_room,
          venue_address: source.venue_address,
          audience: source.audience,
          is_free: source.is_free,
          is_open: source.is_open,
          contact_email: source.contact_email,
          registration_opens_at: source.registration_opens_at ? shift(source.registration_opens_at) : null,
          registration_closes_at: shift(source.registration_closes_at),
          capacity: source.capacity,
          allow_no_session: source.allow_no_session,
          published: 0,
          created_at: at,
          updated_at: at,
          copied_from_event_id: id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const to = event.id;

      const parties = await trx.selectFrom('event_parties').selectAll().where('event_id', '=', id).execute();
      if (parties.length > 0)
        await trx
          .insertInto('event_parties')
          .values(parties.map((p) => ({ event_id: to, kind: p.kind, name: p.name, url: p.url, position: p.position })))
          .execute();
      const links = await trx.selectFrom('event_links').selectAll().where('event_id', '=', id).execute();
      if (links.length > 0)
        await trx
          .insertInto('event_links')
          .values(links.map((l) => ({ event_id: to, label: l.label, url: l.url, position: l.position })))
          .execute();
      const roles = await trx.selectFrom('event_roles').selectAll().where('event_id', '=', id).execute();
      if (roles.length > 0)
        await trx
          .insertInto('event_roles')
          .values(
            roles.map((r) => ({
              event_id: to,
              code: r.code,
              label: r.label,
              asks_text: r.asks_text,
              position: r.position,
            })),
          )
          .execute();
      const questions = await trx.selectFrom('event_questions').selectAll().where('event_id', '=', id).execute();
      for (const q of questions) {
        await trx
          .insertInto('event_questions')
          .values({
            event_id: to,
            position: q.position,
            kind: q.kind,
            label: q.label,
            hint: q.hint,
            options_json: q.options_json,
            required: q.required,
          })
          .execute();
      }
      const partIds = new Map<number, number>();
      const parts = await trx
        .selectFrom('programme_parts')
        .selectAll()
        .where('event_id', '=', id)
        .orderBy('id')
        .execute();
      for (const p of parts) {
        const row = await trx
          .insertInto('programme_parts')
          .values({ event_id: to, position: p.position, label: p.label, title: p.title, facilitators: p.facilitators })
          .returning('id')
          .executeTakeFirstOrThrow();
        partIds.set(p.id, row.id);
      }
      const sessionIds = new Map<number, number>();
      const sessions = await trx.selectFrom('sessions').selectAll().where('event_id', '=', id).orderBy('id').execute();
      for (const s of sessions) {
        const row = await trx
          .insertInto('sessions')
          .values({
            event_id: to,
            part_id: s.part_id === null ? null : (partIds.get(s.part_id) ?? null),
            code: s.code,
            title: s.title,
            description: s.description,
            facilitator: s.facilitator,
            starts_at: shift(s.starts_at),
            ends_at: shift(s.ends_at),
            capacity: s.capacity,
            position: s.position,
            pitch: s.pitch,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        sessionIds.set(s.id, row.id);
      }
      const items =
        parts.length === 0
          ? []
          : await trx
              .selectFrom('programme_items')
              .selectAll()
              .where(
                'part_id',
                'in',
                parts.map((p) => p.id),
              )
              .orderBy('id')
              .execute();
      const speakers =
        items.length === 0
          ? []
          : await trx
              .selectFrom('item_speakers')
              .selectAll()
              .where(
                'item_id',
                'in',
                items.map((i) => i.id),
              )
              .orderBy('position')
              .execute();
      const itemIds = new Map<number, number>();
      for (const i of items) {
        const row = await trx
          .insertInto('programme_items')
          .values({
            part_id: partIds.get(i.part_id) as number,
            session_id: i.session_id === null ? null : (sessionIds.get(i.session_id) ?? null),
            position: i.position,
            starts_at: shift(i.starts_at),
            ends_at: shift(i.ends_at),
            title: i.title,
            kind: i.kind,
            note: i.note,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        itemIds.set(i.id, row.id);
        const own = speakers.filter((s) => s.item_id === i.id);
        if (own.length > 0)
          await trx
            .insertInto('item_speakers')
            .values(
              own.map((s) => ({ item_id: row.id, position: s.position, name: s.name, affiliation: s.affiliation })),
            )
            .execute();
      }
      // The texts entered in other languages come along, on the new rows; not the title, which
      // the copy gets anew.
      const translations = await trx
        .selectFrom('translations')
        .selectAll()
        .where((eb) => {
          const of = (entity: 'session' | 'part' | 'item', ids: Map<number, number>) =>
            ids.size > 0 ? [eb.and([eb('entity_type', '=', entity), eb('entity_id', 'in', [...ids.keys()])])] : [];
          return eb.or([
            eb.and([eb('entity_type', '=', 'event'), eb('entity_id', '=', id), eb('field', '<>', 'title')]),
            ...of('session', sessionIds),
            ...of('part', partIds),
            ...of('item', itemIds),
          ]);
        })
        .execute();
      const newId = (entity: string, old: number) =>
        entity === 'event'
          ? to
          : ((entity === 'session' ? sessionIds : entity === 'part' ? partIds : itemIds).get(old) as number);
      if (translations.length > 0)
        await trx
          .insertInto('translations')
          .values(
            translations.map((t) => ({
              entity_type: t.entity_type,
              entity_id: newId(t.entity_type, t.entity_id),
              lang: t.lang,
              field: t.field,
              value: t.value,
            })),
          )
          .execute();
      await recordAudit(
        trx,
        {
          actor: input.actor,
          action: 'event.copied',
          eventId: to,
          subjectType: 'event',
          subjectId: to,
          data: {
            from: { eventId: id, slug: source.slug },
            slug: input.slug,
            title: input.title,
            days,
            copied: {
              parts: parts.length,
              items: items.length,
              speakers: speakers.length,
              sessions: sessions.length,
              roles: roles.length,
              questions: questions.length,
              parties: parties.length,
              links: links.length,
            },
          },
        },
        now,
      );
      return { ok: true as const, eventId: to, slug: input.slug, days };
    });
  } catch (error) {
    // Someone took the slug between the check and the insert.
    const again = await deps.db.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (again) return fail('invalid', { slug: 'slug_taken' });
    throw error;
  }
}
