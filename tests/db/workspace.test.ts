import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../electron/services/workspace';
import { tempDir } from '../helpers/app';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function files() {
  const dir = tempDir();
  dirs.push(dir);
  return { mainFile: path.join(dir, 'main.sqlite'), demoFile: path.join(dir, 'demo.sqlite'), stateFile: path.join(dir, 'workspace.json') };
}

describe('workspace (company files)', () => {
  it('switches between the company and the demo, remembers the choice and announces it', async () => {
    const f = files();
    const events: unknown[] = [];
    const createDemo = async (file: string) => {
      fs.copyFileSync(f.mainFile, file);
    };
    const ws = await Workspace.open({ ...f, appVersion: 't', createDemo, onEvent: (n, p) => events.push([n, p]) });
    expect(ws.company).toBe('main');
    await ws.switchTo('demo');
    expect(ws.company).toBe('demo');
    expect(ws.file).toBe(f.demoFile);
    expect(events).toEqual([['system.companyChanged', { company: 'demo' }]]);
    await ws.close();
    const again = await Workspace.open({ ...f, appVersion: 't', createDemo });
    expect(again.company).toBe('demo');
    await again.close();
  });

  it('keeps the current company open when the other one cannot be opened', async () => {
    const f = files();
    const ws = await Workspace.open({
      ...f,
      appVersion: 't',
      createDemo: async () => {
        throw new Error('generator failed');
      },
    });
    const before = ws.current();
    await expect(ws.switchTo('demo')).rejects.toThrow('generator failed');
    expect(ws.company).toBe('main');
    expect(ws.current()).toBe(before);
    expect(before.sqlite.prepare('SELECT 1').pluck().get()).toBe(1);
    await ws.close();
  });

  it('refuses the demo where none is configured', async () => {
    const f = files();
    const ws = await Workspace.open({ mainFile: f.mainFile, appVersion: 't' });
    expect(ws.demoAvailable).toBe(false);
    await expect(ws.switchTo('demo')).rejects.toThrow(/not available/);
    await ws.close();
  });
});
