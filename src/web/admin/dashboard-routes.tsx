// The organiser's start page: their events.
import type { FastifyInstance } from 'fastify';
import { accessibleEvents } from '../../core/accounts/event-access.ts';
import { sendHtml } from '../app.ts';
import { AdminLayout } from '../views/admin/layout.tsx';
import { adminContext } from './auth.ts';
import type { AdminServices } from './routes.ts';

export function registerDashboardRoutes(app: FastifyInstance, services: AdminServices) {
  app.get('/admin', async (req, reply) => {
    const user = req.user;
    if (!user) return;
    const access = await accessibleEvents(services.store.db, user);
    const ids = [...access.keys()];
    const events =
      ids.length > 0
        ? await services.store.db
            .selectFrom('events')
            .select(['id', 'slug', 'title', 'starts_at'])
            .where('id', 'in', ids)
            .orderBy('starts_at', 'desc')
            .execute()
        : [];
    const ctx = adminContext(req, reply);
    return sendHtml(
      reply,
      <AdminLayout ctx={ctx} title={req.t.admin.common.dashboard}>
        <h1 safe>{req.t.admin.common.dashboard}</h1>
        <ul>
          {events.map((e) => (
            <li>
              <a href={`/admin/events/${e.slug}`} safe>
                {e.title}
              </a>
            </li>
          ))}
        </ul>
      </AdminLayout>,
    );
  });
}
