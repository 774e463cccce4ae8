/**
 * The jobs slice's contract (R9.2, R9.3): job postings with their review, occupations, job-seeking preferences,
 * explained matches both ways, and recommendations followed to their result. Complete answers; service types are
 * inferred from them.
 */
import { CHANNELS, HOURS_TYPES, MATCH_FACTORS, POSTING_STATES, RECOMMENDATION_STATES } from '@bangfu/rules';
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { EDUCATION_LEVELS } from '../../contract/persons.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
const ZOccupationCode = z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/, 'occupation code d-dd-dd-dd');
export const ZId = z.object({ id: z.uuid() }).strict();

export const POSTING_ACTIONS = ['submit', 'approve', 'reject', 'withdraw', 'fill', 'expire'] as const;
export type PostingAction = (typeof POSTING_ACTIONS)[number];

const postingFields = {
  employerId: z.uuid(),
  occupationCode: ZOccupationCode,
  title: text(100),
  description: z.string().trim().max(4000),
  openings: z.number().int().min(1).max(10000),
  jurisdictionCode: ZDivisionCode,
  address: text(200),
  payMin: z.number().int().min(0).max(1_000_000).nullable(),
  payMax: z.number().int().min(0).max(1_000_000).nullable(),
  hours: z.enum(HOURS_TYPES),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  experienceYears: z.number().int().min(0).max(50).nullable(),
  skills: z.array(text(50)).max(20),
  gig: z.boolean(),
  internship: z.boolean(),
  ageFriendly: z.boolean(),
  disabilitySuitable: z.boolean(),
  /** Why an age limit in the text is lawful (e.g. a safety rule of the trade); without it the review refuses one. */
  ageJustification: text(500).nullable(),
  validFrom: ZIso,
  validTo: ZIso,
};
/** A new posting (a draft); an employer account's postings are its own (`employerId` is then left out). */
export const ZPostingBody = z
  .object({
    ...postingFields,
    employerId: postingFields.employerId.optional(),
    description: postingFields.description.default(''),
    payMin: postingFields.payMin.default(null),
    payMax: postingFields.payMax.default(null),
    education: postingFields.education.default(null),
    experienceYears: postingFields.experienceYears.default(null),
    skills: postingFields.skills.default([]),
    gig: postingFields.gig.default(false),
    internship: postingFields.internship.default(false),
    ageFriendly: postingFields.ageFriendly.default(false),
    disabilitySuitable: postingFields.disabilitySuitable.default(false),
    ageJustification: postingFields.ageJustification.default(null),
  })
  .strict();
export type TPostingBody = z.infer<typeof ZPostingBody>;
export const ZPostingPatch = z.object(postingFields).omit({ employerId: true }).partial().strict();
export type TPostingPatch = z.infer<typeof ZPostingPatch>;

export const ZPostingCheckBody = z.object({ title: z.string().max(100).default(''), description: z.string().max(4000).default(''), skills: z.array(z.string().max(50)).max(20).default([]), ageJustification: z.string().max(500).nullable().default(null) }).strict();
export const ZPostingActionBody = z.object({ action: z.enum(POSTING_ACTIONS), note: text(500).optional() }).strict();
export const ZPostingListQuery = z.object({ jurisdiction: ZDivisionCode.optional(), state: z.enum(POSTING_STATES).optional(), employerId: z.uuid().optional(), q: z.string().trim().max(100).optional() }).strict();

export const ZReviewFinding = z.strictObject({ category: z.string(), field: z.string(), phrase: z.string(), textZh: z.string(), textEn: z.string(), source: z.string() });
export const ZReviewFindings = z.strictObject({ findings: z.array(ZReviewFinding) });

export const ZPosting = z.strictObject({
  id: z.string(),
  employerId: z.string().nullable(),
  employerName: z.string(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  openings: z.number(),
  filled: z.number(),
  jurisdictionCode: z.string(),
  address: z.string().nullable(),
  payMin: z.number().nullable(),
  payMax: z.number().nullable(),
  hours: z.enum(HOURS_TYPES),
  education: z.string().nullable(),
  experienceYears: z.number().nullable(),
  skills: z.array(z.string()),
  gig: z.boolean(),
  internship: z.boolean(),
  ageFriendly: z.boolean(),
  disabilitySuitable: z.boolean(),
  ageJustification: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  state: z.enum(POSTING_STATES),
  review: z.strictObject({ decision: z.string(), by: z.string(), at: z.string(), note: z.string().nullable(), findings: z.array(ZReviewFinding) }).nullable(),
  createdAt: z.string(),
});
export type TPosting = z.infer<typeof ZPosting>;
export const ZPostingList = z.strictObject({ items: z.array(ZPosting) });

export const ZOccupation = z.strictObject({ code: z.string(), level: z.number(), name: z.string(), aliases: z.array(z.string()) });
export const ZOccupationQuery = z.object({ q: z.string().trim().max(50).optional(), under: z.string().regex(/^\d(-\d{2}){0,3}$/).optional() }).strict();
export const ZOccupationList = z.strictObject({ items: z.array(ZOccupation), total: z.number() });

export const ZPreferencesBody = z
  .object({
    occupationCodes: z.array(ZOccupationCode).max(5),
    pastOccupationCodes: z.array(ZOccupationCode).max(10).default([]),
    payMin: z.number().int().min(0).max(1_000_000).nullable(),
    hours: z.array(z.enum(HOURS_TYPES)).max(3),
    experienceYears: z.number().int().min(0).max(60).nullable(),
  })
  .strict();
export type TPreferencesBody = z.infer<typeof ZPreferencesBody>;
export const ZPreferences = z.strictObject({
  personId: z.string(),
  occupations: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  pastOccupationCodes: z.array(z.string()),
  payMin: z.number().nullable(),
  hours: z.array(z.enum(HOURS_TYPES)),
  experienceYears: z.number().nullable(),
  updatedAt: z.string().nullable(),
});
export type TPreferences = z.infer<typeof ZPreferences>;

export const ZFactor = z.strictObject({
  factor: z.enum(MATCH_FACTORS),
  score: z.number(),
  weight: z.number(),
  points: z.number(),
  textZh: z.string(),
  textEn: z.string(),
  numbers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
const ZExplanationLine = z.strictObject({ rule: z.string(), source: z.string(), pack: z.string(), text: z.string(), textEn: z.string() });

export const ZMatchesQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();
export const ZPersonMatches = z.strictObject({
  personId: z.string(),
  asOf: z.string(),
  pack: z.string(),
  considered: z.number(),
  items: z.array(z.strictObject({ posting: ZPosting, score: z.number(), factors: z.array(ZFactor), recommended: z.boolean() })),
  explanations: z.array(ZExplanationLine),
});
export type TPersonMatches = z.infer<typeof ZPersonMatches>;

export const ZPostingCandidates = z.strictObject({
  posting: ZPosting,
  asOf: z.string(),
  pack: z.string(),
  considered: z.number(),
  items: z.array(z.strictObject({ personId: z.string(), name: z.string(), idNumberMasked: z.string(), jurisdictionCode: z.string(), score: z.number(), factors: z.array(ZFactor) })),
  explanations: z.array(ZExplanationLine),
});
export type TPostingCandidates = z.infer<typeof ZPostingCandidates>;

export const ZRecommendBody = z
  .object({
    postingIds: z.array(z.uuid()).min(1).max(10),
    channel: z.enum(CHANNELS).default('in_person'),
    servedOn: ZIso.optional(),
    note: text(500).optional(),
  })
  .strict();
export type TRecommendBody = z.infer<typeof ZRecommendBody>;

export const ZRecommendationStateBody = z.object({ to: z.enum(RECOMMENDATION_STATES), reason: text(500).optional() }).strict();

export const ZRecommendation = z.strictObject({
  id: z.string(),
  personId: z.string(),
  /** Masked for an employer (surname only). */
  personName: z.string(),
  posting: z.strictObject({ id: z.string(), title: z.string(), employerName: z.string(), jurisdictionCode: z.string(), payMin: z.number().nullable(), payMax: z.number().nullable(), state: z.enum(POSTING_STATES) }),
  serviceRecordId: z.string().nullable(),
  state: z.enum(RECOMMENDATION_STATES),
  /** The steps the caller's role may take from here. */
  next: z.array(z.enum(RECOMMENDATION_STATES)),
  reason: z.string().nullable(),
  score: z.number().nullable(),
  history: z.array(z.strictObject({ state: z.string(), at: z.string(), by: z.string(), role: z.string(), reason: z.string().optional() })),
  employmentId: z.string().nullable(),
  createdAt: z.string(),
});
export type TRecommendation = z.infer<typeof ZRecommendation>;
export const ZRecommendationList = z.strictObject({ items: z.array(ZRecommendation) });

export const ZFiguresQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();
/** Supervision figures of a subtree (R10.1): recommendations by result, per recommending user, postings and openings. */
export const ZJobFigures = z.strictObject({
  jurisdictionCode: z.string(),
  recommendations: z.strictObject({ total: z.number(), byState: z.record(z.enum(RECOMMENDATION_STATES), z.number()), interviews: z.number(), hires: z.number(), meanDaysToHire: z.number().nullable() }),
  byRecommender: z.array(z.strictObject({ userId: z.string().nullable(), recommendations: z.number(), hires: z.number() })),
  postings: z.strictObject({ byState: z.record(z.enum(POSTING_STATES), z.number()), openings: z.number(), filled: z.number() }),
});
export type TJobFigures = z.infer<typeof ZJobFigures>;
export const ZRecommended = z.strictObject({ items: z.array(ZRecommendation), obligation: z.strictObject({ delivered: z.number(), required: z.number() }).nullable() });
export type TRecommended = z.infer<typeof ZRecommended>;
