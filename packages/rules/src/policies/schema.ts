/**
 * Policy catalogue format (政策清单, R9.1/R9.5). A policy is data: its versions carry effective dates, the plain
 * content a person reads, the materials and office, the amount rule and the eligibility conditions over facts Bangfu
 * holds, each citing the document and clause it comes from. Files are validated with zod at load: an unknown fact,
 * a value of the wrong kind for a fact (an unknown mark, a text compared with `gte`) or a missing citation is refused
 * with the JSON path of the offending field.
 */
import { z } from 'zod';
import { EMPLOYMENT_STATUSES, MARKS, REGISTRATION_KINDS } from '../packs/codes.ts';
import { ParamStatusSchema, SourceSchema, isoDate } from '../packs/schema.ts';

/** Education levels, lowest first (the same codes as the person file's `education`). */
export const EDUCATION_LEVELS = ['none', 'primary', 'junior_secondary', 'senior_secondary', 'secondary_vocational', 'junior_college', 'bachelor', 'postgraduate'] as const;
export const EMPLOYER_KINDS = ['enterprise', 'small_micro', 'individual_business', 'social_organisation'] as const;

export const POLICY_CATEGORIES = [
  'training_subsidy',
  'skill_evaluation_subsidy',
  'social_insurance_subsidy',
  'hiring_subsidy',
  'job_expansion_subsidy',
  'startup_loan',
  'startup_subsidy',
  'tax_relief',
  'post_subsidy',
] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];

export interface FactSpec {
  readonly kind: 'number' | 'boolean' | 'enum' | 'set';
  /** Allowed values of enum and set facts (enum values are ordered: `gte` / `lte` compare positions). */
  readonly values?: readonly string[];
  /** The input field the fact comes from, named when it is missing. */
  readonly field: string;
  readonly zh: string;
}

/** The facts policy conditions may use, what kind each is, and where it comes from. */
export const POLICY_FACTS = {
  sex: { kind: 'enum', values: ['male', 'female'], field: 'person.sex', zh: '性别' },
  ageYears: { kind: 'number', field: 'person.birthDate', zh: '年龄' },
  mark: { kind: 'set', values: MARKS, field: 'person.marks', zh: '人员标识' },
  disabilityGrade: { kind: 'number', field: 'person.disabilityGrade', zh: '残疾等级' },
  registered: { kind: 'boolean', field: 'registration.state', zh: '有效的失业/求职登记' },
  registrationKind: { kind: 'enum', values: REGISTRATION_KINDS, field: 'registration.kind', zh: '登记类型' },
  registeredMonths: { kind: 'number', field: 'registration.registeredOn', zh: '登记时长（月）' },
  monthsToRetirement: { kind: 'number', field: 'person.retirementCategory', zh: '距法定退休（月）' },
  householdZeroEmployment: { kind: 'boolean', field: 'household.members', zh: '零就业家庭' },
  education: { kind: 'enum', values: EDUCATION_LEVELS, field: 'person.education', zh: '文化程度' },
  monthsSinceGraduation: { kind: 'number', field: 'person.graduatedOn', zh: '毕业时长（月）' },
  employmentStatus: { kind: 'enum', values: EMPLOYMENT_STATUSES, field: 'person.employmentStatus', zh: '就业状态' },
  socialInsurancePaid: { kind: 'boolean', field: 'person.socialInsurancePaid', zh: '已缴纳社会保险' },
  businessMonths: { kind: 'number', field: 'person.businessStartedOn', zh: '创业经营时长（月）' },
  trainingCompleted: { kind: 'boolean', field: 'training.completedOn', zh: '已完成培训' },
  certificateObtained: { kind: 'boolean', field: 'training.certificate', zh: '取得证书' },
  hiredMonths: { kind: 'number', field: 'employment.startedOn', zh: '入职时长（月）' },
  employerKind: { kind: 'enum', values: EMPLOYER_KINDS, field: 'employer.kind', zh: '用人单位类型' },
  urban: { kind: 'boolean', field: 'household.urban', zh: '城镇' },
} as const satisfies Record<string, FactSpec>;
export type PolicyFactName = keyof typeof POLICY_FACTS;
export const POLICY_FACT_NAMES = Object.keys(POLICY_FACTS) as [PolicyFactName, ...PolicyFactName[]];

export const POLICY_OPS = ['eq', 'ne', 'gte', 'gt', 'lte', 'lt', 'has'] as const;
export type PolicyOp = (typeof POLICY_OPS)[number];

export type PolicyCondition =
  | { all: PolicyCondition[] }
  | { any: PolicyCondition[] }
  | { not: PolicyCondition }
  | { fact: PolicyFactName; op: PolicyOp; value: string | number | boolean };

function checkLeaf(leaf: { fact: PolicyFactName; op: PolicyOp; value: string | number | boolean }, ctx: z.RefinementCtx): void {
  const spec: FactSpec = POLICY_FACTS[leaf.fact];
  const bad = (message: string, path: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
  switch (spec.kind) {
    case 'number':
      if (typeof leaf.value !== 'number') bad(`fact "${leaf.fact}" is a number`, 'value');
      if (leaf.op === 'has') bad(`"has" applies to set facts only (${leaf.fact} is a number)`, 'op');
      return;
    case 'boolean':
      if (typeof leaf.value !== 'boolean') bad(`fact "${leaf.fact}" is true or false`, 'value');
      if (leaf.op !== 'eq' && leaf.op !== 'ne') bad(`fact "${leaf.fact}" takes eq or ne`, 'op');
      return;
    case 'enum':
      if (typeof leaf.value !== 'string' || !spec.values!.includes(leaf.value)) bad(`unknown value "${String(leaf.value)}" of fact "${leaf.fact}" (one of ${spec.values!.join(', ')})`, 'value');
      if (leaf.op === 'has') bad(`"has" applies to set facts only`, 'op');
      return;
    case 'set':
      if (typeof leaf.value !== 'string' || !spec.values!.includes(leaf.value)) bad(`unknown value "${String(leaf.value)}" of fact "${leaf.fact}"`, 'value');
      if (leaf.op !== 'has') bad(`fact "${leaf.fact}" takes "has"`, 'op');
      return;
  }
}

export const PolicyConditionSchema: z.ZodType<PolicyCondition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(PolicyConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(PolicyConditionSchema).min(1) }).strict(),
    z.object({ not: PolicyConditionSchema }).strict(),
    z
      .object({ fact: z.enum(POLICY_FACT_NAMES), op: z.enum(POLICY_OPS), value: z.union([z.string(), z.number(), z.boolean()]) })
      .strict()
      .superRefine(checkLeaf),
  ]),
);


/**
 * How the amount is set. `fixed`: one sum; `per_month`: a monthly sum for at most `maxMonths`; `up_to`: the claimed
 * sum (cost, loan) up to `max`; `set_by_office`: no verifiable figure, the accepting office sets it (shown as such).
 * `status: unconfirmed` marks figures not checked against the original document.
 */
export const AmountRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), yuan: z.number().positive().max(10_000_000), status: ParamStatusSchema, source: SourceSchema, note: z.string().optional() }).strict(),
  z
    .object({ kind: z.literal('per_month'), yuanPerMonth: z.number().positive().max(1_000_000), maxMonths: z.number().int().min(1).max(120), status: ParamStatusSchema, source: SourceSchema, note: z.string().optional() })
    .strict(),
  z.object({ kind: z.literal('up_to'), max: z.number().positive().max(100_000_000), status: ParamStatusSchema, source: SourceSchema, note: z.string().optional() }).strict(),
  z.object({ kind: z.literal('set_by_office'), status: z.literal('unconfirmed'), source: SourceSchema, note: z.string().optional() }).strict(),
]);
export type AmountRule = z.infer<typeof AmountRuleSchema>;

/** How often the same beneficiary may receive it: once ever, once per calendar year, or per month. */
export const POLICY_PERIODS = ['once', 'yearly', 'monthly'] as const;
export type PolicyPeriod = (typeof POLICY_PERIODS)[number];

export const PolicyVersionSchema = z
  .object({
    version: z.string().min(1).max(40),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    name: z.string().min(1).max(200),
    nameEn: z.string().min(1).max(200),
    targetGroups: z.array(z.string().min(1)).min(1),
    content: z.string().min(1),
    materials: z.array(z.string().min(1)),
    office: z.string().min(1),
    amount: AmountRuleSchema,
    period: z.enum(POLICY_PERIODS),
    /** Public notice before payment (公示) where the policy requires it. */
    publicNotice: z.boolean().default(false),
    eligibility: PolicyConditionSchema,
    source: SourceSchema,
    status: ParamStatusSchema.optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((v) => v.effectiveTo === undefined || v.effectiveTo >= v.effectiveFrom, { message: 'effectiveTo is before effectiveFrom', path: ['effectiveTo'] });
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

export const PolicySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,80}$/, 'lowercase letters, digits, dots and dashes'),
    /** Division-code prefix the policy applies under ('' = national); inherited by every division below. */
    jurisdictionPrefix: z.string().regex(/^(\d{2}){0,6}$/, 'an even number of digits, at most 12'),
    category: z.enum(POLICY_CATEGORIES),
    /** `person`: paid to the person; `employer`: to the employer for hiring the person. */
    beneficiary: z.enum(['person', 'employer']),
    /** An inherited policy this one replaces below its prefix (e.g. a province's own start-up loan). */
    replaces: z.string().optional(),
    versions: z.array(PolicyVersionSchema).min(1),
  })
  .strict();
export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.infer<typeof PolicySchema>;
