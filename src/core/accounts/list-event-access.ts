// Who can open one event: the owning organisation's members, organisations granted access and
// their members, people granted access one by one, and open invitations to the event.
import type { Db } from '../../db/adapter.ts';
import { type MemberView, type OpenInvitation, openInvitations, organizationMembers } from './list-members.ts';
import type { EventAccessRole } from './types.ts';

export interface OrganizationGrant {
  grantId: number;
  organizationId: number;
  slug: string;
  name: string;
  role: EventAccessRole;
  members: MemberView[];
}

export interface PersonGrant {
  grantId: number;
  userId: number;
  name: string;
  email: string;
  role: EventAccessRole;
}

export interface EventAccessList {
  owner: { id: number; slug: string; name: string; members: MemberView[] };
  organizations: OrganizationGrant[];
  people: PersonGrant[];
  invitations: OpenInvitation[];
}

/** Everyone with access to an event by id; null when there is no such event. */
export async function listEventAccess(db: Db, eventId: number, now: Date): Promise<EventAccessList | null> {
  const event = await db
    .selectFrom('events')
    .innerJoin('organizations', 'organizations.id', 'events.organization_id')
    .select(['organizations.id', 'organizations.slug', 'organizations.name'])
    .where('events.id', '=', eventId)
    .executeTakeFirst();
  if (!event) return null;
  const [orgGrants, personGrants, invitations, ownerMembers] = await Promise.all([
    db
      .selectFrom('event_access')
      .innerJoin('organizations', 'organizations.id', 'event_access.organization_id')
      .select([
        'event_access.id',
        'event_access.role',
        'organizations.id as organizationId',
        'organizations.slug',
        'organizations.name',
      ])
      .where('event_access.event_id', '=', eventId)
      .orderBy('organizations.name')
      .execute(),
    db
      .selectFrom('event_access')
      .innerJoin('users', 'users.id', 'event_access.user_id')
      .select(['event_access.id', 'event_access.role', 'users.id as userId', 'users.name', 'users.email'])
      .where('event_access.event_id', '=', eventId)
      .orderBy('users.name')
      .execute(),
    openInvitations(db, { eventId }, now),
    organizationMembers(db, event.id),
  ]);
  return {
    owner: { id: event.id, slug: event.slug, name: event.name, members: ownerMembers },
    organizations: await Promise.all(
      orgGrants.map(async (g) => ({
        grantId: g.id,
        organizationId: g.organizationId,
        slug: g.slug,
        name: g.name,
        role: g.role,
        members: await organizationMembers(db, g.organizationId),
      })),
    ),
    people: personGrants.map((g) => ({ grantId: g.id, userId: g.userId, name: g.name, email: g.email, role: g.role })),
    invitations,
  };
}
