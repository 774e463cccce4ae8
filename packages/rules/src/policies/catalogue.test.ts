import { describe, expect, it } from 'vitest';
import { RuleInputError } from '../core/errors.ts';
import { PolicyCatalogue, evaluatePolicy, periodKey, type PolicyFacts } from './catalogue.ts';
import type { PolicyInput } from './schema.ts';

function policy(over: Partial<PolicyInput> = {}, version: Record<string, unknown> = {}): PolicyInput {
  return {
    id: 'test.policy',
    jurisdictionPrefix: '41',
    category: 'training_subsidy',
    beneficiary: 'person',
    versions: [
      {
        version: '1',
        effectiveFrom: '2024-01-01',
        name: '测试政策',
        nameEn: 'Test policy',
        targetGroups: ['登记失业人员'],
        content: '内容',
        materials: [],
        office: '经办机构',
        amount: { kind: 'fixed', yuan: 100, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(三)' } },
        period: 'once',
        eligibility: { all: [{ fact: 'registered', op: 'eq', value: true }] },
        source: { doc: 'XC23', clause: '四(三)' },
        ...version,
      } as PolicyInput['versions'][number],
    ],
    ...over,
  };
}

function refusal(files: unknown[]): RuleInputError {
  try {
    new PolicyCatalogue(files);
  } catch (e) {
    if (e instanceof RuleInputError) return e;
    throw e;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('PolicyCatalogue validation', () => {
  it('refuses an unknown fact with its JSON path', () => {
    const e = refusal([policy({}, { eligibility: { all: [{ fact: 'registered', op: 'eq', value: true }, { fact: 'shoeSize', op: 'gte', value: 40 }] } })]);
    expect(e.code).toBe('invalid_pack');
    expect(e.field).toBe('policies[0].versions[0].eligibility.all[1].fact');
  });

  it('refuses an unknown mark and a wrong operator, naming the field', () => {
    expect(refusal([policy({}, { eligibility: { fact: 'mark', op: 'has', value: 'vip' } })]).field).toBe('policies[0].versions[0].eligibility.value');
    expect(refusal([policy({}, { eligibility: { fact: 'registered', op: 'gte', value: true } })]).field).toBe('policies[0].versions[0].eligibility.op');
  });

  it('refuses overlapping versions of one policy', () => {
    const p = policy();
    const v0 = p.versions[0]!;
    p.versions = [
      { ...v0, version: '1', effectiveTo: '2024-12-31' },
      { ...v0, version: '2', effectiveFrom: '2024-12-31' },
    ];
    const e = refusal([p]);
    expect(e.field).toBe('policies[0].versions[1].effectiveFrom');
    expect(e.messageEn).toContain('overlap');
  });

  it('refuses a missing citation and a duplicate id', () => {
    expect(refusal([policy({}, { source: undefined })]).field).toBe('policies[0].versions[0].source');
    expect(refusal([policy(), policy()]).field).toBe('policies[1].id');
  });

  it('a policy replaces only one of an enclosing jurisdiction', () => {
    const parent = policy({ id: 'a.parent', jurisdictionPrefix: '15' });
    expect(refusal([parent, policy({ id: 'b.child', replaces: 'a.parent' })]).field).toBe('policies[1].replaces');
    expect(refusal([policy({ replaces: 'nope' })]).field).toBe('policies[0].replaces');
  });
});

describe('versions and inheritance', () => {
  const p = policy();
  const v0 = p.versions[0]!;
  p.versions = [
    { ...v0, version: '2024', effectiveTo: '2024-12-31', amount: { kind: 'fixed', yuan: 100, status: 'unconfirmed', source: { doc: 'XC23', clause: '四(三)' } } },
    { ...v0, version: '2025', effectiveFrom: '2025-01-01', amount: { kind: 'fixed', yuan: 200, status: 'confirmed', source: { doc: 'XC23', clause: '四(三)' } } },
  ];
  const county = policy({ id: 'test.county', jurisdictionPrefix: '411002', replaces: 'test.policy' });
  const cat = new PolicyCatalogue([p, county]);

  it('resolves the version in force on the day', () => {
    expect(cat.inForce('410102000000', '2024-06-01').map((x) => `${x.id}@${x.version}`)).toEqual(['test.policy@2024']);
    expect(cat.inForce('410102000000', '2025-01-01').map((x) => `${x.id}@${x.version}`)).toEqual(['test.policy@2025']);
    expect(cat.inForce('410102000000', '2023-12-31')).toEqual([]);
    expect(cat.inForce('150102000000', '2025-01-01')).toEqual([]);
  });

  it('a county policy replaces the inherited one below it only', () => {
    expect(cat.inForce('411002001000', '2025-01-01').map((x) => x.id)).toEqual(['test.county']);
    expect(cat.at('test.policy', '2025-02-01')?.version).toBe('2025');
    expect(cat.version('test.policy', '2024')?.amount).toMatchObject({ yuan: 100 });
  });

  it('a bad division or date is refused', () => {
    expect(() => cat.inForce('41', '2025-01-01')).toThrow(RuleInputError);
    expect(() => cat.inForce('410102000000', '2025-02-30')).toThrow(RuleInputError);
  });
});

describe('three-valued evaluation', () => {
  const cat = new PolicyCatalogue([
    policy({}, { eligibility: { all: [{ fact: 'registered', op: 'eq', value: true }, { any: [{ fact: 'mark', op: 'has', value: 'difficulty' }, { fact: 'monthsToRetirement', op: 'lte', value: 60 }] }] } }),
  ]);
  const p = cat.at('test.policy', '2025-01-01')!;
  const check = (facts: PolicyFacts) => evaluatePolicy(p, facts);

  it('an `any` decided by one known branch needs no other fact', () => {
    expect(check({ registered: true, marks: new Set(['difficulty']) }).verdict).toBe('qualifies');
  });
  it('names only the facts that would decide', () => {
    const r = check({ registered: true, marks: new Set() });
    expect(r).toMatchObject({ verdict: 'nearly', missingFacts: ['person.retirementCategory'] });
  });
  it('a range of months to retirement decides when both ends agree', () => {
    expect(check({ registered: true, marks: new Set(), monthsToRetirement: { min: 30, max: 50 } }).verdict).toBe('qualifies');
    expect(check({ registered: true, marks: new Set(), monthsToRetirement: { min: 50, max: 70 } }).verdict).toBe('nearly');
  });
  it('a false conjunct decides even with other facts missing, and is named', () => {
    const r = check({ registered: false });
    expect(r.verdict).toBe('not');
    expect(r.failed).toEqual(['有效的失业/求职登记']);
  });
  it('period keys', () => {
    expect(periodKey({ period: 'once' }, '2025-03-04')).toBe('once');
    expect(periodKey({ period: 'yearly' }, '2025-03-04')).toBe('2025');
    expect(periodKey({ period: 'monthly' }, '2025-03-04')).toBe('2025-03');
  });
});

describe('fast verdict', () => {
  it('agrees with the explained evaluation on every shipped policy for crafted facts', async () => {
    const { policyVerdict } = await import('./catalogue.ts');
    const cat = PolicyCatalogue.builtIn();
    const people: PolicyFacts[] = [
      {},
      { registered: true, registrationKind: 'unemployment', trainingCompleted: true },
      { marks: new Set(['difficulty']), employmentStatus: 'flexible', socialInsurancePaid: true, ageYears: 40, monthsToRetirement: { min: 10, max: 70 } },
      { marks: new Set(['veteran']), employmentStatus: 'self_employed', businessMonths: 7, ageYears: 30, monthsToRetirement: 300 },
      { ageYears: 20, registrationKind: 'unemployment', employmentStatus: 'employed', socialInsurancePaid: true, education: 'bachelor', monthsSinceGraduation: 3 },
    ];
    for (const code of ['150102000000', '411002000000', '500101000000', '410102000000']) {
      for (const p of cat.inForce(code, '2025-06-01')) for (const f of people) expect(policyVerdict(p, f), p.id).toBe(evaluatePolicy(p, f).verdict);
    }
  });
});
