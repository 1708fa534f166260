/** Foundation methods: company set-up, sign-in, users, settings, audit (issue #2). */
import { z } from 'zod';
import { auditEntrySchema, auditListInput, auditVerifyOutput } from '../schemas/audit';
import { empty, page, requiredText, text } from '../schemas/common';
import { CURRENCIES, settingsPatchSchema, settingsSchema } from '../schemas/settings';
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
} from '../schemas/users';
import { def } from './define';

export const systemStatusSchema = z.object({
  initialized: z.boolean(),
  companyName: z.string().nullable(),
  company: z.enum(['main', 'demo']),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  demoAvailable: z.boolean(),
  /** quick_check of the open file: large files are checked in the background after opening. */
  integrity: z.object({ state: z.enum(['ok', 'checking', 'failed']), detail: z.string() }),
});

export const setupInput = z.strictObject({
  companyName: requiredText(100),
  currency: z.enum(CURRENCIES),
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  adminUsername: username,
  adminDisplayName: requiredText(50),
  adminPassword: password,
});

export const foundationContract = {
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
};
