import { describe, expect, it } from 'vitest';
import { packs } from '../evaluators/test-helpers.ts';
import { postingExclusion, rankPostingsFor, rankSeekersFor, scoreMatch, type PostingFacts, type SeekerFacts } from './matching.ts';
import { occupationAncestors, occupationLevel, sharedLevels } from './occupations.ts';

const pack = packs.neiMongol;
const asOf = '2025-06-10';
const CLEANER = '4-09-08-01'; // 保洁员
const SECURITY = '4-07-05-01'; // 保安员
const COOK = '4-03-02-01'; // 中式烹调师

function seeker(extra: Partial<SeekerFacts> = {}): SeekerFacts {
  return { ref: 'S', sex: 'female', ageYears: 30, disabled: false, divisionCode: '150102001001', occupationCodes: [CLEANER], pastOccupationCodes: [], skills: [], payMin: null, hours: [], education: null, experienceYears: null, ...extra };
}
function posting(ref: string, extra: Partial<PostingFacts> = {}): PostingFacts {
  return { ref, state: 'published', occupationCode: CLEANER, divisionCode: '150102001001', skills: [], payMin: 2000, payMax: 3000, hours: 'full_time', education: null, experienceYears: null, ageFriendly: false, disabilitySuitable: false, validFrom: '2025-01-01', validTo: '2025-12-31', openings: 2, filled: 0, ...extra };
}
const factor = (s: SeekerFacts, p: PostingFacts, f: string) => scoreMatch(s, p, pack).factors.find((x) => x.factor === f)!;

describe('occupation tree', () => {
  it('levels and shared prefixes', () => {
    expect(occupationLevel('4-00-00-00')).toBe(1);
    expect(occupationLevel('4-09-00-00')).toBe(2);
    expect(occupationLevel('4-09-08-00')).toBe(3);
    expect(occupationLevel(CLEANER)).toBe(4);
    expect(sharedLevels(CLEANER, CLEANER)).toBe(4);
    expect(sharedLevels(CLEANER, '4-09-08-02')).toBe(3);
    expect(sharedLevels(CLEANER, '4-09-01-01')).toBe(2);
    expect(sharedLevels(CLEANER, SECURITY)).toBe(1);
    expect(sharedLevels(CLEANER, '2-02-10-03')).toBe(0);
    expect(occupationAncestors(CLEANER)).toEqual(['4-09-08-00', '4-09-00-00', '4-00-00-00']);
  });
});

describe('each factor: score and explanation', () => {
  it.each([
    ['same occupation', seeker(), posting('P'), 1, '同一职业'],
    ['same minor group', seeker({ occupationCodes: ['4-09-08-02'] }), posting('P'), 0.75, '同一小类'],
    ['different major group', seeker({ occupationCodes: ['2-02-10-03'] }), posting('P'), 0, '不同大类'],
    ['past work counts at 80 %', seeker({ occupationCodes: [], pastOccupationCodes: [CLEANER] }), posting('P'), 0.8, '从业经历'],
    ['no intention: neutral', seeker({ occupationCodes: [] }), posting('P'), 0.3, '未登记求职意向'],
  ])('occupation: %s', (_n, s, p, score, text) => {
    const f = factor(s, p, 'occupation');
    expect(f.score).toBe(score);
    expect(f.textZh).toContain(text);
    expect(f.weight).toBe(30);
  });

  it.each([
    ['150102001001', 1, '同一社区'],
    ['150102001002', 0.85, '同一街道'],
    ['150102002001', 0.7, '同一县'],
    ['150105001001', 0.4, '同一市'],
    ['150200001001', 0.15, '同一省'],
    ['411002001001', 0, '外省'],
  ])('place: posting in %s → %s', (code, score, text) => {
    const f = factor(seeker(), posting('P', { divisionCode: code }), 'place');
    expect(f).toMatchObject({ score, numbers: { person: '150102001001', posting: code } });
    expect(f.textZh).toContain(text);
  });

  it('pay, hours, skills, education, experience', () => {
    expect(factor(seeker({ payMin: 3000 }), posting('P', { payMax: 2400 }), 'pay')).toMatchObject({ score: 0.8, numbers: { expected: 3000, offeredMax: 2400 } });
    expect(factor(seeker({ payMin: 3000 }), posting('P', { payMax: 4000 }), 'pay').score).toBe(1);
    expect(factor(seeker({ hours: ['part_time', 'flexible'] }), posting('P'), 'hours').score).toBe(0);
    expect(factor(seeker({ hours: ['full_time'] }), posting('P'), 'hours').score).toBe(1);
    const sk = factor(seeker({ skills: ['保洁', '电工'] }), posting('P', { skills: ['保洁', '驾驶'] }), 'skills');
    expect(sk).toMatchObject({ score: 0.5, numbers: { required: 2, held: 1 } });
    expect(sk.textZh).toContain('保洁');
    expect(factor(seeker({ education: 'junior_secondary' }), posting('P', { education: 'senior_secondary' }), 'education').score).toBe(0.5);
    expect(factor(seeker({ education: 'bachelor' }), posting('P', { education: 'senior_secondary' }), 'education').score).toBe(1);
    expect(factor(seeker({ experienceYears: 1 }), posting('P', { experienceYears: 2 }), 'experience').score).toBe(0.5);
  });

  it('suitability: older (pack ages, cited) and disabled people need the matching flags', () => {
    const older = seeker({ ageYears: 52, disabled: true });
    const none = factor(older, posting('P'), 'suitability');
    expect(none).toMatchObject({ score: 0, numbers: { older: true, disabled: true, needs: 2, met: 0 } });
    expect(none.textZh).toContain('大龄（MOH 二(一)）');
    expect(factor(older, posting('P', { ageFriendly: true }), 'suitability').score).toBe(0.5);
    expect(factor(older, posting('P', { ageFriendly: true, disabilitySuitable: true }), 'suitability').score).toBe(1);
    expect(factor(seeker({ ageYears: 39 }), posting('P'), 'suitability')).toMatchObject({ score: 1, numbers: { older: false } });
    expect(factor(seeker({ sex: 'male', ageYears: 45 }), posting('P'), 'suitability').numbers.older).toBe(false);
  });

  it('points add up to the score', () => {
    const r = scoreMatch(seeker({ payMin: 2500 }), posting('P'), pack);
    expect(r.factors).toHaveLength(8);
    expect(Math.abs(r.factors.reduce((n, f) => n + f.points, 0) - r.score)).toBeLessThan(0.5);
  });
});

describe('hard filters', () => {
  it.each([
    [{ state: 'withdrawn' as const }, 'not_published'],
    [{ state: 'draft' as const }, 'not_published'],
    [{ validTo: '2025-06-09' }, 'expired'],
    [{ validFrom: '2025-07-01' }, 'not_yet_valid'],
    [{ filled: 2 }, 'full'],
    [{}, null],
  ])('%o → %s', (extra, reason) => {
    expect(postingExclusion(posting('P', extra), asOf)).toBe(reason);
  });
});

describe('ranking', () => {
  it('an older disabled woman wanting cleaning work in 新城区: the age-friendly, disability-suitable cleaning job in her county ranks above a better-paid job in another city', () => {
    const her = seeker({ ref: 'W', sex: 'female', ageYears: 54, disabled: true, divisionCode: '150102001001', occupationCodes: [CLEANER], payMin: 2800, hours: ['full_time', 'part_time'], education: 'junior_secondary' });
    const postings = [
      posting('better-paid-elsewhere', { divisionCode: '411002001001', payMin: 4500, payMax: 6000 }),
      posting('suitable-in-county', { divisionCode: '150102003001', payMin: 2200, payMax: 2600, hours: 'part_time', ageFriendly: true, disabilitySuitable: true }),
      posting('cook-nearby', { occupationCode: COOK, payMax: 5000, experienceYears: 3 }),
      posting('withdrawn', { state: 'withdrawn', ageFriendly: true, disabilitySuitable: true }),
      posting('expired', { validTo: '2025-05-31', ageFriendly: true, disabilitySuitable: true }),
    ];
    const r = rankPostingsFor(her, postings, pack, asOf, 10);
    expect(r.items.map((i) => i.posting)).toEqual(['suitable-in-county', 'better-paid-elsewhere', 'cook-nearby']);
    expect(r.excluded).toEqual([
      { ref: 'withdrawn', reason: 'not_published' },
      { ref: 'expired', reason: 'expired' },
    ]);
    expect(r.explanations[0]!.pack).toBe(`${pack.id}@${pack.version}`);
    const top = r.items[0]!;
    expect(top.factors.find((f) => f.factor === 'place')!.textZh).toContain('同一县');
    expect(rankPostingsFor(her, postings, pack, asOf, 1).items).toHaveLength(1);
  });

  it('the best people for a posting, ties by ref', () => {
    const p = posting('P', { ageFriendly: true });
    const r = rankSeekersFor(p, [seeker({ ref: 'far', divisionCode: '500103001001' }), seeker({ ref: 'b' }), seeker({ ref: 'a' })], pack, 2);
    expect(r.items.map((i) => i.seeker)).toEqual(['a', 'b']);
  });

  it('weights come from the pack: a region can tune them', () => {
    const tuned = { ...pack, params: { ...pack.params, matching: { ...pack.params.matching, weights: { ...pack.params.matching.weights, value: { ...pack.params.matching.weights.value, place: 0, suitability: 0, pay: 100 } } } } };
    const her = seeker({ ageYears: 54, disabled: true, payMin: 2800 });
    const r = rankPostingsFor(her, [posting('near', { payMax: 2600, ageFriendly: true, disabilitySuitable: true }), posting('far', { divisionCode: '411002001001', payMax: 6000 })], tuned, asOf, 2);
    expect(r.items[0]!.posting).toBe('far');
  });
});
