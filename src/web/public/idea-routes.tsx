// The research-idea clinic for registrants (issue 8, DEL 2B), by personal link:
//   /m/:token/idea              submit or edit one's idea (until the session starts)
//   /m/:token/ideas             the session's ideas, in running order with planned times
//   /m/:token/feedback          score the current pitch (POST), with a live status line (…/live)
//   /m/:token/idea/summary(.pdf) the feedback on one's own idea
// and the projector view under a display link: /vis/:token/pitch/:code (and …/live).
// `?p=<id>` selects a companion the link holder booked, as on the personal page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type DisplayLinkAccess,
  displayLinkActive,
  findDisplayLink,
} from '../../core/display-links/find-display-link.ts';
import { localizeEvent } from '../../core/events/translations.ts';
import { getFeedbackState } from '../../core/ideas/feedback-state.ts';
import { type FeedbackItem, giveFeedback } from '../../core/ideas/give-feedback.ts';
import { getIdeaSummary } from '../../core/ideas/idea-summary.ts';
import { getIdeaOf, listSessionIdeas } from '../../core/ideas/list-ideas.ts';
import { getMyIdeas } from '../../core/ideas/my-ideas.ts';
import { getPitchBoard, listPitchSessions, type PitchSessionRef } from '../../core/ideas/pitch-board.ts';
import { findPitchParticipant, type PitchParticipant } from '../../core/ideas/pitch-participant.ts';
import { getPitchRun, pitchSlots } from '../../core/ideas/pitch-run.ts';
import { saveIdea } from '../../core/ideas/save-idea.ts';
import {
  type CriterionText,
  FEEDBACK_COMMENT_MAX,
  IDEA_LIMITS,
  IDEA_STAGES,
  type IdeaStage,
  PARTNER_KINDS,
} from '../../core/ideas/types.ts';
import { getMyRegistration, type MyRegistration } from '../../core/registrations/get-my-registration.ts';
import type { Db } from '../../db/adapter.ts';
import { type AppServices, sendHtml, viewContext } from '../app.ts';
import { isLang, type Messages, messages } from '../i18n/index.ts';
import { type Revalidate, streamTopic } from '../live/sse.ts';
import { pitchRunTopics, topicOfPitchBoard, topicOfPitchRun } from '../live/topics.ts';
import { pdfFilename } from '../pdf/fonts.ts';
import { ideaSummaryPdf } from '../pdf/idea-summary.ts';
import { PERSONAL_PAGE_LIMIT } from '../rate-limits.ts';
import type { FieldErrors } from '../views/forms.tsx';
import {
  FeedbackPage,
  IdeaFormPage,
  type IdeaFormValues,
  IdeasListPage,
  ideaFormValues,
  MyIdeasSection,
  PitchStatus,
  partnerField,
  SummaryPage,
} from '../views/ideas.tsx';
import type { ViewContext } from '../views/layout.tsx';
import { MessagePage } from '../views/pages.tsx';
import { PitchBoardFragment, PitchProjectorPage } from '../views/pitch-projector.tsx';
import { topicOfDisplayLinks } from './display-routes.tsx';

/** Tells the live views of a session that its run changed (after the commit). */
export function publishRunChange(services: AppServices, sessionId: number): void {
  for (const topic of pitchRunTopics(sessionId)) services.live.publish(topic);
}

/** The default rubric in the event's main language: the criteria are the event's own text. */
export function defaultCriteria(mainLang: string): readonly CriterionText[] {
  return messages(isLang(mainLang) ? mainLang : 'nb').ideas.defaultCriteria;
}

const tokenParams = z.object({ token: z.string().max(200) });
const targetQuery = z.object({ p: z.coerce.number().int().positive().optional() });

const personal = PERSONAL_PAGE_LIMIT;
/**
 * The feedback page in the hall: 300 phones often share the venue's one public IP address, so
 * the limit is sized for a full hall and stops scripts, not people (a valid personal link is
 * needed anyway).
 */
const hall = { rateLimit: { max: 1200, timeWindow: '1 minute' } };

function str(body: Record<string, unknown>, name: string, max = 20_000): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** A form text as stored: line breaks made uniform, outer blanks trimmed. */
function clean(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

/** The session's board of a pitch session, and the fragment every screen of it shows. */
export async function boardFragment(
  db: Db,
  session: PitchSessionRef,
  t: Messages,
  lang: ViewContext['lang'],
  now: Date,
) {
  const board = await getPitchBoard(db, session);
  return { board, html: String(await (<PitchBoardFragment t={t} lang={lang} board={board} now={now} />)) };
}

/** The phones' status line of a session (the same for every phone). */
async function statusFragment(db: Db, sessionId: number, t: Messages, now: Date): Promise<string> {
  const run = await getPitchRun(db, sessionId);
  const ideas = run.status === 'running' ? await listSessionIdeas(db, sessionId) : [];
  const index = ideas.findIndex((i) => i.id === run.currentIdeaId);
  return String(
    await (
      <PitchStatus
        t={t.ideas}
        run={run}
        current={ideas[index] ?? null}
        place={index + 1}
        total={ideas.length}
        now={now}
      />
    ),
  );
}

export function registerIdeaRoutes(app: FastifyInstance, services: AppServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter };
  const db = deps.db;

  async function sendMessage(
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    text: string,
    status: number,
    back?: string,
  ) {
    return sendHtml(
      reply,
      MessagePage({
        ctx: viewContext(req),
        title,
        paragraphs: [text],
        links: [back ? { href: back, label: req.t.ideas.backToMy } : { href: '/', label: req.t.errors.toFrontPage }],
      }),
      status,
    );
  }

  interface Loaded {
    my: MyRegistration;
    token: string;
    /** "?p=12" when looking at a companion, else "". */
    query: string;
    /** The personal page. */
    back: string;
    href: (path: string) => string;
  }

  /** The registration behind the link (and ?p=), or a 404 page. */
  async function loadMine(req: FastifyRequest, reply: FastifyReply): Promise<Loaded | null> {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const params = tokenParams.safeParse(req.params);
    const query = targetQuery.safeParse(req.query ?? {});
    const my =
      params.success && query.success ? await getMyRegistration(db, params.data.token, query.data.p) : undefined;
    if (!my || !params.success) {
      await sendMessage(req, reply, req.t.my.invalidLink, req.t.my.invalidLinkText, 404);
      return null;
    }
    const token = params.data.token;
    const q = my.target.id === my.own.id ? '' : `?p=${my.target.id}`;
    return {
      my: { ...my, event: localizeEvent(my.event, req.lang) },
      token,
      query: q,
      back: `/m/${token}${q}`,
      href: (path: string) => `/m/${token}/${path}${q}`,
    };
  }

  /** Also the registration's pitch session, with a confirmed seat; a 403 page otherwise. */
  async function loadParticipant(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<(Loaded & { who: PitchParticipant }) | null> {
    const loaded = await loadMine(req, reply);
    if (!loaded) return null;
    const who = await findPitchParticipant(db, loaded.my.target.id);
    if (who?.status !== 'confirmed') {
      await sendMessage(req, reply, req.t.ideas.sectionHeading, req.t.ideas.notInSession, 403, loaded.back);
      return null;
    }
    return { ...loaded, who };
  }

  // ---- The idea form --------------------------------------------------------------------------

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded & { who: PitchParticipant },
    values: IdeaFormValues,
    errors: FieldErrors,
    status = 200,
    flash?: string,
  ) {
    const ideas = await listSessionIdeas(db, loaded.who.sessionId);
    return sendHtml(
      reply,
      <IdeaFormPage
        ctx={viewContext(req)}
        eventTitle={loaded.my.event.title}
        sessionCode={loaded.who.sessionCode}
        action={loaded.href('idea')}
        back={loaded.back}
        csrfToken={reply.generateCsrf()}
        values={values}
        errors={errors}
        canEdit={services.now() < loaded.who.sessionStartsAt}
        flash={flash}
        listHref={ideas.length > 0 ? loaded.href('ideas') : undefined}
      />,
      status,
    );
  }

  app.get('/m/:token/idea', { config: personal }, async (req, reply) => {
    const loaded = await loadParticipant(req, reply);
    if (!loaded) return;
    const idea = await getIdeaOf(db, loaded.my.target.id);
    const saved = (req.query as Record<string, unknown>).ok === 'saved';
    return renderForm(req, reply, loaded, ideaFormValues(idea), {}, 200, saved ? req.t.ideas.flashSaved : undefined);
  });

  app.post('/m/:token/idea', { preHandler: app.csrfProtection, config: personal }, async (req, reply) => {
    const loaded = await loadParticipant(req, reply);
    if (!loaded) return;
    const t = req.t.ideas;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: IdeaFormValues = {
      title: str(body, 'title'),
      problem: str(body, 'problem'),
      novelty: str(body, 'novelty'),
      partnersResearch: str(body, 'partnersResearch'),
      partnersPublic: str(body, 'partnersPublic'),
      partnersBusiness: str(body, 'partnersBusiness'),
      partnersCivil: str(body, 'partnersCivil'),
      funding: str(body, 'funding'),
      stage: str(body, 'stage', 20),
    };
    const errors: FieldErrors = {};
    // One-line fields lose line breaks (a title goes into an e-mail subject, too).
    const multiLine = new Set<keyof IdeaFormValues>(['problem', 'novelty']);
    const text = (name: keyof IdeaFormValues, max: number, required: boolean) => {
      const v = multiLine.has(name) ? clean(values[name]) : values[name].replace(/\s+/g, ' ').trim();
      if (required && v === '') errors[name] = t.required;
      else if (v.length > max) errors[name] = t.tooLong(max);
      return v;
    };
    const title = text('title', IDEA_LIMITS.title, true);
    const problem = text('problem', IDEA_LIMITS.problem, true);
    const novelty = text('novelty', IDEA_LIMITS.novelty, true);
    const partners = Object.fromEntries(
      PARTNER_KINDS.map((k) => [k, text(partnerField[k], IDEA_LIMITS.partners, false)]),
    ) as Record<(typeof PARTNER_KINDS)[number], string>;
    const funding = text('funding', IDEA_LIMITS.funding, false);
    const stage = (IDEA_STAGES as readonly string[]).includes(values.stage) ? (values.stage as IdeaStage) : null;
    if (!stage) errors.stage = t.stageRequired;
    if (Object.keys(errors).length > 0 || !stage) return renderForm(req, reply, loaded, values, errors, 422);
    const result = await saveIdea(
      deps,
      {
        registrationId: loaded.my.target.id,
        text: { title, problem, novelty, partners, funding, stage },
        actor: `registrant:${loaded.my.own.id}`,
      },
      services.now(),
    );
    if (!result.ok) {
      const message = result.code === 'change_closed' ? t.changeClosed : t.notInSession;
      return renderForm(req, reply, loaded, values, { title: message }, 409);
    }
    // The running order shows on the board of a session that is being planned live.
    services.live.publish(topicOfPitchBoard(loaded.who.sessionId));
    return reply.redirect(`/m/${loaded.token}/idea?${loaded.query ? `${loaded.query.slice(1)}&` : ''}ok=saved`, 303);
  });

  // ---- The session's ideas -------------------------------------------------------------------

  app.get('/m/:token/ideas', { config: personal }, async (req, reply) => {
    const loaded = await loadParticipant(req, reply);
    if (!loaded) return;
    const [ideas, run] = await Promise.all([
      listSessionIdeas(db, loaded.who.sessionId),
      getPitchRun(db, loaded.who.sessionId),
    ]);
    return sendHtml(
      reply,
      <IdeasListPage
        ctx={viewContext(req)}
        eventTitle={loaded.my.event.title}
        sessionCode={loaded.who.sessionCode}
        timeZone={loaded.my.event.timeZone}
        slots={pitchSlots(ideas, run, loaded.who.sessionStartsAt)}
        ownId={loaded.my.target.id}
        back={loaded.back}
      />,
    );
  });

  // ---- Feedback on the phone -----------------------------------------------------------------

  async function renderFeedback(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    extra: { values?: Record<string, string>; errors?: FieldErrors; flash?: string; problem?: string },
    status = 200,
  ) {
    const now = services.now();
    const state = await getFeedbackState(deps, loaded.my.target.id, defaultCriteria(loaded.my.event.mainLang), now);
    if (state?.participant.status !== 'confirmed') {
      return sendMessage(req, reply, req.t.ideas.feedbackTitle, req.t.ideas.notInSession, 403, loaded.back);
    }
    const statusHtml = await statusFragment(db, state.participant.sessionId, req.t, now);
    return sendHtml(
      reply,
      <FeedbackPage
        ctx={viewContext(req)}
        eventTitle={loaded.my.event.title}
        state={state}
        status={statusHtml}
        liveSrc={loaded.href('feedback/live')}
        action={loaded.href('feedback')}
        back={loaded.back}
        self={loaded.href('feedback')}
        csrfToken={reply.generateCsrf()}
        now={now}
        values={extra.values}
        errors={extra.errors ?? {}}
        flash={extra.flash}
        problem={extra.problem}
      />,
      status,
    );
  }

  app.get('/m/:token/feedback', { config: hall }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const ok = (req.query as Record<string, unknown>).ok === 'sent';
    return renderFeedback(req, reply, loaded, ok ? { flash: req.t.ideas.sent } : {});
  });

  app.post('/m/:token/feedback', { preHandler: app.csrfProtection, config: hall }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return;
    const t = req.t;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ideaRaw = str(body, 'idea', 12);
    const ideaId = /^\d{1,9}$/.test(ideaRaw) ? Number(ideaRaw) : null;
    // Every score.<criterion id> and comment.<criterion id> the form sent.
    const values: Record<string, string> = {};
    const ids = new Set<number>();
    for (const key of Object.keys(body)) {
      const m = /^(score|comment)\.(\d{1,9})$/.exec(key);
      if (!m) continue;
      ids.add(Number(m[2]));
      values[key] = str(body, key, FEEDBACK_COMMENT_MAX * 2);
    }
    if (ideaId === null || ids.size > 50) {
      return renderFeedback(req, reply, loaded, { problem: t.api.invalid }, 422);
    }
    const errors: FieldErrors = {};
    const items: FeedbackItem[] = [];
    for (const id of ids) {
      const rawScore = values[`score.${id}`] ?? '';
      const comment = clean(values[`comment.${id}`] ?? '');
      if (comment.length > FEEDBACK_COMMENT_MAX) errors[`comment.${id}`] = t.ideas.tooLong(FEEDBACK_COMMENT_MAX);
      if (!/^[1-5]$/.test(rawScore)) {
        errors[`score.${id}`] = t.fields.score_required;
        continue;
      }
      items.push({ criterionId: id, score: Number(rawScore), comment });
    }
    const result =
      Object.keys(errors).length > 0
        ? null
        : await giveFeedback(
            deps,
            { registrationId: loaded.my.target.id, ideaId, items, actor: `registrant:${loaded.my.own.id}` },
            services.now(),
          );
    if (result === null || (!result.ok && result.code === 'invalid')) {
      for (const [path, problem] of Object.entries(result && !result.ok ? (result.fields ?? {}) : {})) {
        errors[path] = problem === 'too_long' ? t.ideas.tooLong(FEEDBACK_COMMENT_MAX) : t.fields.score_required;
      }
      return renderFeedback(req, reply, loaded, { values, errors }, 422);
    }
    if (!result.ok) {
      const problem =
        result.code === 'pitch_not_running'
          ? t.ideas.movedOn
          : result.code === 'own_idea'
            ? t.api.own_idea
            : t.ideas.notInSession;
      return renderFeedback(req, reply, loaded, { problem }, result.code === 'pitch_not_running' ? 409 : 403);
    }
    const who = await findPitchParticipant(db, loaded.my.target.id);
    if (who) services.live.publish(topicOfPitchBoard(who.sessionId));
    return reply.redirect(`${loaded.href('feedback')}${loaded.query ? '&' : '?'}ok=sent`, 303);
  });

  app.get('/m/:token/feedback/live', { config: hall }, async (req, reply) => {
    const loaded = await loadMine(req, reply);
    if (!loaded) return reply;
    const who = await findPitchParticipant(db, loaded.my.target.id);
    if (who?.status !== 'confirmed') return reply.callNotFound();
    const t = req.t;
    return streamTopic(
      services.live,
      req,
      reply,
      topicOfPitchRun(who.sessionId),
      () => statusFragment(db, who.sessionId, t, services.now()),
      // The same line for every phone of the session: one render per change for the whole hall.
      { key: `pitch-status|${who.sessionId}|${req.lang}` },
    );
  });

  // ---- The owner's summary -------------------------------------------------------------------

  async function loadSummary(req: FastifyRequest, reply: FastifyReply) {
    const loaded = await loadMine(req, reply);
    if (!loaded) return null;
    const idea = await getIdeaOf(db, loaded.my.target.id);
    const summary = idea ? ((await getIdeaSummary(db, idea.id)) ?? null) : null;
    return { loaded, summary };
  }

  app.get('/m/:token/idea/summary', { config: personal }, async (req, reply) => {
    const got = await loadSummary(req, reply);
    if (!got) return;
    const { loaded, summary } = got;
    return sendHtml(
      reply,
      <SummaryPage
        ctx={viewContext(req)}
        eventTitle={loaded.my.event.title}
        summary={summary}
        back={loaded.back}
        pdfHref={loaded.href('idea/summary.pdf')}
      />,
      summary ? 200 : 404,
    );
  });

  app.get('/m/:token/idea/summary.pdf', { config: personal }, async (req, reply) => {
    const got = await loadSummary(req, reply);
    if (!got) return;
    const { loaded, summary } = got;
    if (!summary) {
      return sendMessage(req, reply, req.t.ideas.summaryTitle, req.t.ideas.notYours, 404, loaded.back);
    }
    const session = loaded.my.event.sessions.find((s) => s.id === summary.idea.sessionId);
    const pdf = await ideaSummaryPdf({
      t: req.t,
      lang: req.lang,
      summary,
      eventTitle: loaded.my.event.title,
      sessionLabel: session ? `${session.code}: ${session.title}` : '',
      timeZone: loaded.my.event.timeZone,
      now: services.now(),
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${pdfFilename(loaded.my.event.slug, req.t.ideas.pdfFile)}"`)
      .send(pdf);
  });

  // ---- The projector under a display link ----------------------------------------------------

  async function loadDisplay(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ link: DisplayLinkAccess; session: PitchSessionRef; base: string } | null> {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const { token, code } = req.params as { token?: unknown; code?: unknown };
    const link = typeof token === 'string' ? await findDisplayLink(db, token) : null;
    const session =
      link && typeof code === 'string'
        ? (await listPitchSessions(db, link.eventId)).find((s) => s.code === code)
        : undefined;
    if (!link || !session) {
      reply.callNotFound();
      return null;
    }
    return { link, session, base: `/vis/${token as string}/pitch/${encodeURIComponent(session.code)}` };
  }

  app.get('/vis/:token/pitch/:code', async (req, reply) => {
    const loaded = await loadDisplay(req, reply);
    if (!loaded) return reply;
    const now = services.now();
    const { html } = await boardFragment(db, loaded.session, req.t, req.lang, now);
    return sendHtml(
      reply,
      <PitchProjectorPage
        t={req.t}
        lang={req.lang}
        eventTitle={loaded.link.eventTitle}
        sessionCode={loaded.session.code}
        sessionTitle={loaded.session.title}
        liveSrc={`${loaded.base}/live`}
        fragment={html}
        now={now}
      />,
    );
  });

  app.get('/vis/:token/pitch/:code/live', async (req, reply) => {
    const loaded = await loadDisplay(req, reply);
    if (!loaded) return reply;
    const { link, session } = loaded;
    return streamPitchBoard(services, req, reply, session, {
      topics: [topicOfDisplayLinks(link.eventId)],
      stillAllowed: () => displayLinkActive(db, link.linkId),
    });
  });
}

/** The board's live fragment; shared by every screen showing the session (back office or link). */
export function streamPitchBoard(
  services: AppServices,
  req: FastifyRequest,
  reply: FastifyReply,
  session: PitchSessionRef,
  revalidate?: Revalidate,
): FastifyReply {
  const t = req.t;
  const lang = req.lang;
  return streamTopic(
    services.live,
    req,
    reply,
    topicOfPitchBoard(session.id),
    async () => (await boardFragment(services.store.db, session, t, lang, services.now())).html,
    { key: `pitch-board|${session.id}|${lang}`, ...(revalidate ? { revalidate } : {}) },
  );
}

/** The personal page's research-idea section, or '' when the registrant has no pitch session. */
export async function myIdeasSection(
  db: Db,
  ctx: ViewContext,
  my: MyRegistration,
  token: string,
  now: Date,
): Promise<JSX.Element> {
  const mine = await getMyIdeas(db, my.target.id, now);
  if (!mine) return '';
  const query = my.target.id === my.own.id ? '' : `?p=${my.target.id}`;
  return MyIdeasSection({ ctx, mine, href: (path) => `/m/${token}/${path}${query}` });
}
