import type { z } from 'zod';
import type { Permission } from '../permissions';

/** 'public' needs no session; 'authenticated' needs any valid session; else a permission. */
export type Access = 'public' | 'authenticated' | Permission;

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** True when the method only reads; the generic contract test expects no row to change. */
  readOnly?: boolean;
}

export const def = <I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>) => d;
