// The Fastify app: public pages, the JSON API and the dev outbox over one core.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AccountNotifier } from '../core/accounts/notifications.ts';
import type { MessageMailer } from '../core/messages/types.ts';
import { ticketKeyFrom } from '../core/registrations/ticket-code.ts';
import type { Notifier } from '../core/shared/deps.ts';
import type { Store } from '../db/connect.ts';
import { createAccountNotifier } from '../mail/account-notifier.tsx';
import { createMessageMailer } from '../mail/message-mail.tsx';
import { registerAdminRoutes } from './admin/routes.ts';
import { registerApiRoutes } from './api/routes.ts';
import type { AppConfig } from './config.ts';
import { isLang, type Lang, type Messages, messages, resolveLang } from './i18n/index.ts';
import { type LiveBus, memoryBus, postgresBus } from './live/bus.ts';
import { closeStreams } from './live/sse.ts';
import { registerDisplayRoutes } from './public/display-routes.tsx';
import { registerEvaluationRoutes } from './public/evaluation-routes.tsx';
import { registerIdeaRoutes } from './public/idea-routes.tsx';
import { registerPrivacyRoutes } from './public/privacy-routes.tsx';
import { registerQuestionRoutes } from './public/question-routes.tsx';
import { registerPublicRoutes } from './public/routes.tsx';
import { databaseCounter, type HitCounter, memoryCounter, rateLimitStore } from './rate-limits.ts';
import { securityHeaders } from './security-headers.ts';
import type { ViewContext } from './views/layout.tsx';
import { MessagePage } from './views/pages.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    t: Messages;
  }
}

export interface AppDeps {
  store: Store;
  config: AppConfig;
  notifier: Notifier;
  /** Mail about accounts (password resets, invitations); by default rendered into the outbox. */
  accountNotifier?: AccountNotifier;
  /** Messages to participants (organisers' messages, reminders, notices); by default rendered into the outbox. */
  messageMailer?: MessageMailer;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Called after a commit that wrote mail to the outbox, so delivery starts at once. */
  onMailQueued?: () => void;
  /**
   * Change notices for live views; by default LISTEN/NOTIFY on PostgreSQL, in memory on SQLite.
   * One passed in is not closed with the app (its owner closes it).
   */
  live?: LiveBus;
}

export interface AppServices {
  store: Store;
  /** Counts hits for per-IP and per-address limits; null when RATE_LIMITS=off. */
  limiter: HitCounter | null;
  config: AppConfig;
  notifier: Notifier;
  now: () => Date;
  mailQueued: () => void;
  /** Signs ticket codes (derived from SECRET, so every process agrees). */
  ticketKey: string;
  /** Change notices for the live views (publish after the commit; see src/web/live/). */
  live: LiveBus;
}

/** Form and API bodies are small; anything larger is refused with 413 before it is parsed. */
export const BODY_LIMIT = 64 * 1024;

export function viewContext(req: FastifyRequest): ViewContext {
  return { t: req.t, lang: req.lang, path: req.url };
}

export async function sendHtml(reply: FastifyReply, html: JSX.Element, status = 200) {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(await html);
}

function isApi(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

export function apiError(
  reply: FastifyReply,
  t: Messages,
  status: number,
  code: keyof Messages['api'] | 'invalid',
  fields?: Record<string, string>,
) {
  return reply.status(status).send({ error: { code, message: t.api[code], ...(fields ? { fields } : {}) } });
}

/** PostgreSQL: every process hears every other's changes; SQLite has only one process. */
/**
 * The live bus for a store: LISTEN/NOTIFY on PostgreSQL, in memory on SQLite. `samskap serve`
 * makes its own and hands it to the app and the scheduler; the caller closes it.
 */
export async function startLiveBus(store: Store): Promise<LiveBus> {
  if (store.adapter.kind !== 'postgres') return memoryBus();
  const bus = postgresBus(store.url);
  // Serve once this process listens, so that no change made right after start is missed; a
  // database that does not answer yet is retried in the background.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([bus.ready(), new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
  clearTimeout(timer);
  return bus;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: BODY_LIMIT,
    // Slugs and tokens are short; longer URLs are probes, not people.
    routerOptions: { maxParamLength: 200 },
  });
  // Several processes share only the database, so there the counters live in it; one process
  // (SQLite allows only one) keeps them in memory and spends no write on them.
  const limiter = deps.config.rateLimits
    ? deps.store.adapter.kind === 'postgres'
      ? databaseCounter(deps.store)
      : memoryCounter()
    : null;
  const services: AppServices = {
    store: deps.store,
    limiter,
    config: deps.config,
    notifier: deps.notifier,
    now: deps.now ?? (() => new Date()),
    mailQueued: deps.onMailQueued ?? (() => {}),
    ticketKey: ticketKeyFrom(deps.config.secret),
    live: deps.live ?? (await startLiveBus(deps.store)),
  };
  // Open event streams would keep the server from closing: end them first. The bus goes last.
  app.addHook('preClose', async () => closeStreams(services.live));
  if (!deps.live) app.addHook('onClose', async () => services.live.close());

  await app.register(cookie, { secret: deps.config.secret });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: deps.config.production ? [] : null,
      },
    },
    // Personal links carry a token in the path: never send it on as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: deps.config.production,
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: deps.config.production },
  });
  if (limiter) {
    await app.register(rateLimit, {
      global: false,
      store: rateLimitStore(limiter),
      errorResponseBuilder: (_req, context) => {
        const error = new Error('rate limited') as Error & { statusCode: number; retryAfter: string };
        error.statusCode = 429;
        error.retryAfter = String(Math.ceil(context.ttl / 1000));
        return error;
      },
    });
  }
  const here = dirname(fileURLToPath(import.meta.url));
  await app.register(fastifyStatic, {
    root: join(here, 'static'),
    prefix: '/static/',
    maxAge: deps.config.production ? '1d' : 0,
  });

  app.decorateRequest('lang', 'nb');
  app.decorateRequest('t', null as unknown as Messages);
  app.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    const query = req.query as Record<string, unknown> | undefined;
    req.lang = resolveLang(query?.lang, req.cookies.lang, req.headers['accept-language']);
    req.t = messages(req.lang);
    // The switcher's links carry ?lang=; remember the choice for a year (DESIGN.md: ?lang=, then
    // the cookie). Not for the API, whose clients pass ?lang= on each call.
    if (isLang(query?.lang) && req.cookies.lang !== query.lang && !isApi(req)) {
      reply.setCookie('lang', query.lang, {
        path: '/',
        maxAge: 365 * 24 * 60 * 60,
        sameSite: 'lax',
        httpOnly: true,
        secure: deps.config.production,
      });
    }
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await deps.store.db.selectFrom('events').select('id').limit(1).execute();
      return reply.send({ status: 'ok' });
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  app.setNotFoundHandler(async (req, reply) => {
    if (isApi(req)) return apiError(reply, req.t, 404, 'not_found');
    const t = req.t;
    return sendHtml(
      reply,
      MessagePage({
        ctx: viewContext(req),
        title: t.errors.notFoundTitle,
        paragraphs: [t.errors.notFound],
        links: [{ href: '/', label: t.errors.toFrontPage }],
      }),
      404,
    );
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, req, reply) => {
    const t = req.t ?? messages('nb');
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) req.log.error(error);
    if (status === 500 && process.env.NODE_ENV !== 'test') console.error(error);
    const retryAfter = (error as { retryAfter?: string }).retryAfter;
    if (retryAfter) reply.header('retry-after', retryAfter);
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 429
            ? 'rate_limited'
            : status === 404
              ? 'not_found'
              : status === 500
                ? 'server_error'
                : 'bad_request';
    if (isApi(req)) return apiError(reply, t, status, code);
    const [title, text] =
      status === 413
        ? [t.errors.tooLargeTitle, t.errors.tooLarge]
        : status === 415
          ? [t.errors.unsupportedTitle, t.errors.unsupported]
          : status === 429
            ? [t.errors.rateLimitedTitle, t.errors.rateLimited]
            : status === 403 && error.code?.startsWith('FST_CSRF')
              ? [t.errors.forbiddenTitle, t.form.csrfExpired]
              : status === 500
                ? [t.errors.serverTitle, t.errors.server]
                : [t.errors.badRequestTitle, t.errors.badRequest];
    // After a refused form, the way on is the form itself (a GET of the same address).
    const links =
      req.method === 'POST'
        ? [{ href: req.url.split('?')[0] ?? '/', label: t.errors.backToForm }]
        : [{ href: '/', label: t.errors.toFrontPage }];
    return sendHtml(reply, MessagePage({ ctx: viewContext(req), title, paragraphs: [text], links }), status);
  });

  // Routes last: Fastify gives each route the error handler in force when it is added.
  registerPublicRoutes(app, services);
  registerEvaluationRoutes(app, services);
  registerPrivacyRoutes(app, services);
  registerQuestionRoutes(app, services);
  registerDisplayRoutes(app, services);
  registerIdeaRoutes(app, services);
  await app.register(async (api) => registerApiRoutes(api, services), { prefix: '/api/v1' });
  const config = deps.config;
  const accountNotifier =
    deps.accountNotifier ??
    createAccountNotifier({
      // Read when a mail is written: tests learn the base URL only after listening.
      get baseUrl() {
        return config.baseUrl;
      },
      domain: config.mailDomain,
    });
  const messageMailer =
    deps.messageMailer ??
    createMessageMailer({
      get baseUrl() {
        return config.baseUrl;
      },
      domain: config.mailDomain,
    });
  await registerAdminRoutes(app, { ...services, accountNotifier, messageMailer });

  return app;
}
