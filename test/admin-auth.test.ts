// Back-office accounts: login and logout, sessions in the database, login limits, password reset,
// invitations and the `samskap user add` command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { addUser } from '../src/core/accounts/add-user.ts';
import { SESSION_IDLE_MS } from '../src/core/accounts/admin-sessions.ts';
import { invitePerson } from '../src/core/accounts/invite-person.ts';
import { connect } from '../src/db/connect.ts';
import { createAccountNotifier } from '../src/mail/account-notifier.tsx';
import { ADMIN_COOKIE } from '../src/web/admin/auth.ts';
import { LOGIN_LIMITS } from '../src/web/admin/auth-routes.tsx';
import { adminForm, organiser, TEST_PASSWORD } from './support/admin.ts';
import { formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { NOW } from './support/fixtures.ts';

const run = promisify(execFile);

/** Posts the login form as a fresh browser would: GET the page for a CSRF token, then POST. */
async function logInWith(app: TestApp, email: string, password: string, next = '/admin') {
  const page = await app.app.inject({ method: 'GET', url: '/admin/login' });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await app.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: token, email, password, next }),
  });
  const session = res.cookies.find((c) => c.name === ADMIN_COOKIE);
  return { res, sessionCookie: session ? `${ADMIN_COOKIE}=${session.value}` : null };
}

function linkFrom(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path}/([A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `no ${path} link in:\n${text}`);
  return match[1] as string;
}

onEachDatabase('back-office login', (db) => {
  let t: TestApp;
  let clock = NOW;
  before(async () => {
    t = await startApp(db().store, { now: () => clock });
  });
  after(async () => t.close());

  test('every /admin page sends a visitor who is not logged in to the login page', async () => {
    for (const url of ['/admin', '/admin/members', '/admin/events/any-event', '/admin/events/new']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 303, url);
      assert.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(url)}`);
    }
    const post = await t.app.inject({ method: 'POST', url: '/admin/events/any-event/publish', payload: {} });
    assert.equal(post.statusCode, 303);
  });

  test('logs in with the right password (any letter case in the address) and out again', async () => {
    const who = await organiser(db().store);
    const { res, sessionCookie } = await logInWith(t, who.email.toUpperCase(), TEST_PASSWORD, '/admin/members');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/members');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Path=\/admin/);
    assert.ok(sessionCookie);
    const dashboard = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: sessionCookie } });
    assert.equal(dashboard.statusCode, 200);

    const { token, cookie } = await adminForm(t.app, '/admin', { ...who, cookie: sessionCookie });
    const out = await t.app.inject({
      method: 'POST',
      url: '/admin/logout',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token }),
    });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/admin/login?loggedOut=1');
    const after = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: sessionCookie } });
    assert.equal(after.statusCode, 303, 'the session is gone from the database, not only from the browser');
  });

  test('refuses a wrong password and an unknown address with the same message and no session', async () => {
    const who = await organiser(db().store);
    const wrong = await logInWith(t, who.email, 'not the password at all');
    const unknown = await logInWith(t, 'ingen-konto@example.no', TEST_PASSWORD);
    for (const attempt of [wrong, unknown]) {
      assert.equal(attempt.res.statusCode, 401);
      assert.equal(attempt.sessionCookie, null);
      assert.match(attempt.res.body, /Feil e-postadresse eller passord/);
      assert.match(attempt.res.body, new RegExp(`value="${attempt === wrong ? who.email : 'ingen-konto@example.no'}"`));
    }
  });

  test('answers an empty login form with messages beside the fields', async () => {
    const res = await logInWith(t, '', '');
    assert.equal(res.res.statusCode, 422);
    assert.match(res.res.body, /Skriv inn e-postadressen din/);
    assert.match(res.res.body, /Skriv inn passordet ditt/);
    assert.match(res.res.body, /aria-invalid="true"/);
  });

  test('refuses a login form without its CSRF token', async () => {
    const who = await organiser(db().store);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ email: who.email, password: TEST_PASSWORD }),
    });
    assert.equal(res.statusCode, 403);
    assert.equal(
      res.cookies.find((c) => c.name === ADMIN_COOKIE),
      undefined,
    );
  });

  test('never follows a next address outside the back office', async () => {
    const who = await organiser(db().store);
    for (const next of ['https://evil.example/', '//evil.example/admin', '/e/some-event']) {
      const { res } = await logInWith(t, who.email, TEST_PASSWORD, next);
      assert.equal(res.headers.location, '/admin', next);
    }
  });

  test('a session ends after the idle time and cannot be used with a forged token', async () => {
    const who = await organiser(db().store);
    clock = new Date(NOW.getTime() + SESSION_IDLE_MS + 1000);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, 303);
    } finally {
      clock = NOW;
    }
    const forged = await t.app.inject({
      method: 'GET',
      url: '/admin',
      headers: { cookie: `${ADMIN_COOKIE}=${'A'.repeat(43)}` },
    });
    assert.equal(forged.statusCode, 303);
  });

  test('a session started by one process is honoured by another on the same database', async () => {
    const who = await organiser(db().store);
    const otherStore = db().open();
    const other = await startApp(otherStore, { now: () => NOW });
    try {
      const res = await other.app.inject({ method: 'GET', url: '/admin', headers: { cookie: who.cookie } });
      assert.equal(res.statusCode, 200);
    } finally {
      await other.close();
    }
  });
});

onEachDatabase('back-office login limits', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
  });
  after(async () => t.close());

  test('stops password guessing on one account after the per-account limit, even with the right password', async () => {
    const who = await organiser(db().store);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const { res } = await logInWith(t, who.email, `wrong guess ${i}`);
      assert.equal(res.statusCode, 401);
    }
    const { res, sessionCookie } = await logInWith(t, who.email, TEST_PASSWORD);
    assert.equal(res.statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(res.body, /For mange forsøk/);
    assert.equal(sessionCookie, null);
    // Another account from the same address is still served until the per-IP limit.
    const other = await organiser(db().store);
    assert.equal((await logInWith(t, other.email, TEST_PASSWORD)).res.statusCode, 303);
  });

  test('stops one address trying many accounts after the per-IP limit', async () => {
    let status = 0;
    for (let i = 0; i <= LOGIN_LIMITS.perIp; i++) {
      status = (await logInWith(t, `konto${i}@example.no`, 'whatever password')).res.statusCode;
    }
    assert.equal(status, 429);
  });
});

onEachDatabase('password reset', (db) => {
  let t: TestApp;
  let clock = NOW;
  before(async () => {
    t = await startApp(db().store, { now: () => clock });
  });
  after(async () => t.close());

  async function requestReset(email: string) {
    const page = await t.app.inject({ method: 'GET', url: '/admin/reset' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, email }),
    });
  }

  async function resetMailTo(email: string) {
    return db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', email)
      .where('kind', '=', 'account.password_reset')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  async function choosePassword(token: string, password: string, repeat = password) {
    // The CSRF token from the request page, which always has a form (a used link's page has none).
    const page = await t.app.inject({ method: 'GET', url: '/admin/reset' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return t.app.inject({
      method: 'POST',
      url: `/admin/reset/${token}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: csrf, password, repeat }),
    });
  }

  test('mails a link that sets a new password once, ends old sessions, and answers the same for unknown addresses', async () => {
    const who = await organiser(db().store);
    const known = await requestReset(who.email);
    const unknown = await requestReset('finnes-ikke@example.no');
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');
    assert.equal(strip(known.body), strip(unknown.body));
    assert.equal(await resetMailTo('finnes-ikke@example.no'), undefined);

    const mail = await resetMailTo(who.email);
    assert.ok(mail);
    assert.match(mail.subject, /Nytt passord/);
    const token = linkFrom(mail.text_body, '/admin/reset');

    const tooShort = await choosePassword(token, 'kort');
    assert.equal(tooShort.statusCode, 422);
    assert.match(tooShort.body, /minst 10 tegn/);
    const differ = await choosePassword(token, 'et nytt langt passord', 'noe annet helt');
    assert.equal(differ.statusCode, 422);
    assert.match(differ.body, /ikke like/);

    const done = await choosePassword(token, 'et nytt langt passord');
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/admin/login?reset=1');
    const oldSession = await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: who.cookie } });
    assert.equal(oldSession.statusCode, 303, 'sessions from before the reset are ended');
    assert.equal((await logInWith(t, who.email, TEST_PASSWORD)).res.statusCode, 401);
    assert.equal((await logInWith(t, who.email, 'et nytt langt passord')).res.statusCode, 303);

    const again = await choosePassword(token, 'enda et nytt passord');
    assert.equal(again.statusCode, 410, 'the link works once');
  });

  test('a reset link expires after an hour', async () => {
    const who = await organiser(db().store);
    await requestReset(who.email);
    const mail = await resetMailTo(who.email);
    assert.ok(mail);
    const token = linkFrom(mail.text_body, '/admin/reset');
    clock = new Date(NOW.getTime() + 61 * 60 * 1000);
    try {
      const page = await t.app.inject({ method: 'GET', url: `/admin/reset/${token}` });
      assert.equal(page.statusCode, 410);
      assert.match(page.body, /Lenken virker ikke/);
    } finally {
      clock = NOW;
    }
  });
});

onEachDatabase('invitations', (db) => {
  let t: TestApp;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
  });
  after(async () => t.close());

  async function invite(byRole: 'owner' | 'organiser', email: string) {
    const owner = await organiser(db().store, { role: byRole });
    const user = await db()
      .store.db.selectFrom('organizations')
      .select('id')
      .where('slug', '=', 'test-org')
      .executeTakeFirstOrThrow();
    const { findAdminSession } = await import('../src/core/accounts/admin-sessions.ts');
    const adminUser = await findAdminSession(db().store.db, owner.cookie.split('=')[1] as string, NOW);
    assert.ok(adminUser);
    const accountNotifier = createAccountNotifier({ baseUrl: 'http://samskap.test', domain: 'samskap.test' });
    return invitePerson(
      { ...db().store, accountNotifier },
      { by: adminUser, email, role: 'facilitator', scope: { kind: 'organization', organizationId: user.id } },
      NOW,
    );
  }

  test('a new person accepts an invitation by choosing a name and password, and becomes a member', async () => {
    const email = `ny-${Date.now()}@example.no`;
    const result = await invite('owner', email);
    assert.ok(result.ok);
    const mail = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', email)
      .executeTakeFirstOrThrow();
    assert.match(mail.subject, /Invitasjon/);
    const token = linkFrom(mail.text_body, '/admin/invitation');

    const page = await t.app.inject({ method: 'GET', url: `/admin/invitation/${token}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /tilrettelegger/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/invitation/${token}`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrf, ...fields }),
      });
    const missing = await post({ name: '', password: 'kort', repeat: 'kort' });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Skriv inn navnet ditt/);
    const accepted = await post({
      name: 'Nina Ny',
      password: 'et godt langt passord',
      repeat: 'et godt langt passord',
    });
    assert.equal(accepted.statusCode, 303);
    const session = accepted.cookies.find((c) => c.name === ADMIN_COOKIE);
    assert.ok(session, 'the new member is logged in');
    const member = await db()
      .store.db.selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.role', 'users.name'])
      .where('users.email_norm', '=', email)
      .executeTakeFirstOrThrow();
    assert.deepEqual(member, { role: 'facilitator', name: 'Nina Ny' });
    const reuse = await post({ name: 'Nina Ny', password: 'et godt langt passord', repeat: 'et godt langt passord' });
    assert.equal(reuse.statusCode, 410, 'an invitation is used once');
  });

  test('only owners can invite members to an organisation', async () => {
    const result = await invite('organiser', `ikke-eier-${Date.now()}@example.no`);
    assert.deepEqual(result, { ok: false, code: 'forbidden' });
  });
});

describe('samskap user add', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samskap-cli-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, SECRET: 'x'.repeat(40) };
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the organisation and an owner whose password comes from SAMSKAP_PASSWORD', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'user',
        'add',
        '--email',
        'Eier@Example.no',
        '--name',
        'Eva Eier',
        '--org',
        'levanger-kommune',
        '--org-name',
        'Levanger kommune',
        '--role',
        'owner',
      ],
      { env: { ...env, SAMSKAP_PASSWORD: 'et langt cli-passord' } },
    );
    assert.match(stdout, /Added Eier@Example.no as owner of "levanger-kommune" \(new organisation\)/);
    const store = connect(env.DATABASE_URL);
    try {
      const row = await store.db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
        .select(['users.email_norm', 'users.password_hash', 'memberships.role', 'organizations.name'])
        .executeTakeFirstOrThrow();
      assert.equal(row.email_norm, 'eier@example.no');
      assert.equal(row.role, 'owner');
      assert.equal(row.name, 'Levanger kommune');
      assert.match(row.password_hash ?? '', /^\$argon2id\$/);
    } finally {
      await store.close();
    }
  });

  test('reads the password from standard input', async () => {
    const child = execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'user',
        'add',
        '--email',
        'stdin@example.no',
        '--name',
        'Stina',
        '--org',
        'levanger-kommune',
        '--role',
        'facilitator',
      ],
      { env },
    );
    child.stdin?.end('passord fra stdin\n');
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
    assert.equal(code, 0);
    const store = connect(env.DATABASE_URL);
    try {
      const user = await store.db
        .selectFrom('users')
        .select('password_hash')
        .where('email_norm', '=', 'stdin@example.no')
        .executeTakeFirstOrThrow();
      const { verifyPassword } = await import('../src/core/accounts/passwords.ts');
      assert.equal(await verifyPassword(user.password_hash, 'passord fra stdin'), true);
    } finally {
      await store.close();
    }
  });

  test('refuses a bad role or a short password with a clear message and exit code 1', async () => {
    await assert.rejects(
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'user',
          'add',
          '--email',
          'x@example.no',
          '--name',
          'X',
          '--org',
          'o',
          '--role',
          'boss',
        ],
        { env: { ...env, SAMSKAP_PASSWORD: 'et langt passord' } },
      ),
      (error: { code: number; stderr: string }) => error.code === 1 && /--role must be one of/.test(error.stderr),
    );
    await assert.rejects(
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'user',
          'add',
          '--email',
          'x@example.no',
          '--name',
          'X',
          '--org',
          'o',
          '--role',
          'owner',
        ],
        { env: { ...env, SAMSKAP_PASSWORD: 'kort' } },
      ),
      (error: { code: number; stderr: string }) => error.code === 1 && /at least 10 characters/.test(error.stderr),
    );
  });
});

test('addUser makes an existing account a member of a further organisation without a second account', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samskap-adduser-'));
  const store = connect(`sqlite:${join(dir, 'a.db')}`);
  try {
    const { migrate } = await import('../src/db/connect.ts');
    await migrate(store);
    const input = {
      email: 'to@example.no',
      name: 'To Org',
      password: 'et langt passord',
      role: 'organiser' as const,
      actor: 'test',
    };
    await addUser(store, { ...input, organizationSlug: 'en' }, NOW);
    await addUser(store, { ...input, organizationSlug: 'to' }, NOW);
    const users = await store.db.selectFrom('users').select('id').execute();
    const memberships = await store.db.selectFrom('memberships').select('organization_id').execute();
    assert.equal(users.length, 1);
    assert.equal(memberships.length, 2);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
