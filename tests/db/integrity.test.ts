import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/db/connection';
import { Workspace } from '../../electron/services/workspace';
import { tempDir } from '../helpers/app';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A company file whose filler table's pages in the middle of the file are overwritten. */
async function damagedFile(): Promise<string> {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'c.sqlite');
  const db = await openDatabase(file, { appVersion: 't' });
  db.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, t TEXT) STRICT');
  const ins = db.sqlite.prepare('INSERT INTO filler (t) VALUES (?)');
  db.sqlite.transaction(() => {
    for (let i = 0; i < 6000; i++) ins.run(`row ${i} ${'x'.repeat(200)}`);
  })();
  db.sqlite.exec('CREATE INDEX filler_t ON filler(t)');
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await db.close();
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, Math.floor((size * 0.7) / 4096) * 4096);
  fs.closeSync(fd);
  return file;
}

describe('integrity check of large files in the background', () => {
  it('opens at once and reports the damage when the worker finishes', async () => {
    const file = await damagedFile();
    const db = await openDatabase(file, { appVersion: 't', syncCheckMaxBytes: 0 });
    const r = await db.integrity;
    expect(r.ok).toBe(false);
    expect(r.detail).not.toBe('ok');
    await db.close();
  });

  it('reports ok for a healthy file', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'ok.sqlite');
    await (await openDatabase(file, { appVersion: 't' })).close();
    const db = await openDatabase(file, { appVersion: 't', syncCheckMaxBytes: 0 });
    expect(await db.integrity).toEqual({ ok: true, detail: 'ok' });
    await db.close();
  });

  it('small files are still checked before opening completes', async () => {
    const file = await damagedFile();
    await expect(openDatabase(file, { appVersion: 't' })).rejects.toThrow(/damaged|not a SalesDesk company file/);
  });

  it('the workspace announces a failed check and system status shows it', async () => {
    const file = await damagedFile();
    const events: unknown[] = [];
    // A workspace over a big-enough file: lower the threshold through the file size itself.
    const ws = await Workspace.open({ mainFile: file, appVersion: 't', onEvent: (n, p) => events.push([n, p]), syncCheckMaxBytes: 0 });
    expect(ws.integrity).toBeNull();
    await ws.current().db.selectFrom('settings').selectAll().execute();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 100 && ws.integrity === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(ws.integrity?.ok).toBe(false);
    expect(events[0]).toEqual(['system.integrity', expect.objectContaining({ ok: false })]);
    await ws.close();
  });
});
