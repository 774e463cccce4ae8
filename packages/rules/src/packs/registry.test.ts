import { describe, expect, it } from 'vitest';
import { RuleInputError } from '../core/errors.ts';
import { PackRegistry, validatePack } from './registry.ts';
import { nationalPack, xuchangPack } from './builtin.ts';
import type { RulePack } from './schema.ts';

const reg = PackRegistry.builtIn();

function errorOf(f: () => unknown): RuleInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof RuleInputError) return e;
    throw e;
  }
  throw new Error('expected a RuleInputError');
}

describe('PackRegistry resolution (longest prefix whose period covers asOf)', () => {
  it.each([
    // [code, asOf, pack, chain, why]
    ['411002001000', '2025-03-01', 'xuchang', ['xuchang', 'national'], 'XC23 in force from 2023-06-25, prefix 4110'],
    ['411002001000', '2023-06-24', 'national', ['national'], 'day before XC23 took effect'],
    ['411002001000', '2023-06-25', 'xuchang', ['xuchang', 'national'], 'XC23 effective date'],
    ['410102000000', '2025-03-01', 'national', ['national'], 'Zhengzhou: no Henan pack, national floor'],
    ['150102000000', '2023-12-31', 'nei-mongol-2022', ['nei-mongol-2022', 'national'], 'NM22 pack until NM24'],
    ['150102000000', '2024-01-01', 'nei-mongol', ['nei-mongol', 'nei-mongol-2022', 'national'], 'NM24 refines NM22'],
    ['500101000000', '2025-01-01', 'chongqing', ['chongqing', 'national'], 'CQ25'],
    ['500101000000', '2024-12-31', 'national', ['national'], 'before CQ25'],
  ])('%s on %s → %s (%s)', (code, asOf, id, chain) => {
    const p = reg.resolve(code, asOf);
    expect(p.id).toBe(id);
    expect(p.chain).toEqual(chain);
  });

  it('rejects a jurisdiction that is not 12 digits and dates before every pack', () => {
    expect(errorOf(() => reg.resolve('4110', '2025-01-01')).field).toBe('jurisdiction');
    expect(errorOf(() => reg.resolve('411002001000', '2019-12-31')).code).toBe('no_pack');
    expect(errorOf(() => reg.resolve('411002001000', '2025-02-30')).field).toBe('asOf');
  });

  it('lists the history of a code oldest first', () => {
    expect(reg.history('150102000000').map((h) => h.id)).toEqual(['national', 'nei-mongol-2022', 'nei-mongol']);
    expect(reg.list()).toHaveLength(5);
  });

  it('inherits and overrides key by key, recording what was replaced (XC23 三(四) overrides national)', () => {
    const xc = reg.resolve('411002000000', '2025-03-01');
    expect(xc.params.deregistration.no_contact_6_months?.source).toEqual({ doc: 'XC23', clause: '三(四)' });
    expect(xc.origin['deregistration.no_contact_6_months']).toEqual({ pack: 'xuchang', override: { pack: 'national', source: { doc: '就业服务与就业管理规定', clause: '第七章' } } });
    // inherited untouched: UI benefit bands from 失业保险条例 第十七条
    expect(xc.params.uiBenefit.bands.source).toEqual({ doc: '失业保险条例', clause: '第十七条' });
    expect(xc.origin['uiBenefit.bands']).toEqual({ pack: 'national' });
    // null drops an inherited key: NM 58号 replaces the national hardship criterion
    const nm = reg.resolve('150102000000', '2025-03-01');
    expect(Object.keys(nm.params.difficulty)).not.toContain('household-hardship');
    expect(nm.sourcesUsed.map((s) => s.code)).toContain('内人社办发〔2020〕58号');
  });
});

describe('invalid packs are rejected with the exact path', () => {
  const DELETE = Symbol('delete');
  /** Sets (or deletes) the value at a dotted path of a plain JSON object. */
  function mutate(root: unknown, path: string, value: unknown): void {
    const keys = path.split('.');
    let o = root as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
    const last = keys[keys.length - 1]!;
    if (value === DELETE) delete o[last];
    else o[last] = value;
  }
  it.each<[string, string, unknown, string]>([
    ['negative tier threshold', 'params.tiers', { shortMaxMonths: { value: -1, source: { doc: 'XC23', clause: 'x' } } }, 'params.tiers.shortMaxMonths.value'],
    ['unknown service type in an obligation', 'params.obligations.xc23-131-jobs.service', 'job_offer', 'params.obligations.xc23-131-jobs.service'],
    ['missing clause', 'params.registration.minAge.source.clause', DELETE, 'params.registration.minAge.source.clause'],
    ['unknown parameter key', 'params.tiers', { longMaxMonths: null }, 'params.tiers.longMaxMonths'],
    ['prefix not whole levels', 'jurisdictionPrefix', '411', 'jurisdictionPrefix'],
    ['impossible date', 'effectiveFrom', '2023-02-30', 'effectiveFrom'],
    ['period reversed', 'effectiveTo', '2020-01-01', 'effectiveTo'],
    ['bad predicate fact', 'params.difficulty.poverty-alleviated.when', { fact: 'income', op: 'lt', value: 1 }, 'params.difficulty.poverty-alleviated.when.fact'],
    ['bad source in a source list', 'sources.0.code', '', 'sources[0].code'],
  ])('%s', (_name, at, value, path) => {
    const p: RulePack = structuredClone(xuchangPack());
    mutate(p, at, value);
    const e = errorOf(() => validatePack(p));
    expect(e.code).toBe('invalid_pack');
    expect(e.field).toBe(path);
    expect(e.messageZh).toMatch(/规则包无效/);
  });

  it('rejects an unknown parent, a cycle, overlapping periods and incomplete inheritance at load time', () => {
    const n = nationalPack();
    const x = xuchangPack();
    expect(errorOf(() => new PackRegistry([n, { ...x, parent: 'henan' }])).field).toBe('packs[1].parent');
    const a = { ...x, id: 'a', parent: 'b', jurisdictionPrefix: '41' };
    const b = { ...x, id: 'b', parent: 'a', jurisdictionPrefix: '42' };
    expect(errorOf(() => new PackRegistry([n, a, b])).messageEn).toMatch(/cycle/);
    const x2 = { ...x, id: 'xuchang-2025', effectiveFrom: '2025-01-01' };
    expect(errorOf(() => new PackRegistry([n, x, x2])).messageEn).toMatch(/overlapping/);
    // closing the first period makes them consecutive versions
    expect(() => new PackRegistry([n, { ...x, effectiveTo: '2024-12-31' }, x2])).not.toThrow();
    const orphan = { ...x, parent: undefined };
    expect(errorOf(() => new PackRegistry([orphan])).field).toBe('packs[0].params.registration.upperBound');
    const uncited = structuredClone(x);
    uncited.params.registration!.minAge = { value: 16, source: { doc: 'HN99', clause: '一' } };
    expect(errorOf(() => new PackRegistry([n, uncited])).messageEn).toMatch(/HN99/);
    expect(errorOf(() => new PackRegistry([n, n])).field).toBe('packs[1].id');
  });
});
