/**
 * Imports with mapping presets, preview, per-row errors, progress and cancel (issue #3).
 *
 * The uploaded file is parsed once and kept in main's memory under a random import id (bounded:
 * the oldest entries are dropped); the renderer only sees headers, first rows and issues.
 * Preview and commit run the same validation (import/prepare.ts); commit does it again inside
 * one BEGIN IMMEDIATE transaction, writes in chunks and yields between them so that progress
 * events reach the window and a cancel call can land; a cancel throws inside the transaction,
 * so the database is left exactly as it was.
 *
 * Permissions depend on the kind: customers.write, products.write, prices.write; sales history
 * needs customers.write and customers.read_all (the lines of every rep's customers are written);
 * opening receivables need receivables.write.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withBulkCache } from '../db/bulk';
import { dataVersion } from '../db/data-version';
import { inTransaction } from '../db/transaction';
import type { DB } from '../db/schema';
import type { Permission } from '../../shared/permissions';
import { AppError } from '../../shared/result';
import {
  IMPORT_FIELDS,
  type ImportCommitOutput,
  type ImportKind,
  type ImportMapping,
  type ImportParseOutput,
  type ImportPreset,
  MAX_IMPORT_BYTES,
  MAX_ISSUES,
} from '../../shared/schemas/imports';
import { audit } from './audit';
import { type CallContext, type DomainHandlers, requireSession } from './context';
import { parseFile } from './import/parse';
import { type Prepared, prepareImport } from './import/prepare';
import { ImportFileError, type ParsedFile, type Table } from './import/table';
import { writeRecords } from './import/write';

export const KIND_PERMISSIONS: Record<ImportKind, readonly Permission[]> = {
  customers: ['customers.write'],
  products: ['products.write'],
  price_list_items: ['prices.write'],
  sales_history: ['customers.write', 'customers.read_all'],
  // Opening balances 期初应收 are finance's: they become debit items of the receivables ledger.
  opening_receivables: ['receivables.write'],
};

/** The rep's record scope (customer imports): their own id, or null when they may see every customer. */
function ownerScope(ctx: CallContext, kind: ImportKind): number | null {
  const s = requireSession(ctx);
  return kind === 'customers' && !s.permissions.has('customers.read_all') ? s.userId : null;
}

function requireKind(ctx: CallContext, kind: ImportKind) {
  const s = requireSession(ctx);
  const missing = KIND_PERMISSIONS[kind].filter((p) => !s.permissions.has(p));
  if (missing.length > 0) throw new AppError('FORBIDDEN', `Your role does not allow importing ${kind}.`, { permission: missing[0] });
  return s;
}

// ---------------------------------------------------------------------------------------------
// The in-memory store of parsed files.

interface StoredImport {
  id: string;
  userId: number;
  db: Kysely<DB>;
  fileName: string;
  sha256: string;
  parsed: ParsedFile;
  cells: number;
  lastUsed: number;
  running: { cancelled: boolean } | null;
  /** The last preview's validation, reused by a commit with the same mapping while the file is unchanged. */
  lastPreview: { key: string; version: string; prepared: Prepared } | null;
}

/** At most this many parsed files, and this many cells in all, are kept; the oldest idle ones go first. */
export const STORE_LIMITS = { entries: 8, cells: 40_000_000, idleMs: 2 * 3600_000 };

class ImportStore {
  private entries = new Map<string, StoredImport>();

  add(e: StoredImport) {
    this.entries.set(e.id, e);
    this.evict(e.id);
  }

  get(ctx: CallContext, id: string): StoredImport {
    const e = this.entries.get(id);
    // Another user's import, or one parsed for another company file, does not exist for this caller.
    if (!e || e.userId !== requireSession(ctx).userId || e.db !== ctx.db) {
      throw new AppError('NOT_FOUND', 'This import is no longer available (it was cancelled, replaced or expired); choose the file again.');
    }
    e.lastUsed = Date.now();
    return e;
  }

  peek(id: string) {
    return this.entries.get(id);
  }

  delete(id: string) {
    this.entries.delete(id);
  }

  private evict(keep: string) {
    const now = Date.now();
    for (const [id, e] of this.entries) if (id !== keep && !e.running && now - e.lastUsed > STORE_LIMITS.idleMs) this.entries.delete(id);
    const total = () => [...this.entries.values()].reduce((a, e) => a + e.cells, 0);
    while (this.entries.size > STORE_LIMITS.entries || total() > STORE_LIMITS.cells) {
      const oldest = [...this.entries.values()].filter((e) => e.id !== keep && !e.running).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!oldest) break;
      this.entries.delete(oldest.id);
    }
  }

  get size() {
    return this.entries.size;
  }
}

export const importStore = new ImportStore();

function pickTable(e: StoredImport, sheet: string | undefined): Table {
  const t = sheet === undefined ? (e.parsed.tables.find((x) => !x.error) ?? e.parsed.tables[0]) : e.parsed.tables.find((x) => x.name === sheet);
  if (!t) throw new AppError('NOT_FOUND', `The file has no sheet "${sheet}".`);
  if (t.error) throw new AppError('VALIDATION', t.error, { sheet: t.name, code: 'sheet_unusable' });
  return t;
}

const fileError = (e: unknown) => {
  if (e instanceof ImportFileError) return new AppError('VALIDATION', e.message, { code: e.code, ...e.details });
  return e;
};

function previewOutput(p: Prepared) {
  return {
    counts: { total: p.total, valid: p.validRows.length, invalid: p.invalidRows, toInsert: p.toInsert, toUpdate: p.toUpdate, unchanged: p.unchanged },
    errors: [...p.errors].sort((a, b) => a.row - b.row).slice(0, MAX_ISSUES),
    errorCount: p.errors.length,
    warnings: p.warnings.slice(0, MAX_ISSUES),
    warningCount: p.warnings.length,
    mappingErrors: p.mappingErrors,
  };
}

class Cancelled extends Error {}

const previewKey = (kind: ImportKind, table: Table, mapping: ImportMapping) =>
  JSON.stringify([kind, table.name, Object.entries(mapping).filter(([, h]) => h !== '').sort(([a], [b]) => (a < b ? -1 : 1))]);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------

export async function parseImport(ctx: CallContext, input: { kind: ImportKind; fileName: string; contentBase64: string }): Promise<ImportParseOutput> {
  const s = requireKind(ctx, input.kind);
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('VALIDATION', 'The file is larger than 50 MB.', { code: 'too_large' });
  let parsed: ParsedFile;
  try {
    parsed = await parseFile(input.fileName, bytes);
  } catch (e) {
    throw fileError(e);
  }
  const usable = parsed.tables.filter((t) => !t.error);
  if (usable.length === 0) {
    const first = parsed.tables[0];
    throw new AppError('VALIDATION', first?.error ?? 'The file has nothing to import.', { code: 'sheet_unusable', sheet: first?.name });
  }
  const id = randomUUID();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  importStore.add({
    id, userId: s.userId, db: ctx.db, fileName: input.fileName, sha256, parsed,
    cells: parsed.tables.reduce((a, t) => a + t.rows.length * Math.max(1, t.headers.length), 0),
    lastUsed: Date.now(), running: null, lastPreview: null,
  });
  return {
    importId: id,
    fileName: input.fileName,
    format: parsed.format,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    sha256,
    sheets: parsed.tables.map((t) => ({ name: t.name, rowCount: t.rows.length, headers: t.headers, firstRows: t.rows.slice(0, 20), error: t.error })),
    defaultSheet: usable[0]?.name ?? null,
  };
}

interface CommitInput {
  importId: string;
  kind: ImportKind;
  sheet?: string | undefined;
  mapping: ImportMapping;
  mode: 'all_or_nothing' | 'valid_rows';
}

export async function commitImport(ctx: CallContext, input: CommitInput): Promise<ImportCommitOutput> {
  const s = requireKind(ctx, input.kind);
  const e = importStore.get(ctx, input.importId);
  if (e.running) throw new AppError('CONFLICT', 'This import is already running.');
  const table = pickTable(e, input.sheet);
  const started = Date.now();
  const running = { cancelled: false };
  e.running = running;
  const total = table.rows.length;
  const progress = (phase: 'validating' | 'writing' | 'done' | 'cancelled' | 'failed', done: number, of = total) =>
    ctx.emit('imports.progress', { importId: e.id, phase, done, total: of });
  const check = async () => {
    await yieldToEventLoop();
    if (running.cancelled) throw new Cancelled();
  };
  let prepared: Prepared | null = null;
  try {
    progress('validating', 0);
    const result = await inTransaction(ctx.db, async (trx) => {
      // The preview's validation still holds when nothing was written since (same mapping, same data).
      const cached = e.lastPreview;
      const reuse = cached && cached.key === previewKey(input.kind, table, input.mapping) && cached.version === (await dataVersion(trx));
      e.lastPreview = null;
      const p = reuse
        ? cached.prepared
        : await prepareImport(trx, input.kind, table, input.mapping, e.parsed.format === 'xlsx', {
            ownerScope: ownerScope(ctx, input.kind),
            tick: async (done) => {
              progress('validating', done);
              await check();
            },
          });
      prepared = p;
      if (p.mappingErrors.length > 0) throw new AppError('VALIDATION', p.mappingErrors.map((m) => m.message).join(' '), { mappingErrors: p.mappingErrors });
      if (p.errors.length > 0 && input.mode === 'all_or_nothing') return null;
      await check();
      const now = ctx.clock.now().toISOString();
      const written = p.validRows.length;
      const batch = await trx
        .insertInto('import_batches')
        .values({
          kind: input.kind, file_name: e.fileName, file_sha256: e.sha256, rows_total: total, rows_written: written,
          rows_skipped: total - written, user_id: s.userId, created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      progress('writing', 0, written);
      const changes = await withBulkCache(trx, () =>
        writeRecords(trx, p.data, {
          now,
          batchId: batch.id,
          tick: async (done) => {
            progress('writing', done, written);
            await check();
          },
        }),
      );
      const auditId = await audit(trx, ctx, {
        action: 'import.commit',
        entity: 'import_batch',
        entityId: batch.id,
        after: {
          kind: input.kind, fileName: e.fileName, sha256: e.sha256, sheet: table.name, mode: input.mode,
          counts: { total, written, skipped: total - written, inserted: p.toInsert, updated: p.toUpdate, unchanged: p.unchanged, errors: p.errors.length },
          changes,
        },
      });
      return { batchId: batch.id, written, auditId };
    });
    const p = prepared as Prepared | null;
    if (!p) throw new Error('unreachable: prepared is set inside the transaction');
    const counts = previewOutput(p).counts;
    if (!result) {
      progress('failed', 0);
      return { status: 'refused', batchId: null, counts, written: 0, skipped: total, errorCount: p.errors.length, ms: Date.now() - started };
    }
    progress('done', result.written, result.written);
    ctx.emit('audit.changed', { lastId: result.auditId });
    if (input.kind === 'customers') ctx.emit('customers.changed', { ids: [] });
    if (input.kind === 'products') ctx.emit('products.changed', { ids: [] });
    if (p.data.kind === 'opening_receivables') ctx.emit('receivables.changed', { customerIds: [...new Set(p.data.records.map((x) => x.customerId))] });
    importStore.delete(e.id);
    return { status: 'committed', batchId: result.batchId, counts, written: result.written, skipped: total - result.written, errorCount: p.errors.length, ms: Date.now() - started };
  } catch (err) {
    if (err instanceof Cancelled) {
      progress('cancelled', 0);
      const p = prepared as Prepared | null;
      const counts = p ? previewOutput(p).counts : { total, valid: 0, invalid: 0, toInsert: 0, toUpdate: 0, unchanged: 0 };
      return { status: 'cancelled', batchId: null, counts, written: 0, skipped: total, errorCount: p?.errors.length ?? 0, ms: Date.now() - started };
    }
    progress('failed', 0);
    throw err;
  } finally {
    e.running = null;
  }
}

const parseMapping = (s: string): Record<string, string> => {
  try {
    const v = JSON.parse(s) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
  } catch {
    // a damaged preset reads as empty
  }
  return {};
};

function presetRow(r: { id: number; kind: string; name: string; mapping: string; updated_at: string }): ImportPreset {
  return { id: r.id, kind: r.kind as ImportKind, name: r.name, mapping: parseMapping(r.mapping), updatedAt: r.updated_at };
}

/** Only the fields of the kind are kept in a preset. */
function cleanMapping(kind: ImportKind, mapping: ImportMapping): Record<string, string> {
  const fields = new Set(IMPORT_FIELDS[kind].map((f) => f.field));
  return Object.fromEntries(Object.entries(mapping).filter(([k, v]) => fields.has(k) && v !== ''));
}

export const importsHandlers: DomainHandlers<'imports'> & DomainHandlers<'importPresets'> = {
  async 'imports.parse'(input, ctx) {
    return parseImport(ctx, input);
  },
  async 'imports.preview'(input, ctx) {
    requireKind(ctx, input.kind);
    const e = importStore.get(ctx, input.importId);
    const table = pickTable(e, input.sheet);
    const version = await dataVersion(ctx.db);
    const prepared = await prepareImport(ctx.db, input.kind, table, input.mapping, e.parsed.format === 'xlsx', { ownerScope: ownerScope(ctx, input.kind) });
    // The version is read before validating: a write during or after it makes the commit validate again.
    e.lastPreview = { key: previewKey(input.kind, table, input.mapping), version, prepared };
    return previewOutput(prepared);
  },
  async 'imports.commit'(input, ctx) {
    return commitImport(ctx, input);
  },
  async 'imports.cancel'(input, ctx) {
    const e = importStore.peek(input.importId);
    if (!e || e.userId !== requireSession(ctx).userId || e.db !== ctx.db) return { state: 'unknown' };
    if (e.running) {
      e.running.cancelled = true;
      return { state: 'cancelling' };
    }
    importStore.delete(e.id);
    return { state: 'discarded' };
  },

  async 'importPresets.list'(input, ctx) {
    requireKind(ctx, input.kind);
    const rows = await ctx.db.selectFrom('import_presets').selectAll().where('kind', '=', input.kind).orderBy('name').execute();
    return rows.map(presetRow);
  },
  async 'importPresets.save'(input, ctx) {
    const s = requireKind(ctx, input.kind);
    const mapping = JSON.stringify(cleanMapping(input.kind, input.mapping));
    const now = ctx.clock.now().toISOString();
    const row = await ctx.db
      .insertInto('import_presets')
      .values({ kind: input.kind, name: input.name, mapping, created_by: s.userId, updated_at: now })
      .onConflict((oc) => oc.columns(['kind', 'name']).doUpdateSet({ mapping, updated_at: now }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return presetRow(row);
  },
  async 'importPresets.delete'(input, ctx) {
    const row = await ctx.db.selectFrom('import_presets').select(['id', 'kind']).where('id', '=', input.id).executeTakeFirst();
    if (!row) return { deleted: false };
    if (row.kind === 'bank_lines') throw new AppError('NOT_FOUND', 'Preset not found.');
    requireKind(ctx, row.kind);
    await ctx.db.deleteFrom('import_presets').where('id', '=', input.id).execute();
    return { deleted: true };
  },
};
