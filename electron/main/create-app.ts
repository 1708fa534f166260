/**
 * Composition root shared by the Electron main process, the preview host, tests and benches:
 * workspace (open company file) + event hub + router over the complete handler table.
 * No Electron import here.
 */
import { generateDemo } from '../demo/generate';
import { handlers } from '../services';
import type { Clock } from '../services/context';
import type { PdfRenderer } from '../services/pdf';
import { Workspace } from '../services/workspace';
import { APP_VERSION } from '../../shared/version';
import { EventHub } from './ipc/events';
import { createRouter, type Router } from './ipc/router';

export interface AppOptions {
  mainFile: string;
  demoFile?: string;
  stateFile?: string;
  clock?: Clock;
  scryptN?: number;
  nativeBinding?: string;
  validateOutput?: boolean;
  log?: (message: string, error: unknown) => void;
  pdf?: PdfRenderer;
  documentsDir?: string;
}

export interface SalesDeskApp {
  workspace: Workspace;
  router: Router;
  events: EventHub;
  close(): Promise<void>;
}

export async function createApp(opts: AppOptions): Promise<SalesDeskApp> {
  const events = new EventHub();
  const workspace = await Workspace.open({
    mainFile: opts.mainFile,
    demoFile: opts.demoFile,
    stateFile: opts.stateFile,
    appVersion: APP_VERSION,
    clock: opts.clock,
    scryptN: opts.scryptN,
    nativeBinding: opts.nativeBinding,
    onEvent: events.publish,
    pdf: opts.pdf,
    documentsDir: opts.documentsDir,
    createDemo: opts.demoFile
      ? async (file) => {
          await generateDemo({ file, scale: 'small', seed: 1, appVersion: APP_VERSION, scryptN: opts.scryptN, nativeBinding: opts.nativeBinding });
        }
      : undefined,
  });
  const router = createRouter({ handlers, context: () => workspace.current(), validateOutput: opts.validateOutput, log: opts.log });
  return { workspace, router, events, close: () => workspace.close() };
}
