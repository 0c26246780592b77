// Privacy in the back office: an organisation's privacy notice and retention period (owners),
// erasing a person across the organisation's events on request (owners), and the event's public
// participant list (the event's organisers).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../core/accounts/types.ts';
import { erasePerson, findPersonInOrganization } from '../../core/privacy/erase-person.ts';
import { getOrganizationPrivacy, savePrivacyNotice } from '../../core/privacy/privacy-notices.ts';
import { setPublicList } from '../../core/privacy/public-participants.ts';
import { sendHtml } from '../app.ts';
import { email, fieldKeys, fieldMessage } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import { AdminMessagePage } from '../views/admin/layout.tsx';
import {
  ErasePage,
  organizationPath,
  PRIVACY_FIELDS,
  PRIVACY_TEXT_MAX,
  PrivacySettingsPage,
} from '../views/admin/privacy.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound, sendForbidden } from './auth.ts';
import type { AdminServices } from './routes.ts';

const privacyText = z
  .string({ error: 'required' })
  .max(PRIVACY_TEXT_MAX * 4, { error: 'too_long' })
  .transform((v) => v.trim().replace(/\r\n/g, '\n'))
  .pipe(z.string().min(1, { error: 'required' }).max(PRIVACY_TEXT_MAX, { error: 'too_long' }));

const privacySchema = z.object({
  controller: privacyText,
  contact: privacyText,
  purpose: privacyText,
  lawfulBasis: privacyText,
  retention: privacyText,
  processors: privacyText,
  retentionDays: z
    .string({ error: 'retention_days' })
    .regex(/^\s*\d{1,4}\s*$/, { error: 'retention_days' })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'retention_days' }).max(3650, { error: 'retention_days' })),
});

const eraseSchema = z.object({ email: email('email_required') });
const publicListSchema = z.object({ enabled: z.enum(['on', 'off']) });

function typed(body: Record<string, unknown>, names: readonly string[], max = 20_000): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string).slice(0, max) : '']),
  );
}

function privacyErrors(t: Messages, problems: Record<string, string>): FieldErrors {
  const a = t.admin.privacy;
  return Object.fromEntries(
    Object.entries(problems).map(([field, key]) => [
      field,
      field === 'retentionDays'
        ? a.retentionDaysInvalid
        : key === 'too_long'
          ? a.tooLong(PRIVACY_TEXT_MAX)
          : a.required,
    ]),
  );
}

export function registerPrivacyAdminRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = () => ({ db: services.store.db, adapter: services.store.adapter, notifier: services.notifier });

  /** The organisation named by :slug when the user is its owner; otherwise 404 (not a member) or 403 sent. */
  async function loadOwnOrganization(req: FastifyRequest, reply: FastifyReply) {
    const slug = (req.params as { slug?: unknown }).slug;
    const membership = typeof slug === 'string' ? req.user?.memberships.find((m) => m.slug === slug) : undefined;
    if (!membership) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    if (membership.role !== 'owner') {
      await sendForbidden(req, reply);
      return null;
    }
    const privacy = await getOrganizationPrivacy(services.store.db, membership.slug);
    if (!privacy) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    return privacy;
  }

  // ---- the privacy notice -------------------------------------------------------------------

  app.get('/admin/organizations/:slug/privacy', async (req, reply) => {
    const privacy = await loadOwnOrganization(req, reply);
    if (!privacy) return;
    const a = req.t.admin.privacy;
    const query = req.query as Record<string, unknown>;
    const version = Number(query.version);
    const notice =
      query.done === 'saved' && Number.isInteger(version) && version > 0
        ? a.saved(version)
        : query.done === 'unchanged'
          ? a.unchanged
          : query.done === 'retention'
            ? a.retentionSaved
            : undefined;
    const n = privacy.notice;
    const values = {
      controller: n?.controller ?? '',
      contact: n?.contact ?? '',
      purpose: n?.purpose ?? '',
      lawfulBasis: n?.lawfulBasis ?? '',
      retention: n?.retention ?? '',
      processors: n?.processors ?? '',
      retentionDays: String(privacy.organization.retentionDays),
    };
    return sendHtml(
      reply,
      <PrivacySettingsPage
        ctx={adminContext(req, reply)}
        privacy={privacy}
        values={values}
        errors={{}}
        notice={notice}
      />,
    );
  });

  app.post('/admin/organizations/:slug/privacy', { preHandler: app.csrfProtection }, async (req, reply) => {
    const privacy = await loadOwnOrganization(req, reply);
    if (!privacy || !req.user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = privacySchema.safeParse(body);
    if (!parsed.success) {
      return sendHtml(
        reply,
        <PrivacySettingsPage
          ctx={adminContext(req, reply)}
          privacy={privacy}
          values={typed(body, [...PRIVACY_FIELDS, 'retentionDays'])}
          errors={privacyErrors(req.t, fieldKeys(parsed.error))}
        />,
        422,
      );
    }
    const { retentionDays, ...fields } = parsed.data;
    const result = await savePrivacyNotice(
      deps(),
      {
        organizationId: privacy.organization.id,
        fields,
        retentionDays,
        actor: actorOf(req.user),
        userId: req.user.id,
      },
      services.now(),
    );
    const base = `${organizationPath(privacy.organization.slug)}/privacy`;
    const done =
      result.version !== privacy.notice?.version
        ? `saved&version=${result.version}`
        : result.changed
          ? 'retention'
          : 'unchanged';
    return reply.redirect(`${base}?done=${done}`, 303);
  });

  // ---- erasing a person on request ------------------------------------------------------------

  app.get('/admin/organizations/:slug/erase', async (req, reply) => {
    const privacy = await loadOwnOrganization(req, reply);
    if (!privacy) return;
    const query = req.query as Record<string, unknown>;
    const count = (v: unknown) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 0);
    const notice =
      query.done === 'erased' ? req.t.admin.privacy.erased(count(query.registrations), count(query.events)) : undefined;
    return sendHtml(
      reply,
      <ErasePage
        ctx={adminContext(req, reply)}
        organization={privacy.organization}
        email=""
        errors={{}}
        notice={notice}
      />,
    );
  });

  app.post('/admin/organizations/:slug/erase', { preHandler: app.csrfProtection }, async (req, reply) => {
    const privacy = await loadOwnOrganization(req, reply);
    if (!privacy || !req.user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = eraseSchema.safeParse(body);
    const render = (
      props: { email: string; errors: FieldErrors; found?: Awaited<ReturnType<typeof findPersonInOrganization>> },
      status = 200,
    ) =>
      sendHtml(
        reply,
        <ErasePage ctx={adminContext(req, reply)} organization={privacy.organization} {...props} />,
        status,
      );
    if (!parsed.success) {
      const errors = Object.fromEntries(
        Object.entries(fieldKeys(parsed.error)).map(([path, key]) => [path, fieldMessage(req.t, key, path)]),
      );
      return render({ email: typed(body, ['email'], 1000).email ?? '', errors }, 422);
    }
    const input = { organizationId: privacy.organization.id, email: parsed.data.email };
    if (body.action !== 'confirm') {
      // The first step shows what would be erased, with a button that confirms it.
      const found = await findPersonInOrganization(deps(), input);
      return render({ email: parsed.data.email, errors: {}, found });
    }
    const result = await erasePerson(deps(), { ...input, actor: actorOf(req.user) }, services.now());
    if (result.cancelled > 0) services.mailQueued();
    return reply.redirect(
      `${organizationPath(privacy.organization.slug)}/erase?done=erased&registrations=${result.counts.registrations}&events=${result.events}`,
      303,
    );
  });

  // ---- the event's public participant list ----------------------------------------------------

  app.post('/admin/events/:slug/public-list', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const parsed = publicListSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return sendHtml(
        reply,
        AdminMessagePage({
          ctx: adminContext(req, reply),
          title: req.t.errors.badRequestTitle,
          paragraphs: [req.t.fields.invalid_value],
          links: [
            { href: `/admin/events/${encodeURIComponent(loaded.event.slug)}`, label: req.t.admin.common.dashboard },
          ],
        }),
        422,
      );
    }
    const enabled = parsed.data.enabled === 'on';
    await setPublicList(deps(), { eventId: loaded.event.id, enabled, actor: actorOf(req.user) }, services.now());
    return reply.redirect(
      `/admin/events/${encodeURIComponent(loaded.event.slug)}?privacy=${enabled ? 'shown' : 'hidden'}#privacy`,
      303,
    );
  });
}
