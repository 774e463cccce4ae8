/**
 * Contract of the person-file slice (一人一档) and households: request and response schemas (zod), which also
 * produce the OpenAPI document. The shared list/detail shapes of `./index.ts` are extended, never changed.
 */
import { z } from 'zod';
import {
  DOCUMENT_TYPES,
  EMPLOYMENT_STATUSES,
  INTENTIONS,
  LABOR_CAPACITIES,
  LEVELS,
  MARKS,
  RETIREMENT_CATEGORIES,
  RuleInputError,
  SERVICE_TYPES,
  TIERS,
  parseIsoDate,
  type DocumentType,
  type RetirementCategory,
} from '@bangfu/rules';
import { ZDivisionCode, ZPersonDetail, ZPersonListItem, ZPersonQuery } from './index.ts';

/** How a fact was gathered (REQUIREMENTS R1.2). */
export const FACT_SOURCES = ['visit', 'phone', 'sms', 'self_report', 'data_comparison', 'import'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/** Education (文化程度), ascending, as on the employment registration form; same codes as the demo data. */
export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'secondary_vocational',
  'junior_college',
  'bachelor',
  'postgraduate',
] as const;

export const RELATIONSHIPS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** The four clears (四清): headcount, skills, intention, service needs (NM24 一(二); XC23 四(一); CQ25 二). */
export const CLEARS = ['headcount', 'skills', 'intention', 'serviceNeeds'] as const;
export type Clear = (typeof CLEARS)[number];

/** A civil date `YYYY-MM-DD` that exists (checked by the rules package's date parser, bilingual message). */
export const ZIsoDate = z.string().superRefine((s, ctx) => {
  try {
    parseIsoDate(s, 'date');
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      message: e instanceof RuleInputError ? e.messageEn : 'invalid date',
      params: { zh: e instanceof RuleInputError ? e.messageZh : '日期无效' },
    });
  }
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const ZPlace = z.object({ code: ZDivisionCode, address: z.string().trim().max(200).optional() }).strict();

export const ZSkill = z.object({ name: text(60), level: z.string().trim().max(30).optional() }).strict();
export const ZCertificate = z
  .object({ name: text(80), number: z.string().trim().max(60).optional(), issuer: z.string().trim().max(80).optional(), issuedOn: ZIsoDate.optional() })
  .strict();
export const ZWorkHistoryEntry = z
  .object({ employer: text(100), position: z.string().trim().max(60).optional(), from: ZIsoDate, to: ZIsoDate.optional() })
  .strict()
  .refine((w) => w.to === undefined || w.to >= w.from, { message: '结束日期早于开始日期 / "to" is before "from"', path: ['to'] });

const ZSex = z.enum(['male', 'female']);
const ZPhone = z
  .string()
  .trim()
  .regex(/^(\+?86[- ]?)?(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话号码格式不正确（手机 11 位或区号-号码） / phone must be an 11-digit mobile or an area-code landline');
const ZServiceNeeds = z.array(z.enum(SERVICE_TYPES)).max(20);

export const ZMarkInput = z
  .object({ mark: z.enum(MARKS), since: ZIsoDate.optional(), source: z.enum(FACT_SOURCES), note: z.string().trim().max(200).optional() })
  .strict();

/** The editable facts of a file, shared by create and update. */
const fileFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[\p{Script=Han}A-Za-z·• .-]+$/u, '姓名只能包含汉字、字母和间隔号 / the name may contain Chinese characters, letters and the middle dot'),
  phone: ZPhone.nullable().optional(),
  residence: ZPlace,
  hukou: ZPlace.nullable().optional(),
  insured: ZPlace.nullable().optional(),
  workplace: ZPlace.nullable().optional(),
  education: z.enum(EDUCATION_LEVELS).nullable().optional(),
  skills: z.array(ZSkill).max(30).optional(),
  certificates: z.array(ZCertificate).max(30).optional(),
  workHistory: z.array(ZWorkHistoryEntry).max(50).optional(),
  laborCapacity: z.enum(LABOR_CAPACITIES).optional(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES),
  retirementCategory: z.enum(RETIREMENT_CATEGORIES as readonly RetirementCategory[] as [RetirementCategory, ...RetirementCategory[]]).nullable().optional(),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  monthlyIncome: z.number().min(0).max(10_000_000).nullable().optional(),
  intention: z.enum(INTENTIONS).nullable().optional(),
  serviceNeeds: ZServiceNeeds.optional(),
};

export const ZPersonCreateBody = z
  .object({
    documentType: z.enum(DOCUMENT_TYPES as readonly DocumentType[] as [DocumentType, ...DocumentType[]]).optional(),
    idNumber: z.string().trim().min(1).max(40),
    sex: ZSex.optional(),
    birthDate: ZIsoDate.optional(),
    ...fileFields,
    marks: z.array(ZMarkInput).max(20).optional(),
    /** How the facts in this form were gathered (recorded on the four clears). */
    source: z.enum(FACT_SOURCES),
  })
  .strict();
export type TPersonCreateBody = z.infer<typeof ZPersonCreateBody>;

export const ZPersonUpdateBody = z
  .object({
    version: z.number().int().min(1),
    source: z.enum(FACT_SOURCES),
    reason: z.string().trim().max(200).optional(),
    name: fileFields.name.optional(),
    phone: fileFields.phone,
    residence: ZPlace.optional(),
    hukou: fileFields.hukou,
    insured: fileFields.insured,
    workplace: fileFields.workplace,
    education: fileFields.education,
    skills: fileFields.skills,
    certificates: fileFields.certificates,
    workHistory: fileFields.workHistory,
    laborCapacity: fileFields.laborCapacity,
    employmentStatus: fileFields.employmentStatus.optional(),
    retirementCategory: fileFields.retirementCategory,
    disabilityGrade: fileFields.disabilityGrade,
    monthlyIncome: fileFields.monthlyIncome,
    intention: fileFields.intention,
    serviceNeeds: fileFields.serviceNeeds,
  })
  .strict();
export type TPersonUpdateBody = z.infer<typeof ZPersonUpdateBody>;

export const ZMarkEndBody = z
  .object({ mark: z.enum(MARKS), until: ZIsoDate.optional(), source: z.enum(FACT_SOURCES), note: z.string().trim().max(200).optional() })
  .strict();

export const ZFactBody = z
  .object({
    clear: z.enum(CLEARS),
    on: ZIsoDate,
    source: z.enum(FACT_SOURCES),
    skills: z.array(ZSkill).max(30).optional(),
    intention: z.enum(INTENTIONS).nullable().optional(),
    serviceNeeds: ZServiceNeeds.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    // Each clear carries its own fact; a value for another clear is a mistake in the form.
    const own: Record<Clear, string | undefined> = { headcount: undefined, skills: 'skills', intention: 'intention', serviceNeeds: 'serviceNeeds' };
    for (const key of ['skills', 'intention', 'serviceNeeds'] as const) {
      if (b[key] !== undefined && own[b.clear] !== key) {
        ctx.addIssue({ code: 'custom', path: [key], message: `not part of the "${b.clear}" fact`, params: { zh: `不属于“${b.clear}”这一项` } });
      }
    }
  });

export const ZReasonBody = z.object({ reason: z.string().trim().min(2, 'reason: at least 2 characters').max(200) }).strict();
export const ZMergeBody = z.object({ duplicateId: z.uuid(), reason: z.string().trim().min(2).max(200) }).strict();

export const ZRevealFieldsBody = z
  .object({
    reason: z.string().trim().min(2, 'reason: at least 2 characters').max(200),
    fields: z.array(z.enum(['idNumber', 'phone', 'disabilityGrade', 'monthlyIncome'])).min(1).max(4).optional(),
  })
  .strict();

/** Only the fields asked for (by default ID number and phone). */
export const ZRevealAnswer = z.object({
  idNumber: z.string().optional(),
  phone: z.string().nullable().optional(),
  disabilityGrade: z.number().nullable().optional(),
  monthlyIncome: z.number().nullable().optional(),
});

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const ZPersonSearchQuery = ZPersonQuery.extend({
  mark: z.enum(MARKS).optional(),
  status: z.enum(EMPLOYMENT_STATUSES).optional(),
  /** Registrants whose current service tier (short / medium / long-term unemployed) is this one (NM24 二(一)). */
  tier: z.enum(TIERS).optional(),
  /** Registrants whose current service level is this one (XC23 三(二): Level I / Level II). */
  level: z.enum(LEVELS).optional(),
  /** Operators only: include files hidden after a deletion request or a merge. */
  includeHidden: bool.optional(),
}).strict();

export const ZPersonGetQuery = z.object({ asOf: ZIsoDate.optional(), includeHidden: bool.optional() }).strict();

const ZPlaceOut = z.object({ code: z.string(), name: z.string(), address: z.string().nullable() }).nullable();
const ZClearState = z.object({
  status: z.enum(['complete', 'stale', 'missing']),
  on: z.string().nullable(),
  source: z.string().nullable(),
});
export const ZFourClears = z.object({
  staleAfterDays: z.number(),
  complete: z.boolean(),
  headcount: ZClearState,
  skills: ZClearState,
  intention: ZClearState,
  serviceNeeds: ZClearState,
});

export const ZMarkOut = z.object({
  mark: z.string(),
  since: z.string(),
  until: z.string().nullable(),
  source: z.string(),
  recordedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const ZPersonListItemEx = ZPersonListItem.extend({ employmentStatus: z.string(), hidden: z.boolean(), identityVerified: z.boolean() });

export const ZPersonFile = ZPersonDetail.extend({
  version: z.number(),
  documentType: z.string(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  /** Issue 11: a file a citizen created at sign-up stays unverified until a caseworker confirms the identity in person. */
  identity: z.object({ verified: z.boolean(), verifiedAt: z.string().nullable() }),
  mergedInto: z.string().nullable(),
  residence: ZPlaceOut,
  hukou: ZPlaceOut,
  insured: ZPlaceOut,
  workplace: ZPlaceOut,
  skills: z.array(ZSkill),
  certificates: z.array(ZCertificate),
  workHistory: z.array(z.object({ employer: z.string(), position: z.string().optional(), from: z.string(), to: z.string().optional() })),
  serviceNeeds: z.array(z.string()),
  retirementCategory: z.string().nullable(),
  /** Disability grade and income are only shown through the audited reveal; here only whether they are recorded. */
  hasDisabilityGrade: z.boolean(),
  hasIncome: z.boolean(),
  markHistory: z.array(ZMarkOut),
  fourClears: ZFourClears,
  /** `under_16`: a file may exist but the person cannot register (R2.1). */
  flags: z.array(z.string()),
  asOf: z.string().nullable(),
});
export type TPersonFile = z.infer<typeof ZPersonFile>;

export const ZPossibleDuplicate = z.object({
  id: z.string(),
  name: z.string(),
  birthDate: z.string(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  matched: z.array(z.enum(['name', 'birthDate', 'phone'])),
});

export const ZPersonCreated = z.object({ file: ZPersonFile, possibleDuplicates: z.array(ZPossibleDuplicate) });

export const ZPersonEvent = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  source: z.string().nullable(),
  reason: z.string().nullable(),
  change: z.record(z.string(), z.unknown()),
  mergedFrom: z.string().nullable(),
});

export const ZFourClearsSummaryQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
const ZPct = z.number().min(0).max(100);
export const ZFourClearsSummary = z.object({
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  staleAfterDays: z.number(),
  asOf: z.string(),
  items: z.array(
    z.object({
      jurisdiction: z.object({ code: z.string(), name: z.string() }),
      persons: z.number(),
      complete: z.number(),
      percent: ZPct,
      byClear: z.object({ headcount: ZPct, skills: ZPct, intention: ZPct, serviceNeeds: ZPct }),
    }),
  ),
});

/** Issue 11: per jurisdiction, inherited down the tree; `jurisdiction` defaults to the user's own. */
export const ZFourClearsSettingsBody = z.object({ staleAfterDays: z.number().int().min(1).max(3650), jurisdiction: ZDivisionCode.optional() }).strict();
export const ZFourClearsSettingsQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
export const ZFourClearsSettings = z.object({
  staleAfterDays: z.number(),
  jurisdiction: z.string(),
  /** Where the value applying here is set: this jurisdiction, the nearest ancestor that has one, or null (the default). */
  setAt: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------------------------
// Households

export const ZHouseholdCreateBody = z
  .object({
    jurisdictionCode: ZDivisionCode,
    address: z.string().trim().max(200).optional(),
    urban: z.boolean(),
    businessIncome: z.boolean().nullable().optional(),
  })
  .strict();

export const ZHouseholdUpdateBody = z
  .object({ address: z.string().trim().max(200).optional(), urban: z.boolean().optional(), businessIncome: z.boolean().nullable().optional() })
  .strict();

export const ZMemberAddBody = z.object({ personId: z.uuid(), relationship: z.enum(RELATIONSHIPS) }).strict();
export const ZMemberParams = z.object({ id: z.uuid(), personId: z.uuid() }).strict();

const ZTri = z.union([z.boolean(), z.literal('unknown')]);
export const ZExplanation = z.object({ rule: z.string(), source: z.string(), pack: z.string().optional(), text: z.string(), textEn: z.string().optional() });

export const ZHouseholdMember = z.object({
  personId: z.string(),
  name: z.string(),
  relationship: z.string().nullable(),
  sex: z.string(),
  birthDate: z.string(),
  ageYears: z.number(),
  employmentStatus: z.string(),
  registeredUnemployed: z.boolean(),
  workingAge: ZTri,
  unemployed: ZTri,
});

export const ZPeriod = z.object({
  id: z.string(),
  startedAt: z.string(),
  startedBy: z.unknown(),
  endedAt: z.string().nullable(),
  endedBy: z.unknown(),
});

export const ZHousehold = z.object({
  id: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  address: z.string().nullable(),
  urban: z.boolean(),
  businessIncome: z.boolean().nullable(),
  members: z.array(ZHouseholdMember),
  zeroEmployment: z.object({
    status: ZTri,
    pack: z.string(),
    workingAgeMembers: z.number(),
    missingFacts: z.array(z.string()),
    explanations: z.array(ZExplanation),
    since: z.string().nullable(),
  }),
  periods: z.array(ZPeriod),
});

export const ZZeroEmploymentQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
export const ZZeroEmploymentList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      jurisdiction: z.object({ code: z.string(), name: z.string() }),
      address: z.string().nullable(),
      members: z.number(),
      since: z.string(),
      ageDays: z.number(),
    }),
  ),
  total: z.number(),
});
