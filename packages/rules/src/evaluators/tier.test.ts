import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, formatIsoDate, fromEpochDay, toEpochDay } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import { evaluateLevel, evaluateTier } from './tier.ts';
import { cal, d, packs } from './test-helpers.ts';

describe('tier by registered duration (NM24 二(一); CODES.md month-end clamping)', () => {
  it.each<[string, string, string, string, string | null, string]>([
    // registeredOn, asOf, tier, since, nextChange, clause
    ['2025-03-10', '2025-03-10', 'short', '2025-03-10', '2025-04-11', 'NM24 二(一) 1个月及以内: day 0'],
    ['2025-03-10', '2025-04-10', 'short', '2025-03-10', '2025-04-11', 'NM24 二(一) exactly 1 month is still short'],
    ['2025-03-10', '2025-04-11', 'medium', '2025-04-11', '2025-09-11', 'NM24 二(一) 1-6个月'],
    ['2025-01-31', '2025-02-28', 'short', '2025-01-31', '2025-03-01', 'CODES.md 31 Jan + 1 month = 28 Feb'],
    ['2025-01-31', '2025-03-01', 'medium', '2025-03-01', '2025-08-01', 'CODES.md 31 Jan: medium from 1 Mar'],
    ['2024-01-31', '2024-02-29', 'short', '2024-01-31', '2024-03-01', 'CODES.md leap year: 29 Feb'],
    ['2025-03-15', '2025-09-15', 'medium', '2025-04-16', '2025-09-16', 'NM24 二(一) 含6个月: exactly 6 months is medium'],
    ['2025-03-15', '2025-09-16', 'long', '2025-09-16', null, 'NM24 二(一) 6个月以上'],
    ['2025-08-31', '2026-02-28', 'medium', '2025-10-01', '2026-03-01', '31 Aug + 6 months clamps to 28 Feb'],
    ['2025-08-31', '2026-03-01', 'long', '2026-03-01', null, 'long from 1 Mar'],
  ])('%s → %s: %s (since %s, next %s) — %s', (reg, asOf, code, since, next) => {
    const t = evaluateTier(d(reg), packs.neiMongol, d(asOf));
    expect([t.code, t.since, t.nextChange]).toEqual([code, since, next]);
    expect(t.explanations[0]!.source).toBe('NM24 二(一)');
    expect(t.explanations[0]!.pack).toBe('nei-mongol@2024.1');
  });

  it('national pack uses the NM24 thresholds as a marked project default', () => {
    const t = evaluateTier(d('2025-01-01'), packs.national, d('2025-03-01'));
    expect(t.code).toBe('medium');
    expect(t.explanations[0]!.text).toMatch(/项目默认值/);
  });

  it('rejects asOf before registration', () => {
    expect(() => evaluateTier(d('2025-03-10'), packs.national, d('2025-03-09'))).toThrow(RuleInputError);
  });

  it('property: the tier never goes down as time passes, and changes exactly on nextChange', () => {
    const order = { short: 0, medium: 1, long: 2 } as const;
    const day0 = toEpochDay(d('2020-01-01'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (r, a, b) => {
        const reg = fromEpochDay(day0 + r);
        const t1 = evaluateTier(reg, packs.xuchang, addDays(reg, a));
        const t2 = evaluateTier(reg, packs.xuchang, addDays(reg, a + b));
        if (order[t2.code] < order[t1.code]) return false;
        if (t1.nextChange) {
          const before = evaluateTier(reg, packs.xuchang, addDays(d(t1.nextChange), -1));
          const at = evaluateTier(reg, packs.xuchang, d(t1.nextChange));
          return before.code === t1.code && at.code !== t1.code && at.since === t1.nextChange;
        }
        return true;
      }),
    );
  });
});

describe('service level (XC23 三(二)1; national 人社厅发〔2020〕79号 / MOH 二(二))', () => {
  it.each<['xuchang' | 'national', string, ('difficulty')[], string, string, string]>([
    // pack, registeredOn, marks, level, deadline, source
    ['xuchang', '2025-09-30', [], 'level1', '2025-10-14', 'XC23 三(二)1: 5 working days over National Day (10/1–10/8 off, 10/11 Saturday worked)'],
    ['xuchang', '2025-01-24', ['difficulty'], 'level2', '2025-02-07', 'XC23 三(二)1: over Spring Festival (1/26 Sunday worked, 1/28–2/4 off)'],
    ['national', '2025-09-26', [], 'level1', '2025-10-10', '人社厅发〔2020〕79号: 9/28 Sunday is a working day'],
  ])('%s registered %s marks %j → %s by %s (%s)', (pack, reg, marks, level, deadline) => {
    const p = packs[pack];
    const l = evaluateLevel({ marks: new Set(marks), registeredOn: d(reg) }, p, cal(p));
    expect([l.code, l.deadline]).toEqual([level, deadline]);
  });

  it('without marks stays level1 and names the missing fact', () => {
    const l = evaluateLevel({ marks: undefined, registeredOn: d('2025-05-06') }, packs.xuchang, cal(packs.xuchang));
    expect(l.code).toBe('level1');
    expect(l.missingFacts).toEqual(['person.marks']);
  });

  it('a date beyond the known calendar is a warning, not a guess', () => {
    const l = evaluateLevel({ marks: new Set(), registeredOn: d('2031-05-06') }, packs.xuchang, cal(packs.xuchang));
    expect(l.deadline).toBeNull();
    expect(l.warnings.length).toBe(1);
    expect(formatIsoDate(d('2031-05-06'))).toBe('2031-05-06');
  });
});
