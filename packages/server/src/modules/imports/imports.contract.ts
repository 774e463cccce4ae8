/** Contract of the bulk-import slice (zod → validation and the OpenAPI document). */
import { z } from 'zod';

export const ZImportKind = z.enum(['persons', 'registrations']);

export const ZJobParams = z.object({ id: z.uuid() }).strict();

export const ZTemplateParams = z
  .object({ file: z.string().regex(/^(persons|registrations)\.(xlsx|csv)$/, 'persons.xlsx, persons.csv, registrations.xlsx or registrations.csv') })
  .strict();

export const ZUploadQuery = z
  .object({
    kind: ZImportKind.optional(),
    /** File name for raw uploads (`application/octet-stream`); multipart uploads carry their own. */
    filename: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const ZPageQuery = z
  .object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50) })
  .strict();

export const ZMappingBody = z
  .object({
    /** Field → 0-based column index, or null to unmap. */
    mapping: z.record(z.string(), z.number().int().min(0).nullable()),
  })
  .strict();

export const ZJob = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  format: z.string(),
  encoding: z.string().nullable(),
  sizeBytes: z.number(),
  state: z.enum(['pending', 'queued', 'running', 'done', 'failed', 'cancelled']),
  createdAt: z.string(),
  createdBy: z.string(),
  jurisdictionCode: z.string(),
  headerRow: z.number(),
  headers: z.array(z.string()),
  mapping: z.array(
    z.object({ field: z.string(), label: z.string(), labelEn: z.string(), required: z.boolean(), column: z.number().nullable(), header: z.string().nullable() }),
  ),
  unmappedColumns: z.array(z.object({ index: z.number(), header: z.string() })),
  missingFields: z.array(z.string()),
  progress: z.object({
    total: z.number().nullable(),
    processed: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    createdPersons: z.number(),
    updatedPersons: z.number(),
    unchanged: z.number(),
    createdRegistrations: z.number(),
    percent: z.number().nullable(),
    rowsPerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.string().nullable(),
  runStartedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Issue 11: the rejected-rows report is kept until `reportKeptUntil`, then deleted (`reportPurgedAt`). */
  retention: z.object({ reportKeptUntil: z.string().nullable(), reportPurgedAt: z.string().nullable() }),
});
export type TJob = z.infer<typeof ZJob>;

export const ZUploadAnswer = z.object({ job: ZJob, existing: z.boolean() });

export const ZRejectionPage = z.object({
  items: z.array(
    z.object({
      row: z.number(),
      label: z.string().nullable(),
      issues: z.array(z.object({ column: z.string().nullable(), field: z.string().nullable(), message: z.string(), messageZh: z.string(), messageEn: z.string() })),
    }),
  ),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
