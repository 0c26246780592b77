// An event's registrations in the back office: the list (search, filters, sorting, paging), the
// detail page with the organisers' actions, adding by hand, exports and printable lists.
// Facilitators may read lists, details (without needs), exports (without needs) and print;
// every change is for organisers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, type EventPermission } from '../../core/accounts/types.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { EventDetails } from '../../core/events/types.ts';
import { listRegistrationMails } from '../../core/messages/list-registration-mails.ts';
import { recordNeedsViewed } from '../../core/privacy/record-needs-viewed.ts';
import { addRegistration } from '../../core/registrations/admin/add-registration.ts';
import { cancelRegistrationByOrganiser } from '../../core/registrations/admin/cancel-registration.ts';
import { editRegistration } from '../../core/registrations/admin/edit-registration.ts';
import { getRegistrationDetail } from '../../core/registrations/admin/get-registration-detail.ts';
import { moveRegistration } from '../../core/registrations/admin/move-registration.ts';
import { sortByName } from '../../core/registrations/admin/printable-registrations.ts';
import { promoteRegistration } from '../../core/registrations/admin/promote-registration.ts';
import { recordExport } from '../../core/registrations/admin/record-export.ts';
import {
  countRegistrations,
  DEFAULT_FILTER,
  filterParams,
  findRegistrations,
  PAGE_SIZE,
  parseRegistrationFilter,
  type RegistrationFilter,
} from '../../core/registrations/admin/registration-query.ts';
import { reorderWaitlist } from '../../core/registrations/admin/reorder-waitlist.ts';
import { restoreRegistration } from '../../core/registrations/admin/restore-registration.ts';
import type { Deps } from '../../core/shared/deps.ts';
import type { Failure } from '../../core/shared/result.ts';
import { sendHtml } from '../app.ts';
import { failureStatus } from '../errors.ts';
import { checkbox, email, fieldKeys, fieldMessage, LIMITS, requiredText, text } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import { PrintListPage, RegistrationListPage, registrationsPath } from '../views/admin/registrations.tsx';
import {
  AddRegistrationPage,
  type DetailForm,
  type DetailState,
  RegistrationDetailPage,
} from '../views/admin/registrations-detail.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import { exportFilename, registrationsCsv, registrationsXlsx } from './registration-exports.ts';
import type { AdminServices } from './routes.ts';

const optionalEmail = z
  .string({ error: 'email_invalid' })
  .max(LIMITS.email * 4, { error: 'email_invalid' })
  .transform((v) => v.trim())
  .refine((v) => v === '' || (v.length <= LIMITS.email && z.email().safeParse(v).success), { error: 'email_invalid' });

const detailsFields = {
  name: requiredText(LIMITS.name, 'other_name_required', 'name_too_long'),
  organization: text(LIMITS.organization).optional().default(''),
  role: requiredText(LIMITS.role, 'role_required'),
  roleOther: text(LIMITS.roleOther).optional().default(''),
  needs: text(LIMITS.needs).optional().default(''),
};
// Needs absent: the form did not show them (they are shown only when opened), so they stay.
const editSchema = z.object({
  ...detailsFields,
  needs: text(LIMITS.needs).optional(),
  email: optionalEmail.optional().default(''),
});
const addSchema = z.object({
  ...detailsFields,
  email: email('email_required'),
  session: text(LIMITS.session).optional().default(''),
  overCapacity: checkbox,
  sendConfirmation: checkbox,
});
const moveSchema = z.object({ session: requiredText(LIMITS.session, 'session_required'), overCapacity: checkbox });
const promoteSchema = z.object({ overCapacity: checkbox });
const waitlistSchema = z.object({ direction: z.enum(['up', 'down'], { error: 'invalid_value' }) });

const FLASH_KEYS = new Set([
  'edited',
  'moved',
  'movedWaitlisted',
  'unchanged',
  'cancelled',
  'restored',
  'restoredWaitlisted',
  'added',
  'addedWaitlisted',
  'promoted',
  'reordered',
]);

function errorsFrom(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, fieldMessage(t, key, path)]));
}

/** The values of a posted form as strings, for showing them again after a refusal. */
function typed(body: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((n) => [n, typeof body[n] === 'string' ? (body[n] as string).slice(0, 5000) : '']),
  );
}

function registrationId(req: FastifyRequest): number | null {
  const id = (req.params as { id?: unknown }).id;
  return typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : null;
}

export function registerRegistrationRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = (): Deps => ({ db: services.store.db, adapter: services.store.adapter, notifier: services.notifier });

  /** The event with everything the pages need, when the user has `need` on it (else 404/403 sent). */
  async function loadEvent(
    req: FastifyRequest,
    reply: FastifyReply,
    need: EventPermission,
  ): Promise<{ event: EventDetails; permission: EventPermission } | null> {
    const loaded = await loadEventForAdmin(services, req, reply, need);
    if (!loaded) return null;
    const event = await getEvent(services.store.db, loaded.event.slug, { includeUnpublished: true });
    if (!event) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    return { event, permission: loaded.permission };
  }

  async function renderDetail(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: { event: EventDetails; permission: EventPermission },
    id: number,
    state: DetailState,
    status = 200,
  ) {
    // Needs (possibly health data) only when opened: ?needs=1, or a posted form that showed them.
    const query = req.query as Record<string, unknown>;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const detail = await getRegistrationDetail(services.store.db, {
      eventId: loaded.event.id,
      registrationId: id,
      includeNeeds:
        loaded.permission === 'organiser' &&
        (query.needs === '1' || (req.method === 'POST' && typeof body.needs === 'string')),
    });
    if (!detail) return sendAdminNotFound(req, reply);
    const mails = await listRegistrationMails(services.store.db, { eventId: loaded.event.id, registrationId: id });
    return sendHtml(
      reply,
      RegistrationDetailPage({ ctx: adminContext(req, reply), ...loaded, detail, state, mails }),
      status,
    );
  }

  function detailUrl(event: EventDetails, id: number, done: string, extra = ''): string {
    return `${registrationsPath(event.slug)}/${id}?done=${done}${extra}`;
  }

  /** Shows a refused action on the detail page, with the status its failure code maps to. */
  async function refuse(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: { event: EventDetails; permission: EventPermission },
    id: number,
    form: DetailForm,
    failure: Failure,
    values?: Record<string, string>,
  ) {
    if (failure.code === 'not_found') return sendAdminNotFound(req, reply);
    const t = req.t;
    const e = t.admin.registrations.errors;
    const fields = failure.fields ?? {};
    let errors = errorsFrom(t, fields);
    let message: string | undefined;
    if (failure.code === 'already_cancelled') message = e.alreadyCancelled;
    else if (failure.code === 'over_capacity') {
      message = e.overCapacity;
      errors = { overCapacity: e.overCapacity };
    } else if (failure.code === 'conflict') {
      if (fields.email === 'email_taken') {
        message = e.emailTaken;
        errors = {};
      } else message = form === 'restore' ? e.notCancelled : e.notWaitlisted;
    } else if (failure.code !== 'invalid') message = t.api[failure.code];
    return renderDetail(
      req,
      reply,
      loaded,
      id,
      { failed: { form, errors, message }, values },
      failureStatus[failure.code],
    );
  }

  // ---- the list ---------------------------------------------------------------------------

  app.get('/admin/events/:slug/registrations', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    const filter = parseRegistrationFilter(req.query as Record<string, unknown>);
    const db = services.store.db;
    // The needs column is opt-in (like the export's), and opening it is logged.
    const showNeeds = loaded.permission === 'organiser' && (req.query as Record<string, unknown>).needs === '1';
    const [total, rows] = await Promise.all([
      countRegistrations(db, loaded.event.id, filter),
      findRegistrations(db, loaded.event.id, filter, { includeNeeds: showNeeds, paged: true }),
    ]);
    if (showNeeds && req.user) {
      await recordNeedsViewed(
        deps(),
        { eventId: loaded.event.id, registrationId: null, rows: rows.length, actor: actorOf(req.user) },
        services.now(),
      );
    }
    return sendHtml(
      reply,
      RegistrationListPage({
        ctx: adminContext(req, reply),
        ...loaded,
        filter,
        rows,
        total,
        pageSize: PAGE_SIZE,
        showNeeds,
      }),
    );
  });

  // ---- exports ----------------------------------------------------------------------------

  async function exportRows(req: FastifyRequest, reply: FastifyReply, format: 'csv' | 'xlsx') {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return null;
    const query = req.query as Record<string, unknown>;
    const filter = { ...parseRegistrationFilter(query), page: 1 };
    // Needs only for organisers, and only when asked for.
    const includeNeeds = loaded.permission === 'organiser' && (query.needs === '1' || query.needs === 'on');
    const rows = await findRegistrations(services.store.db, loaded.event.id, filter, { includeNeeds, paged: false });
    await recordExport(
      deps(),
      {
        eventId: loaded.event.id,
        actor: actorOf(req.user),
        format,
        filters: Object.fromEntries(filterParams(filter)),
        includeNeeds,
        rows: rows.length,
      },
      services.now(),
    );
    reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${exportFilename(loaded.event.slug, format)}"`);
    return { ...loaded, rows, includeNeeds };
  }

  app.get('/admin/events/:slug/registrations.csv', async (req, reply) => {
    const result = await exportRows(req, reply, 'csv');
    if (!result) return;
    return reply
      .type('text/csv; charset=utf-8')
      .send(registrationsCsv(req.t, result.event, result.rows, result.includeNeeds));
  });

  app.get('/admin/events/:slug/registrations.xlsx', async (req, reply) => {
    const result = await exportRows(req, reply, 'xlsx');
    if (!result) return;
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await registrationsXlsx(req.t, result.event, result.rows, result.includeNeeds));
  });

  app.get('/admin/events/:slug/registrations/print', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return;
    const r = req.t.admin.registrations;
    const code = (req.query as Record<string, unknown>).session;
    let heading = r.printTitle(r.printAllSessions);
    let session: string | null = null;
    if (typeof code === 'string' && code !== '') {
      if (code === 'none') heading = r.printTitle(r.noSession);
      else {
        const found = loaded.event.sessions.find((s) => s.code === code);
        if (!found) return sendAdminNotFound(req, reply);
        heading = r.printTitle(`${found.code}: ${found.title}`);
      }
      session = code;
    }
    const filter: RegistrationFilter = { ...DEFAULT_FILTER, session, status: 'confirmed', sort: 'name' };
    // Norwegian alphabetical order, the same on both databases (as the PDF lists).
    const rows = sortByName(
      await findRegistrations(services.store.db, loaded.event.id, filter, { includeNeeds: false, paged: false }),
      req.lang,
    );
    await recordExport(
      deps(),
      {
        eventId: loaded.event.id,
        actor: actorOf(req.user),
        format: 'print',
        filters: Object.fromEntries(filterParams(filter)),
        includeNeeds: false,
        rows: rows.length,
      },
      services.now(),
    );
    return sendHtml(reply, PrintListPage({ ctx: adminContext(req, reply), ...loaded, heading, rows }));
  });

  // ---- adding by hand ---------------------------------------------------------------------

  app.get('/admin/events/:slug/registrations/new', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'organiser');
    if (!loaded) return;
    return sendHtml(
      reply,
      AddRegistrationPage({
        ctx: adminContext(req, reply),
        ...loaded,
        values: {},
        checks: { overCapacity: false, sendConfirmation: true },
        errors: {},
      }),
    );
  });

  app.post('/admin/events/:slug/registrations/new', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = typed(body, ['name', 'email', 'organization', 'role', 'roleOther', 'session', 'needs']);
    const checks = { overCapacity: body.overCapacity === 'on', sendConfirmation: body.sendConfirmation === 'on' };
    const render = (errors: FieldErrors, status: number) =>
      sendHtml(
        reply,
        AddRegistrationPage({ ctx: adminContext(req, reply), ...loaded, values, checks, errors }),
        status,
      );
    const parsed = addSchema.safeParse(body);
    const problems: Record<string, string> = parsed.success ? {} : fieldKeys(parsed.error);
    const sessionValue = parsed.success ? parsed.data.session : values.session;
    if (loaded.event.sessions.length > 0 && !sessionValue) problems.session = 'session_required';
    if (!parsed.success || Object.keys(problems).length > 0) return render(errorsFrom(req.t, problems), 422);
    const input = parsed.data;
    const result = await addRegistration(
      deps(),
      {
        eventId: loaded.event.id,
        name: input.name,
        email: input.email,
        organization: input.organization,
        role: input.role,
        roleOther: input.roleOther,
        session: loaded.event.sessions.length === 0 || input.session === 'none' ? null : input.session,
        needs: input.needs,
        overCapacity: input.overCapacity,
        sendConfirmation: input.sendConfirmation,
        lang: loaded.event.mainLang,
        actor: actorOf(req.user),
      },
      services.now(),
    );
    if (!result.ok) return render(errorsFrom(req.t, result.fields ?? {}), failureStatus[result.code]);
    if (input.sendConfirmation) services.mailQueued();
    return reply.redirect(
      detailUrl(loaded.event, result.registrationId, result.status === 'confirmed' ? 'added' : 'addedWaitlisted'),
      303,
    );
  });

  // ---- one registration -------------------------------------------------------------------

  app.get('/admin/events/:slug/registrations/:id', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    const id = registrationId(req);
    if (id === null) return sendAdminNotFound(req, reply);
    const query = req.query as Record<string, unknown>;
    const r = req.t.admin.registrations;
    let flash: string | undefined;
    if (typeof query.done === 'string' && FLASH_KEYS.has(query.done)) {
      const promoted = Number(query.promoted);
      flash =
        query.done === 'cancelled' && Number.isInteger(promoted) && promoted > 0 && promoted < 1000
          ? r.flashCancelledPromoted(promoted)
          : r.flash[query.done];
    }
    if (loaded.permission === 'organiser' && query.needs === '1' && req.user) {
      await recordNeedsViewed(
        deps(),
        { eventId: loaded.event.id, registrationId: id, actor: actorOf(req.user) },
        services.now(),
      );
    }
    return renderDetail(req, reply, loaded, id, { flash });
  });

  /** Common frame of the organisers' actions: access, the id, CSRF (as preHandler). */
  function action(
    path: string,
    handle: (
      req: FastifyRequest,
      reply: FastifyReply,
      ctx: {
        loaded: { event: EventDetails; permission: EventPermission };
        id: number;
        actor: string;
        body: Record<string, unknown>;
      },
    ) => Promise<unknown>,
  ) {
    app.post(
      `/admin/events/:slug/registrations/:id/${path}`,
      { preHandler: app.csrfProtection },
      async (req, reply) => {
        const loaded = await loadEvent(req, reply, 'organiser');
        if (!loaded || !req.user) return;
        const id = registrationId(req);
        if (id === null) return sendAdminNotFound(req, reply);
        return handle(req, reply, {
          loaded,
          id,
          actor: actorOf(req.user),
          body: (req.body ?? {}) as Record<string, unknown>,
        });
      },
    );
  }

  action('edit', async (req, reply, { loaded, id, actor, body }) => {
    const values = typed(body, ['name', 'email', 'organization', 'role', 'roleOther', 'needs']);
    const parsed = editSchema.safeParse(body);
    if (!parsed.success) {
      return renderDetail(
        req,
        reply,
        loaded,
        id,
        { failed: { form: 'edit', errors: errorsFrom(req.t, fieldKeys(parsed.error)) }, values },
        422,
      );
    }
    const input = parsed.data;
    const result = await editRegistration(
      deps(),
      {
        eventId: loaded.event.id,
        registrationId: id,
        name: input.name,
        email: input.email || null,
        organization: input.organization,
        role: input.role,
        roleOther: input.roleOther,
        needs: input.needs ?? null,
        actor,
      },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'edit', result, values);
    return reply.redirect(detailUrl(loaded.event, id, 'edited'), 303);
  });

  action('move', async (req, reply, { loaded, id, actor, body }) => {
    const parsed = moveSchema.safeParse(body);
    if (!parsed.success) {
      return renderDetail(
        req,
        reply,
        loaded,
        id,
        { failed: { form: 'move', errors: errorsFrom(req.t, fieldKeys(parsed.error)) } },
        422,
      );
    }
    const result = await moveRegistration(
      deps(),
      {
        eventId: loaded.event.id,
        registrationId: id,
        session: parsed.data.session === 'none' ? null : parsed.data.session,
        overCapacity: parsed.data.overCapacity,
        actor,
      },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'move', result);
    if (result.status !== 'unchanged') services.mailQueued();
    const done =
      result.status === 'unchanged' ? 'unchanged' : result.status === 'confirmed' ? 'moved' : 'movedWaitlisted';
    return reply.redirect(detailUrl(loaded.event, id, done), 303);
  });

  action('cancel', async (req, reply, { loaded, id, actor }) => {
    const result = await cancelRegistrationByOrganiser(
      deps(),
      { eventId: loaded.event.id, registrationId: id, actor },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'cancel', result);
    services.mailQueued();
    return reply.redirect(detailUrl(loaded.event, id, 'cancelled', `&promoted=${result.promoted.length}`), 303);
  });

  action('restore', async (req, reply, { loaded, id, actor }) => {
    const result = await restoreRegistration(
      deps(),
      { eventId: loaded.event.id, registrationId: id, actor },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'restore', result);
    services.mailQueued();
    return reply.redirect(
      detailUrl(loaded.event, id, result.status === 'confirmed' ? 'restored' : 'restoredWaitlisted'),
      303,
    );
  });

  action('promote', async (req, reply, { loaded, id, actor, body }) => {
    const parsed = promoteSchema.safeParse(body);
    const overCapacity = parsed.success && parsed.data.overCapacity;
    const result = await promoteRegistration(
      deps(),
      { eventId: loaded.event.id, registrationId: id, overCapacity, actor },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'promote', result);
    services.mailQueued();
    return reply.redirect(detailUrl(loaded.event, id, 'promoted'), 303);
  });

  action('waitlist', async (req, reply, { loaded, id, actor, body }) => {
    const parsed = waitlistSchema.safeParse(body);
    if (!parsed.success) {
      return renderDetail(
        req,
        reply,
        loaded,
        id,
        { failed: { form: 'waitlist', errors: {}, message: req.t.fields.invalid_value } },
        422,
      );
    }
    const result = await reorderWaitlist(
      deps(),
      { eventId: loaded.event.id, registrationId: id, direction: parsed.data.direction, actor },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, id, 'waitlist', result);
    if (!result.moved) {
      return renderDetail(
        req,
        reply,
        loaded,
        id,
        { failed: { form: 'waitlist', errors: {}, message: req.t.admin.registrations.errors.edgeOfList } },
        409,
      );
    }
    return reply.redirect(detailUrl(loaded.event, id, 'reordered'), 303);
  });
}
