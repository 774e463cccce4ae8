import { describe, expect, it } from 'vitest';
import { evaluateUiBenefit } from './ui-benefit.ts';
import { packs } from './test-helpers.ts';

describe('unemployment-insurance benefit (失业保险条例 第十四条, 第十七条)', () => {
  it.each([
    // contributionYears, involuntary, eligible, maxMonths
    [0.5, true, false, null],
    [1, true, true, 12],
    [4.99, true, true, 12],
    [5, true, true, 18],
    [9.9, true, true, 18],
    [10, true, true, 24],
    [25, true, true, 24],
    [12, false, false, null],
  ])('%s years, involuntary %s → eligible %s, max %s months', (years, involuntary, eligible, months) => {
    const r = evaluateUiBenefit({ contributionYears: years, involuntaryJobLoss: involuntary, registered: true, wantsWork: true }, packs.xuchang);
    expect([r.eligible, r.maxMonths]).toEqual([eligible, months]);
    if (months) expect(r.explanations[1]!.source).toBe('失业保险条例 第十七条');
  });

  it('names missing facts and still reports the maximum when only eligibility is open', () => {
    const r = evaluateUiBenefit({ contributionYears: 6, involuntaryJobLoss: undefined, registered: 'unknown', wantsWork: true }, packs.national);
    expect(r).toMatchObject({ eligible: 'unknown', maxMonths: 18, missingFacts: ['person.involuntaryJobLoss', 'registration.kind'] });
  });
});
