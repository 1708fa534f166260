/**
 * The open company file and everything bound to it. A desktop office has one real company file
 * and, on request, a demo company beside it; the user can switch between them (like choosing
 * a 账套 in 用友/金蝶). The last choice is remembered in a small state file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Db, openDatabase } from '../db/connection';
import type { IntegrityResult } from '../db/integrity';
import type { EventName, Events } from '../../shared/events';
import { type AppContext, type Clock, systemClock } from './context';
import { DEFAULT_SCRYPT_N } from './passwords';
import { SessionCache } from './session-cache';
import { SettingsStore } from './settings-store';

export type CompanyKind = 'main' | 'demo';

export interface WorkspaceControl {
  readonly company: CompanyKind;
  readonly demoAvailable: boolean;
  /** null while the background integrity check of the open file is still running. */
  readonly integrity: IntegrityResult | null;
  current(): AppContext;
  switchTo(company: CompanyKind): Promise<void>;
}

export interface WorkspaceOptions {
  mainFile: string;
  /** Where the demo company lives; omit to disable "open the demo company". */
  demoFile?: string;
  appVersion: string;
  clock?: Clock;
  scryptN?: number;
  nativeBinding?: string;
  /** Builds the demo company into a new file (the generator; injected to keep this module small). */
  createDemo?: (file: string) => Promise<void>;
  /** Remembers which company was open last; omit for tests. */
  stateFile?: string;
  onEvent?: <E extends EventName>(name: E, payload: Events[E]) => void;
  /** Files larger than this are integrity-checked in the background (tests lower it). */
  syncCheckMaxBytes?: number;
  /** HTML → PDF engine (Electron's printToPDF in the app, Chromium in the preview host). */
  pdf?: import('./pdf').PdfRenderer;
  /** Folder for generated documents; defaults to the open company file's folder. */
  documentsDir?: string;
}

export class Workspace implements WorkspaceControl {
  company: CompanyKind = 'main';
  integrity: IntegrityResult | null = null;
  private db: Db | null = null;
  private ctx: AppContext | null = null;

  private constructor(private readonly opts: WorkspaceOptions) {}

  static async open(opts: WorkspaceOptions, company?: CompanyKind): Promise<Workspace> {
    const ws = new Workspace(opts);
    await ws.load(company ?? ws.rememberedCompany());
    return ws;
  }

  get demoAvailable(): boolean {
    return Boolean(this.opts.demoFile && this.opts.createDemo);
  }

  current(): AppContext {
    if (!this.ctx) throw new Error('workspace is closed');
    return this.ctx;
  }

  get file(): string {
    return this.db?.file ?? this.opts.mainFile;
  }

  /** Opens the other file first and swaps only when it opened, so a failure leaves the current one in place. */
  async switchTo(company: CompanyKind): Promise<void> {
    if (company === 'demo' && !this.demoAvailable) throw new Error('the demo company is not available here');
    const previous = this.db;
    await this.load(company);
    await previous?.close();
    this.remember(company);
    this.opts.onEvent?.('system.companyChanged', { company });
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.ctx = null;
    await db?.close();
  }

  /** Opens `company`'s file and makes it current; on failure nothing changes. */
  private async load(company: CompanyKind): Promise<void> {
    const file = company === 'demo' && this.opts.demoFile ? this.opts.demoFile : this.opts.mainFile;
    if (company === 'demo' && this.opts.createDemo && this.opts.demoFile && !fs.existsSync(file)) {
      await this.opts.createDemo(file);
    }
    const db = await openDatabase(file, {
      appVersion: this.opts.appVersion,
      nativeBinding: this.opts.nativeBinding,
      now: () => (this.opts.clock ?? systemClock).now(),
      syncCheckMaxBytes: this.opts.syncCheckMaxBytes,
    });
    this.db = db;
    this.company = file === this.opts.mainFile ? 'main' : 'demo';
    this.integrity = null;
    void db.integrity.then((r) => {
      if (this.db !== db) return; // another file was opened meanwhile
      this.integrity = r;
      if (!r.ok) this.opts.onEvent?.('system.integrity', r);
    });
    const emit = this.opts.onEvent ?? (() => {});
    this.ctx = {
      db: db.kysely,
      sqlite: db.sqlite,
      clock: this.opts.clock ?? systemClock,
      appVersion: this.opts.appVersion,
      emit,
      randomToken: () => randomBytes(32).toString('base64url'),
      scryptN: this.opts.scryptN ?? DEFAULT_SCRYPT_N,
      sessions: new SessionCache(),
      settings: new SettingsStore(db.kysely),
      workspace: this,
      pdf: this.opts.pdf,
      documentsDir: this.opts.documentsDir ?? path.dirname(path.resolve(file)),
    };
  }

  private rememberedCompany(): CompanyKind {
    if (!this.opts.stateFile || !this.demoAvailable) return 'main';
    try {
      const state = JSON.parse(fs.readFileSync(this.opts.stateFile, 'utf8')) as { company?: unknown };
      return state.company === 'demo' ? 'demo' : 'main';
    } catch {
      return 'main';
    }
  }

  private remember(company: CompanyKind): void {
    if (!this.opts.stateFile) return;
    fs.mkdirSync(path.dirname(this.opts.stateFile), { recursive: true });
    fs.writeFileSync(this.opts.stateFile, JSON.stringify({ company }));
  }
}
