import { describe, expect, it } from 'vitest';
import type { Mark } from '../packs/codes.ts';
import type { PredicateFacts } from './common.ts';
import { evaluateDifficulty, evaluateHousehold, type HouseholdFacts, type HouseholdMember } from './difficulty.ts';
import { d, packs, type PackName } from './test-helpers.ts';

const facts = (f: Omit<PredicateFacts, 'marks'> & { marks?: Mark[] }): PredicateFacts => ({ registrationKind: 'unemployment', registeredMonths: 3, ...f, marks: new Set(f.marks ?? []) });

describe('difficulty criteria (内人社办发〔2020〕58号; CQ mirror pages, unconfirmed; XC23 四(六); 人社部发〔2024〕84号)', () => {
  it.each<[string, PackName, PredicateFacts, boolean | 'unknown', string[]]>([
    ['NM 58号 older woman ≥ 40, resident ≥ 6 months, insured ≥ 1 year', 'neiMongol', facts({ sex: 'female', ageYears: 41, residentMonths: 12, contributionYears: 2, householdZeroEmployment: false, landRemainingShare: 1, yearsSinceLeftSchool: 20, everEmployed: true }), true, ['older']],
    ['NM 58号 woman of 39 does not qualify by age', 'neiMongol', facts({ sex: 'female', ageYears: 39, residentMonths: 12, contributionYears: 2, householdZeroEmployment: false, landRemainingShare: 1, yearsSinceLeftSchool: 20, everEmployed: true }), false, []],
    ['NM 58号 man of 46 on dibao registered ≥ 1 year', 'neiMongol', facts({ sex: 'male', ageYears: 46, marks: ['dibao'], registeredMonths: 12, residentMonths: 12, contributionYears: 0, householdZeroEmployment: false, landRemainingShare: 1, yearsSinceLeftSchool: 20, everEmployed: true }), true, ['dibao-long-term']],
    ['NM 58号 …but not at 11 months registered', 'neiMongol', facts({ sex: 'male', ageYears: 46, marks: ['dibao'], registeredMonths: 11, residentMonths: 12, contributionYears: 0, householdZeroEmployment: false, landRemainingShare: 1, yearsSinceLeftSchool: 20, everEmployed: true }), false, []],
    ['NM 58号 graduate 2 years out, never employed', 'neiMongol', facts({ sex: 'male', ageYears: 24, yearsSinceLeftSchool: 2, everEmployed: false, householdZeroEmployment: false, landRemainingShare: 1 }), true, ['graduate-2-years']],
    ['NM 58号 all land lost, man ≥ 50', 'neiMongol', facts({ sex: 'male', ageYears: 50, landRemainingShare: 0, residentMonths: 3, householdZeroEmployment: false, yearsSinceLeftSchool: 30 }), true, ['land-lost']],
    ['CQ land-lost < 30 % (unconfirmed)', 'chongqing', facts({ sex: 'male', ageYears: 30, landRemainingShare: 0.2 }), true, ['land-lost']],
    ['CQ only-child parent, woman ≥ 30 (unconfirmed)', 'chongqing', facts({ sex: 'female', ageYears: 31, onlyChildOrTwoDaughtersParent: true }), true, ['only-child-two-daughters']],
    ['XC23 四(六) poverty-alleviated', 'xuchang', facts({ sex: 'male', ageYears: 30, marks: ['poverty_alleviated'] }), true, ['poverty-alleviated']],
    ['人社部发〔2024〕84号 unemployed ≥ 1 year (national)', 'national', facts({ sex: 'male', ageYears: 30, registeredMonths: 12 }), true, ['long-term-unemployed']],
    ['a recognised category without registration is not enough', 'national', { ...facts({ sex: 'male', ageYears: 30, marks: ['disabled'] }), registrationKind: 'job_seeking' }, false, ['disabled']],
  ])('%s', (_n, pack, f, eligible, met) => {
    const r = evaluateDifficulty(f, packs[pack]);
    expect(r.eligible).toBe(eligible);
    expect(r.categories.filter((c) => c.met === true).map((c) => c.id)).toEqual(met);
  });

  it('never guesses: missing facts are named per category and overall', () => {
    const r = evaluateDifficulty(facts({ sex: 'female', ageYears: 41, residentMonths: 12 }), packs.neiMongol);
    expect(r.eligible).toBe('unknown');
    expect(r.categories.find((c) => c.id === 'older')).toMatchObject({ met: 'unknown', missingFacts: ['person.contributionYears'] });
    expect(r.missingFacts).toEqual(expect.arrayContaining(['person.contributionYears', 'household.members', 'person.landRemainingShare', 'person.leftSchoolOn']));
  });

  it('CQ criteria are marked unconfirmed in the explanation', () => {
    const r = evaluateDifficulty(facts({ sex: 'male', ageYears: 30, landRemainingShare: 0.2 }), packs.chongqing);
    expect(r.explanations.find((e) => e.rule === 'difficulty.land-lost')!.text).toMatch(/依据未经核实/);
  });
});

describe('zero-employment household (MOH 二(二); 内人社办发〔2020〕58号)', () => {
  const m = (over: Partial<HouseholdMember>): HouseholdMember => ({ sex: 'male', birthDate: '1980-05-01', employmentStatus: 'unemployed', registeredUnemployed: true, ...over });
  const hh = (members: HouseholdMember[], over: Partial<HouseholdFacts> = {}): HouseholdFacts => ({ members, urban: true, businessOrInvestmentIncome: false, ...over });
  it.each<[string, PackName, HouseholdFacts, boolean | 'unknown', string[]]>([
    ['NM: both working-age members registered unemployed', 'neiMongol', hh([m({}), m({ sex: 'female', birthDate: '1982-03-01', retirementCategory: 'female50' })]), true, []],
    ['NM: one employed member clears it', 'neiMongol', hh([m({}), m({ sex: 'female', birthDate: '1982-03-01', retirementCategory: 'female50', employmentStatus: 'employed' })]), false, []],
    ['NM: a single-person household is not one (≥ 2 members)', 'neiMongol', hh([m({})]), false, []],
    ['NM: business income unknown', 'neiMongol', hh([m({}), m({ birthDate: '1985-01-01' })], { businessOrInvestmentIncome: undefined }), 'unknown', ['household.businessOrInvestmentIncome']],
    ['NM: unemployed but not registered does not count', 'neiMongol', hh([m({}), m({ birthDate: '1985-01-01', registeredUnemployed: false })]), false, []],
    ['national: unemployed suffices; a retired grandparent and a student are not labour force', 'national', hh([m({ registeredUnemployed: undefined }), m({ birthDate: '1950-01-01', employmentStatus: 'retired' }), m({ birthDate: '2007-01-01', employmentStatus: 'student' })]), true, []],
    ['employed woman of 52 with unknown category: may be retired (female50) or not', 'national', hh([m({}), m({ sex: 'female', birthDate: '1973-03-01', employmentStatus: 'employed' })]), 'unknown', ['household.members[1].retirementCategory']],
    ['…while if she is unemployed it does not matter', 'national', hh([m({}), m({ sex: 'female', birthDate: '1973-03-01', employmentStatus: 'unemployed' })]), true, []],
  ])('%s', (_n, pack, h, zero, missing) => {
    const r = evaluateHousehold(h, packs[pack], d('2025-06-01'));
    expect(r.zeroEmployment).toBe(zero);
    expect(r.missingFacts).toEqual(missing);
  });
});
