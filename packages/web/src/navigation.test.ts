import { describe, expect, it } from 'vitest';
import { pathFromHash, safeNext } from './navigation.ts';
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

  it('summarises the findings as flat rows, two levels deep, without the explanations', () => {
    const decision = {
      asOf: '2026-03-02',
      tier: { code: 'long', months: 7, nextChange: null },
      difficulty: { eligible: 'yes', categories: ['zero_employment_family', 'older'], missingFacts: [] },
      obligations: [{ service: 'x' }, { service: 'y' }],
      pack: { id: 'nm', chain: ['cn', 'nm'], deep: { a: 1 } },
      explanations: [tier],
    };
    expect(decisionSummary(decision)).toEqual([
      { key: 'asOf', value: '2026-03-02' },
      { key: 'tier.code', value: 'long' },
      { key: 'tier.months', value: '7' },
      { key: 'tier.nextChange', value: 'null' },
      { key: 'difficulty.eligible', value: 'yes' },
      { key: 'difficulty.categories', value: 'zero_employment_family, older' },
      { key: 'obligations', value: '[2]' },
      { key: 'pack.id', value: 'nm' },
      { key: 'pack.chain', value: 'cn, nm' },
      { key: 'pack.deep', value: '{"a":1}' },
    ]);
    expect(decisionSummary([1, 2])).toEqual([]);
    expect(decisionSummary('x')).toEqual([]);
  });
});

describe('pathFromHash', () => {
  it('turns hash-routed links into paths and ignores other hashes', () => {
    expect(pathFromHash('#/citizen/register?office=abc')).toBe('/citizen/register?office=abc');
    expect(pathFromHash('#section')).toBeNull();
    expect(pathFromHash('')).toBeNull();
    expect(pathFromHash('#//evil.example')).toBeNull();
  });
});
