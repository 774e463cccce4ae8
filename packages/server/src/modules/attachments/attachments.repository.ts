import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { attachments } from '../../db/schema-attachments.ts';

export type AttachmentRow = typeof attachments.$inferSelect;
export type AttachmentMeta = Omit<AttachmentRow, 'contentEnc'>;

const META = {
  id: attachments.id,
  personId: attachments.personId,
  jurisdictionCode: attachments.jurisdictionCode,
  name: attachments.name,
  mediaType: attachments.mediaType,
  size: attachments.size,
  sha256: attachments.sha256,
  uploadedBy: attachments.uploadedBy,
  uploadedAt: attachments.uploadedAt,
};

export class AttachmentsRepository {
  constructor(private readonly db: Database) {}

  async insert(row: typeof attachments.$inferInsert): Promise<AttachmentMeta> {
    const [created] = await this.db.insert(attachments).values(row).returning(META);
    if (!created) throw new Error('attachment insert returned nothing');
    return created;
  }

  async samePersonSameContent(personId: string, sha256: string): Promise<AttachmentMeta | undefined> {
    const rows = await this.db.select(META).from(attachments).where(and(eq(attachments.personId, personId), eq(attachments.sha256, sha256))).limit(1);
    return rows[0];
  }

  async meta(id: string): Promise<AttachmentMeta | undefined> {
    const rows = await this.db.select(META).from(attachments).where(eq(attachments.id, id)).limit(1);
    return rows[0];
  }

  async metas(ids: readonly string[]): Promise<AttachmentMeta[]> {
    if (ids.length === 0) return [];
    return this.db.select(META).from(attachments).where(inArray(attachments.id, [...ids]));
  }

  async content(id: string): Promise<Buffer | undefined> {
    const rows = await this.db.select({ contentEnc: attachments.contentEnc }).from(attachments).where(eq(attachments.id, id)).limit(1);
    return rows[0]?.contentEnc;
  }

  async forPerson(personId: string): Promise<AttachmentMeta[]> {
    return this.db.select(META).from(attachments).where(eq(attachments.personId, personId)).orderBy(asc(attachments.uploadedAt), asc(attachments.id));
  }
}
