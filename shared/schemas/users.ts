import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../permissions';
import { id, isoTimestamp, requiredText, text } from './common';

export const roleSchema = z.enum(ROLES);
export const username = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
/** Length is the rule that matters (NIST 800-63B); 8–128 characters, anything printable. */
export const password = z.string().min(8, 'at least 8 characters').max(128);

export const userSchema = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  active: z.boolean(),
  lastLoginAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  token: z.string(),
  expiresAt: isoTimestamp,
  user: userSchema,
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type Session = z.infer<typeof sessionSchema>;

export const createUserInput = z.strictObject({
  username,
  displayName: requiredText(50),
  roles: z.array(roleSchema).min(1).max(ROLES.length),
  password,
});
export const updateUserInput = z.strictObject({
  id,
  displayName: requiredText(50).optional(),
  roles: z.array(roleSchema).min(1).max(ROLES.length).optional(),
  active: z.boolean().optional(),
});
export const resetPasswordInput = z.strictObject({ id, password });
export const loginInput = z.strictObject({ username: text(64, 1), password: z.string().min(1).max(128) });
export const changePasswordInput = z.strictObject({ current: z.string().min(1).max(128), next: password });
