// Printables of an event as PDF: name badges (8 per A4 sheet) and participant lists per session
// with a signature column. Facilitators may print them as well as organisers (they run the door);
// needs are never printed. Every file made leaves an audit row, like the other exports.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/accounts/types.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { EventDetails } from '../../core/events/types.ts';
import {
  findPrintableRegistrations,
  type PrintSelection,
  printFilter,
} from '../../core/registrations/admin/printable-registrations.ts';
import { recordExport } from '../../core/registrations/admin/record-export.ts';
import { filterParams } from '../../core/registrations/admin/registration-query.ts';
import { ticketQrPayload } from '../../core/registrations/ticket-code.ts';
import { badgesPdf } from '../pdf/badges.ts';
import { pdfFilename } from '../pdf/fonts.ts';
import { participantListPdf } from '../pdf/participant-list.ts';
import { loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

function one(value: unknown): string | undefined {
  if (Array.isArray(value)) return one(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function flag(value: unknown, fallback: boolean): boolean {
  const v = one(value)?.toLowerCase();
  if (v === undefined || v === '') return fallback;
  return ['1', 'on', 'true', 'yes', 'ja'].includes(v);
}

export function registerPrintRoutes(app: FastifyInstance, services: AdminServices) {
  /**
   * The event (for facilitators too) and the session asked for: `?session=CODE`, `none` for
   * "only the shared programme", nothing for everyone. An unknown code is a 404 page, like an
   * unknown event (a printed list of nobody would look like an empty session).
   */
  async function load(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ event: EventDetails; session: string | null; actor: string } | null> {
    const loaded = await loadEventForAdmin(services, req, reply, 'facilitator');
    if (!loaded || !req.user) return null;
    const event = await getEvent(services.store.db, loaded.event.slug, { includeUnpublished: true });
    if (!event) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    const code = one((req.query as Record<string, unknown>).session)?.trim() ?? '';
    if (code !== '' && code !== 'none' && !event.sessions.some((s) => s.code === code)) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    return { event, session: code === '' ? null : code, actor: actorOf(req.user) };
  }

  async function audit(
    eventId: number,
    actor: string,
    format: 'badges.pdf' | 'participants.pdf',
    selection: PrintSelection,
    rows: number,
  ) {
    await recordExport(
      { db: services.store.db, adapter: services.store.adapter },
      {
        eventId,
        actor,
        format,
        filters: Object.fromEntries(filterParams(printFilter(selection))),
        includeNeeds: false,
        rows,
      },
      services.now(),
    );
  }

  function sendPdf(reply: FastifyReply, filename: string, pdf: Buffer) {
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="${filename}"`)
      .send(pdf);
  }

  app.get('/admin/events/:slug/badges.pdf', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const { event, session, actor } = loaded;
    const query = req.query as Record<string, unknown>;
    const selection: PrintSelection = { session, includeWaitlisted: flag(query.waitlisted, false) };
    const rows = await findPrintableRegistrations(services.store.db, event.id, selection, req.lang);
    const pdf = await badgesPdf({
      t: req.t,
      event,
      rows,
      lang: req.lang,
      now: services.now(),
      qrPayload: flag(query.qr, true) ? (row) => ticketQrPayload(services.ticketKey, event.id, row.id) : null,
    });
    await audit(event.id, actor, 'badges.pdf', selection, rows.length);
    return sendPdf(reply, pdfFilename(event.slug, 'navnelapper', session ?? ''), pdf);
  });

  app.get('/admin/events/:slug/participants.pdf', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const { event, session, actor } = loaded;
    const p = req.t.admin.print;
    const selection: PrintSelection = { session, includeWaitlisted: false };
    const rows = await findPrintableRegistrations(services.store.db, event.id, selection, req.lang);
    const found = event.sessions.find((s) => s.code === session);
    const sessionLabel = found ? p.listSession(found.code, found.title) : session === 'none' ? p.noSession : p.listAll;
    const pdf = await participantListPdf({
      t: req.t,
      event,
      rows,
      lang: req.lang,
      now: services.now(),
      sessionLabel,
      showSession: session === null && event.sessions.length > 0,
    });
    await audit(event.id, actor, 'participants.pdf', selection, rows.length);
    return sendPdf(
      reply,
      pdfFilename(event.slug, 'deltakerliste', session === 'none' ? 'fellesdelen' : (session ?? '')),
      pdf,
    );
  });
}
