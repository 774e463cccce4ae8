import { describe, expect, it } from 'vitest';
import { Staleness } from './service-state.ts';

describe('four-clears staleness per jurisdiction (nearest setting applies)', () => {
  const settings = new Staleness(
    new Map([
      ['000000000000', 180],
      ['150100000000', 90], // 呼和浩特市
      ['150102001000', 30], // 海拉尔东路街道
    ]),
    365,
  );

  it('takes the village’s own township setting, else the city’s, else the nation’s', () => {
    expect(settings.daysIn('150102001001')).toBe(30);
    expect(settings.daysIn('150102002001')).toBe(90);
    expect(settings.daysIn('411002001001')).toBe(180);
  });

  it('falls back to the default when nothing is set anywhere on the path', () => {
    expect(new Staleness(new Map([['150100000000', 90]]), 365).daysIn('411002001001')).toBe(365);
    expect(Staleness.uniform(7).daysIn('150102001001')).toBe(7);
  });
});
