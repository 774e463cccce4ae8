/**
 * Files attached to a person's records (a signed form, a photo of a visit, a certificate): the evidence behind a
 * service record, a plan measure or a finding. Content is encrypted at rest (AES-256-GCM, the field cipher's key);
 * rows are never updated or deleted (append-only, like the records they support).
 */
import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { jurisdictionCode } from './columns.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The person the file is about: its scope decides who may see it. */
    personId: uuid('person_id').notNull(),
    jurisdictionCode: jurisdictionCode(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    /** SHA-256 of the plaintext (hex): the same file uploaded twice for a person is stored once. */
    sha256: varchar('sha256', { length: 64 }).notNull(),
    /** `iv (12) ‖ tag (16) ‖ ciphertext`. */
    contentEnc: bytea('content_enc').notNull(),
    uploadedBy: uuid('uploaded_by'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_person_idx').on(t.personId, t.sha256)],
);
