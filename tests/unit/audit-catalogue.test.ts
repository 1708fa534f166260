import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/src/i18n/en';
import zhCN from '../../renderer/src/i18n/zh-CN';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../shared/audit-catalogue';

/** Every literal `action: '…'` / `entity: '…'` and ternaries of literals in the services. */
function codesInServices(field: 'action' | 'entity'): Set<string> {
  const out = new Set<string>();
  const dir = path.resolve('electron/services');
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(new RegExp(`\\b${field}: ([^,}\\n]+)`, 'g'))) {
      for (const lit of (m[1] ?? '').matchAll(/'([a-z_.]+)'/g)) out.add(lit[1] as string);
    }
  }
  return out;
}

const labels = (messages: unknown, kind: 'actions' | 'entities') => (messages as { audit: Record<string, Record<string, string>> }).audit[kind] ?? {};

describe('audit catalogue', () => {
  it('lists every action and entity the services write', () => {
    expect([...codesInServices('action')].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect([...codesInServices('entity')].filter((e) => !(AUDIT_ENTITIES as readonly string[]).includes(e))).toEqual([]);
  });

  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ])('labels every action and entity in %s', (_lang, messages) => {
    const missing = [
      ...AUDIT_ACTIONS.filter((a) => !labels(messages, 'actions')[a.replace(/\./g, '_')]),
      ...AUDIT_ENTITIES.filter((e) => !labels(messages, 'entities')[e]),
    ];
    expect(missing).toEqual([]);
  });
});
