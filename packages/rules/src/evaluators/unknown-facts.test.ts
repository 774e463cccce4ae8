import { describe, expect, it } from 'vitest';
import type { Predicate } from '../packs/schema.ts';
import { evaluatePredicate, type PredicateFacts, type Tri } from './common.ts';
import { evaluateDifficulty } from './difficulty.ts';
import { booleanOptions, decideOverMissing, type MissingFact } from './unknown-facts.ts';
import { packs } from './test-helpers.ts';

const older: Predicate = { any: [{ all: [{ fact: 'sex', op: 'eq', value: 'female' }, { fact: 'ageYears', op: 'gte', value: 40 }] }, { all: [{ fact: 'sex', op: 'eq', value: 'male' }, { fact: 'ageYears', op: 'gte', value: 50 }] }] };

describe('decideOverMissing: every value of a missing fact tried (issue 11)', () => {
  interface F {
    a?: boolean;
    b?: boolean;
  }
  const dims = (f: F): MissingFact<F>[] => [
    ...(f.a === undefined ? [{ field: 'a', options: booleanOptions<F>((x, v) => ({ ...x, a: v })) }] : []),
    ...(f.b === undefined ? [{ field: 'b', options: booleanOptions<F>((x, v) => ({ ...x, b: v })) }] : []),
  ];
  it.each<[string, (f: F) => Tri, F, boolean, string[]]>([
    ['a or not a: decided', (f) => f.a! || !f.a, {}, true, []],
    ['a and b, a missing, b false: decided false', (f) => f.a! && f.b!, { b: false }, true, []],
    ['a and b, both missing: both matter', (f) => f.a! && f.b!, {}, false, ['a', 'b']],
    ['a only, both missing: only a matters', (f) => f.a!, {}, false, ['a']],
    ['undetermined for every value: not decided', () => 'unknown', {}, false, ['a', 'b']],
  ])('%s', (_n, fn, f, decided, relevant) => {
    const r = decideOverMissing(f, dims(f), fn, (x) => (x === 'unknown' ? null : String(x)));
    expect(r.decided).toBe(decided);
    if (!r.decided) expect(r.relevant).toEqual(relevant);
    else expect(r.fields).toEqual(dims(f).map((d) => d.field));
  });
});

describe('predicates with a missing finite fact (sex, yes/no, registration kind)', () => {
  it.each<[string, Predicate, PredicateFacts, Tri, string[], string[]]>([
    ['55 of unrecorded sex is older either way (women ≥ 40, men ≥ 50)', older, { ageYears: 55 }, true, [], ['person.sex']],
    ['35 of unrecorded sex is older neither way', older, { ageYears: 35 }, false, [], []],
    ['45 of unrecorded sex: a woman is, a man is not → unknown, names sex', older, { ageYears: 45 }, 'unknown', ['person.sex'], []],
    ['sex and age both missing → unknown, names both', older, {}, 'unknown', ['person.sex', 'person.birthDate'], []],
    ['urban or not urban', { any: [{ fact: 'urban', op: 'eq', value: true }, { fact: 'urban', op: 'eq', value: false }] }, {}, true, [], ['person.urban']],
  ])('%s', (_n, p, facts, value, missing, irrelevant) => {
    const r = evaluatePredicate(p, facts);
    expect(r.value).toBe(value);
    expect([...r.missing].sort()).toEqual([...missing].sort());
    expect(r.irrelevant ?? []).toEqual(irrelevant);
  });

  it('difficulty (内人社办发〔2020〕58号 大龄): a 55-year-old of unrecorded sex meets "older", and the explanation says sex did not matter', () => {
    const r = evaluateDifficulty({ ageYears: 55, residentMonths: 12, contributionYears: 2, registrationKind: 'unemployment', registeredMonths: 3, marks: new Set() }, packs.neiMongol);
    const older = r.categories.find((c) => c.id === 'older');
    expect(older?.met).toBe(true);
    expect(r.eligible).toBe(true);
    const e = r.explanations.find((x) => x.rule === 'difficulty.older');
    expect(e?.text).toContain('未记录 person.sex，但其每一种可能取值结论相同');
  });

  it('difficulty: a 45-year-old of unrecorded sex stays unknown for "older" and names sex', () => {
    const r = evaluateDifficulty({ ageYears: 45, residentMonths: 12, contributionYears: 2, registrationKind: 'unemployment', registeredMonths: 3, marks: new Set() }, packs.neiMongol);
    const older = r.categories.find((c) => c.id === 'older');
    expect(older?.met).toBe('unknown');
    expect(older?.missingFacts).toEqual(['person.sex']);
  });
});
