// Takes phone and desktop screenshots of pages of a running server, for looking at the UI.
// Usage: tsx scripts/screenshots.ts http://127.0.0.1:3000 /e/samskaping-levanger /e/samskaping-levanger/register
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const [base = 'http://127.0.0.1:3000', ...paths] = process.argv.slice(2);
mkdirSync('test-output/screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: chromiumArgs,
});
for (const [label, viewport] of [
  ['phone', { width: 375, height: 800 }],
  ['desktop', { width: 1280, height: 900 }],
] as const) {
  const page = await browser.newPage({ viewport });
  for (const path of paths.length > 0 ? paths : ['/']) {
    await page.goto(base + path);
    const name = `${label}${path.replace(/[^a-z0-9]+/gi, '-')}.png`;
    await page.screenshot({ path: `test-output/screenshots/${name}`, fullPage: true });
    console.log(`test-output/screenshots/${name}`);
  }
  await page.close();
}
await browser.close();
