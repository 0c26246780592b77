// Plenary questions in the back office: the event's question rooms and display links, a room's
// live moderation, its settings and its projector view. Moderating, opening and closing rooms and
// managing display links is for everyone with access to the event (facilitators run the day);
// creating rooms and changing their settings is for organisers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/accounts/types.ts';
import { createDisplayLink } from '../../core/display-links/create-display-link.ts';
import { listDisplayLinks } from '../../core/display-links/find-display-link.ts';
import { revokeDisplayLink } from '../../core/display-links/revoke-display-link.ts';
import {
  getQuestionRoom,
  listProgrammeItemsForRooms,
  listQuestionRooms,
} from '../../core/questions/get-question-room.ts';
import { listModerationQuestions, listPublicQuestions } from '../../core/questions/list-questions.ts';
import { isModerationAction, moderateQuestion } from '../../core/questions/moderate-question.ts';
import {
  createQuestionRoom,
  type RoomSettings,
  setQuestionRoomOpen,
  updateQuestionRoom,
} from '../../core/questions/save-question-room.ts';
import {
  IDENTITY_MODES,
  MODERATIONS,
  QUESTION_LIMITS,
  type QuestionIdentityMode,
  type QuestionModeration,
  type QuestionRoom,
} from '../../core/questions/types.ts';
import type { Failure } from '../../core/shared/result.ts';
import { sendHtml } from '../app.ts';
import type { Messages } from '../i18n/index.ts';
import { streamTopic } from '../live/sse.ts';
import { streamProjector, topicOfDisplayLinks } from '../public/display-routes.tsx';
import { shortUrlOf, topicOfEventRooms, topicOfRoom } from '../public/question-routes.tsx';
import {
  ModerationList,
  QuestionRoomPage,
  type QuestionsEvent,
  QuestionsIndexPage,
  questionsBase,
  type RoomFormValues,
  RoomSettingsPage,
  roomFormValues,
} from '../views/admin/questions.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { ProjectorPage } from '../views/questions.tsx';
import { adminContext, adminStreamGuard, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;

function str(body: Body, name: string, max = 1000): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

const emptyRoomForm = (): RoomFormValues => ({
  programmeItemId: '',
  title: '',
  identityMode: 'choice',
  moderation: 'post',
});

/** The room form's values as typed, and the settings they make (or the errors). */
function parseRoomForm(
  t: Messages,
  body: Body,
): { values: RoomFormValues; settings: RoomSettings | null; errors: FieldErrors } {
  const a = t.live.admin;
  const values: RoomFormValues = {
    programmeItemId: str(body, 'programmeItemId', 20),
    title: str(body, 'title', 1000),
    identityMode: str(body, 'identityMode', 20),
    moderation: str(body, 'moderation', 20),
  };
  const errors: FieldErrors = {};
  const item = values.programmeItemId.trim();
  const itemId = item === '' ? null : /^\d{1,9}$/.test(item) ? Number(item) : Number.NaN;
  if (Number.isNaN(itemId)) errors.programmeItemId = t.fields.invalid_value;
  const title = values.title.replace(/\s+/g, ' ').trim();
  if (title.length > QUESTION_LIMITS.title) errors.title = a.titleTooLong(QUESTION_LIMITS.title);
  if (!(IDENTITY_MODES as readonly string[]).includes(values.identityMode)) {
    errors.identityMode = t.fields.invalid_value;
  }
  if (!(MODERATIONS as readonly string[]).includes(values.moderation)) errors.moderation = t.fields.invalid_value;
  if (Object.keys(errors).length > 0) return { values, settings: null, errors };
  return {
    values,
    errors,
    settings: {
      programmeItemId: itemId,
      title,
      identityMode: values.identityMode as QuestionIdentityMode,
      moderation: values.moderation as QuestionModeration,
    },
  };
}

function failureErrors(t: Messages, failure: Failure): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, problem] of Object.entries(failure.fields ?? {})) {
    errors[field] =
      field === 'title'
        ? problem === 'name_required'
          ? t.live.admin.titleRequired
          : t.live.admin.titleTooLong(QUESTION_LIMITS.title)
        : t.fields.invalid_value;
  }
  return Object.keys(errors).length > 0 ? errors : { title: t.fields.invalid_value };
}

export function registerQuestionAdminRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = () => ({ db: services.store.db, adapter: services.store.adapter });
  const db = services.store.db;

  async function load(req: FastifyRequest, reply: FastifyReply, need: 'organiser' | 'facilitator') {
    const loaded = await loadEventForAdmin(services, req, reply, need);
    if (!loaded || !req.user) return null;
    const row = await db
      .selectFrom('events')
      .select('time_zone')
      .where('id', '=', loaded.event.id)
      .executeTakeFirstOrThrow();
    const event: QuestionsEvent = {
      slug: loaded.event.slug,
      title: loaded.event.title,
      permission: loaded.permission,
      timeZone: row.time_zone,
    };
    return { id: loaded.event.id, event, user: req.user };
  }

  async function loadRoom(req: FastifyRequest, reply: FastifyReply, need: 'organiser' | 'facilitator') {
    const ctx = await load(req, reply, need);
    if (!ctx) return null;
    const param = (req.params as { roomId?: unknown }).roomId;
    const id = typeof param === 'string' && /^\d{1,9}$/.test(param) ? Number(param) : null;
    const room = id === null ? null : await getQuestionRoom(db, ctx.id, id);
    if (!room) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    return { ...ctx, room };
  }

  type Ctx = NonNullable<Awaited<ReturnType<typeof load>>>;

  async function renderIndex(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx,
    options: {
      form?: { values: RoomFormValues; errors: FieldErrors };
      newLink?: string;
      notice?: string;
      status?: number;
    } = {},
  ) {
    const [rooms, items, links] = await Promise.all([
      listQuestionRooms(db, ctx.id),
      listProgrammeItemsForRooms(db, ctx.id),
      listDisplayLinks(db, ctx.id),
    ]);
    return sendHtml(
      reply,
      <QuestionsIndexPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        baseUrl={services.config.baseUrl}
        rooms={rooms}
        items={items}
        form={options.form ?? { values: emptyRoomForm(), errors: {} }}
        links={links}
        newLink={options.newLink}
        notice={options.notice}
      />,
      options.status ?? 200,
    );
  }

  const base = (slug: string) => questionsBase(slug);

  app.get('/admin/events/:slug/questions', async (req, reply) => {
    const ctx = await load(req, reply, 'facilitator');
    if (!ctx) return;
    const a = req.t.live.admin;
    const done = (req.query as Record<string, unknown>).done;
    const notice = done === 'revoked' ? a.displayNoticeRevoked : undefined;
    return renderIndex(req, reply, ctx, { notice });
  });

  app.post('/admin/events/:slug/questions/rooms', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'organiser');
    if (!ctx) return;
    const parsed = parseRoomForm(req.t, (req.body ?? {}) as Body);
    if (!parsed.settings) {
      return renderIndex(req, reply, ctx, { form: { values: parsed.values, errors: parsed.errors }, status: 422 });
    }
    const result = await createQuestionRoom(
      deps(),
      { eventId: ctx.id, settings: parsed.settings, userId: ctx.user.id, actor: actorOf(ctx.user) },
      services.now(),
    );
    if (!result.ok) {
      return renderIndex(req, reply, ctx, {
        form: { values: parsed.values, errors: failureErrors(req.t, result) },
        status: 422,
      });
    }
    services.live.publish(topicOfEventRooms(ctx.id));
    return reply.redirect(`${base(ctx.event.slug)}/${result.id}?done=created`, 303);
  });

  // ---- display links ------------------------------------------------------------------------

  app.post('/admin/events/:slug/questions/display-links', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await load(req, reply, 'facilitator');
    if (!ctx) return;
    const result = await createDisplayLink(
      deps(),
      {
        eventId: ctx.id,
        label: str((req.body ?? {}) as Body, 'label', 1000),
        userId: ctx.user.id,
        actor: actorOf(ctx.user),
      },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    // Shown once, in this answer (not in a redirect's URL, which would stay in the history).
    reply.header('cache-control', 'no-store');
    return renderIndex(req, reply, ctx, { newLink: `${services.config.baseUrl}/vis/${result.token}` });
  });

  app.post(
    '/admin/events/:slug/questions/display-links/:linkId/revoke',
    { preHandler: app.csrfProtection },
    async (req, reply) => {
      const ctx = await load(req, reply, 'facilitator');
      if (!ctx) return;
      const param = (req.params as { linkId: string }).linkId;
      const linkId = /^\d{1,9}$/.test(param) ? Number(param) : 0;
      const result = await revokeDisplayLink(
        deps(),
        { eventId: ctx.id, linkId, actor: actorOf(ctx.user) },
        services.now(),
      );
      if (!result.ok) return sendAdminNotFound(req, reply);
      services.live.publish(topicOfDisplayLinks(ctx.id));
      return reply.redirect(`${base(ctx.event.slug)}?done=revoked#display-links`, 303);
    },
  );

  // ---- one room -----------------------------------------------------------------------------

  const roomNotice = (t: Messages, query: Record<string, unknown>): string | undefined => {
    const a = t.live.admin;
    switch (query.done) {
      case 'created':
        return a.noticeCreated;
      case 'saved':
        return a.noticeSaved;
      case 'opened':
        return a.noticeOpened;
      case 'closed':
        return a.noticeClosed;
      case 'moderated':
        return a.noticeModerated;
      default:
        return undefined;
    }
  };

  app.get('/admin/events/:slug/questions/:roomId', async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    return sendHtml(
      reply,
      <QuestionRoomPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        room={ctx.room}
        shortUrl={shortUrlOf(services, ctx.room.code)}
        questions={await listModerationQuestions(db, ctx.room.id)}
        notice={roomNotice(req.t, req.query as Record<string, unknown>)}
      />,
    );
  });

  app.get('/admin/events/:slug/questions/:roomId/live', async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    const t = req.t;
    const room = ctx.room;
    const path = `${base(ctx.event.slug)}/${room.id}/moderate`;
    return streamTopic(
      services.live,
      req,
      reply,
      topicOfRoom(room.id),
      async () =>
        String(
          await (
            <ModerationList t={t} path={path} questions={await listModerationQuestions(db, room.id)} csrfToken="" />
          ),
        ),
      { revalidate: adminStreamGuard(services, req, ctx.id) },
    );
  });

  app.post('/admin/events/:slug/questions/:roomId/moderate', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    const body = (req.body ?? {}) as Body;
    const action = str(body, 'action', 20);
    const questionId = Number(str(body, 'question', 12));
    const back = `${base(ctx.event.slug)}/${ctx.room.id}`;
    if (!isModerationAction(action) || !Number.isSafeInteger(questionId) || questionId < 1) {
      return sendAdminNotFound(req, reply);
    }
    const result = await moderateQuestion(
      deps(),
      { eventId: ctx.id, roomId: ctx.room.id, questionId, action, actor: actorOf(ctx.user) },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    services.live.publish(topicOfRoom(ctx.room.id));
    return reply.redirect(`${back}?done=moderated#m-${questionId}`, 303);
  });

  app.post('/admin/events/:slug/questions/:roomId/open', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    const open = str((req.body ?? {}) as Body, 'open', 5) === '1';
    const result = await setQuestionRoomOpen(
      deps(),
      { eventId: ctx.id, roomId: ctx.room.id, open, actor: actorOf(ctx.user) },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    services.live.publish(topicOfRoom(ctx.room.id));
    services.live.publish(topicOfEventRooms(ctx.id));
    return reply.redirect(`${base(ctx.event.slug)}/${ctx.room.id}?done=${open ? 'opened' : 'closed'}`, 303);
  });

  async function renderSettings(
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: Ctx & { room: QuestionRoom },
    form: { values: RoomFormValues; errors: FieldErrors },
    status = 200,
  ) {
    return sendHtml(
      reply,
      <RoomSettingsPage
        ctx={adminContext(req, reply)}
        event={ctx.event}
        room={ctx.room}
        items={await listProgrammeItemsForRooms(db, ctx.id)}
        values={form.values}
        errors={form.errors}
      />,
      status,
    );
  }

  app.get('/admin/events/:slug/questions/:roomId/settings', async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'organiser');
    if (!ctx) return;
    return renderSettings(req, reply, ctx, { values: roomFormValues(ctx.room), errors: {} });
  });

  app.post('/admin/events/:slug/questions/:roomId/settings', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'organiser');
    if (!ctx) return;
    const parsed = parseRoomForm(req.t, (req.body ?? {}) as Body);
    if (!parsed.settings) {
      return renderSettings(req, reply, ctx, { values: parsed.values, errors: parsed.errors }, 422);
    }
    const result = await updateQuestionRoom(
      deps(),
      { eventId: ctx.id, roomId: ctx.room.id, settings: parsed.settings, actor: actorOf(ctx.user) },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'not_found') return sendAdminNotFound(req, reply);
      return renderSettings(req, reply, ctx, { values: parsed.values, errors: failureErrors(req.t, result) }, 422);
    }
    services.live.publish(topicOfRoom(ctx.room.id));
    services.live.publish(topicOfEventRooms(ctx.id));
    return reply.redirect(`${base(ctx.event.slug)}/${ctx.room.id}?done=saved`, 303);
  });

  // ---- the projector (logged in) --------------------------------------------------------------

  app.get('/admin/events/:slug/questions/:roomId/projector', async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    return sendHtml(
      reply,
      <ProjectorPage
        t={req.t}
        lang={req.lang}
        eventTitle={ctx.event.title}
        room={ctx.room}
        shortUrl={shortUrlOf(services, ctx.room.code)}
        questions={await listPublicQuestions(db, ctx.room.id)}
        liveSrc={`${base(ctx.event.slug)}/${ctx.room.id}/projector/live`}
      />,
    );
  });

  app.get('/admin/events/:slug/questions/:roomId/projector/live', async (req, reply) => {
    const ctx = await loadRoom(req, reply, 'facilitator');
    if (!ctx) return;
    return streamProjector(services, req, reply, ctx.room, adminStreamGuard(services, req, ctx.id));
  });
}
