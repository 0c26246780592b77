// Security against the OWASP ASVS level 2 items of issue 6: headers on every kind of answer,
// cookie attributes, a new session id at login, CSRF on every state-changing route, rate limits
// per IP and per address, no user enumeration, and tokens stored only as hashes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readSettings } from '../src/cli/settings.ts';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { SIGNUPS_PER_ADDRESS_PER_HOUR } from '../src/web/rate-limits.ts';
import { organiser, TEST_PASSWORD, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW } from './support/fixtures.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const registration = (email: string) => ({
  name: 'Kari Nordmann',
  email,
  role: 'citizen',
  session: 'A',
  consent: true,
});

/** Every POST route of the app, read from Fastify's route tree (so new routes are walked too). */
export function postRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ method: 'POST', commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S*) \(([^)]*)\)/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    stack.push(match[2] as string);
    if ((match[3] as string).split(', ').includes('POST')) routes.push(stack.join(''));
  }
  return routes;
}

function cookieHeader(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

function setCookies(res: LightMyRequestResponse): string[] {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
}

/** Checks every cookie an answer sets: HttpOnly, SameSite=Lax, and Secure exactly in production. */
function assertCookieAttributes(res: LightMyRequestResponse, production: boolean, where: string) {
  for (const cookie of setCookies(res)) {
    const name = cookie.split('=')[0];
    assert.match(cookie, /;\s*HttpOnly/i, `${name} on ${where} is HttpOnly`);
    assert.match(cookie, /;\s*SameSite=Lax/i, `${name} on ${where} is SameSite=Lax`);
    if (production) assert.match(cookie, /;\s*Secure/i, `${name} on ${where} is Secure in production`);
    else assert.doesNotMatch(cookie, /;\s*Secure/i, `${name} on ${where}: no Secure over plain HTTP in development`);
  }
}

function assertSecurityHeaders(res: LightMyRequestResponse, production: boolean, where: string) {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name ?? '', values] as const;
    }),
  );
  assert.ok(csp, `${where} has a Content-Security-Policy`);
  const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
  assert.deepEqual(scripts, ["'self'"], `${where}: scripts only from this origin`);
  assert.doesNotMatch(csp, /(script-src|default-src)[^;]*'unsafe-inline'/, `${where}: no inline scripts`);
  assert.ok(!csp.includes('unsafe-eval'), `${where}: no eval`);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], `${where}: frame-ancestors 'none'`);
  assert.deepEqual(directives.get('object-src'), ["'none'"], `${where}: object-src 'none'`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', where);
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', `${where}: X-Frame-Options for old browsers`);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', where);
  if (production) {
    assert.match(String(res.headers['strict-transport-security']), /max-age=\d{7,}; includeSubDomains/, where);
  } else {
    assert.equal(res.headers['strict-transport-security'], undefined, `${where}: no HSTS over plain HTTP`);
  }
}

/** Pages carry no inline script and no inline event handler, so the CSP blocks nothing they need. */
function assertNoInlineScript(res: LightMyRequestResponse, where: string) {
  if (!String(res.headers['content-type']).startsWith('text/html')) return;
  for (const tag of res.body.match(/<script\b[^>]*>/gi) ?? []) {
    // JSON-LD is data, not script: browsers never run it and the CSP does not apply to it.
    if (/type="application\/ld\+json"/.test(tag)) continue;
    assert.match(tag, /\ssrc="\/[^"]*"/, `${where}: ${tag} loads its script from this origin`);
  }
  assert.doesNotMatch(res.body, /<[a-z][^>]*\son[a-z]+\s*=/i, `${where}: no inline event handlers`);
  assert.doesNotMatch(res.body, /href="javascript:/i, `${where}: no javascript: links`);
}

onEachDatabase('security', (db) => {
  let t: TestApp;
  let prod: TestApp;
  let slug: string;
  let manageToken: string;
  let registrationId: number;
  let owner: TestOrganiser;

  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
    prod = await startApp(db().store, { now: () => NOW, config: { production: true } });
    slug = await addEvent(db().store);
    const signed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: registration('deltaker@example.no'),
    });
    assert.equal(signed.statusCode, 201);
    manageToken = (signed.json().manageUrl as string).split('/m/')[1] as string;
    const row = await db()
      .store.db.selectFrom('registrations')
      .select('id')
      .where('email', '=', 'deltaker@example.no')
      .executeTakeFirstOrThrow();
    registrationId = row.id;
    owner = await organiser(db().store, { role: 'owner' });
  });
  after(async () => {
    await t.close();
    await prod.close();
  });

  test('every kind of answer carries CSP without inline scripts, nosniff and frame-ancestors none; HSTS only in production', async () => {
    const tooLarge = `_csrf=x&needs=${'x'.repeat(70_000)}`;
    for (const [app, production] of [
      [t, false],
      [prod, true],
    ] as const) {
      const pages: { url: string; method?: 'GET' | 'POST'; admin?: boolean; payload?: string; status?: number }[] = [
        { url: '/' },
        { url: `/e/${slug}` },
        { url: `/e/${slug}/register` },
        { url: `/e/${slug}/link` },
        { url: `/e/${slug}/calendar.ics` },
        { url: `/m/${manageToken}` },
        { url: `/m/${manageToken}/cancel` },
        { url: '/personvern' },
        { url: '/api/v1/events' },
        { url: `/api/v1/events/${slug}` },
        { url: '/api/v1/openapi.json' },
        { url: '/api/v1/events/finnes-ikke', status: 404 },
        { url: '/e/finnes-ikke', status: 404 },
        { url: '/static/site.css' },
        { url: '/static/checkin.js' },
        { url: '/healthz' },
        { url: '/admin/login' },
        { url: '/admin/reset' },
        { url: '/admin', status: 303 },
        { url: '/admin', admin: true },
        { url: `/admin/events/${slug}`, admin: true },
        { url: `/admin/events/${slug}/registrations`, admin: true },
        { url: `/admin/events/${slug}/registrations/${registrationId}`, admin: true },
        { url: `/admin/events/${slug}/registrations.csv`, admin: true },
        { url: `/admin/events/${slug}/checkin`, admin: true },
        // Error pages: a refused CSRF token, a too large body, a server error is not provokable.
        { url: `/e/${slug}/register`, method: 'POST', payload: 'name=x', status: 403 },
        { url: `/e/${slug}/register`, method: 'POST', payload: tooLarge, status: 413 },
      ];
      for (const page of pages) {
        const where = `${page.method ?? 'GET'} ${page.url}${page.admin ? ' (logged in)' : ''}${production ? ' in production' : ''}`;
        const res = await app.app.inject({
          method: page.method ?? 'GET',
          url: page.url,
          headers: {
            ...(page.admin ? { cookie: owner.cookie } : {}),
            ...(page.payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(page.payload ? { payload: page.payload } : {}),
        });
        assert.equal(res.statusCode, page.status ?? 200, where);
        assertSecurityHeaders(res, production, where);
        assertNoInlineScript(res, where);
        assertCookieAttributes(res, production, where);
      }
    }
  });

  test('cookies are HttpOnly and SameSite=Lax everywhere, Secure in production: CSRF, session and language', async () => {
    for (const [app, production] of [
      [t, false],
      [prod, true],
    ] as const) {
      const form = await app.app.inject(`/e/${slug}/register`);
      assert.ok(
        form.cookies.some((c) => c.name === '_csrf'),
        'a form page sets the CSRF cookie',
      );
      assertCookieAttributes(form, production, 'the sign-up form');
      // The language switcher (?lang=) may remember the choice in a cookie; if it does, the same rules hold.
      for (const url of ['/?lang=nn', '/?lang=en', `/e/${slug}?lang=nn`]) {
        assertCookieAttributes(await app.app.inject(url), production, url);
      }
      const who = await organiser(db().store);
      const login = await app.app.inject('/admin/login');
      const res = await app.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { cookie: cookieHeader(login), 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '',
          email: who.email,
          password: TEST_PASSWORD,
        }),
      });
      assert.equal(res.statusCode, 303);
      assert.ok(res.cookies.some((c) => c.name === ADMIN_COOKIE));
      assertCookieAttributes(res, production, 'login');
      assert.match(setCookies(res).join('\n'), /samskap_admin=[^;]+;.*Path=\/admin/);
    }
  });

  async function logIn(app: TestApp, email: string, existingCookie: string) {
    // The form from a page that sets the CSRF cookie (a logged-in visitor of /admin/login is sent on).
    const login = await app.app.inject({ url: '/admin/reset' });
    const csrf = login.cookies.find((c) => c.name === '_csrf');
    return app.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: {
        cookie: [existingCookie, csrf ? `_csrf=${csrf.value}` : ''].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: formBody({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '',
        email,
        password: TEST_PASSWORD,
      }),
    });
  }

  test('a login always starts a new session id: a planted or earlier session cookie does not survive it', async () => {
    const who = await organiser(db().store);
    // An attacker plants a session id of their own choosing before the victim logs in …
    const planted = `${ADMIN_COOKIE}=${'P'.repeat(43)}`;
    const first = await logIn(t, who.email, planted);
    assert.equal(first.statusCode, 303);
    const issued = first.cookies.find((c) => c.name === ADMIN_COOKIE)?.value;
    assert.ok(issued && issued !== 'P'.repeat(43), 'the server chooses the session id, never the browser');
    assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: planted } })).statusCode, 303);
    // … or a session from an earlier login travels with the form: it is ended, not reused.
    const earlier = who.cookie;
    assert.equal((await t.app.inject({ url: '/admin', headers: { cookie: earlier } })).statusCode, 200);
    const second = await logIn(t, who.email, earlier);
    const renewed = second.cookies.find((c) => c.name === ADMIN_COOKIE)?.value;
    assert.ok(renewed && `${ADMIN_COOKIE}=${renewed}` !== earlier);
    assert.equal(
      (await t.app.inject({ url: '/admin', headers: { cookie: earlier } })).statusCode,
      303,
      'the session id from before the login is ended',
    );
    assert.equal(
      (await t.app.inject({ url: '/admin', headers: { cookie: `${ADMIN_COOKIE}=${renewed}` } })).statusCode,
      200,
    );
  });

  test('every POST route refuses a request without a valid CSRF token with 403 (the JSON API excepted)', async () => {
    const routes = postRoutes(t.app);
    assert.ok(routes.length >= 30, `found ${routes.length} POST routes`);
    for (const expected of ['/e/:slug/register', '/admin/login', '/admin/logout', '/api/v1/events/:slug/registrations'])
      assert.ok(routes.includes(expected), `${expected} is among the walked routes`);
    // A browser that holds the CSRF secret cookie (it has seen a form) and a logged-in owner's
    // session: the only thing missing is the token in the form, so only CSRF protection can refuse.
    const page = await t.app.inject(`/e/${slug}/register`);
    const cookie = `${cookieHeader(page)}; ${owner.cookie}`;
    const fill = (route: string) =>
      route
        .replace(':slug', slug)
        .replace(':token', manageToken)
        .replace(/:id\b/, String(registrationId))
        .replace(/:\w+/g, '1');
    for (const route of routes) {
      // The JSON API is excepted by design: it accepts only application/json (a form post or
      // text/plain, the content types another site's page can send without a CORS preflight,
      // gets 415), the app answers no CORS preflight, and it authenticates nobody by cookie, so
      // a forged cross-site request can do no more than anyone may do directly. Tested below.
      if (route.startsWith('/api/')) continue;
      const url = fill(route);
      const payloads: Record<string, string>[] = [{ name: 'x' }, { _csrf: 'forged-token', name: 'x' }];
      for (const fields of payloads) {
        const form = new URLSearchParams(fields).toString();
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: form,
        });
        if (res.statusCode === 415) {
          // An upload route takes only multipart/form-data, which another site's form can send
          // as well: the same request in that form must meet the CSRF check.
          const multipart = await t.app.inject({
            method: 'POST',
            url,
            headers: { cookie, 'content-type': 'multipart/form-data; boundary=csrf-test' },
            payload: multipartBody('csrf-test', fields),
          });
          assert.equal(multipart.statusCode, 403, `POST ${url} as multipart with ${form} → ${multipart.statusCode}`);
          continue;
        }
        assert.equal(res.statusCode, 403, `POST ${url} with ${form} → ${res.statusCode}`);
      }
      const json = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json' },
        payload: '{"name":"x"}',
      });
      assert.ok([403, 415].includes(json.statusCode), `POST ${url} as JSON without token → ${json.statusCode}`);
    }
  });

  test('the JSON API refuses the content types a cross-site form can send and grants no CORS preflight', async () => {
    const url = `/api/v1/events/${slug}/registrations`;
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': type, cookie: owner.cookie, origin: 'https://evil.example' },
        payload: type.startsWith('multipart') ? '--x--' : 'name=x',
      });
      assert.equal(res.statusCode, 415, type);
    }
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
  });

  test('RATE_LIMITS=off (any letter case) is the only way to switch limits off', () => {
    const env = { SECRET: 'x'.repeat(40) };
    assert.equal(readSettings(env).app.rateLimits, true);
    for (const value of ['off', 'OFF', 'Off'])
      assert.equal(readSettings({ ...env, RATE_LIMITS: value }).app.rateLimits, false);
    for (const value of ['0', 'false', 'no', '', 'disabled', 'of'])
      assert.equal(readSettings({ ...env, RATE_LIMITS: value }).app.rateLimits, true, `RATE_LIMITS=${value}`);
  });

  test(`sign-up allows ${SIGNUPS_PER_ADDRESS_PER_HOUR} attempts per address and event an hour, by form and API together, then 429`, async () => {
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      const eventSlug = await addEvent(db().store);
      const statuses: number[] = [];
      for (let i = 0; i < SIGNUPS_PER_ADDRESS_PER_HOUR + 1; i++) {
        // Alternating form and API, and letter case: all count against one address.
        const email = i % 2 ? 'Flom@Example.no' : 'flom@example.no';
        if (i % 2 === 0) {
          const res = await limited.app.inject({
            method: 'POST',
            url: `/api/v1/events/${eventSlug}/registrations`,
            payload: registration(email),
          });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) assert.equal(res.json().error.code, 'rate_limited');
        } else {
          const { token, cookie } = await csrfFor(limited.app, `/e/${eventSlug}/register`);
          const res = await limited.app.inject({
            method: 'POST',
            url: `/e/${eventSlug}/register`,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: formBody({ _csrf: token, name: 'Kari', email, role: 'citizen', session: 'A', consent: 'on' }),
          });
          statuses.push(res.statusCode);
          if (res.statusCode === 429) {
            assert.match(res.body, /For mange forsøk/);
            assert.ok(res.headers['retry-after']);
          }
        }
      }
      assert.deepEqual(statuses, [201, 200, 200, 200, 200, 429]);
      // Another address is not affected; an unregistered address is limited the same way.
      const other = await limited.app.inject({
        method: 'POST',
        url: `/api/v1/events/${eventSlug}/registrations`,
        payload: registration('annen@example.no'),
      });
      assert.equal(other.statusCode, 201);
      const mails = await db()
        .store.db.selectFrom('outbox')
        .select('id')
        .where('to_address', 'in', ['flom@example.no', 'Flom@Example.no'])
        .execute();
      assert.ok(mails.length <= SIGNUPS_PER_ADDRESS_PER_HOUR, `${mails.length} mails to one address`);
    } finally {
      await limited.close();
    }
  });

  test('each limited route counts on its own: using up one does not block another', async () => {
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      for (let i = 0; i < 31; i++) {
        await limited.app.inject({ method: 'POST', url: `/api/v1/events/${slug}/registrations`, payload: {} });
      }
      const { token, cookie } = await csrfFor(limited.app, `/e/${slug}/link`);
      const link = await limited.app.inject({
        method: 'POST',
        url: `/e/${slug}/link`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: token, email: 'noen@example.no' }),
      });
      assert.equal(link.statusCode, 200, 'the API limit is not the link limit');
      assert.equal((await limited.app.inject(`/m/${manageToken}`)).statusCode, 200);
    } finally {
      await limited.close();
    }
  });

  test('the password-reset forms are limited per IP address as well as per e-mail address', async () => {
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const { token, cookie } = await csrfFor(limited.app, '/admin/reset');
        const res = await limited.app.inject({
          method: 'POST',
          url: '/admin/reset',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody({ _csrf: token, email: `person${i}@example.no` }),
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [...Array(20).fill(200), 429]);
      const guesses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const { token, cookie } = await csrfFor(limited.app, '/admin/login');
        const res = await limited.app.inject({
          method: 'POST',
          url: `/admin/reset/${'G'.repeat(42)}${i}`,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody({ _csrf: token, password: 'et langt passord', repeat: 'et langt passord' }),
        });
        guesses.push(res.statusCode);
      }
      assert.deepEqual(guesses, [...Array(20).fill(410), 429], 'reset tokens cannot be guessed at speed');
    } finally {
      await limited.close();
    }
  });

  /** The answer with the CSRF token and the typed address taken out. */
  const comparable = (body: string, email: string) =>
    body.replace(/name="_csrf" value="[^"]+"/g, '').replaceAll(email, 'ADDRESS');

  test('login answers a wrong password, an unknown address and a disabled account identically', async () => {
    const who = await organiser(db().store);
    const disabled = await organiser(db().store);
    await db()
      .store.db.updateTable('users')
      .set({ disabled_at: NOW.toISOString() })
      .where('id', '=', disabled.userId)
      .execute();
    const answers: { status: number; body: string }[] = [];
    for (const [email, password] of [
      [who.email, 'feil passord her'],
      ['finnes-ikke@example.no', 'feil passord her'],
      [disabled.email, TEST_PASSWORD],
    ] as const) {
      const { token, cookie } = await csrfFor(t.app, '/admin/login');
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: token, email, password, next: '/admin' }),
      });
      answers.push({ status: res.statusCode, body: comparable(res.body, email) });
    }
    assert.equal(answers[0]?.status, 401);
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], answers[0]);
  });

  test('password reset and "send me my link" answer the same for known, unknown and limited addresses', async () => {
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      const who = await organiser(db().store);
      const post = async (url: string, email: string) => {
        const { token, cookie } = await csrfFor(limited.app, url);
        const res = await limited.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody({ _csrf: token, email }),
        });
        return { status: res.statusCode, body: comparable(res.body, email) };
      };
      for (const [url, known] of [
        ['/admin/reset', who.email],
        [`/e/${slug}/link`, 'deltaker@example.no'],
      ] as const) {
        const first = await post(url, known);
        assert.equal(first.status, 200, url);
        assert.deepEqual(await post(url, `ukjent-${Date.now()}@example.no`), first, `${url}: unknown address`);
        // Past the per-address mail limit nothing is sent, and the answer still says the same.
        for (let i = 0; i < 6; i++) assert.deepEqual(await post(url, known), first, `${url}: limited address`);
      }
    } finally {
      await limited.close();
    }
  });

  test('personal-link, session, reset and invitation tokens are stored only as SHA-256 hashes', async () => {
    const stored = await db().store.db.selectFrom('access_tokens').select('token_hash').execute();
    assert.ok(stored.some((r) => r.token_hash === sha256(manageToken)));
    assert.ok(!stored.some((r) => r.token_hash.includes(manageToken)));

    const who = await organiser(db().store);
    const sessionToken = who.cookie.split('=')[1] as string;
    const sessions = await db().store.db.selectFrom('admin_sessions').select('token_hash').execute();
    assert.ok(sessions.some((r) => r.token_hash === sha256(sessionToken)));

    const { token, cookie } = await csrfFor(t.app, '/admin/reset');
    await t.app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, email: who.email }),
    });
    const mail = await db()
      .store.db.selectFrom('outbox')
      .select('text_body')
      .where('to_address', '=', who.email)
      .where('kind', '=', 'account.password_reset')
      .executeTakeFirstOrThrow();
    const resetToken = /\/admin\/reset\/([A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] as string;
    const resets = await db().store.db.selectFrom('password_resets').select('token_hash').execute();
    assert.ok(resets.some((r) => r.token_hash === sha256(resetToken)));

    // No column anywhere holds a token in the clear.
    for (const table of ['access_tokens', 'admin_sessions', 'password_resets', 'invitations'] as const) {
      const rows = await db().store.db.selectFrom(table).selectAll().execute();
      const text = JSON.stringify(rows);
      for (const secret of [manageToken, sessionToken, resetToken]) assert.ok(!text.includes(secret), table);
    }
  });
});

/** A multipart/form-data body with text fields and one small file, as a browser's form sends it. */
function multipartBody(boundary: string, fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.eml"\r\n` +
      'Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nx\r\n',
  );
  return `${parts.join('')}--${boundary}--\r\n`;
}
