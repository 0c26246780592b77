// The research-idea clinic in the back office (issue 8, DEL 2B): the pitch sessions, a session's
// order and times, the control view that runs it (start, next, back, jump, finish), the projector
// view, and the event's rubric. Facilitators (invited ones included) plan and run the sessions;
// only organisers change the rubric.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/accounts/types.ts';
import { editRubric, type RubricChange } from '../../core/ideas/edit-rubric.ts';
import { finishPitches } from '../../core/ideas/finish-pitches.ts';
import { listSessionIdeas } from '../../core/ideas/list-ideas.ts';
import { getPitchBoard, listPitchSessions, type PitchSessionRef } from '../../core/ideas/pitch-board.ts';
import { getPitchRun, pitchSlots } from '../../core/ideas/pitch-run.ts';
import { moveIdea, setPitchTiming } from '../../core/ideas/plan-pitches.ts';
import { getRubric } from '../../core/ideas/rubric.ts';
import { type PitchStep, stepPitch } from '../../core/ideas/run-pitches.ts';
import { CRITERION_LIMITS, type CriterionText, MAX_CRITERIA, TIMING_LIMITS } from '../../core/ideas/types.ts';
import { createIdeaSummaryMailer } from '../../mail/idea-summary-mail.tsx';
import { sendHtml } from '../app.ts';
import type { Messages } from '../i18n/index.ts';
import { topicOfPitchBoard } from '../live/topics.ts';
import { boardFragment, defaultCriteria, publishRunChange, streamPitchBoard } from '../public/idea-routes.tsx';
import {
  PitchesIndexPage,
  PitchPlanPage,
  PitchRunPage,
  pitchesBase,
  type RubricFormState,
  RubricPage,
  type TimingValues,
} from '../views/admin/pitches.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { PitchProjectorPage } from '../views/pitch-projector.tsx';
import { adminContext, adminStreamGuard, loadEventForAdmin, sendAdminNotFound, sendForbidden } from './auth.ts';
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

export function registerPitchRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter };
  const db = deps.db;
  const mailer = createIdeaSummaryMailer({
    // Read when a mail is written: tests learn the base URL only after listening.
    get baseUrl() {
      return services.config.baseUrl;
    },
    get domain() {
      return services.config.mailDomain;
    },
  });

  /** The event (any access), and the pitch session named by ?session= when `needSession`. */
  async function load(req: FastifyRequest, reply: FastifyReply, needSession: boolean) {
    const loaded = await loadEventForAdmin(services, req, reply, 'facilitator');
    if (!loaded || !req.user) return null;
    const sessions = await listPitchSessions(db, loaded.event.id);
    const code = (req.query as Record<string, unknown>).session;
    const session = typeof code === 'string' ? sessions.find((s) => s.code === code) : undefined;
    if (needSession && !session) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    const event = { slug: loaded.event.slug, title: loaded.event.title, permission: loaded.permission };
    const row = await db
      .selectFrom('events')
      .select(['time_zone', 'main_lang'])
      .where('id', '=', loaded.event.id)
      .executeTakeFirstOrThrow();
    return {
      loaded,
      eventId: loaded.event.id,
      event,
      sessions,
      session,
      user: req.user,
      timeZone: row.time_zone,
      defaults: defaultCriteria(row.main_lang),
    };
  }

  type Ctx = NonNullable<Awaited<ReturnType<typeof load>>>;
  const sessionUrl = (ctx: Ctx, session: PitchSessionRef, path = '') =>
    `${pitchesBase(ctx.event.slug)}${path}?session=${encodeURIComponent(session.code)}`;

  // ---- index and plan ---------------------------------------------------------------------------

  async function renderPlan(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    session: PitchSessionRef,
    form?: { values: TimingValues; errors: FieldErrors },
  ) {
    const [ideas, run] = await Promise.all([listSessionIdeas(db, session.id), getPitchRun(db, session.id)]);
    const done = (req.query as Record<string, unknown>).done;
    const a = req.t.ideas.admin;
    return sendHtml(
      reply,
      <PitchPlanPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        session={session}
        timeZone={ctx.timeZone}
        slots={pitchSlots(ideas, run, session.startsAt)}
        values={
          form?.values ?? {
            pitchMinutes: String(run.pitchMinutes),
            feedbackMinutes: String(run.feedbackMinutes),
            offsetMinutes: String(run.offsetMinutes),
          }
        }
        errors={form?.errors ?? {}}
        notice={form ? undefined : done === 'timing' ? a.timingSaved : done === 'moved' ? a.moved : undefined}
      />,
      form ? 422 : 200,
    );
  }

  app.get('/admin/events/:slug/pitches', async (req, reply) => {
    const ctx = await load(req, reply, false);
    if (!ctx) return;
    const code = (req.query as Record<string, unknown>).session;
    if (code !== undefined) {
      if (!ctx.session) return sendAdminNotFound(req, reply);
      return renderPlan(req, reply, ctx, ctx.session);
    }
    const sessions = await Promise.all(
      ctx.sessions.map(async (session) => ({ session, ideas: (await listSessionIdeas(db, session.id)).length })),
    );
    return sendHtml(reply, <PitchesIndexPage ctx={adminContext(req, reply)} event={ctx.event} sessions={sessions} />);
  });

  app.post('/admin/events/:slug/pitches/timing', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    const a = req.t.ideas.admin;
    const body = (req.body ?? {}) as Body;
    const values: TimingValues = {
      pitchMinutes: str(body, 'pitchMinutes', 20),
      feedbackMinutes: str(body, 'feedbackMinutes', 20),
      offsetMinutes: str(body, 'offsetMinutes', 20),
    };
    const errors: FieldErrors = {};
    const pitch = wholeNumber(values.pitchMinutes, 1, TIMING_LIMITS.minutes);
    const feedback = wholeNumber(values.feedbackMinutes, 1, TIMING_LIMITS.minutes);
    const offset = wholeNumber(values.offsetMinutes, 0, TIMING_LIMITS.offset);
    if (pitch === null) errors.pitchMinutes = a.minutesInvalid(1, TIMING_LIMITS.minutes);
    if (feedback === null) errors.feedbackMinutes = a.minutesInvalid(1, TIMING_LIMITS.minutes);
    if (offset === null) errors.offsetMinutes = a.minutesInvalid(0, TIMING_LIMITS.offset);
    if (pitch === null || feedback === null || offset === null) {
      return renderPlan(req, reply, ctx, ctx.session, { values, errors });
    }
    const result = await setPitchTiming(
      deps,
      {
        eventId: ctx.eventId,
        sessionId: ctx.session.id,
        timing: { pitchMinutes: pitch, feedbackMinutes: feedback, offsetMinutes: offset },
        actor: actorOf(ctx.user),
      },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    publishRunChange(services, ctx.session.id);
    return reply.redirect(`${sessionUrl(ctx, ctx.session)}&done=timing`, 303);
  });

  app.post('/admin/events/:slug/pitches/move', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    const body = (req.body ?? {}) as Body;
    const idea = Number(str(body, 'idea', 12));
    const direction = str(body, 'direction', 10);
    if (!Number.isInteger(idea) || idea < 1 || (direction !== 'up' && direction !== 'down')) {
      return sendAdminNotFound(req, reply);
    }
    const result = await moveIdea(
      deps,
      { eventId: ctx.eventId, sessionId: ctx.session.id, ideaId: idea, direction, actor: actorOf(ctx.user) },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    publishRunChange(services, ctx.session.id);
    return reply.redirect(`${sessionUrl(ctx, ctx.session)}&done=moved`, 303);
  });

  // ---- the control view ---------------------------------------------------------------------------

  async function renderRun(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    session: PitchSessionRef,
    messages: { notice?: string | undefined; problem?: string | undefined } = {},
    status = 200,
  ) {
    const now = services.now();
    // The rubric is needed from the first pitch on: seed the defaults now if the event has none.
    await getRubric(deps, ctx.eventId, ctx.defaults, now);
    const [board, fragment] = await Promise.all([
      getPitchBoard(db, session),
      boardFragment(db, session, req.t, req.lang, now),
    ]);
    return sendHtml(
      reply,
      <PitchRunPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        session={session}
        board={board}
        fragment={fragment.html}
        liveSrc={sessionUrl(ctx, session, '/run/live')}
        now={now}
        notice={messages.notice}
        problem={messages.problem}
      />,
      status,
    );
  }

  const runNotices = (t: Messages, query: Record<string, unknown>): string | undefined => {
    const a = t.ideas.admin;
    if (query.done === 'started') return a.noticeStarted;
    if (query.done === 'stepped') return a.noticeStepped;
    if (query.done === 'finished') {
      const mailed = Number(query.mailed);
      return `${a.noticeFinished} ${a.summariesSent(Number.isInteger(mailed) && mailed >= 0 ? mailed : 0)}`;
    }
    return undefined;
  };

  app.get('/admin/events/:slug/pitches/run', async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    reply.header('cache-control', 'no-store');
    return renderRun(req, reply, ctx, ctx.session, {
      notice: runNotices(req.t, req.query as Record<string, unknown>),
    });
  });

  app.post('/admin/events/:slug/pitches/run', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    const session = ctx.session;
    const a = req.t.ideas.admin;
    const body = (req.body ?? {}) as Body;
    const op = str(body, 'op', 20);
    const versionText = str(body, 'version', 12);
    const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : -1;
    const now = services.now();
    const actor = actorOf(ctx.user);
    if (op === 'finish') {
      const result = await finishPitches(
        { ...deps, mailer },
        { eventId: ctx.eventId, sessionId: session.id, version, actor },
        now,
      );
      if (!result.ok) {
        const problem = result.code === 'stale_version' ? a.stale : a.nowhere;
        return renderRun(req, reply, ctx, session, { problem }, 409);
      }
      publishRunChange(services, session.id);
      if (result.mailed > 0) services.mailQueued();
      return reply.redirect(`${sessionUrl(ctx, session, '/run')}&done=finished&mailed=${result.mailed}`, 303);
    }
    let step: PitchStep | null = null;
    if (op === 'start' || op === 'next' || op === 'back') step = { op };
    if (op === 'goto') {
      const idea = Number(str(body, 'idea', 12));
      if (Number.isInteger(idea) && idea > 0) step = { op: 'goto', ideaId: idea };
    }
    if (!step) return renderRun(req, reply, ctx, session, { problem: a.nowhere }, 422);
    const result = await stepPitch(deps, { eventId: ctx.eventId, sessionId: session.id, step, version, actor }, now);
    if (!result.ok) {
      const problem = result.code === 'stale_version' ? a.stale : a.nowhere;
      return renderRun(req, reply, ctx, session, { problem }, 409);
    }
    publishRunChange(services, session.id);
    return reply.redirect(`${sessionUrl(ctx, session, '/run')}&done=${op === 'start' ? 'started' : 'stepped'}`, 303);
  });

  app.get('/admin/events/:slug/pitches/run/live', async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    return streamPitchBoard(services, req, reply, ctx.session, adminStreamGuard(services, req, ctx.eventId));
  });

  // ---- the projector ----------------------------------------------------------------------------

  app.get('/admin/events/:slug/pitches/projector', async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    reply.header('cache-control', 'no-store');
    const now = services.now();
    await getRubric(deps, ctx.eventId, ctx.defaults, now);
    const { html } = await boardFragment(db, ctx.session, req.t, req.lang, now);
    return sendHtml(
      reply,
      <PitchProjectorPage
        t={req.t}
        lang={req.lang}
        eventTitle={ctx.event.title}
        sessionCode={ctx.session.code}
        sessionTitle={ctx.session.title}
        liveSrc={sessionUrl(ctx, ctx.session, '/projector/live')}
        fragment={html}
        now={now}
      />,
    );
  });

  app.get('/admin/events/:slug/pitches/projector/live', async (req, reply) => {
    const ctx = await load(req, reply, true);
    if (!ctx?.session) return;
    return streamPitchBoard(services, req, reply, ctx.session, adminStreamGuard(services, req, ctx.eventId));
  });

  // ---- the rubric -------------------------------------------------------------------------------

  async function renderRubric(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    extra: { notice?: string; problem?: string; state?: RubricFormState } = {},
    status = 200,
  ) {
    const criteria = await getRubric(deps, ctx.eventId, ctx.defaults, services.now());
    const used = new Set(
      (
        await db
          .selectFrom('idea_scores')
          .select('criterion_id')
          .distinct()
          .where(
            'criterion_id',
            'in',
            criteria.map((c) => c.id),
          )
          .execute()
      ).map((r) => r.criterion_id),
    );
    return sendHtml(
      reply,
      <RubricPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        criteria={criteria.map((c) => ({ ...c, used: used.has(c.id) }))}
        notice={extra.notice}
        problem={extra.problem}
        state={extra.state}
      />,
      status,
    );
  }

  app.get('/admin/events/:slug/pitches/rubric', async (req, reply) => {
    const ctx = await load(req, reply, false);
    if (!ctx) return;
    const a = req.t.ideas.admin;
    const done = (req.query as Record<string, unknown>).done;
    const notices: Record<string, string> = {
      added: a.criterionAdded,
      saved: a.criterionSaved,
      moved: a.criterionMoved,
      removed: a.criterionRemoved,
    };
    return renderRubric(req, reply, ctx, typeof done === 'string' && notices[done] ? { notice: notices[done] } : {});
  });

  app.post('/admin/events/:slug/pitches/rubric', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, false);
    if (!ctx) return;
    if (ctx.event.permission !== 'organiser') return sendForbidden(req, reply);
    const a = req.t.ideas.admin;
    const body = (req.body ?? {}) as Body;
    const op = str(body, 'op', 10);
    const idText = str(body, 'id', 12);
    const id = /^\d{1,9}$/.test(idText) ? Number(idText) : null;
    const prefix = op === 'add' ? 'new' : `c${id}`;
    const text = (): { ok: true; value: CriterionText } | { ok: false; state: RubricFormState } => {
      const name = str(body, `${prefix}.name`, 20_000).replace(/\s+/g, ' ').trim();
      const description = str(body, `${prefix}.description`, 20_000).replace(/\r\n?/g, '\n').trim();
      const errors: FieldErrors = {};
      if (name === '') errors[`${prefix}.name`] = req.t.ideas.required;
      else if (name.length > CRITERION_LIMITS.name)
        errors[`${prefix}.name`] = req.t.ideas.tooLong(CRITERION_LIMITS.name);
      if (description.length > CRITERION_LIMITS.description) {
        errors[`${prefix}.description`] = req.t.ideas.tooLong(CRITERION_LIMITS.description);
      }
      if (Object.keys(errors).length > 0) {
        return {
          ok: false,
          state: { form: op === 'add' ? 'new' : String(id), values: { name, description }, errors },
        };
      }
      return { ok: true, value: { name, description } };
    };
    // The rubric exists before it is edited (the defaults are seeded by the first look).
    await getRubric(deps, ctx.eventId, ctx.defaults, services.now());
    let change: RubricChange | null = null;
    if (op === 'add' || op === 'save') {
      const checked = text();
      if (!checked.ok) return renderRubric(req, reply, ctx, { state: checked.state }, 422);
      if (op === 'add') change = { op: 'add', text: checked.value };
      else if (id !== null) change = { op: 'save', criterionId: id, text: checked.value };
    } else if ((op === 'up' || op === 'down' || op === 'remove') && id !== null) {
      change = { op, criterionId: id };
    }
    if (!change) return sendAdminNotFound(req, reply);
    const result = await editRubric(deps, { eventId: ctx.eventId, change, actor: actorOf(ctx.user) }, services.now());
    if (!result.ok) {
      if (result.code === 'not_found') return sendAdminNotFound(req, reply);
      const problem = change.op === 'add' ? a.tooManyCriteria(MAX_CRITERIA) : a.criterionInUse;
      return renderRubric(req, reply, ctx, { problem }, 409);
    }
    // Every pitch session of the event shows the rubric on its board.
    for (const s of ctx.sessions) services.live.publish(topicOfPitchBoard(s.id));
    const done = { add: 'added', save: 'saved', up: 'moved', down: 'moved', remove: 'removed' }[change.op];
    return reply.redirect(`${pitchesBase(ctx.event.slug)}/rubric?done=${done}`, 303);
  });
}
