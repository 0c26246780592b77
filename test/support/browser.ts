// The browser tests share one Chromium started by scripts/run-tests.mjs (SAMSKAP_BROWSER_WS);
// run alone, a file launches its own.
import { type Browser, chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function getBrowser(): Promise<Browser> {
  const ws = process.env.SAMSKAP_BROWSER_WS;
  if (ws) return chromium.connect(ws);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
