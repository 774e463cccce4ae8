/**
 * Employers, the occupational classification, job-seeking preferences and job recommendations followed to their
 * result (issue 13; R9.2, R9.3). Job postings themselves are the `job_postings` table of schema-services.ts, grown
 * into the posting register.
 *
 * Person-centred tables (`person_job_preferences`, `job_recommendations`) carry `person_id` in every primary key
 * (Citus co-location); `employers` and `occupations` are reference tables.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** 用人单位: identified by the unified social credit code (GB 32100-2015, check character verified on entry). */
export const employers = pgTable(
  'employers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: varchar('credit_code', { length: 18 }).notNull(),
    name: text('name').notNull(),
    industry: text('industry').notNull(),
    /** `micro` | `small` | `medium` | `large`. */
    size: text('size').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    address: text('address').notNull(),
    /** `[{name, phone, role?}]`. */
    contacts: jsonb('contacts').$type<{ name: string; phone: string; role?: string | undefined }[]>().notNull().default(sql`'[]'::jsonb`),
    /** 重点企业 (NM22 三(十)), 就业见习单位, 就业基地 for key groups. */
    keyEnterprise: boolean('key_enterprise').notNull().default(false),
    internshipUnit: boolean('internship_unit').notNull().default(false),
    employmentBase: boolean('employment_base').notNull().default(false),
    /** 人社服务专员 assigned to a key enterprise. */
    serviceOfficer: text('service_officer'),
    /** `active`, or `pending` after a self sign-up until an operator activates it. */
    state: text('state').notNull().default('active'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('employers_credit_code_uq').on(t.creditCode), index('employers_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops'))],
);

/** An employer-role user and the employer it acts for (one employer per account). */
export const employerAccounts = pgTable('employer_accounts', {
  userId: uuid('user_id').primaryKey(),
  employerId: uuid('employer_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 职业分类大典 (2022): the shipped subset, or the full list an operator imported. */
export const occupations = pgTable('occupations', {
  code: varchar('code', { length: 10 }).primaryKey(),
  level: smallint('level').notNull(),
  name: text('name').notNull(),
  aliases: text('aliases').notNull().default(''),
});

/** What a person looks for (求职意向): occupations, least pay, hours, experience — the matching's person facts. */
export const personJobPreferences = pgTable('person_job_preferences', {
  personId: uuid('person_id').primaryKey(),
  occupationCodes: jsonb('occupation_codes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  pastOccupationCodes: jsonb('past_occupation_codes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  payMin: integer('pay_min'),
  hours: jsonb('hours').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  experienceYears: integer('experience_years'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A posting recommended to a person, followed to its result: recommended → interested / declined (why) → referred →
 * interviewed → hired / not hired (why). The recommendation itself is a `job_recommendation` service record
 * (`service_record_id`), so the person's obligations count it.
 */
export const jobRecommendations = pgTable(
  'job_recommendations',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    postingId: uuid('posting_id').notNull(),
    employerId: uuid('employer_id'),
    serviceRecordId: uuid('service_record_id'),
    /** The person's residence division when recommended: the scoping key. */
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    state: text('state').notNull().default('recommended'),
    reason: text('reason'),
    /** Match score (0–100) when recommended, and its factors. */
    score: real('score'),
    factors: jsonb('factors').notNull().default(sql`'[]'::jsonb`),
    /** `[{state, on, at, by, role, reason?}]`, oldest first. */
    history: jsonb('history').$type<{ state: string; at: string; by: string; role: string; reason?: string | undefined }[]>().notNull().default(sql`'[]'::jsonb`),
    employmentId: uuid('employment_id'),
    recommendedBy: uuid('recommended_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    // One open recommendation of a posting per person.
    uniqueIndex('job_recommendations_person_posting_uq').on(t.personId, t.postingId),
    index('job_recommendations_id_idx').on(t.id),
    index('job_recommendations_posting_idx').on(t.postingId),
    index('job_recommendations_employer_idx').on(t.employerId),
    index('job_recommendations_jurisdiction_idx').on(t.jurisdictionCode.op('text_pattern_ops')),
  ],
);
