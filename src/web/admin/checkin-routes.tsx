// Check-in at the door (facilitators and organisers): search and one-tap check-in as plain forms,
// walk-in registration, live counts, and for the script (/static/checkin.js) the roster to keep
// on the phone and the sync endpoint for check-ins queued offline. Organisers also set and use
// the no-show release.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, type EventPermission } from '../../core/accounts/types.ts';
import { getCheckInPerson, OP_ID_PATTERN } from '../../core/checkin/check-in-log.ts';
import { checkInRegistration } from '../../core/checkin/check-in-registration.ts';
import { getCheckInCounts } from '../../core/checkin/get-check-in-counts.ts';
import { getCheckInRoster } from '../../core/checkin/get-check-in-roster.ts';
import { registerWalkIn } from '../../core/checkin/register-walk-in.ts';
import { releaseNoShows } from '../../core/checkin/release-no-shows.ts';
import { searchCheckIn } from '../../core/checkin/search-check-in.ts';
import { setNoShowRelease } from '../../core/checkin/set-no-show-release.ts';
import { MAX_OPS, syncCheckIns } from '../../core/checkin/sync-check-ins.ts';
import { undoCheckIn } from '../../core/checkin/undo-check-in.ts';
import { localParts } from '../../core/events/event-times.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { EventDetails } from '../../core/events/types.ts';
import { zonedInstant } from '../../core/shared/time.ts';
import { sendHtml } from '../app.ts';
import { failureStatus } from '../errors.ts';
import { checkbox, fieldKeys, fieldMessage, LIMITS, requiredText, text } from '../forms/fields.ts';
import { formatTime, type Messages } from '../i18n/index.ts';
import {
  CheckinPage,
  checkinPath,
  type Flash,
  type NoShowState,
  type PendingConfirmation,
  personRole,
  sessionLabel,
  WalkInPage,
} from '../views/admin/checkin.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

const opId = z.string({ error: 'invalid_value' }).regex(OP_ID_PATTERN, { error: 'invalid_value' });
const query = text(200).optional().default('');

const checkInSchema = z.object({ opId, q: query, confirm: checkbox });
const undoSchema = z.object({ opId, q: query });

const optionalEmail = z
  .string({ error: 'email_invalid' })
  .max(LIMITS.email * 4, { error: 'email_invalid' })
  .transform((v) => v.trim())
  .refine((v) => v === '' || (v.length <= LIMITS.email && z.email().safeParse(v).success), { error: 'email_invalid' });

const walkInSchema = z.object({
  opId,
  name: requiredText(LIMITS.name, 'other_name_required', 'name_too_long'),
  organization: text(LIMITS.organization).optional().default(''),
  role: requiredText(LIMITS.role, 'role_required'),
  roleOther: text(LIMITS.roleOther).optional().default(''),
  session: text(LIMITS.session).optional().default(''),
  email: optionalEmail.optional().default(''),
  overCapacity: checkbox,
});

const syncSchema = z.object({
  ops: z
    .array(
      z.object({
        opId,
        action: z.enum(['in', 'undo']),
        registrationId: z.number().int().positive().max(2_000_000_000).nullable().optional(),
        code: z.string().max(60).nullable().optional(),
        at: z.iso.datetime({ offset: true }).nullable().optional(),
        confirm: z.boolean().optional(),
      }),
    )
    .max(MAX_OPS),
});

const DONE_KEYS = ['in', 'already', 'promoted', 'undone', 'not_in', 'walkin'] as const;
type Done = (typeof DONE_KEYS)[number];

function registrationId(req: FastifyRequest): number | null {
  const id = (req.params as { id?: unknown }).id;
  return typeof id === 'string' && /^\d{1,9}$/.test(id) ? Number(id) : null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 5000) : '';
}

function errorsFrom(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, fieldMessage(t, key, path)]));
}

/** jsQR, the QR decoder for browsers without BarcodeDetector, served from node_modules. */
let jsqrSource: Promise<Buffer> | null = null;
function jsqr(): Promise<Buffer> {
  jsqrSource ??= readFile(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'));
  return jsqrSource;
}

export function registerCheckinRoutes(app: FastifyInstance, services: AdminServices) {
  const store = () => ({ db: services.store.db, adapter: services.store.adapter });

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

  async function noShowState(event: EventDetails, overrides: Partial<NoShowState> = {}): Promise<NoShowState> {
    const row = await services.store.db
      .selectFrom('events')
      .select(['noshow_release_at', 'noshows_released_at'])
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    const releaseAt = row.noshow_release_at ? new Date(row.noshow_release_at) : null;
    const local = releaseAt ? localParts(releaseAt, event.timeZone) : null;
    return {
      releaseAt,
      releasedAt: row.noshows_released_at ? new Date(row.noshows_released_at) : null,
      value: local ? `${local.date}T${local.time}` : '',
      canRelease: releaseAt !== null && services.now() >= releaseAt,
      ...overrides,
    };
  }

  /** The check-in page: counts, the search and its results, a flash or a confirmation. */
  async function renderPage(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: { event: EventDetails; permission: EventPermission },
    options: {
      q: string;
      focusId?: number | null;
      flash?: Flash | undefined;
      confirm?: PendingConfirmation | undefined;
      noShow?: Partial<NoShowState>;
      status?: number;
    },
  ) {
    const { event } = loaded;
    const db = services.store.db;
    const input = { eventId: event.id, ticketKey: services.ticketKey };
    const [counts, search, focus, noShow] = await Promise.all([
      getCheckInCounts(db, event.id),
      options.q ? searchCheckIn(db, { ...input, q: options.q }) : Promise.resolve(null),
      options.focusId
        ? getCheckInPerson(db, { ...input, registrationId: options.focusId })
        : Promise.resolve(undefined),
      loaded.permission === 'organiser' ? noShowState(event, options.noShow) : Promise.resolve(undefined),
    ]);
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      CheckinPage({
        ctx: adminContext(req, reply),
        ...loaded,
        counts,
        q: options.q,
        search,
        focus: focus ?? null,
        flash: options.flash,
        confirm: options.confirm,
        noShow,
        opId: randomUUID,
      }),
      options.status ?? 200,
    );
  }

  function pageUrl(event: EventDetails, q: string, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const text = params.toString();
    return text ? `${checkinPath(event.slug)}?${text}` : checkinPath(event.slug);
  }

  // ---- the page ---------------------------------------------------------------------------

  app.get('/admin/events/:slug/checkin', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    const params = req.query as Record<string, unknown>;
    const q = str(params.q).trim().slice(0, 200);
    const c = req.t.admin.checkin;
    const tz = loaded.event.timeZone;
    let flash: Flash | undefined;
    let focusId: number | null = null;
    const done = str(params.done) as Done;
    const id = /^\d{1,9}$/.test(str(params.id)) ? Number(params.id) : null;
    if (DONE_KEYS.includes(done) && id !== null) {
      const person = await getCheckInPerson(services.store.db, {
        eventId: loaded.event.id,
        ticketKey: services.ticketKey,
        registrationId: id,
      });
      if (person) {
        focusId = person.id;
        const time = person.checkedInAt ? formatTime(person.checkedInAt, req.lang, tz) : '';
        const texts: Record<Done, Flash> = {
          in: { kind: 'success', text: c.doneCheckedIn(person.name, time) },
          already: { kind: 'warning', text: c.doneAlready(person.name, time) },
          promoted: { kind: 'success', text: c.donePromoted(person.name, time) },
          undone: { kind: 'success', text: c.doneUndone(person.name) },
          not_in: { kind: 'warning', text: c.doneNotCheckedIn(person.name) },
          walkin: { kind: 'success', text: c.doneWalkIn(person.name, time) },
        };
        flash = texts[done];
      }
    } else if (params.ok === 'noshow') {
      flash = { kind: 'success', text: c.noShowSaved };
    } else if (typeof params.released === 'string' && /^\d{1,6}$/.test(params.released)) {
      flash = { kind: 'success', text: c.noShowReleased(Number(params.released)) };
    }
    return renderPage(req, reply, loaded, { q, focusId, flash });
  });

  // ---- check in and undo (plain forms) ----------------------------------------------------

  app.post('/admin/events/:slug/checkin/:id/in', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return;
    const id = registrationId(req);
    if (id === null) return sendAdminNotFound(req, reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = checkInSchema.safeParse(body);
    const c = req.t.admin.checkin;
    const q = str(body.q).trim().slice(0, 200);
    if (!parsed.success) {
      return renderPage(req, reply, loaded, {
        q,
        flash: { kind: 'warning', text: req.t.errors.badRequest },
        status: 422,
      });
    }
    const { event } = loaded;
    const result = await checkInRegistration(
      store(),
      {
        eventId: event.id,
        registrationId: id,
        opId: parsed.data.opId,
        at: null,
        userId: req.user.id,
        actor: actorOf(req.user),
        confirm: parsed.data.confirm,
      },
      services.now(),
    );
    if (result.ok) {
      const done: Done = result.outcome === 'already' ? 'already' : result.seat ? 'promoted' : 'in';
      return reply.redirect(pageUrl(event, q, { done, id: String(id) }), 303);
    }
    if (result.code === 'not_found') return sendAdminNotFound(req, reply);
    const person = await getCheckInPerson(services.store.db, {
      eventId: event.id,
      ticketKey: services.ticketKey,
      registrationId: id,
    });
    if (!person) return sendAdminNotFound(req, reply);
    if (result.code === 'not_confirmed' && person.status !== 'confirmed') {
      const session = person.session ? event.sessions.find((s) => s.code === person.session) : undefined;
      const seatsLeft = session ? session.seatsLeft : event.seatsLeft;
      return renderPage(req, reply, loaded, {
        q,
        focusId: id,
        confirm: {
          person,
          message: person.status === 'waitlisted' ? c.refusedWaitlisted(person.name) : c.refusedCancelled(person.name),
          seatFree: seatsLeft === null || seatsLeft > 0,
          opId: randomUUID(),
        },
        status: failureStatus.not_confirmed,
      });
    }
    return renderPage(req, reply, loaded, {
      q,
      focusId: id,
      flash: { kind: 'warning', text: c.refusedConflict(person.name) },
      status: failureStatus.conflict,
    });
  });

  app.post('/admin/events/:slug/checkin/:id/undo', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return;
    const id = registrationId(req);
    if (id === null) return sendAdminNotFound(req, reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = undoSchema.safeParse(body);
    const q = str(body.q).trim().slice(0, 200);
    if (!parsed.success) {
      return renderPage(req, reply, loaded, {
        q,
        flash: { kind: 'warning', text: req.t.errors.badRequest },
        status: 422,
      });
    }
    const result = await undoCheckIn(
      store(),
      {
        eventId: loaded.event.id,
        registrationId: id,
        opId: parsed.data.opId,
        at: null,
        userId: req.user.id,
        actor: actorOf(req.user),
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'not_found') return sendAdminNotFound(req, reply);
      return renderPage(req, reply, loaded, {
        q,
        focusId: id,
        flash: { kind: 'warning', text: req.t.api.conflict },
        status: failureStatus[result.code],
      });
    }
    const done: Done = result.outcome === 'undone' ? 'undone' : 'not_in';
    return reply.redirect(pageUrl(loaded.event, q, { done, id: String(id) }), 303);
  });

  // ---- walk-in ----------------------------------------------------------------------------

  app.get('/admin/events/:slug/checkin/walk-in', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      WalkInPage({
        ctx: adminContext(req, reply),
        ...loaded,
        values: {},
        overCapacity: false,
        errors: {},
        opId: randomUUID(),
      }),
    );
  });

  app.post('/admin/events/:slug/checkin/walk-in', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return;
    const { event } = loaded;
    const c = req.t.admin.checkin;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['name', 'organization', 'role', 'roleOther', 'session', 'email'].map((k) => [k, str(body[k])]),
    );
    const overCapacity = body.overCapacity === 'on';
    // A refused form keeps its op id: sending it again after a fix still registers one person.
    const formOpId = OP_ID_PATTERN.test(str(body.opId)) ? str(body.opId) : randomUUID();
    const render = (errors: FieldErrors, status: number, message?: string) =>
      sendHtml(
        reply,
        WalkInPage({
          ctx: adminContext(req, reply),
          ...loaded,
          values,
          overCapacity,
          errors,
          message,
          opId: formOpId,
        }),
        status,
      );
    const parsed = walkInSchema.safeParse(body);
    const problems: Record<string, string> = parsed.success ? {} : fieldKeys(parsed.error);
    const session = parsed.success ? parsed.data.session : values.session;
    if (event.sessions.length > 0 && !session) problems.session = 'session_required';
    if (!parsed.success || Object.keys(problems).length > 0) {
      // A broken op id is not the facilitator's to fix: a fresh one comes with the form.
      delete problems.opId;
      return render(
        errorsFrom(req.t, problems),
        422,
        Object.keys(problems).length === 0 ? req.t.errors.badRequest : undefined,
      );
    }
    const input = parsed.data;
    const result = await registerWalkIn(
      store(),
      {
        eventId: event.id,
        opId: input.opId,
        name: input.name,
        organization: input.organization,
        role: input.role,
        roleOther: input.roleOther,
        session: event.sessions.length === 0 || input.session === 'none' ? null : input.session,
        email: input.email,
        overCapacity: input.overCapacity,
        lang: event.mainLang,
        userId: req.user.id,
        actor: actorOf(req.user),
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'over_capacity') return render({ overCapacity: c.walkInFull }, failureStatus.over_capacity);
      if (result.code === 'invalid') {
        const fields = result.fields ?? {};
        const errors = errorsFrom(req.t, fields);
        if (fields.email === 'email_taken') errors.email = c.walkInEmailTaken;
        return render(errors, 422);
      }
      return render({}, failureStatus[result.code], req.t.api[result.code]);
    }
    return reply.redirect(pageUrl(event, '', { done: 'walkin', id: String(result.registrationId) }), 303);
  });

  // ---- for the script: roster, counts, sync -------------------------------------------------

  app.get('/admin/events/:slug/checkin/roster.json', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    const { event } = loaded;
    const t = req.t;
    const [people, counts] = await Promise.all([
      getCheckInRoster(services.store.db, { eventId: event.id, ticketKey: services.ticketKey }),
      getCheckInCounts(services.store.db, event.id),
    ]);
    return reply.header('cache-control', 'no-store').send({
      generatedAt: services.now().toISOString(),
      timeZone: event.timeZone,
      people: people.map((p) => ({
        id: p.id,
        name: p.name,
        organization: p.organization,
        email: p.email,
        role: personRole(t, event, p),
        session: p.session,
        sessionLabel: event.sessions.length > 0 ? sessionLabel(t, event, p.session) : null,
        status: p.status,
        waitlistPosition: p.waitlistPosition,
        ticketCode: p.ticketCode,
        checkedInAt: p.checkedInAt ? p.checkedInAt.toISOString() : null,
      })),
      counts,
    });
  });

  app.get('/admin/events/:slug/checkin/counts.json', async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded) return;
    const counts = await getCheckInCounts(services.store.db, loaded.event.id);
    return reply.header('cache-control', 'no-store').send(counts);
  });

  app.post('/admin/events/:slug/checkin/sync', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'facilitator');
    if (!loaded || !req.user) return;
    const parsed = syncSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return reply.status(422).send({
        error: { code: 'invalid', message: req.t.api.invalid, fields: fieldKeys(parsed.error) },
      });
    }
    const results = await syncCheckIns(
      store(),
      {
        eventId: loaded.event.id,
        ticketKey: services.ticketKey,
        userId: req.user.id,
        actor: actorOf(req.user),
        ops: parsed.data.ops.map((op) => ({
          opId: op.opId,
          action: op.action,
          registrationId: op.registrationId ?? null,
          code: op.code ?? null,
          at: op.at ? new Date(op.at) : null,
          confirm: op.confirm === true,
        })),
      },
      services.now(),
    );
    const counts = await getCheckInCounts(services.store.db, loaded.event.id);
    return reply.header('cache-control', 'no-store').send({
      results: results.map((r) => ({ ...r, checkedInAt: r.checkedInAt ? r.checkedInAt.toISOString() : null })),
      counts,
    });
  });

  app.get('/admin/checkin/jsqr.js', async (_req, reply) => {
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', services.config.production ? 'private, max-age=86400' : 'no-cache')
      .send(await jsqr());
  });

  // ---- no-show release (organisers) ---------------------------------------------------------

  app.post('/admin/events/:slug/checkin/noshow', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const { event } = loaded;
    const value = str((req.body as Record<string, unknown> | undefined)?.releaseAt).trim();
    let releaseAt: Date | null = null;
    if (value !== '') {
      const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
      const instant = match ? zonedInstant(match[1] as string, match[2] as string, event.timeZone) : null;
      if (!instant || Number.isNaN(instant.getTime())) {
        return renderPage(req, reply, loaded, {
          q: '',
          noShow: { value: value.slice(0, 40), error: req.t.fields.datetime_invalid },
          status: 422,
        });
      }
      releaseAt = instant;
    }
    await setNoShowRelease(store(), { eventId: event.id, releaseAt, actor: actorOf(req.user) }, services.now());
    return reply.redirect(pageUrl(event, '', { ok: 'noshow' }), 303);
  });

  app.post('/admin/events/:slug/checkin/release-noshows', { preHandler: app.csrfProtection }, async (req, reply) => {
    const loaded = await loadEvent(req, reply, 'organiser');
    if (!loaded || !req.user) return;
    const { event } = loaded;
    const c = req.t.admin.checkin;
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'on') {
      return renderPage(req, reply, loaded, {
        q: '',
        flash: { kind: 'warning', text: req.t.fields.confirmation_required },
        status: 422,
      });
    }
    const result = await releaseNoShows(store(), { eventId: event.id, actor: actorOf(req.user) }, services.now());
    if (!result.ok) {
      return renderPage(req, reply, loaded, {
        q: '',
        flash: { kind: 'warning', text: result.code === 'forbidden' ? c.noShowTooEarly : req.t.api[result.code] },
        status: result.code === 'forbidden' ? 409 : failureStatus[result.code],
      });
    }
    return reply.redirect(pageUrl(event, '', { released: String(result.released) }), 303);
  });
}
