// Organiser accounts and logged-in sessions for back-office tests.
import type { FastifyInstance } from 'fastify';
import { addUser } from '../../src/core/accounts/add-user.ts';
import { startAdminSession } from '../../src/core/accounts/admin-sessions.ts';
import type { MemberRole } from '../../src/core/accounts/types.ts';
import type { Store } from '../../src/db/connect.ts';
import { ADMIN_COOKIE } from '../../src/web/admin/auth.ts';
import { NOW } from './fixtures.ts';

export const TEST_PASSWORD = 'et langt testpassord';

let counter = 0;

export interface TestOrganiser {
  userId: number;
  email: string;
  /** Cookie header of a logged-in session (the admin session cookie only). */
  cookie: string;
}

/**
 * An account that is a member of `org` (created when new) with `role`, already logged in.
 * Events made with smallEvent() belong to the organisation "test-org".
 */
export async function organiser(
  store: Store,
  options: { org?: string; role?: MemberRole; email?: string; now?: Date } = {},
): Promise<TestOrganiser> {
  counter++;
  const email = options.email ?? `arrangor${counter}-${Math.random().toString(36).slice(2, 7)}@example.no`;
  const now = options.now ?? NOW;
  const result = await addUser(
    store,
    {
      email,
      name: `Arrangør ${counter}`,
      password: TEST_PASSWORD,
      organizationSlug: options.org ?? 'test-org',
      organizationName: options.org ?? 'Testorganisasjon',
      role: options.role ?? 'organiser',
      actor: 'test',
    },
    now,
  );
  if (!result.ok) throw new Error(`could not add test organiser: ${result.code}`);
  const token = await startAdminSession(store.db, result.userId, now);
  return { userId: result.userId, email, cookie: `${ADMIN_COOKIE}=${token}` };
}

/**
 * Opens an admin page as `who` and returns what a form post on it needs: the CSRF token and the
 * cookie header (session + CSRF secret).
 */
export async function adminForm(
  app: FastifyInstance,
  url: string,
  who: TestOrganiser,
): Promise<{ token: string; cookie: string; body: string }> {
  const page = await app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
  const csrfCookies = page.cookies.map((c) => `${c.name}=${c.value}`);
  return { token, cookie: [who.cookie, ...csrfCookies].join('; '), body: page.body };
}

/** Posts a form as `who` with a fresh CSRF token from `formUrl`. */
export async function postAdminForm(
  app: FastifyInstance,
  who: TestOrganiser,
  formUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
) {
  const { token, cookie } = await adminForm(app, formUrl, who);
  const params = new URLSearchParams();
  params.append('_csrf', token);
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return app.inject({
    method: 'POST',
    url: action,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: params.toString(),
  });
}
