import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RuleInputError } from '../core/errors.ts';
import {
  assessRetirement,
  assessWorkingAge,
  isWithinYearsOfRetirement,
  RETIREMENT_SCHEDULES,
  statutoryRetirement,
  timeUntil,
  type RetirementCategory,
} from './index.ts';

const SRC = '全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13)';

// [source, category, birth date, age years, age months, retirement month]
const rulesExamples: [string, RetirementCategory, string, number, number, string][] = [
  ['RULES.md example; 对照表1', 'male', '1964-12-15', 60, 0, '2024-12'],
  ['RULES.md example; 对照表1', 'male', '1965-01-10', 60, 1, '2025-02'],
  ['RULES.md example; 对照表1', 'male', '1965-05-20', 60, 2, '2025-07'],
  ['RULES.md example; 对照表1', 'male', '1970-06-01', 61, 5, '2031-11'],
  ['RULES.md example; 对照表1', 'male', '1976-09-01', 63, 0, '2039-09'],
  ['RULES.md example; 对照表2', 'female55', '1970-01-31', 55, 1, '2025-02'],
  ['RULES.md example; 对照表2', 'female55', '1981-09-01', 58, 0, '2039-09'],
  ['RULES.md example; 对照表3', 'female50', '1975-03-01', 50, 2, '2025-05'],
  ['RULES.md example; 对照表3', 'female50', '1980-06-15', 52, 9, '2033-03'],
  ['RULES.md example; 对照表3', 'female50', '1984-11-01', 55, 0, '2039-11'],
  // Boundaries: the month before the schedule starts, the first month, the month the cap is reached, and after.
  ['boundary: original month 2024-12, no delay', 'female55', '1969-12-01', 55, 0, '2024-12'],
  ['boundary: original month 2024-12, no delay', 'female50', '1974-12-01', 50, 0, '2024-12'],
  ['boundary: first month 2025-01', 'female50', '1975-01-01', 50, 1, '2025-02'],
  ['boundary: n = 2 still one month (k = 2)', 'female50', '1975-02-01', 50, 1, '2025-03'],
  ['boundary: n = 4 still one month (k = 4)', 'male', '1965-04-01', 60, 1, '2025-05'],
  ['boundary: one month before the cap', 'male', '1976-08-31', 62, 11, '2039-07'],
  ['boundary: one month before the cap', 'female55', '1981-08-01', 57, 11, '2039-07'],
  ['boundary: one month before the cap', 'female50', '1984-10-01', 54, 11, '2039-09'],
  ['boundary: after the cap', 'male', '1990-01-01', 63, 0, '2053-01'],
  ['boundary: after the cap', 'female55', '1995-07-01', 58, 0, '2053-07'],
  ['boundary: after the cap', 'female50', '2000-03-01', 55, 0, '2055-03'],
];

describe('statutoryRetirement (全国人大常委会决定 2024-09-13, RULES.md)', () => {
  it.each(rulesExamples)('%s: %s born %s → %i y %i m, retires %s', (_src, category, birth, years, months, month) => {
    const r = statutoryRetirement(birth, category);
    expect(r.age).toEqual({ years, months });
    expect(r.delayMonths).toBe((years - RETIREMENT_SCHEDULES[category].baseAge) * 12 + months);
    expect(`${r.month.year}-${String(r.month.month).padStart(2, '0')}`).toBe(month);
    expect(r.date.slice(0, 7)).toBe(month);
    expect(r.explanation.source).toContain(SRC);
    expect(r.explanation.source).toContain('对照表');
  });

  it('retirement date is birth date + statutory age, clamped at month end', () => {
    expect(statutoryRetirement('1970-06-15', 'male').date).toBe('2031-11-15');
    // Born 31 July 1965: n = 7, D = 2 → September 2025, which has 30 days.
    expect(statutoryRetirement('1965-07-31', 'male').date).toBe('2025-09-30');
    // Born 31 December 1974, female50: original 2024-12, no delay.
    expect(statutoryRetirement('1974-12-31', 'female50').date).toBe('2024-12-31');
    // Born 29 Feb 1976, female50: original 2026-02 (n = 14, D = 7) → 2026-09-29.
    expect(statutoryRetirement('1976-02-29', 'female50').date).toBe('2026-09-29');
    // Born 31 May 1977, female50: n = 29 → D = 15 → Aug 2028, day 31 exists.
    expect(statutoryRetirement('1977-05-31', 'female50').date).toBe('2028-08-31');
    // Born 31 Oct 1965: n = 10, D = 3 → January 2026; born 30 Nov 1965: n = 11, D = 3 → February 2026, clamped.
    expect(statutoryRetirement('1965-10-31', 'male').date).toBe('2026-01-31');
    expect(statutoryRetirement('1965-11-30', 'male').date).toBe('2026-02-28');
    expect(statutoryRetirement('1975-06-30', 'female50').date).toBe('2025-09-30');
    expect(statutoryRetirement('1975-12-31', 'female50').date).toBe('2026-06-30');
  });

  it('accepts a CivilDate and explains the numbers', () => {
    const r = statutoryRetirement({ year: 1970, month: 6, day: 1 }, 'male');
    expect(r.explanation.rule).toBe('retirement.statutory-age');
    expect(r.explanation.numbers).toMatchObject({ baseAge: 60, everyMonths: 4, capMonths: 36, monthsSinceReform: 66, delayMonths: 17 });
    expect(r.explanation.text).toContain('61岁5个月');
    expect(r.explanation.textEn).toContain('61 years 5 months');
    expect(statutoryRetirement('1990-01-01', 'male').explanation.text).toContain('已达上限36个月');
    expect(statutoryRetirement('1960-01-01', 'male').explanation.text).toContain('不延迟');
  });

  it('delay is monotone non-decreasing in birth month and capped (property)', () => {
    const month = fc.integer({ min: 1900 * 12, max: 2010 * 12 });
    const cat = fc.constantFrom<RetirementCategory>('male', 'female55', 'female50');
    fc.assert(
      fc.property(month, cat, (idx, category) => {
        const birth = (i: number) => ({ year: Math.floor(i / 12), month: (i % 12) + 1, day: 1 });
        const a = statutoryRetirement(birth(idx), category);
        const b = statutoryRetirement(birth(idx + 1), category);
        const s = RETIREMENT_SCHEDULES[category];
        return (
          b.delayMonths >= a.delayMonths &&
          b.delayMonths - a.delayMonths <= 1 &&
          a.delayMonths <= s.capMonths &&
          a.delayMonths >= 0 &&
          // the retirement month never goes backwards either
          b.month.year * 12 + b.month.month > a.month.year * 12 + a.month.month
        );
      }),
    );
  });

  it('day within the birth month does not change the delay (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 28 }), (y, m, day) => {
        return (
          statutoryRetirement({ year: y, month: m, day }, 'female50').delayMonths ===
          statutoryRetirement({ year: y, month: m, day: 1 }, 'female50').delayMonths
        );
      }),
    );
  });

  it('rejects nonsense naming the field', () => {
    expect(() => statutoryRetirement('1970-02-30', 'male')).toThrow(expect.objectContaining({ field: 'birthDate', code: 'invalid_date' }));
    expect(() => statutoryRetirement({ year: 1970, month: 13, day: 1 }, 'male')).toThrow(expect.objectContaining({ field: 'birthDate' }));
    expect(() => statutoryRetirement('1970-02-01', 'female60' as RetirementCategory)).toThrow(
      expect.objectContaining({ field: 'retirementCategory', code: 'invalid_value' }),
    );
  });
});

describe('assessRetirement', () => {
  it('man: category is always male; reached on the date itself, not the day before', () => {
    const before = assessRetirement({ sex: 'male', birthDate: '1965-05-20' }, '2025-07-19');
    expect(before.category).toBe('male');
    expect(before.statutory?.date).toBe('2025-07-20');
    expect(before.reachedOnAsOf).toBe(false);
    expect(before.yearsToRetirement).toEqual({ years: 0, months: 0 });
    expect(before.ageOnAsOf).toEqual({ years: 60, months: 1 });
    const on = assessRetirement({ sex: 'male', birthDate: '1965-05-20' }, '2025-07-20');
    expect(on.reachedOnAsOf).toBe(true);
    expect(on.explanations.map((e) => e.rule)).toEqual(['retirement.statutory-age', 'retirement.reached']);
  });

  it('years to retirement for the "within 5 years" rule (XC23 四(六))', () => {
    const a = assessRetirement({ sex: 'female', birthDate: '1980-06-15', retirementCategory: 'female50' }, '2028-03-15');
    expect(a.statutory?.date).toBe('2033-03-15');
    expect(a.yearsToRetirement).toEqual({ years: 5, months: 0 });
    expect(isWithinYearsOfRetirement(a, 5)).toBe(false);
    const b = assessRetirement({ sex: 'female', birthDate: '1980-06-15', retirementCategory: 'female50' }, '2028-03-16');
    expect(b.yearsToRetirement).toEqual({ years: 4, months: 11 });
    expect(isWithinYearsOfRetirement(b, 5)).toBe(true);
  });

  it('woman without recorded category: both candidates, never a guess', () => {
    // Born 1975-03-01: female50 → 2025-05-01; female55 → original 2030-03, n = 63, D = 16 → 2031-07-01.
    const a = assessRetirement({ sex: 'female', birthDate: '1975-03-01' }, '2026-01-01');
    expect(a.category).toBe('unknown_female');
    expect(a.statutory).toBeUndefined();
    expect(a.yearsToRetirement).toBeUndefined();
    expect(a.candidates?.map((c) => [c.category, c.date])).toEqual([
      ['female50', '2025-05-01'],
      ['female55', '2031-07-01'],
    ]);
    expect(a.reachedOnAsOf).toBe('unknown');
    expect(a.explanations[0]?.rule).toBe('retirement.category-unknown');
    expect(a.explanations[0]?.text).toContain('请补录退休类别');
    expect(a.candidateYearsToRetirement).toEqual([
      { years: 0, months: 0 },
      { years: 5, months: 6 },
    ]);
    expect(isWithinYearsOfRetirement(a, 5)).toBe('unknown');
    expect(isWithinYearsOfRetirement(a, 6)).toBe(true);
    // Both candidates agree → a definite answer.
    expect(assessRetirement({ sex: 'female', birthDate: '1975-03-01' }, '2024-01-01').reachedOnAsOf).toBe(false);
    expect(assessRetirement({ sex: 'female', birthDate: '1975-03-01' }, '2032-01-01').reachedOnAsOf).toBe(true);
  });

  it('a recorded pension start overrides the computed date', () => {
    const early = assessRetirement({ sex: 'female', birthDate: '1975-03-01', pensionSince: '2025-01-01' }, '2025-02-01');
    expect(early.pensionSince).toBe('2025-01-01');
    expect(early.reachedOnAsOf).toBe(true);
    // Past statutory age but the pension starts later (e.g. still paying in): registration stays open until then.
    const late = assessRetirement({ sex: 'male', birthDate: '1964-12-01', pensionSince: '2026-06-01' }, '2025-06-01');
    expect(late.statutory?.date).toBe('2024-12-01');
    expect(late.reachedOnAsOf).toBe(false);
    expect(late.explanations.at(-1)?.rule).toBe('retirement.pension-recorded');
  });

  it('rejects nonsense naming the field', () => {
    const cases: [() => unknown, string, string][] = [
      [() => assessRetirement({ sex: 'male', birthDate: '2026-01-01' }, '2025-06-01'), 'birthDate', 'out_of_range'],
      [() => assessRetirement({ sex: 'male', birthDate: '1875-01-01' }, '2025-06-01'), 'birthDate', 'out_of_range'],
      [() => assessRetirement({ sex: 'male', birthDate: '1970-02-30' }, '2025-06-01'), 'birthDate', 'invalid_date'],
      [() => assessRetirement({ sex: 'male', birthDate: '1970-01-01' }, '2025-6-1'), 'asOf', 'invalid_date'],
      [() => assessRetirement({ sex: 'x' as 'male', birthDate: '1970-01-01' }, '2025-06-01'), 'sex', 'invalid_value'],
      [
        () => assessRetirement({ sex: 'female', birthDate: '1970-01-01', retirementCategory: 'female45' as RetirementCategory }, '2025-06-01'),
        'retirementCategory',
        'invalid_value',
      ],
      [
        () => assessRetirement({ sex: 'male', birthDate: '1970-01-01', retirementCategory: 'female55' }, '2025-06-01'),
        'retirementCategory',
        'invalid_value',
      ],
      [
        () => assessRetirement({ sex: 'female', birthDate: '1970-01-01', retirementCategory: 'male' }, '2025-06-01'),
        'retirementCategory',
        'invalid_value',
      ],
      [() => assessRetirement({ sex: 'male', birthDate: '1970-01-01', pensionSince: '1969-01-01' }, '2025-06-01'), 'pensionSince', 'out_of_range'],
    ];
    for (const [run, field, code] of cases) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught, field).toBeInstanceOf(RuleInputError);
      expect((caught as RuleInputError).field).toBe(field);
      expect((caught as RuleInputError).code).toBe(code);
      expect((caught as RuleInputError).messageZh).toMatch(/[\u4e00-\u9fff]/u);
    }
  });
});

describe('assessWorkingAge (NM24 一(一): 年满16周岁（含）至依法享受基本养老保险待遇)', () => {
  it.each([
    ['2009-06-01', '2025-05-31', false, '15 the day before the 16th birthday'],
    ['2009-06-01', '2025-06-01', true, '16th birthday is inclusive'],
    ['1965-05-20', '2025-07-19', true, 'day before statutory retirement'],
    ['1965-05-20', '2025-07-20', false, 'statutory retirement day'],
  ])('born %s on %s → %s (%s)', (birthDate, asOf, expected) => {
    const w = assessWorkingAge({ sex: 'male', birthDate }, asOf);
    expect(w.workingAge).toBe(expected);
    expect(w.explanations[0]?.source).toBe('NM24 一(一)');
  });

  it('unknown female category → unknown working age only where the candidates disagree', () => {
    expect(assessWorkingAge({ sex: 'female', birthDate: '1975-03-01' }, '2026-01-01').workingAge).toBe('unknown');
    expect(assessWorkingAge({ sex: 'female', birthDate: '1975-03-01', retirementCategory: 'female55' }, '2026-01-01').workingAge).toBe(true);
  });

  it('timeUntil counts whole months and is zero once passed', () => {
    expect(timeUntil('2030-01-15', '2025-01-16')).toEqual({ years: 4, months: 11 });
    expect(timeUntil('2020-01-01', '2025-01-01')).toEqual({ years: 0, months: 0 });
  });
});
