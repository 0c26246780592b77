// The screen in the hall, opened with a secret display link (/vis/:token) instead of a login: an
// index of what is live now, and each question room's projector view. It shows only what the
// projector shows; a revoked or unknown link is a 404, and open streams of a revoked link end.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DisplayLinkAccess,
  displayLinkActive,
  findDisplayLink,
} from '../../core/display-links/find-display-link.ts';
import { listPitchSessions } from '../../core/ideas/pitch-board.ts';
import { findRoomByCode, listOpenRooms } from '../../core/questions/get-question-room.ts';
import { listPublicQuestions } from '../../core/questions/list-questions.ts';
import type { QuestionRoom } from '../../core/questions/types.ts';
import { type AppServices, sendHtml } from '../app.ts';
import type { Messages } from '../i18n/index.ts';
import { type Revalidate, streamTopic } from '../live/sse.ts';
import { DisplayIndexPage, DisplayRoomList, ProjectorList, ProjectorPage } from '../views/questions.tsx';
import { shortUrlOf, topicOfEventRooms, topicOfRoom } from './question-routes.tsx';

/** Fired when one of the event's display links is revoked: open screens check theirs. */
export function topicOfDisplayLinks(eventId: number): string {
  return `display:${eventId}`;
}

export function registerDisplayRoutes(app: FastifyInstance, services: AppServices) {
  const db = services.store.db;

  /** The display link's event, or a 404 (the same for unknown, malformed and revoked links). */
  async function loadLink(req: FastifyRequest, reply: FastifyReply): Promise<DisplayLinkAccess | null> {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
    const token = (req.params as { token?: unknown }).token;
    const link = typeof token === 'string' ? await findDisplayLink(db, token) : null;
    if (!link) {
      reply.callNotFound();
      return null;
    }
    return link;
  }

  async function loadRoom(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ link: DisplayLinkAccess; room: QuestionRoom; base: string } | null> {
    const link = await loadLink(req, reply);
    if (!link) return null;
    const code = (req.params as { code?: unknown }).code;
    const room = typeof code === 'string' ? await findRoomByCode(db, code) : null;
    if (!room || room.eventId !== link.eventId) {
      reply.callNotFound();
      return null;
    }
    return { link, room, base: `/vis/${(req.params as { token: string }).token}` };
  }

  const revalidate = (link: DisplayLinkAccess): Revalidate => ({
    topics: [topicOfDisplayLinks(link.eventId)],
    stillAllowed: () => displayLinkActive(db, link.linkId),
  });

  app.get('/vis/:token', async (req, reply) => {
    const link = await loadLink(req, reply);
    if (!link) return reply;
    const base = `/vis/${(req.params as { token: string }).token}`;
    return sendHtml(
      reply,
      <DisplayIndexPage
        t={req.t}
        lang={req.lang}
        eventTitle={link.eventTitle}
        base={base}
        rooms={await listOpenRooms(db, link.eventId)}
        extra={await pitchBoardLinks(req.t, base, await listPitchSessions(db, link.eventId))}
      />,
    );
  });

  app.get('/vis/:token/live', async (req, reply) => {
    const link = await loadLink(req, reply);
    if (!link) return reply;
    const base = `/vis/${(req.params as { token: string }).token}`;
    const t = req.t;
    return streamTopic(
      services.live,
      req,
      reply,
      topicOfEventRooms(link.eventId),
      async () => String(await (<DisplayRoomList t={t} base={base} rooms={await listOpenRooms(db, link.eventId)} />)),
      // The links carry this display link's token: share the render only between its screens.
      { key: `vis-index|${link.linkId}|${req.lang}`, revalidate: revalidate(link) },
    );
  });

  app.get('/vis/:token/q/:code', async (req, reply) => {
    const loaded = await loadRoom(req, reply);
    if (!loaded) return reply;
    const { link, room, base } = loaded;
    return sendHtml(
      reply,
      <ProjectorPage
        t={req.t}
        lang={req.lang}
        eventTitle={link.eventTitle}
        room={room}
        shortUrl={shortUrlOf(services, room.code)}
        questions={await listPublicQuestions(db, room.id)}
        liveSrc={`${base}/q/${room.code}/live`}
      />,
    );
  });

  app.get('/vis/:token/q/:code/live', async (req, reply) => {
    const loaded = await loadRoom(req, reply);
    if (!loaded) return reply;
    return streamProjector(services, req, reply, loaded.room, revalidate(loaded.link));
  });
}

/** The projector's live list; shared by every screen showing the room (back office or link). */
export function streamProjector(
  services: AppServices,
  req: FastifyRequest,
  reply: FastifyReply,
  room: QuestionRoom,
  revalidate?: Revalidate,
): FastifyReply {
  const t = req.t;
  const db = services.store.db;
  return streamTopic(
    services.live,
    req,
    reply,
    topicOfRoom(room.id),
    async () => {
      const [current, questions] = await Promise.all([findRoomByCode(db, room.code), listPublicQuestions(db, room.id)]);
      return String(await (<ProjectorList t={t} open={current?.open ?? false} questions={questions} />));
    },
    { key: `projector|${req.lang}`, ...(revalidate ? { revalidate } : {}) },
  );
}

/** The display link's way to the boards of the event's pitch sessions (they live under /pitch/). */
async function pitchBoardLinks(t: Messages, base: string, sessions: { code: string }[]): Promise<string> {
  if (sessions.length === 0) return '';
  return String(
    await (
      <>
        <h2 safe>{t.ideas.displayPitchSessions}</h2>
        <ul class="display-links">
          {sessions.map((s) => (
            <li>
              <a href={`${base}/pitch/${encodeURIComponent(s.code)}`} safe>
                {t.ideas.projectorTitle(s.code)}
              </a>
            </li>
          ))}
        </ul>
      </>
    ),
  );
}
