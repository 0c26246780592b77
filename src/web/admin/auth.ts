// Who is logged in: the session cookie, looked up in the database on every /admin request, and
// the guards that every admin route uses to check access to an event.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findAdminSession, SESSION_MAX_MS } from '../../core/accounts/admin-sessions.ts';
import { eventPermission } from '../../core/accounts/event-access.ts';
import { setUserLanguage } from '../../core/accounts/set-user-language.ts';
import type { AdminUser, EventPermission } from '../../core/accounts/types.ts';
import type { AppServices } from '../app.ts';
import { sendHtml } from '../app.ts';
import { isLang } from '../i18n/index.ts';
import type { Revalidate } from '../live/sse.ts';
import { AdminMessagePage, type AdminViewContext } from '../views/admin/layout.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in organiser on /admin pages, or null. */
    user: AdminUser | null;
  }
}

export const ADMIN_COOKIE = 'samskap_admin';

export function sessionCookieOptions(services: AppServices) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: services.config.production,
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  };
}

/** Reads the session cookie on every /admin request (and nowhere else: public pages stay fast). */
export function installAdminSession(app: FastifyInstance, services: AppServices) {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/admin')) return;
    const token = req.cookies[ADMIN_COOKIE];
    req.user = token ? await findAdminSession(services.store.db, token, services.now()) : null;
    if (req.user) await followUserLanguage(req, req.user, services);
  });
}

/**
 * A logged-in organiser who picks a language in the switcher (?lang=) has it stored on the account,
 * so that mail about the account (password reset, invitations they send) follows it. Pages follow
 * ?lang=, the cookie and Accept-Language as everywhere else.
 */
async function followUserLanguage(req: FastifyRequest, user: AdminUser, services: AppServices) {
  const query = req.query as Record<string, unknown> | undefined;
  if (!isLang(query?.lang) || query.lang === user.lang) return;
  await setUserLanguage(services.store, { user, lang: query.lang }, services.now());
  user.lang = query.lang;
}

/**
 * Fired when someone may have lost access to the back office or an event (logout, password
 * reset, a membership or an event grant taken back): open admin streams check their viewer.
 */
export const ADMIN_ACCESS_TOPIC = 'admin-access';

/**
 * Keeps an admin live stream (moderation, control view, projector) to the viewer it was opened
 * for: it ends when their login session ends (logout, expiry) or they lose access to the event,
 * checked on ADMIN_ACCESS_TOPIC, before each update and at each heartbeat. The check only looks:
 * an open stream does not keep an idle session alive.
 */
export function adminStreamGuard(services: AppServices, req: FastifyRequest, eventId: number): Revalidate {
  const token = req.cookies[ADMIN_COOKIE];
  const db = services.store.db;
  return {
    topics: [ADMIN_ACCESS_TOPIC],
    eachUpdate: true,
    stillAllowed: async () => {
      if (!token) return false;
      const user = await findAdminSession(db, token, services.now(), { touch: false });
      return user !== null && (await eventPermission(db, user, eventId)) !== null;
    },
  };
}

export function adminContext(req: FastifyRequest, reply: FastifyReply): AdminViewContext {
  return {
    t: req.t,
    lang: req.lang,
    path: req.url.split('?')[0] ?? req.url,
    url: req.url,
    user: req.user,
    csrfToken: reply.generateCsrf(),
  };
}

/** Sends a not-logged-in visitor to the login page, remembering where they wanted to go. */
export async function requireUser(req: FastifyRequest, reply: FastifyReply) {
  if (req.user) return;
  if (req.method === 'GET') {
    return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
  }
  return reply.redirect('/admin/login?expired=1', 303);
}

/** Only paths inside the back office are followed after login (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

export interface EventRef {
  id: number;
  slug: string;
  title: string;
  organizationId: number;
  version: number;
  published: boolean;
}

export async function sendForbidden(req: FastifyRequest, reply: FastifyReply) {
  const a = req.t.admin.common;
  return sendHtml(
    reply,
    AdminMessagePage({
      ctx: adminContext(req, reply),
      title: a.forbiddenTitle,
      paragraphs: [a.forbidden],
      links: [{ href: '/admin', label: a.dashboard }],
    }),
    403,
  );
}

export async function sendAdminNotFound(req: FastifyRequest, reply: FastifyReply) {
  const t = req.t;
  return sendHtml(
    reply,
    AdminMessagePage({
      ctx: adminContext(req, reply),
      title: t.errors.notFoundTitle,
      paragraphs: [t.errors.notFound],
      links: [{ href: '/admin', label: t.admin.common.dashboard }],
    }),
    404,
  );
}

/**
 * The event named by `:slug` when the logged-in user has at least `need` on it; otherwise sends
 * 404 (no such event) or 403 (no access) and returns null. Every admin route that touches an
 * event goes through this.
 */
export async function loadEventForAdmin(
  services: AppServices,
  req: FastifyRequest,
  reply: FastifyReply,
  need: EventPermission,
): Promise<{ event: EventRef; permission: EventPermission } | null> {
  const slug = (req.params as { slug?: unknown }).slug;
  const user = req.user;
  if (!user) {
    await requireUser(req, reply);
    return null;
  }
  const row =
    typeof slug === 'string' && slug.length <= 100
      ? await services.store.db
          .selectFrom('events')
          .select(['id', 'slug', 'title', 'organization_id', 'version', 'published'])
          .where('slug', '=', slug)
          .executeTakeFirst()
      : undefined;
  if (!row) {
    await sendAdminNotFound(req, reply);
    return null;
  }
  const permission = await eventPermission(services.store.db, user, row.id);
  // Someone without any access learns nothing about the event, not even that it exists.
  if (!permission) {
    await sendAdminNotFound(req, reply);
    return null;
  }
  if (need === 'organiser' && permission !== 'organiser') {
    await sendForbidden(req, reply);
    return null;
  }
  return {
    event: {
      id: row.id,
      slug: row.slug,
      title: row.title,
      organizationId: row.organization_id,
      version: row.version,
      published: row.published === 1,
    },
    permission,
  };
}
