// End-to-end in headless Chromium for the back office: an organiser logs in with the keyboard,
// copies last year's seminar, changes a speaker and a capacity, publishes, a participant signs
// up on the public page, and the organiser finds them in the list and in both exports. axe checks
// every admin page visited; screenshots go to test-output/screenshots/admin-*.png.
// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() is the rendered text a person sees, which is what these tests check.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../src/core/demo/seed-demo.ts';
import { organiser, TEST_PASSWORD } from './support/admin.ts';
import { startApp, type TestApp } from './support/app.ts';
import { chromiumPath, getBrowser } from './support/browser.ts';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { NOW } from './support/fixtures.ts';

const screenshotDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'screenshots');
const downloadDir = join(fileURLToPath(new URL('..', import.meta.url)), 'test-output', 'downloads');
const PHONE = { width: 375, height: 800 };
const DESKTOP = { width: 1280, height: 900 };

const browserAvailable = Boolean(process.env.SAMSKAP_BROWSER_WS) || existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but ${chromiumPath} is missing: the end-to-end tests cannot run.`);
}

describe('back office end-to-end in Chromium', {
  skip: browserAvailable ? false : `no browser at ${chromiumPath}`,
}, () => {
  let database: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let email: string;

  before(async () => {
    database = await createTestDatabase('sqlite');
    await seedDemo(database.store, NOW);
    // The demo events belong to the organisation "demo".
    email = (await organiser(database.store, { org: 'demo', role: 'owner', email: 'kari.arrangor@example.no' })).email;
    app = await startApp(database.store, { listen: true, now: () => NOW });
    browser = await getBrowser();
    context = await browser.newContext({
      viewport: DESKTOP,
      locale: 'nb-NO',
      baseURL: app.baseUrl,
      acceptDownloads: true,
    });
    context.setDefaultTimeout(5_000);
    page = await context.newPage();
    mkdirSync(screenshotDir, { recursive: true });
    mkdirSync(downloadDir, { recursive: true });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.dispose();
  });

  async function checkAxe(p: Page, what: string) {
    const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    assert.deepEqual(problems, [], `axe violations on ${what}`);
  }

  async function shoot(p: Page, name: string) {
    await p.screenshot({ path: join(screenshotDir, `admin-${name}.png`), fullPage: true });
  }

  test('the login page passes axe and logs in with the keyboard alone', async () => {
    await page.goto('/admin');
    assert.match(page.url(), /\/admin\/login\?next=/, 'a visitor is sent to the login page');
    await checkAxe(page, '/admin/login');
    await shoot(page, 'login-desktop');
    // Tab to the e-mail field from the top of the page: skip link, brand, then the form.
    await page.keyboard.press('Tab');
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.getAttribute('name'))) !== 'email' && guard++ < 15) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin$/);
    await checkAxe(page, '/admin');
    await shoot(page, 'dashboard-desktop');
  });

  test('a wrong password shows the problem at the top, focusable, and keeps the address', async () => {
    const other = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: app.baseUrl });
    try {
      const p = await other.newPage();
      await p.goto('/admin/login');
      await p.fill('input[name=email]', email);
      await p.fill('input[name=password]', 'feil passord her');
      await p.click('button[type=submit]');
      assert.match(await p.locator('.error-summary').innerText(), /Feil e-postadresse eller passord/, 'problem shown');
      assert.equal(await p.inputValue('input[name=email]'), email, 'the address is kept');
      await checkAxe(p, 'login with error');
      await shoot(p, 'login-error-phone');
    } finally {
      await other.close();
    }
  });

  test('the password-reset request page passes axe', async () => {
    const other = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: app.baseUrl });
    try {
      const p = await other.newPage();
      await p.goto('/admin/reset');
      await checkAxe(p, '/admin/reset');
      await p.fill('input[name=email]', 'hvem-som-helst@example.no');
      await p.click('button[type=submit]');
      assert.match(await p.locator('main').innerText(), /Hvis adressen har en konto/, 'same answer for any address');
      await checkAxe(p, '/admin/reset sent');
    } finally {
      await other.close();
    }
  });

  test("copies last year's seminar, changes a speaker and a capacity, publishes, and follows a sign-up into the list and both exports", async () => {
    const slug = 'samskaping-levanger-2030';
    // Copy the 2019 edition to a date after the test clock's "now", so that sign-up is open.
    await page.goto('/admin/events/samskaping-levanger-2019/copy');
    await checkAxe(page, 'copy form');
    await page.getByLabel('Tittel', { exact: false }).first().fill('Samskaping av fellesskapsverdier i kommunen 2030');
    await page.locator('input[name=slug]').fill(slug);
    await page.locator('input[name=startDate]').fill('2030-11-19');
    await page.locator('form.editor-form button[type=submit]').click();
    await page.waitForURL(new RegExp(`/admin/events/${slug}/edit\\?ok=copied`));
    await checkAxe(page, 'editor details');
    await shoot(page, 'editor-details-desktop');

    // Change a speaker: the item form that holds "Eugene Guribye"; Enter saves it.
    await page.goto(`/admin/events/${slug}/edit/programme`);
    await checkAxe(page, 'programme editor');
    // Each item is folded away under its title; open it as a person would.
    const item = page.locator('details', { has: page.locator('input[value="Eugene Guribye"]') });
    await item.locator('summary').click();
    await shoot(page, 'editor-programme-desktop');
    const speaker = item.locator('input[value="Eugene Guribye"]');
    await speaker.fill('Ingrid Innleder');
    await speaker.press('Enter');
    await page.waitForURL(/ok=/);
    assert.equal(await page.locator('input[value="Ingrid Innleder"]').count(), 1, 'the new speaker is saved');

    // Lower session 2A's capacity from 80 to 1, so the second sign-up goes on the waiting list.
    await page.goto(`/admin/events/${slug}/edit/sessions`);
    await checkAxe(page, 'sessions editor');
    const form2A = page.locator('form', { has: page.locator('input[value="2A"]') });
    const capacity = form2A.locator('input[name$="capacity"]');
    assert.equal(await capacity.inputValue(), '80', 'the copy kept the capacity');
    await capacity.fill('1');
    await capacity.press('Enter');
    await page.waitForURL(/ok=/);
    assert.equal(
      await page
        .locator('form', { has: page.locator('input[value="2A"]') })
        .locator('input[name$="capacity"]')
        .inputValue(),
      '1',
      'the capacity is saved',
    );

    // Not public before publishing.
    const visitor = await browser.newContext({ viewport: PHONE, locale: 'nb-NO', baseURL: app.baseUrl });
    try {
      const publicPage = await visitor.newPage();
      const before = await publicPage.goto(`/e/${slug}`);
      assert.equal(before?.status(), 404, 'an unpublished copy is not public');

      await page.goto(`/admin/events/${slug}/edit`);
      await page.getByRole('button', { name: 'Publiser' }).click();
      await page.waitForURL(/ok=/);

      await publicPage.goto(`/e/${slug}`);
      const eventText = await publicPage.locator('main').innerText();
      assert.match(eventText, /Ingrid Innleder/, 'the changed speaker is on the public page');
      assert.doesNotMatch(eventText, /Eugene Guribye/, 'the old speaker is gone');
      for (const [name, email] of [
        ['Åse Ødegård', 'ase.odegard@example.no'],
        ['Per Påmeldt', 'per.pameldt@example.no'],
      ]) {
        await publicPage.goto(`/e/${slug}/register`);
        const you = publicPage.getByRole('group', { name: 'Om deg' });
        await you.getByLabel('Fullt navn').fill(name as string);
        await you.getByLabel('E-postadresse').fill(email as string);
        await you.getByRole('radio', { name: 'Politiker', exact: true }).check();
        await you.getByRole('radio', { name: /^2A/ }).check();
        await publicPage.getByRole('checkbox', { name: /har lest personvernerklæringen/ }).check();
        await publicPage.getByRole('button', { name: 'Send påmelding' }).click();
        await publicPage.waitForURL(/\/m\/[A-Za-z0-9_-]+\?ok=welcome$/);
      }
      assert.match(await publicPage.locator('.status-box').innerText(), /venteliste/i, 'the second is waitlisted');
    } finally {
      await visitor.close();
    }

    // The organiser sees both in the list, with status.
    await page.goto(`/admin/events/${slug}/registrations`);
    await checkAxe(page, 'registrations list');
    await shoot(page, 'registrations-desktop');
    const listText = await page.locator('main').innerText();
    assert.match(listText, /Åse Ødegård/, 'the confirmed registrant is listed');
    assert.match(listText, /Per Påmeldt/, 'the waitlisted registrant is listed');

    // CSV: BOM, semicolons, Norwegian headers, æøå intact.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV/ }).click(),
    ]);
    // The shared browser runs in another process: save the download where this test can read it.
    const csvPath = join(downloadDir, csvDownload.suggestedFilename());
    await csvDownload.saveAs(csvPath);
    assert.match(csvDownload.suggestedFilename(), /\.csv$/, 'a .csv file name');
    const csv = readFileSync(csvPath);
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a UTF-8 BOM');
    const csvText = csv.toString('utf8').slice(1);
    assert.match(csvText.split('\r\n')[0] ?? '', /Navn;/, 'Norwegian headers separated by semicolons');
    assert.match(csvText, /Åse Ødegård/, 'æøå survive');

    // XLSX: opened with exceljs, one sheet per session plus the overview.
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Excel|XLSX/ }).click(),
    ]);
    const xlsxPath = join(downloadDir, xlsxDownload.suggestedFilename());
    await xlsxDownload.saveAs(xlsxPath);
    assert.match(xlsxDownload.suggestedFilename(), /\.xlsx$/, 'a .xlsx file name');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const names = workbook.worksheets.map((w) => w.name);
    assert.ok(
      names.some((n) => n.startsWith('2A')),
      `a sheet for 2A (sheets: ${names.join(', ')})`,
    );
    const overview = workbook.worksheets[0];
    assert.ok(overview, 'an overview sheet');
    const cells: string[] = [];
    overview.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(String(cell.value));
      });
    });
    assert.ok(cells.includes('Åse Ødegård'), 'the registrant is in the overview sheet');
    assert.ok(cells.includes('Per Påmeldt'), 'the waitlisted registrant is in the overview sheet');

    // The numbers page and the dashboard show the new event.
    await page.goto(`/admin/events/${slug}/numbers`);
    await checkAxe(page, 'numbers');
    await shoot(page, 'numbers-desktop');
    await page.goto('/admin');
    assert.match(await page.locator('main').innerText(), /2030/, 'the copy is on the dashboard');
  });

  test('the back-office pages reflow on a phone without sideways scrolling', async () => {
    const phone = await browser.newContext({
      viewport: { width: 320, height: 800 },
      locale: 'nb-NO',
      baseURL: app.baseUrl,
    });
    try {
      await phone.addCookies(await context.cookies());
      const p = await phone.newPage();
      for (const path of [
        '/admin',
        '/admin/events/samskaping-levanger',
        '/admin/events/samskaping-levanger/registrations',
        '/admin/events/samskaping-levanger/numbers',
        '/admin/events/samskaping-levanger/edit',
        '/admin/events/samskaping-levanger/edit/programme',
        '/admin/events/samskaping-levanger/edit/sessions',
        '/admin/events/samskaping-levanger/access',
        '/admin/members',
      ]) {
        const res = await p.goto(path);
        assert.equal(res?.status(), 200, `${path} answers`);
        const overflow = await p.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 320px`);
        await checkAxe(p, `${path} at 320px`);
        await shoot(p, `phone${path.replaceAll('/', '-')}`);
      }
    } finally {
      await phone.close();
    }
  });
});
