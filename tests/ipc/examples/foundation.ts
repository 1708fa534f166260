import type { Examples } from './types';

export const foundationExamples: Examples = {
  'system.status': {},
  'system.setup': { companyName: '示例', currency: 'CNY', fiscalYearStartMonth: 1, adminUsername: 'boss', adminDisplayName: '老板', adminPassword: 'password-1' },
  'system.switchCompany': { company: 'main' },
  'auth.login': { username: 'nobody', password: 'wrong-password' },
  'auth.logout': {},
  'auth.me': {},
  'auth.changePassword': { current: 'wrong-password', next: 'password-22' },
  'users.list': {},
  'users.create': { username: 'walker', displayName: '走查', roles: ['sales_rep'], password: 'password-1' },
  'users.update': { id: 1, displayName: '管理员' },
  'users.resetPassword': { id: 999, password: 'password-1' },
  'settings.get': {},
  'settings.update': { patch: { creditGraceDays: 30 } },
  'audit.list': { limit: 10 },
  'audit.verify': {},
  'customers.list': { limit: 10 },
  'customers.get': { id: 1 },
  'dashboard.summary': {},
};
