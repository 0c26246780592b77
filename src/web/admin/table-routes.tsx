// The co-creation meeting place in the back office: a session's challenges (curation), its table
// plan (plan, move and lock, re-plan, numbers) and the printables (table cards, facilitator sheet,
// projector). Facilitators may look; only organisers change anything.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/accounts/types.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { Failure } from '../../core/shared/result.ts';
import { type Curation, curateChallenge } from '../../core/tables/challenges/curate-challenge.ts';
import { listChallenges, listTableSessions, type TableSession } from '../../core/tables/challenges/list-challenges.ts';
import { saveChallenge } from '../../core/tables/challenges/save-challenge.ts';
import { setChallengeSettings } from '../../core/tables/challenges/set-challenge-settings.ts';
import { getTablePlan, latestPlanId } from '../../core/tables/plans/get-table-plan.ts';
import { makeTablePlan } from '../../core/tables/plans/make-table-plan.ts';
import { moveSeat } from '../../core/tables/plans/move-seat.ts';
import { replanTablePlan } from '../../core/tables/plans/replan-table-plan.ts';
import { sendHtml } from '../app.ts';
import { fieldMessage } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import {
  CHALLENGE_LIMITS,
  type ChallengeFormState,
  ChallengesPage,
  type PlanFormValues,
  PlanPage,
  ProjectorPage,
  TableCardsPage,
  TablesIndexPage,
} from '../views/admin/tables.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;

function str(body: Body, name: string, max = 5000): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

function wholeNumber(value: string, min: number, max: number): number | null {
  const v = value.trim();
  if (!/^\d{1,4}$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

/** Title, description and who is affected, checked; `prefix` names the form's fields. */
export function challengeText(
  t: { required: string; tooLong: (max: number) => string },
  body: Body,
  prefix: string,
): { ok: true; value: { title: string; description: string; affected: string } } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value = { title: '', description: '', affected: '' };
  for (const field of ['title', 'description', 'affected'] as const) {
    const v = str(body, `${prefix}${field}`, 20_000).replace(/\r\n/g, '\n').trim();
    const max = CHALLENGE_LIMITS[field];
    if (field !== 'affected' && v === '') errors[`${prefix}${field}`] = t.required;
    else if (v.length > max) errors[`${prefix}${field}`] = t.tooLong(max);
    value[field] = v;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

function failureErrors(t: Messages, failure: Failure): FieldErrors {
  return Object.fromEntries(
    Object.entries(failure.fields ?? {}).map(([path, key]) => [path, fieldMessage(t, key, path)]),
  );
}

export function registerTableRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = () => ({ db: services.store.db, adapter: services.store.adapter });

  /** The event (with the user's permission) and the session named by ?session=; 404/403 sent otherwise. */
  async function load(
    req: FastifyRequest,
    reply: FastifyReply,
    need: 'organiser' | 'facilitator',
    sessionRequired = true,
  ) {
    const loaded = await loadEventForAdmin(services, req, reply, need);
    if (!loaded || !req.user) return null;
    const sessions = await listTableSessions(services.store.db, loaded.event.id);
    const code = (req.query as Record<string, unknown>).session;
    const session = typeof code === 'string' ? sessions.find((s) => s.code === code) : undefined;
    if (sessionRequired && !session) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    const event = { slug: loaded.event.slug, title: loaded.event.title, permission: loaded.permission };
    return { loaded, event, sessions, session, user: req.user };
  }

  function base(slug: string) {
    return `/admin/events/${encodeURIComponent(slug)}/tables`;
  }

  // ---- index and plan page ----------------------------------------------------------------------

  const planNotices = (t: Messages, query: Record<string, unknown>): string | undefined => {
    const a = t.admin.tables;
    const moved = Number(query.moved);
    if (query.done === 'planned') return a.noticePlanned;
    if (query.done === 'moved') return a.noticeMoved;
    if (query.done === 'replanned') return a.noticeReplanned(Number.isInteger(moved) && moved >= 0 ? moved : 0);
    return undefined;
  };

  async function renderPlan(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: NonNullable<Awaited<ReturnType<typeof load>>>,
    session: TableSession,
    form: { values: PlanFormValues; errors: FieldErrors },
    status = 200,
  ) {
    const details = await getEvent(services.store.db, ctx.event.slug, { includeUnpublished: true });
    const plan = await getTablePlan(services.store.db, session.id);
    return sendHtml(
      reply,
      <PlanPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        details={{ roles: details?.roles ?? [] }}
        session={session}
        plan={plan}
        values={form.values}
        errors={form.errors}
        notice={status === 200 ? planNotices(req.t, req.query as Record<string, unknown>) : undefined}
      />,
      status,
    );
  }

  const defaultPlanForm = (): PlanFormValues => ({
    source: 'confirmed',
    sizeKind: 'tableSize',
    size: '8',
    rounds: '2',
  });

  app.get('/admin/events/:slug/tables', async (req, reply) => {
    const ctx = await load(req, reply, 'facilitator', false);
    if (!ctx) return;
    const code = (req.query as Record<string, unknown>).session;
    if (code === undefined) {
      return sendHtml(
        reply,
        <TablesIndexPage ctx={adminContext(req, reply)} event={ctx.event} sessions={ctx.sessions} />,
      );
    }
    if (!ctx.session) return sendAdminNotFound(req, reply);
    return renderPlan(req, reply, ctx, ctx.session, { values: defaultPlanForm(), errors: {} });
  });

  app.post('/admin/events/:slug/tables/plan', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'organiser');
    if (!ctx?.session) return;
    const a = req.t.admin.tables;
    const body = (req.body ?? {}) as Body;
    const values: PlanFormValues = {
      source: str(body, 'source', 20),
      sizeKind: str(body, 'sizeKind', 20),
      size: str(body, 'size', 20),
      rounds: str(body, 'rounds', 20),
    };
    const errors: FieldErrors = {};
    const source = values.source === 'checked_in' ? 'checked_in' : values.source === 'confirmed' ? 'confirmed' : null;
    if (!source) errors.source = req.t.fields.invalid_value;
    const size = wholeNumber(values.size, 1, 500);
    if (size === null) errors.size = a.sizeInvalid;
    const rounds = wholeNumber(values.rounds, 1, 10);
    if (rounds === null) errors.rounds = a.roundsInvalid;
    if (!source || size === null || rounds === null) {
      return renderPlan(req, reply, ctx, ctx.session, { values, errors }, 422);
    }
    const now = services.now();
    const result = await makeTablePlan(
      deps(),
      {
        eventId: ctx.loaded.event.id,
        sessionId: ctx.session.id,
        source,
        size: values.sizeKind === 'tables' ? { tables: size } : { tableSize: size },
        rounds,
        seed: now.getTime() % 2_147_483_647,
        userId: ctx.user.id,
        actor: actorOf(ctx.user),
      },
      now,
    );
    if (!result.ok) {
      const errs = failureErrors(req.t, result);
      return renderPlan(
        req,
        reply,
        ctx,
        ctx.session,
        { values, errors: Object.keys(errs).length > 0 ? errs : { size: a.sizeInvalid } },
        422,
      );
    }
    return reply.redirect(`${base(ctx.event.slug)}?session=${encodeURIComponent(ctx.session.code)}&done=planned`, 303);
  });

  app.post('/admin/events/:slug/tables/move', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'organiser');
    if (!ctx?.session) return;
    const body = (req.body ?? {}) as Body;
    const planId = await latestPlanId(services.store.db, ctx.session.id);
    const round = wholeNumber(str(body, 'round', 10), 1, 50);
    const table = wholeNumber(str(body, 'table', 10), 1, 5000);
    const registration = Number(str(body, 'registration', 12));
    const bad = () =>
      renderPlan(
        req,
        reply,
        ctx,
        ctx.session as TableSession,
        {
          values: defaultPlanForm(),
          errors: { table: req.t.fields.invalid_value },
        },
        422,
      );
    if (planId === null || round === null || table === null || !Number.isInteger(registration) || registration < 1) {
      return bad();
    }
    const result = await moveSeat(
      deps(),
      {
        eventId: ctx.loaded.event.id,
        planId,
        round,
        registrationId: registration,
        table,
        fixed: str(body, 'fixed', 5) === 'on',
        actor: actorOf(ctx.user),
      },
      services.now(),
    );
    if (!result.ok) return bad();
    return reply.redirect(`${base(ctx.event.slug)}?session=${encodeURIComponent(ctx.session.code)}&done=moved`, 303);
  });

  app.post('/admin/events/:slug/tables/replan', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'organiser');
    if (!ctx?.session) return;
    const planId = await latestPlanId(services.store.db, ctx.session.id);
    const result =
      planId === null
        ? null
        : await replanTablePlan(
            deps(),
            { eventId: ctx.loaded.event.id, planId, actor: actorOf(ctx.user) },
            services.now(),
          );
    if (!result?.ok) {
      const errors = result ? failureErrors(req.t, result) : {};
      return renderPlan(
        req,
        reply,
        ctx,
        ctx.session,
        {
          values: defaultPlanForm(),
          errors: Object.keys(errors).length > 0 ? errors : { source: req.t.fields.no_participants },
        },
        422,
      );
    }
    return reply.redirect(
      `${base(ctx.event.slug)}?session=${encodeURIComponent(ctx.session.code)}&done=replanned&moved=${result.moved}`,
      303,
    );
  });

  // ---- challenges -------------------------------------------------------------------------------

  const challengeNotices = (t: Messages, done: unknown): string | undefined => {
    const a = t.admin.tables;
    const map: Record<string, string> = {
      saved: a.noticeSaved,
      added: a.noticeAdded,
      accepted: a.noticeAccepted,
      rejected: a.noticeRejected,
      merged: a.noticeMerged,
      settings: a.noticeSettings,
    };
    return typeof done === 'string' ? map[done] : undefined;
  };

  async function renderChallenges(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: NonNullable<Awaited<ReturnType<typeof load>>>,
    session: TableSession,
    state?: ChallengeFormState,
  ) {
    const challenges = await listChallenges(services.store.db, session.id);
    return sendHtml(
      reply,
      <ChallengesPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        session={session}
        challenges={challenges}
        notice={state ? undefined : challengeNotices(req.t, (req.query as Record<string, unknown>).done)}
        state={state}
      />,
      state ? 422 : 200,
    );
  }

  app.get('/admin/events/:slug/tables/challenges', async (req, reply) => {
    const ctx = await load(req, reply, 'facilitator');
    if (!ctx?.session) return;
    return renderChallenges(req, reply, ctx, ctx.session);
  });

  app.post('/admin/events/:slug/tables/challenges', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'organiser');
    if (!ctx?.session) return;
    const session = ctx.session;
    const a = req.t.admin.tables;
    const body = (req.body ?? {}) as Body;
    const op = str(body, 'op', 20);
    const id = Number(str(body, 'id', 12));
    const eventId = ctx.loaded.event.id;
    const actor = actorOf(ctx.user);
    const now = services.now();
    const back = (done: string) =>
      reply.redirect(
        `${base(ctx.event.slug)}/challenges?session=${encodeURIComponent(session.code)}&done=${done}`,
        303,
      );
    const invalid = (form: string, values: Record<string, string>, errors: FieldErrors) =>
      renderChallenges(req, reply, ctx, session, { form, values, errors });

    if (op === 'settings') {
      await setChallengeSettings(
        deps(),
        {
          eventId,
          sessionId: session.id,
          open: str(body, 'open', 5) === 'on',
          published: str(body, 'published', 5) === 'on',
          actor,
        },
        now,
      );
      return back('settings');
    }
    if (op === 'add' || op === 'edit') {
      const prefix = op === 'add' ? '' : `c${id}-`;
      const text = challengeText(a, body, prefix);
      const form = op === 'add' ? 'new' : String(id);
      const values = {
        title: str(body, `${prefix}title`),
        description: str(body, `${prefix}description`),
        affected: str(body, `${prefix}affected`),
      };
      if (!text.ok) return invalid(form, values, text.errors);
      const result = await saveChallenge(
        deps(),
        {
          eventId,
          sessionId: session.id,
          ...(op === 'edit' ? { challengeId: id } : {}),
          ...text.value,
          userId: ctx.user.id,
          actor,
        },
        now,
      );
      if (!result.ok) return sendAdminNotFound(req, reply);
      return back(op === 'add' ? 'added' : 'saved');
    }
    if (op === 'accept' || op === 'reject' || op === 'merge') {
      if (!Number.isInteger(id) || id < 1) return sendAdminNotFound(req, reply);
      let curation: Curation;
      if (op === 'reject') {
        const note = str(body, `note-${id}`, 20_000).trim();
        if (note === '' || note.length > CHALLENGE_LIMITS.note) {
          return invalid(
            String(id),
            { note },
            {
              [`note-${id}`]: note === '' ? a.noteRequired : a.tooLong(CHALLENGE_LIMITS.note),
            },
          );
        }
        curation = { action: 'reject', note };
      } else if (op === 'merge') {
        const into = Number(str(body, `into-${id}`, 12));
        if (!Number.isInteger(into) || into < 1) return invalid(String(id), {}, { [`into-${id}`]: a.chooseMerge });
        curation = { action: 'merge', into };
      } else {
        curation = { action: 'accept' };
      }
      const result = await curateChallenge(deps(), { eventId, challengeId: id, curation, actor }, now);
      if (!result.ok) {
        if (result.code === 'invalid') return invalid(String(id), {}, { [`into-${id}`]: a.chooseMerge });
        return sendAdminNotFound(req, reply);
      }
      return back(op === 'accept' ? 'accepted' : op === 'reject' ? 'rejected' : 'merged');
    }
    return invalid('new', {}, { title: req.t.fields.invalid_value });
  });

  // ---- printables -------------------------------------------------------------------------------

  async function printable(req: FastifyRequest, reply: FastifyReply, kind: 'cards' | 'sheet' | 'projector') {
    const ctx = await load(req, reply, 'facilitator');
    if (!ctx?.session) return;
    const plan = await getTablePlan(services.store.db, ctx.session.id);
    if (!plan) return sendAdminNotFound(req, reply);
    reply.header('cache-control', 'no-store');
    if (kind === 'projector') {
      return sendHtml(reply, <ProjectorPage ctx={adminContext(req, reply)} session={ctx.session} plan={plan} />);
    }
    const details = await getEvent(services.store.db, ctx.event.slug, { includeUnpublished: true });
    return sendHtml(
      reply,
      <TableCardsPage
        ctx={adminContext(req, reply)}
        details={{ roles: details?.roles ?? [], title: ctx.event.title }}
        session={ctx.session}
        plan={plan}
        sheet={kind === 'sheet'}
      />,
    );
  }

  app.get('/admin/events/:slug/tables/cards', (req, reply) => printable(req, reply, 'cards'));
  app.get('/admin/events/:slug/tables/sheet', (req, reply) => printable(req, reply, 'sheet'));
  app.get('/admin/events/:slug/tables/projector', (req, reply) => printable(req, reply, 'projector'));
}
