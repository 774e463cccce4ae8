/**
 * Registration slice tables (失业登记 / 求职登记 / 就业登记) and the notification outbox. Person-centred tables carry
 * `person_id` in every key (Citus co-location); `registration_counters` is a small reference-style table keyed by
 * division and year.
 *
 * The demo loader inserts `registrations` with only the original columns, so every column added here is nullable
 * or defaulted.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode, jurisdictionIndex, personKey } from './columns.ts';

/** Unemployment / job-seeking registrations (失业登记 / 求职登记). Each row is one registration period. */
export const registrations = pgTable(
  'registrations',
  {
    ...personKey(),
    /** `unemployment` | `job_seeking` (CODES.md registration kinds). */
    kind: text('kind').notNull(),
    /** `active` | `cancelled` (deregistered, or ended by an employment registration). */
    state: text('state').notNull(),
    registrationNo: text('registration_no'),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    /** `residence` | `hukou` | `insured` | `employment`: the person's choice (R2.2). */
    placeBasis: text('place_basis').notNull(),
    jurisdictionCode: jurisdictionCode(),
    officeId: uuid('office_id'),
    cancelledOn: date('cancelled_on', { mode: 'string' }),
    deregistrationReason: text('deregistration_reason'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),

    /** `offline` (caseworker/operator at the counter) | `online` (citizen self-service) | `import` | `demo`. */
    channel: text('channel').notNull().default('offline'),
    appliedOn: date('applied_on', { mode: 'string' }),
    /** Written commitment (书面承诺): the text version signed and when (R2.3, XC23 三(一)). */
    commitmentVersion: text('commitment_version'),
    commitmentSha256: text('commitment_sha256'),
    commitmentSignedAt: timestamp('commitment_signed_at', { withTimezone: true }),
    /** Facts captured at registration (R2.5, XC23 四(一)). */
    unemploymentReason: text('unemployment_reason'),
    skills: jsonb('skills').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    intention: text('intention'),
    marks: jsonb('marks').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** UI-benefit eligibility (`true` | `false` | `unknown`) and maximum months (失业保险条例 第十四条/第十七条). */
    uiBenefitEligible: text('ui_benefit_eligible'),
    uiBenefitMaxMonths: integer('ui_benefit_max_months'),
    /** The eligibility decision: pack `id@version`, reasons and explanations, as evaluated at registration. */
    packRef: text('pack_ref'),
    eligibility: jsonb('eligibility'),
    /** Whether a job-seeking registration was made because unemployment registration was not possible (R2.4). */
    offeredInstead: boolean('offered_instead').notNull().default(false),
    /** 3- and 5-working-day deadlines (人社厅发〔2020〕79号) with their explanations. */
    decisionDeadline: date('decision_deadline', { mode: 'string' }),
    firstContactDeadline: date('first_contact_deadline', { mode: 'string' }),
    deadlineExplanations: jsonb('deadline_explanations'),
    firstContactOn: date('first_contact_on', { mode: 'string' }),
    firstContactChannel: text('first_contact_channel'),
    firstContactNote: text('first_contact_note'),
    firstContactBy: uuid('first_contact_by'),
    /** Assigned caseworker (user id) for the person's community. */
    caseworkerId: uuid('caseworker_id'),
    /** 1 for the person's first registration, +1 for each later period (re-registration after deregistration). */
    period: integer('period'),
    deregistrationRule: text('deregistration_rule'),
    deregistrationNote: text('deregistration_note'),
    deregistrationSource: text('deregistration_source'),
    deregisteredBy: uuid('deregistered_by'),
    /** The employment registration that ended this one (hired / self-employed). */
    endedByEmploymentId: uuid('ended_by_employment_id'),
    /** Re-unemployment (CQ25 四, XC23 三(三)): the employment this registration follows within the pack's window. */
    reunemployedAfterEmploymentId: uuid('reunemployed_after_employment_id'),
    /** The pack parameter (`pack@version followUp.reunemploymentWindowMonths` with its clause) that decided it. */
    reunemployedSource: text('reunemployed_source'),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('registrations_jurisdiction_state_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.state),
    // One active registration of each kind per person; the key holds person_id, so it stays valid when sharded.
    uniqueIndex('registrations_one_active_uq').on(t.personId, t.kind).where(sql`state = 'active'`),
    // Lookups by registration id alone (certificate, deregistration links); on Citus a router query per shard.
    index('registrations_id_idx').on(t.id),
    index('registrations_first_contact_idx').on(t.firstContactDeadline).where(sql`state = 'active' AND first_contact_on IS NULL`),
    // The worklist's priority items: active re-unemployed registrations of a jurisdiction prefix.
    index('registrations_reunemployed_idx').on(t.jurisdictionCode.op('text_pattern_ops')).where(sql`state = 'active' AND reunemployed_after_employment_id IS NOT NULL`),
  ],
);

/**
 * Registration-number counters: one row per registering division and year; a serial is taken with one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` in the registering transaction (the row lock serialises takers,
 * no `SELECT … FOR UPDATE` across shards).
 */
export const registrationCounters = pgTable(
  'registration_counters',
  {
    divisionCode: varchar('division_code', { length: 12 }).notNull(),
    year: integer('year').notNull(),
    lastSerial: integer('last_serial').notNull(),
  },
  (t) => [primaryKey({ columns: [t.divisionCode, t.year] })],
);

/** Employment registrations (就业登记): employer, start date and type; may end an unemployment registration. */
export const employmentRegistrations = pgTable(
  'employment_registrations',
  {
    ...personKey(),
    employerName: text('employer_name').notNull(),
    /** 统一社会信用代码 (18 characters) when known. */
    employerCreditCode: varchar('employer_credit_code', { length: 18 }),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    /** `stable` | `flexible` | `self_employed`. */
    type: text('type').notNull(),
    jurisdictionCode: jurisdictionCode(),
    /** The unemployment registration this ended, if one was active. */
    endedRegistrationId: uuid('ended_registration_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    jurisdictionIndex('employment_registrations_jurisdiction_idx', t.jurisdictionCode),
  ],
);

/**
 * Notification outbox: written in the same transaction as the event it reports (e.g. a deregistration), delivered
 * later by a dispatcher. `state`: pending → sent → delivered, or failed after the last attempt.
 */
export const notifications = pgTable(
  'notifications',
  {
    ...personKey(),
    /** `sms` | `in_app` | `letter`. */
    channel: text('channel').notNull(),
    templateId: text('template_id').notNull(),
    payload: jsonb('payload').$type<Record<string, string | number | boolean | null>>().notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** What caused it, e.g. `registration:<id>`. */
    subject: text('subject'),
    /**
     * A staff recipient (user id) for messages to staff about the person, e.g. a caseworker's reminder that an item
     * of `person_id` became due; null: the message is for the person themself.
     */
    recipientUserId: uuid('recipient_user_id'),
    createdAt: createdAt(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    // --- issue 15 (messages): delivery worker, receipts, letters, digests (docs/messages.md) ---
    /** Urgent messages are sent in quiet hours and above the frequency cap. */
    urgent: boolean('urgent').notNull().default(false),
    /** The caller's idempotency key: one message per person and key (a re-run push does not send twice). */
    dedupeKey: text('dedupe_key'),
    /** Lease of the worker that claimed the row (state `sending`); another may take it over after it expires. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    /** Who carried it: `gateway` | `sink` | `in_app` | `letter`. */
    provider: text('provider'),
    /** The gateway's id for the message (BizId); unique, so a receipt finds exactly one message. */
    providerMessageId: text('provider_message_id'),
    /** Why a message is held (`opted_out`, `no_phone`, `no_address`, `template`) or why the gateway refused it. */
    heldReason: text('held_reason'),
    /** Letters: the print batch, and when it was printed and posted. */
    letterBatchId: uuid('letter_batch_id'),
    printedAt: timestamp('printed_at', { withTimezone: true }),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    /** A staff reminder folded into a daily digest (state `digested`): the digest's id. */
    digestId: uuid('digest_id'),
    /** The rendered text as it left (SMS sink, letters, in-app), for the outbox page. */
    renderedText: text('rendered_text'),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('notifications_pending_idx').on(t.nextAttemptAt).where(sql`state IN ('pending', 'sent')`),
    index('notifications_due_idx').on(t.nextAttemptAt).where(sql`state IN ('pending', 'sending')`),
    uniqueIndex('notifications_dedupe_uq').on(t.personId, t.dedupeKey).where(sql`dedupe_key IS NOT NULL`),
    uniqueIndex('notifications_provider_id_uq').on(t.providerMessageId).where(sql`provider_message_id IS NOT NULL`),
    index('notifications_created_idx').on(t.createdAt),
    index('notifications_recipient_idx').on(t.recipientUserId).where(sql`recipient_user_id IS NOT NULL`),
  ],
);

/** Operators' wording of a template for a jurisdiction subtree (the longest matching prefix wins over the built-in). */
export const messageTemplates = pgTable(
  'message_templates',
  {
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    templateId: text('template_id').notNull(),
    textZh: text('text_zh').notNull(),
    /** The template code registered with the SMS provider for this wording. */
    smsTemplateCode: text('sms_template_code'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionCode, t.templateId] })],
);

/** 退订: a person who asked for no more messages on a channel (urgent legal notices go by letter instead). */
export const messageOptOuts = pgTable(
  'message_opt_outs',
  {
    personId: uuid('person_id').notNull(),
    channel: text('channel').notNull(),
    /** `sms_reply` (TD reply), `portal`, `staff`. */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.channel] })],
);

/** Delivery receipts as received (a duplicate receipt is recognised by its key and changes nothing). */
export const messageReceipts = pgTable(
  'message_receipts',
  {
    providerMessageId: text('provider_message_id').notNull(),
    status: text('status').notNull(),
    errCode: text('err_code'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    duplicates: integer('duplicates').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.providerMessageId, t.status] })],
);

/** A printed batch of letters (one letter per page) and its confirmation. */
export const letterBatches = pgTable('letter_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
  letters: integer('letters').notNull(),
  /** `created` | `printed` | `posted`. */
  state: text('state').notNull().default('created'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  printedAt: timestamp('printed_at', { withTimezone: true }),
  postedAt: timestamp('posted_at', { withTimezone: true }),
});
