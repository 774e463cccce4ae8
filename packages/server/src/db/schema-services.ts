/**
 * Daily service work (issue 5): service records, job postings, the continuously computed service state per
 * registrant with its change log, caseworker reminders and job runs.
 *
 * Person-centred tables carry `person_id` in every primary and unique key (Citus co-location). The state table is
 * designed for 1,000,000 registrants: one narrow row per person, indexed by jurisdiction prefix, so worklists and
 * compliance summaries read precomputed values instead of evaluating rules at request time.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode, jurisdictionIndex, personKey, updatedAt } from './columns.ts';

/**
 * Service records (服务记录, R8.3 有迹可循). Append-only: a correction is a new row with `supersedes_id` and a reason;
 * a row is countable when it is not voided and no later row supersedes it.
 */
export const serviceRecords = pgTable(
  'service_records',
  {
    ...personKey(),
    /** CODES.md service type (plus `assistance_plan`). */
    type: text('type').notNull(),
    channel: text('channel').notNull(),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    /** The person's residence division when recorded: the scoping key. */
    jurisdictionCode: jurisdictionCode(),
    registrationId: uuid('registration_id'),
    workerId: uuid('worker_id'),
    workerName: text('worker_name').notNull(),
    officeId: uuid('office_id'),
    content: text('content').notNull().default(''),
    /** Job recommendation: the posting (a row of job_postings) or a free-text description of an outside posting. */
    postingId: uuid('posting_id'),
    postingText: text('posting_text'),
    /** `pending` | `interviewed` | `hired` | `declined` (job recommendations) — other outcomes as free text. */
    result: text('result'),
    resultReason: text('result_reason'),
    outcome: text('outcome'),
    /** `[{name, mediaType, size, sha256?}]`: metadata only; the files live in the document store. */
    attachments: jsonb('attachments').$type<{ id?: string | undefined; name: string; mediaType: string; size: number; sha256?: string | undefined }[]>().notNull().default(sql`'[]'::jsonb`),
    idempotencyKey: text('idempotency_key'),
    supersedesId: uuid('supersedes_id'),
    correctionReason: text('correction_reason'),
    /** A correction that withdraws the superseded record (recorded by mistake): neither counts. */
    voided: boolean('voided').notNull().default(false),
    /** Set by bulk actions: the same service for many people in one go. */
    batchId: uuid('batch_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('service_records_idempotency_uq').on(t.personId, t.idempotencyKey).where(sql`idempotency_key IS NOT NULL`),
    // One correction per record: a second concurrent correction of the same row fails instead of forking history.
    uniqueIndex('service_records_supersedes_uq').on(t.personId, t.supersedesId).where(sql`supersedes_id IS NOT NULL`),
    index('service_records_person_served_idx').on(t.personId, t.servedOn),
  ],
);

/** Job postings (岗位) that a job recommendation refers to. R9 grows this into the posting register. */
export const jobPostings = pgTable(
  'job_postings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    employerName: text('employer_name').notNull(),
    jurisdictionCode: jurisdictionCode(),
    address: text('address'),
    open: boolean('open').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    // The posting register (issue 13): rows added before it carry the defaults (published, one opening).
    employerId: uuid('employer_id'),
    occupationCode: varchar('occupation_code', { length: 10 }),
    description: text('description').notNull().default(''),
    openings: integer('openings').notNull().default(1),
    filled: integer('filled').notNull().default(0),
    payMin: integer('pay_min'),
    payMax: integer('pay_max'),
    /** `full_time` | `part_time` | `flexible`. */
    hours: text('hours').notNull().default('full_time'),
    education: text('education'),
    experienceYears: integer('experience_years'),
    skills: jsonb('skills').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    gig: boolean('gig').notNull().default(false),
    internship: boolean('internship').notNull().default(false),
    ageFriendly: boolean('age_friendly').notNull().default(false),
    disabilitySuitable: boolean('disability_suitable').notNull().default(false),
    ageJustification: text('age_justification'),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    /** draft → in_review → published → filled / expired / withdrawn. */
    state: text('state').notNull().default('published'),
    /** The last review: `{findings: [...], by, at, decision}`. */
    review: jsonb('review'),
    updatedAt: updatedAt(),
  },
  (t) => [
    jurisdictionIndex('job_postings_jurisdiction_idx', t.jurisdictionCode),
    index('job_postings_employer_idx').on(t.employerId),
    index('job_postings_published_idx').on(t.jurisdictionCode.op('text_pattern_ops')).where(sql`state = 'published'`),
    index('job_postings_occupation_idx').on(t.occupationCode.op('text_pattern_ops')).where(sql`state = 'published'`),
  ],
);

/**
 * Current service state of every active unemployment registrant, computed only by the rules package
 * (`evaluateSnapshot`, `evaluateClassification`): tier, level, class, obligation counts and masks (bit i =
 * `compiledRuleIds(pack)[i]`), follow-up rhythm and next due date, first contact, stale-file flag (R7.5).
 * Rows are rewritten only when a value changes, so the nightly run writes the day's changes, not every row.
 */
export const personServiceState = pgTable(
  'person_service_state',
  {
    personId: uuid('person_id').primaryKey(),
    registrationId: uuid('registration_id').notNull(),
    jurisdictionCode: jurisdictionCode(),
    caseworkerId: uuid('caseworker_id'),
    packRef: text('pack_ref').notNull(),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    tier: text('tier').notNull(),
    tierSince: date('tier_since', { mode: 'string' }).notNull(),
    tierNextChange: date('tier_next_change', { mode: 'string' }),
    level: text('level').notNull(),
    /** Classification package key (NM24 二(二), XC23 三(二)2, CQ25 三), e.g. `employment`. */
    class: text('class'),
    obligationsApplicable: smallint('obligations_applicable').notNull(),
    obligationsMet: smallint('obligations_met').notNull(),
    obligationsUnmet: smallint('obligations_unmet').notNull(),
    obligationsOverdue: smallint('obligations_overdue').notNull(),
    unmetMask: integer('unmet_mask').notNull(),
    overdueMask: integer('overdue_mask').notNull(),
    /** Earliest due date of an obligation not yet met (null: none, or open-ended). */
    obligationsDueBy: date('obligations_due_by', { mode: 'string' }),
    followUpMonths: smallint('follow_up_months').notNull(),
    followUpDue: date('follow_up_due', { mode: 'string' }),
    followUpOverdue: boolean('follow_up_overdue').notNull(),
    lastContact: date('last_contact', { mode: 'string' }),
    firstContactDeadline: date('first_contact_deadline', { mode: 'string' }),
    /** The registration's recorded first contact, else the first service on or after the registration day. */
    firstContactOn: date('first_contact_on', { mode: 'string' }),
    /** Long-term registrant whose file facts (four clears) are missing or older than the staleness age (R7.5). */
    stale: boolean('stale').notNull(),
    fileVerifiedOn: date('file_verified_on', { mode: 'string' }),
    servicesCount: integer('services_count').notNull(),
    lastServiceOn: date('last_service_on', { mode: 'string' }),
    calendarGaps: smallint('calendar_gaps').notNull().default(0),
    /** The "as of" day of the evaluation that last changed this row. */
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    jurisdictionIndex('person_service_state_jurisdiction_idx', t.jurisdictionCode),
    index('person_service_state_caseworker_idx').on(t.caseworkerId),
  ],
);

/**
 * Per-person service aggregate, kept up to date on insert by a statement-level trigger on `service_records` (in
 * the inserting transaction; also for COPY and bulk inserts): every countable record — not voided, not superseded
 * — packed as `epochDay * 32 + typeIndex` (`bangfu_service_code`, the order of `SERVICE_TYPES`). A correction
 * removes the superseded record's value and adds its own unless it voids; a person merge folds the merged-away
 * file's values into the survivor's (trigger on `persons.merged_into`). The nightly job and the per-person
 * recomputation read this one row per registrant instead of aggregating the service records.
 */
export const personServiceSummary = pgTable('person_service_summary', {
  personId: uuid('person_id').primaryKey(),
  services: integer('services').array().notNull().default(sql`'{}'::int[]`),
  updatedAt: updatedAt(),
});

/**
 * The caseworker worklist, materialised: at most one item per registrant and kind (`first_contact`, `obligation` —
 * every unmet obligation rule of the person in one item —, `follow_up`, `stale_file`, `tier_change`), written with
 * the service state whenever it changes (per-person recomputation in the changing transaction, and the nightly
 * job). Items are a function of the state row only; what depends on the day is stored as dates and compared at read
 * time: shown while `visible_from <= today <= visible_until`, overdue from `overdue_from`. A request is one indexed
 * range read of the jurisdiction prefix.
 */
export const worklistItems = pgTable(
  'worklist_items',
  {
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    jurisdictionCode: jurisdictionCode(),
    caseworkerId: uuid('caseworker_id'),
    /** Deadline (null: open-ended, e.g. a Level II plan); an obligation item has its earliest rule deadline. */
    dueOn: date('due_on', { mode: 'string' }),
    /** First day the item counts as overdue (null: never). */
    overdueFrom: date('overdue_from', { mode: 'string' }),
    visibleFrom: date('visible_from', { mode: 'string' }).notNull(),
    /** Last day on the worklist (a tier change: 30 days); null until resolved. */
    visibleUntil: date('visible_until', { mode: 'string' }),
    /** The pre-filled action. */
    serviceType: text('service_type').notNull(),
    channel: text('channel').notNull(),
    /** The item's (earliest) rule id. */
    rule: text('rule'),
    packRef: text('pack_ref').notNull(),
    /** Obligation items: the unmet rules (bit i = `compiledRuleIds(pack)[i]`) and their deadlines in bit order. */
    ruleMask: integer('rule_mask').notNull().default(0),
    ruleDues: date('rule_dues', { mode: 'string' }).array(),
    /** Tier change: the new tier; stale file: the last verification day. */
    detail: text('detail'),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.kind] }),
    // A community's page of one kind is an index range in (due date, person) order; larger areas scan the prefix.
    index('worklist_items_scope_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.kind, t.dueOn, t.personId),
  ],
);

/** What changed in a registrant's service state and when ("moved to long-term on 2026-03-02; now requires …"). */
export const serviceStateChanges = pgTable(
  'service_state_changes',
  {
    ...personKey(),
    /** The day the change took effect (e.g. the first day of the new tier). */
    on: date('on', { mode: 'string' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** `tier` | `level` | `class` | `obligations` | `follow_up` | `stale` | `ended`. */
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    textZh: text('text_zh').notNull(),
    textEn: text('text_en').notNull(),
    /** `service:<id>` (recomputed after a service record) or `job:<run id>` (nightly). */
    cause: text('cause'),
    jurisdictionCode: jurisdictionCode(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('service_state_changes_person_on_idx').on(t.personId, t.on)],
);

/** In-app reminders for caseworkers when a worklist item becomes due; one per person and item key. */
export const serviceReminders = pgTable(
  'service_reminders',
  {
    ...personKey(),
    /** The caseworker to remind; null → every caseworker of the jurisdiction. */
    userId: uuid('user_id'),
    jurisdictionCode: jurisdictionCode(),
    kind: text('kind').notNull(),
    /** `<kind>:<due date>[:<rule>]`: the same due item never reminds twice. */
    key: text('key').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    textZh: text('text_zh').notNull(),
    textEn: text('text_en').notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('service_reminders_key_uq').on(t.personId, t.key),
    jurisdictionIndex('service_reminders_jurisdiction_idx', t.jurisdictionCode).where(sql`read_at IS NULL`),
  ],
);

/** Runs of scheduled jobs with their progress (percent, rows, ETA), for operators and the bench. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    job: text('job').notNull(),
    /** `cron` | `manual` | `in-process`. */
    trigger: text('trigger').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** `running` | `done` | `failed`. */
    state: text('state').notNull(),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    percent: real('percent').notNull().default(0),
    etaSeconds: real('eta_seconds'),
    stats: jsonb('stats').notNull().default(sql`'{}'::jsonb`),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('job_runs_job_started_idx').on(t.job, t.startedAt)],
);
