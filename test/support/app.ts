// Starts the real app (Fastify) on a test database, with the real outbox notifier.
import type { FastifyInstance } from 'fastify';
import { ticketKeyFrom } from '../../src/core/registrations/ticket-code.ts';
import type { Store } from '../../src/db/connect.ts';
import { createOutboxNotifier } from '../../src/mail/outbox-notifier.ts';
import { buildApp } from '../../src/web/app.ts';
import type { AppConfig } from '../../src/web/config.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Base URL when listening (listen: true), else "http://samskap.test". */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startApp(
  store: Store,
  options: { now?: () => Date; listen?: boolean; config?: Partial<AppConfig>; onMailQueued?: () => void } = {},
): Promise<TestApp> {
  let baseUrl = 'http://samskap.test';
  const config: AppConfig = {
    baseUrl,
    production: false,
    rateLimits: false,
    secret: 'test-secret-test-secret-test-secret-0123456789',
    trustProxy: false,
    mailDomain: 'samskap.test',
    ...options.config,
  };
  // The base URL is only known after listening; the notifier reads it lazily.
  const notifier = createOutboxNotifier({
    get baseUrl() {
      return config.baseUrl;
    },
    domain: config.mailDomain,
    ticketKey: ticketKeyFrom(config.secret),
  });
  const app = await buildApp({
    store,
    config,
    notifier,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onMailQueued ? { onMailQueued: options.onMailQueued } : {}),
  });
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address === 'object' && address) baseUrl = `http://127.0.0.1:${address.port}`;
    config.baseUrl = baseUrl;
  } else {
    await app.ready();
  }
  return { app, baseUrl, close: () => app.close() };
}

/** A form post body as the browser sends it. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Fetches a page and returns its CSRF token and the cookie header to send it back with. */
export async function csrfFor(app: FastifyInstance, url: string): Promise<{ token: string; cookie: string }> {
  const page = await app.inject({ method: 'GET', url });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { token, cookie };
}
