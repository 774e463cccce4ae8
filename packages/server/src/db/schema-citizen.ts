/**
 * In-person activation codes (开通码): the second factor that binds a citizen account to an existing person file.
 * A caseworker issues one after seeing the person; only a keyed hash is stored, it is single-use, expires, and
 * voids itself after a few wrong tries.
 */
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const activationCodes = pgTable(
  'activation_codes',
  {
    id: uuid('id').notNull().defaultRandom(),
    personId: uuid('person_id').notNull(),
    /** HMAC of the normalised code (field cipher's blind-index key): a short code hashed without a key is guessable. */
    codeHash: text('code_hash').notNull(),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when a newer code was issued for the same person, or after too many wrong tries. */
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.personId, t.id] }), index('activation_codes_person_idx').on(t.personId, t.issuedAt)],
);
