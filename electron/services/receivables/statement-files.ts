/**
 * File names of statement PDFs: readable on every desktop OS (Windows forbids \ / : * ? " < > |
 * and trailing dots or spaces), short enough for deep folders, and unique within a batch.
 */
import type { StatementLanguage } from '../../../shared/schemas/statements';

/** Replaces what Windows and macOS refuse in a file name; never empty. */
export function safeFileNamePart(s: string, max = 60): string {
  const cleaned = s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .replace(/[. ]+$/, '');
  return cleaned || '_';
}

/** 对账单_C0001_杭州联华超市_2026-01-01_2026-03-31.pdf / Statement_C0001_…pdf */
export function statementFileName(code: string, name: string, from: string, to: string, language: StatementLanguage): string {
  const word = language === 'en' ? 'Statement' : '对账单';
  return `${word}_${safeFileNamePart(code, 32)}_${safeFileNamePart(name, 40)}_${from}_${to}.pdf`;
}

/** The batch folder name under <documentsDir>/statements/. */
export const batchFolderName = (from: string, to: string) => `${from}_${to}`;
