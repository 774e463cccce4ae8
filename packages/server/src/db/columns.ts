/**
 * Column sets the schema files share. Each helper returns fresh builders (a builder belongs to one table), and
 * spreading keeps the column order, so the generated migrations are unchanged.
 */
import { index, timestamp, uuid, varchar, type ExtraConfigColumn } from 'drizzle-orm/pg-core';

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A 12-digit division code: the scoping key (see `Scope`). */
export const jurisdictionCode = () => varchar('jurisdiction_code', { length: 12 }).notNull();

/**
 * The key of a person-centred table: rows are co-located by `person_id` (the leading key column), with their own
 * random `id`. The table declares `primaryKey({ columns: [t.personId, t.id] })`.
 */
export const personKey = () => ({
  personId: uuid('person_id').notNull(),
  id: uuid('id').notNull().defaultRandom(),
});

/** The prefix index that serves `Scope.subtree` (`LIKE 'prefix%'`) on a jurisdiction column. */
export const jurisdictionIndex = (name: string, column: ExtraConfigColumn) => index(name).on(column.op('text_pattern_ops'));
