/**
 * Data comparison (信息比对, R7): partner files, their runs, rejected rows, saved header mappings and findings.
 *
 * - `comparison_runs`: one row per partner file (identified by its SHA-256 within dataset kind and the uploader's
 *   jurisdiction; failed and cancelled runs are left out of the unique index so the same file can be tried again),
 *   or per registry-only check (stale files). Progress, counts and timings are persisted as the run goes, so the
 *   console and CLI can show them and a restart can pick the run up.
 * - `comparison_rejected_rows`: rows that failed validation, with every reason (zh-CN and English). Cells are
 *   stored encrypted (`row_enc`): they hold ID numbers.
 * - `comparison_mappings`: a partner's own header names for each canonical field, saved per jurisdiction, partner
 *   and kind (a jurisdiction's mapping serves its subtree; one jurisdiction never overwrites another's).
 * - `comparison_findings`: worklist items for caseworkers. Person-centred: `person_id` is in the primary key and in
 *   the unique key (person_id, dataset_kind, rule, evidence_key), which is what makes re-runs and resumed runs
 *   idempotent (`INSERT … ON CONFLICT DO NOTHING`). A person not (yet) in the registry gets a deterministic
 *   pseudo person id derived from the blind index of the ID number (`person_known = false`).
 *
 * Runs, rejected rows and mappings are coordinator tables under Citus; findings are distributed by person_id.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

export interface RunError {
  code: string;
  zh: string;
  en: string;
}

export const comparisonRuns = pgTable(
  'comparison_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** CODES.md dataset kind, or `registry` for registry-only checks (stale files). */
    datasetKind: text('dataset_kind').notNull(),
    /** Partner department label (e.g. `人社局社保中心`), the key of its saved header mapping. */
    partner: text('partner').notNull(),
    fileName: text('file_name'),
    /** `csv` | `xlsx` | null (registry check). */
    format: text('format'),
    /** `utf-8` | `gbk` for CSV. */
    encoding: text('encoding'),
    contentSha256: text('content_sha256'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    /** Where the server keeps the file for the run (encrypted `.enc` when the server owns it; deleted when the run ends). */
    filePath: text('file_path'),
    /** `queued` → `running` → `done` | `failed` | `cancelled`. */
    state: text('state').notNull(),
    /** `hash` | `read` | `validate` | `registry` | `match` | `findings` | `done`. */
    phase: text('phase'),
    /** 0–1 of the current run. */
    progress: jsonb('progress').$type<{ fraction: number; rowsRead: number; etaSeconds: number | null }>(),
    headers: jsonb('headers').$type<string[]>(),
    /** Canonical field → header text used for this run. */
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    /** Options of registry checks, e.g. `{months: 6}`. */
    options: jsonb('options').$type<Record<string, unknown>>(),
    rowsRead: bigint('rows_read', { mode: 'number' }).notNull().default(0),
    rowsValid: bigint('rows_valid', { mode: 'number' }).notNull().default(0),
    rowsRejected: bigint('rows_rejected', { mode: 'number' }).notNull().default(0),
    registrants: integer('registrants').notNull().default(0),
    matches: bigint('matches', { mode: 'number' }).notNull().default(0),
    findingsCreated: integer('findings_created').notNull().default(0),
    /** Seconds per phase of the last attempt. */
    timings: jsonb('timings').$type<Record<string, number>>(),
    attempts: integer('attempts').notNull().default(0),
    error: jsonb('error').$type<RunError>(),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** The uploader's jurisdiction: only persons in its subtree are compared; visible in ancestors' scopes. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    /** When the current attempt was claimed (a resumed run: when the restarted server took it up). */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('comparison_runs_content_uq')
      .on(t.contentSha256, t.datasetKind, t.jurisdictionCode)
      .where(sql`state NOT IN ('failed', 'cancelled') AND content_sha256 IS NOT NULL`),
    index('comparison_runs_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.createdAt),
    index('comparison_runs_active_idx').on(t.state).where(sql`state IN ('queued', 'running')`),
  ],
);

export const comparisonRejectedRows = pgTable(
  'comparison_rejected_rows',
  {
    runId: uuid('run_id').notNull(),
    /** Line number in the file (the header is line 1). */
    rowNo: bigint('row_no', { mode: 'number' }).notNull(),
    /** `[{field, code, zh, en}]`. */
    reasons: jsonb('reasons').$type<{ field: string; code: string; zh: string; en: string }[]>().notNull(),
    idMasked: text('id_masked'),
    /** JSON array of the row's mapped cells, encrypted. */
    rowEnc: text('row_enc'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.rowNo] })],
);

export const comparisonMappings = pgTable(
  'comparison_mappings',
  {
    /** Whose mapping: saved for the saver's jurisdiction, used in its subtree (the nearest one on the path wins). */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull().default('000000000000'),
    partner: text('partner').notNull(),
    datasetKind: text('dataset_kind').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.partner, t.datasetKind] })],
);

export const comparisonFindings = pgTable(
  'comparison_findings',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    runId: uuid('run_id').notNull(),
    /** `verification` | `discovery` | `referral` | `stale`. */
    category: text('category').notNull(),
    datasetKind: text('dataset_kind').notNull(),
    rule: text('rule').notNull(),
    evidenceKey: text('evidence_key').notNull(),
    /** `{type, …}`: deregister (reason, on, source), employment_registration, review, referral, update_file. */
    proposedAction: jsonb('proposed_action').$type<Record<string, unknown>>().notNull(),
    /** The partner rows (or registry facts) that support the finding. */
    evidence: jsonb('evidence').$type<Record<string, unknown>[]>().notNull(),
    /** Criteria met (discovery) with their sources, from the rules package. */
    criteria: jsonb('criteria').$type<Record<string, unknown>[]>(),
    /** `pending` | `applying` | `confirmed` | `dismissed`. */
    state: text('state').notNull().default('pending'),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    registrationId: uuid('registration_id'),
    personKnown: boolean('person_known').notNull().default(true),
    /** For persons not in the registry: name, masked and encrypted ID number, blind index. */
    subject: jsonb('subject').$type<Record<string, string | null>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    dismissReason: text('dismiss_reason'),
    /** What confirming did (registration/employment ids). */
    applied: jsonb('applied').$type<Record<string, unknown>>(),
    /** When the rule fired on data as of this date (e.g. the registration's start). */
    asOf: date('as_of', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('comparison_findings_key_uq').on(t.personId, t.datasetKind, t.rule, t.evidenceKey),
    index('comparison_findings_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.state),
    index('comparison_findings_run_idx').on(t.runId),
    index('comparison_findings_id_idx').on(t.id),
  ],
);
