/** The messages slice's contract: the outbox page, templates, receipts, opt-outs, letters, the staff inbox. */
import { z } from 'zod';

export const ZChannel = z.enum(['sms', 'in_app', 'letter']);
export const ZMessageState = z.enum(['pending', 'sending', 'sent', 'delivered', 'held', 'failed', 'printing', 'digested']);

export const ZOutboxItem = z.object({
  personId: z.string(),
  id: z.string(),
  channel: z.string(),
  templateId: z.string(),
  state: z.string(),
  attempts: z.number(),
  urgent: z.boolean(),
  lastError: z.string().nullable(),
  heldReason: z.string().nullable(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  text: z.string().nullable(),
  subject: z.string().nullable(),
  recipientName: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  jurisdictionCode: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type TOutboxItem = z.infer<typeof ZOutboxItem>;

export const ZOutboxQuery = z
  .object({
    jurisdiction: z.string().regex(/^\d{12}$/).optional(),
    state: ZMessageState.optional(),
    channel: ZChannel.optional(),
    provider: z.enum(['gateway', 'sink', 'in_app', 'letter']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export const ZOutboxPage = z.object({ items: z.array(ZOutboxItem) });

export const ZCountsQuery = z.object({ jurisdiction: z.string().regex(/^\d{12}$/).optional(), days: z.coerce.number().int().min(1).max(90).default(14) }).strict();
export const ZCounts = z.object({
  items: z.array(z.object({ day: z.string(), channel: z.string(), state: z.string(), n: z.number() })),
  policy: z.array(z.object({ name: z.string(), value: z.string(), source: z.string() })),
  smsMode: z.enum(['sink', 'gateway', 'off']),
});

export const ZMessageKey = z.object({ personId: z.uuid(), id: z.uuid() }).strict();
export const ZResent = z.object({ item: ZOutboxItem });

export const ZTemplateIdParam = z.object({ templateId: z.string().min(1).max(100) }).strict();
export const ZWording = z.object({ jurisdictionCode: z.string(), textZh: z.string(), smsTemplateCode: z.string().nullable(), updatedAt: z.string() });
export const ZTemplateList = z.object({
  items: z.array(
    z.object({
      templateId: z.string(),
      audience: z.enum(['person', 'staff']),
      fields: z.array(z.string()),
      textZh: z.string(),
      textEn: z.string(),
      source: z.string(),
      smsTemplateCode: z.string(),
      wordings: z.array(ZWording),
    }),
  ),
});
export const ZWordingBody = z
  .object({
    jurisdictionCode: z.string().regex(/^\d{12}$/),
    textZh: z.string().min(1).max(500),
    smsTemplateCode: z.string().min(1).max(64).optional(),
  })
  .strict();
export const ZPreviewBody = z.object({ textZh: z.string().min(1).max(500) }).strict();
export const ZPreview = z.object({ text: z.string(), sample: z.record(z.string(), z.string()) });

/** A provider's delivery report (the shape cloud SMS services post: one entry per message). */
export const ZReceiptEntry = z.object({
  biz_id: z.string().min(1).max(100),
  out_id: z.string().max(100).optional(),
  phone_number: z.string().max(20).optional(),
  success: z.boolean(),
  err_code: z.string().max(100).optional(),
  err_msg: z.string().max(500).optional(),
  report_time: z.string().max(40).optional(),
});
export const ZReceiptBody = z.array(ZReceiptEntry).max(1000);
export const ZReceiptAnswer = z.object({ code: z.number(), msg: z.string(), accepted: z.number(), duplicates: z.number(), unknown: z.number() });

export const ZPersonIdParam = z.object({ personId: z.uuid() }).strict();
export const ZOptOutBody = z.object({ channel: ZChannel, optOut: z.boolean() }).strict();
export const ZOptOuts = z.object({ channels: z.array(z.string()) });

export const ZLetterBatch = z.object({
  id: z.string(),
  jurisdictionCode: z.string(),
  letters: z.number(),
  state: z.string(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
  postedAt: z.string().nullable(),
});
export const ZLetterBatches = z.object({ items: z.array(ZLetterBatch) });
export const ZBatchIdParam = z.object({ id: z.uuid() }).strict();
export const ZBatchCreate = z.object({ jurisdiction: z.string().regex(/^\d{12}$/).optional() }).strict();
export const ZBatchCreated = z.object({ batch: ZLetterBatch.nullable() });

export const ZInbox = z.object({ items: z.array(z.object({ id: z.string(), templateId: z.string(), text: z.string(), createdAt: z.string() })) });
export const ZDispatched = z.object({
  claimed: z.number(),
  sent: z.number(),
  delivered: z.number(),
  deferred: z.number(),
  retried: z.number(),
  held: z.number(),
  failed: z.number(),
  letters: z.number(),
  recovered: z.number(),
});
