// Who may do what with an event. An event belongs to one organisation; its owners and
// organisers are the event's organisers, its facilitators its facilitators. An event can also
// grant access to a whole other organisation (its members get the granted role, facilitators
// of that organisation stay facilitators) or to one person.
import type { Db } from '../../db/adapter.ts';
import type { AdminUser, EventAccessRole, EventPermission, MemberRole } from './types.ts';

function fromMember(role: MemberRole): EventAccessRole {
  return role === 'facilitator' ? 'facilitator' : 'organiser';
}

function stronger(a: EventPermission | null, b: EventPermission | null): EventPermission | null {
  if (a === 'organiser' || b === 'organiser') return 'organiser';
  return a ?? b;
}

/** The user's permission on an event, or null when they have none. */
export async function eventPermission(db: Db, user: AdminUser, eventId: number): Promise<EventPermission | null> {
  const event = await db.selectFrom('events').select('organization_id').where('id', '=', eventId).executeTakeFirst();
  if (!event) return null;
  let permission: EventPermission | null = null;
  const own = user.memberships.find((m) => m.organizationId === event.organization_id);
  if (own) permission = fromMember(own.role);
  if (permission === 'organiser') return permission;
  const grants = await db
    .selectFrom('event_access')
    .select(['organization_id', 'user_id', 'role'])
    .where('event_id', '=', eventId)
    .execute();
  for (const grant of grants) {
    if (grant.user_id === user.id) permission = stronger(permission, grant.role);
    const member = grant.organization_id
      ? user.memberships.find((m) => m.organizationId === grant.organization_id)
      : undefined;
    if (member) permission = stronger(permission, member.role === 'facilitator' ? 'facilitator' : grant.role);
  }
  return permission;
}

/** Ids of every event the user can open, with their permission. */
export async function accessibleEvents(db: Db, user: AdminUser): Promise<Map<number, EventPermission>> {
  const result = new Map<number, EventPermission>();
  const orgIds = user.memberships.map((m) => m.organizationId);
  if (orgIds.length > 0) {
    const owned = await db
      .selectFrom('events')
      .select(['id', 'organization_id'])
      .where('organization_id', 'in', orgIds)
      .execute();
    for (const event of owned) {
      const member = user.memberships.find((m) => m.organizationId === event.organization_id);
      if (member) result.set(event.id, fromMember(member.role));
    }
  }
  let grantQuery = db.selectFrom('event_access').select(['event_id', 'organization_id', 'user_id', 'role']);
  grantQuery =
    orgIds.length > 0
      ? grantQuery.where((eb) => eb.or([eb('user_id', '=', user.id), eb('organization_id', 'in', orgIds)]))
      : grantQuery.where('user_id', '=', user.id);
  for (const grant of await grantQuery.execute()) {
    const member = grant.organization_id
      ? user.memberships.find((m) => m.organizationId === grant.organization_id)
      : undefined;
    const role: EventPermission = member?.role === 'facilitator' ? 'facilitator' : grant.role;
    result.set(grant.event_id, stronger(result.get(grant.event_id) ?? null, role) ?? role);
  }
  return result;
}

/** True when the user may create events in the organisation (owners and organisers). */
export function canCreateEvents(user: AdminUser, organizationId: number): boolean {
  return user.memberships.some((m) => m.organizationId === organizationId && m.role !== 'facilitator');
}

/** True when the user manages the organisation's members (owners). */
export function canManageMembers(user: AdminUser, organizationId: number): boolean {
  return user.memberships.some((m) => m.organizationId === organizationId && m.role === 'owner');
}
