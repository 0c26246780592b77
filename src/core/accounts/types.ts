import type { EventAccessRole, MemberRole } from '../../db/schema.ts';

export type { EventAccessRole, MemberRole };

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'organiser', 'facilitator'];
export const EVENT_ACCESS_ROLES: readonly EventAccessRole[] = ['organiser', 'facilitator'];

/** The person behind an admin request, as the web layer hands it to use cases. */
export interface AdminUser {
  id: number;
  email: string;
  name: string;
  lang: string;
  memberships: { organizationId: number; slug: string; name: string; role: MemberRole }[];
}

/** What a user may do with one event: organisers everything, facilitators lists and check-in. */
export type EventPermission = EventAccessRole;

/** The audit log's name for a user. */
export function actorOf(user: Pick<AdminUser, 'id' | 'email'>): string {
  return `user:${user.id}:${user.email}`;
}
