/**
 * PdfRenderer in the desktop app: an offscreen hidden BrowserWindow (sandboxed, context-isolated,
 * JavaScript off, its own in-memory session) loads the HTML from a temporary file — a data: URL
 * would hit Chromium's 2 MB URL limit on long statements — and prints it with printToPDF.
 * One window per render, destroyed afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import type { PdfRenderer } from '../services/pdf';

export function createElectronPdf(): PdfRenderer {
  return {
    async render(html) {
      const file = path.join(os.tmpdir(), `salesdesk-print-${randomBytes(8).toString('hex')}.html`);
      fs.writeFileSync(file, html, 'utf8');
      const win = new BrowserWindow({
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          offscreen: true,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          javascript: false,
          webSecurity: true,
          partition: 'salesdesk-print',
        },
      });
      try {
        await win.loadFile(file);
        const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
        return new Uint8Array(pdf);
      } finally {
        win.destroy();
        fs.rmSync(file, { force: true });
      }
    },
  };
}
