import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addCalendarMonths, addDays, formatIsoDate, fromEpochDay, parseIsoDate, toEpochDay, wholeMonthsBetween } from './date.ts';
import { RuleInputError } from './errors.ts';

describe('civil dates', () => {
  it('clamps month arithmetic at month end (CODES.md tiers: 31 Jan + 1 month = 28/29 Feb)', () => {
    expect(formatIsoDate(addCalendarMonths(parseIsoDate('2025-01-31', 'd'), 1))).toBe('2025-02-28');
    expect(formatIsoDate(addCalendarMonths(parseIsoDate('2024-01-31', 'd'), 1))).toBe('2024-02-29');
    expect(formatIsoDate(addCalendarMonths(parseIsoDate('2025-08-31', 'd'), 6))).toBe('2026-02-28');
  });
  it('counts whole months', () => {
    expect(wholeMonthsBetween(parseIsoDate('2025-01-31', 'a'), parseIsoDate('2025-02-27', 'b'))).toBe(0);
    expect(wholeMonthsBetween(parseIsoDate('2025-01-31', 'a'), parseIsoDate('2025-02-28', 'b'))).toBe(1);
    expect(wholeMonthsBetween(parseIsoDate('2025-03-15', 'a'), parseIsoDate('2025-09-15', 'b'))).toBe(6);
    expect(wholeMonthsBetween(parseIsoDate('2025-03-15', 'a'), parseIsoDate('2025-09-14', 'b'))).toBe(5);
  });
  it('rejects impossible dates naming the field', () => {
    expect(() => parseIsoDate('2025-02-30', 'person.birthDate')).toThrow(RuleInputError);
    try {
      parseIsoDate('2025-13-01', 'registration.registeredOn');
    } catch (e) {
      expect((e as RuleInputError).field).toBe('registration.registeredOn');
    }
  });
  it('epoch-day conversion round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50000, max: 100000 }), (n) => toEpochDay(fromEpochDay(n)) === n),
    );
    expect(formatIsoDate(addDays(parseIsoDate('2024-02-28', 'd'), 1))).toBe('2024-02-29');
  });
});
