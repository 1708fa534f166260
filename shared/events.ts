/** Push events from main to every window: `domain.changed`, typed separately from methods. */
export interface Events {
  'settings.changed': { keys: string[] };
  'users.changed': { userId: number };
  'audit.changed': { lastId: number };
  'customers.changed': { ids: number[] };
  'products.changed': { ids: number[] };
  'system.companyChanged': { company: 'main' | 'demo' };
  /** The background integrity check of a large company file finished and found damage. */
  'system.integrity': { ok: boolean; detail: string };
  'imports.progress': import('./schemas/imports').ImportProgress;
  /** Receipts, allocations, write-offs or bank matches changed these customers' balances. */
  'receivables.changed': { customerIds: number[] };
}
export type EventName = keyof Events;
export const EVENT_NAMES: EventName[] = ['settings.changed', 'users.changed', 'audit.changed', 'customers.changed', 'products.changed', 'system.companyChanged', 'system.integrity', 'imports.progress', 'receivables.changed'];
