/**
 * The API contract: zod schemas for every request and response body (ZSchema naming; `T…` types are inferred).
 * Routes use them for validation and the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { ROLES } from '../access/roles.ts';
import { ZListSort } from './list-query.ts';

export const ZDivisionCode = z.string().regex(/^\d{12}$/, '12-digit division code');

export const ZJurisdiction = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
});
export type TJurisdiction = z.infer<typeof ZJurisdiction>;

export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  jurisdiction: ZJurisdiction,
  personId: z.string().nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSession = z.object({ user: ZMe, csrfToken: z.string() });

export const ZLoginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();

export const ZPasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(256),
  })
  .strict();

export const ZHealth = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

export const ZError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const ZPersonListItem = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  marks: z.array(z.string()),
});

export const ZPersonDetail = ZPersonListItem.extend({
  householdId: z.string().nullable(),
  relationship: z.string().nullable(),
  education: z.string().nullable(),
  employmentStatus: z.string(),
  laborCapacity: z.string(),
  intention: z.string().nullable(),
  address: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZPersonQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    q: z.string().max(64).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .extend(ZListSort(['name', 'birthDate', 'updatedAt'], { sort: 'name', order: 'asc' }).shape)
  .strict();

export const ZRevealBody = z
  .object({ reason: z.string().trim().min(2, 'reason: at least 2 characters').max(200) })
  .strict();

export const ZOffice = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  jurisdictionCode: z.string(),
  address: z.string(),
  phone: z.string(),
});

export const ZDashboard = z.object({
  jurisdiction: ZJurisdiction,
  counts: z.object({
    persons: z.number(),
    households: z.number(),
    activeRegistrations: z.number(),
    offices: z.number(),
    users: z.number(),
  }),
  marks: z.record(z.string(), z.number()),
});

export const ZAuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  jurisdictionCode: z.string().nullable(),
  ip: z.string().nullable(),
  reason: z.string().nullable(),
  outcome: z.string(),
  detail: z.unknown(),
});

export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;

export const ZAuditQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    action: z.string().max(100).optional(),
    username: z.string().max(64).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    resourceId: z.string().max(64).optional(),
  })
  .extend(ZListSort(['at'], { sort: 'at', order: 'desc' }).shape)
  .strict();

export const ZUuidParam = z.object({ id: z.uuid() }).strict();
export const ZCodeParam = z.object({ code: ZDivisionCode }).strict();
