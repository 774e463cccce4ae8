import { describe, expect, it } from 'vitest';
import { assessRetirement, type RetirementCategory } from '../retirement/index.ts';
import type { Mark } from '../packs/codes.ts';
import { rankPostCandidates, type PostCandidateFacts } from './posts.ts';
import { d, packs } from './test-helpers.ts';

const asOf = '2025-06-01';
function cand(ref: string, sex: 'male' | 'female', birth: string, marks: Mark[], extra: Partial<PostCandidateFacts> & { category?: RetirementCategory } = {}): PostCandidateFacts {
  const r = assessRetirement({ sex, birthDate: birth, ...(extra.category ? { retirementCategory: extra.category } : {}) }, asOf);
  const mtr = r.yearsToRetirement ? r.yearsToRetirement.years * 12 + r.yearsToRetirement.months : r.candidateYearsToRetirement ? { min: Math.min(...r.candidateYearsToRetirement.map((x) => x.years * 12 + x.months)), max: Math.max(...r.candidateYearsToRetirement.map((x) => x.years * 12 + x.months)) } : undefined;
  return { ref, sex, ageYears: r.ageOnAsOf.years, marks: new Set(marks), monthsToRetirement: mtr, retirementDate: r.statutory ? d(r.statutory.date) : undefined, postPlacements: 0, ...extra };
}

describe('public-welfare post ranking (XC23 四(六), 三(二)1; 人社部发〔2019〕124号; NM22 三(五))', () => {
  const candidates = [
    cand('E', 'male', '1990-01-01', [], { householdZeroEmployment: false }),
    cand('U', 'male', '1991-01-01', []),
    cand('D', 'male', '1995-01-01', ['difficulty']),
    cand('C', 'female', '1978-03-01', ['difficulty'], { category: 'female55' }),
    cand('A', 'female', '1990-01-01', ['zero_employment_family']),
    cand('B', 'male', '1966-01-15', ['difficulty']),
    cand('F', 'male', '1980-01-01', ['difficulty'], { postPlacements: 1, householdZeroEmployment: false }),
  ];
  it('XC23: zero-employment and near-retirement first, then older/disabled, then other difficulty; ineligible last', () => {
    const r = rankPostCandidates(candidates, packs.xuchang, d(asOf));
    expect(r.ranking.map((x) => `${x.rank}:${x.ref}:${x.group ?? '-'}:${String(x.eligible)}`)).toEqual([
      '1:B:zero-employment-or-near-retirement:true',
      '2:A:zero-employment-or-near-retirement:true',
      '3:C:special-hardship:true',
      '4:D:difficulty:true',
      '5:U:-:unknown', // household not given: may be a zero-employment member, so not ruled out
      '6:F:difficulty:false',
      '7:E:-:false',
    ]);
    expect(r.ranking[4]!.missingFacts).toEqual(['household.members']);
    const b = r.ranking[0]!;
    expect(b.termEnds).toBe('2026-05-15'); // < 5 years to retirement: may stay to statutory retirement (60y4m)
    expect(b.reasons.join('；')).toMatch(/距法定退休不足 5 年/);
    expect(r.ranking[1]!.termEnds).toBe('2028-06-01'); // otherwise 3 years
    expect(r.ranking[5]!.reasons.join('；')).toMatch(/再次安置仅限/);
  });

  it('national order: zero-employment first, then difficulty (project default)', () => {
    const r = rankPostCandidates(candidates, packs.national, d(asOf));
    expect(r.ranking.slice(0, 4).map((x) => x.ref)).toEqual(['A', 'B', 'C', 'D']);
    expect(r.explanations[0]!.text).toMatch(/项目默认值/);
  });

  it('NM22 三(五): a severely disabled person may be placed a second time, not a third', () => {
    const r = rankPostCandidates(
      [cand('G', 'male', '1985-01-01', ['difficulty', 'disabled'], { disabilityGrade: 2, postPlacements: 1 }), cand('H', 'male', '1985-01-01', ['difficulty', 'disabled'], { disabilityGrade: 2, postPlacements: 2 })],
      packs.neiMongol,
      d(asOf),
    );
    expect(r.ranking.map((x) => [x.ref, x.eligible])).toEqual([['G', true], ['H', false]]);
  });
});
