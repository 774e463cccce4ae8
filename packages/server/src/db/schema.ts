/**
 * The one database schema (PostgreSQL dialect; runs unchanged on PGlite and PostgreSQL 15+).
 *
 * Scale-out (Citus): person-centred tables carry `person_id` in every primary and unique key so they can be
 * distributed by `person_id` and co-located; `divisions`, `offices`, `app_settings` are reference tables.
 * Scoping by jurisdiction uses 12-digit division-code prefixes (`LIKE '1501%'`), hence `text_pattern_ops` indexes.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode, jurisdictionIndex, personKey, updatedAt } from './columns.ts';


/** Statistical division codes (统计用区划代码), 12 digits, plus the national root `000000000000`. Reference table. */
export const divisions = pgTable(
  'divisions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
  },
  (t) => [index('divisions_parent_idx').on(t.parentCode)],
);

/** Public employment service offices (公共就业服务机构) at each level. Reference table. */
export const offices = pgTable(
  'offices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionCode: jurisdictionCode(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    createdAt: createdAt(),
  },
  (t) => [jurisdictionIndex('offices_jurisdiction_idx', t.jurisdictionCode)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    jurisdictionCode: jurisdictionCode(),
    officeId: uuid('office_id'),
    /** A citizen account is bound to its own person file. */
    personId: uuid('person_id'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Append-only audit trail (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: uuid('user_id'),
    username: text('username'),
    role: text('role'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }),
    ip: text('ip'),
    reason: text('reason'),
    /** `ok` | `denied` | `error` */
    outcome: text('outcome').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_resource_idx').on(t.resourceType, t.resourceId),
    jurisdictionIndex('audit_jurisdiction_idx', t.jurisdictionCode),
  ],
);

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionCode: jurisdictionCode(),
    address: text('address'),
    urban: boolean('urban').notNull().default(true),
    createdAt: createdAt(),
    /** Business or investment income (MOH 二(二) condition in some packs); null = not recorded. */
    businessIncome: boolean('business_income'),
    /** Last derived zero-employment status (`true` / `false` / `unknown`), cached for lists; history in periods. */
    zeroEmployment: text('zero_employment'),
    createdBy: uuid('created_by'),
    updatedAt: updatedAt(),
  },
  (t) => [jurisdictionIndex('households_jurisdiction_idx', t.jurisdictionCode)],
);

/**
 * When a household became a zero-employment household (零就业家庭) and when it was cleared (动态清零), each with
 * the event that triggered it and the rule pack in force. Open periods have `ended_at` null.
 */
export const householdZeroEmploymentPeriods = pgTable(
  'household_zero_employment_periods',
  {
    householdId: uuid('household_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    jurisdictionCode: jurisdictionCode(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** `{kind, personId?, actorId, username, pack}` of the change that made the household zero-employment. */
    startedBy: jsonb('started_by').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: jsonb('ended_by'),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.id] }),
    jurisdictionIndex('hzep_open_jurisdiction_idx', t.jurisdictionCode).where(sql`ended_at IS NULL`),
  ],
);

/**
 * One file per person (一人一档). Sensitive values are stored encrypted (`*_enc`, AES-256-GCM) with a keyed
 * blind index (`*_bidx`, HMAC-SHA-256) for exact search and a precomputed mask for lists.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Residence division (usually a village/community code): the scoping key. */
    jurisdictionCode: jurisdictionCode(),
    name: text('name').notNull(),
    /** Full pinyin without tones or spaces (zhangsanfeng) and initials (zsf), for search. */
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    documentType: text('document_type').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: text('id_number_bidx').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    phoneMasked: text('phone_masked'),
    householdId: uuid('household_id'),
    relationship: text('relationship'),
    hukouCode: varchar('hukou_code', { length: 12 }),
    address: text('address'),
    education: text('education'),
    employmentStatus: text('employment_status').notNull(),
    laborCapacity: text('labor_capacity').notNull().default('full'),
    intention: text('intention'),
    retirementCategory: text('retirement_category'),
    /** Disability grade 1–4, encrypted like the ID number (sensitive health fact). */
    disabilityGradeEnc: text('disability_grade_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Hidden after a recorded deletion request; never hard-deleted. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    /** Why the file is hidden: `deletion_request` or `merged`. */
    hiddenReason: text('hidden_reason'),
    /** Set when this file was merged into another (the survivor); the file stays, hidden. */
    mergedInto: uuid('merged_into'),
    hukouAddress: text('hukou_address'),
    /** Place of social insurance (参保地) and of employment (就业地): division code + address. */
    insuredCode: varchar('insured_code', { length: 12 }),
    insuredAddress: text('insured_address'),
    workplaceCode: varchar('workplace_code', { length: 12 }),
    workplaceAddress: text('workplace_address'),
    /** `[{name, level?}]`, `[{name, number?, issuer?, issuedOn?}]`, `[{employer, position?, from, to?}]` (zod-checked). */
    skills: jsonb('skills').notNull().default([]),
    certificates: jsonb('certificates').notNull().default([]),
    workHistory: jsonb('work_history').notNull().default([]),
    /** Service needs (service-type codes) — the fourth of the "four clears". */
    serviceNeeds: jsonb('service_needs').notNull().default([]),
    /** The four clears (四清): per fact `{on, source, by}` of the last time it was gathered. */
    clears: jsonb('clears').notNull().default({}),
    /** Monthly income in yuan, encrypted (sensitive; shown only through an audited reveal). */
    incomeEnc: text('income_enc'),
    createdBy: uuid('created_by'),
    updatedBy: uuid('updated_by'),
    /**
     * False for a file a citizen created at sign-up (self-reported, identity not yet seen by the office) until a
     * caseworker confirms the identity in person; staff-created files are verified when created.
     */
    identityVerified: boolean('identity_verified').notNull().default(true),
    identityVerifiedAt: timestamp('identity_verified_at', { withTimezone: true }),
    identityVerifiedBy: uuid('identity_verified_by'),
  },
  (t) => [
    jurisdictionIndex('persons_jurisdiction_idx', t.jurisdictionCode),
    index('persons_id_bidx_idx').on(t.idNumberBidx),
    index('persons_phone_bidx_idx').on(t.phoneBidx),
    index('persons_pinyin_idx').on(t.namePinyin.op('text_pattern_ops')),
    index('persons_initials_idx').on(t.nameInitials.op('text_pattern_ops')),
    index('persons_name_idx').on(t.name.op('text_pattern_ops')),
    index('persons_household_idx').on(t.householdId),
    // Hidden files are few: the "not of a hidden file" anti-join (access/scope.ts) reads this tiny index.
    index('persons_hidden_idx').on(t.id).where(sql`hidden_at IS NOT NULL`),
  ],
);

/** Marks / key groups (人员标注), each with its source and period. */
export const personMarks = pgTable(
  'person_marks',
  {
    personId: uuid('person_id').notNull(),
    mark: text('mark').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    until: date('until', { mode: 'string' }),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
    endedBy: uuid('ended_by'),
    endSource: text('end_source'),
  },
  (t) => [primaryKey({ columns: [t.personId, t.mark, t.since] }), index('person_marks_mark_idx').on(t.mark)],
);

/**
 * Full history of a person file (R1.5): every change is a dated, attributed event holding the change and a
 * snapshot of the whole file after it (sensitive values stay encrypted). Events copied from a merged file carry
 * `merged_from`; the as-of view reads only the file's own snapshots.
 */
export const personEvents = pgTable(
  'person_events',
  {
    ...personKey(),
    /** When it happened, from the application's clock (`Clock.now()`). */
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Insertion order: events of one instant (a fixed clock, one request's several events) read back in the order
     * they were written — history is ordered by (`at`, `seq`).
     */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    kind: text('kind').notNull(),
    /** How the facts were gathered (`visit`, `phone`, `sms`, `self_report`, `data_comparison`, `import`). */
    source: text('source'),
    reason: text('reason'),
    change: jsonb('change').notNull().default({}),
    snapshot: jsonb('snapshot').notNull(),
    mergedFrom: uuid('merged_from'),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('person_events_person_at_idx').on(t.personId, t.at, t.seq)],
);

// Registrations live in their own slice's schema file; re-exported here for existing imports.
export { registrations } from './schema-registration.ts';

/** Small key/value settings (e.g. whether the demo was loaded). Reference table. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});
