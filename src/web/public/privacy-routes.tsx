// Privacy for registrants: each organisation's privacy notice (/personvern/:orgSlug), and on the
// personal page "download my data" (JSON) and "delete my registration".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteMyRegistration } from '../../core/privacy/delete-my-registration.ts';
import { exportMyData } from '../../core/privacy/export-my-data.ts';
import { getOrganizationPrivacy } from '../../core/privacy/privacy-notices.ts';
import { getMyRegistration } from '../../core/registrations/get-my-registration.ts';
import { type AppServices, sendHtml, viewContext } from '../app.ts';
import { PERSONAL_PAGE_LIMIT } from '../rate-limits.ts';
import { MessagePage } from '../views/pages.tsx';
import { DeleteConfirmPage, OrganizationPrivacyPage } from '../views/privacy.tsx';

const orgParams = z.object({ orgSlug: z.string().min(1).max(100) });
const tokenParams = z.object({ token: z.string().max(200) });
const targetQuery = z.object({ p: z.coerce.number().int().positive().optional() });
const personal = PERSONAL_PAGE_LIMIT;

export function registerPrivacyRoutes(app: FastifyInstance, services: AppServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter, notifier: services.notifier };

  async function notFound(req: FastifyRequest, reply: FastifyReply, title?: string, text?: string) {
    const t = req.t;
    return sendHtml(
      reply,
      MessagePage({
        ctx: viewContext(req),
        title: title ?? t.errors.notFoundTitle,
        paragraphs: [text ?? t.errors.notFound],
        links: [{ href: '/', label: t.errors.toFrontPage }],
      }),
      404,
    );
  }

  // Static, so it wins over /personvern/:orgSlug.
  app.get('/personvern/slettet', async (req, reply) => {
    const p = req.t.privacyInfo;
    const query = z
      .object({
        e: z
          .string()
          .regex(/^[a-z0-9-]{1,100}$/)
          .optional(),
      })
      .safeParse(req.query ?? {});
    const slug = query.success ? query.data.e : undefined;
    return sendHtml(
      reply,
      MessagePage({
        ctx: viewContext(req),
        title: p.deletedTitle,
        paragraphs: [p.deletedText],
        links: [slug ? { href: `/e/${slug}`, label: p.deletedBack } : { href: '/', label: req.t.errors.toFrontPage }],
      }),
    );
  });

  app.get('/personvern/:orgSlug', async (req, reply) => {
    const params = orgParams.safeParse(req.params);
    const privacy = params.success ? await getOrganizationPrivacy(services.store.db, params.data.orgSlug) : null;
    if (!privacy) return notFound(req, reply);
    return sendHtml(reply, OrganizationPrivacyPage({ ctx: viewContext(req), privacy }));
  });

  /** The registration behind the personal link (and ?p= for a companion), or a 404 page sent. */
  async function loadMine(req: FastifyRequest, reply: FastifyReply) {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const params = tokenParams.safeParse(req.params);
    const query = targetQuery.safeParse(req.query ?? {});
    const my =
      params.success && query.success ? await getMyRegistration(deps.db, params.data.token, query.data.p) : undefined;
    if (!my || !params.success) {
      await notFound(req, reply, req.t.my.invalidLink, req.t.my.invalidLinkText);
      return null;
    }
    return { my, token: params.data.token };
  }

  app.get('/m/:token/data.json', { config: personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const data = await exportMyData(deps.db, loaded.my.target.id, loaded.my.own.id, services.now());
    if (!data) return notFound(req, reply, req.t.my.invalidLink, req.t.my.invalidLinkText);
    return reply
      .type('application/json; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="samskap-${loaded.my.event.slug}-${loaded.my.target.id}.json"`,
      )
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/m/:token/delete', { config: personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    return sendHtml(
      reply,
      DeleteConfirmPage({ ctx: viewContext(req), my: loaded.my, token: loaded.token, csrfToken: reply.generateCsrf() }),
    );
  });

  app.post('/m/:token/delete', { preHandler: app.csrfProtection, config: personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const self = my.target.id === my.own.id;
    const result = await deleteMyRegistration(
      deps,
      { registrationId: my.target.id, actor: `registrant:${my.own.id}` },
      services.now(),
    );
    if (!result.ok) return notFound(req, reply, req.t.my.invalidLink, req.t.my.invalidLinkText);
    if (result.promoted.length > 0) services.mailQueued();
    // A companion deleted from the booker's link: back to the booker's own page. One's own
    // link no longer works: a page of its own says it is done.
    if (!self) return reply.redirect(`/m/${token}`, 303);
    return reply.redirect(`/personvern/slettet?e=${encodeURIComponent(my.event.slug)}`, 303);
  });
}
