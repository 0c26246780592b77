// Members of the user's organisations (invite, change role, remove, revoke an invitation) and
// who has access to one event (grant to another organisation, invite a person, revoke).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changeMemberRole } from '../../core/accounts/change-member-role.ts';
import { grantEventAccess } from '../../core/accounts/grant-event-access.ts';
import { invitePerson } from '../../core/accounts/invite-person.ts';
import { listEventAccess } from '../../core/accounts/list-event-access.ts';
import { listMembers } from '../../core/accounts/list-members.ts';
import { removeMember } from '../../core/accounts/remove-member.ts';
import { revokeEventAccess } from '../../core/accounts/revoke-event-access.ts';
import { revokeInvitation } from '../../core/accounts/revoke-invitation.ts';
import type { EventPermission } from '../../core/accounts/types.ts';
import type { Failure } from '../../core/shared/result.ts';
import { sendHtml } from '../app.ts';
import { email, fieldKeys, fieldMessage, requiredText } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import { type AccessFormState, AccessPage, type InviteFormState, MembersPage } from '../views/admin/members.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import {
  ADMIN_ACCESS_TOPIC,
  adminContext,
  type EventRef,
  loadEventForAdmin,
  sendAdminNotFound,
  sendForbidden,
} from './auth.ts';
import type { AdminServices } from './routes.ts';

const idParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});
const grantParam = z.object({
  grantId: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
});
const memberRole = z.enum(['owner', 'organiser', 'facilitator'], { error: 'role_choice_required' });
const accessRole = z.enum(['organiser', 'facilitator'], { error: 'role_choice_required' });

const inviteSchema = z.object({ email: email('email_required'), role: memberRole });
const grantSchema = z.object({
  organization: requiredText(100, 'organization_required'),
  role: accessRole,
});
const eventInviteSchema = z.object({ email: email('email_required'), personRole: accessRole });

function errorsFrom(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, fieldMessage(t, key, path)]));
}

function typed(body: Record<string, unknown>, name: string, max = 254): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export function registerMemberRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter, accountNotifier: services.accountNotifier };

  const noticeFor = (t: Messages, done: unknown): string | undefined => {
    const m = t.admin.members;
    const notices: Record<string, string> = {
      invited: m.invited,
      role: m.roleChanged,
      removed: m.removed,
      revoked: m.revoked,
    };
    return typeof done === 'string' ? notices[done] : undefined;
  };

  async function showMembers(
    req: FastifyRequest,
    reply: FastifyReply,
    options: { status?: number; problem?: string; invite?: InviteFormState } = {},
  ) {
    const user = req.user;
    if (!user) return;
    const organizations = await listMembers(services.store.db, user, services.now());
    return sendHtml(
      reply,
      <MembersPage
        ctx={adminContext(req, reply)}
        organizations={organizations}
        notice={noticeFor(req.t, (req.query as Record<string, unknown>).done)}
        problem={options.problem}
        {...(options.invite ? { invite: options.invite } : {})}
      />,
      options.status ?? 200,
    );
  }

  /** The page for an expected failure of a member change. */
  async function memberFailure(req: FastifyRequest, reply: FastifyReply, failure: Failure, conflictText: string) {
    if (failure.code === 'not_found') return sendAdminNotFound(req, reply);
    if (failure.code === 'forbidden') return sendForbidden(req, reply);
    if (failure.code === 'conflict') return showMembers(req, reply, { status: 409, problem: conflictText });
    return showMembers(req, reply, { status: 422, problem: req.t.fields.invalid_value });
  }

  app.get('/admin/members', async (req, reply) => showMembers(req, reply));

  app.post('/admin/members/invite', { preHandler: app.csrfProtection }, async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const orgText = typed(body, 'organization', 20);
    const organizationId = /^\d{1,12}$/.test(orgText) ? Number(orgText) : null;
    const membership = user.memberships.find((m) => m.organizationId === organizationId);
    const state = { organization: orgText, email: typed(body, 'email'), role: typed(body, 'role', 20) };
    if (!membership) {
      // A form without a valid organisation of one's own: nothing to reveal about others.
      if (organizationId !== null) return sendAdminNotFound(req, reply);
      return showMembers(req, reply, {
        status: 422,
        invite: { ...state, errors: errorsFrom(req.t, { organization: 'invalid_value' }) },
      });
    }
    if (membership.role !== 'owner') return sendForbidden(req, reply);
    const parsed = inviteSchema.safeParse(body);
    if (!parsed.success)
      return showMembers(req, reply, {
        status: 422,
        invite: { ...state, errors: errorsFrom(req.t, fieldKeys(parsed.error)) },
      });
    const result = await invitePerson(
      deps,
      {
        by: user,
        email: parsed.data.email,
        role: parsed.data.role,
        scope: { kind: 'organization', organizationId: membership.organizationId },
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid' && result.fields)
        return showMembers(req, reply, { status: 422, invite: { ...state, errors: errorsFrom(req.t, result.fields) } });
      return memberFailure(req, reply, result, req.t.fields.invalid_value);
    }
    services.mailQueued();
    return reply.redirect('/admin/members?done=invited', 303);
  });

  app.post('/admin/members/:id/role', { preHandler: app.csrfProtection }, async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const params = idParam.safeParse(req.params);
    if (!params.success) return sendAdminNotFound(req, reply);
    const role = memberRole.safeParse((req.body as Record<string, unknown> | undefined)?.role);
    if (!role.success) return showMembers(req, reply, { status: 422, problem: req.t.fields.role_choice_required });
    const result = await changeMemberRole(
      deps,
      { by: user, membershipId: params.data.id, role: role.data },
      services.now(),
    );
    if (!result.ok) return memberFailure(req, reply, result, req.t.admin.members.lastOwner);
    return reply.redirect('/admin/members?done=role', 303);
  });

  app.post('/admin/members/:id/remove', { preHandler: app.csrfProtection }, async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const params = idParam.safeParse(req.params);
    if (!params.success) return sendAdminNotFound(req, reply);
    const result = await removeMember(deps, { by: user, membershipId: params.data.id }, services.now());
    if (!result.ok) return memberFailure(req, reply, result, req.t.admin.members.lastOwner);
    services.live.publish(ADMIN_ACCESS_TOPIC);
    return reply.redirect('/admin/members?done=removed', 303);
  });

  app.post('/admin/members/invitations/:id/revoke', { preHandler: app.csrfProtection }, async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const params = idParam.safeParse(req.params);
    if (!params.success) return sendAdminNotFound(req, reply);
    const result = await revokeInvitation(
      deps,
      { by: user, invitationId: params.data.id, scope: { kind: 'organization' } },
      services.now(),
    );
    if (!result.ok) return memberFailure(req, reply, result, req.t.admin.members.alreadyUsed);
    return reply.redirect('/admin/members?done=revoked', 303);
  });

  // --- one event's access -------------------------------------------------------------------

  const accessNotice = (t: Messages, done: unknown): string | undefined => {
    const a = t.admin.access;
    const notices: Record<string, string> = {
      granted: a.granted,
      revoked: a.revoked,
      invited: a.invited,
      invitation: a.invitationRevoked,
    };
    return typeof done === 'string' ? notices[done] : undefined;
  };

  async function showAccess(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: { event: EventRef; permission: EventPermission },
    options: { status?: number; problem?: string; form?: AccessFormState } = {},
  ) {
    const access = await listEventAccess(services.store.db, loaded.event.id, services.now());
    if (!access) return sendAdminNotFound(req, reply);
    return sendHtml(
      reply,
      <AccessPage
        ctx={adminContext(req, reply)}
        event={loaded.event}
        permission={loaded.permission}
        access={access}
        notice={accessNotice(req.t, (req.query as Record<string, unknown>).done)}
        problem={options.problem}
        {...(options.form ? { form: options.form } : {})}
      />,
      options.status ?? 200,
    );
  }

  const accessUrl = (slug: string, done: string) => `/admin/events/${encodeURIComponent(slug)}/access?done=${done}`;

  function accessFormState(body: Record<string, unknown>, errors: FieldErrors): AccessFormState {
    return {
      organization: typed(body, 'organization', 100),
      role: typed(body, 'role', 20),
      email: typed(body, 'email'),
      personRole: typed(body, 'personRole', 20),
      errors,
    };
  }

  app.get('/admin/events/:slug/access', async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded) return;
    return showAccess(req, reply, loaded);
  });

  app.post('/admin/events/:slug/access/grant', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = grantSchema.safeParse(body);
    if (!parsed.success)
      return showAccess(req, reply, loaded, {
        status: 422,
        form: accessFormState(body, errorsFrom(req.t, fieldKeys(parsed.error))),
      });
    const result = await grantEventAccess(
      deps,
      { by: req.user, eventId: loaded.event.id, organizationSlug: parsed.data.organization, role: parsed.data.role },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid' && result.fields)
        return showAccess(req, reply, loaded, {
          status: 422,
          form: accessFormState(body, errorsFrom(req.t, result.fields)),
        });
      if (result.code === 'forbidden') return sendForbidden(req, reply);
      return sendAdminNotFound(req, reply);
    }
    return reply.redirect(accessUrl(loaded.event.slug, 'granted'), 303);
  });

  app.post('/admin/events/:slug/access/invite', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = eventInviteSchema.safeParse(body);
    if (!parsed.success)
      return showAccess(req, reply, loaded, {
        status: 422,
        form: accessFormState(body, errorsFrom(req.t, fieldKeys(parsed.error))),
      });
    const result = await invitePerson(
      deps,
      {
        by: req.user,
        email: parsed.data.email,
        role: parsed.data.personRole,
        scope: { kind: 'event', eventId: loaded.event.id },
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid' && result.fields) {
        const { role, ...rest } = result.fields;
        const fields = role ? { ...rest, personRole: role } : rest;
        return showAccess(req, reply, loaded, { status: 422, form: accessFormState(body, errorsFrom(req.t, fields)) });
      }
      if (result.code === 'forbidden') return sendForbidden(req, reply);
      return sendAdminNotFound(req, reply);
    }
    services.mailQueued();
    return reply.redirect(accessUrl(loaded.event.slug, 'invited'), 303);
  });

  app.post('/admin/events/:slug/access/:grantId/revoke', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const params = grantParam.safeParse(req.params);
    if (!params.success) return sendAdminNotFound(req, reply);
    const result = await revokeEventAccess(
      deps,
      { by: req.user, eventId: loaded.event.id, grantId: params.data.grantId },
      services.now(),
    );
    if (!result.ok) return result.code === 'forbidden' ? sendForbidden(req, reply) : sendAdminNotFound(req, reply);
    services.live.publish(ADMIN_ACCESS_TOPIC);
    return reply.redirect(accessUrl(loaded.event.slug, 'revoked'), 303);
  });

  app.post(
    '/admin/events/:slug/access/invitations/:id/revoke',
    { preHandler: app.csrfProtection },
    async (req, reply) => {
      const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
      if (!loaded || !req.user) return;
      const params = idParam.safeParse(req.params);
      if (!params.success) return sendAdminNotFound(req, reply);
      const result = await revokeInvitation(
        deps,
        { by: req.user, invitationId: params.data.id, scope: { kind: 'event', eventId: loaded.event.id } },
        services.now(),
      );
      if (!result.ok) {
        if (result.code === 'conflict')
          return showAccess(req, reply, loaded, { status: 409, problem: req.t.admin.members.alreadyUsed });
        return result.code === 'forbidden' ? sendForbidden(req, reply) : sendAdminNotFound(req, reply);
      }
      return reply.redirect(accessUrl(loaded.event.slug, 'invitation'), 303);
    },
  );
}
