/**
 * The PDF port: HTML in, PDF bytes out. The desktop app renders with Electron's printToPDF
 * (electron/main/pdf-electron.ts); the preview host, tests and benches with headless Chromium
 * (electron/host/pdf-chromium.ts). Services see only this interface, so they never import
 * Electron or Playwright; when no renderer was given, the methods that need one refuse clearly.
 */
import { AppError } from '../../shared/result';

export interface PdfRenderer {
  /** A4 PDF of a complete, self-contained HTML document (inline CSS, no script). */
  render(html: string): Promise<Uint8Array>;
  /** Releases the engine (browser process, hidden window), if any. */
  close?(): Promise<void>;
}

export function requirePdf(pdf: PdfRenderer | undefined): PdfRenderer {
  if (!pdf) {
    throw new AppError('RULE_VIOLATION', 'PDF needs the desktop app or Chromium: this SalesDesk host has no PDF renderer.', { reason: 'no_pdf_renderer' });
  }
  return pdf;
}

/**
 * Number of pages of a PDF as Chromium/Skia writes it (page objects are not compressed there):
 * the count of `/Type /Page` dictionaries, not `/Pages`. Undefined when none are found.
 */
export function pdfPageCount(pdf: Uint8Array): number | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const n = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return n > 0 ? n : undefined;
}
