// Plenary questions for participants, without an account: /q/:code shows the room (post form and
// the live list with vote buttons), POST /q/:code posts, POST /q/:code/vote votes, and
// /q/:code/live streams the list. A participant is a random id in a signed cookie, set on the
// first visit; the database keeps only its hash.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findRoomByCode } from '../../core/questions/get-question-room.ts';
import { listPublicQuestions, votedBy } from '../../core/questions/list-questions.ts';
import { postQuestion } from '../../core/questions/post-question.ts';
import { QUESTION_LIMITS, type QuestionRoom } from '../../core/questions/types.ts';
import { voteQuestion } from '../../core/questions/vote-question.ts';
import { type AppServices, sendHtml, viewContext } from '../app.ts';
import { streamTopic } from '../live/sse.ts';
import { rateLimitedError } from '../rate-limits.ts';
import type { FieldErrors } from '../views/forms.tsx';
import { MessagePage } from '../views/pages.tsx';
import { PhoneList, PhonePage, type PostFormState } from '../views/questions.tsx';

/** The cookie that tells one participant from another (one vote per person and post). */
export const PARTICIPANT_COOKIE = 'samskap_p';

/**
 * Limits against flooding and vote stuffing (when RATE_LIMITS is on). A hall of 300 people often
 * shares one public IP address (the venue's wifi), so the per-IP limits are sized for a full
 * hall and stop scripts, not people; the per-person limits use the cookie id. A new id is only
 * issued by a page view, and new ids per IP are counted too, so clearing cookies to vote again
 * costs a page view each time and runs into that limit. Mutable for tests.
 */
export const questionLimits = {
  /** Posts per IP address per minute. */
  postsPerIp: 120,
  /** Votes per IP address per minute. */
  votesPerIp: 600,
  /** New participant ids per IP address per 10 minutes. */
  newIdsPerIp: 600,
  /** Posts per participant per 10 minutes. */
  postsPerPerson: 10,
};

export function topicOfRoom(roomId: number): string {
  return `questions:${roomId}`;
}

export function topicOfEventRooms(eventId: number): string {
  return `rooms:${eventId}`;
}

export function shortUrlOf(services: AppServices, code: string): string {
  return `${services.config.baseUrl}/q/${code}`;
}

function hashKey(id: string): string {
  return createHash('sha256').update(`participant:${id}`).digest('hex');
}

function str(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, 20_000) : '';
}

export function registerQuestionRoutes(app: FastifyInstance, services: AppServices) {
  const deps = { db: services.store.db, adapter: services.store.adapter };
  const limiter = services.limiter;

  /** The participant's key (a hash of the cookie id), issuing an id on the first visit. */
  async function participantKey(req: FastifyRequest, reply: FastifyReply): Promise<string> {
    const raw = req.cookies[PARTICIPANT_COOKIE];
    if (raw) {
      const unsigned = req.unsignCookie(raw);
      if (unsigned.valid && unsigned.value && /^[A-Za-z0-9_-]{20,40}$/.test(unsigned.value)) {
        return hashKey(unsigned.value);
      }
    }
    if (limiter) {
      const hit = await limiter.hit(`q-newid|${req.ip}`, 10 * 60_000);
      if (hit.count > questionLimits.newIdsPerIp) throw rateLimitedError(hit.ttl);
    }
    const id = randomBytes(18).toString('base64url');
    reply.setCookie(PARTICIPANT_COOKIE, id, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/q',
      maxAge: 30 * 24 * 60 * 60,
      secure: services.config.production,
    });
    return hashKey(id);
  }

  async function loadRoom(req: FastifyRequest, reply: FastifyReply): Promise<QuestionRoom | null> {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const code = (req.params as { code?: unknown }).code;
    const room = typeof code === 'string' && code.length <= 20 ? await findRoomByCode(deps.db, code) : null;
    if (!room) {
      const t = req.t;
      await sendHtml(
        reply,
        MessagePage({
          ctx: viewContext(req),
          title: t.errors.notFoundTitle,
          paragraphs: [t.errors.notFound],
          links: [{ href: '/', label: t.errors.toFrontPage }],
        }),
        404,
      );
      return null;
    }
    return room;
  }

  async function renderPhone(
    req: FastifyRequest,
    reply: FastifyReply,
    room: QuestionRoom,
    key: string,
    options: { notice?: string; form?: PostFormState; status?: number } = {},
  ) {
    const [event, questions, voted] = await Promise.all([
      deps.db.selectFrom('events').select(['title', 'slug']).where('id', '=', room.eventId).executeTakeFirstOrThrow(),
      listPublicQuestions(deps.db, room.id),
      votedBy(deps.db, key, room.id),
    ]);
    return sendHtml(
      reply,
      <PhonePage
        ctx={viewContext(req)}
        eventTitle={event.title}
        eventSlug={event.slug}
        room={room}
        shortUrl={shortUrlOf(services, room.code)}
        questions={questions}
        csrfToken={reply.generateCsrf()}
        voted={new Set(voted)}
        notice={options.notice}
        form={options.form}
      />,
      options.status ?? 200,
    );
  }

  const notices = (req: FastifyRequest): string | undefined => {
    const l = req.t.live;
    const done = (req.query as Record<string, unknown>).done;
    return done === 'posted'
      ? l.noticePosted
      : done === 'pending'
        ? l.noticePending
        : done === 'voted'
          ? l.noticeVoted
          : done === 'already'
            ? l.noticeAlreadyVoted
            : done === 'gone'
              ? l.noticeGone
              : done === 'closed'
                ? l.closedNote
                : undefined;
  };

  app.get('/q/:code', async (req, reply) => {
    const room = await loadRoom(req, reply);
    if (!room) return;
    // People type the code in any case; the page has one address.
    if ((req.params as { code: string }).code !== room.code) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      return reply.redirect(`/q/${room.code}${query}`, 301);
    }
    const key = await participantKey(req, reply);
    return renderPhone(req, reply, room, key, { notice: notices(req) });
  });

  const postLimit = { rateLimit: { max: () => questionLimits.postsPerIp, timeWindow: '1 minute' } };
  app.post('/q/:code', { preHandler: app.csrfProtection, config: postLimit }, async (req, reply) => {
    const room = await loadRoom(req, reply);
    if (!room) return;
    const key = await participantKey(req, reply);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { body: str(body, 'body'), name: str(body, 'name'), role: str(body, 'role') };
    const t = req.t;
    if (limiter) {
      const hit = await limiter.hit(`q-post|${key}`, 10 * 60_000);
      if (hit.count > questionLimits.postsPerPerson) {
        return renderPhone(req, reply, room, key, {
          form: { values, errors: { body: t.live.tooManyPosts } },
          status: 429,
        });
      }
    }
    const result = await postQuestion(
      deps,
      { roomId: room.id, body: values.body, name: values.name, role: values.role, posterKey: key },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'not_found') return reply.callNotFound();
      if (result.code === 'room_closed') {
        return renderPhone(req, reply, { ...room, open: false }, key, { notice: t.live.closedNote, status: 409 });
      }
      const errors: FieldErrors = {};
      for (const [field, problem] of Object.entries(result.fields ?? {})) {
        const max = (QUESTION_LIMITS as Record<string, number>)[field] ?? QUESTION_LIMITS.body;
        errors[field] =
          problem === 'too_long'
            ? t.fields.too_long(max)
            : problem === 'text_required'
              ? t.fields.text_required
              : problem === 'duplicate_text'
                ? t.fields.duplicate_text
                : problem === 'name_required'
                  ? t.fields.name_required
                  : t.fields.invalid_value;
      }
      return renderPhone(req, reply, room, key, { form: { values, errors }, status: 422 });
    }
    services.live.publish(topicOfRoom(room.id));
    return reply.redirect(`/q/${room.code}?done=${result.status === 'pending' ? 'pending' : 'posted'}`, 303);
  });

  const voteLimit = { rateLimit: { max: () => questionLimits.votesPerIp, timeWindow: '1 minute' } };
  app.post('/q/:code/vote', { preHandler: app.csrfProtection, config: voteLimit }, async (req, reply) => {
    const room = await loadRoom(req, reply);
    if (!room) return;
    const key = await participantKey(req, reply);
    const id = Number(str((req.body ?? {}) as Record<string, unknown>, 'question'));
    if (!Number.isSafeInteger(id) || id < 1) return reply.redirect(`/q/${room.code}?done=gone`, 303);
    const result = await voteQuestion(deps, { roomId: room.id, questionId: id, voterKey: key }, services.now());
    if (!result.ok) {
      return reply.redirect(`/q/${room.code}?done=${result.code === 'room_closed' ? 'closed' : 'gone'}`, 303);
    }
    if (result.counted) services.live.publish(topicOfRoom(room.id));
    return reply.redirect(`/q/${room.code}?done=${result.counted ? 'voted' : 'already'}#q-${id}`, 303);
  });

  app.get('/q/:code/live', async (req, reply) => {
    const room = await loadRoom(req, reply);
    if (!room) return;
    const t = req.t;
    return streamTopic(services.live, req, reply, topicOfRoom(room.id), async () => {
      // Read afresh on each change: the room may have closed meanwhile.
      const [current, questions] = await Promise.all([
        findRoomByCode(deps.db, room.code),
        listPublicQuestions(deps.db, room.id),
      ]);
      return String(
        await (
          <PhoneList
            t={t}
            code={room.code}
            open={current?.open ?? false}
            questions={questions}
            csrfToken=""
            voted={new Set()}
          />
        ),
      );
    });
  });
}
