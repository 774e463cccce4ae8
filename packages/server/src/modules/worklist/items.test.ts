import { describe, expect, it } from 'vitest';
import { followUpOpens, plusDays } from './items.ts';

describe('worklist item dates', () => {
  it('opens a follow-up on the first day of the month, quarter or half-year ending on the due date (as the reminders SQL)', () => {
    expect(followUpOpens('2025-05-31', 1)).toBe('2025-05-01');
    expect(followUpOpens('2025-06-30', 3)).toBe('2025-04-01');
    expect(followUpOpens('2025-02-28', 3)).toBe('2024-12-01');
    expect(followUpOpens('2025-01-31', 6)).toBe('2024-08-01');
    expect(followUpOpens('2025-12-31', 12)).toBe('2025-01-01');
    expect(followUpOpens('2025-03-31', 0)).toBe('2025-03-01');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(plusDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(plusDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(plusDays('2025-03-04', 30)).toBe('2025-04-03');
  });
});
