/** Request and response schemas of the services slice (service records, postings, diary, printables, state). */
import { CHANNELS, SERVICE_TYPES } from '@bangfu/rules';
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const ZServiceType = z.enum(SERVICE_TYPES);
export const ZChannel = z.enum(CHANNELS);
export const JOB_RESULTS = ['pending', 'interviewed', 'hired', 'declined'] as const;
export const PRINTABLE_KINDS = ['policy-card', 'service-list', 'office-list'] as const;

const serviceFields = {
  type: ZServiceType,
  channel: ZChannel,
  servedOn: ZDate,
  content: z.string().max(4000).optional(),
  officeId: z.uuid().optional(),
  postingId: z.uuid().optional(),
  postingText: z.string().min(1).max(500).optional(),
  result: z.enum(JOB_RESULTS).optional(),
  resultReason: z.string().min(1).max(1000).optional(),
  outcome: z.string().max(2000).optional(),
  /** Files of this person uploaded first (`POST /persons/:id/attachments`), cited by id. */
  attachmentIds: z.array(z.uuid()).max(20).optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
};

export const ZServiceBody = z.object(serviceFields).strict();
export type TServiceBody = z.infer<typeof ZServiceBody>;

export const ZCorrectionBody = z
  .object({ ...serviceFields, reason: z.string().min(2).max(1000), voided: z.boolean().default(false) })
  .partial({ type: true, channel: true, servedOn: true })
  .strict();
export type TCorrectionBody = z.infer<typeof ZCorrectionBody>;

export const ZOutcomeBody = z
  .object({ result: z.enum(JOB_RESULTS), resultReason: z.string().min(1).max(1000).optional(), outcome: z.string().max(2000).optional(), idempotencyKey: z.string().min(8).max(100).optional() })
  .strict();

// One record for many people cites no files: an attachment belongs to one person.
const { attachmentIds: _perPerson, ...bulkFields } = serviceFields;
export const ZBulkBody = z
  .object({ ...bulkFields, personIds: z.array(z.uuid()).min(1).max(1000) })
  .strict();
export type TBulkBody = z.infer<typeof ZBulkBody>;

export const ZServiceRecord = z.object({
  id: z.string(),
  personId: z.string(),
  type: z.string(),
  channel: z.string(),
  servedOn: z.string(),
  jurisdictionCode: z.string(),
  registrationId: z.string().nullable(),
  worker: z.object({ id: z.string().nullable(), name: z.string() }),
  officeId: z.string().nullable(),
  content: z.string(),
  posting: z.object({ id: z.string().nullable(), title: z.string().nullable(), employerName: z.string().nullable(), text: z.string().nullable() }).nullable(),
  result: z.string().nullable(),
  resultReason: z.string().nullable(),
  outcome: z.string().nullable(),
  attachments: z.array(z.object({ id: z.string().optional(), name: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string().optional() })),
  idempotencyKey: z.string().nullable(),
  supersedesId: z.string().nullable(),
  supersededBy: z.string().nullable(),
  correctionReason: z.string().nullable(),
  voided: z.boolean(),
  counts: z.boolean(),
  batchId: z.string().nullable(),
  createdAt: z.string(),
});
export type TServiceRecord = z.infer<typeof ZServiceRecord>;

export const ZObligation = z.object({
  rule: z.string(),
  service: z.string(),
  required: z.number(),
  delivered: z.number(),
  from: z.string(),
  dueBy: z.string().nullable(),
  status: z.enum(['met', 'unmet', 'overdue']),
  source: z.string(),
  textZh: z.string(),
});

export const ZExplanation = z.object({ rule: z.string(), source: z.string(), pack: z.string(), text: z.string(), textEn: z.string() });

export const ZServiceState = z.object({
  personId: z.string(),
  asOf: z.string(),
  registered: z.boolean(),
  pack: z.string().nullable(),
  registration: z.object({ id: z.string(), registeredOn: z.string(), firstContactDeadline: z.string().nullable(), firstContactOn: z.string().nullable() }).nullable(),
  tier: z.object({ code: z.string(), since: z.string(), nextChange: z.string().nullable() }).nullable(),
  level: z.string().nullable(),
  class: z.string().nullable(),
  obligations: z.array(ZObligation),
  followUp: z.object({ rhythm: z.string(), intervalMonths: z.number().nullable(), lastContact: z.string().nullable(), nextDueBy: z.string().nullable(), overdue: z.boolean() }).nullable(),
  stale: z.boolean(),
  fileVerifiedOn: z.string().nullable(),
  explanations: z.array(ZExplanation),
  changes: z.array(z.object({ on: z.string(), kind: z.string(), textZh: z.string(), textEn: z.string(), at: z.string() })),
});
export type TServiceState = z.infer<typeof ZServiceState>;

export const ZServiceCreated = z.object({ record: ZServiceRecord, replayed: z.boolean(), state: ZServiceState });

export const ZBulkCreated = z.object({ batchId: z.string(), created: z.number(), replayed: z.number(), records: z.array(ZServiceRecord) });

export const ZPostingBody = z
  .object({ title: z.string().min(1).max(200), employerName: z.string().min(1).max(200), jurisdictionCode: ZDivisionCode, address: z.string().max(500).optional() })
  .strict();
export const ZPosting = z.object({ id: z.string(), title: z.string(), employerName: z.string(), jurisdictionCode: z.string(), address: z.string().nullable(), open: z.boolean(), createdAt: z.string() });

export const ZDiaryEntry = z.object({
  on: z.string(),
  at: z.string().nullable(),
  kind: z.enum(['registration', 'service', 'contact', 'status', 'mark', 'decision', 'state']),
  titleZh: z.string(),
  titleEn: z.string(),
  detail: z.string(),
  by: z.string().nullable(),
  ref: z.string().nullable(),
});
export const ZDiary = z.object({
  person: z.object({ id: z.string(), name: z.string(), idNumberMasked: z.string(), jurisdiction: z.object({ code: z.string(), name: z.string() }) }),
  entries: z.array(ZDiaryEntry),
});
export type TDiary = z.infer<typeof ZDiary>;

export const ZPersonParam = z.object({ id: z.uuid() }).strict();
export const ZRecordParam = z.object({ id: z.uuid(), serviceId: z.uuid() }).strict();
export const ZPrintableParam = z.object({ id: z.uuid(), kind: z.enum(PRINTABLE_KINDS) }).strict();
export const ZListQuery = z.object({ includeSuperseded: z.enum(['true', 'false']).default('false') }).strict();
export const ZPostingsQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
