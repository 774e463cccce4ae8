/**
 * Rule-pack format. A pack is data: every parameter carries the clause it comes from, so every decision can cite
 * it. Packs are validated with zod; a child pack may leave out whole groups or keys (it inherits them) and may set
 * a key to `null` to drop an inherited one. The merged result must satisfy `ParamsSchema` (checked at load time).
 */
import { z } from 'zod';
import { RuleInputError } from '../core/errors.ts';
import { parseIsoDate } from '../core/date.ts';
import {
  DEREGISTRATION_REASONS,
  EMPLOYMENT_STATUSES,
  INTENTIONS,
  LEVELS,
  MARKS,
  PLACE_BASES,
  REGISTRATION_KINDS,
  SERVICE_TYPES,
  TIERS,
} from './codes.ts';

/** An existing calendar date written YYYY-MM-DD. */
export const isoDate = z.string().refine((s) => {
  try {
    parseIsoDate(s, 'x');
    return true;
  } catch {
    return false;
  }
}, 'must be an existing date written YYYY-MM-DD');

export const SourceSchema = z.object({ doc: z.string().min(1), clause: z.string() }).strict();
export type Source = z.infer<typeof SourceSchema>;

/** How sure we are of a parameter: RULES.md asks to keep unverified numbers as configuration, marked as such. */
export const ParamStatusSchema = z.enum(['confirmed', 'unconfirmed', 'project_default']);
export type ParamStatus = z.infer<typeof ParamStatusSchema>;

/** A parameter: its value and the clause it comes from. */
export function sourced<T extends z.ZodType>(value: T) {
  return z
    .object({ value, source: SourceSchema, status: ParamStatusSchema.optional(), note: z.string().optional() })
    .strict();
}
export interface Sourced<T> {
  value: T;
  source: Source;
  status?: ParamStatus | undefined;
  note?: string | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Predicates: the structured conditions of difficulty criteria, post priority groups and obligations. Evaluated
// three-valued (true / false / unknown) so that a missing fact is named instead of guessed.

export const FACTS = [
  'sex', // person.sex
  'ageYears', // from person.birthDate and asOf
  'mark', // person.marks (op has)
  'disabilityGrade', // person.disabilityGrade, 1–4 (1–2 severe)
  'registeredMonths', // whole months since registration.registeredOn
  'registrationKind', // registration.kind
  'yearsSinceLeftSchool', // from person.leftSchoolOn
  'everEmployed', // person.everEmployed
  'householdZeroEmployment', // derived from household.members
  'landRemainingShare', // person.landRemainingShare, 0..1 of the land held before
  'residentMonths', // person.residentMonths in the jurisdiction
  'contributionYears', // person.contributionYears (insured years)
  'monthsToRetirement', // statutory retirement date minus asOf, whole months
  'urban', // person.urban
  'onlyChildOrTwoDaughtersParent', // person.onlyChildOrTwoDaughtersParent
  'postPlacements', // person.postPlacements: public-welfare post placements so far
] as const;
export type FactName = (typeof FACTS)[number];

export type Predicate =
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { fact: FactName; op: 'eq' | 'ne' | 'gte' | 'gt' | 'lte' | 'lt' | 'has'; value: string | number | boolean };

export const PredicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ any: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ not: PredicateSchema }).strict(),
    z
      .object({
        fact: z.enum(FACTS),
        op: z.enum(['eq', 'ne', 'gte', 'gt', 'lte', 'lt', 'has']),
        value: z.union([z.string(), z.number(), z.boolean()]),
      })
      .strict(),
  ]),
);

// ---------------------------------------------------------------------------------------------------------------
// Parameter groups.

const RegistrationGroup = z
  .object({
    minAge: sourced(z.number().int().min(0).max(30)),
    /** Upper bound: until the person draws the basic pension; the statutory retirement date stands in for it. */
    upperBound: sourced(z.enum(['pension_or_statutory_retirement'])),
    decisionWorkingDays: sourced(z.number().int().min(0).max(60)),
    firstContactWorkingDays: sourced(z.number().int().min(0).max(60)),
    placeBases: sourced(z.array(z.enum(PLACE_BASES)).min(1)),
    jobSeekingFallback: sourced(z.boolean()),
  })
  .strict();

const TiersGroup = z
  .object({
    shortMaxMonths: sourced(z.number().int().min(0).max(120)),
    mediumMaxMonths: sourced(z.number().int().min(0).max(120)),
    /**
     * The last tier has no end, so its minimum services (`window: tier`) are due this many calendar months after
     * it starts (after `mediumMaxMonths`); without it a long-term registrant's services would never be overdue.
     */
    longServiceMonths: sourced(z.number().int().min(1).max(120)),
  })
  .strict();

const ServiceLevelsGroup = z
  .object({
    level1DeadlineWorkingDays: sourced(z.number().int().min(0).max(60)),
    level2Condition: sourced(z.enum(['recognised_difficulty'])),
  })
  .strict();

export const ServicePackageSchema = z
  .object({ services: z.array(z.enum(SERVICE_TYPES)).min(1), textZh: z.string().min(1), textEn: z.string().min(1) })
  .strict();
export type ServicePackage = z.infer<typeof ServicePackageSchema>;

export const CLASSIFICATION_KEYS = [...INTENTIONS, 'ui_benefit', 'zero_employment_family'] as const;
const ClassificationGroup = z.object(
  Object.fromEntries(CLASSIFICATION_KEYS.map((k) => [k, sourced(ServicePackageSchema).optional()])) as Record<
    (typeof CLASSIFICATION_KEYS)[number],
    z.ZodOptional<ReturnType<typeof sourced<typeof ServicePackageSchema>>>
  >,
).strict();

export const ObligationRuleSchema = z
  .object({
    service: z.enum(SERVICE_TYPES),
    min: z.number().int().min(1),
    /** Who the rule applies to; every listed condition must hold. */
    when: z
      .object({
        tiers: z.array(z.enum(TIERS)).min(1).optional(),
        levels: z.array(z.enum(LEVELS)).min(1).optional(),
        keyGroup: z.literal(true).optional(),
        trainingNeed: z.literal(true).optional(),
      })
      .strict(),
    /**
     * Counting window and due date: `tier` — since registration, due when the current tier ends; `registration`
     * — within N working days of registration; `calendar_year` — within the calendar year of asOf; `open` — since
     * registration, no due date.
     */
    window: z.union([
      z.object({ kind: z.literal('tier') }).strict(),
      z.object({ kind: z.literal('registration'), workingDays: z.number().int().min(1).max(60) }).strict(),
      z.object({ kind: z.literal('calendar_year') }).strict(),
      z.object({ kind: z.literal('open') }).strict(),
    ]),
    textZh: z.string().min(1),
    source: SourceSchema,
    status: ParamStatusSchema.optional(),
  })
  .strict();
export type ObligationRule = z.infer<typeof ObligationRuleSchema>;

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'rule id: lower-case letters, digits, _ . -');

const KeyGroupsGroup = z
  .object({
    marks: sourced(z.array(z.enum(MARKS))),
    includeRegisteredUnemployed: sourced(z.boolean()),
  })
  .strict();

export const IntervalSchema = z
  .object({ months: z.number().int().min(1).max(24), alignment: z.enum(['calendar', 'rolling']) })
  .strict();
export type Interval = z.infer<typeof IntervalSchema>;

const FollowUpGroup = z
  .object({
    unemployedDifficulty: sourced(IntervalSchema),
    unemployedKeyGroup: sourced(IntervalSchema.nullable()),
    unemployedOther: sourced(IntervalSchema.nullable()),
    flexible: sourced(IntervalSchema),
    employedStable: sourced(IntervalSchema),
    adaptationPeriodMonths: sourced(z.number().int().min(0).max(24)),
    adaptation: sourced(IntervalSchema),
    /** A registration within this many months after an employment began marks the person re-unemployed (priority). */
    reunemploymentWindowMonths: sourced(z.number().int().min(1).max(60)),
  })
  .strict();

export const DeregistrationRuleSchema = z
  .object({
    allowed: z.boolean(),
    source: SourceSchema,
    textZh: z.string().min(1),
    /** Whether the same ground ends recognised-difficulty (assistance) status; RULES.md: the pack decides. */
    endsAssistance: z.object({ value: z.boolean(), source: SourceSchema }).strict().optional(),
    status: ParamStatusSchema.optional(),
  })
  .strict();
export type DeregistrationRule = z.infer<typeof DeregistrationRuleSchema>;

export const DifficultyCriterionSchema = z
  .object({
    nameZh: z.string().min(1),
    nameEn: z.string().min(1),
    when: PredicateSchema,
    source: SourceSchema,
    status: ParamStatusSchema.optional(),
  })
  .strict();
export type DifficultyCriterion = z.infer<typeof DifficultyCriterionSchema>;

const ZeroEmploymentGroup = z
  .object({
    minMembers: sourced(z.number().int().min(1).max(20)),
    requireRegisteredUnemployed: sourced(z.boolean()),
    requireNoBusinessIncome: sourced(z.boolean()),
    requireUrban: sourced(z.boolean()),
  })
  .strict();

export const PriorityGroupSchema = z
  .object({ id: ruleId, nameZh: z.string().min(1), nameEn: z.string().min(1), when: PredicateSchema })
  .strict();
export type PriorityGroup = z.infer<typeof PriorityGroupSchema>;

const PostsGroup = z
  .object({
    maxTermYears: sourced(z.number().int().min(1).max(10)),
    toRetirementWithinYears: sourced(z.number().int().min(0).max(10)),
    maxPlacements: sourced(z.number().int().min(1).max(10)),
    secondPlacement: sourced(PredicateSchema),
    priority: sourced(z.array(PriorityGroupSchema).min(1)),
  })
  .strict();

/**
 * Person–job matching (R9.3): the weight of each factor, the score of each place level (same community … other
 * province) and the ages from which a person counts as older (大龄) for age-friendly postings. Region-tunable data.
 */
export const MATCH_FACTORS = ['occupation', 'skills', 'place', 'pay', 'hours', 'suitability', 'education', 'experience'] as const;
export type MatchFactor = (typeof MATCH_FACTORS)[number];
const weight = z.number().min(0).max(100);
const unit = z.number().min(0).max(1);
const MatchingGroup = z
  .object({
    weights: sourced(z.object({ occupation: weight, skills: weight, place: weight, pay: weight, hours: weight, suitability: weight, education: weight, experience: weight }).strict()),
    placeScores: sourced(z.object({ village: unit, township: unit, county: unit, city: unit, province: unit, other: unit }).strict()),
    olderAge: sourced(z.object({ female: z.number().int().min(16).max(70), male: z.number().int().min(16).max(70) }).strict()),
  })
  .strict();

export const BenefitBandSchema = z
  .object({ fromYears: z.number().min(0), toYears: z.number().min(0).nullable(), months: z.number().int().min(1) })
  .strict();

const UiBenefitGroup = z
  .object({
    minContributionYears: sourced(z.number().min(0)),
    involuntaryJobLossRequired: sourced(z.boolean()),
    registrationRequired: sourced(z.boolean()),
    bands: sourced(z.array(BenefitBandSchema).min(1)),
  })
  .strict();

export const CalendarOverrideSchema = z
  .object({ date: isoDate, kind: z.enum(['holiday', 'workday']), note: z.string().optional() })
  .strict();

const CalendarGroup = z
  .object({ base: sourced(z.string().min(1)), overrides: sourced(z.array(CalendarOverrideSchema)) })
  .strict();

/**
 * Employment assistance (就业援助): the recognition workflow's working-day deadlines, the public-notice period and
 * how names are shown in it, the assistance period with its periodic re-check and hand-over assessment (CQ25 四),
 * the zero-employment family's immediate-assistance deadline (CQ25 三) and the 低保 gradual-exit period (CQ25 七).
 */
export const NOTICE_NAME_MASKS = ['surname_only', 'surname_and_last', 'full'] as const;
export type NoticeNameMask = (typeof NOTICE_NAME_MASKS)[number];
const AssistanceGroup = z
  .object({
    precheckWorkingDays: sourced(z.number().int().min(1).max(60)),
    reviewWorkingDays: sourced(z.number().int().min(1).max(60)),
    noticeWorkingDays: sourced(z.number().int().min(1).max(60)),
    noticeNameMask: sourced(z.enum(NOTICE_NAME_MASKS)),
    validityMonths: sourced(z.number().int().min(1).max(120)),
    recheckMonths: sourced(z.number().int().min(1).max(60)),
    handoverAssessmentDays: sourced(z.number().int().min(0).max(365)),
    zeroEmploymentAssistanceWorkingDays: sourced(z.number().int().min(1).max(60)),
    dibaoGradualExitMonths: sourced(z.number().int().min(0).max(24)),
    /** Months registered without unemployment-insurance benefit after which a registrant is referred as in hardship (R7.4). */
    referralLongTermMonths: sourced(z.number().int().min(1).max(60)),
  })
  .strict();

/** Complete parameters, as resolved after inheritance. */
export const ParamsSchema = z
  .object({
    registration: RegistrationGroup,
    tiers: TiersGroup,
    serviceLevels: ServiceLevelsGroup,
    classification: ClassificationGroup,
    obligations: z.record(ruleId, ObligationRuleSchema),
    keyGroups: KeyGroupsGroup,
    followUp: FollowUpGroup,
    deregistration: z.partialRecord(z.enum(DEREGISTRATION_REASONS), DeregistrationRuleSchema),
    difficulty: z.record(ruleId, DifficultyCriterionSchema),
    zeroEmployment: ZeroEmploymentGroup,
    posts: PostsGroup,
    matching: MatchingGroup,
    assistance: AssistanceGroup,
    uiBenefit: UiBenefitGroup,
    calendar: CalendarGroup,
  })
  .strict();
export type PackParams = z.infer<typeof ParamsSchema>;
export type ParamGroup = keyof PackParams;
export const PARAM_GROUPS = Object.keys(ParamsSchema.shape) as ParamGroup[];

/** Partial parameters of one pack: whole groups or single keys may be absent (inherited) or null (dropped). */
function partialGroup(group: z.ZodType): z.ZodType {
  if (group instanceof z.ZodObject) {
    const shape = group.shape as Record<string, z.ZodType>;
    return z
      .object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, unwrapOptional(v).nullable().optional()])))
      .strict();
  }
  if (group instanceof z.ZodRecord) {
    const rec = group as unknown as { keyType: z.ZodType; valueType: z.ZodType };
    return z.partialRecord(rec.keyType as z.ZodEnum, rec.valueType.nullable());
  }
  throw new Error('unsupported group schema');
}
function unwrapOptional(t: z.ZodType): z.ZodType {
  return t instanceof z.ZodOptional ? (t.unwrap() as z.ZodType) : t;
}

export const PartialParamsSchema = z
  .object(
    Object.fromEntries(
      Object.entries(ParamsSchema.shape).map(([k, v]) => [k, partialGroup(v as z.ZodType).optional()]),
    ) as Record<ParamGroup, z.ZodOptional<z.ZodType>>,
  )
  .strict();
export type PartialParams = { [G in ParamGroup]?: { [K in keyof PackParams[G]]?: PackParams[G][K] | null } };

export const PackSourceSchema = z
  .object({
    code: z.string().min(1),
    title: z.string().min(1),
    date: isoDate.optional(),
    issuer: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type PackSource = z.infer<typeof PackSourceSchema>;

export const RulePackSchema = z
  .object({
    id: ruleId,
    version: z.string().min(1),
    name: z.string().min(1),
    nameEn: z.string().optional(),
    jurisdictionPrefix: z.string().regex(/^(\d{2}){0,6}$/, 'a prefix of a 12-digit division code, in whole levels (0, 2, 4, 6 … digits)'),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    parent: ruleId.optional(),
    sources: z.array(PackSourceSchema),
    params: PartialParamsSchema,
    note: z.string().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.effectiveTo !== undefined && p.effectiveTo < p.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'effectiveTo is before effectiveFrom' });
    }
  });
export interface RulePack {
  id: string;
  version: string;
  name: string;
  nameEn?: string | undefined;
  jurisdictionPrefix: string;
  effectiveFrom: string;
  effectiveTo?: string | undefined;
  parent?: string | undefined;
  sources: PackSource[];
  params: PartialParams;
  note?: string | undefined;
}

/** A zod issue path as a JSON-ish path: `params.tiers.shortMaxMonths.value`, `sources[2].code`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out || '(root)';
}

export interface FieldProblem {
  field: string;
  messageZh: string;
  messageEn: string;
}

/** Turns zod issues into field problems in zh-CN and English (used for packs and for evaluate input). */
export function zodIssuesToProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    // Unions report every branch; keep the innermost issues so the path points at the real culprit.
    if (issue.code === 'invalid_union' && 'errors' in issue && Array.isArray(issue.errors) && issue.errors.length) {
      // The branch the input meant is the one with fewest shape mismatches (missing or unknown keys).
      const best = (issue.errors as z.core.$ZodIssue[][]).reduce((a, b) => (mismatch(b) < mismatch(a) || (mismatch(b) === mismatch(a) && depth(b) > depth(a)) ? b : a));
      out.push(...zodIssuesToProblems(new z.ZodError(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))), prefix));
      continue;
    }
    // Unknown keys: name the key itself, e.g. `person.foo`.
    const path = issue.code === 'unrecognized_keys' && issue.keys.length ? [...issue.path, issue.keys[0]!] : issue.path;
    const field = formatPath(path, prefix);
    out.push({ field, messageZh: zhMessage(issue), messageEn: issue.message });
  }
  return out;
}
function depth(issues: z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}
/** zod 4 omits the input from issues by default, so a missing value is recognised by its message. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && /received undefined/.test(issue.message);
}
function mismatch(issues: z.core.$ZodIssue[]): number {
  return issues.filter((i) => i.code === 'unrecognized_keys' || isMissing(i)).length;
}

function zhMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return isMissing(issue) ? '缺少必填字段' : `类型错误，应为 ${issue.expected}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return `取值不在允许范围内：${issue.values.map(String).join('、')}`;
    case 'too_small':
      return `数值或长度过小（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `数值或长度过大（最大 ${String(issue.maximum)}）`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_key':
      return '键名不在允许范围内';
    case 'custom':
      return `不符合要求：${issue.message}`;
    default:
      return `输入无效：${issue.message}`;
  }
}

/**
 * Validates one pack's shape (not its inheritance: see PackRegistry). Throws RuleInputError('invalid_pack') whose
 * field is the exact JSON path of the first problem.
 */
export function validatePackShape(json: unknown): RulePack {
  const r = RulePackSchema.safeParse(json);
  if (!r.success) {
    const first = zodIssuesToProblems(r.error)[0] ?? { field: '(root)', messageZh: '规则包无效', messageEn: 'invalid pack' };
    throw new RuleInputError('invalid_pack', first.field, `规则包无效：${first.messageZh}`, `invalid pack: ${first.messageEn}`);
  }
  return r.data as RulePack;
}

export { REGISTRATION_KINDS, EMPLOYMENT_STATUSES };
