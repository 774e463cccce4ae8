/**
 * The facts a policy condition may use, from one person's fact row: file (sex, birth date → age and months to the
 * statutory retirement date, education, employment status, active marks), the latest registration (active or not),
 * the household's derived zero-employment status and training enrolments. Facts Bangfu does not hold (graduation
 * date, social-insurance payment, business start, hiring date, employer kind) stay unknown, so a policy that needs
 * them answers "nearly" and names them — never a guess. Pure: "as of" is a parameter.
 */
import { RETIREMENT_CATEGORIES, ageOn, assessRetirement, parseIsoDate, wholeMonthsBetween, type PolicyFacts, type RetirementCategory } from '@bangfu/rules';
import type { FactRow } from './policies.repository.ts';

const months = (y: { years: number; months: number }): number => y.years * 12 + y.months;

export function policyFactsOf(row: FactRow, asOf: string): PolicyFacts {
  const on = parseIsoDate(asOf, 'asOf');
  const sex = row.sex === 'male' || row.sex === 'female' ? row.sex : undefined;
  const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(row.retirementCategory ?? '') ? (row.retirementCategory as RetirementCategory) : undefined;
  const birth = parseIsoDate(row.birthDate, 'person.birthDate');
  const facts: PolicyFacts = { ageYears: ageOn(birth, on).years, marks: new Set(row.marks), employmentStatus: row.employmentStatus };
  if (sex) {
    facts.sex = sex;
    const r = assessRetirement({ sex, birthDate: row.birthDate, ...(category ? { retirementCategory: category } : {}) }, asOf);
    if (r.yearsToRetirement) facts.monthsToRetirement = months(r.yearsToRetirement);
    else if (r.candidateYearsToRetirement) {
      const [a, b] = r.candidateYearsToRetirement.map(months) as [number, number];
      facts.monthsToRetirement = { min: Math.min(a, b), max: Math.max(a, b) };
    }
  }
  if (row.education) facts.education = row.education;
  const reg = row.registration;
  facts.registered = reg?.state === 'active';
  if (reg) {
    facts.registrationKind = reg.kind;
    if (reg.state === 'active' && reg.registeredOn <= asOf) facts.registeredMonths = wholeMonthsBetween(parseIsoDate(reg.registeredOn, 'registration.registeredOn'), on);
  }
  if (row.zeroEmployment === 'true') facts.householdZeroEmployment = true;
  else if (row.zeroEmployment === 'false') facts.householdZeroEmployment = false;
  if (row.urban !== null) facts.urban = row.urban;
  // A completion recorded in Bangfu is a known "yes"; without one the training may have happened elsewhere: unknown.
  if (row.trainingCompleted === true) facts.trainingCompleted = true;
  if (row.certificate === true) facts.certificateObtained = true;
  return facts;
}
