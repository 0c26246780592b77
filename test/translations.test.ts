// Event content per language (issue 6, item 2): titles, summary, description and programme
// titles entered per language in the editor, shown in the reader's language where translated and
// in the event's main language otherwise, with `lang` marked on the fallback text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyEvent } from '../src/core/events/copy-event.ts';
import { getEvent } from '../src/core/events/get-event.ts';
import { getEventForEditing } from '../src/core/events/get-event-for-editing.ts';
import { saveTranslations } from '../src/core/events/save-translations.ts';
import { localizeEvent } from '../src/core/events/translations.ts';
import { sendMessage } from '../src/core/messages/send-message.ts';
import type { Store } from '../src/db/connect.ts';
import { createMessageMailer } from '../src/mail/message-mail.tsx';
import { adminForm, organiser, postAdminForm, type TestOrganiser } from './support/admin.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';

async function editorData(store: Store, slug: string) {
  const row = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const data = await getEventForEditing(store.db, row.id);
  assert.ok(data);
  return data;
}

const pagePath = (slug: string, lang = 'nn') => `/admin/events/${slug}/edit/translations?translate=${lang}`;

onEachDatabase('event content per language', (db) => {
  let t: TestApp;
  let slug: string;
  let who: TestOrganiser;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
    slug = await addEvent(db().store, smallEvent());
    who = await organiser(db().store);
  });
  after(async () => t.close());

  test('translations are saved in one go, read with the event, and an empty field removes one', async () => {
    const store = db().store;
    const local = await addEvent(store, smallEvent());
    const data = await editorData(store, local);
    const a = data.sessions.find((s) => s.code === 'A');
    assert.ok(a);
    const saved = await saveTranslations(
      { db: store.db, adapter: store.adapter },
      {
        eventId: data.event.id,
        version: data.event.version,
        actor: 'test',
        lang: 'nn',
        texts: [
          { entity: 'event', id: data.event.id, field: 'title', value: 'Testseminar om samskaping på nynorsk' },
          { entity: 'event', id: data.event.id, field: 'summary', value: '  Eit seminar for testar.  ' },
          { entity: 'session', id: a.id, field: 'title', value: 'Sesjon A på nynorsk' },
        ],
      },
      NOW,
    );
    assert.equal(saved.ok, true);
    const event = await getEvent(store.db, local);
    assert.ok(event);
    assert.equal(event.translations.nn?.event.title, 'Testseminar om samskaping på nynorsk');
    assert.equal(event.translations.nn?.event.summary, 'Eit seminar for testar.', 'trimmed');
    assert.equal(event.translations.nn?.session[a.id]?.title, 'Sesjon A på nynorsk');

    const nn = localizeEvent(event, 'nn');
    assert.equal(nn.title, 'Testseminar om samskaping på nynorsk');
    assert.equal(nn.textLang?.title, 'nn');
    assert.equal(nn.descriptionMd, event.descriptionMd, 'the description falls back to Bokmål');
    assert.equal(nn.textLang?.descriptionMd, 'nb');
    assert.equal(nn.sessions.find((s) => s.code === 'A')?.title, 'Sesjon A på nynorsk');
    assert.equal(nn.sessions.find((s) => s.code === 'B')?.textLang?.title, 'nb');
    assert.equal(localizeEvent(event, 'nn'), nn, 'built once per event and language');
    assert.equal(localizeEvent(event, 'en'), event, 'no English translations: the event as it is');
    assert.equal(localizeEvent(event, 'nb'), event, 'the main language: the event as it is');

    const after1 = await editorData(store, local);
    assert.equal(after1.event.version, data.event.version + 1, 'the version is raised');
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'event.translations_saved')
      .where('event_id', '=', data.event.id)
      .execute();
    assert.equal(audit.length, 1);

    const removed = await saveTranslations(
      { db: store.db, adapter: store.adapter },
      {
        eventId: data.event.id,
        version: after1.event.version,
        actor: 'test',
        lang: 'nn',
        texts: [{ entity: 'event', id: data.event.id, field: 'summary', value: '' }],
      },
      NOW,
    );
    assert.equal(removed.ok, true);
    const again = await getEvent(store.db, local);
    assert.equal(again?.translations.nn?.event.summary, undefined);
    assert.equal(again?.translations.nn?.event.title, 'Testseminar om samskaping på nynorsk', 'others kept');
  });

  test('copying an event brings its translations onto the new rows, except the title', async () => {
    const store = db().store;
    const local = await addEvent(store, smallEvent());
    const data = await editorData(store, local);
    const a = data.sessions.find((s) => s.code === 'A');
    assert.ok(a);
    const saved = await saveTranslations(
      { db: store.db, adapter: store.adapter },
      {
        eventId: data.event.id,
        version: data.event.version,
        actor: 'test',
        lang: 'nn',
        texts: [
          { entity: 'event', id: data.event.id, field: 'title', value: 'Gammal tittel på nynorsk' },
          { entity: 'event', id: data.event.id, field: 'summary', value: 'Eit seminar for testar.' },
          { entity: 'session', id: a.id, field: 'title', value: 'Sesjon A på nynorsk' },
        ],
      },
      NOW,
    );
    assert.equal(saved.ok, true);
    const copied = await copyEvent(
      { db: store.db, adapter: store.adapter },
      {
        sourceEventId: data.event.id,
        organizationId: data.event.organization_id,
        slug: `${local}-kopi`,
        title: 'Testseminaret neste år',
        startDate: '2031-11-11',
        actor: 'test',
      },
      NOW,
    );
    assert.ok(copied.ok);
    const copy = await getEvent(store.db, `${local}-kopi`, { includeUnpublished: true });
    assert.ok(copy);
    const nn = localizeEvent(copy, 'nn');
    assert.equal(nn.summary, 'Eit seminar for testar.');
    assert.equal(nn.sessions.find((s) => s.code === 'A')?.title, 'Sesjon A på nynorsk');
    assert.equal(nn.title, 'Testseminaret neste år', 'the copy’s own title, not the old translation');
    const original = await getEvent(store.db, local);
    assert.equal(original?.translations.nn?.session[a.id]?.title, 'Sesjon A på nynorsk', 'the original keeps its own');
  });

  test('a text of another event, or into the main language, is refused', async () => {
    const store = db().store;
    const data = await editorData(store, await addEvent(store, smallEvent()));
    const other = await editorData(store, slug);
    const deps = { db: store.db, adapter: store.adapter };
    const foreign = await saveTranslations(
      deps,
      {
        eventId: data.event.id,
        version: data.event.version,
        actor: 'test',
        lang: 'nn',
        texts: [{ entity: 'session', id: other.sessions[0]?.id ?? 0, field: 'title', value: 'Framand' }],
      },
      NOW,
    );
    assert.equal(foreign.ok, false);
    const main = await saveTranslations(
      deps,
      { eventId: data.event.id, version: data.event.version, actor: 'test', lang: 'nb', texts: [] },
      NOW,
    );
    assert.equal(main.ok, false);
    const rows = await store.db.selectFrom('translations').selectAll().where('value', '=', 'Framand').execute();
    assert.equal(rows.length, 0);
  });

  test('the editor page shows each Bokmål text beside its field and saves them all at once', async () => {
    const page = await t.app.inject({ url: pagePath(slug), headers: { cookie: who.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Oversettelser/);
    assert.match(page.body, /Testseminar om samskaping/, 'the main-language title is shown');
    assert.match(page.body, /aria-current="page"[^>]*>Oversettelser|Oversettelser<\/a>/);
    const data = await editorData(db().store, slug);
    const a = data.sessions.find((s) => s.code === 'A');
    const part = data.parts.find((p) => p.title === 'Felles');
    assert.ok(a && part);
    const res = await postAdminForm(t.app, who, pagePath(slug), pagePath(slug), {
      version: String(data.event.version),
      translate: 'nn',
      [`event.${data.event.id}.title`]: 'Testseminar om samskaping (nynorsk)',
      [`event.${data.event.id}.summary`]: '',
      [`event.${data.event.id}.description_md`]: '',
      [`session.${a.id}.title`]: 'Sesjon A – nynorsk',
      [`session.${a.id}.description`]: '',
      [`part.${part.id}.title`]: 'Felles del',
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(String(res.headers.location), /translations\?translate=nn&ok=saved$/);
    const shown = await t.app.inject({ url: String(res.headers.location), headers: { cookie: who.cookie } });
    assert.match(shown.body, /Endringene er lagret\./);
    assert.match(shown.body, /value="Testseminar om samskaping \(nynorsk\)"/);
  });

  test('the event page in Nynorsk shows the Nynorsk texts and marks the Bokmål fallbacks with lang="nb"', async () => {
    const res = await t.app.inject(`/e/${slug}?lang=nn`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Testseminar om samskaping \(nynorsk\)<\/h1>/);
    assert.match(res.body, /<p class="lead" lang="nb">Et seminar for tester\.<\/p>/);
    assert.match(res.body, /<div lang="nb"><p>Beskrivelse med <strong>fet<\/strong> tekst\.<\/p>/);
    assert.match(res.body, /<span>Sesjon A – nynorsk<\/span>/, 'the translated session title, unmarked');
    assert.match(res.body, /<span lang="nb">Sesjon B<\/span>/, 'the untranslated one, marked');
    assert.match(res.body, /: Felles del/);
    assert.match(res.body, /<span class="item-title" lang="nb">Innledning<\/span>/);
    // In Bokmål nothing is marked and nothing is translated.
    const nb = await t.app.inject(`/e/${slug}?lang=nb`);
    assert.match(nb.body, /<h1>Testseminar om samskaping<\/h1>/);
    assert.doesNotMatch(nb.body, /lang="nb"><p>|<span lang="nb">Sesjon B/);
    // English has no translations: everything Bokmål, marked.
    const en = await t.app.inject(`/e/${slug}?lang=en`);
    assert.match(en.body, /<h1 lang="nb">Testseminar om samskaping<\/h1>/);
  });

  test('the front page, the sign-up form and the calendar file follow the translations', async () => {
    const home = await t.app.inject('/?lang=nn');
    assert.match(home.body, /Testseminar om samskaping \(nynorsk\)/);
    assert.match(home.body, /<p lang="nb">Et seminar for tester\.<\/p>/);
    const register = await t.app.inject(`/e/${slug}/register?lang=nn`);
    assert.match(register.body, /Testseminar om samskaping \(nynorsk\)/);
    assert.match(register.body, /lang="nb"[^>]*>B: Sesjon B</);
    const ics = await t.app.inject({ url: `/e/${slug}/calendar.ics`, headers: { cookie: 'lang=nn' } });
    assert.match(ics.body, /SUMMARY:Testseminar om samskaping \(nynorsk\)/);
  });

  test('the confirmation mail of a sign-up in Nynorsk has the Nynorsk title', async () => {
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie}; lang=nn` },
      payload: formBody({
        _csrf: token,
        name: 'Sigrid Sunde',
        email: 'omsett@example.no',
        role: 'researcher',
        session: 'A',
        consent: 'on',
        action: 'submit',
      }),
    });
    assert.equal(res.statusCode, 303, res.body);
    const [mail] = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', 'omsett@example.no')
      .execute();
    assert.ok(mail);
    assert.equal(mail.subject, 'Påmeld: Testseminar om samskaping (nynorsk)');
    assert.match(mail.text_body, /Sesjon A – nynorsk/);
    const mine = await t.app.inject({ url: String(res.headers.location), headers: { cookie: 'lang=nn' } });
    assert.match(mine.body, /Testseminar om samskaping \(nynorsk\)/);
  });

  test('a message to all confirmed reaches the Nynorsk registrant with the Nynorsk title', async () => {
    const row = await db()
      .store.db.selectFrom('events')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const sent = await sendMessage(
      {
        db: db().store.db,
        adapter: db().store.adapter,
        mailer: createMessageMailer({ baseUrl: 'http://samskap.test', domain: 'samskap.test' }),
      },
      {
        eventId: row.id,
        segment: { kind: 'confirmed' },
        subject: 'Nytt om {event}',
        body: 'Hei {name}, sjå {event}.',
        user: { id: who.userId, email: who.email },
      },
      NOW,
    );
    assert.equal(sent.ok, true);
    const mail = await db()
      .store.db.selectFrom('outbox')
      .selectAll()
      .where('to_address', '=', 'omsett@example.no')
      .where('kind', 'like', 'message%')
      .executeTakeFirst();
    assert.ok(mail, 'the Nynorsk registrant got the message');
    assert.equal(mail.subject, 'Nytt om Testseminar om samskaping (nynorsk)');
  });

  test('a form from before a colleague’s save is refused and nothing of it is written', async () => {
    const data = await editorData(db().store, slug);
    const stale = data.event.version - 1;
    const res = await postAdminForm(t.app, who, pagePath(slug), pagePath(slug), {
      version: String(stale),
      translate: 'nn',
      [`event.${data.event.id}.title`]: 'Gammal tittel',
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /role="alert"/);
    const rows = await db()
      .store.db.selectFrom('translations')
      .selectAll()
      .where('value', '=', 'Gammal tittel')
      .execute();
    assert.equal(rows.length, 0);
  });

  test('too long a translation gets 422 with the message beside the field, and nothing is written', async () => {
    const data = await editorData(db().store, slug);
    const res = await postAdminForm(t.app, who, pagePath(slug, 'en'), pagePath(slug, 'en'), {
      version: String(data.event.version),
      translate: 'en',
      [`event.${data.event.id}.title`]: 'x'.repeat(201),
      [`event.${data.event.id}.summary`]: 'A seminar for tests.',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, new RegExp(`id="f-event-${data.event.id}-title-error"`));
    assert.match(res.body, /høyst 200 tegn/);
    assert.match(res.body, /aria-invalid="true"/);
    const rows = await db()
      .store.db.selectFrom('translations')
      .selectAll()
      .where('entity_id', '=', data.event.id)
      .where('lang', '=', 'en')
      .execute();
    assert.equal(rows.length, 0);
    assert.equal((await editorData(db().store, slug)).event.version, data.event.version);
  });

  test('only organisers of the event reach the page', async () => {
    const anon = await t.app.inject(pagePath(slug));
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /\/admin\/login/);
    const stranger = await organiser(db().store, { org: 'other-org' });
    assert.equal((await t.app.inject({ url: pagePath(slug), headers: { cookie: stranger.cookie } })).statusCode, 404);
    const facilitator = await organiser(db().store, { role: 'facilitator' });
    assert.equal(
      (await t.app.inject({ url: pagePath(slug), headers: { cookie: facilitator.cookie } })).statusCode,
      403,
    );
    // A post without a logged-in organiser writes nothing either.
    const { token, cookie } = await adminForm(t.app, pagePath(slug), who);
    const data = await editorData(db().store, slug);
    const posted = await t.app.inject({
      method: 'POST',
      url: pagePath(slug),
      headers: {
        cookie: cookie.replace(who.cookie, facilitator.cookie),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: formBody({
        _csrf: token,
        version: String(data.event.version),
        translate: 'nn',
        [`event.${data.event.id}.title`]: 'Fasilitator',
      }),
    });
    assert.ok([403, 404].includes(posted.statusCode), String(posted.statusCode));
    const rows = await db()
      .store.db.selectFrom('translations')
      .selectAll()
      .where('value', '=', 'Fasilitator')
      .execute();
    assert.equal(rows.length, 0);
  });
});
