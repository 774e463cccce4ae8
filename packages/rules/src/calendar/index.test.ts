import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, formatIsoDate, fromEpochDay, isoWeekday, parseIsoDate, toEpochDay, type CivilDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import { chinaStateCouncilCalendar, WorkCalendar, type CalendarData } from './index.ts';

const d = (iso: string): CivilDate => parseIsoDate(iso, 'test');
const iso = (c: CivilDate): string => formatIsoDate(c);

/** Expands "M/D" or "M/D–M/D" ranges of RULES.md into ISO dates. */
function expand(year: number, spec: string): string[] {
  const out: string[] = [];
  for (const part of spec.split(';').map((s) => s.trim())) {
    const [a, b] = part.split('–');
    const [am, ad] = (a ?? '').split('/').map(Number);
    const start = { year, month: am ?? 0, day: ad ?? 0 };
    const [bm, bd] = (b ?? a ?? '').split('/').map(Number);
    const end = { year, month: bm ?? 0, day: bd ?? 0 };
    for (let e = toEpochDay(start); e <= toEpochDay(end); e++) out.push(formatIsoDate(fromEpochDay(e)));
  }
  return out;
}

// RULES.md "Working days": the State Council schedules, transcribed verbatim.
const RULES_2025_OFF = expand(2025, '1/1; 1/28–2/4; 4/4–4/6; 5/1–5/5; 5/31–6/2; 10/1–10/8');
const RULES_2025_ADJUSTED = expand(2025, '1/26; 2/8; 4/27; 9/28; 10/11');
const RULES_2026_OFF = expand(2026, '1/1–1/3; 2/15–2/23; 4/4–4/6; 5/1–5/5; 6/19–6/21; 9/25–9/27; 10/1–10/7');
const RULES_2026_ADJUSTED = expand(2026, '1/4; 2/14; 2/28; 5/9; 9/20; 10/10');

const cal = new WorkCalendar(chinaStateCouncilCalendar());

describe('chinaStateCouncilCalendar (RULES.md "Working days")', () => {
  it('covers 2004-01-01 … 2026-12-31 and cites the source', () => {
    const data = chinaStateCouncilCalendar();
    expect(data.knownFrom).toBe('2004-01-01');
    expect(data.knownTo).toBe('2026-12-31');
    expect(data.source).toMatch(/国务院办公厅关于部分节假日安排的通知 2004–2026 \(npm chinese-days \d+\.\d+\.\d+\)/);
  });

  it.each([
    [2025, RULES_2025_OFF, RULES_2025_ADJUSTED],
    [2026, RULES_2026_OFF, RULES_2026_ADJUSTED],
  ])('%i holidays and adjusted workdays are exactly those in RULES.md', (year, off, adjusted) => {
    const data = chinaStateCouncilCalendar();
    expect(data.holidays.filter((h) => h.startsWith(`${year}-`))).toEqual(off);
    expect(data.adjustedWorkdays.filter((h) => h.startsWith(`${year}-`))).toEqual(adjusted);
  });

  it.each([2025, 2026])('every day of %i classifies as RULES.md says', (year) => {
    const off = new Set(year === 2025 ? RULES_2025_OFF : RULES_2026_OFF);
    const adjusted = new Set(year === 2025 ? RULES_2025_ADJUSTED : RULES_2026_ADJUSTED);
    let working = 0;
    for (let e = toEpochDay({ year, month: 1, day: 1 }); e <= toEpochDay({ year, month: 12, day: 31 }); e++) {
      const day = fromEpochDay(e);
      const key = iso(day);
      const expected = adjusted.has(key) || (!off.has(key) && isoWeekday(day) <= 5);
      expect(cal.isWorkingDay(day), key).toBe(expected);
      if (expected) working++;
    }
    // Hand count: 2025 has 261 weekdays − 18 weekday holidays + 5 调休 = 248; 2026 has 261 − 19 + 6 = 248.
    expect(working).toBe(248);
    expect(cal.workingDaysBetween(d(`${year - 1}-12-31`), d(`${year}-12-31`))).toBe(248);
  });

  it('adjusted workdays are weekends and holidays are days off', () => {
    for (const a of [...RULES_2025_ADJUSTED, ...RULES_2026_ADJUSTED]) {
      expect(isoWeekday(d(a)), a).toBeGreaterThanOrEqual(6);
      expect(cal.dayKind(d(a))).toBe('adjusted_workday');
    }
    expect(cal.dayKind(d('2025-10-08'))).toBe('holiday');
    expect(cal.dayKind(d('2025-10-09'))).toBe('workday');
    expect(cal.dayKind(d('2025-10-12'))).toBe('weekend');
  });
});

describe('WorkCalendar deadlines', () => {
  it.each([
    // [start, n, expected, why]
    ['2025-09-30', 5, '2025-10-14', 'National Day 10/1–10/8 skipped; 10/9, 10/10, Sat 10/11 (调休), 10/13, 10/14'],
    ['2025-09-26', 1, '2025-09-28', 'Sun 9/28 is an adjusted workday'],
    ['2025-01-24', 3, '2025-02-05', 'Sun 1/26 works, Spring Festival 1/28–2/4 off'],
    ['2026-02-13', 2, '2026-02-24', 'Sat 2/14 works, 2/15–2/23 off'],
    ['2025-03-07', 5, '2025-03-14', 'ordinary week: Fri + 5 working days is next Fri'],
    ['2025-03-08', 1, '2025-03-10', 'start day on a weekend does not count'],
    ['2025-03-10', 0, '2025-03-10', 'zero working days is the start day'],
  ])('%s + %i working days = %s (%s)', (start, n, expected) => {
    expect(iso(cal.addWorkingDays(d(start), n))).toBe(expected);
    expect(cal.workingDaysBetween(d(start), d(expected))).toBe(n);
  });

  it('counts (from, to] and is antisymmetric', () => {
    expect(cal.workingDaysBetween(d('2025-10-01'), d('2025-10-08'))).toBe(0);
    expect(cal.workingDaysBetween(d('2025-09-30'), d('2025-10-11'))).toBe(3);
    expect(cal.workingDaysBetween(d('2025-10-11'), d('2025-09-30'))).toBe(-3);
    expect(cal.workingDaysBetween(d('2025-03-10'), d('2025-03-10'))).toBe(0);
  });

  it('explains the deadline citing the calendar and the days skipped', () => {
    const ex = cal.explain(d('2025-09-30'), 5, { rule: 'registration.contact-deadline', source: '人社厅发〔2020〕79号' });
    expect(ex.rule).toBe('registration.contact-deadline');
    expect(ex.source).toContain('人社厅发〔2020〕79号');
    expect(ex.source).toContain('国务院办公厅关于部分节假日安排的通知');
    expect(ex.text).toContain('2025-10-14');
    expect(ex.text).toContain('2025-10-01(国庆节)');
    expect(ex.numbers?.deadline).toBe('2025-10-14');
    expect(ex.numbers?.calendarDays).toBe(14);
    // 10/4, 10/5 (Sat/Sun) fall inside the holiday block and are listed as holidays; 10/12 is a Sunday.
    expect(ex.numbers?.weekendDaysSkipped).toBe(1);
    expect(String(ex.numbers?.holidaysSkipped).split(',')).toHaveLength(8);
    expect(ex.numbers?.adjustedWorkdaysCounted).toBe('2025-10-11(国庆节调休)');
    const dl = cal.deadline(d('2025-09-30'), 5);
    expect(dl.iso).toBe('2025-10-14');
    expect(dl.explanation.text).toBe(cal.explain(d('2025-09-30'), 5).text);
  });

  it('rejects a date outside the known calendar, naming the field', () => {
    const cases: (() => unknown)[] = [
      () => cal.isWorkingDay(d('2030-03-01'), 'registration.registeredOn'),
      () => cal.addWorkingDays(d('2030-03-01'), 5, 'registration.registeredOn'),
      () => cal.workingDaysBetween(d('2025-03-01'), d('2030-03-01'), 'registration.registeredOn'),
      () => cal.isWorkingDay(d('2003-12-31'), 'registration.registeredOn'),
      // The start is known but the deadline runs past 2026-12-31.
      () => cal.addWorkingDays(d('2026-12-28'), 5, 'registration.registeredOn'),
    ];
    for (const run of cases) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(RuleInputError);
      const err = caught as RuleInputError;
      expect(err.code).toBe('calendar_unknown');
      expect(err.field).toBe('registration.registeredOn');
      expect(err.messageZh).toContain('2026-12-31');
      expect(err.messageEn).toContain('outside the known holiday schedule');
    }
    expect(cal.covers(d('2030-03-01'))).toBe(false);
    expect(cal.covers(d('2026-12-31'))).toBe(true);
  });

  it('rejects negative or fractional working-day counts', () => {
    expect(() => cal.addWorkingDays(d('2025-03-10'), -1, 'deadline')).toThrow(/non-negative integer/);
    expect(() => cal.addWorkingDays(d('2025-03-10'), 1.5, 'deadline')).toThrow(RuleInputError);
  });
});

describe('WorkCalendar overrides (operator table)', () => {
  it('replaces days and extends the known range to the whole year of the latest override', () => {
    const withOverrides = new WorkCalendar(chinaStateCouncilCalendar(), [
      { date: '2025-03-10', kind: 'holiday', note: '本地临时放假' },
      { date: '2025-10-08', kind: 'workday' },
      { date: '2025-03-15', kind: 'workday' },
      { date: '2027-01-01', kind: 'holiday', note: '2027 元旦' },
    ]);
    expect(withOverrides.isWorkingDay(d('2025-03-10'))).toBe(false);
    expect(withOverrides.isWorkingDay(d('2025-10-08'))).toBe(true);
    expect(withOverrides.dayKind(d('2025-03-15'))).toBe('adjusted_workday');
    expect(withOverrides.knownTo).toBe('2027-12-31');
    expect(withOverrides.isWorkingDay(d('2027-01-01'))).toBe(false);
    expect(withOverrides.isWorkingDay(d('2027-06-01'))).toBe(true); // a Tuesday
    expect(iso(withOverrides.addWorkingDays(d('2026-12-31'), 1))).toBe('2027-01-04');
    expect(withOverrides.source).toContain('operator overrides');
    expect(withOverrides.explain(d('2025-03-07'), 1).numbers?.overridesApplied).toBe('2025-03-10: 本地临时放假');
    expect(() => withOverrides.isWorkingDay(d('2028-01-03'), 'f')).toThrow(RuleInputError);
    // The base calendar is untouched.
    expect(cal.isWorkingDay(d('2025-03-10'))).toBe(true);
  });

  it('honours an explicit knownTo and validates the table', () => {
    const ext = new WorkCalendar(chinaStateCouncilCalendar(), [], { knownTo: '2027-06-30' });
    expect(ext.covers(d('2027-06-30'))).toBe(true);
    expect(ext.covers(d('2027-07-01'))).toBe(false);
    expect(() => new WorkCalendar(chinaStateCouncilCalendar(), [{ date: '2025-02-30', kind: 'holiday' }])).toThrow(
      expect.objectContaining({ field: 'calendarOverrides[0].date' }),
    );
    expect(
      () =>
        new WorkCalendar(chinaStateCouncilCalendar(), [
          { date: '2025-03-10', kind: 'holiday' },
          { date: '2025-03-10', kind: 'workday' },
        ]),
    ).toThrow(expect.objectContaining({ field: 'calendarOverrides[1].date', code: 'invalid_value' }));
    expect(
      () => new WorkCalendar(chinaStateCouncilCalendar(), [{ date: '2025-03-10', kind: 'off' as 'holiday' }]),
    ).toThrow(expect.objectContaining({ field: 'calendarOverrides[0].kind' }));
  });

  it('validates calendar data', () => {
    const base: CalendarData = {
      id: 't',
      source: 'test',
      knownFrom: '2025-01-01',
      knownTo: '2025-12-31',
      holidays: ['2025-01-01'],
      adjustedWorkdays: [],
    };
    expect(() => new WorkCalendar({ ...base, holidays: ['2026-01-01'] })).toThrow(
      expect.objectContaining({ field: 'calendar.holidays[0]' }),
    );
    expect(() => new WorkCalendar({ ...base, adjustedWorkdays: ['2025-01-01'] })).toThrow(
      expect.objectContaining({ field: 'calendar.adjustedWorkdays[0]' }),
    );
    expect(() => new WorkCalendar({ ...base, knownTo: '2024-12-31' })).toThrow(
      expect.objectContaining({ field: 'calendar.knownTo' }),
    );
  });
});

describe('WorkCalendar properties (fast-check)', () => {
  const first = toEpochDay(d('2004-01-01'));
  const last = toEpochDay(d('2026-11-15'));
  const day = fc.integer({ min: first, max: last }).map(fromEpochDay);
  const n = fc.integer({ min: 0, max: 15 });

  it('addWorkingDays never lands on a day off (n ≥ 1)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 15 }), (start, k) => cal.isWorkingDay(cal.addWorkingDays(start, k))),
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n, and every day in between is off', () => {
    fc.assert(
      fc.property(day, n, (start, k) => {
        const end = cal.addWorkingDays(start, k);
        if (cal.workingDaysBetween(start, end) !== k) return false;
        // Minimality: the day before the deadline has one working day fewer.
        return k === 0 || cal.workingDaysBetween(start, addDays(end, -1)) === k - 1;
      }),
    );
  });

  it('is monotone in the start date and in n', () => {
    fc.assert(
      fc.property(day, day, n, (a, b, k) => {
        const [lo, hi] = toEpochDay(a) <= toEpochDay(b) ? [a, b] : [b, a];
        return toEpochDay(cal.addWorkingDays(lo, k)) <= toEpochDay(cal.addWorkingDays(hi, k));
      }),
    );
    fc.assert(
      fc.property(day, n, (start, k) => toEpochDay(cal.addWorkingDays(start, k)) < toEpochDay(cal.addWorkingDays(start, k + 1))),
    );
  });

  it('agrees with a naive day-by-day count', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), (start, span) => {
        const end = addDays(start, span);
        let naive = 0;
        for (let i = 1; i <= span; i++) if (cal.isWorkingDay(addDays(start, i))) naive++;
        return cal.workingDaysBetween(start, end) === naive;
      }),
    );
  });
});
