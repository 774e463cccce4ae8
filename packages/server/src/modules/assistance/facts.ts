/**
 * The facts the rules package needs about one person (criteria predicates, post ranking), gathered from the file
 * (sex, birth date, marks, disability grade), the active unemployment registration, the household's derived
 * zero-employment status and past post placements, plus what the applicant declared. Nothing here decides:
 * `evaluateDifficulty` and `rankPostCandidates` do.
 */
import {
  MARKS,
  RETIREMENT_CATEGORIES,
  ageOn,
  assessRetirement,
  parseIsoDate,
  wholeMonthsBetween,
  type Mark,
  type PostCandidateFacts,
  type RetirementAssessment,
  type RetirementCategory,
} from '@bangfu/rules';
import { z } from 'zod';
import type { PersonRow } from '../persons/persons.repository.ts';

/** Facts an applicant declares (not held in the file). */
export const ZDeclaredFacts = z
  .object({
    residentMonths: z.number().int().min(0).max(1200).optional(),
    contributionYears: z.number().min(0).max(60).optional(),
    landRemainingShare: z.number().min(0).max(1).optional(),
    leftSchoolOn: z.iso.date().optional(),
    everEmployed: z.boolean().optional(),
    urban: z.boolean().optional(),
    onlyChildOrTwoDaughtersParent: z.boolean().optional(),
  })
  .strict();
export type DeclaredFacts = z.infer<typeof ZDeclaredFacts>;

/** The columns of a person the facts need (lists of many people load only these). */
export type FactPerson = Pick<PersonRow, 'id' | 'jurisdictionCode' | 'householdId' | 'sex' | 'birthDate' | 'retirementCategory' | 'disabilityGradeEnc'>;

export interface FileFacts {
  readonly person: FactPerson;
  readonly marks: readonly string[];
  readonly registration: { readonly kind: string; readonly registeredOn: string } | null;
  /** The household's last derived status (`true` / `false` / `unknown`), null without a household. */
  readonly householdZeroEmployment: string | null;
  readonly householdUrban: boolean | null;
  readonly disabilityGrade: number | undefined;
  readonly placements: number;
}

export interface GatheredFacts {
  readonly facts: PostCandidateFacts;
  readonly retirement: RetirementAssessment | undefined;
}

function monthsOf(y: { years: number; months: number }): number {
  return y.years * 12 + y.months;
}

export function gatherFacts(input: FileFacts, declared: DeclaredFacts, asOf: string): GatheredFacts {
  const p = input.person;
  const on = parseIsoDate(asOf, 'asOf');
  const sex = p.sex === 'male' || p.sex === 'female' ? p.sex : undefined;
  const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(p.retirementCategory ?? '') ? (p.retirementCategory as RetirementCategory) : undefined;
  const retirement = sex ? assessRetirement({ sex, birthDate: p.birthDate, ...(category ? { retirementCategory: category } : {}) }, asOf) : undefined;
  let monthsToRetirement: PostCandidateFacts['monthsToRetirement'];
  if (retirement?.yearsToRetirement) monthsToRetirement = monthsOf(retirement.yearsToRetirement);
  else if (retirement?.candidateYearsToRetirement) {
    const [a, b] = retirement.candidateYearsToRetirement.map(monthsOf) as [number, number];
    monthsToRetirement = { min: Math.min(a, b), max: Math.max(a, b) };
  }
  const marks = new Set(input.marks.filter((m): m is Mark => (MARKS as readonly string[]).includes(m)));
  const reg = input.registration;
  const zero = input.householdZeroEmployment === 'true' ? true : input.householdZeroEmployment === 'false' ? false : undefined;
  const urban = declared.urban ?? input.householdUrban ?? undefined;
  const facts: PostCandidateFacts = {
    ref: p.id,
    sex,
    ageYears: ageOn(parseIsoDate(p.birthDate, 'person.birthDate'), on).years,
    marks,
    disabilityGrade: input.disabilityGrade,
    // No active registration is itself a fact: not registered unemployed.
    registrationKind: reg ? reg.kind : 'none',
    registeredMonths: reg && reg.registeredOn <= asOf ? wholeMonthsBetween(parseIsoDate(reg.registeredOn, 'registration.registeredOn'), on) : undefined,
    householdZeroEmployment: zero,
    urban,
    monthsToRetirement,
    retirementDate: retirement?.statutory ? parseIsoDate(retirement.statutory.date, 'retirement') : undefined,
    postPlacements: input.placements,
    residentMonths: declared.residentMonths,
    contributionYears: declared.contributionYears,
    landRemainingShare: declared.landRemainingShare,
    yearsSinceLeftSchool: declared.leftSchoolOn && declared.leftSchoolOn <= asOf ? Math.floor(wholeMonthsBetween(parseIsoDate(declared.leftSchoolOn, 'body.facts.leftSchoolOn'), on) / 12) : undefined,
    everEmployed: declared.everEmployed,
    onlyChildOrTwoDaughtersParent: declared.onlyChildOrTwoDaughtersParent,
  };
  return { facts, retirement };
}
