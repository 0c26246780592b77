// An event's numbers: status per session, role × session matrix, registrations per day.
import type { FastifyInstance } from 'fastify';
import { getEventNumbers } from '../../core/events/get-event-numbers.ts';
import { sendHtml } from '../app.ts';
import { NumbersPage } from '../views/admin/numbers.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

export function registerNumbersRoutes(app: FastifyInstance, services: AdminServices) {
  app.get('/admin/events/:slug/numbers', async (req, reply) => {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded) return;
    const numbers = await getEventNumbers(services.store.db, loaded.event.id, services.now());
    if (!numbers) return sendAdminNotFound(req, reply);
    return sendHtml(
      reply,
      <NumbersPage
        ctx={adminContext(req, reply)}
        event={loaded.event}
        permission={loaded.permission}
        numbers={numbers}
      />,
    );
  });
}
