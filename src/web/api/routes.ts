// JSON API under /api/v1, as described by ./openapi.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getEvent } from '../../core/events/get-event.ts';
import { listEvents } from '../../core/events/list-events.ts';
import { type EventDetails, registrationWindow } from '../../core/events/types.ts';
import { type ParticipantOutcome, registerParticipants } from '../../core/registrations/register-participants.ts';
import type { Deps } from '../../core/shared/deps.ts';
import { isoWithOffset } from '../../core/shared/time.ts';
import { type AppServices, apiError } from '../app.ts';
import { failureStatus } from '../errors.ts';
import { fieldMessage } from '../forms/fields.ts';
import { parseRegistration } from '../forms/registration.ts';
import type { Messages } from '../i18n/index.ts';
import { limitSignUpsPerAddress } from '../rate-limits.ts';
import { roleLabel } from '../views/format.ts';
import { openApiDocument } from './openapi.ts';

const slugParams = z.object({ slug: z.string().max(100) });

export function registerApiRoutes(api: FastifyInstance, services: AppServices) {
  const deps: Deps = { db: services.store.db, adapter: services.store.adapter, notifier: services.notifier };
  const eventUrl = (slug: string) => `${services.config.baseUrl}/e/${slug}`;

  // Only JSON is accepted here; a form post, plain text or anything else gets 415 from Fastify.
  api.removeContentTypeParser(['application/x-www-form-urlencoded', 'text/plain']);

  api.get('/openapi.json', async () => openApiDocument);

  api.get('/events', async () => {
    const now = services.now();
    const { upcoming, past } = await listEvents(deps.db, now);
    const all = [...upcoming, ...[...past].reverse()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    return {
      events: all.map((e) => ({
        slug: e.slug,
        title: e.title,
        summary: e.summary,
        startsAt: isoWithOffset(e.startsAt, e.timeZone),
        endsAt: isoWithOffset(e.endsAt, e.timeZone),
        venue: e.venueName,
        registrationOpensAt: e.registrationOpensAt ? isoWithOffset(e.registrationOpensAt, e.timeZone) : null,
        registrationClosesAt: isoWithOffset(e.registrationClosesAt, e.timeZone),
        registrationOpen: registrationWindow(e, now) === 'open',
        url: eventUrl(e.slug),
      })),
    };
  });

  function eventJson(e: EventDetails, t: Messages) {
    const at = (d: Date) => isoWithOffset(d, e.timeZone);
    return {
      slug: e.slug,
      title: e.title,
      summary: e.summary,
      descriptionMarkdown: e.descriptionMd,
      questions: e.questions,
      startsAt: at(e.startsAt),
      endsAt: at(e.endsAt),
      venue: { name: e.venueName, room: e.venueRoom, address: e.venueAddress },
      audience: e.audience,
      isFree: e.isFree,
      isOpen: e.isOpen,
      contactEmail: e.contactEmail,
      registrationOpensAt: e.registrationOpensAt ? at(e.registrationOpensAt) : null,
      registrationClosesAt: at(e.registrationClosesAt),
      registrationOpen: registrationWindow(e, services.now()) === 'open',
      capacity: e.capacity,
      seatsLeft: e.seatsLeft,
      allowNoSession: e.allowNoSession,
      organisers: e.organisers.map((o) => o.name),
      partners: e.partners.map((o) => o.name),
      roles: e.roles.map((r) => ({ code: r.code, label: roleLabel(t, e, r.code), asksText: r.asksText })),
      sessions: e.sessions.map((s) => ({
        code: s.code,
        title: s.title,
        description: s.description,
        facilitator: s.facilitator,
        startsAt: at(s.startsAt),
        endsAt: at(s.endsAt),
        capacity: s.capacity,
        seatsLeft: s.seatsLeft,
        waitlistLength: s.waitlistLength,
      })),
      programme: e.parts.map((p) => ({
        label: p.label,
        title: p.title,
        facilitators: p.facilitators,
        sessions: p.sessions.map((s) => s.code),
        items: p.items.map((i) => ({
          startsAt: at(i.startsAt),
          endsAt: at(i.endsAt),
          title: i.title,
          kind: i.kind,
          note: i.note,
          speakers: i.speakers,
        })),
      })),
      url: eventUrl(e.slug),
      registerUrl: `${eventUrl(e.slug)}/register`,
      calendarUrl: `${eventUrl(e.slug)}/calendar.ics`,
    };
  }

  api.get('/events/:slug', async (req, reply) => {
    const params = slugParams.safeParse(req.params);
    const event = params.success ? await getEvent(deps.db, params.data.slug) : null;
    if (!event) return apiError(reply, req.t, 404, 'not_found');
    return eventJson(event, req.t);
  });

  function outcomeJson(o: ParticipantOutcome) {
    return {
      status: o.status,
      name: o.name,
      ...(o.status === 'already_registered' ? {} : { session: o.session ?? 'none' }),
      ...(o.status === 'waitlisted' && o.waitlistPosition !== null ? { waitlistPosition: o.waitlistPosition } : {}),
    };
  }

  api.post(
    '/events/:slug/registrations',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const params = slugParams.safeParse(req.params);
      if (!params.success) return apiError(reply, req.t, 404, 'not_found');
      if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
        return apiError(reply, req.t, 422, 'invalid', { _: req.t.api.invalid });
      }
      const parsed = parseRegistration(req.body, params.data.slug, req.lang);
      if (!parsed.ok) {
        // An unknown event is a 404 even when the body is also wrong; a known one adds its checks.
        const event = await getEvent(deps.db, params.data.slug);
        if (!event) return apiError(reply, req.t, 404, 'not_found');
        const all = parseRegistration(req.body, params.data.slug, req.lang, event);
        if (!all.ok) parsed.fields = all.fields;
        const fields = Object.fromEntries(
          Object.entries(parsed.fields).map(([path, key]) => [path, fieldMessage(req.t, key, path)]),
        );
        return apiError(reply, req.t, 422, 'invalid', fields);
      }
      await limitSignUpsPerAddress(services.limiter, params.data.slug, parsed.input.booker.email);
      const result = await registerParticipants(deps, parsed.input, services.now());
      if (!result.ok) {
        const fields = result.fields
          ? Object.fromEntries(
              Object.entries(result.fields).map(([path, key]) => [path, fieldMessage(req.t, key, path)]),
            )
          : undefined;
        const code =
          result.code === 'registration_closed' ||
          result.code === 'registration_not_open' ||
          result.code === 'not_found'
            ? result.code
            : 'invalid';
        return apiError(reply, req.t, failureStatus[code], code, fields);
      }
      services.mailQueued();
      const others = result.others.map(outcomeJson);
      if (result.booker.status === 'already_registered') {
        return reply.status(200).send({ status: 'already_registered', ...(others.length > 0 ? { others } : {}) });
      }
      return reply.status(201).send({
        status: result.booker.status,
        session: result.booker.session ?? 'none',
        ...(result.booker.status === 'waitlisted' && result.booker.waitlistPosition !== null
          ? { waitlistPosition: result.booker.waitlistPosition }
          : {}),
        manageUrl: `${services.config.baseUrl}/m/${result.booker.token}`,
        ...(others.length > 0 ? { others } : {}),
      });
    },
  );
}
