// Reading display links: the one a token opens, and an event's list for the back office.

import type { Db } from '../../db/adapter.ts';
import { looksLikeToken, tokenHash } from '../accounts/secrets.ts';

export interface DisplayLinkAccess {
  linkId: number;
  eventId: number;
  eventSlug: string;
  eventTitle: string;
  timeZone: string;
}

/** The event a display token opens, or null (unknown, malformed or revoked token). */
export async function findDisplayLink(db: Db, token: string): Promise<DisplayLinkAccess | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db
    .selectFrom('display_links')
    .innerJoin('events', 'events.id', 'display_links.event_id')
    .select([
      'display_links.id as linkId',
      'display_links.revoked_at as revokedAt',
      'events.id as eventId',
      'events.slug as eventSlug',
      'events.title as eventTitle',
      'events.time_zone as timeZone',
    ])
    .where('display_links.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revokedAt) return null;
  return {
    linkId: row.linkId,
    eventId: row.eventId,
    eventSlug: row.eventSlug,
    eventTitle: row.eventTitle,
    timeZone: row.timeZone,
  };
}

/** Whether the link is still valid (for open projector streams after a revocation). */
export async function displayLinkActive(db: Db, linkId: number): Promise<boolean> {
  const row = await db.selectFrom('display_links').select('revoked_at').where('id', '=', linkId).executeTakeFirst();
  return !!row && !row.revoked_at;
}

export interface DisplayLinkRow {
  id: number;
  label: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

/** The event's display links, newest first (the tokens are not known: only their hashes). */
export async function listDisplayLinks(db: Db, eventId: number): Promise<DisplayLinkRow[]> {
  const rows = await db
    .selectFrom('display_links')
    .leftJoin('users', 'users.id', 'display_links.created_by')
    .select([
      'display_links.id',
      'display_links.label',
      'display_links.created_at',
      'display_links.revoked_at',
      'users.name as creator',
    ])
    .where('display_links.event_id', '=', eventId)
    .orderBy('display_links.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: r.created_at,
    createdBy: r.creator ?? null,
    revokedAt: r.revoked_at,
  }));
}
