/**
 * Roles of DOMAIN.md and the permission matrix the router enforces for every call.
 * A method in the contract names one permission (or 'public' / 'authenticated').
 * A user may hold several roles; their permissions are the union.
 */
export const ROLES = ['admin', 'sales_admin', 'finance', 'sales_manager', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users.manage',
  'settings.read',
  'settings.manage',
  'audit.read',
  'audit.verify',
  'backup.manage',
  'customers.read',
  /** Without it a user sees only the customers they own (the rep's record scope). */
  'customers.read_all',
  'customers.write',
  'products.read',
  'products.write',
  'prices.write',
  'price.approve_below_floor',
  'orders.write',
  'credit.manage',
  'credit.override',
  'receivables.read',
  'receivables.write',
  'writeoff.approve',
  'targets.manage',
  'commissions.manage',
  'activities.write',
  'reports.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ALL,
  sales_admin: [
    'settings.read',
    'customers.read',
    'customers.read_all',
    'customers.write',
    'products.read',
    'products.write',
    'prices.write',
    'orders.write',
    'credit.manage',
    'receivables.read',
    'activities.write',
    'reports.read',
  ],
  finance: [
    'settings.read',
    'audit.read',
    'customers.read',
    'customers.read_all',
    'products.read',
    'receivables.read',
    'receivables.write',
    'writeoff.approve',
    'credit.manage',
    'reports.read',
  ],
  sales_manager: [
    'settings.read',
    'audit.read',
    'customers.read',
    'customers.read_all',
    'customers.write',
    'products.read',
    'prices.write',
    'price.approve_below_floor',
    'orders.write',
    'credit.override',
    'receivables.read',
    'targets.manage',
    'commissions.manage',
    'activities.write',
    'reports.read',
  ],
  sales_rep: ['settings.read', 'customers.read', 'customers.write', 'products.read', 'orders.write', 'activities.write'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(permission));
}
