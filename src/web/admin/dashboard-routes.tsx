// The organiser's start page (their events, upcoming first) and each event's overview.
import type { FastifyInstance } from 'fastify';
import { accessibleEvents } from '../../core/accounts/event-access.ts';
import { getEvent } from '../../core/events/get-event.ts';
import { listAdminEvents } from '../../core/events/list-admin-events.ts';
import { getEventRetention } from '../../core/privacy/purge-expired-events.ts';
import { sendHtml } from '../app.ts';
import { DashboardPage } from '../views/admin/dashboard.tsx';
import { OverviewPage } from '../views/admin/numbers.tsx';
import { EventPrivacySection } from '../views/admin/privacy.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

export function registerDashboardRoutes(app: FastifyInstance, services: AdminServices) {
  app.get('/admin', async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const now = services.now();
    const access = await accessibleEvents(services.store.db, user);
    const { upcoming, past } = await listAdminEvents(services.store.db, access, now);
    const query = req.query as Record<string, unknown>;
    return sendHtml(
      reply,
      <DashboardPage
        ctx={adminContext(req, reply)}
        upcoming={upcoming}
        past={past}
        canCreate={user.memberships.some((m) => m.role !== 'facilitator')}
        notice={query.welcome === '1' ? req.t.admin.dashboard.welcome : undefined}
      />,
    );
  });

  app.get('/admin/events/:slug', async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'facilitator');
    if (!loaded) return;
    const now = services.now();
    const [event, list] = await Promise.all([
      getEvent(services.store.db, loaded.event.slug, { includeUnpublished: true }),
      listAdminEvents(services.store.db, new Map([[loaded.event.id, loaded.permission]]), now),
    ]);
    const summary = list.upcoming[0] ?? list.past[0];
    if (!event || !summary) return sendAdminNotFound(req, reply);
    const ctx = adminContext(req, reply);
    const retention =
      loaded.permission === 'organiser' ? await getEventRetention(services.store.db, loaded.event.id) : null;
    const done = (req.query as Record<string, unknown>).privacy;
    return sendHtml(
      reply,
      <OverviewPage
        ctx={ctx}
        event={event}
        summary={summary}
        permission={loaded.permission}
        privacy={
          retention ? (
            <EventPrivacySection
              ctx={ctx}
              event={event}
              retention={retention}
              done={typeof done === 'string' ? done : undefined}
            />
          ) : undefined
        }
      />,
    );
  });
}
