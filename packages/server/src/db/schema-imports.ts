/**
 * Bulk import (批量导入) of persons and registrations from Excel/CSV files.
 *
 * - `import_jobs`: one row per uploaded file; a file is identified by its SHA-256 within the uploader's
 *   jurisdiction and kind, so a re-upload returns the existing job (a partial unique index leaves failed and
 *   cancelled jobs out, so the same file can be tried again). `processed_rows` is the resume point: it is
 *   updated in the same transaction as the rows it counts, so a restart continues exactly after the last
 *   committed batch.
 * - `import_file_chunks`: the uploaded bytes (1 MiB chunks, each encrypted with the field key) kept in the
 *   database while the job may still run, so processing can resume after a restart on any server and nothing
 *   depends on a local disk. Deleted when the job ends (done, failed, cancelled) and by the retention purge.
 * - `import_rejections`: rejected rows with their reasons (zh-CN and English). The original cells are stored
 *   encrypted (`row_enc`, they contain ID numbers); `label` is the name with the masked ID number for lists.
 *
 * Coordinator tables under Citus (not person-centred: a job spans many persons).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode } from './columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `persons` | `registrations`. */
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    /** `csv` | `xlsx`. */
    format: text('format').notNull(),
    contentSha256: text('content_sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** CSV only: `utf-8` | `gbk`, detected from a sample of the file. */
    encoding: text('encoding'),
    /** `pending` (mapping to confirm) → `queued` → `running` → `done` | `failed` | `cancelled`. */
    state: text('state').notNull(),
    /** Header cells of the file, in order. */
    headers: jsonb('headers').$type<string[]>().notNull(),
    /** Row number of the header (ledgers often carry a title row above it); data starts below. */
    headerRow: integer('header_row').notNull().default(1),
    /** Field → 0-based column index (detected from the headers, then possibly corrected by the user). */
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull(),
    /** Data rows (without the header); known after the scan that starts processing. */
    totalRows: integer('total_rows'),
    /** Data rows handled and committed so far: the resume point. */
    processedRows: integer('processed_rows').notNull().default(0),
    acceptedRows: integer('accepted_rows').notNull().default(0),
    rejectedRows: integer('rejected_rows').notNull().default(0),
    createdPersons: integer('created_persons').notNull().default(0),
    updatedPersons: integer('updated_persons').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    createdRegistrations: integer('created_registrations').notNull().default(0),
    /** `{code, zh, en}` of a job failure (unreadable file, missing column…). */
    error: jsonb('error').$type<{ code: string; zh: string; en: string }>(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    /** The uploader's jurisdiction: rows outside it are rejected; the job is visible in its ancestors' scopes. */
    jurisdictionCode: jurisdictionCode(),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Speed of the current run: when it started and at which row (rows/s and ETA exclude earlier runs). */
    runStartedAt: timestamp('run_started_at', { withTimezone: true }),
    runStartedRow: integer('run_started_row'),
    /** Which server process works on the job, and until when its claim holds (renewed after every batch). */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** When the retention purge deleted the rejected rows (the report can no longer be downloaded). */
    reportPurgedAt: timestamp('report_purged_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('import_jobs_content_uq')
      .on(t.contentSha256, t.kind, t.jurisdictionCode)
      .where(sql`state NOT IN ('failed', 'cancelled')`),
    index('import_jobs_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.createdAt),
    index('import_jobs_active_idx').on(t.state).where(sql`state IN ('queued', 'running')`),
  ],
);

export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    jobId: uuid('job_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    /** `data` is `FieldCipher.encryptBytes` output; false only for chunks stored before issue 11 (purged at start). */
    encrypted: boolean('encrypted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

export const importRejections = pgTable(
  'import_rejections',
  {
    jobId: uuid('job_id').notNull(),
    /** Row number as the spreadsheet shows it (the header is row 1). */
    rowNo: integer('row_no').notNull(),
    /** `[{column, field, zh, en}]`: every problem of the row. */
    issues: jsonb('issues').$type<{ column: string | null; field: string | null; zh: string; en: string }[]>().notNull(),
    /** Name and masked ID number, for the list in the console. */
    label: text('label'),
    /** The row's cells as uploaded, encrypted (JSON array of strings). */
    rowEnc: text('row_enc'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNo] })],
);
