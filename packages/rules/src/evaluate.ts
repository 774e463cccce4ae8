/**
 * `evaluateCase`: one person's facts → every decision the pack in force makes about them, each with explanations.
 * Used by the API, the CLI (`bangfu evaluate`), nightly jobs and what-if. Input is validated strictly (unknown fields
 * are rejected); nonsense (impossible dates or ages, unknown codes, a jurisdiction that is not 12 digits) throws a
 * RuleInputError naming the field. Sections whose facts are absent are omitted and listed in `omitted` with the
 * facts they lack; partially known facts give `'unknown'` with `missingFacts` — never a guess.
 */
import { z } from 'zod';
import { compareDates, parseIsoDate, wholeMonthsBetween, type CivilDate, type IsoDate } from './core/date.ts';
import { RuleInputError } from './core/errors.ts';
import type { Explanation } from './core/explain.ts';
import { WorkCalendar, chinaStateCouncilCalendar, type CalendarData } from './calendar/index.ts';
import { checkIdentity, maskIdNumber } from './identity/index.ts';
import { RETIREMENT_CATEGORIES, assessRetirement, type RetirementAssessment, type RetirementCategory } from './retirement/index.ts';
import { PackRegistry, checkJurisdiction, type ResolvedPack } from './packs/registry.ts';
import { zodIssuesToProblems, type FieldProblem } from './packs/schema.ts';
import {
  CHANNELS,
  DEREGISTRATION_REASONS,
  EMPLOYMENT_STATUSES,
  INTENTIONS,
  LABOR_CAPACITIES,
  MARKS,
  PLACE_BASES,
  REGISTRATION_KINDS,
  SERVICE_TYPES,
  type Mark,
} from './packs/codes.ts';
import type { PredicateFacts, Tri } from './evaluators/common.ts';
import { evaluateRegistration, type RegistrationDecision } from './evaluators/registration.ts';
import { evaluateLevel, evaluateTier } from './evaluators/tier.ts';
import { evaluateClassification, type ClassificationDecision } from './evaluators/classification.ts';
import { evaluateObligations, isKeyGroup, type ObligationDecision } from './evaluators/obligations.ts';
import { evaluateFollowUp, type FollowUpDecision } from './evaluators/followup.ts';
import { evaluateDeregistration, type DeregistrationDecision } from './evaluators/deregistration.ts';
import { evaluateDifficulty, evaluateHousehold, type DifficultyCategory, type HouseholdMemberDecision } from './evaluators/difficulty.ts';
import { rankPostCandidates, type PostCandidateFacts, type RankedCandidate } from './evaluators/posts.ts';
import { evaluateUiBenefit } from './evaluators/ui-benefit.ts';

// ---------------------------------------------------------------------------------------------------------------
// Input schema.

const isoDate = z.string().superRefine((s, ctx) => {
  try {
    parseIsoDate(s, 'x');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof RuleInputError ? e.messageEn : 'invalid date', params: { zh: e instanceof RuleInputError ? e.messageZh : '日期无效' } });
  }
});
const sex = z.enum(['male', 'female']);

export const PersonSchema = z
  .object({
    idNumber: z.string().min(1).max(40).optional(),
    sex: sex.optional(),
    birthDate: isoDate.optional(),
    retirementCategory: z.enum(RETIREMENT_CATEGORIES as readonly RetirementCategory[] as [RetirementCategory, ...RetirementCategory[]]).optional(),
    pensionSince: isoDate.optional(),
    laborCapacity: z.enum(LABOR_CAPACITIES).optional(),
    wantsWork: z.boolean().optional(),
    employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
    /** Start of the current job (for post-employment follow-up). */
    employedSince: isoDate.optional(),
    intention: z.enum(INTENTIONS).optional(),
    marks: z.array(z.enum(MARKS)).optional(),
    disabilityGrade: z.number().int().min(1).max(4).optional(),
    leftSchoolOn: isoDate.optional(),
    everEmployed: z.boolean().optional(),
    contributionYears: z.number().min(0).max(60).optional(),
    involuntaryJobLoss: z.boolean().optional(),
    trainingNeed: z.boolean().optional(),
    landRemainingShare: z.number().min(0).max(1).optional(),
    residentMonths: z.number().int().min(0).max(1500).optional(),
    urban: z.boolean().optional(),
    onlyChildOrTwoDaughtersParent: z.boolean().optional(),
    postPlacements: z.number().int().min(0).max(20).optional(),
  })
  .strict();

export const HouseholdMemberSchema = z
  .object({
    ref: z.string().min(1).max(64).optional(),
    sex,
    birthDate: isoDate,
    retirementCategory: z.enum(RETIREMENT_CATEGORIES as readonly RetirementCategory[] as [RetirementCategory, ...RetirementCategory[]]).optional(),
    pensionSince: isoDate.optional(),
    employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
    laborCapacity: z.enum(LABOR_CAPACITIES).optional(),
    registeredUnemployed: z.boolean().optional(),
  })
  .strict();

export const CandidateSchema = z
  .object({
    ref: z.string().min(1).max(64),
    sex,
    birthDate: isoDate,
    retirementCategory: z.enum(RETIREMENT_CATEGORIES as readonly RetirementCategory[] as [RetirementCategory, ...RetirementCategory[]]).optional(),
    pensionSince: isoDate.optional(),
    marks: z.array(z.enum(MARKS)).optional(),
    disabilityGrade: z.number().int().min(1).max(4).optional(),
    postPlacements: z.number().int().min(0).max(20).optional(),
    householdZeroEmployment: z.boolean().optional(),
    registeredOn: isoDate.optional(),
  })
  .strict();

export const EvaluateInputSchema = z
  .object({
    jurisdiction: z.string().regex(/^\d{12}$/, 'must be a 12-digit division code'),
    asOf: isoDate,
    person: PersonSchema,
    household: z
      .object({ members: z.array(HouseholdMemberSchema).max(50), urban: z.boolean().optional(), businessOrInvestmentIncome: z.boolean().optional() })
      .strict()
      .optional(),
    registration: z
      .object({ kind: z.enum(REGISTRATION_KINDS), registeredOn: isoDate, appliedOn: isoDate.optional(), placeBasis: z.enum(PLACE_BASES).optional() })
      .strict()
      .optional(),
    services: z.array(z.object({ type: z.enum(SERVICE_TYPES), on: isoDate, channel: z.enum(CHANNELS).optional() }).strict()).max(10_000).optional(),
    contacts: z.array(z.object({ on: isoDate, channel: z.enum(CHANNELS).optional(), note: z.string().max(500).optional() }).strict()).max(10_000).optional(),
    proposedDeregistration: z.object({ reason: z.enum(DEREGISTRATION_REASONS), rule: z.string().min(1).max(200).optional() }).strict().optional(),
    candidates: z.array(CandidateSchema).max(10_000).optional(),
  })
  .strict();
export type EvaluateInput = z.infer<typeof EvaluateInputSchema>;

/** Turns a ZodError from `EvaluateInputSchema` into field problems in zh-CN and English. */
export function zodErrorToProblems(error: z.ZodError): FieldProblem[] {
  return zodIssuesToProblems(error).map((p) => {
    const issue = error.issues.find((i) => i.code === 'custom' && p.messageEn === i.message);
    const zh = (issue as { params?: { zh?: string } } | undefined)?.params?.zh;
    return zh ? { ...p, messageZh: zh } : p;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

export interface Decision {
  jurisdiction: string;
  asOf: IsoDate;
  pack: { id: string; version: string; chain: readonly string[] };
  identity?: { valid: boolean; normalized: string | null; masked: string | null; documentType: string | null; birthDate: IsoDate | null; sex: 'male' | 'female' | null; problems: { code: string; messageZh: string; messageEn: string }[] };
  retirement?: { age: { years: number; months: number }; category: string; date: IsoDate | null; candidates?: { category: string; date: IsoDate }[]; reached: Tri };
  registration: Omit<RegistrationDecision, 'explanations'>;
  tier?: { code: string; months: number; since: IsoDate; nextChange: IsoDate | null };
  level?: { code: string; deadline: IsoDate | null; missingFacts: string[] };
  classification: Omit<ClassificationDecision, 'explanations'>;
  obligations?: ObligationDecision[];
  followUp: Omit<FollowUpDecision, 'explanations'>;
  deregistration?: Omit<DeregistrationDecision, 'explanations'>;
  difficulty: { eligible: Tri; recognised: boolean | null; registeredUnemployed: Tri; categories: DifficultyCategory[]; missingFacts: string[] };
  household?: { zeroEmployment: Tri; workingAgeMembers: number; members: HouseholdMemberDecision[]; missingFacts: string[] };
  uiBenefit: { eligible: Tri; maxMonths: number | null; missingFacts: string[] };
  ranking?: RankedCandidate[];
  /** Sections left out, with the facts they would need. */
  omitted: Record<string, string[]>;
  warnings: string[];
  explanations: Explanation[];
}

export interface EvaluateOptions {
  /** Base calendars by id, beyond the built-in State Council one (`cn-state-council`). */
  calendars?: Readonly<Record<string, CalendarData>>;
}

const calendarCache = new WeakMap<ResolvedPack, WorkCalendar>();

/** The working-day calendar a pack names (base calendar + the pack's overrides), cached per resolved pack. */
export function calendarForPack(pack: ResolvedPack, options: EvaluateOptions = {}): WorkCalendar {
  const hit = options.calendars ? undefined : calendarCache.get(pack);
  if (hit) return hit;
  const base = pack.params.calendar.base.value;
  const data = options.calendars?.[base] ?? (base === chinaStateCouncilCalendar().id ? chinaStateCouncilCalendar() : undefined);
  if (!data) throw new RuleInputError('unknown_code', 'pack.calendar.base', `未知的工作日历“${base}”`, `unknown base calendar "${base}"`);
  const cal = new WorkCalendar(data, pack.params.calendar.overrides.value);
  if (!options.calendars) calendarCache.set(pack, cal);
  return cal;
}

function fail(field: string, zh: string, en: string, code: 'out_of_range' | 'invalid_value' = 'out_of_range'): never {
  throw new RuleInputError(code, field, zh, en);
}

function parseInput(raw: unknown): EvaluateInput {
  // Give the jurisdiction its own precise error before anything else (it selects the pack).
  if (raw && typeof raw === 'object' && 'jurisdiction' in raw) checkJurisdiction((raw as { jurisdiction: unknown }).jurisdiction);
  const r = EvaluateInputSchema.safeParse(raw);
  if (!r.success) {
    const first = zodErrorToProblems(r.error)[0]!;
    const isDate = r.error.issues.some((i) => i.code === 'custom' && i.message.includes('date'));
    throw new RuleInputError(isDate ? 'invalid_date' : 'invalid_value', first.field, first.messageZh, first.messageEn);
  }
  return r.data;
}

function retirementFor(
  p: { sex?: 'male' | 'female' | undefined; birthDate?: string | undefined; retirementCategory?: RetirementCategory | undefined; pensionSince?: string | undefined },
  asOf: IsoDate,
): RetirementAssessment | undefined {
  if (!p.sex || !p.birthDate) return undefined;
  return assessRetirement(
    { sex: p.sex, birthDate: p.birthDate, ...(p.retirementCategory ? { retirementCategory: p.retirementCategory } : {}), ...(p.pensionSince ? { pensionSince: p.pensionSince } : {}) },
    asOf,
  );
}

function monthsToRetirement(r: RetirementAssessment | undefined): PredicateFacts['monthsToRetirement'] {
  if (!r) return undefined;
  if (r.yearsToRetirement) return r.yearsToRetirement.years * 12 + r.yearsToRetirement.months;
  if (r.candidateYearsToRetirement) {
    const [a, b] = r.candidateYearsToRetirement.map((x) => x.years * 12 + x.months) as [number, number];
    return { min: Math.min(a, b), max: Math.max(a, b) };
  }
  return undefined;
}

export function evaluateCase(rawInput: unknown, registry: PackRegistry, options: EvaluateOptions = {}): Decision {
  const input = parseInput(rawInput);
  const asOf = parseIsoDate(input.asOf, 'asOf');
  const pack = registry.resolve(input.jurisdiction, input.asOf);
  const calendar = calendarForPack(pack, options);
  const person = { ...input.person };
  const explanations: Explanation[] = [];
  const warnings: string[] = [];
  const omitted: Record<string, string[]> = {};

  // Identity: fills sex and birth date when absent; contradictions are errors.
  let identity: Decision['identity'];
  if (person.idNumber !== undefined) {
    const id = checkIdentity(person.idNumber, { asOf: input.asOf });
    identity = {
      valid: id.valid,
      normalized: id.normalized ?? null,
      masked: id.normalized ? maskIdNumber(id.normalized) : null,
      documentType: id.documentType ?? null,
      birthDate: id.birthDate ?? null,
      sex: id.sex ?? null,
      problems: id.problems,
    };
    explanations.push(...id.explanations);
    if (id.valid && id.birthDate) {
      if (person.birthDate && person.birthDate !== id.birthDate) fail('person.birthDate', `出生日期 ${person.birthDate} 与证件号码中的 ${id.birthDate} 不一致`, `birth date ${person.birthDate} contradicts the ID number (${id.birthDate})`, 'invalid_value');
      person.birthDate ??= id.birthDate;
    }
    if (id.valid && id.sex) {
      if (person.sex && person.sex !== id.sex) fail('person.sex', `性别与证件号码不一致`, `sex contradicts the ID number (${id.sex})`, 'invalid_value');
      person.sex ??= id.sex;
    }
  } else omitted.identity = ['person.idNumber'];

  // Plausibility of dates relative to asOf.
  const birth = person.birthDate ? parseIsoDate(person.birthDate, 'person.birthDate') : undefined;
  if (birth) {
    if (compareDates(birth, asOf) > 0) fail('person.birthDate', '出生日期晚于评估日期', 'birth date is after asOf');
    if (wholeMonthsBetween(birth, asOf) / 12 > 120) fail('person.birthDate', '年龄超过120岁，不合理', 'age above 120 years is implausible');
  }
  const notAfter = (value: string | undefined, field: string): CivilDate | undefined => {
    if (value === undefined) return undefined;
    const d = parseIsoDate(value, field);
    if (compareDates(d, asOf) > 0) fail(field, `${field} 晚于评估日期 ${input.asOf}`, `${field} is after asOf ${input.asOf}`);
    if (birth && compareDates(d, birth) < 0) fail(field, `${field} 早于出生日期`, `${field} is before the birth date`);
    return d;
  };
  const registeredOn = notAfter(input.registration?.registeredOn, 'registration.registeredOn');
  const appliedOn = notAfter(input.registration?.appliedOn, 'registration.appliedOn');
  if (appliedOn && registeredOn && compareDates(appliedOn, registeredOn) > 0) fail('registration.appliedOn', '申请日期晚于登记日期', 'appliedOn is after registeredOn');
  const pensionSince = person.pensionSince ? parseIsoDate(person.pensionSince, 'person.pensionSince') : undefined;
  const employedSince = notAfter(person.employedSince, 'person.employedSince');
  const leftSchoolOn = notAfter(person.leftSchoolOn, 'person.leftSchoolOn');
  const services = (input.services ?? []).map((s, i) => ({ type: s.type, on: notAfter(s.on, `services[${i}].on`)! }));
  const contacts = (input.contacts ?? []).map((c, i) => notAfter(c.on, `contacts[${i}].on`)!);
  const contactDays = [...contacts, ...services.map((s) => s.on)];
  let lastContact: CivilDate | undefined;
  let firstContactOn: CivilDate | undefined;
  for (const d of contactDays) {
    if (!lastContact || compareDates(d, lastContact) > 0) lastContact = d;
    if (registeredOn && compareDates(d, registeredOn) >= 0 && (!firstContactOn || compareDates(d, firstContactOn) < 0)) firstContactOn = d;
  }

  // Retirement.
  const retirement = retirementFor(person, input.asOf);
  let retirementOut: Decision['retirement'];
  if (retirement) {
    explanations.push(...retirement.explanations);
    retirementOut = {
      age: retirement.ageOnAsOf,
      category: retirement.category,
      date: retirement.statutory?.date ?? null,
      reached: retirement.reachedOnAsOf,
    };
    if (retirement.candidates) retirementOut.candidates = retirement.candidates.map((c) => ({ category: c.category, date: c.date }));
  } else omitted.retirement = [...(person.sex ? [] : ['person.sex']), ...(person.birthDate ? [] : ['person.birthDate'])];
  const ageYears = birth ? Math.floor(wholeMonthsBetween(birth, asOf) / 12) : undefined;
  const marks: ReadonlySet<Mark> | undefined = person.marks ? new Set(person.marks) : undefined;

  // Household.
  let household: Decision['household'];
  let zeroEmployment: Tri = 'unknown';
  if (input.household) {
    input.household.members.forEach((m, i) => {
      const b = parseIsoDate(m.birthDate, `household.members[${i}].birthDate`);
      if (compareDates(b, asOf) > 0) fail(`household.members[${i}].birthDate`, '出生日期晚于评估日期', 'birth date is after asOf');
    });
    const h = evaluateHousehold(input.household, pack, asOf);
    zeroEmployment = h.zeroEmployment;
    household = { zeroEmployment: h.zeroEmployment, workingAgeMembers: h.workingAgeMembers, members: h.members, missingFacts: h.missingFacts };
    explanations.push(...h.explanations);
  } else omitted.household = ['household.members'];

  const facts: PredicateFacts = {
    sex: person.sex,
    ageYears,
    marks,
    disabilityGrade: person.disabilityGrade,
    registeredMonths: registeredOn ? wholeMonthsBetween(registeredOn, asOf) : undefined,
    registrationKind: input.registration?.kind,
    yearsSinceLeftSchool: leftSchoolOn ? Math.floor(wholeMonthsBetween(leftSchoolOn, asOf) / 12) : undefined,
    everEmployed: person.everEmployed,
    householdZeroEmployment: zeroEmployment === 'unknown' ? undefined : zeroEmployment,
    landRemainingShare: person.landRemainingShare,
    residentMonths: person.residentMonths,
    contributionYears: person.contributionYears,
    monthsToRetirement: monthsToRetirement(retirement),
    urban: person.urban ?? input.household?.urban,
    onlyChildOrTwoDaughtersParent: person.onlyChildOrTwoDaughtersParent,
    postPlacements: person.postPlacements,
  };

  // Registration eligibility.
  const reg = evaluateRegistration(
    { ageYears, birthDate: birth, retirement, pensionSince, laborCapacity: person.laborCapacity, wantsWork: person.wantsWork, employmentStatus: person.employmentStatus, placeBasis: input.registration?.placeBasis, appliedOn, registeredOn, firstContactOn },
    pack,
    asOf,
    calendar,
  );
  explanations.push(...reg.explanations);
  warnings.push(...reg.warnings);
  const { explanations: _r, ...registration } = reg;

  // UI benefit.
  const registered: Tri = input.registration ? input.registration.kind === 'unemployment' : reg.eligible;
  const ui = evaluateUiBenefit({ contributionYears: person.contributionYears, involuntaryJobLoss: person.involuntaryJobLoss, registered, wantsWork: person.wantsWork }, pack);
  explanations.push(...ui.explanations);

  // Difficulty.
  const diff = evaluateDifficulty(facts, pack);
  explanations.push(...diff.explanations);

  // Classification.
  const zeroMember: Tri = marks?.has('zero_employment_family') ? true : zeroEmployment;
  const cls = evaluateClassification({ intention: person.intention, uiBenefitEligible: ui.eligible, zeroEmploymentFamily: zeroMember }, pack);
  explanations.push(...cls.explanations);
  const { explanations: _c, ...classification } = cls;

  const keyGroup = isKeyGroup(pack, { marks, registeredUnemployed: input.registration?.kind === 'unemployment', wantsWork: person.wantsWork, laborCapacity: person.laborCapacity });

  // Tier, level, obligations: registered unemployed only.
  let tier: Decision['tier'];
  let level: Decision['level'];
  let obligations: Decision['obligations'];
  if (registeredOn && input.registration?.kind === 'unemployment') {
    const t = evaluateTier(registeredOn, pack, asOf);
    tier = { code: t.code, months: t.months, since: t.since, nextChange: t.nextChange };
    explanations.push(...t.explanations);
    const l = evaluateLevel({ marks, registeredOn }, pack, calendar);
    level = { code: l.code, deadline: l.deadline, missingFacts: l.missingFacts };
    explanations.push(...l.explanations);
    warnings.push(...l.warnings);
    const o = evaluateObligations({ registeredOn, tier: t, level: l.code, keyGroup, trainingNeed: person.trainingNeed, services }, pack, asOf, calendar);
    obligations = o.obligations;
    explanations.push(...o.explanations);
    warnings.push(...o.warnings);
    if (o.missingFacts.length) omitted['obligations.conditional'] = o.missingFacts;
  } else {
    const why = input.registration ? ['registration.kind = unemployment'] : ['registration.registeredOn'];
    omitted.tier = why;
    omitted.level = why;
    omitted.obligations = why;
  }

  // Follow-up.
  const fu = evaluateFollowUp({ employmentStatus: person.employmentStatus, marks, keyGroup, registeredOn, employedSince, lastContact }, pack, asOf);
  explanations.push(...fu.explanations);
  const { explanations: _f, ...followUp } = fu;

  // Deregistration.
  let deregistration: Decision['deregistration'];
  if (input.proposedDeregistration) {
    const d = evaluateDeregistration(input.proposedDeregistration, pack);
    explanations.push(...d.explanations);
    const { explanations: _d, ...rest } = d;
    deregistration = rest;
  } else omitted.deregistration = ['proposedDeregistration.reason'];

  // Post candidates.
  let ranking: RankedCandidate[] | undefined;
  if (input.candidates) {
    const seen = new Set<string>();
    const cands: PostCandidateFacts[] = input.candidates.map((c, i) => {
      if (seen.has(c.ref)) fail(`candidates[${i}].ref`, `候选人编号“${c.ref}”重复`, `duplicate candidate ref "${c.ref}"`, 'invalid_value');
      seen.add(c.ref);
      const b = parseIsoDate(c.birthDate, `candidates[${i}].birthDate`);
      if (compareDates(b, asOf) > 0) fail(`candidates[${i}].birthDate`, '出生日期晚于评估日期', 'birth date is after asOf');
      const r = retirementFor(c, input.asOf);
      const reg = c.registeredOn ? parseIsoDate(c.registeredOn, `candidates[${i}].registeredOn`) : undefined;
      return {
        ref: c.ref,
        sex: c.sex,
        ageYears: Math.floor(wholeMonthsBetween(b, asOf) / 12),
        marks: c.marks ? new Set(c.marks) : undefined,
        disabilityGrade: c.disabilityGrade,
        householdZeroEmployment: c.householdZeroEmployment,
        postPlacements: c.postPlacements ?? 0,
        registeredMonths: reg ? wholeMonthsBetween(reg, asOf) : undefined,
        monthsToRetirement: monthsToRetirement(r),
        retirementDate: r?.statutory ? parseIsoDate(r.statutory.date, `candidates[${i}].birthDate`) : undefined,
      };
    });
    const rk = rankPostCandidates(cands, pack, asOf);
    ranking = rk.ranking;
    explanations.push(...rk.explanations);
  } else omitted.ranking = ['candidates'];

  const out: Decision = {
    jurisdiction: input.jurisdiction,
    asOf: input.asOf,
    pack: { id: pack.id, version: pack.version, chain: pack.chain },
    registration,
    classification,
    followUp,
    difficulty: { eligible: diff.eligible, recognised: diff.recognised, registeredUnemployed: diff.registeredUnemployed, categories: diff.categories, missingFacts: diff.missingFacts },
    uiBenefit: { eligible: ui.eligible, maxMonths: ui.maxMonths, missingFacts: ui.missingFacts },
    omitted,
    warnings,
    explanations,
  };
  if (identity) out.identity = identity;
  if (retirementOut) out.retirement = retirementOut;
  if (tier) out.tier = tier;
  if (level) out.level = level;
  if (obligations) out.obligations = obligations;
  if (deregistration) out.deregistration = deregistration;
  if (household) out.household = household;
  if (ranking) out.ranking = ranking;
  return out;
}

export { PackRegistry };
