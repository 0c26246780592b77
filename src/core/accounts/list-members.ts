// The members page: the user's organisations with their members and open invitations.
import type { Db } from '../../db/adapter.ts';
import type { AdminUser, MemberRole } from './types.ts';

export interface MemberView {
  membershipId: number;
  userId: number;
  name: string;
  email: string;
  role: MemberRole;
  /** True when the account has not chosen a password yet. */
  pending: boolean;
}

export interface OpenInvitation {
  id: number;
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface OrganizationMembers {
  id: number;
  slug: string;
  name: string;
  /** The viewing user's own role in the organisation. */
  myRole: MemberRole;
  members: MemberView[];
  invitations: OpenInvitation[];
}

/** Open (not accepted, revoked or expired) invitations to an organisation or an event. */
export async function openInvitations(
  db: Db,
  scope: { organizationId: number } | { eventId: number },
  now: Date,
): Promise<(OpenInvitation & { organizationId: number | null; eventId: number | null })[]> {
  let query = db
    .selectFrom('invitations')
    .leftJoin('users', 'users.id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.created_at',
      'invitations.expires_at',
      'invitations.organization_id',
      'invitations.event_id',
      'users.name as inviter',
    ])
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', now.toISOString());
  query =
    'organizationId' in scope
      ? query.where('invitations.organization_id', '=', scope.organizationId)
      : query.where('invitations.event_id', '=', scope.eventId);
  const rows = await query.orderBy('invitations.created_at').orderBy('invitations.id').execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.inviter ?? '',
    createdAt: new Date(r.created_at),
    expiresAt: new Date(r.expires_at),
    organizationId: r.organization_id,
    eventId: r.event_id,
  }));
}

/** Members of one organisation, owners first, then by name. */
export async function organizationMembers(db: Db, organizationId: number): Promise<MemberView[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.id',
      'memberships.role',
      'users.id as userId',
      'users.name',
      'users.email',
      'users.password_hash',
    ])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  const rank: Record<MemberRole, number> = { owner: 0, organiser: 1, facilitator: 2 };
  return rows
    .map((r) => ({
      membershipId: r.id,
      userId: r.userId,
      name: r.name,
      email: r.email,
      role: r.role,
      pending: r.password_hash === null,
    }))
    .sort((a, b) => rank[a.role] - rank[b.role]);
}

/** The user's organisations with members and open invitations, in the order of the user's memberships. */
export async function listMembers(db: Db, user: AdminUser, now: Date): Promise<OrganizationMembers[]> {
  return Promise.all(
    user.memberships.map(async (m) => ({
      id: m.organizationId,
      slug: m.slug,
      name: m.name,
      myRole: m.role,
      members: await organizationMembers(db, m.organizationId),
      invitations: await openInvitations(db, { organizationId: m.organizationId }, now),
    })),
  );
}
