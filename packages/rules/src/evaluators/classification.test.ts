import { describe, expect, it } from 'vitest';
import type { Intention } from '../packs/codes.ts';
import { evaluateClassification } from './classification.ts';
import { packs, type PackName } from './test-helpers.ts';

describe('classified service (NM24 二(二); XC23 三(二)2; CQ25 三)', () => {
  it.each<[PackName, Intention, string, string]>([
    ['neiMongol', 'employment', 'NM24 二(二)1', 'job_search_skills'],
    ['neiMongol', 'unclear', 'NM24 二(二)4', 'career_guidance'],
    ['xuchang', 'entrepreneurship', 'XC23 三(二)2(3)', 'entrepreneurship_service'],
    ['xuchang', 'unclear', 'XC23 三(二)2(5)', 'career_guidance'],
    ['xuchang', 'other', 'XC23 三(二)2(6)', 'other'],
    ['chongqing', 'employment', 'CQ25 三', 'job_recommendation'],
    ['chongqing', 'training', 'CQ25 三', 'training_recommendation'],
  ])('%s %s → %s', (pack, intention, source, first) => {
    const r = evaluateClassification({ intention, uiBenefitEligible: false, zeroEmploymentFamily: false }, packs[pack]);
    expect(r.package!.source).toBe(source);
    expect(r.package!.services[0]).toBe(first);
  });

  it('XC23 三(二)2(4) adds UI-benefit handling; CQ25 三 adds immediate job help for zero-employment families', () => {
    expect(evaluateClassification({ intention: 'training', uiBenefitEligible: true, zeroEmploymentFamily: false }, packs.xuchang).extras.map((x) => x.source)).toEqual(['XC23 三(二)2(4)']);
    expect(evaluateClassification({ intention: 'training', uiBenefitEligible: true, zeroEmploymentFamily: true }, packs.chongqing).extras.map((x) => x.source)).toEqual(['CQ25 三']);
    expect(evaluateClassification({ intention: 'employment', uiBenefitEligible: 'unknown', zeroEmploymentFamily: true }, packs.neiMongol).extras).toEqual([]);
  });

  it('names a missing intention', () => {
    expect(evaluateClassification({ intention: undefined, uiBenefitEligible: false, zeroEmploymentFamily: false }, packs.xuchang)).toMatchObject({ package: null, missingFacts: ['person.intention'] });
  });
});
