/**
 * PdfRenderer on headless Chromium (playwright-core + the system Chromium), for the preview host,
 * tests and benches. The browser starts on the first render and is reused; each render gets a
 * fresh page with JavaScript off and every network request refused (the HTML is self-contained).
 */
import fs from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import type { PdfRenderer } from '../services/pdf';

export const CHROMIUM_EXECUTABLE = process.env.SALESDESK_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumInstalled(executablePath = CHROMIUM_EXECUTABLE): boolean {
  return fs.existsSync(executablePath);
}

export function createChromiumPdf(executablePath = CHROMIUM_EXECUTABLE): PdfRenderer & { close(): Promise<void> } {
  let started: Promise<{ browser: Browser; context: BrowserContext }> | null = null;
  const start = () => {
    started ??= (async () => {
      const browser = await chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      await context.route('**/*', (route) => route.abort());
      return { browser, context };
    })();
    // A failed launch is not cached: the next render tries again.
    started.catch(() => {
      started = null;
    });
    return started;
  };
  return {
    async render(html) {
      const { context } = await start();
      const page = await context.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        return new Uint8Array(pdf);
      } finally {
        await page.close().catch(() => {});
      }
    },
    async close() {
      const s = started;
      started = null;
      if (s) await (await s.catch(() => null))?.browser.close().catch(() => {});
    },
  };
}
