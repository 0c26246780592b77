// Public pages: the event list, event pages, sign-up, "send me my link", the personal page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { eventCalendar } from '../../core/events/calendar.ts';
import { getEvent, getEventDefinition } from '../../core/events/get-event.ts';
import { listEvents } from '../../core/events/list-events.ts';
import { localizeEvent } from '../../core/events/translations.ts';
import { registrationWindow } from '../../core/events/types.ts';
import { listPublicParticipants } from '../../core/privacy/public-participants.ts';
import { acceptOffer } from '../../core/registrations/accept-offer.ts';
import { cancelRegistration } from '../../core/registrations/cancel-registration.ts';
import { changeSession } from '../../core/registrations/change-session.ts';
import { getMyRegistration, type MyRegistration } from '../../core/registrations/get-my-registration.ts';
import { MAX_OTHERS, registerParticipants } from '../../core/registrations/register-participants.ts';
import { requestPersonalLink } from '../../core/registrations/request-personal-link.ts';
import { ticketCode, ticketQrPayload } from '../../core/registrations/ticket-code.ts';
import { updateDetails } from '../../core/registrations/update-details.ts';
import type { Deps } from '../../core/shared/deps.ts';
import type { FieldProblem } from '../../core/shared/result.ts';
import { type AppServices, sendHtml, viewContext } from '../app.ts';
import { checkbox, email, fieldKeys, fieldMessage, LIMITS, requiredText, text } from '../forms/fields.ts';
import { nestFormBody, parseRegistration } from '../forms/registration.ts';
import type { Messages } from '../i18n/index.ts';
import { renderMarkdown } from '../markdown.ts';
import { limitSignUpsPerAddress, PERSONAL_PAGE_LIMIT } from '../rate-limits.ts';
import { EventPage } from '../views/event.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { HomePage } from '../views/home.tsx';
import { CancelConfirmPage, type MyPageState, MyRegistrationPage } from '../views/my.tsx';
import {
  AccessibilityPage,
  ClosedPage,
  LinkRequestPage,
  MessagePage,
  OutboxPage,
  type OutboxRow,
  PrivacyPage,
  ReceivedPage,
} from '../views/pages.tsx';
import { type FormValues, RegisterPage } from '../views/register.tsx';
import { myIdeasSection } from './idea-routes.tsx';
import { myTablesSection, registerMyTableRoutes } from './my-table-routes.tsx';

/** The ticket of the registration looked at on the personal page (companions have their own). */
function ticketOf(services: AppServices, my: MyRegistration): { code: string; payload: string } {
  return {
    code: ticketCode(services.ticketKey, my.event.id, my.target.id),
    payload: ticketQrPayload(services.ticketKey, my.event.id, my.target.id),
  };
}

const slugParams = z.object({ slug: z.string().max(100) });
const tokenParams = z.object({ token: z.string().max(200) });

function messagesFor(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, fieldMessage(t, key, path)]));
}

/** Rate-limit settings per route; ignored when RATE_LIMITS=off (the plugin is not registered). */
/** Personal-link e-mails per address and event per hour (when RATE_LIMITS is on). */
export const LINK_MAILS_PER_HOUR = 5;

const limits = {
  form: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  link: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  personal: PERSONAL_PAGE_LIMIT,
};

export function registerPublicRoutes(app: FastifyInstance, services: AppServices) {
  const deps: Deps = { db: services.store.db, adapter: services.store.adapter, notifier: services.notifier };

  async function loadEvent(req: FastifyRequest, reply: FastifyReply) {
    const params = slugParams.safeParse(req.params);
    const event = params.success ? await getEvent(deps.db, params.data.slug) : null;
    if (!event) {
      await notFound(req, reply);
      return null;
    }
    // Title, summary, description and programme in the reader's language where translated.
    return localizeEvent(event, req.lang);
  }

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

  app.get('/', async (req, reply) => {
    const now = services.now();
    const { upcoming, past } = await listEvents(deps.db, now, req.lang);
    return sendHtml(reply, HomePage({ ctx: viewContext(req), upcoming, past, now }));
  });

  app.get('/personvern', async (req, reply) => sendHtml(reply, PrivacyPage({ ctx: viewContext(req) })));
  app.get('/tilgjengelighet', async (req, reply) => sendHtml(reply, AccessibilityPage({ ctx: viewContext(req) })));

  // The event page is what everyone opens when sign-up opens. Each process keeps a rendered
  // page for one second: seats left may lag a second behind (the form always re-checks), and a
  // rush costs one render per second instead of one per visitor.
  const eventPages = new Map<string, { html: string; expires: number }>();
  const EVENT_PAGE_TTL_MS = 1_000;

  app.get('/e/:slug', async (req, reply) => {
    const params = slugParams.safeParse(req.params);
    const key = params.success ? `${params.data.slug}|${req.lang}` : '';
    const cached = eventPages.get(key);
    if (cached && cached.expires > Date.now()) {
      return reply.type('text/html; charset=utf-8').send(cached.html);
    }
    const event = await loadEvent(req, reply);
    if (!event) return;
    const eventUrl = `${services.config.baseUrl}/e/${event.slug}`;
    const html = await EventPage({
      // The page is cached per language and shared by every visitor: the switcher links to the
      // bare address, never to one visitor's query string.
      ctx: { ...viewContext(req), path: `/e/${event.slug}` },
      event,
      // Read only when the organiser shows the list (the page stays one query cheaper otherwise).
      participants: event.publicList ? await listPublicParticipants(deps.db, event.id, req.lang) : undefined,
      window: registrationWindow(event, services.now()),
      eventUrl,
      descriptionHtml: renderMarkdown(event.descriptionMd),
    });
    if (eventPages.size >= 500) eventPages.clear();
    eventPages.set(key, { html, expires: Date.now() + EVENT_PAGE_TTL_MS });
    return sendHtml(reply, html);
  });

  app.get('/e/:slug/calendar.ics', async (req, reply) => {
    const event = await loadEvent(req, reply);
    if (!event) return;
    const body = eventCalendar(event, {
      eventUrl: `${services.config.baseUrl}/e/${event.slug}`,
      uidDomain: services.config.mailDomain,
      // The latest change notice's SEQUENCE, so a fresh download replaces the entry.
      sequence: event.calendarSequence,
      ...(event.cancelledAt ? { method: 'CANCEL' as const } : {}),
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${event.slug}.ics"`)
      .send(body);
  });

  // ---- Sign-up -------------------------------------------------------------------------------

  async function renderRegister(
    req: FastifyRequest,
    reply: FastifyReply,
    event: NonNullable<Awaited<ReturnType<typeof getEvent>>>,
    values: FormValues,
    errors: FieldErrors,
    othersCount: number,
    status = 200,
  ) {
    return sendHtml(
      reply,
      RegisterPage({
        ctx: viewContext(req),
        event: localizeEvent(event, req.lang),
        values,
        errors,
        csrfToken: reply.generateCsrf(),
        othersCount,
      }),
      status,
    );
  }

  app.get('/e/:slug/register', async (req, reply) => {
    const event = await loadEvent(req, reply);
    if (!event) return;
    const window = registrationWindow(event, services.now());
    if (window !== 'open')
      return sendHtml(reply, ClosedPage({ ctx: viewContext(req), event, notOpen: window === 'not_open' }));
    return renderRegister(req, reply, event, {}, {}, 0);
  });

  app.post('/e/:slug/register', { preHandler: app.csrfProtection, config: limits.form }, async (req, reply) => {
    // The definition suffices to check and take a sign-up (seats are decided from counters in
    // the transaction); a form shown again reloads the event for current seat counts.
    const params = slugParams.safeParse(req.params);
    const event = params.success ? await getEventDefinition(deps.db, params.data.slug) : null;
    if (!event) return notFound(req, reply);
    const fresh = async () => (await getEvent(deps.db, event.slug)) ?? event;
    const now = services.now();
    const window = registrationWindow(event, now);
    if (window !== 'open') {
      return sendHtml(
        reply,
        ClosedPage({ ctx: viewContext(req), event: localizeEvent(event, req.lang), notOpen: window === 'not_open' }),
        409,
      );
    }
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const action = typeof raw.action === 'string' ? raw.action : 'submit';
    const declared = Math.min(MAX_OTHERS, Math.max(0, Number(raw.othersCount) || 0));

    // "Add a person" and "remove" are submit buttons, so the form works without JavaScript.
    if (action === 'add' || action.startsWith('remove:')) {
      const values = nestFormBody(raw, { keepBlank: true });
      const others = Array.from({ length: declared }, (_, i) => values.others?.[i] ?? {});
      if (action === 'add') others.push({});
      else others.splice(Number(action.slice('remove:'.length)), 1);
      const count = Math.min(MAX_OTHERS, others.length);
      return renderRegister(req, reply, await fresh(), { ...values, others: others.slice(0, count) }, {}, count);
    }

    const values = nestFormBody(raw);
    const othersCount = Math.min(MAX_OTHERS, values.others?.length ?? 0);
    const parsed = parseRegistration(values, event.slug, req.lang, event);
    if (!parsed.ok) {
      return renderRegister(req, reply, await fresh(), values, messagesFor(req.t, parsed.fields), othersCount, 422);
    }
    await limitSignUpsPerAddress(services.limiter, event.slug, parsed.input.booker.email);
    const result = await registerParticipants(deps, parsed.input, now, event);
    if (!result.ok) {
      if (result.code === 'invalid') {
        const problems = (result.fields ?? {}) as Record<string, FieldProblem>;
        return renderRegister(req, reply, await fresh(), values, messagesFor(req.t, problems), othersCount, 422);
      }
      if (result.code === 'not_found') return notFound(req, reply);
      return sendHtml(
        reply,
        ClosedPage({
          ctx: viewContext(req),
          event: localizeEvent(event, req.lang),
          notOpen: result.code === 'registration_not_open',
        }),
        409,
      );
    }
    services.mailQueued();
    if (result.booker.token) return reply.redirect(`/m/${result.booker.token}?ok=welcome`, 303);
    return sendHtml(
      reply,
      ReceivedPage({ ctx: viewContext(req), event: localizeEvent(event, req.lang), others: result.others }),
    );
  });

  // ---- "Send me my link" ---------------------------------------------------------------------

  app.get('/e/:slug/link', async (req, reply) => {
    const event = await loadEvent(req, reply);
    if (!event) return;
    return sendHtml(
      reply,
      LinkRequestPage({ ctx: viewContext(req), event, email: '', errors: {}, csrfToken: reply.generateCsrf() }),
    );
  });

  const linkSchema = z.object({ email: email('email_required') });

  app.post('/e/:slug/link', { preHandler: app.csrfProtection, config: limits.link }, async (req, reply) => {
    const event = await loadEvent(req, reply);
    if (!event) return;
    const parsed = linkSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      return sendHtml(
        reply,
        LinkRequestPage({
          ctx: viewContext(req),
          event,
          email: typeof raw.email === 'string' ? raw.email.slice(0, LIMITS.email * 2) : '',
          errors: messagesFor(req.t, fieldKeys(parsed.error)),
          csrfToken: reply.generateCsrf(),
        }),
        422,
      );
    }
    // At most a few links per address and hour, so the form cannot be used to flood someone's
    // inbox; past that the answer stays the same and nothing is sent.
    const perAddress = services.limiter
      ? await services.limiter.hit(`link-email|${event.slug}|${parsed.data.email.toLowerCase()}`, 3_600_000)
      : null;
    if (!perAddress || perAddress.count <= LINK_MAILS_PER_HOUR) {
      await requestPersonalLink(deps, { eventSlug: event.slug, email: parsed.data.email }, services.now());
      services.mailQueued();
    }
    // The same answer whether or not the address is registered.
    return sendHtml(
      reply,
      MessagePage({
        ctx: viewContext(req),
        title: req.t.link.sentTitle,
        paragraphs: [req.t.link.sent(parsed.data.email)],
        links: [{ href: `/e/${event.slug}`, label: req.t.closed.back }],
      }),
    );
  });

  // ---- The personal page ---------------------------------------------------------------------

  const targetQuery = z.object({ p: z.coerce.number().int().positive().optional(), ok: z.string().max(20).optional() });

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
    return {
      // The event's texts in the reader's language where translated.
      my: { ...my, event: localizeEvent(my.event, req.lang) },
      token: params.data.token,
      ok: query.success ? query.data.ok : undefined,
    };
  }

  function pageState(
    my: NonNullable<Awaited<ReturnType<typeof getMyRegistration>>>,
    now: Date,
    extra: Partial<MyPageState>,
  ): MyPageState {
    return {
      errors: {},
      canChangeSession: registrationWindow(my.event, now) === 'open',
      canEdit: now < my.event.startsAt,
      canCancel: now < my.event.endsAt,
      ...extra,
    };
  }

  const flashes = (t: Messages): Record<string, string> => ({
    welcome: t.my.welcome,
    changed: t.my.flashChanged,
    cancelled: t.my.flashCancelled,
    session: t.my.flashSession,
    waitlisted: t.my.flashSessionWaitlisted,
    unchanged: t.my.flashUnchanged,
    offerAccepted: t.my.flashOfferAccepted,
    offerExpired: t.my.flashOfferExpired,
    proposed: t.myTables.flashProposed,
    ranked: t.myTables.flashRanked,
  });

  function backTo(token: string, targetId: number, ownId: number, ok: string) {
    return `/m/${token}?${targetId === ownId ? '' : `p=${targetId}&`}ok=${ok}`;
  }

  app.get('/m/:token', { config: limits.personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const { my, token, ok } = loaded;
    const state = pageState(my, services.now(), { flash: ok ? flashes(req.t)[ok] : undefined });
    const csrfToken = reply.generateCsrf();
    return sendHtml(
      reply,
      MyRegistrationPage({
        ctx: viewContext(req),
        my,
        token,
        csrfToken,
        state,
        ticket: ticketOf(services, my),
        coCreation: await myTablesSection(deps.db, viewContext(req), my, token, csrfToken),
        ideas: await myIdeasSection(deps.db, viewContext(req), my, token, services.now()),
      }),
    );
  });

  // Proposing and ranking challenges of a co-creation session (issue 7).
  registerMyTableRoutes(
    app,
    services,
    {
      loadMine,
      backTo,
      async renderMine(req, reply, my, token, tables, status) {
        const csrfToken = reply.generateCsrf();
        return sendHtml(
          reply,
          MyRegistrationPage({
            ctx: viewContext(req),
            my,
            token,
            csrfToken,
            state: pageState(my, services.now(), {}),
            ticket: ticketOf(services, my),
            coCreation: await myTablesSection(deps.db, viewContext(req), my, token, csrfToken, tables),
            ideas: await myIdeasSection(deps.db, viewContext(req), my, token, services.now()),
          }),
          status,
        );
      },
    },
    limits.personal,
  );

  const sessionSchema = z.object({ session: text(LIMITS.session).optional(), acceptWaitlist: checkbox });

  app.post('/m/:token/session', { preHandler: app.csrfProtection, config: limits.personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const now = services.now();
    const parsed = sessionSchema.safeParse(req.body ?? {});
    const rerender = (message: string, status: number) =>
      sendHtml(
        reply,
        MyRegistrationPage({
          ctx: viewContext(req),
          my,
          token,
          csrfToken: reply.generateCsrf(),
          ticket: ticketOf(services, my),
          state: pageState(my, now, { errors: { session: message }, sessionError: message }),
        }),
        status,
      );
    if (!parsed.success || !parsed.data.session) return rerender(req.t.fields.session_required, 422);
    const code = parsed.data.session === 'none' ? null : parsed.data.session;
    const result = await changeSession(
      deps,
      {
        registrationId: my.target.id,
        session: code,
        acceptWaitlist: parsed.data.acceptWaitlist,
        actor: `registrant:${my.own.id}`,
      },
      now,
    );
    if (!result.ok) {
      if (result.code === 'session_full') return rerender(req.t.my.sessionFull, 409);
      if (result.code === 'invalid')
        return rerender(fieldMessage(req.t, result.fields?.session ?? 'invalid_value', 'session'), 422);
      if (result.code === 'already_cancelled') return rerender(req.t.my.alreadyCancelled, 409);
      return rerender(req.t.my.changeClosed, 409);
    }
    services.mailQueued();
    const ok = result.status === 'unchanged' ? 'unchanged' : result.status === 'waitlisted' ? 'waitlisted' : 'session';
    return reply.redirect(backTo(token, my.target.id, my.own.id, ok), 303);
  });

  const detailsSchema = z
    .object({
      name: requiredText(LIMITS.name, 'name_required', 'name_too_long'),
      organization: text(LIMITS.organization).optional(),
      role: requiredText(LIMITS.role, 'role_required'),
      roleOther: text(LIMITS.roleOther).optional(),
      needs: text(LIMITS.needs).optional(),
      needsConsent: checkbox,
      publicListing: checkbox,
    })
    .refine((v) => !v.needs || v.needsConsent, { error: 'needs_consent_required', path: ['needsConsent'] });

  app.post('/m/:token/details', { preHandler: app.csrfProtection, config: limits.personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const now = services.now();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const rerender = (errors: FieldErrors, status: number) =>
      sendHtml(
        reply,
        MyRegistrationPage({
          ctx: viewContext(req),
          my,
          token,
          csrfToken: reply.generateCsrf(),
          ticket: ticketOf(services, my),
          state: pageState(my, now, { errors, values: body }),
        }),
        status,
      );
    const parsed = detailsSchema.safeParse(body);
    if (!parsed.success) return rerender(messagesFor(req.t, fieldKeys(parsed.error)), 422);
    const v = parsed.data;
    const result = await updateDetails(
      deps,
      {
        registrationId: my.target.id,
        name: v.name,
        organization: v.organization ?? '',
        role: v.role,
        roleOther: v.roleOther ?? '',
        needs: v.needs ?? '',
        needsConsent: v.needsConsent,
        publicListing: v.publicListing,
        actor: `registrant:${my.own.id}`,
      },
      now,
    );
    if (!result.ok) {
      if (result.code === 'invalid') return rerender(messagesFor(req.t, result.fields ?? {}), 422);
      return rerender(
        { name: result.code === 'already_cancelled' ? req.t.my.alreadyCancelled : req.t.my.changeClosed },
        409,
      );
    }
    return reply.redirect(backTo(token, my.target.id, my.own.id, 'changed'), 303);
  });

  app.get('/m/:token/cancel', { config: limits.personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    return sendHtml(
      reply,
      CancelConfirmPage({ ctx: viewContext(req), my: loaded.my, token: loaded.token, csrfToken: reply.generateCsrf() }),
    );
  });

  app.post(
    '/m/:token/accept-offer',
    { preHandler: app.csrfProtection, config: limits.personal },
    async (req, reply) => {
      const loaded = await loadMine(req, reply);
      if (!loaded) return;
      const { my, token } = loaded;
      const result = await acceptOffer(
        deps,
        { registrationId: my.target.id, actor: `registrant:${my.own.id}` },
        services.now(),
      );
      if (result.ok) services.mailQueued();
      return reply.redirect(backTo(token, my.target.id, my.own.id, result.ok ? 'offerAccepted' : 'offerExpired'), 303);
    },
  );

  app.post('/m/:token/cancel', { preHandler: app.csrfProtection, config: limits.personal }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const { my, token } = loaded;
    const result = await cancelRegistration(
      deps,
      { registrationId: my.target.id, actor: `registrant:${my.own.id}` },
      services.now(),
    );
    if (result.ok) services.mailQueued();
    // Cancelling twice lands on the same page: the status box says it is cancelled.
    return reply.redirect(backTo(token, my.target.id, my.own.id, result.ok ? 'cancelled' : 'changed'), 303);
  });

  // ---- Development only ----------------------------------------------------------------------

  if (!services.config.production) {
    app.get('/dev/outbox', async (req, reply) => {
      const query = z.object({ id: z.coerce.number().int().optional() }).safeParse(req.query ?? {});
      const rows = (await deps.db
        .selectFrom('outbox')
        .select(['id', 'to_address', 'subject', 'status', 'created_at', 'text_body', 'html_body'])
        .orderBy('id', 'desc')
        .limit(200)
        .execute()) as OutboxRow[];
      const selected =
        query.success && query.data.id !== undefined ? rows.find((r) => r.id === query.data.id) : undefined;
      return sendHtml(reply, OutboxPage({ ctx: viewContext(req), rows, selected }));
    });
  }
}
