// Printables: name badges and participant lists as PDF, read back with pdfjs (text, positions,
// fonts, page count), on both databases.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_ROLE_CODES } from '../src/core/events/roles.ts';
import type { ParticipantInput } from '../src/core/registrations/register-participants.ts';
import { registerParticipants } from '../src/core/registrations/register-participants.ts';
import type { Store } from '../src/db/connect.ts';
import { BOLD, fitText, newDocument } from '../src/web/pdf/fonts.ts';
import { organiser, type TestOrganiser } from './support/admin.ts';
import { startApp } from './support/app.ts';
import { onEachDatabase } from './support/databases.ts';
import { addEvent, NOW, person, signUp, smallEvent, testDeps } from './support/fixtures.ts';

interface TextItem {
  str: string;
  x: number;
  /** From the top of the page. */
  y: number;
  size: number;
}

interface ReadPdf {
  pages: TextItem[][];
  /** Each page's text items joined with spaces. */
  texts: string[];
  info: Record<string, unknown>;
  fontNames: string[];
}

/** Opens a PDF with pdfjs (legacy build, no canvas) and reads its text items page by page. */
async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const pages: TextItem[][] = [];
  const fontNames = new Set<string>();
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const height = page.getViewport({ scale: 1 }).height;
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [a, b, , , e, f] = item.transform as number[];
      items.push({ str: item.str, x: e ?? 0, y: height - (f ?? 0), size: Math.hypot(a ?? 0, b ?? 0) });
    }
    for (const style of Object.values(content.styles)) fontNames.add(String(style.fontFamily));
    pages.push(items);
  }
  const { info } = await doc.getMetadata();
  await doc.destroy();
  return {
    pages,
    texts: pages.map((items) => items.map((i) => i.str).join(' ')),
    info: info as Record<string, unknown>,
    fontNames: [...fontNames],
  };
}

/** Keeps a copy of a generated file for a person to look at (test-output/ is not committed). */
function keep(name: string, bytes: Buffer) {
  mkdirSync('test-output/pdf', { recursive: true });
  writeFileSync(`test-output/pdf/${name}`, bytes);
}

const collator = new Intl.Collator('nb', { sensitivity: 'base', numeric: true });

const SAMI_1 = 'Áilu Ŋuolas-Đorđević';
const SAMI_2 = 'Čearbmá Ŧeahkká';
const NORWEGIAN = 'Ærlig Øyvind Åsheim';
const LONG_NAME = 'Marit Kristine Johanne Ŋuolas-Đorđević Bjørnstad-Kvalheim Sørensen';

test('fitting a name: one line while it can be read, then two lines, then smaller; never cut', async () => {
  const doc = await newDocument({ title: 'x', lang: 'nb', createdAt: NOW }, 0, false);
  doc.addPage().font(BOLD);
  const stages = [
    { lines: 1, max: 26, min: 16 },
    { lines: 2, max: 22, min: 12 },
    { lines: 3, max: 12, min: 7 },
  ];
  const width = 250;
  assert.deepEqual(fitText(doc, 'Kari Lie', width, stages), { lines: ['Kari Lie'], size: 26 });
  const two = fitText(doc, 'Áilu Ŋuolas-Đorđević Johansen Sørensen', width, stages);
  assert.equal(two.lines.length, 2, 'wrapped before going below 16 pt');
  assert.ok(two.size >= 12);
  assert.equal(two.lines.join(' '), 'Áilu Ŋuolas-Đorđević Johansen Sørensen');
  // 200 characters (the longest name the forms take), one of them a 60-letter "word".
  const huge = `${'Ŧ'.repeat(60)} ${'Čearbmá Ŋuolas '.repeat(9)}`.trim();
  const fitted = fitText(doc, huge, width, stages, 80);
  doc.fontSize(fitted.size);
  assert.ok(
    fitted.lines.every((l) => doc.widthOfString(l) <= width + 0.01),
    'every line fits the badge',
  );
  assert.equal(fitted.lines.join('').replace(/\s/g, ''), huge.replace(/\s/g, ''), 'every letter printed');
  doc.end();
});

onEachDatabase('back office: printables (PDF)', (db) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  before(async () => {
    const started = await startApp(db().store, { now: () => NOW });
    app = started.app;
    close = started.close;
  });
  after(async () => {
    await close();
  });

  const get = (url: string, who?: TestOrganiser) =>
    app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  let mailCounter = 0;
  async function signUpGroup(store: Store, slug: string, people: ParticipantInput[]) {
    const [first, ...others] = people;
    if (!first) return;
    mailCounter++;
    const result = await registerParticipants(
      testDeps(store),
      signUp(slug, `person${mailCounter}-${Math.random().toString(36).slice(2, 7)}@example.no`, first, others),
      NOW,
    );
    if (!result.ok) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  }

  /**
   * 17 confirmed (10 in A, 3 in B, 4 only the shared programme) and 2 waitlisted for B; an own
   * role "student" with the label "Student ved Nord".
   */
  async function seeded() {
    const store = db().store;
    const slug = await addEvent(
      store,
      smallEvent({
        a: 20,
        b: 3,
        roles: [...DEFAULT_ROLE_CODES.map((code) => ({ code })), { code: 'student', label: 'Student ved Nord' }],
      }),
    );
    const a: ParticipantInput[] = [
      person({ name: SAMI_1, organization: 'Sámediggi', role: 'politician', session: 'A' }),
      person({ name: SAMI_2, organization: 'Guovdageainnu suohkan', role: 'researcher', session: 'A' }),
      person({ name: NORWEGIAN, organization: 'Ærlig kommune', role: 'student', session: 'A' }),
      person({ name: LONG_NAME, organization: 'Nord universitet, Fakultet for samfunnsvitenskap', session: 'A' }),
      ...['Bjørn Berg', 'Cecilie Dahl', 'Dag Eriksen', 'Eva Foss', 'Frode Gran', 'Gunn Hauge'].map((name) =>
        person({ name, session: 'A', role: 'municipal_employee' }),
      ),
    ];
    const b = [
      person({ name: 'Hilde Iversen', session: 'B', role: 'other', roleOther: 'Reindriftsutøver' }),
      person({ name: 'Ivar Jensen', session: 'B' }),
      person({ name: 'Janne Kvam', session: 'B' }),
    ];
    const none = ['Kari Lie', 'Lars Moe', 'Mona Nes', 'Nils Olsen'].map((name) => person({ name, session: null }));
    await signUpGroup(store, slug, a.slice(0, 5));
    await signUpGroup(store, slug, a.slice(5));
    await signUpGroup(store, slug, b);
    await signUpGroup(store, slug, none);
    await signUpGroup(store, slug, [person({ name: 'Vera Venteliste', session: 'B' })]);
    await signUpGroup(store, slug, [person({ name: 'Wenche Venter', session: 'B' })]);
    const who = await organiser(store);
    return { store, slug, who };
  }

  async function exportAudit(store: Store, slug: string) {
    const event = await store.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const rows = await store.db
      .selectFrom('audit_log')
      .select(['data_json', 'actor'])
      .where('action', '=', 'registrations.exported')
      .where('event_id', '=', event.id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ actor: r.actor, ...JSON.parse(r.data_json) }));
  }

  test('prints badges of the confirmed, 8 to an A4 page in 2 columns × 4 rows, sorted by name, in an embedded Unicode font', async () => {
    const { slug, who } = await seeded();
    const res = await get(`/admin/events/${slug}/badges.pdf`, who);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], `inline; filename="${slug}-navnelapper.pdf"`);
    assert.equal(res.headers['cache-control'], 'no-store');
    keep('badges.pdf', res.rawPayload);
    const raw = res.rawPayload.toString('latin1');
    assert.ok(raw.includes('/FontFile2'), 'the TrueType font is embedded');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold/, 'a subset of DejaVu Sans Bold');
    assert.ok(!raw.includes('Helvetica'), 'no standard (WinAnsi-only) font');

    const pdf = await readPdf(res.rawPayload);
    assert.equal(pdf.pages.length, 3, '17 confirmed people → 3 sheets');
    assert.equal(pdf.info.Title, `Navnelapper: Testseminar om samskaping`);
    assert.equal(pdf.info.Author, 'samskap');
    assert.equal(pdf.info.Language, 'nb');
    const all = pdf.texts.join('\n');
    for (const name of [SAMI_1, SAMI_2, NORWEGIAN, 'Hilde Iversen', 'Nils Olsen']) {
      assert.ok(all.includes(name), `${name} printed as written`);
    }
    assert.ok(!all.includes('Vera Venteliste') && !all.includes('Wenche Venter'), 'waitlisted left out');
    for (const text of ['Sámediggi', 'Politiker', 'Forsker', 'Student ved Nord', 'Reindriftsutøver', 'Kommuneansatt']) {
      assert.ok(all.includes(text), `${text} on a badge`);
    }
    assert.ok(all.includes('Sesjon A') && all.includes('Sesjon B'), 'session titles');
    assert.equal((all.match(/Bare fellesdelen/g) ?? []).length, 4, 'four people only in the shared programme');

    // The names are the bold items of 12 pt or more; single-line names are one item each.
    const expected = [SAMI_1, SAMI_2, NORWEGIAN, 'Bjørn Berg', 'Cecilie Dahl', 'Dag Eriksen', 'Eva Foss', 'Frode Gran']
      .concat(['Gunn Hauge', 'Hilde Iversen', 'Ivar Jensen', 'Janne Kvam', 'Kari Lie', 'Lars Moe', 'Mona Nes'])
      .concat(['Nils Olsen', LONG_NAME])
      .sort(collator.compare);
    const nameItems = pdf.pages.map((items) => items.filter((i) => expected.includes(i.str)));
    const sheets = [expected.slice(0, 8), expected.slice(8, 16), expected.slice(16)];
    assert.deepEqual(
      nameItems.map((p) => p.length),
      sheets.map((names) => names.filter((n) => n !== LONG_NAME).length),
      'one item per one-line name, 8 badges on each full page (the long name takes more than one line)',
    );
    // Badges sit 67.7 mm (191.9 pt) apart from 13.1 mm (37.1 pt) down; columns left and right of the middle.
    const rowOf = (i: TextItem) => Math.floor((i.y - 37.1) / 191.9);
    const columnOf = (i: TextItem) => (i.x < 297.6 ? 0 : 1);
    const firstPage = nameItems[0] ?? [];
    const slots = firstPage.map((i) => `${rowOf(i)}/${columnOf(i)}`).sort();
    assert.deepEqual(slots, ['0/0', '0/1', '1/0', '1/1', '2/0', '2/1', '3/0', '3/1'], '2 columns × 4 rows');
    for (const item of firstPage) assert.ok(item.size >= 16, `${item.str} printed large (${item.size} pt)`);
    // Reading order row by row, left to right, is alphabetical (Norwegian: Á with A, Č with C, Æ Ø Å last).
    const pageOrder = nameItems.flatMap((items) =>
      [...items].sort((p, q) => rowOf(p) - rowOf(q) || columnOf(p) - columnOf(q)),
    );
    assert.deepEqual(
      pageOrder.map((i) => i.str),
      expected.filter((n) => n !== LONG_NAME),
    );

    // The long name is wrapped, never cut: all of it, in order, on its page.
    const longPage = pdf.pages[sheets.findIndex((names) => names.includes(LONG_NAME))] ?? [];
    const longLines = longPage.filter(
      (i) => i.str.length > 3 && LONG_NAME.includes(i.str) && !expected.includes(i.str),
    );
    assert.ok(longLines.length >= 2, 'the long name takes more than one line');
    assert.equal(
      longLines
        .map((i) => i.str)
        .join(' ')
        .replace(/- /g, '-'),
      LONG_NAME,
      'all of the long name, in order',
    );
  });

  test('badges: a session filter, the shared programme only, waitlisted on request, unknown session → 404', async () => {
    const { slug, who } = await seeded();
    const b = await readPdf((await get(`/admin/events/${slug}/badges.pdf?session=B`, who)).rawPayload);
    assert.equal(b.pages.length, 1);
    assert.ok(b.texts[0]?.includes('Hilde Iversen') && b.texts[0].includes('Janne Kvam'));
    assert.ok(!b.texts[0]?.includes(SAMI_1));
    assert.ok(!b.texts[0]?.includes('Vera Venteliste'));

    const none = await get(`/admin/events/${slug}/badges.pdf?session=none`, who);
    assert.equal(none.headers['content-disposition'], `inline; filename="${slug}-navnelapper-none.pdf"`);
    const noneText = (await readPdf(none.rawPayload)).texts.join(' ');
    assert.equal((noneText.match(/Bare fellesdelen/g) ?? []).length, 4);
    assert.ok(noneText.includes('Kari Lie') && !noneText.includes('Hilde Iversen'));

    const withWaitlist = await readPdf(
      (await get(`/admin/events/${slug}/badges.pdf?session=B&waitlisted=1`, who)).rawPayload,
    );
    assert.ok(withWaitlist.texts[0]?.includes('Vera Venteliste') && withWaitlist.texts[0].includes('Wenche Venter'));
    const everyone = await readPdf((await get(`/admin/events/${slug}/badges.pdf?waitlisted=1`, who)).rawPayload);
    assert.equal(everyone.pages.length, 3, '19 badges → 3 sheets');

    // Odd parameters never give a 500: an unknown flag counts as off, a strange session as unknown.
    assert.equal((await get(`/admin/events/${slug}/badges.pdf?waitlisted=kanskje&qr=`, who)).statusCode, 200);
    assert.equal((await get(`/admin/events/${slug}/badges.pdf?session=B&session=A`, who)).statusCode, 200);
    for (const odd of ['%00', 'x'.repeat(500), '%E2%80%AE']) {
      assert.equal((await get(`/admin/events/${slug}/participants.pdf?session=${odd}`, who)).statusCode, 404);
    }

    const unknown = await get(`/admin/events/${slug}/badges.pdf?session=ZZ`, who);
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.headers['content-type'] as string, /^text\/html/);
  });

  test('badges carry the ticket QR code unless ?qr=0', async () => {
    const { slug, who } = await seeded();
    const withQr = (await get(`/admin/events/${slug}/badges.pdf?session=B`, who)).rawPayload;
    const withoutQr = (await get(`/admin/events/${slug}/badges.pdf?session=B&qr=0`, who)).rawPayload;
    assert.ok(withQr.length > withoutQr.length + 1000, 'QR squares drawn on each badge');
  });

  test('prints a participant list per session with the header row on every page, page numbers and a signature column', async () => {
    const store = db().store;
    const slug = await addEvent(store, smallEvent({ a: null, b: 10 }));
    const names: string[] = [];
    for (let g = 0; g < 6; g++) {
      const group = Array.from({ length: 10 }, (_, i) => {
        const n = g * 10 + i + 1;
        const name =
          n === 7 ? SAMI_1 : n === 8 ? SAMI_2 : n === 9 ? NORWEGIAN : `Deltaker ${String(n).padStart(2, '0')}`;
        names.push(name);
        return person({ name, session: 'A', organization: `Organisasjon ${n}` });
      });
      await signUpGroup(store, slug, group);
    }
    await signUpGroup(store, slug, [person({ name: 'Bente i B', session: 'B' })]);
    const who = await organiser(store);
    const res = await get(`/admin/events/${slug}/participants.pdf?session=A`, who);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], `inline; filename="${slug}-deltakerliste-A.pdf"`);
    keep('participants-60.pdf', res.rawPayload);
    const pdf = await readPdf(res.rawPayload);
    assert.equal(pdf.info.Title, 'Deltakerliste: Testseminar om samskaping – A: Sesjon A');
    assert.equal(pdf.info.Author, 'samskap');
    assert.ok(pdf.fontNames.length > 0);
    // Rows of 8 mm between 15 mm margins: 28 under the heading on page 1, 31 on page 2, 1 on page 3.
    assert.equal(pdf.pages.length, 3);
    assert.deepEqual(
      pdf.pages.map((items) => items.filter((x) => /^\d+$/.test(x.str)).length),
      [28, 31, 1],
    );
    const first = pdf.texts[0] ?? '';
    assert.ok(first.includes('Deltakerliste: Testseminar om samskaping'));
    assert.ok(first.includes('A: Sesjon A'));
    assert.ok(first.includes('tirsdag 12. november 2030'), 'the date');
    assert.ok(first.includes('60 deltakere'));
    pdf.pages.forEach((items, i) => {
      const header = items.filter((x) => ['Nr.', 'Navn', 'Organisasjon', 'Rolle', 'Signatur'].includes(x.str));
      assert.equal(header.length, 5, `header row on page ${i + 1}`);
      const headerY = Math.min(...header.map((x) => x.y));
      const rows = items.filter((x) => /^\d+$/.test(x.str));
      assert.deepEqual(
        rows.filter((x) => x.y <= headerY),
        [],
        `header above the rows on page ${i + 1}`,
      );
      assert.ok(pdf.texts[i]?.includes(`Side ${i + 1} av 3`), `page number on page ${i + 1}`);
      assert.ok(!items.some((x) => x.str === 'Sesjon'), 'no session column in a one-session list');
    });
    const numbers = pdf.pages.flatMap((items) => items.filter((x) => /^\d+$/.test(x.str)).map((x) => Number(x.str)));
    assert.deepEqual(
      numbers,
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const listed = pdf.pages.flatMap((items) => items.filter((x) => names.includes(x.str)).map((x) => x.str));
    assert.deepEqual(listed, [...names].sort(collator.compare), 'sorted by name, each once');
    assert.ok(!pdf.texts.join(' ').includes('Bente i B'), 'only session A');

    // Everyone: a session column; the shared programme only: nobody here.
    const everyone = await readPdf((await get(`/admin/events/${slug}/participants.pdf`, who)).rawPayload);
    assert.ok(everyone.texts[0]?.includes('Alle påmeldte'));
    assert.ok(everyone.pages[0]?.some((x) => x.str === 'Sesjon'));
    assert.ok(everyone.texts.join(' ').includes('Bente i B'));
    assert.ok(everyone.texts[0]?.includes('61 deltakere'));
    const none = await readPdf((await get(`/admin/events/${slug}/participants.pdf?session=none`, who)).rawPayload);
    assert.equal(none.pages.length, 1);
    assert.ok(none.texts[0]?.includes('Bare fellesdelen'));
    assert.ok(none.texts[0]?.includes('Ingen påmeldte med plass.'));
    assert.ok(none.texts[0]?.includes('Side 1 av 1'));
    assert.equal((await get(`/admin/events/${slug}/participants.pdf?session=ZZ`, who)).statusCode, 404);
  });

  test('every PDF export leaves an audit row with its format, filter and row count', async () => {
    const { store, slug, who } = await seeded();
    await get(`/admin/events/${slug}/badges.pdf`, who);
    await get(`/admin/events/${slug}/badges.pdf?session=B&waitlisted=1`, who);
    await get(`/admin/events/${slug}/participants.pdf?session=A`, who);
    await get(`/admin/events/${slug}/participants.pdf?session=ZZ`, who);
    const audit = await exportAudit(store, slug);
    assert.equal(audit.length, 3, 'a refused request exports nothing');
    assert.deepEqual(
      audit.map(({ actor, ...rest }) => {
        assert.match(actor, /^user:\d+:/);
        return rest;
      }),
      [
        { format: 'badges.pdf', filters: { status: 'confirmed', sort: 'name' }, needs: false, rows: 17 },
        { format: 'badges.pdf', filters: { session: 'B', status: 'active', sort: 'name' }, needs: false, rows: 5 },
        {
          format: 'participants.pdf',
          filters: { session: 'A', status: 'confirmed', sort: 'name' },
          needs: false,
          rows: 10,
        },
      ],
    );
  });

  test('badges and lists: login required, other organisations get 404, facilitators may print', async () => {
    const { store, slug } = await seeded();
    for (const path of ['badges.pdf', 'participants.pdf?session=A']) {
      const url = `/admin/events/${slug}/${path}`;
      const anonymous = await get(url);
      assert.equal(anonymous.statusCode, 303);
      assert.match(anonymous.headers.location as string, /^\/admin\/login\?next=/);
      const stranger = await organiser(store, { org: 'annen-org' });
      const theirs = await get(url, stranger);
      assert.equal(theirs.statusCode, 404);
      assert.ok(!theirs.body.includes('%PDF'));
      const facilitator = await organiser(store, { role: 'facilitator' });
      const allowed = await get(url, facilitator);
      assert.equal(allowed.statusCode, 200);
      assert.equal(allowed.headers['content-type'], 'application/pdf');
    }
    assert.equal((await get(`/admin/events/no-such-event/badges.pdf`, await organiser(store))).statusCode, 404);
  });

  test('the registrations page and the overview link to the PDFs', async () => {
    const { slug, who } = await seeded();
    const page = await get(`/admin/events/${slug}/registrations`, who);
    assert.ok(page.body.includes(`/admin/events/${slug}/participants.pdf?session=A`));
    assert.ok(page.body.includes(`/admin/events/${slug}/participants.pdf?session=none`));
    assert.ok(page.body.includes(`/admin/events/${slug}/badges.pdf`));
    assert.ok(page.body.includes('Navnelapper (PDF)'));
    const overview = await get(`/admin/events/${slug}`, who);
    assert.ok(overview.body.includes(`/admin/events/${slug}/badges.pdf`));
  });
});
