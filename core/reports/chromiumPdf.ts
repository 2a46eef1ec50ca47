import { createRequire } from 'node:module';
import type { Browser, BrowserType } from 'playwright-core';

/**
 * PDF for hosts without Electron (web host, CLI, tests): the system's Chromium, driven headless
 * by playwright-core (never `npx playwright install`: Debian's /usr/bin/chromium, or
 * BANSOS_CHROMIUM). One browser is started on first use and reused; each document gets its own
 * page with JavaScript off and no network, the same footing as Electron's hidden window.
 */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumPdf {
  printToPdf(html: string, options: { landscape: boolean }): Promise<Buffer>;
  close(): Promise<void>;
}

export function chromiumPdf(options: { executablePath?: string; idleCloseMs?: number } = {}): ChromiumPdf {
  let browser: Promise<Browser> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let busy = 0;

  const launch = async (): Promise<Browser> => {
    // Required, not import()ed, when first needed: the CLI runs its bundle from a V8 code cache
    // (build/codeCache.cjs), and Node 20 loses a cached script's import() callback.
    const { chromium } = createRequire(import.meta.url)('playwright-core') as { chromium: BrowserType };
    return chromium.launch({
      executablePath: options.executablePath ?? process.env.BANSOS_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  };

  const close = async () => {
    if (idle) clearTimeout(idle);
    idle = null;
    const open = browser;
    browser = null;
    if (open) await (await open.catch(() => null))?.close();
  };

  return {
    async printToPdf(html, { landscape }) {
      if (idle) clearTimeout(idle);
      busy++;
      try {
        browser ??= launch();
        const b = await browser.catch(async (error: unknown) => {
          browser = null;
          throw error;
        });
        const context = await b.newContext({ javaScriptEnabled: false, offline: true });
        try {
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          return await page.pdf({ format: 'A4', landscape, printBackground: true, preferCSSPageSize: true });
        } finally {
          await context.close();
        }
      } finally {
        busy--;
        // A long-running host keeps the browser warm for a while, then lets it go.
        if (busy === 0 && options.idleCloseMs !== undefined)
          idle = setTimeout(() => void close(), options.idleCloseMs).unref();
      }
    },
    close,
  };
}
