// The browser tests share one Chromium started by scripts/run-tests.mjs (SAMSKAP_BROWSER_WS);
// run alone, a file launches its own.
import { type Browser, chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

export { chromiumPath };

export async function getBrowser(): Promise<Browser> {
  const ws = process.env.SAMSKAP_BROWSER_WS;
  if (ws) return chromium.connect(ws);
  return chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
}
