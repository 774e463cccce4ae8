/** Zod schemas of the registration slice's requests and answers (the OpenAPI document is generated from them). */
import { z } from 'zod';
import { DEREGISTRATION_REASONS, EMPLOYMENT_STATUSES, INTENTIONS, LABOR_CAPACITIES, PLACE_BASES, REGISTRATION_KINDS, isValidCivilDate } from '@bangfu/rules';
import { ZDivisionCode } from '../../contract/index.ts';

export const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date: YYYY-MM-DD')
  .refine((s) => isValidCivilDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))), 'date does not exist');

/** Marks recorded at registration (R2.5, XC23 四(一)). */
export const REGISTRATION_MARKS = ['difficulty', 'graduate_unemployed', 'poverty_alleviated'] as const;

/** Channels of the first contact (R2.7) and types of a registered employment. */
export const FIRST_CONTACT_CHANNELS = ['in_person', 'home_visit', 'phone', 'sms', 'online'] as const;
export const EMPLOYMENT_TYPES = ['stable', 'flexible', 'self_employed'] as const;

export const UNEMPLOYMENT_REASONS = [
  'dismissed', // 被用人单位解除劳动合同
  'contract_ended', // 劳动合同期满终止
  'resigned', // 本人辞职
  'business_closed', // 个体经营或企业停业
  'graduate', // 毕业未就业
  'demobilised', // 退役未就业
  'land_lost', // 失地
  'released', // 刑满释放
  'other',
] as const;

export const ZCommitment = z
  .object({
    version: z.string().min(1).max(64),
    /** When the paper form was signed (offline); defaults to now. Online signatures are always timestamped now. */
    signedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

const registrationFacts = {
  /** Unemployment / job-seeking registration; an ineligible person is offered job seeking (R2.4). */
  kind: z.enum(REGISTRATION_KINDS).default('unemployment'),
  /** When unemployment registration is not possible, register job seeking instead (true) or refuse (false). */
  acceptJobSeeking: z.boolean().default(true),
  placeBasis: z.enum(PLACE_BASES),
  /** Registering division (default: the person's residence community); must lie in the user's area. */
  jurisdictionCode: ZDivisionCode.optional(),
  appliedOn: ZIsoDate.optional(),
  registeredOn: ZIsoDate.optional(),
  /** Facts the person declares (default: from the file; unemployed and wanting work). */
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
  laborCapacity: z.enum(LABOR_CAPACITIES).optional(),
  wantsWork: z.boolean().default(true),
  pensionSince: ZIsoDate.optional(),
  unemploymentReason: z.enum(UNEMPLOYMENT_REASONS),
  skills: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  intention: z.enum(INTENTIONS),
  marks: z.array(z.enum(REGISTRATION_MARKS)).max(3).default([]),
  /** UI benefit facts (失业保险条例 第十四条). */
  contributionYears: z.number().min(0).max(60).optional(),
  involuntaryJobLoss: z.boolean().optional(),
};

export const ZRegistrationBody = z.object({ ...registrationFacts, commitment: ZCommitment }).strict();
export type TRegistrationBody = z.infer<typeof ZRegistrationBody>;

export const ZEligibilityBody = z.object(registrationFacts).strict();
export type TEligibilityBody = z.infer<typeof ZEligibilityBody>;

export const ZExplanation = z.object({
  rule: z.string(),
  source: z.string(),
  pack: z.string().optional(),
  text: z.string(),
  textEn: z.string().optional(),
  numbers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

export const ZReason = z.object({
  code: z.string(),
  met: z.union([z.boolean(), z.literal('unknown')]),
  source: z.string(),
  textZh: z.string(),
  textEn: z.string(),
});

export const ZEligibility = z.object({
  pack: z.string(),
  /** What the rules say: unemployment, job_seeking instead, refused, undetermined. */
  decision: z.enum(['unemployment', 'job_seeking', 'refused', 'undetermined']),
  eligible: z.union([z.boolean(), z.literal('unknown')]),
  reasons: z.array(ZReason),
  missingFacts: z.array(z.string()),
  decisionDeadline: z.string().nullable(),
  firstContactDeadline: z.string().nullable(),
  uiBenefit: z.object({ eligible: z.union([z.boolean(), z.literal('unknown')]), maxMonths: z.number().nullable(), missingFacts: z.array(z.string()) }),
  explanations: z.array(ZExplanation),
});
export type TEligibility = z.infer<typeof ZEligibility>;

export const ZOfficeRef = z.object({ id: z.string(), name: z.string(), address: z.string(), phone: z.string() });

export const ZRegistration = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.string(),
  state: z.string(),
  registrationNo: z.string().nullable(),
  period: z.number().nullable(),
  channel: z.string(),
  registeredOn: z.string(),
  appliedOn: z.string().nullable(),
  placeBasis: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  office: ZOfficeRef.nullable(),
  caseworker: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  commitment: z.object({ version: z.string(), signedAt: z.string() }).nullable(),
  unemploymentReason: z.string().nullable(),
  skills: z.array(z.string()),
  intention: z.string().nullable(),
  marks: z.array(z.string()),
  uiBenefit: z.object({ eligible: z.string().nullable(), maxMonths: z.number().nullable() }),
  offeredInstead: z.boolean(),
  /** Registered again within the pack's window after an employment (CQ25 四): re-unemployed, priority help. */
  reunemployed: z.object({ afterEmploymentId: z.string(), source: z.string() }).nullable(),
  packRef: z.string().nullable(),
  deadlines: z.object({
    decision: z.string().nullable(),
    /** The decision is made when the registration is recorded: met if registeredOn ≤ the decision deadline. */
    decisionMet: z.boolean().nullable(),
    firstContact: z.string().nullable(),
    explanations: z.array(ZExplanation),
  }),
  firstContact: z.object({ on: z.string(), channel: z.string().nullable(), note: z.string().nullable() }).nullable(),
  cancelledOn: z.string().nullable(),
  deregistration: z.object({ reason: z.string(), rule: z.string().nullable(), note: z.string().nullable(), source: z.string().nullable() }).nullable(),
  createdAt: z.string(),
});
export type TRegistration = z.infer<typeof ZRegistration>;

export const ZRegistrationCreated = z.object({
  registration: ZRegistration,
  eligibility: ZEligibility,
  /** True when a job-seeking registration was made because unemployment registration was not possible. */
  offeredInstead: z.boolean(),
});

export const ZPersonIdParam = z.object({ personId: z.uuid() }).strict();

export const ZWorklistQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    state: z.enum(['active', 'cancelled']).default('active'),
    due: z.enum(['first_contact']).optional(),
    /** Day the days-left figures are counted from (default: today in China). */
    asOf: ZIsoDate.optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ZWorklistItem = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  registrationNo: z.string().nullable(),
  kind: z.string(),
  state: z.string(),
  channel: z.string(),
  registeredOn: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  firstContactDeadline: z.string().nullable(),
  firstContactOn: z.string().nullable(),
  /** Calendar days from asOf to the first-contact deadline (negative: overdue); null when met or not tracked. */
  daysLeft: z.number().nullable(),
  /** Working days from asOf to the deadline by the pack's calendar (negative: overdue). */
  workingDaysLeft: z.number().nullable(),
  overdue: z.boolean(),
});

export const ZWorklist = z.object({ items: z.array(ZWorklistItem), total: z.number(), page: z.number(), pageSize: z.number(), asOf: z.string() });
export type TWorklist = z.infer<typeof ZWorklist>;

export const ZFirstContactBody = z
  .object({
    on: ZIsoDate,
    channel: z.enum(FIRST_CONTACT_CHANNELS),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

export const ZDeregisterBody = z
  .object({
    reason: z.enum(DEREGISTRATION_REASONS),
    on: ZIsoDate,
    note: z.string().trim().max(500).optional(),
    /** Required for `other_statutory`: the state or provincial rule relied on. */
    rule: z.string().trim().min(2).max(200).optional(),
  })
  .strict();

export const ZEmploymentBody = z
  .object({
    employerName: z.string().trim().min(2).max(100),
    /** 统一社会信用代码: 18 characters of digits and capital letters (GB 32100-2015 alphabet). */
    employerCreditCode: z
      .string()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'employerCreditCode: 18-character unified social credit code')
      .optional(),
    startedOn: ZIsoDate,
    type: z.enum(EMPLOYMENT_TYPES),
  })
  .strict();

export const ZEmployment = z.object({
  id: z.string(),
  personId: z.string(),
  employerName: z.string(),
  employerCreditCode: z.string().nullable(),
  startedOn: z.string(),
  type: z.string(),
  endedRegistration: z.object({ id: z.string(), registrationNo: z.string().nullable(), reason: z.string() }).nullable(),
  createdAt: z.string(),
});
export type TEmployment = z.infer<typeof ZEmployment>;

export const ZNotificationRecord = z.object({ id: z.string(), channel: z.string(), templateId: z.string(), state: z.string() });

export const ZDeregistered = z.object({ registration: ZRegistration, notifications: z.array(ZNotificationRecord), explanations: z.array(ZExplanation) });
export type TDeregistered = z.infer<typeof ZDeregistered>;

export const ZCommitmentText = z.object({ version: z.string(), effectiveFrom: z.string(), titleZh: z.string(), textZh: z.string(), textEn: z.string(), source: z.string(), sha256: z.string() });
