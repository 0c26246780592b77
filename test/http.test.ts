// The web layer over HTTP: pages, the JSON API checked against its OpenAPI document, and bad input.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../src/web/api/openapi.ts';
import { csrfFor, formBody, startApp, type TestApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, smallEvent } from './support/fixtures.ts';

// ---- OpenAPI: every answer is checked against the document written before the routes -------

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);

type Paths = typeof openApiDocument.paths;
function responseSchema(path: keyof Paths, method: string, status: number) {
  const operation = (
    openApiDocument.paths[path] as Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
    >
  )[method];
  const response = operation?.responses[String(status)];
  assert.ok(response, `OpenAPI documents no ${status} for ${method.toUpperCase()} ${path}`);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `OpenAPI has no JSON schema for ${status} of ${method.toUpperCase()} ${path}`);
  return schema as object;
}

function assertMatches(path: keyof Paths, method: string, status: number, body: unknown) {
  const validate = ajv.compile(responseSchema(path, method, status));
  assert.ok(
    validate(body),
    `${method.toUpperCase()} ${path} ${status} does not match OpenAPI: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
  );
}

const validRegistration = (email: string, extra: Record<string, unknown> = {}) => ({
  name: 'Kari Nordmann',
  email,
  organization: 'Levanger kommune',
  role: 'municipal_employee',
  session: 'A',
  consent: true,
  ...extra,
});

onEachDatabase('HTTP', (db) => {
  let t: TestApp;
  let slug: string;
  let pastSlug: string;
  before(async () => {
    t = await startApp(db().store, { now: () => NOW });
    slug = await addEvent(db().store, smallEvent({ a: 1 }));
    pastSlug = await addEvent(
      db().store,
      smallEvent({
        startsAt: new Date('2019-11-12T08:00:00Z'),
        endsAt: new Date('2019-11-12T14:30:00Z'),
        registrationClosesAt: new Date('2019-11-01T22:59:00Z'),
      }),
    );
  });
  after(async () => t.close());

  test('the front page lists upcoming and past events in Norwegian', async () => {
    const res = await t.app.inject('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="nb">/);
    const [upcoming, past] = res.body.split('Tidligere arrangementer');
    assert.ok(upcoming?.includes(`/e/${slug}`));
    assert.ok(past?.includes(`/e/${pastSlug}`));
  });

  test('the event page shows the programme, seats left, JSON-LD and Open Graph tags', async () => {
    const res = await t.app.inject(`/e/${slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Kari Nordmann<\/span><span class="speaker-affiliation"> \(Testuniversitetet\)/);
    assert.match(res.body, /1 plass igjen/);
    assert.match(res.body, /<meta property="og:title" content="Testseminar om samskaping"\/>/);
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(res.body)?.[1];
    const data = JSON.parse(json ?? '{}');
    assert.equal(data['@type'], 'Event');
    assert.equal(data.startDate, '2030-11-12T09:00:00+01:00');
    assert.equal(data.isAccessibleForFree, true);
    assert.match(res.body, /<strong>fet<\/strong>/, 'the Markdown description is rendered');
  });

  test('the event page is cached for at most a second, then shows the new seat count', async () => {
    const eventSlug = await addEvent(db().store, smallEvent({ a: 3 }));
    assert.match((await t.app.inject(`/e/${eventSlug}`)).body, /3 plasser igjen/);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventSlug}/registrations`,
      payload: validRegistration('seat@example.no'),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.match((await t.app.inject(`/e/${eventSlug}`)).body, /2 plasser igjen/);
  });

  test('every answer carries the security headers; HSTS only in production', async () => {
    for (const url of ['/', `/e/${slug}`, '/api/v1/events', '/e/finnes-ikke']) {
      const res = await t.app.inject(url);
      assert.match(
        res.headers['content-security-policy'] as string,
        /default-src 'self'.*frame-ancestors 'none'.*script-src 'self'/,
        url,
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['strict-transport-security'], undefined, url);
    }
    const prod = await startApp(db().store, { now: () => NOW, config: { production: true } });
    try {
      const res = await prod.app.inject('/');
      assert.match(res.headers['strict-transport-security'] as string, /max-age=\d+/);
      assert.match(res.headers['content-security-policy'] as string, /upgrade-insecure-requests/);
    } finally {
      await prod.close();
    }
  });

  test('an unknown event gets a Norwegian 404 page, and the API a JSON 404', async () => {
    const page = await t.app.inject('/e/finnes-ikke');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /Fant ikke siden/);
    const api = await t.app.inject('/api/v1/events/finnes-ikke');
    assert.equal(api.statusCode, 404);
    assertMatches('/events/{slug}', 'get', 404, api.json());
    assert.equal(api.json().error.code, 'not_found');
  });

  test('the calendar file is iCalendar with a time zone and a stable UID', async () => {
    const a = await t.app.inject(`/e/${slug}/calendar.ics`);
    const b = await t.app.inject(`/e/${slug}/calendar.ics`);
    assert.equal(a.statusCode, 200);
    assert.match(a.headers['content-type'] as string, /^text\/calendar/);
    assert.match(a.body, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Oslo/);
    assert.match(a.body, /DTSTART;TZID=Europe\/Oslo:20301112T090000/);
    const uid = /UID:(.+)\r\n/.exec(a.body)?.[1];
    assert.ok(uid);
    assert.equal(/UID:(.+)\r\n/.exec(b.body)?.[1], uid);
  });

  test('GET /api/v1/events and /events/:slug match the OpenAPI document and carry no personal data', async () => {
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: validRegistration('hidden@example.no'),
    });
    const list = await t.app.inject('/api/v1/events');
    assert.equal(list.statusCode, 200);
    assertMatches('/events', 'get', 200, list.json());
    assert.ok(list.json().events.some((e: { slug: string }) => e.slug === slug));
    const one = await t.app.inject(`/api/v1/events/${slug}`);
    assertMatches('/events/{slug}', 'get', 200, one.json());
    assert.deepEqual(
      one
        .json()
        .sessions.map((s: { code: string; seatsLeft: number; waitlistLength: number }) => [s.code, s.seatsLeft]),
      [
        ['A', 0],
        ['B', 10],
      ],
    );
    assert.equal(one.json().url, `http://samskap.test/e/${slug}`);
    assert.ok(!one.body.includes('hidden@example.no'));
    assert.ok(
      !one.body.includes('Kari Nordmann') || one.body.includes('Kari Nordmann","affiliation'),
      'registrants are never listed',
    );
  });

  test('POST registrations: 201 confirmed, 201 waitlisted with position, 200 already_registered', async () => {
    const eventSlug = await addEvent(db().store, smallEvent({ a: 1 }));
    const url = `/api/v1/events/${eventSlug}/registrations`;
    const first = await t.app.inject({ method: 'POST', url, payload: validRegistration('api1@example.no') });
    assert.equal(first.statusCode, 201);
    assertMatches('/events/{slug}/registrations', 'post', 201, first.json());
    assert.equal(first.json().status, 'confirmed');
    assert.equal(first.json().session, 'A');
    assert.match(first.json().manageUrl, /^http:\/\/samskap\.test\/m\/[A-Za-z0-9_-]{43}$/);
    assert.equal('waitlistPosition' in first.json(), false);
    const second = await t.app.inject({ method: 'POST', url, payload: validRegistration('api2@example.no') });
    assert.equal(second.statusCode, 201);
    assert.deepEqual([second.json().status, second.json().waitlistPosition], ['waitlisted', 1]);
    const none = await t.app.inject({
      method: 'POST',
      url,
      payload: validRegistration('api3@example.no', { session: 'none' }),
    });
    assert.deepEqual([none.statusCode, none.json().status, none.json().session], [201, 'confirmed', 'none']);
    const again = await t.app.inject({
      method: 'POST',
      url,
      payload: validRegistration('API1@example.no', { session: 'B' }),
    });
    assert.equal(again.statusCode, 200);
    assertMatches('/events/{slug}/registrations', 'post', 200, again.json());
    assert.deepEqual(again.json(), { status: 'already_registered' });
  });

  test('POST registrations refuses bad input with 422 and a message per field, in Norwegian', async () => {
    const url = `/api/v1/events/${slug}/registrations`;
    const res = await t.app.inject({
      method: 'POST',
      url,
      payload: { name: '', email: 'not-an-address', role: 'astronaut', consent: false, needs: 'x' },
    });
    assert.equal(res.statusCode, 422);
    assertMatches('/events/{slug}/registrations', 'post', 422, res.json());
    const { error } = res.json();
    assert.equal(error.code, 'invalid');
    assert.equal(error.fields.name, 'Skriv inn navnet ditt.');
    assert.match(error.fields.email, /gyldig e-postadresse/);
    assert.match(error.fields.consent, /personvernerklæringen/);
    assert.match(error.fields.needsConsent, /samtykke/);
    const unknownRole = await t.app.inject({
      method: 'POST',
      url,
      payload: validRegistration('role@example.no', { role: 'astronaut', session: 'Z' }),
    });
    assert.equal(unknownRole.statusCode, 422);
    assert.deepEqual(Object.keys(unknownRole.json().error.fields).sort(), ['role', 'session']);
    const tooLong = await t.app.inject({
      method: 'POST',
      url,
      payload: validRegistration('long@example.no', { name: 'x'.repeat(201) }),
    });
    assert.equal(tooLong.statusCode, 422);
    assert.match(tooLong.json().error.fields.name, /høyst 200 tegn/);
    const wrongTypes = await t.app.inject({
      method: 'POST',
      url,
      payload: { name: 5, email: ['a'], role: {}, consent: 'yes', others: 'x' },
    });
    assert.equal(wrongTypes.statusCode, 422);
    const array = await t.app.inject({ method: 'POST', url, payload: [1, 2] });
    assert.equal(array.statusCode, 422);
  });

  test('POST registrations: 409 when closed, 404 unknown event, 415 not JSON, 413 too large, 400 broken JSON', async () => {
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${pastSlug}/registrations`,
      payload: validRegistration('late@example.no'),
    });
    assert.equal(closed.statusCode, 409);
    assertMatches('/events/{slug}/registrations', 'post', 409, closed.json());
    assert.equal(closed.json().error.code, 'registration_closed');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/finnes-ikke/registrations',
      payload: validRegistration('x@example.no'),
    });
    assert.equal(unknown.statusCode, 404);
    assertMatches('/events/{slug}/registrations', 'post', 404, unknown.json());
    const form = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x',
    });
    assert.equal(form.statusCode, 415);
    assertMatches('/events/{slug}/registrations', 'post', 415, form.json());
    const text = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      headers: { 'content-type': 'text/plain' },
      payload: 'hei',
    });
    assert.equal(text.statusCode, 415);
    const big = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      payload: validRegistration('big@example.no', { needs: 'x'.repeat(70_000) }),
    });
    assert.equal(big.statusCode, 413);
    assertMatches('/events/{slug}/registrations', 'post', 413, big.json());
    const broken = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${slug}/registrations`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'bad_request');
    const registrations = await db()
      .store.db.selectFrom('registrations')
      .select('email')
      .where('email', 'in', ['late@example.no', 'big@example.no'])
      .execute();
    assert.deepEqual(registrations, [], 'nothing refused was written');
  });

  test('the OpenAPI document is served and every documented operation exists', async () => {
    const res = await t.app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), JSON.parse(JSON.stringify(openApiDocument)));
    for (const [path, operations] of Object.entries(openApiDocument.paths)) {
      for (const method of Object.keys(operations)) {
        const url = `/api/v1${path.replace('{slug}', slug)}`;
        const probe = await t.app.inject({
          method: method.toUpperCase() as 'GET' | 'POST',
          url,
          ...(method === 'post' ? { payload: {} } : {}),
        });
        assert.notEqual(probe.statusCode, 404, `${method.toUpperCase()} ${url} is documented but not routed`);
      }
    }
  });

  test('the sign-up form refuses a post without its CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ name: 'Kari', email: 'csrf@example.no', role: 'citizen', session: 'A', consent: 'on' }),
    });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Skjemaet var utløpt/);
  });

  test('the sign-up form re-renders with messages beside the fields and keeps the input, escaped', async () => {
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: formBody({
        _csrf: token,
        name: '<script>alert(1)</script>',
        email: 'feil',
        organization: '"><b>org</b>',
        role: 'citizen',
        action: 'submit',
      }),
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /class="error-summary"/);
    assert.match(res.body, /<a href="#f-email">Skriv inn en gyldig e-postadresse/);
    assert.match(res.body, /id="f-email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-email"/);
    assert.match(res.body, /aria-describedby="f-email-hint f-email-error"/);
    assert.match(res.body, /<a href="#f-consent">Du må bekrefte/);
    assert.match(res.body, /<a href="#f-session">Velg hva du vil delta på etter lunsj/);
    assert.ok(!res.body.includes('<script>alert(1)</script>'), 'typed HTML is never echoed as markup');
    assert.ok(!res.body.includes('"><b>org</b>'));
    assert.match(
      res.body,
      /value="&lt;script>alert\(1\)&lt;\/script>"|value="&#60;script&#62;|value="<script>alert\(1\)<\/script>"/,
    );
    assert.match(res.body, /<title>Skjemaet har feil/);
  });

  test('a valid form sign-up redirects to the personal page; a repeat shows only "check your e-mail"', async () => {
    const eventSlug = await addEvent(db().store);
    const fields = {
      name: 'Ola <i>Nordmann</i>',
      email: 'form@example.no',
      role: 'politician',
      session: 'B',
      consent: 'on',
      action: 'submit',
    };
    const first = await csrfFor(t.app, `/e/${eventSlug}/register`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/e/${eventSlug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.cookie },
      payload: formBody({ _csrf: first.token, ...fields }),
    });
    assert.equal(res.statusCode, 303);
    const location = res.headers.location as string;
    assert.match(location, /^\/m\/[A-Za-z0-9_-]{43}\?ok=welcome$/);
    const mine = await t.app.inject(location);
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /Takk! Påmeldingen er registrert/);
    assert.match(mine.body, /Ola &lt;i>Nordmann&lt;\/i>/);
    assert.equal(mine.headers['cache-control'], 'no-store');
    assert.equal(mine.headers['referrer-policy'], 'no-referrer');

    const second = await csrfFor(t.app, `/e/${eventSlug}/register`);
    const repeat = await t.app.inject({
      method: 'POST',
      url: `/e/${eventSlug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: second.cookie },
      payload: formBody({ _csrf: second.token, ...fields, email: 'FORM@example.no', session: 'A' }),
    });
    assert.equal(repeat.statusCode, 200);
    assert.match(repeat.body, /Sjekk e-posten din/);
    assert.ok(!repeat.body.includes('/m/'), 'no link to the existing registration');
    assert.ok(!/Sesjon B|Politiker/.test(repeat.body), 'nothing about the existing registration');
  });

  test('"add a person" is a plain submit button that adds a fieldset and keeps what was typed', async () => {
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: formBody({ _csrf: token, name: 'Booker', email: 'booker@example.no', othersCount: '0', action: 'add' }),
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="others\.0\.name"/);
    assert.match(res.body, /value="Booker"/);
    assert.ok(!res.body.includes('error-summary'));
  });

  test('the registration page after the deadline says closed and gives the contact address', async () => {
    const res = await t.app.inject(`/e/${pastSlug}/register`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Påmeldingen er stengt/);
    assert.match(res.body, /mailto:kontakt@example\.no/);
  });

  test('"send me my link" answers the same whatever address is typed', async () => {
    const eventSlug = await addEvent(db().store);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventSlug}/registrations`,
      payload: validRegistration('known@example.no'),
    });
    const answers = [];
    for (const email of ['known@example.no', 'unknown@example.no']) {
      const { token, cookie } = await csrfFor(t.app, `/e/${eventSlug}/link`);
      const res = await t.app.inject({
        method: 'POST',
        url: `/e/${eventSlug}/link`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: formBody({ _csrf: token, email }),
      });
      assert.equal(res.statusCode, 200);
      answers.push(res.body.replaceAll(email, 'ADDRESS').replace(/name="_csrf" value="[^"]+"/, ''));
    }
    assert.equal(answers[0], answers[1]);
    const mails = await db()
      .store.db.selectFrom('outbox')
      .select('to_address')
      .where('kind', '=', 'registration.link_requested')
      .execute();
    assert.ok(mails.some((m) => m.to_address === 'known@example.no'));
    assert.ok(!mails.some((m) => m.to_address === 'unknown@example.no'));
  });

  test('an unknown or malformed personal link gets a 404 page', async () => {
    for (const url of ['/m/abc', `/m/${'a'.repeat(43)}`, `/m/${'a'.repeat(43)}?p=xyz`, `/m/${'%00'.repeat(10)}`]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Lenken er ugyldig/);
    }
  });

  test('form posts with odd bodies never cause a 500', async () => {
    const { token, cookie } = await csrfFor(t.app, `/e/${slug}/register`);
    const bodies = [
      'name=a&name=b&email=x@example.no&role=citizen&session=A&consent=on',
      `_csrf=${token}&others.99.name=x&others.0.name=&action=remove:abc`,
      `_csrf=${token}&othersCount=-5&action=add`,
      `_csrf=${token}&othersCount=1e9&action=add`,
      `_csrf=${token}&${'x'.repeat(5000)}=1`,
      `_csrf=${token}&consent=maybe&needsConsent[]=on`,
    ];
    for (const payload of bodies) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/e/${slug}/register`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload,
      });
      assert.ok(res.statusCode < 500, `${payload.slice(0, 60)} → ${res.statusCode}`);
    }
    const tooBig = await t.app.inject({
      method: 'POST',
      url: `/e/${slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: `_csrf=${token}&needs=${'x'.repeat(70_000)}`,
    });
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.body, /For mye innhold/);
  });

  test('/healthz answers 200 while the database does', async () => {
    const res = await t.app.inject('/healthz');
    assert.equal(res.statusCode, 200);
  });

  test('/dev/outbox lists mail outside production and does not exist in production', async () => {
    const dev = await t.app.inject('/dev/outbox');
    assert.equal(dev.statusCode, 200);
    assert.match(dev.body, /Utboks/);
    const prod = await startApp(db().store, { now: () => NOW, config: { production: true } });
    try {
      const res = await prod.app.inject('/dev/outbox');
      assert.equal(res.statusCode, 404);
    } finally {
      await prod.close();
    }
  });

  test('rate limits, when on, answer 429 in Norwegian for pages and the API', async () => {
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: `/api/v1/events/${slug}/registrations`,
          payload: { name: '' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          assert.equal(res.json().error.code, 'rate_limited');
          assert.match(res.json().error.message, /For mange forespørsler/);
          assert.ok(res.headers['retry-after']);
        }
      }
      assert.deepEqual(statuses.slice(0, 30), Array(30).fill(422));
      assert.equal(statuses[30], 429);
      let last = 0;
      for (let i = 0; i < 11; i++) {
        const { token, cookie } = await csrfFor(limited.app, `/e/${slug}/link`);
        const res = await limited.app.inject({
          method: 'POST',
          url: `/e/${slug}/link`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          payload: formBody({ _csrf: token, email: `x${i}@example.no` }),
        });
        last = res.statusCode;
        if (last === 429) assert.match(res.body, /For mange forsøk/);
      }
      assert.equal(last, 429);
    } finally {
      await limited.close();
    }
  });
  test('"send me my link" mails one address at most five times an hour, answering the same', async () => {
    const eventSlug = await addEvent(db().store);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventSlug}/registrations`,
      payload: validRegistration('flood@example.no'),
    });
    // On PostgreSQL the counters live in the database and outlast an app instance (as they must
    // across processes): start from none, so the earlier per-IP test does not count here.
    await db().store.db.deleteFrom('rate_limits').execute();
    const limited = await startApp(db().store, { now: () => NOW, config: { rateLimits: true } });
    try {
      for (let i = 0; i < 7; i++) {
        const { token, cookie } = await csrfFor(limited.app, `/e/${eventSlug}/link`);
        const res = await limited.app.inject({
          method: 'POST',
          url: `/e/${eventSlug}/link`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          payload: formBody({ _csrf: token, email: i % 2 ? 'FLOOD@example.no' : 'flood@example.no' }),
        });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Sjekk e-posten din/);
      }
      const sent = await db()
        .store.db.selectFrom('outbox')
        .innerJoin('events', 'events.id', 'outbox.event_id')
        .select('outbox.id')
        .where('events.slug', '=', eventSlug)
        .where('outbox.kind', '=', 'registration.link_requested')
        .execute();
      assert.equal(sent.length, 5);
    } finally {
      await limited.close();
    }
  });
});

test('/healthz answers 503 when the database does not', async () => {
  const { createTestDatabase } = await import('./support/databases.ts');
  const database = await createTestDatabase('sqlite');
  const t = await startApp(database.store);
  await database.store.close();
  try {
    const res = await t.app.inject('/healthz');
    assert.equal(res.statusCode, 503);
  } finally {
    await t.close();
    await database.dispose().catch(() => {});
  }
});
