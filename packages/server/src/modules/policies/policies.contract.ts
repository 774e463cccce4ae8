/**
 * The policies slice's contract (政策清单, 免申即享, subsidies, training): request bodies and complete response
 * schemas; the service's result types are inferred from them.
 */
import { POLICY_CATEGORIES } from '@bangfu/rules';
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { ZExplanation } from '../registration/registration.contract.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
export const ZId = z.object({ id: z.uuid() }).strict();
export const ZPolicyParam = z.object({ policyId: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,80}$/) }).strict();
export const ZPersonParam = z.object({ id: z.uuid() }).strict();

export const VERDICTS = ['qualifies', 'nearly', 'not'] as const;
export const SUBSIDY_STATES = ['submitted', 'reviewed', 'approved', 'rejected', 'paid'] as const;
export const SUBSIDY_CHANNELS = ['citizen', 'employer', 'operator', 'caseworker'] as const;

export const ZPolicyQuery = z.object({ jurisdiction: ZDivisionCode.optional(), on: ZIso.optional() }).strict();

const ZAmountRule = z.strictObject({
  kind: z.enum(['fixed', 'per_month', 'up_to', 'set_by_office']),
  yuan: z.number().nullable(),
  yuanPerMonth: z.number().nullable(),
  maxMonths: z.number().nullable(),
  max: z.number().nullable(),
  status: z.string(),
  source: z.string(),
  note: z.string().nullable(),
  /** In words, e.g. "每月 300 元，最长 36 个月（未经核实）". */
  text: z.string(),
});

export const ZPolicy = z.strictObject({
  id: z.string(),
  version: z.string(),
  jurisdictionPrefix: z.string(),
  category: z.enum(POLICY_CATEGORIES),
  beneficiary: z.enum(['person', 'employer']),
  replaces: z.string().nullable(),
  name: z.string(),
  nameEn: z.string(),
  targetGroups: z.array(z.string()),
  content: z.string(),
  materials: z.array(z.string()),
  office: z.string(),
  amount: ZAmountRule,
  period: z.enum(['once', 'yearly', 'monthly']),
  publicNotice: z.boolean(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  source: z.string(),
  conditions: z.string(),
  note: z.string().nullable(),
});
export type TPolicy = z.infer<typeof ZPolicy>;
export const ZPolicyList = z.strictObject({ jurisdiction: z.string(), on: z.string(), items: z.array(ZPolicy) });

export const ZPolicyVerdict = z.strictObject({
  policy: ZPolicy,
  verdict: z.enum(VERDICTS),
  missingFacts: z.array(z.string()),
  failed: z.array(z.string()),
  explanation: ZExplanation,
  /** Live or paid application for the current period, if any. */
  received: z.strictObject({ applicationNo: z.string(), state: z.string(), periodKey: z.string() }).nullable(),
  pushedOn: z.string().nullable(),
});
export type TPolicyVerdict = z.infer<typeof ZPolicyVerdict>;
export const ZPersonPolicies = z.strictObject({ personId: z.string(), on: z.string(), qualifies: z.array(ZPolicyVerdict), nearly: z.array(ZPolicyVerdict), not: z.array(ZPolicyVerdict) });

export const ZCandidatesQuery = z
  .object({ jurisdiction: ZDivisionCode.optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50) })
  .strict();
export const ZCandidate = z.strictObject({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  explanation: ZExplanation,
  pushed: z.boolean(),
});
export type TCandidate = z.infer<typeof ZCandidate>;
export const ZCandidates = z.strictObject({ policy: ZPolicy, jurisdiction: z.string(), total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(ZCandidate) });

export const ZPushBody = z
  .object({ jurisdiction: ZDivisionCode.optional(), channel: z.enum(['in_app', 'sms']).default('in_app'), personIds: z.array(z.uuid()).min(1).max(5000).optional() })
  .strict();
export const ZPushResult = z.strictObject({
  policyId: z.string(),
  version: z.string(),
  candidates: z.number(),
  pushed: z.number(),
  alreadyPushed: z.number(),
  servicesRecorded: z.number(),
  /** Candidates without a registration: told, but no `policy_briefing` service can be counted for them. */
  notCounted: z.number(),
});

// ---- subsidies --------------------------------------------------------------------------------------------------

export const ZClaim = z.strictObject({ months: z.number().int().min(1).max(120).optional(), yuan: z.number().positive().max(100_000_000).optional() });
export const ZApplyBody = z
  .object({
    policyId: ZPolicyParam.shape.policyId,
    personId: z.uuid().optional(),
    channel: z.enum(SUBSIDY_CHANNELS).optional(),
    employer: z.strictObject({ code: z.string().regex(/^[0-9A-Z]{18}$/, '18-character unified social credit code'), name: text(200) }).optional(),
    /** The period claimed: `YYYY` for yearly policies, `YYYY-MM` for monthly ones (default: today's). */
    period: z.string().regex(/^\d{4}(-\d{2})?$/).optional(),
    claim: ZClaim.default({}),
    attachmentIds: z.array(z.uuid()).max(20).default([]),
  })
  .strict();
export type TApplyBody = z.infer<typeof ZApplyBody>;
export const ZReviewBody = z
  .object({ decision: z.enum(['approve', 'reject']), months: z.number().int().min(1).max(120).optional(), yuan: z.number().positive().max(100_000_000).optional(), reason: text(1000).optional() })
  .strict();
export const ZConfirmBody = z.object({ agree: z.boolean(), note: text(1000).optional() }).strict();
export const ZApplicationsQuery = z
  .object({ jurisdiction: ZDivisionCode.optional(), state: z.enum(SUBSIDY_STATES).optional(), policyId: z.string().max(80).optional(), personId: z.uuid().optional() })
  .strict();

export const ZApplication = z.strictObject({
  id: z.string(),
  applicationNo: z.string(),
  personId: z.string(),
  personName: z.string(),
  policyId: z.string(),
  policyVersion: z.string(),
  policyName: z.string(),
  source: z.string(),
  jurisdictionCode: z.string(),
  beneficiary: z.string(),
  employer: z.strictObject({ code: z.string(), name: z.string() }).nullable(),
  periodKey: z.string(),
  channel: z.string(),
  state: z.enum(SUBSIDY_STATES),
  claim: ZClaim,
  verdict: z.enum(VERDICTS),
  missingFacts: z.array(z.string()),
  eligibility: ZExplanation,
  amountYuan: z.number().nullable(),
  amountExplanation: ZExplanation.nullable(),
  proposal: z.strictObject({ decision: z.enum(['approve', 'reject']), yuan: z.number().nullable(), reason: z.string().nullable(), by: z.string(), at: z.string() }).nullable(),
  decidedBy: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  batchId: z.string().nullable(),
  paidOn: z.string().nullable(),
  submittedOn: z.string(),
});
export type TApplication = z.infer<typeof ZApplication>;
export const ZApplicationList = z.strictObject({ items: z.array(ZApplication) });

export const ZBatchBody = z.object({ jurisdiction: ZDivisionCode.optional(), policyId: z.string().max(80).optional(), idempotencyKey: z.string().min(8).max(100) }).strict();
export const ZPaidBody = z.object({ paidOn: ZIso.optional() }).strict();
export const ZBatch = z.strictObject({
  id: z.string(),
  batchNo: z.string(),
  jurisdictionCode: z.string(),
  policyId: z.string().nullable(),
  state: z.enum(['exported', 'paid']),
  itemCount: z.number(),
  totalYuan: z.number(),
  createdAt: z.string(),
  paidOn: z.string().nullable(),
  replayed: z.boolean(),
});
export type TBatch = z.infer<typeof ZBatch>;
export const ZBatchList = z.strictObject({ items: z.array(ZBatch) });

export const ZLedgerQuery = z.object({ jurisdiction: ZDivisionCode.optional(), personId: z.uuid().optional(), policyId: z.string().max(80).optional(), period: z.string().max(7).optional() }).strict();
export const ZLedgerRow = z.strictObject({
  applicationNo: z.string(),
  personId: z.string(),
  personName: z.string(),
  employer: z.string().nullable(),
  policyId: z.string(),
  policyVersion: z.string(),
  periodKey: z.string(),
  state: z.string(),
  amountYuan: z.number(),
  batchNo: z.string().nullable(),
  paidOn: z.string().nullable(),
});
export const ZLedger = z.strictObject({ items: z.array(ZLedgerRow), totalYuan: z.number() });

export const ZTotals = z.strictObject({
  jurisdiction: z.string(),
  items: z.array(z.strictObject({ policyId: z.string(), county: z.string(), month: z.string(), state: z.string(), count: z.number(), totalYuan: z.number() })),
});

// ---- training -----------------------------------------------------------------------------------------------------

export const ZProviderBody = z.object({ jurisdictionCode: ZDivisionCode, name: text(200), address: text(300), phone: text(40) }).strict();
export const ZProvider = z.strictObject({ id: z.string(), jurisdictionCode: z.string(), name: z.string(), address: z.string(), phone: z.string() });
export const ZProgrammeBody = z
  .object({
    providerId: z.uuid(),
    title: text(200),
    occupationCode: z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/, 'CSCO occupation code, e.g. 4-10-01-01'),
    level: text(40).optional(),
    startsOn: ZIso,
    endsOn: ZIso,
    place: text(300),
    seats: z.number().int().min(1).max(10000),
    subsidyEligible: z.boolean().default(true),
  })
  .strict();
export const ZProgramme = z.strictObject({
  id: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  jurisdictionCode: z.string(),
  title: z.string(),
  occupationCode: z.string(),
  level: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  place: z.string(),
  seats: z.number(),
  enrolled: z.number(),
  subsidyEligible: z.boolean(),
  status: z.string(),
});
export type TProgramme = z.infer<typeof ZProgramme>;
export const ZTrainingQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
export const ZProgrammeList = z.strictObject({ providers: z.array(ZProvider), items: z.array(ZProgramme) });
export const ZEnrolBody = z.object({ personId: z.uuid() }).strict();
export const ZCompleteBody = z.object({ personId: z.uuid(), completedOn: ZIso.optional(), certificateNo: text(60).optional() }).strict();
export const ZEnrolment = z.strictObject({
  id: z.string(),
  personId: z.string(),
  programmeId: z.string(),
  state: z.string(),
  enrolledOn: z.string(),
  completedOn: z.string().nullable(),
  certificateNo: z.string().nullable(),
  serviceRecordId: z.string().nullable(),
});
