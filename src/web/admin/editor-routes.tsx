// The event editor: create an event or copy an earlier one, edit every part of it through plain
// forms (one per row, each carrying the event's version), preview, publish and unpublish.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { canCreateEvents } from '../../core/accounts/event-access.ts';
import { type AdminUser, actorOf, type EventPermission } from '../../core/accounts/types.ts';
import { copyEvent } from '../../core/events/copy-event.ts';
import { createNewEvent } from '../../core/events/create-new-event.ts';
import type { EditTarget } from '../../core/events/event-edit.ts';
import { addCalendarDays, localParts } from '../../core/events/event-times.ts';
import { getEvent } from '../../core/events/get-event.ts';
import { type EditorEvent, getEventForEditing } from '../../core/events/get-event-for-editing.ts';
import { type MovableKind, moveEventRow } from '../../core/events/move-event-row.ts';
import { publishEvent } from '../../core/events/publish-event.ts';
import { type EventRowKind, removeEventRow } from '../../core/events/remove-event-row.ts';
import { isDefaultRoleCode } from '../../core/events/roles.ts';
import { saveEventLink } from '../../core/events/save-event-link.ts';
import { saveEventParty } from '../../core/events/save-event-party.ts';
import { saveEventQuestion } from '../../core/events/save-event-question.ts';
import { saveEventRole } from '../../core/events/save-event-role.ts';
import { saveProgrammeItem } from '../../core/events/save-programme-item.ts';
import { saveProgrammePart } from '../../core/events/save-programme-part.ts';
import { saveSession } from '../../core/events/save-session.ts';
import { registrationWindow } from '../../core/events/types.ts';
import { updateEvent } from '../../core/events/update-event.ts';
import type { Deps } from '../../core/shared/deps.ts';
import type { Failure, FieldProblem, Result } from '../../core/shared/result.ts';
import { endOfDayInstant } from '../../core/shared/time.ts';
import { sendHtml, viewContext } from '../app.ts';
import {
  copySchema,
  createSchema,
  detailsSchema,
  editorErrors,
  formFields,
  instant,
  itemSchema,
  linkSchema,
  mapProblems,
  partSchema,
  partySchema,
  problemsOf,
  questionSchema,
  roleSchema,
  sessionSchema,
} from '../forms/event-editor.ts';
import type { Messages } from '../i18n/index.ts';
import { renderMarkdown } from '../markdown.ts';
import type { EditorPageKey, EditorPageProps, OpenForm } from '../views/admin/editor.tsx';
import { CopyEventPage, NewEventPage, type OrganizationChoice } from '../views/admin/editor-create.tsx';
import { EditDetailsPage } from '../views/admin/editor-details.tsx';
import { EditPartiesPage, EditQuestionsPage, EditRolesPage } from '../views/admin/editor-lists.tsx';
import { EditProgrammePage } from '../views/admin/editor-programme.tsx';
import { EditSessionsPage } from '../views/admin/editor-sessions.tsx';
import { EventPage } from '../views/event.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound, sendForbidden } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;
type Loaded = { event: { id: number; slug: string }; permission: EventPermission };

const PAGES: EditorPageKey[] = ['details', 'programme', 'sessions', 'roles', 'questions', 'parties'];

/** The path of an editor page. */
function pagePath(slug: string, page: EditorPageKey): string {
  const base = `/admin/events/${encodeURIComponent(slug)}/edit`;
  return page === 'details' ? base : `${base}/${page}`;
}

/** Organisations where the user may create events (owner or organiser). */
function creatableOrganizations(user: AdminUser): OrganizationChoice[] {
  return user.memberships
    .filter((m) => canCreateEvents(user, m.organizationId))
    .map((m) => ({ id: m.organizationId, name: m.name }));
}

function versionOf(body: Body): number | null {
  const raw = Array.isArray(body.version) ? body.version[0] : body.version;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(n) ? n : null;
}

function actionOf(body: Body): string {
  const raw = Array.isArray(body.action) ? body.action[body.action.length - 1] : body.action;
  return typeof raw === 'string' ? raw.slice(0, 40) : 'save';
}

/** The status line after a redirect, from ?ok=…. */
function noticeFor(t: Messages, query: Record<string, unknown>): string | undefined {
  const e = t.admin.editor;
  const promoted = Number(query.promoted) || 0;
  switch (query.ok) {
    case 'saved':
      return promoted > 0 ? e.savedPromoted(promoted) : e.saved;
    case 'added':
      return e.added;
    case 'removed':
      return e.removed;
    case 'moved':
      return e.moved;
    case 'published':
      return e.status.publishedDone;
    case 'unpublished':
      return e.status.unpublishedDone;
    case 'created':
      return e.create.created;
    case 'copied':
      return e.copy.copied(Number(query.days) || 0);
    default:
      return undefined;
  }
}

/** A suggested slug for next year's copy: the year in the slug replaced, or added. */
function suggestSlug(slug: string, year: string): string {
  const replaced = slug.replace(/(^|-)(19|20)\d\d(?=-|$)/, `$1${year}`);
  const candidate = replaced !== slug ? replaced : `${slug}-${year}`;
  return candidate.slice(0, 100);
}

export function registerEditorRoutes(app: FastifyInstance, services: AdminServices) {
  const deps: Deps = { db: services.store.db, adapter: services.store.adapter, notifier: services.notifier };
  const csrf = { preHandler: app.csrfProtection };

  async function renderPage(
    req: FastifyRequest,
    reply: FastifyReply,
    page: EditorPageKey,
    loaded: Loaded,
    extra: { notice?: string | undefined; problem?: string | undefined; form?: OpenForm | undefined } = {},
    status = 200,
  ) {
    const data = await getEventForEditing(deps.db, loaded.event.id);
    if (!data) return sendAdminNotFound(req, reply);
    const props: EditorPageProps = {
      ctx: adminContext(req, reply),
      data,
      permission: loaded.permission,
      ...extra,
    };
    reply.header('cache-control', 'no-store');
    const html =
      page === 'details'
        ? EditDetailsPage({ ...props, baseUrl: services.config.baseUrl })
        : page === 'programme'
          ? EditProgrammePage(props)
          : page === 'sessions'
            ? EditSessionsPage(props)
            : page === 'roles'
              ? EditRolesPage(props)
              : page === 'questions'
                ? EditQuestionsPage(props)
                : EditPartiesPage(props);
    return sendHtml(reply, html, status);
  }

  /** Answers a use case's result: redirect on success, the page again with the reason otherwise. */
  async function answer(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    result: Result<object>,
    options: {
      page: EditorPageKey;
      /** Where to go on success (path with query and fragment). */
      success: (value: Record<string, unknown>) => string;
      form?: { key: string; values: Body; names?: Record<string, string>; flat?: boolean };
    },
  ) {
    const t = req.t;
    if (result.ok) {
      const promoted = (result as { promoted?: unknown }).promoted;
      // Promotions wrote mail in the same commit: start delivery now.
      if (Array.isArray(promoted) && promoted.length > 0) services.mailQueued();
      return reply.redirect(options.success(result as Record<string, unknown>), 303);
    }
    const failure = result as Failure;
    if (failure.code === 'not_found') return sendAdminNotFound(req, reply);
    if (failure.code === 'stale_version') {
      // The current saved values, not what was typed: the colleague's change is not overwritten.
      return renderPage(req, reply, options.page, loaded, { problem: t.admin.common.stale }, 409);
    }
    if (failure.code === 'invalid' && options.form) {
      const prefix = options.form.flat ? '' : options.form.key;
      const problems = mapProblems(failure.fields, options.form.names ?? {}, prefix);
      return renderPage(
        req,
        reply,
        options.page,
        loaded,
        { form: { key: options.form.key, values: options.form.values, errors: editorErrors(t, problems) } },
        422,
      );
    }
    const reason = Object.values(failure.fields ?? {})[0] as FieldProblem | undefined;
    const message = reason ? (t.fields[reason] as string) : t.api[failure.code as keyof Messages['api']];
    return renderPage(req, reply, options.page, loaded, { problem: message }, failure.code === 'invalid' ? 422 : 409);
  }

  async function organiserEvent(req: FastifyRequest, reply: FastifyReply): Promise<Loaded | null> {
    return loadEventForAdmin(services, req, reply, 'organiser');
  }

  function target(req: FastifyRequest, loaded: Loaded, version: number): EditTarget {
    return { eventId: loaded.event.id, version, actor: actorOf(req.user as AdminUser) };
  }

  // ---- Editor pages ---------------------------------------------------------------------------

  app.get('/admin/events/:slug/edit', async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    return renderPage(req, reply, 'details', loaded, { notice: noticeFor(req.t, req.query as Body) });
  });

  app.get('/admin/events/:slug/edit/:page', async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    const page = (req.params as { page: string }).page as EditorPageKey;
    if (!PAGES.includes(page) || page === 'details') return sendAdminNotFound(req, reply);
    return renderPage(req, reply, page, loaded, { notice: noticeFor(req.t, req.query as Body) });
  });

  // ---- Details --------------------------------------------------------------------------------

  app.post('/admin/events/:slug/edit', csrf, async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    const body = (req.body ?? {}) as Body;
    const values = Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v]),
    ) as Body;
    const version = versionOf(body);
    if (version === null) return renderPage(req, reply, 'details', loaded, { problem: req.t.admin.common.stale }, 409);
    const parsed = detailsSchema.safeParse(values);
    if (!parsed.success) {
      return renderPage(
        req,
        reply,
        'details',
        loaded,
        { form: { key: 'details', values, errors: editorErrors(req.t, problemsOf(parsed.error)) } },
        422,
      );
    }
    const f = parsed.data;
    const tz = (await getEventTimeZone(loaded.event.id)) ?? 'Europe/Oslo';
    const result = await updateEvent(
      deps,
      {
        ...target(req, loaded, version),
        moveProgramme: f.moveProgramme,
        fields: {
          title: f.title,
          slug: f.slug,
          summary: f.summary,
          descriptionMd: f.descriptionMd,
          startsAt: instant(f.startDate, f.startTime, tz),
          endsAt: instant(f.endDate, f.endTime, tz),
          venueName: f.venueName,
          venueRoom: f.venueRoom,
          venueAddress: f.venueAddress,
          audience: f.audience,
          isFree: f.isFree,
          isOpen: f.isOpen,
          contactEmail: f.contactEmail,
          registrationOpensAt: f.opensDate ? instant(f.opensDate, f.opensTime ?? '00:00', tz) : null,
          registrationClosesAt: f.closesTime
            ? instant(f.closesDate, f.closesTime, tz)
            : endOfDayInstant(f.closesDate, tz),
          capacity: f.capacity,
          allowNoSession: f.allowNoSession,
        },
      },
      services.now(),
    );
    return answer(req, reply, loaded, result, {
      page: 'details',
      success: (v) => {
        const promoted = (v.promoted as number[]).length;
        return `${pagePath(String(v.slug), 'details')}?ok=saved${promoted > 0 ? `&promoted=${promoted}` : ''}`;
      },
      form: {
        key: 'details',
        values,
        flat: true,
        names: {
          startsAt: 'startDate',
          endsAt: 'endTime',
          registrationClosesAt: 'closesDate',
          registrationOpensAt: 'opensDate',
        },
      },
    });
  });

  async function getEventTimeZone(eventId: number) {
    const row = await deps.db.selectFrom('events').select('time_zone').where('id', '=', eventId).executeTakeFirst();
    return row?.time_zone;
  }

  // ---- Rows: parts, items, sessions, roles, questions, organisers, links ---------------------

  interface RowKind<S extends z.ZodType> {
    kind: EventRowKind;
    /** URL segment. */
    path: string;
    /** Form prefix of existing rows ("i" → "i12"); the add form's is prefix + "new" (+ part id for items). */
    prefix: string;
    page: EditorPageKey;
    schema: S;
    movable: boolean;
    names?: Record<string, string>;
    save: (
      req: FastifyRequest,
      target: EditTarget,
      id: number | null,
      data: z.output<S>,
      context: { tz: string; action: string; data: EditorEvent },
    ) => Promise<Result<object> | { ok: false; fieldProblem: [string, string] }>;
  }

  function rowKind<S extends z.ZodType>(kind: RowKind<S>) {
    return kind;
  }

  const spanNames = { startsAt: 'startTime', endsAt: 'endTime' };

  const kinds = [
    rowKind({
      kind: 'part',
      path: 'parts',
      prefix: 'p',
      page: 'programme',
      schema: partSchema,
      movable: true,
      save: (_req, target, id, f) =>
        saveProgrammePart(
          deps,
          { ...target, partId: id, fields: { label: f.label, title: f.title, facilitators: f.facilitators } },
          services.now(),
        ),
    }),
    rowKind({
      kind: 'item',
      path: 'items',
      prefix: 'i',
      page: 'programme',
      schema: itemSchema,
      movable: false,
      names: spanNames,
      save: (_req, target, id, f, context) => {
        const speakers = (f.speakers ?? [])
          .filter((s) => s.name !== '')
          .map((s) => ({ name: s.name, affiliation: s.affiliation }));
        // The speaker move buttons save the item with that speaker moved.
        const move = /^speaker-(up|down):(\d{1,2})$/.exec(context.action);
        if (move) {
          const i = Number(move[2]);
          const j = move[1] === 'up' ? i - 1 : i + 1;
          if (i < speakers.length && j >= 0 && j < speakers.length) {
            [speakers[i], speakers[j]] = [
              speakers[j] as (typeof speakers)[number],
              speakers[i] as (typeof speakers)[number],
            ];
          }
        }
        return saveProgrammeItem(
          deps,
          {
            ...target,
            itemId: id,
            fields: {
              partId: f.partId,
              startsAt: instant(f.date, f.startTime, context.tz),
              endsAt: instant(f.date, f.endTime, context.tz),
              title: f.title,
              kind: f.kind,
              note: f.note,
              sessionId: f.sessionId,
              speakers,
            },
          },
          services.now(),
        );
      },
    }),
    rowKind({
      kind: 'session',
      path: 'sessions',
      prefix: 's',
      page: 'sessions',
      schema: sessionSchema,
      movable: true,
      names: spanNames,
      save: (_req, target, id, f, context) =>
        saveSession(
          deps,
          {
            ...target,
            sessionId: id,
            fields: {
              code: f.code,
              title: f.title,
              description: f.description,
              facilitator: f.facilitator,
              partId: f.partId,
              startsAt: instant(f.date, f.startTime, context.tz),
              endsAt: instant(f.date, f.endTime, context.tz),
              capacity: f.capacity,
              pitch: f.pitch,
            },
          },
          services.now(),
        ),
    }),
    rowKind({
      kind: 'role',
      path: 'roles',
      prefix: 'r',
      page: 'roles',
      schema: roleSchema,
      movable: true,
      save: async (_req, target, id, f, context) => {
        const code = id === null ? f.code : context.data.roles.find((r) => r.id === id)?.code;
        if (id === null && !f.code) return { ok: false as const, fieldProblem: ['code', 'required'] };
        if (code !== undefined && !isDefaultRoleCode(code) && !f.label) {
          return { ok: false as const, fieldProblem: ['label', 'label_required'] };
        }
        return saveEventRole(
          deps,
          { ...target, roleId: id, fields: { code: code ?? '', label: f.label || null, asksText: f.asksText } },
          services.now(),
        );
      },
    }),
    rowKind({
      kind: 'question',
      path: 'questions',
      prefix: 'q',
      page: 'questions',
      schema: questionSchema,
      movable: true,
      save: (_req, target, id, f) =>
        saveEventQuestion(
          deps,
          {
            ...target,
            questionId: id,
            fields: { kind: f.kind, label: f.label, hint: f.hint, options: f.options, required: f.required },
          },
          services.now(),
        ),
    }),
    rowKind({
      kind: 'party',
      path: 'parties',
      prefix: 'o',
      page: 'parties',
      schema: partySchema,
      movable: true,
      save: (_req, target, id, f) =>
        saveEventParty(
          deps,
          { ...target, partyId: id, fields: { kind: f.kind, name: f.name, url: f.url ?? null } },
          services.now(),
        ),
    }),
    rowKind({
      kind: 'link',
      path: 'links',
      prefix: 'l',
      page: 'parties',
      schema: linkSchema,
      movable: true,
      save: (_req, target, id, f) =>
        saveEventLink(deps, { ...target, linkId: id, fields: { label: f.label, url: f.url } }, services.now()),
    }),
  ];

  for (const kind of kinds) {
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const loaded = await organiserEvent(req, reply);
      if (!loaded) return;
      const body = (req.body ?? {}) as Body;
      const rawId = (req.params as { id?: string }).id;
      const id = rawId === undefined ? null : /^\d{1,9}$/.test(rawId) ? Number(rawId) : Number.NaN;
      if (Number.isNaN(id)) return sendAdminNotFound(req, reply);
      const version = versionOf(body);
      const page = kind.page;
      if (version === null) return renderPage(req, reply, page, loaded, { problem: req.t.admin.common.stale }, 409);
      const action = actionOf(body);
      const t = target(req, loaded, version);
      const back = (ok: string, anchor?: string) =>
        `${pagePath(loaded.event.slug, page)}?ok=${ok}${anchor ? `#${anchor}` : ''}`;

      if (id !== null && (action === 'delete' || ((action === 'up' || action === 'down') && kind.movable))) {
        const result =
          action === 'delete'
            ? await removeEventRow(deps, { ...t, kind: kind.kind, id }, services.now())
            : await moveEventRow(
                deps,
                { ...t, kind: kind.kind as MovableKind, id, direction: action as 'up' | 'down' },
                services.now(),
              );
        return answer(req, reply, loaded, result, {
          page,
          success: () => (action === 'delete' ? back('removed') : back('moved', `${kind.prefix}${id}`)),
        });
      }

      // The add form's prefix: "inew7" for a new item in part 7, else "snew", "qnew", ….
      let key = id === null ? `${kind.prefix}new` : `${kind.prefix}${id}`;
      if (id === null && kind.kind === 'item') {
        const found = Object.keys(body)
          .map((k) => /^(inew\d{1,9})\./.exec(k)?.[1])
          .find(Boolean);
        if (!found) return sendAdminNotFound(req, reply);
        key = found;
      }
      const values = formFields(body, key);
      const parsed = kind.schema.safeParse(values);
      if (!parsed.success) {
        return renderPage(
          req,
          reply,
          page,
          loaded,
          { form: { key, values, errors: editorErrors(req.t, problemsOf(parsed.error, key)) } },
          422,
        );
      }
      const data = await getEventForEditing(deps.db, loaded.event.id);
      if (!data) return sendAdminNotFound(req, reply);
      const result = await (kind.save as RowKind<z.ZodType>['save'])(req, t, id, parsed.data, {
        tz: data.event.time_zone,
        action,
        data,
      });
      if ('fieldProblem' in result) {
        const [field, problem] = result.fieldProblem;
        return renderPage(
          req,
          reply,
          page,
          loaded,
          { form: { key, values, errors: editorErrors(req.t, { [`${key}.${field}`]: problem }) } },
          422,
        );
      }
      return answer(req, reply, loaded, result, {
        page,
        success: (v) => {
          const promoted = Array.isArray(v.promoted) ? v.promoted.length : 0;
          return `${pagePath(loaded.event.slug, page)}?ok=${id === null ? 'added' : 'saved'}${
            promoted > 0 ? `&promoted=${promoted}` : ''
          }#${kind.prefix}${String(v.id)}`;
        },
        form: { key, values, ...(kind.names ? { names: kind.names } : {}) },
      });
    };
    app.post(`/admin/events/:slug/edit/${kind.path}`, csrf, handler);
    app.post(`/admin/events/:slug/edit/${kind.path}/:id`, csrf, handler);
  }

  // ---- Publish, unpublish, preview ------------------------------------------------------------

  for (const [path, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(`/admin/events/:slug/${path}`, csrf, async (req, reply) => {
      const loaded = await organiserEvent(req, reply);
      if (!loaded) return;
      const version = versionOf((req.body ?? {}) as Body);
      if (version === null)
        return renderPage(req, reply, 'details', loaded, { problem: req.t.admin.common.stale }, 409);
      const result = await publishEvent(deps, { ...target(req, loaded, version), published }, services.now());
      return answer(req, reply, loaded, result, {
        page: 'details',
        success: () => `${pagePath(loaded.event.slug, 'details')}?ok=${published ? 'published' : 'unpublished'}`,
      });
    });
  }

  app.get('/admin/events/:slug/preview', async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    const event = await getEvent(deps.db, loaded.event.slug, { includeUnpublished: true });
    if (!event) return sendAdminNotFound(req, reply);
    const p = req.t.admin.editor.preview;
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      EventPage({
        ctx: viewContext(req),
        event,
        window: registrationWindow(event, services.now()),
        eventUrl: `${services.config.baseUrl}/e/${event.slug}`,
        descriptionHtml: renderMarkdown(event.descriptionMd),
        preview: {
          text: event.published ? p.bannerPublished : p.banner,
          backHref: pagePath(event.slug, 'details'),
          backLabel: p.back,
        },
      }),
    );
  });

  // ---- New event, copy ------------------------------------------------------------------------

  app.get('/admin/events/new', async (req, reply) => {
    const user = req.user as AdminUser;
    const organizations = creatableOrganizations(user);
    if (organizations.length === 0) return sendForbidden(req, reply);
    return sendHtml(
      reply,
      NewEventPage({
        ctx: adminContext(req, reply),
        organizations,
        values: { organizationId: organizations.length === 1 ? String(organizations[0]?.id) : '' },
        errors: {},
        baseUrl: services.config.baseUrl,
      }),
    );
  });

  app.post('/admin/events/new', csrf, async (req, reply) => {
    const user = req.user as AdminUser;
    const organizations = creatableOrganizations(user);
    if (organizations.length === 0) return sendForbidden(req, reply);
    const body = (req.body ?? {}) as Body;
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Body;
    // Someone in one organisation is not asked which.
    if (organizations.length === 1 && !values.organizationId) values.organizationId = String(organizations[0]?.id);
    const render = (problems: Record<string, string>) =>
      sendHtml(
        reply,
        NewEventPage({
          ctx: adminContext(req, reply),
          organizations,
          values,
          errors: editorErrors(req.t, problems),
          baseUrl: services.config.baseUrl,
        }),
        422,
      );
    const parsed = createSchema.safeParse(values);
    if (!parsed.success) return render(problemsOf(parsed.error));
    const f = parsed.data;
    if (!organizations.some((o) => o.id === f.organizationId)) return render({ organizationId: 'choose' });
    const tz = 'Europe/Oslo';
    const result = await createNewEvent(
      deps,
      {
        organizationId: f.organizationId,
        title: f.title,
        slug: f.slug,
        startsAt: instant(f.date, f.startTime, tz),
        endsAt: instant(f.endDate ?? f.date, f.endTime, tz),
        registrationClosesAt: endOfDayInstant(f.closesDate, tz),
        contactEmail: f.contactEmail,
        venueName: f.venueName,
        actor: actorOf(user),
      },
      services.now(),
    );
    if (!result.ok) {
      return render(
        mapProblems(result.fields, { startsAt: 'startTime', endsAt: 'endTime', registrationClosesAt: 'closesDate' }),
      );
    }
    return reply.redirect(`${pagePath(result.slug, 'details')}?ok=created`, 303);
  });

  async function copyPage(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    values: Body,
    errors: Record<string, string>,
    status = 200,
  ) {
    const user = req.user as AdminUser;
    const source = await deps.db
      .selectFrom('events')
      .select(['slug', 'title'])
      .where('id', '=', loaded.event.id)
      .executeTakeFirstOrThrow();
    return sendHtml(
      reply,
      CopyEventPage({
        ctx: adminContext(req, reply),
        source,
        event: { slug: source.slug, title: source.title, permission: loaded.permission },
        organizations: creatableOrganizations(user),
        values,
        errors: editorErrors(req.t, errors),
        baseUrl: services.config.baseUrl,
      }),
      status,
    );
  }

  app.get('/admin/events/:slug/copy', async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    const user = req.user as AdminUser;
    const organizations = creatableOrganizations(user);
    if (organizations.length === 0) return sendForbidden(req, reply);
    const source = await deps.db
      .selectFrom('events')
      .select(['slug', 'title', 'starts_at', 'time_zone', 'organization_id'])
      .where('id', '=', loaded.event.id)
      .executeTakeFirstOrThrow();
    // A year later on the same weekday: 364 days.
    const startDate = addCalendarDays(localParts(new Date(source.starts_at), source.time_zone).date, 364);
    const sameOrg = organizations.find((o) => o.id === source.organization_id);
    return copyPage(
      req,
      reply,
      loaded,
      {
        organizationId: String((sameOrg ?? (organizations.length === 1 ? organizations[0] : undefined))?.id ?? ''),
        title: source.title,
        slug: suggestSlug(source.slug, startDate.slice(0, 4)),
        startDate,
      },
      {},
    );
  });

  app.post('/admin/events/:slug/copy', csrf, async (req, reply) => {
    const loaded = await organiserEvent(req, reply);
    if (!loaded) return;
    const user = req.user as AdminUser;
    const organizations = creatableOrganizations(user);
    if (organizations.length === 0) return sendForbidden(req, reply);
    const body = (req.body ?? {}) as Body;
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Body;
    // Someone in one organisation is not asked which.
    if (organizations.length === 1 && !values.organizationId) values.organizationId = String(organizations[0]?.id);
    const parsed = copySchema.safeParse(values);
    if (!parsed.success) return copyPage(req, reply, loaded, values, problemsOf(parsed.error), 422);
    const f = parsed.data;
    if (!organizations.some((o) => o.id === f.organizationId)) {
      return copyPage(req, reply, loaded, values, { organizationId: 'choose' }, 422);
    }
    const result = await copyEvent(
      deps,
      {
        sourceEventId: loaded.event.id,
        organizationId: f.organizationId,
        slug: f.slug,
        title: f.title,
        startDate: f.startDate,
        actor: actorOf(user),
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'not_found') return sendAdminNotFound(req, reply);
      return copyPage(req, reply, loaded, values, mapProblems(result.fields, {}), 422);
    }
    return reply.redirect(`${pagePath(result.slug, 'details')}?ok=copied&days=${result.days}`, 303);
  });
}
