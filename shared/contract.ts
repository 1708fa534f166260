/**
 * The one contract between renderer and main: every method's input and output schemas and the
 * permission the router demands. Main's handler table is typed against it, so a method without
 * a handler (or with a mistyped one) does not compile. Names are `domain.verb`.
 */
import { z } from 'zod';
import type { Permission } from './permissions';
import { empty, id, page, pageRequest, requiredText, text } from './schemas/common';
import { auditEntrySchema, auditListInput, auditVerifyOutput } from './schemas/audit';
import { customerRowSchema, dashboardSummarySchema } from './schemas/customers';
import { settingsPatchSchema, settingsSchema, CURRENCIES } from './schemas/settings';
import {
  changePasswordInput,
  createUserInput,
  loginInput,
  password,
  resetPasswordInput,
  sessionSchema,
  updateUserInput,
  userSchema,
  username,
} from './schemas/users';

/** 'public' needs no session; 'authenticated' needs any valid session; else a permission. */
export type Access = 'public' | 'authenticated' | Permission;

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** True when the method only reads; the generic contract test expects no row to change. */
  readOnly?: boolean;
}

const def = <I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>) => d;

export const systemStatusSchema = z.object({
  initialized: z.boolean(),
  companyName: z.string().nullable(),
  company: z.enum(['main', 'demo']),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  demoAvailable: z.boolean(),
});

export const setupInput = z.strictObject({
  companyName: requiredText(100),
  currency: z.enum(CURRENCIES),
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  adminUsername: username,
  adminDisplayName: requiredText(50),
  adminPassword: password,
});

export const contract = {
  'system.status': def({ input: empty, output: systemStatusSchema, access: 'public', readOnly: true }),
  'system.setup': def({ input: setupInput, output: sessionSchema, access: 'public' }),
  'system.switchCompany': def({
    input: z.strictObject({ company: z.enum(['main', 'demo']) }),
    output: systemStatusSchema,
    access: 'public',
  }),

  'auth.login': def({ input: loginInput, output: sessionSchema, access: 'public' }),
  'auth.logout': def({ input: empty, output: z.object({}), access: 'authenticated' }),
  'auth.me': def({ input: empty, output: sessionSchema.omit({ token: true }), access: 'authenticated', readOnly: true }),
  'auth.changePassword': def({ input: changePasswordInput, output: z.object({}), access: 'authenticated' }),

  'users.list': def({ input: empty, output: z.array(userSchema), access: 'users.manage', readOnly: true }),
  'users.create': def({ input: createUserInput, output: userSchema, access: 'users.manage' }),
  'users.update': def({ input: updateUserInput, output: userSchema, access: 'users.manage' }),
  'users.resetPassword': def({ input: resetPasswordInput, output: z.object({}), access: 'users.manage' }),

  'settings.get': def({ input: empty, output: settingsSchema, access: 'settings.read', readOnly: true }),
  'settings.update': def({
    input: z.strictObject({ patch: settingsPatchSchema, reason: text(500).optional() }),
    output: settingsSchema,
    access: 'settings.manage',
  }),

  'audit.list': def({ input: auditListInput, output: page(auditEntrySchema), access: 'audit.read', readOnly: true }),
  'audit.verify': def({ input: empty, output: auditVerifyOutput, access: 'audit.verify', readOnly: true }),

  'customers.list': def({ input: pageRequest, output: page(customerRowSchema), access: 'customers.read', readOnly: true }),
  'customers.get': def({ input: z.strictObject({ id }), output: customerRowSchema, access: 'customers.read', readOnly: true }),
  'dashboard.summary': def({ input: empty, output: dashboardSummarySchema, access: 'customers.read', readOnly: true }),
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const METHODS = Object.keys(contract) as Method[];
export const isMethod = (m: string): m is Method => Object.hasOwn(contract, m);
