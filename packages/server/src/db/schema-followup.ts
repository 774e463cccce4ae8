/**
 * Citizen self-reports (XC23 三(三): the registrant reports job search and employment state): job-search progress
 * (recorded as given) and "I found a job", which waits for a caseworker's verification — confirmed (the employment
 * registration is made, ending the unemployment registration) or rejected with a reason. Never a silent change.
 */
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, jurisdictionCode, jurisdictionIndex, personKey } from './columns.ts';

export const selfReports = pgTable(
  'self_reports',
  {
    ...personKey(),
    /** `progress` | `found_job`. */
    kind: text('kind').notNull(),
    /** `recorded` (progress) | `pending` → `confirmed` | `rejected` (found_job). */
    state: text('state').notNull(),
    jurisdictionCode: jurisdictionCode(),
    /** Progress: what the person did, and how many applications / interviews since the last report. */
    note: text('note'),
    applications: integer('applications'),
    interviews: integer('interviews'),
    /** Found a job: the employer, start date and type (`stable` | `flexible` | `self_employed`). */
    employerName: text('employer_name'),
    startedOn: date('started_on', { mode: 'string' }),
    employmentType: text('employment_type'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Rejection reason given by the caseworker (shown to the person). */
    decisionReason: text('decision_reason'),
    /** The employment registration a confirmation made. */
    employmentId: uuid('employment_id'),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    jurisdictionIndex('self_reports_jurisdiction_idx', t.jurisdictionCode),
    // Verification items of the worklist: the pending ones, read by jurisdiction prefix.
    index('self_reports_pending_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.createdAt).where(sql`state = 'pending'`),
    index('self_reports_id_idx').on(t.id),
  ],
);
