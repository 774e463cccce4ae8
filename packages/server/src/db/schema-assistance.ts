/**
 * Employment assistance (issue 6): difficulty-person recognition (就业困难人员认定) with its event log and public-notice
 * objections, personal plans and agreements (一人一策 / 援助协议) with measures, zero-employment family cases
 * (零就业家庭 confirmation and immediate job assistance), public-welfare posts (公益性岗位) with placements and
 * complaints, and the social-assistance linkage (referrals to civil affairs, 低保 employment-cost deduction).
 *
 * Person-centred tables carry `person_id` in every primary and unique key (Citus co-location); posts, their
 * complaints and the card counters are keyed by post / jurisdiction.
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode, jurisdictionIndex, personKey, updatedAt } from './columns.ts';


/**
 * A recognition application and, once recognised, the assistance status it grants (one row per recognition
 * period: re-entry after exit is a new row). States: `submitted` → `prechecked` → `public_notice` → `recognised`
 * → `exited`; `rejected` (may be appealed: `appealed` → back to review) at pre-check, review or after an upheld
 * objection.
 */
export const assistanceApplications = pgTable(
  'assistance_applications',
  {
    ...personKey(),
    applicationNo: text('application_no').notNull(),
    /** The person's residence division when applying: the scoping key. */
    jurisdictionCode: jurisdictionCode(),
    state: text('state').notNull(),
    /** `caseworker` (on the person's behalf) | `citizen` (self-service, with the written commitment). */
    channel: text('channel').notNull(),
    submittedBy: uuid('submitted_by'),
    submittedByName: text('submitted_by_name').notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    commitmentVersion: text('commitment_version'),
    commitmentSha256: text('commitment_sha256'),
    commitmentSignedAt: timestamp('commitment_signed_at', { withTimezone: true }),
    /** Facts the applicant declared (resident months, contribution years, land, school leaving …). */
    declaredFacts: jsonb('declared_facts').notNull().default({}),
    /** Latest criteria evaluation: `{pack, asOf, eligible, categories[], missingFacts[], explanations[]}`. */
    evaluation: jsonb('evaluation').notNull(),
    packRef: text('pack_ref').notNull(),
    precheckDue: date('precheck_due', { mode: 'string' }),
    prechecked: jsonb('prechecked'),
    reviewDue: date('review_due', { mode: 'string' }),
    reviewed: jsonb('reviewed'),
    noticeFrom: date('notice_from', { mode: 'string' }),
    noticeEnds: date('notice_ends', { mode: 'string' }),
    /** The notice as published: masked name, sex, age, categories, period, contact. */
    notice: jsonb('notice'),
    recognisedOn: date('recognised_on', { mode: 'string' }),
    recognisedBy: uuid('recognised_by'),
    cardNo: text('card_no'),
    validUntil: date('valid_until', { mode: 'string' }),
    lastRecheckOn: date('last_recheck_on', { mode: 'string' }),
    nextRecheckOn: date('next_recheck_on', { mode: 'string' }),
    handoverAssessment: jsonb('handover_assessment'),
    rejectedOn: date('rejected_on', { mode: 'string' }),
    rejectionReason: text('rejection_reason'),
    appeal: jsonb('appeal'),
    exitedOn: date('exited_on', { mode: 'string' }),
    exitReason: text('exit_reason'),
    exitClause: text('exit_clause'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    // One application in progress or recognition in force per person; concurrent submissions fail here.
    uniqueIndex('assistance_applications_open_uq').on(t.personId).where(sql`state IN ('submitted', 'prechecked', 'public_notice', 'recognised', 'appealed')`),
    uniqueIndex('assistance_applications_no_uq').on(t.personId, t.applicationNo),
    jurisdictionIndex('assistance_applications_jurisdiction_idx', t.jurisdictionCode),
    index('assistance_applications_state_idx').on(t.state),
  ],
);

/** Who did what to an application, when and why (every transition, objection and re-check). Append-only. */
export const assistanceEvents = pgTable(
  'assistance_events',
  {
    ...personKey(),
    applicationId: uuid('application_id').notNull(),
    /** When the step was taken, from the slice's clock (tests fix it; the same instant may recur). */
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Order of the application's events (1, 2, …; written under the application's row lock). 0 = before seq. */
    seq: integer('seq').notNull().default(0),
    on: date('on', { mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    reason: text('reason'),
    detail: jsonb('detail').notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('assistance_events_application_idx').on(t.applicationId, t.seq, t.at)],
);

/** Objections raised during the public notice (公示异议) and how each was resolved. */
export const assistanceObjections = pgTable(
  'assistance_objections',
  {
    ...personKey(),
    applicationId: uuid('application_id').notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    objector: text('objector').notNull(),
    content: text('content').notNull(),
    recordedBy: uuid('recorded_by'),
    /** `open` | `dismissed` (recognition may proceed) | `upheld` (the application is rejected). */
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by'),
    resolvedOn: date('resolved_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('assistance_objections_application_idx').on(t.applicationId)],
);

/** Serial numbers of assistance cards (就业援助卡) per county and year; reference-style counter. */
export const assistanceCardCounters = pgTable(
  'assistance_card_counters',
  {
    countyCode: varchar('county_code', { length: 12 }).notNull(),
    year: integer('year').notNull(),
    lastSerial: integer('last_serial').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);

/** Personal assistance plan and agreement (一人一策 / 援助协议, MOH 三(四)(五)). */
export const assistancePlans = pgTable(
  'assistance_plans',
  {
    ...personKey(),
    applicationId: uuid('application_id').notNull(),
    jurisdictionCode: jurisdictionCode(),
    needs: jsonb('needs').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    goals: text('goals').notNull(),
    /** First-contact responsibility (首问负责制): the worker answerable for the plan. */
    responsibleWorkerId: uuid('responsible_worker_id').notNull(),
    responsibleWorkerName: text('responsible_worker_name').notNull(),
    /** Earlier responsible workers: `[{id, name, from, until, by, reason}]` (hand-over of the case). */
    responsibleHistory: jsonb('responsible_history').notNull().default(sql`'[]'::jsonb`),
    /** `draft` | `agreed` | `closed`. */
    state: text('state').notNull().default('draft'),
    agreementVersion: text('agreement_version'),
    agreementSha256: text('agreement_sha256'),
    /** `{method: signature|online|fingerprint, signedAt, witness?, recordedBy}`. */
    consent: jsonb('consent'),
    agreedOn: date('agreed_on', { mode: 'string' }),
    /** After employment: `{on, employer?, adaptationEnds, nextFollowUp…}`. */
    employment: jsonb('employment'),
    closedOn: date('closed_on', { mode: 'string' }),
    closeReason: text('close_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('assistance_plans_open_uq').on(t.personId).where(sql`state IN ('draft', 'agreed')`),
    jurisdictionIndex('assistance_plans_jurisdiction_idx', t.jurisdictionCode),
  ],
);

/**
 * Plan measures: `measure` (a service type with a target date), `follow_up` (stabilisation visit after
 * employment), `subsidy` (a subsidy to apply for). Kept here rather than as service records: a measure is a
 * promise with a date; the service record that fulfils it is linked when done.
 */
export const assistancePlanMeasures = pgTable(
  'assistance_plan_measures',
  {
    ...personKey(),
    planId: uuid('plan_id').notNull(),
    kind: text('kind').notNull(),
    serviceType: text('service_type'),
    subsidyType: text('subsidy_type'),
    description: text('description').notNull(),
    targetDate: date('target_date', { mode: 'string' }).notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    serviceRecordId: uuid('service_record_id'),
    outcome: text('outcome'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('assistance_plan_measures_plan_idx').on(t.planId), index('assistance_plan_measures_open_idx').on(t.targetDate).where(sql`done_on IS NULL`)],
);

/** A detected zero-employment period confirmed by a caseworker, with the immediate job-assistance task (CQ25 三). */
export const zeroEmploymentCases = pgTable(
  'zero_employment_cases',
  {
    householdId: uuid('household_id').notNull(),
    periodId: uuid('period_id').notNull(),
    jurisdictionCode: jurisdictionCode(),
    confirmedBy: uuid('confirmed_by').notNull(),
    confirmedByName: text('confirmed_by_name').notNull(),
    confirmedOn: date('confirmed_on', { mode: 'string' }).notNull(),
    note: text('note'),
    assistanceDue: date('assistance_due', { mode: 'string' }).notNull(),
    assistanceDoneOn: date('assistance_done_on', { mode: 'string' }),
    assistance: jsonb('assistance'),
    packRef: text('pack_ref').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.periodId] }), jurisdictionIndex('zero_employment_cases_jurisdiction_idx', t.jurisdictionCode)],
);

/** Public-welfare post register (公益性岗位, MOH 三(六); CQ25 五, 六). `filled` is kept with the placements. */
export const welfarePosts = pgTable(
  'welfare_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionCode: jurisdictionCode(),
    employer: text('employer').notNull(),
    postType: text('post_type').notNull(),
    title: text('title').notNull(),
    location: text('location').notNull(),
    places: integer('places').notNull(),
    filled: integer('filled').notNull().default(0),
    termMonths: integer('term_months').notNull(),
    /** Monthly subsidies in yuan fen (cents) to stay exact. */
    postSubsidyFen: integer('post_subsidy_fen').notNull(),
    socialInsuranceSubsidyFen: integer('social_insurance_subsidy_fen').notNull(),
    fundingSource: text('funding_source').notNull(),
    /** `open` | `closed`. */
    status: text('status').notNull().default('open'),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [jurisdictionIndex('welfare_posts_jurisdiction_idx', t.jurisdictionCode)],
);

/** A person placed in a post: term, ranking at placement (with reasons), exit. */
export const postPlacements = pgTable(
  'post_placements',
  {
    ...personKey(),
    postId: uuid('post_id').notNull(),
    jurisdictionCode: jurisdictionCode(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    termEnds: date('term_ends', { mode: 'string' }).notNull(),
    /** Placement number for this person (1 = first, 2 = second placement). */
    placementNo: integer('placement_no').notNull(),
    ranking: jsonb('ranking').notNull(),
    packRef: text('pack_ref').notNull(),
    /** `active` | `ended` (normal exit) | `removed` (placed in breach, CQ25 六). */
    state: text('state').notNull().default('active'),
    endedOn: date('ended_on', { mode: 'string' }),
    exitReason: text('exit_reason'),
    exitNote: text('exit_note'),
    extensions: jsonb('extensions').notNull().default(sql`'[]'::jsonb`),
    placedBy: uuid('placed_by'),
    endedBy: uuid('ended_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    uniqueIndex('post_placements_active_uq').on(t.personId).where(sql`state = 'active'`),
    index('post_placements_post_idx').on(t.postId),
    index('post_placements_term_idx').on(t.termEnds).where(sql`state = 'active'`),
  ],
);

/** Complaints about a post (投诉举报渠道, CQ25 六) and their investigation. */
export const postComplaints = pgTable(
  'post_complaints',
  {
    postId: uuid('post_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    complainant: text('complainant'),
    content: text('content').notNull(),
    placementId: uuid('placement_id'),
    /** `open` | `substantiated` | `unfounded`. */
    status: text('status').notNull().default('open'),
    investigation: text('investigation'),
    investigatedBy: uuid('investigated_by'),
    decidedOn: date('decided_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.id] })],
);

/** Referral to civil affairs (临时救助 / 低保, R7.4, R11.2) and the response. */
export const civilAffairsReferrals = pgTable(
  'civil_affairs_referrals',
  {
    ...personKey(),
    jurisdictionCode: jurisdictionCode(),
    /** `temporary_relief` | `dibao`. */
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    referredOn: date('referred_on', { mode: 'string' }).notNull(),
    referredBy: uuid('referred_by'),
    /** `pending` | `accepted` | `declined`. */
    status: text('status').notNull().default('pending'),
    responseOn: date('response_on', { mode: 'string' }),
    responseNote: text('response_note'),
    responseRecordedBy: uuid('response_recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), jurisdictionIndex('civil_affairs_referrals_jurisdiction_idx', t.jurisdictionCode)],
);

/** A 低保 recipient who found work: employment-cost deduction and gradual-exit period (CQ25 七). Amounts encrypted. */
export const dibaoEmploymentAdjustments = pgTable(
  'dibao_employment_adjustments',
  {
    ...personKey(),
    jurisdictionCode: jurisdictionCode(),
    employedOn: date('employed_on', { mode: 'string' }).notNull(),
    monthlyIncomeEnc: text('monthly_income_enc').notNull(),
    costDeductionEnc: text('cost_deduction_enc').notNull(),
    costItems: jsonb('cost_items').notNull().default(sql`'[]'::jsonb`),
    gradualExitMonths: integer('gradual_exit_months').notNull(),
    gradualExitEnds: date('gradual_exit_ends', { mode: 'string' }).notNull(),
    packRef: text('pack_ref').notNull(),
    explanation: jsonb('explanation').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] })],
);
