/**
 * Policies, subsidies and training (issue 14). Policies themselves are rules-package data (`PolicyCatalogue`); the
 * database holds what happened: pushes to candidates (once per person and policy version), subsidy applications
 * with maker–checker review, payment batches (paid once), and training providers, programmes and enrolments.
 *
 * Person-centred tables carry `person_id` in every primary and unique key (Citus co-location).
 */
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** One push of one policy version to one person (点对点推送): never twice for the same person and version. */
export const policyPushes = pgTable(
  'policy_pushes',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    policyId: text('policy_id').notNull(),
    policyVersion: text('policy_version').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    notificationId: uuid('notification_id'),
    /** The `policy_briefing` service record, when the person has a registration to count it under. */
    serviceRecordId: uuid('service_record_id'),
    pushedBy: uuid('pushed_by'),
    /** The application clock's day of the push. */
    pushedOn: date('pushed_on', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('policy_pushes_once_uq').on(t.personId, t.policyId, t.policyVersion),
    index('policy_pushes_policy_idx').on(t.policyId, t.policyVersion),
  ],
);

/**
 * A subsidy application. States: `submitted` → `reviewed` (the maker proposes approve/reject with the amount) →
 * `approved` | `rejected` (a different user, the checker, confirms) → `paid` (its payment batch marked paid). A
 * checker who disagrees sends it back to `submitted`. One live application per beneficiary, policy and period.
 */
export const subsidyApplications = pgTable(
  'subsidy_applications',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    applicationNo: text('application_no').notNull(),
    policyId: text('policy_id').notNull(),
    policyVersion: text('policy_version').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    /** `person` | `employer` (then `employer_code` is set: the payee is the employer). */
    beneficiary: text('beneficiary').notNull(),
    employerCode: text('employer_code'),
    employerName: text('employer_name'),
    /** Who is paid: the person id, or `employer:<code>:<person id>`; with policy and period the duplicate key. */
    beneficiaryKey: text('beneficiary_key').notNull(),
    periodKey: text('period_key').notNull(),
    /** `citizen` | `employer` | `operator` (from the 免申即享 candidate list) | `caseworker`. */
    channel: text('channel').notNull(),
    state: text('state').notNull(),
    claim: jsonb('claim').notNull().default({}),
    /** The eligibility evaluation when submitted: `{verdict, missingFacts, failed, explanation}`. */
    evaluation: jsonb('evaluation').notNull(),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    amountExplanation: jsonb('amount_explanation'),
    proposal: jsonb('proposal'),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    batchId: uuid('batch_id'),
    paidOn: date('paid_on', { mode: 'string' }),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('subsidy_applications_no_uq').on(t.personId, t.applicationNo),
    // Pay once: one live application per beneficiary, policy and period (a concurrent duplicate fails here).
    uniqueIndex('subsidy_applications_once_uq').on(t.beneficiaryKey, t.policyId, t.periodKey).where(sql`state <> 'rejected'`),
    index('subsidy_applications_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops')),
    index('subsidy_applications_state_idx').on(t.state),
    index('subsidy_applications_batch_idx').on(t.batchId),
  ],
);

/** A payment batch (bank file): `exported` → `paid`. The idempotency key makes a re-run return the same batch. */
export const paymentBatches = pgTable(
  'payment_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchNo: text('batch_no').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    policyId: text('policy_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    state: text('state').notNull(),
    itemCount: integer('item_count').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    paidOn: date('paid_on', { mode: 'string' }),
    paidBy: uuid('paid_by'),
  },
  (t) => [uniqueIndex('payment_batches_key_uq').on(t.idempotencyKey), uniqueIndex('payment_batches_no_uq').on(t.batchNo), index('payment_batches_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'))],
);

/** A designated training provider (定点培训机构). */
export const trainingProviders = pgTable(
  'training_providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('training_providers_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'))],
);

/** A training programme of the published list (XC23 四(三)): occupation, level, dates, place, seats. */
export const trainingProgrammes = pgTable(
  'training_programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    title: text('title').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    place: text('place').notNull(),
    seats: integer('seats').notNull(),
    enrolled: integer('enrolled').notNull().default(0),
    subsidyEligible: integer('subsidy_eligible').notNull().default(1),
    status: text('status').notNull().default('published'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('training_programmes_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'))],
);

/** A person's enrolment: `enrolled` → `completed` (with certificate) | `dropped`. Counted as `training_recommendation` (培训机会). */
export const trainingEnrolments = pgTable(
  'training_enrolments',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    programmeId: uuid('programme_id').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    state: text('state').notNull(),
    enrolledOn: date('enrolled_on', { mode: 'string' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    certificateNo: text('certificate_no'),
    serviceRecordId: uuid('service_record_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), uniqueIndex('training_enrolments_once_uq').on(t.personId, t.programmeId), index('training_enrolments_programme_idx').on(t.programmeId)],
);
