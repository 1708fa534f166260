import { z } from 'zod';
import { id, isoDate, isoTimestamp, text } from './common';

export const auditEntrySchema = z.object({
  id,
  at: isoTimestamp,
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListInput = z.strictObject({
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
  from: isoDate.optional(),
  to: isoDate.optional(),
  action: text(64).optional(),
  entity: text(64).optional(),
  actor: text(64).optional(),
  search: text(200).optional(),
});

export const auditVerifyOutput = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** First row whose stored hash does not match its recomputed hash or its predecessor's. */
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
});
