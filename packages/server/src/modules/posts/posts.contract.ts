/**
 * The posts slice's contract (公益性岗位): request bodies and complete response schemas. Answers are serialised
 * through these (strict: a field the service returns but the contract lacks fails loudly instead of vanishing),
 * and the service's result types are inferred from them.
 */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { ZExplanation } from '../registration/registration.contract.ts';

export const EXIT_REASONS = ['term_ended', 'employed_elsewhere', 'resigned', 'dismissed', 'retired', 'deceased', 'placed_in_breach'] as const;
export type PostExitReason = (typeof EXIT_REASONS)[number];
export const POST_STATUSES = ['open', 'closed'] as const;
export const PLACEMENT_STATES = ['active', 'ended', 'removed'] as const;
export const COMPLAINT_STATUSES = ['open', 'substantiated', 'unfounded'] as const;
export const COMPLAINT_CHANNELS = ['phone', 'letter', 'online', 'visit', 'hotline_12333'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
export const ZId = z.object({ id: z.uuid() }).strict();
export const ZPlacementId = z.object({ placementId: z.uuid() }).strict();
export const ZComplaintParam = z.object({ id: z.uuid(), complaintId: z.uuid() }).strict();

export const ZPostBody = z
  .object({
    jurisdictionCode: ZDivisionCode,
    employer: text(200),
    postType: text(60),
    title: text(100),
    location: text(200),
    places: z.number().int().min(1).max(10000),
    termMonths: z.number().int().min(1).max(120),
    postSubsidyYuan: z.number().min(0).max(100000),
    socialInsuranceSubsidyYuan: z.number().min(0).max(100000),
    fundingSource: text(100),
    openedOn: ZIso.optional(),
  })
  .strict();
export type TPostBody = z.infer<typeof ZPostBody>;

export const ZPostListQuery = z.object({ jurisdiction: ZDivisionCode.optional(), status: z.enum(POST_STATUSES).optional() }).strict();
export const ZAlertsQuery = z.object({ jurisdiction: ZDivisionCode.optional(), withinDays: z.coerce.number().int().min(0).max(366).default(60) }).strict();
export const ZCandidatesQuery = z
  .object({
    personIds: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const ZStatusBody = z.object({ status: z.enum(POST_STATUSES) }).strict();
export const ZPlaceBody = z.object({ personId: z.uuid(), startOn: ZIso.optional(), termEnds: ZIso.optional(), note: text(500).optional() }).strict();
export const ZExtendBody = z.object({ termEnds: ZIso, reason: text(500) }).strict();
export const ZExitBody = z.object({ reason: z.enum(EXIT_REASONS), note: text(500), endedOn: ZIso.optional() }).strict();
export const ZComplaintBody = z
  .object({ channel: z.enum(COMPLAINT_CHANNELS), complainant: text(100).optional(), content: text(2000), placementId: z.uuid().optional(), receivedOn: ZIso.optional() })
  .strict();
export const ZInvestigateBody = z.object({ finding: z.enum(['substantiated', 'unfounded']), investigation: text(2000), removePlacement: z.boolean().default(false) }).strict();

/** A post as listed: places, how many are filled and free, monthly subsidies in yuan. */
export const ZWelfarePost = z.strictObject({
  id: z.string(),
  jurisdictionCode: z.string(),
  employer: z.string(),
  postType: z.string(),
  title: z.string(),
  location: z.string(),
  places: z.number(),
  filled: z.number(),
  free: z.number(),
  termMonths: z.number(),
  postSubsidyYuan: z.number(),
  socialInsuranceSubsidyYuan: z.number(),
  fundingSource: z.string(),
  status: z.enum(POST_STATUSES),
  openedOn: z.string(),
});
export type TWelfarePost = z.infer<typeof ZWelfarePost>;

/** One extension of a placement's term, with the limit in force that day and why. */
export const ZPlacementExtension = z.strictObject({
  on: z.string(),
  by: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.string(),
  allowed: z.string(),
  clause: z.string(),
  pack: z.string(),
  explanation: ZExplanation,
});
export type TPlacementExtension = z.infer<typeof ZPlacementExtension>;

/** The ranking recorded when the person was placed (rank among `of`, the pack's priority group, the reasons). */
export const ZPlacementRanking = z.strictObject({
  rank: z.number(),
  of: z.number(),
  group: z.string().nullable(),
  reasons: z.array(z.string()),
  reasonsEn: z.array(z.string()),
  allowedEnd: z.string(),
  note: z.string().nullable().optional(),
});

export const ZPostPlacement = z.strictObject({
  id: z.string(),
  personId: z.string(),
  postId: z.string(),
  startOn: z.string(),
  termEnds: z.string(),
  placementNo: z.number(),
  ranking: ZPlacementRanking,
  packRef: z.string(),
  state: z.enum(PLACEMENT_STATES),
  endedOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  exitNote: z.string().nullable(),
  extensions: z.array(ZPlacementExtension),
  /** Whole months from the start to the exit (or today, at most the term end), any part month counted. */
  subsidyMonths: z.number(),
});
export type TPostPlacement = z.infer<typeof ZPostPlacement>;

export const ZPostComplaint = z.strictObject({
  id: z.string(),
  postId: z.string(),
  receivedOn: z.string(),
  channel: z.string(),
  complainant: z.string().nullable(),
  content: z.string(),
  placementId: z.string().nullable(),
  status: z.enum(COMPLAINT_STATUSES),
  investigation: z.string().nullable(),
  decidedOn: z.string().nullable(),
});
export type TPostComplaint = z.infer<typeof ZPostComplaint>;

export const ZWelfarePostDetail = ZWelfarePost.extend({
  placements: z.array(ZPostPlacement.extend({ personName: z.string() })),
  complaints: z.array(ZPostComplaint),
});
export type TWelfarePostDetail = z.infer<typeof ZWelfarePostDetail>;

export const ZPostList = z.strictObject({ items: z.array(ZWelfarePost) });

export const ZPostAlerts = z.strictObject({
  asOf: z.string(),
  until: z.string(),
  items: z.array(
    z.strictObject({
      placementId: z.string(),
      postId: z.string(),
      postTitle: z.string(),
      personId: z.string(),
      personName: z.string(),
      termEnds: z.string(),
      daysLeft: z.number(),
      overdue: z.boolean(),
    }),
  ),
});
export type TPostAlerts = z.infer<typeof ZPostAlerts>;

export const ZPostCandidate = z.strictObject({
  ref: z.string(),
  rank: z.number(),
  eligible: z.union([z.boolean(), z.literal('unknown')]),
  group: z.string().nullable(),
  /** Term end if placed today: the normal term, or the statutory retirement date when near it. */
  termEnds: z.string().nullable(),
  reasons: z.array(z.string()),
  reasonsEn: z.array(z.string()),
  missingFacts: z.array(z.string()),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
});

export const ZPostCandidates = z.strictObject({
  post: ZWelfarePost,
  pack: z.string(),
  asOf: z.string(),
  /** One page; ranks are over the whole pool (`total`). */
  items: z.array(ZPostCandidate),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.strictObject({ eligible: z.number(), unknown: z.number(), ineligible: z.number() }),
  explanations: z.array(ZExplanation),
});
export type TPostCandidates = z.infer<typeof ZPostCandidates>;

/** How far a contract may run if extended today: the latest end, the clause and pack deciding it, and why. */
export const ZExtensionLimit = z.strictObject({ allowedEnd: z.string(), nearRetirement: z.boolean(), clause: z.string(), pack: z.string(), explanation: ZExplanation });
export type TExtensionLimit = z.infer<typeof ZExtensionLimit>;

export const ZExtensionPreview = z.strictObject({ placementId: z.string(), asOf: z.string(), termEnds: z.string(), extendable: z.boolean(), ...ZExtensionLimit.shape });
export type TExtensionPreview = z.infer<typeof ZExtensionPreview>;

export const ZInvestigated = z.strictObject({ complaint: ZPostComplaint, removed: ZPostPlacement.nullable() });
export type TInvestigated = z.infer<typeof ZInvestigated>;
