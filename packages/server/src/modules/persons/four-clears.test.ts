import { describe, expect, it } from 'vitest';
import { applyingSetting, childPrefixLength, FOUR_CLEARS_SETTING, fourClearsSettingKey, percent, summaryItem } from './four-clears.ts';

const NATION = '000000000000';
const CITY = '150100000000';
const DISTRICT = '150102000000';
const setting = (code: string, value: unknown) => ({ key: fourClearsSettingKey(code), value });

describe('four-clears setting keys', () => {
  it('keeps the key older releases wrote for the nation; a jurisdiction has its own', () => {
    expect(fourClearsSettingKey(NATION)).toBe(FOUR_CLEARS_SETTING);
    expect(fourClearsSettingKey(CITY)).toBe(`${FOUR_CLEARS_SETTING}:${CITY}`);
  });
});

describe('applyingSetting', () => {
  it('takes the jurisdiction’s own, else the nearest ancestor’s, else the nation’s, else none', () => {
    const all = [setting(NATION, 200), setting(CITY, 120), setting(DISTRICT, 90)];
    expect(applyingSetting(DISTRICT, all)).toEqual({ days: 90, setAt: DISTRICT });
    expect(applyingSetting(DISTRICT, all.slice(0, 2))).toEqual({ days: 120, setAt: CITY });
    expect(applyingSetting('150102001001', all.slice(0, 1))).toEqual({ days: 200, setAt: NATION });
    expect(applyingSetting(DISTRICT, [])).toEqual({ days: null, setAt: null });
  });

  it('ignores a value that is not a positive whole number', () => {
    expect(applyingSetting(DISTRICT, [setting(NATION, 200), setting(DISTRICT, 0), setting(CITY, 12.5), setting('150000000000', '90')])).toEqual({ days: 200, setAt: NATION });
  });
});

describe('summary', () => {
  it('descends province → city → county → township → village', () => {
    expect([0, 2, 4, 6, 9].map(childPrefixLength)).toEqual([2, 4, 6, 9, 12]);
    expect(childPrefixLength(12)).toBeUndefined();
  });

  it('gives per cent with one decimal, 0 for nobody', () => {
    expect([percent(1, 3), percent(2, 3), percent(0, 0), percent(5, 5)]).toEqual([33.3, 66.7, 0, 100]);
  });

  it('reads a child’s counts by its prefix, zeros when it has none', () => {
    const counts = [
      { prefix: '150102', persons: 8, headcount: 8, skills: 6, intention: 4, serviceNeeds: 2, complete: 1 },
      { prefix: '150103', persons: 1, headcount: 1, skills: 1, intention: 1, serviceNeeds: 1, complete: 1 },
    ];
    const child = { code: '150102000000', name: '新城区' };
    expect(summaryItem(child, counts)).toEqual({
      jurisdiction: child,
      persons: 8,
      complete: 1,
      percent: 12.5,
      byClear: { headcount: 100, skills: 75, intention: 50, serviceNeeds: 25 },
    });
    const empty = { code: '150104000000', name: '玉泉区' };
    expect(summaryItem(empty, counts)).toMatchObject({ persons: 0, complete: 0, percent: 0, byClear: { headcount: 0 } });
    expect(summaryItem(empty, undefined)).toMatchObject({ persons: 0 });
  });
});
