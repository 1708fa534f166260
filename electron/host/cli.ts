/**
 * `npm run preview -- --db <file> --port <n>`: the real app in a browser, on a local company file.
 * Without --db it uses the same user-data folder as the desktop app.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../main/create-app';
import { companyFiles, defaultUserDataDir } from '../services/paths';
import { chromiumInstalled, createChromiumPdf } from './pdf-chromium';
import { startHost } from './server';

export async function runPreview(argv: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      renderer: { type: 'string' },
      'no-demo': { type: 'boolean' },
    },
    allowPositionals: false,
  });
  const dataDir = values.db ? path.dirname(path.resolve(values.db)) : defaultUserDataDir();
  const files = companyFiles(dataDir);
  const mainFile = values.db ? path.resolve(values.db) : files.mainFile;
  const demoFile = values['no-demo'] ? undefined : values.db ? mainFile.replace(/(\.sqlite)?$/, '-demo.sqlite') : files.demoFile;
  const pdf = chromiumInstalled() ? createChromiumPdf() : undefined;
  const app = await createApp({ mainFile, demoFile, stateFile: values.db ? undefined : files.stateFile, pdf });
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const host = await startHost({
    router: app.router,
    events: app.events,
    context: () => app.workspace.current(),
    rendererDir: values.renderer ?? path.resolve('out/renderer'),
    port,
  });
  console.log(`SalesDesk preview: ${host.url}  (company file: ${app.workspace.file})`);
  return {
    url: host.url,
    close: async () => {
      await host.close();
      await app.close();
      await pdf?.close();
    },
  };
}

if (process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1])) {
  runPreview(process.argv.slice(2))
    .then((h) => {
      const stop = () => h.close().finally(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((e: unknown) => {
      console.error(`SalesDesk preview could not start: ${(e as Error).message}`);
      process.exit(1);
    });
}
