/**
 * Turns the bytes of a file that claims to be text into a string: UTF-8 (with or without BOM)
 * when the bytes are valid UTF-8, UTF-16 when it has a BOM, else GB18030 (a superset of GBK,
 * what Excel and WPS on Chinese Windows write as "CSV"). Binary files and garbage are refused.
 */
import iconv from 'iconv-lite';
import { ImportFileError } from './table';

export type FileFormat = 'csv' | 'xlsx';

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

const BINARY_SIGNATURES: { name: string; sig: number[] }[] = [
  { name: 'PNG image', sig: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG image', sig: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', sig: [0x47, 0x49, 0x46, 0x38] },
  { name: 'PDF document', sig: [0x25, 0x50, 0x44, 0x46] },
  { name: 'old Excel 97–2003 (.xls) or other OLE file — save it as .xlsx or CSV', sig: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: '7z archive', sig: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: 'RAR archive', sig: [0x52, 0x61, 0x72, 0x21] },
  { name: 'gzip archive', sig: [0x1f, 0x8b] },
  { name: 'SQLite database', sig: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65] },
];

/** xlsx by its zip signature, csv for anything else that decodes as text; a clear error otherwise. */
export function detectFormat(bytes: Uint8Array): FileFormat {
  if (bytes.length === 0) throw new ImportFileError('empty_file', 'The file is empty.');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  for (const b of BINARY_SIGNATURES) {
    if (startsWith(bytes, b.sig)) throw new ImportFileError('not_csv_or_xlsx', `This is not a CSV or XLSX file (it looks like a ${b.name}).`);
  }
  return 'csv';
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  let decoded: DecodedText;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    decoded = { text: strictUtf8(bytes.subarray(3)) ?? refuse('The file starts like UTF-8 but contains invalid UTF-8 bytes.'), encoding: 'utf-8-bom' };
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    decoded = { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    decoded = { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  } else {
    const utf8 = strictUtf8(bytes);
    decoded = utf8 !== null ? { text: utf8, encoding: 'utf-8' } : { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gb18030' };
  }
  assertLooksLikeText(decoded.text);
  return decoded;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function refuse(message: string): never {
  throw new ImportFileError('not_text', message);
}

/**
 * Text files have no NUL bytes, almost no control characters and few undecodable sequences.
 * Random bytes (a renamed binary, "10 MB of garbage") fail at least one of these quickly.
 */
export function assertLooksLikeText(text: string): void {
  const sample = text.length > 2_000_000 ? text.slice(0, 1_000_000) + text.slice(-1_000_000) : text;
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) refuse('This is not a text file (it contains NUL bytes): not a CSV or XLSX file.');
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) control++;
    else if (c === 0xfffd) replacement++;
  }
  const n = Math.max(1, sample.length);
  if (control / n > 0.001 || replacement / n > 0.001) {
    refuse('The file is neither UTF-8 nor GBK/GB18030 text nor an XLSX workbook (it looks like binary data or garbage).');
  }
}
