import { describe, expect, it } from 'vitest';
import { DELIVERY_POLICY, chinaHour, inQuietHours, nextChinaDay, quietHoursEnd, retryDelayMs } from './policy.ts';

describe('delivery policy', () => {
  it('knows quiet hours in China time', () => {
    expect(chinaHour(new Date('2026-03-02T12:59:00Z'))).toBe(20);
    expect(inQuietHours(new Date('2026-03-02T12:59:00Z'))).toBe(false); // 20:59
    expect(inQuietHours(new Date('2026-03-02T13:00:00Z'))).toBe(true); // 21:00
    expect(inQuietHours(new Date('2026-03-02T23:59:00Z'))).toBe(true); // 07:59 next day
    expect(inQuietHours(new Date('2026-03-03T00:00:00Z'))).toBe(false); // 08:00
  });

  it('moves a quiet-hour message to 08:00 and a capped one to the next day', () => {
    expect(quietHoursEnd(new Date('2026-03-02T14:00:00Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-03-02T22:00:00Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(nextChinaDay(new Date('2026-03-02T04:00:00Z'), 8).toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });

  it('backs off 1, 4, 16, 64 minutes and keeps the last step', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 4, 16, 64, 64]);
    for (const v of Object.values(DELIVERY_POLICY)) expect((v as { source: string }).source).toMatch(/project_default/);
  });
});
