/** The attachments slice's contract: parameters and complete answers; the service's result types are inferred. */
import { z } from 'zod';

/** A file behind a person's records, as listed and after upload (never its content). */
export const ZAttachmentOut = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
});
export type TAttachmentOut = z.infer<typeof ZAttachmentOut>;
export const ZUpload = z.object({ attachment: ZAttachmentOut, existing: z.boolean() });
export const ZAttachmentList = z.object({ items: z.array(ZAttachmentOut) });
export const ZPersonIdParam = z.object({ personId: z.uuid() }).strict();
export const ZIdParam = z.object({ id: z.uuid() }).strict();
