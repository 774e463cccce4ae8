import { describe, expect, it } from 'vitest';
import { safeNext } from './navigation.ts';
import { collectExplanations, decisionSummary } from './explain.ts';

describe('safeNext', () => {
  it('follows same-site paths only', () => {
    expect(safeNext('/persons?q=zhang')).toBe('/persons?q=zhang');
    expect(safeNext('/persons/123')).toBe('/persons/123');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login', '/login?next=/']) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe('explanations', () => {
  const tier = { rule: 'tier.by-duration', source: 'NM24 二(一)', text: '登记满 7 个月，属长期失业', numbers: { months: 7 } };
  const service = { rule: 'service.level1', source: 'XC23 三(二)1', text: '5 个工作日内提供Ⅰ级帮扶' };

  it('collects explanations nested anywhere in a decision, in order', () => {
    const decision = { tier: 'long', explanations: [tier], service: { level: 'level1', explanations: [service] } };
    expect(collectExplanations(decision)).toEqual([tier, service]);
    expect(collectExplanations({ tier: 'long' })).toEqual([]);
    expect(collectExplanations(null)).toEqual([]);
  });

  it('summarises the top-level scalar fields only', () => {
    expect(decisionSummary({ tier: 'long', months: 7, eligible: true, due: null, explanations: [tier] })).toEqual([
      { key: 'tier', value: 'long' },
      { key: 'months', value: '7' },
      { key: 'eligible', value: 'true' },
      { key: 'due', value: 'null' },
    ]);
    expect(decisionSummary([1, 2])).toEqual([]);
  });
});
