/**
 * The social-assistance linkage's contract: request bodies and complete response schemas (strict: a field the
 * service returns but the contract lacks fails loudly instead of vanishing); service result types are inferred.
 */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { ZExplanation } from '../registration/registration.contract.ts';

export const REFERRAL_KINDS = ['temporary_relief', 'dibao'] as const;
export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
export const ZPersonIdParam = z.object({ personId: z.uuid() }).strict();
export const ZIdParam = z.object({ id: z.uuid() }).strict();

export const ZReferBody = z.object({ kind: z.enum(REFERRAL_KINDS), reason: text(1000), referredOn: ZIso.optional() }).strict();
export const ZReferralQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    status: z.enum(REFERRAL_STATUSES).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const ZRespondBody = z.object({ status: z.enum(['accepted', 'declined']), note: text(1000), responseOn: ZIso.optional() }).strict();
export const ZDibaoEmploymentBody = z
  .object({
    employedOn: ZIso,
    monthlyIncomeYuan: z.number().min(0).max(1000000),
    costItems: z.array(z.object({ item: text(100), amountYuan: z.number().min(0).max(100000) }).strict()).max(20),
  })
  .strict();

/** A referral to civil affairs (临时救助 / 低保) and its response; `daysWaiting` while pending. */
export const ZCivilAffairsReferral = z.strictObject({
  id: z.string(),
  personId: z.string(),
  jurisdictionCode: z.string(),
  kind: z.enum(REFERRAL_KINDS),
  reason: z.string(),
  referredOn: z.string(),
  status: z.enum(REFERRAL_STATUSES),
  responseOn: z.string().nullable(),
  responseNote: z.string().nullable(),
  daysWaiting: z.number().nullable(),
});
export type TCivilAffairsReferral = z.infer<typeof ZCivilAffairsReferral>;

export const ZReferralPage = z.strictObject({
  items: z.array(ZCivilAffairsReferral.extend({ personName: z.string(), idNumberMasked: z.string() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  asOf: z.string(),
});
export type TReferralPage = z.infer<typeof ZReferralPage>;

/** A 低保 recipient who found work: employment-cost deduction and the gradual-exit period (CQ25 七). */
export const ZDibaoEmployment = z.strictObject({
  id: z.string(),
  employedOn: z.string(),
  monthlyIncomeYuan: z.number(),
  costDeductionYuan: z.number(),
  countedIncomeYuan: z.number(),
  costItems: z.array(z.string()),
  gradualExitMonths: z.number(),
  gradualExitEnds: z.string(),
  inGradualExit: z.boolean(),
  packRef: z.string(),
  explanation: ZExplanation,
});
export type TDibaoEmployment = z.infer<typeof ZDibaoEmployment>;

export const ZSocialAssistance = z.strictObject({ referrals: z.array(ZCivilAffairsReferral), dibaoEmployment: z.array(ZDibaoEmployment) });
export type TSocialAssistance = z.infer<typeof ZSocialAssistance>;
