/**
 * Registration slice tables (失业登记 / 求职登记). Person-centred: `person_id` is in every key (Citus co-location).
 */
import { date, index, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Unemployment / job-seeking registrations (失业登记 / 求职登记). */
export const registrations = pgTable(
  'registrations',
  {
    personId: uuid('person_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    registrationNo: text('registration_no'),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    placeBasis: text('place_basis').notNull(),
    jurisdictionCode: varchar('jurisdiction_code', { length: 12 }).notNull(),
    officeId: uuid('office_id'),
    cancelledOn: date('cancelled_on', { mode: 'string' }),
    deregistrationReason: text('deregistration_reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.id] }),
    index('registrations_jurisdiction_state_idx').on(t.jurisdictionCode.op('text_pattern_ops'), t.state),
  ],
);

