// Bokmål, Nynorsk and English: ?lang=, the switcher's cookie, Accept-Language, <html lang>, and
// mail and exports in the language of the person they are for.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Store } from '../src/db/connect.ts';
import { organiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';

function htmlLang(body: string): string | undefined {
  return /<html lang="([a-z]+)">/.exec(body)?.[1];
}

function langCookie(res: { cookies: { name: string; value: string }[] }) {
  return res.cookies.find((c) => c.name === 'lang') as
    | { name: string; value: string; maxAge?: number; sameSite?: string; path?: string; secure?: boolean }
    | undefined;
}

async function signUpInForm(t: TestApp, slug: string, email: string, cookie: string) {
  const { token, cookie: csrfCookie } = await csrfFor(t.app, `/e/${slug}/register`);
  return t.app.inject({
    method: 'POST',
    url: `/e/${slug}/register`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${csrfCookie}; ${cookie}` },
    payload: formBody({
      _csrf: token,
      name: 'Sigrid Sunde',
      email,
      role: 'researcher',
      session: 'A',
      consent: 'on',
      action: 'submit',
    }),
  });
}

async function mailsTo(store: Store, email: string) {
  return store.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();
}

onEachDatabase('languages', (db) => {
  let t: TestApp;
  let slug: string;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
    slug = await addEvent(db().store, smallEvent());
  });
  after(async () => t.close());

  test('?lang=nn and ?lang=en give the front page in Nynorsk and English with <html lang>', async () => {
    const nn = await t.app.inject('/?lang=nn');
    assert.equal(nn.statusCode, 200);
    assert.equal(htmlLang(nn.body), 'nn');
    assert.match(nn.body, /Komande arrangement/);
    const en = await t.app.inject('/?lang=en');
    assert.equal(htmlLang(en.body), 'en');
    assert.match(en.body, /Upcoming events/);
    const nb = await t.app.inject('/');
    assert.equal(htmlLang(nb.body), 'nb');
    assert.match(nb.body, /Kommende arrangementer/);
  });

  test('the event page and the sign-up form speak the chosen language, dates included', async () => {
    const en = await t.app.inject(`/e/${slug}?lang=en`);
    assert.equal(en.statusCode, 200);
    assert.equal(htmlLang(en.body), 'en');
    assert.match(en.body, /Tuesday 12 November 2030 at 09:00–15:30/);
    assert.match(en.body, /Practical information/);
    const nn = await t.app.inject(`/e/${slug}?lang=nn`);
    assert.match(nn.body, /tysdag 12\. november 2030 kl\. 09\.00–15\.30/);
    assert.match(nn.body, /Om arrangementet/);
    const form = await t.app.inject(`/e/${slug}/register?lang=nn`);
    assert.equal(htmlLang(form.body), 'nn');
    assert.match(form.body, /Kva vil du delta på etter lunsj\?/);
    assert.match(form.body, /Send påmelding/);
  });

  test('every page has a switcher: a labelled nav with links to the same page, lang, hreflang and the current one marked', async () => {
    const res = await t.app.inject(`/e/${slug}/register?lang=nn&x=1`);
    const nav = /<nav class="language-switcher" aria-label="Språk">([\s\S]*?)<\/nav>/.exec(res.body)?.[1];
    assert.ok(nav, 'a language switcher');
    const links = [...nav.matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map((m) => ({ attrs: m[1] ?? '', text: m[2] }));
    assert.deepEqual(
      links.map((l) => l.text),
      ['Bokmål', 'Nynorsk', 'English'],
    );
    for (const [i, lang] of ['nb', 'nn', 'en'].entries()) {
      const attrs = links[i]?.attrs ?? '';
      assert.match(attrs, new RegExp(`href="/e/${slug}/register\\?lang=${lang}&(amp;)?x=1"`));
      assert.match(attrs, new RegExp(`(^| )lang="${lang}"`));
      assert.match(attrs, new RegExp(`hreflang="${lang}"`));
      assert.equal(
        attrs.includes('aria-current'),
        lang === 'nn',
        `aria-current only on the current language (${lang})`,
      );
    }
    // The event page is cached and shared: its switcher links to the bare address, not to a visitor's query.
    await t.app.inject(`/e/${slug}?lang=en&utm_source=x`);
    const shared = await t.app.inject(`/e/${slug}?lang=en`);
    assert.match(shared.body, new RegExp(`href="/e/${slug}\\?lang=nn"`));
    assert.ok(!shared.body.includes('utm_source'));
    // A path that starts with two slashes must not become a link to another site.
    const odd = await t.app.inject('//evil.example/?lang=en');
    assert.ok(!/href="\/\/evil/.test(odd.body));
  });

  test('?lang= sets the lang cookie for a year (SameSite=Lax, whole site), and the cookie is honoured afterwards', async () => {
    const res = await t.app.inject('/?lang=nn');
    const cookie = langCookie(res);
    assert.ok(cookie, 'a lang cookie');
    assert.equal(cookie.value, 'nn');
    assert.equal(cookie.maxAge, 365 * 24 * 60 * 60);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.ok(!cookie.secure, 'not Secure outside production (plain http in development)');

    const later = await t.app.inject({ url: `/e/${slug}`, headers: { cookie: 'lang=nn' } });
    assert.equal(htmlLang(later.body), 'nn');
    assert.equal(langCookie(later), undefined, 'no new cookie without ?lang=');
    // ?lang= wins over the cookie, the cookie over Accept-Language.
    const switched = await t.app.inject({ url: '/?lang=en', headers: { cookie: 'lang=nn' } });
    assert.equal(htmlLang(switched.body), 'en');
    assert.equal(langCookie(switched)?.value, 'en');
    const cookieFirst = await t.app.inject({ url: '/', headers: { cookie: 'lang=nn', 'accept-language': 'en' } });
    assert.equal(htmlLang(cookieFirst.body), 'nn');
    // Unknown values are ignored and set nothing.
    const unknown = await t.app.inject('/?lang=de');
    assert.equal(htmlLang(unknown.body), 'nb');
    assert.equal(langCookie(unknown), undefined);
  });

  test('the lang cookie is Secure in production', async () => {
    const prod = await startApp(db().store, { now: () => NOW, config: { production: true } });
    try {
      const res = await prod.app.inject('/?lang=en');
      assert.equal(langCookie(res)?.secure, true);
    } finally {
      await prod.close();
    }
  });

  test('Accept-Language picks Nynorsk or English when there is no ?lang= or cookie', async () => {
    const cases: [string, string][] = [
      ['nn-NO,nn;q=0.9,nb;q=0.8', 'nn'],
      ['nn', 'nn'],
      ['en-GB,en;q=0.9', 'en'],
      ['de-DE,en;q=0.5', 'en'],
      ['no', 'nb'],
      ['nb-NO', 'nb'],
      ['fr', 'nb'],
    ];
    for (const [header, lang] of cases) {
      const res = await t.app.inject({ url: '/', headers: { 'accept-language': header } });
      assert.equal(htmlLang(res.body), lang, header);
    }
  });

  test('error pages and API errors follow the language too', async () => {
    const page = await t.app.inject('/e/no-such-event?lang=en');
    assert.equal(page.statusCode, 404);
    assert.equal(htmlLang(page.body), 'en');
    assert.match(page.body, /Page not found/);
    const api = await t.app.inject({ url: '/api/v1/events/no-such-event', headers: { 'accept-language': 'nn' } });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.message, 'Fann ikkje det du bad om.');
  });

  test('a sign-up made in Nynorsk stores nn and gets its confirmation mail in Nynorsk', async () => {
    const res = await signUpInForm(t, slug, 'nynorsk@example.no', 'lang=nn');
    assert.equal(res.statusCode, 303);
    const reg = await db()
      .store.db.selectFrom('registrations')
      .select('lang')
      .where('email', '=', 'nynorsk@example.no')
      .executeTakeFirstOrThrow();
    assert.equal(reg.lang, 'nn');
    const [mail] = await mailsTo(db().store, 'nynorsk@example.no');
    assert.ok(mail, 'a confirmation in the outbox');
    assert.equal(mail.subject, 'Påmeld: Testseminar om samskaping');
    assert.match(mail.text_body, /Du er påmeld Testseminar om samskaping\./);
    assert.match(mail.text_body, /tysdag 12\. november 2030 kl\. 09\.00/);
    assert.match(mail.html_body, /<html lang="nn">/);
    // The personal page afterwards is in Nynorsk too.
    const mine = await t.app.inject({ url: res.headers.location as string, headers: { cookie: 'lang=nn' } });
    assert.match(mine.body, /Takk! Påmeldinga er registrert\./);
  });

  test('a sign-up in English gets an English confirmation, whatever language later mail is sent from', async () => {
    const res = await signUpInForm(t, slug, 'english@example.no', 'lang=en');
    assert.equal(res.statusCode, 303);
    const [mail] = await mailsTo(db().store, 'english@example.no');
    assert.equal(mail?.subject, 'Registered: Testseminar om samskaping');
    assert.match(mail?.text_body ?? '', /Tuesday 12 November 2030 at 09:00/);
  });

  test('admin pages follow ?lang= and the cookie; the login page too', async () => {
    const login = await t.app.inject('/admin/login?lang=en');
    assert.equal(htmlLang(login.body), 'en');
    assert.match(login.body, /Log in to create and follow up events\./);
    assert.match(login.body, /class="language-switcher"/);

    const who = await organiser(db().store);
    const nn = await t.app.inject({ url: '/admin?lang=nn', headers: { cookie: who.cookie } });
    assert.equal(nn.statusCode, 200);
    assert.equal(htmlLang(nn.body), 'nn');
    assert.match(nn.body, /Arrangementa mine/);
    assert.match(nn.body, /<a href="\/admin\?lang=nn"[^>]*aria-current="true"/);
    const en = await t.app.inject({ url: `/admin/events/${slug}`, headers: { cookie: `${who.cookie}; lang=en` } });
    assert.equal(en.statusCode, 200);
    assert.equal(htmlLang(en.body), 'en');
    assert.match(en.body, /Overview/);
    assert.match(en.body, /Tuesday 12 November 2030/);
  });

  test('an organiser’s choice in the switcher is stored, and mail about their account follows it', async () => {
    const who = await organiser(db().store);
    await t.app.inject({ url: '/admin?lang=en', headers: { cookie: who.cookie } });
    const user = await db().store.db.selectFrom('users').select('lang').where('id', '=', who.userId).executeTakeFirst();
    assert.equal(user?.lang, 'en');
    const audit = await db()
      .store.db.selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', who.userId)
      .where('action', '=', 'user.language_changed')
      .execute();
    assert.equal(audit.length, 1);

    // Password reset requested from a Bokmål page still arrives in the account's language.
    const page = await t.app.inject({ method: 'GET', url: '/admin/reset' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: token, email: who.email }),
    });
    assert.ok(res.statusCode < 400);
    const [mail] = await mailsTo(db().store, who.email);
    assert.equal(mail?.subject, 'New password for samskap');
  });

  test('CSV export headers are in the organiser’s language', async () => {
    const who = await organiser(db().store);
    await signUpInForm(t, slug, 'csv-en@example.no', 'lang=nb');
    const en = await t.app.inject({
      url: `/admin/events/${slug}/registrations.csv`,
      headers: { cookie: `${who.cookie}; lang=en` },
    });
    assert.equal(en.statusCode, 200);
    const header = en.rawPayload.subarray(3).toString('utf8').split('\r\n')[0] ?? '';
    assert.ok(header.startsWith('No.;Name;E-mail;Organisation;Role;'), header);
    const body = en.rawPayload.toString('utf8');
    assert.match(body, /Sigrid Sunde;csv-en@example\.no;;Researcher;/);
    const nn = await t.app.inject({
      url: `/admin/events/${slug}/registrations.csv?lang=nn`,
      headers: { cookie: who.cookie },
    });
    const nnHeader = nn.rawPayload.subarray(3).toString('utf8').split('\r\n')[0] ?? '';
    assert.ok(nnHeader.startsWith('Nr.;Namn;E-post;Organisasjon;Rolle;'), nnHeader);
  });
});
