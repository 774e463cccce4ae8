import { PackRegistry, residentIdCheckChar } from '@bangfu/rules';
import { describe, expect, it } from 'vitest';
import type { PersonFacts } from './registry.repository.ts';
import type { DatasetKind } from './datasets.ts';
import type { EmployerRow, ListedPerson, VerificationMatch } from './engine.ts';
import { discoveryFindings, employerFindings, hardshipFindings, pseudoPersonId, staleFindings, verificationFindings, type HardshipFacts, type RunRef } from './findings.ts';

const registry = PackRegistry.builtIn();
const AS_OF = '2026-03-01';
const NM = '150102000000'; // 新城区 (Inner Mongolia pack, NM24)
const XC = '411002000000'; // 魏都区 (Xuchang pack, XC23)
const run = (jurisdictionCode: string): RunRef => ({ id: 'run-1', fileName: 'list.csv', jurisdictionCode });

/** A valid resident ID: division 150102, the birth date, and sequence digits whose last one gives the sex. */
function idOf(birth: string, sex: 'male' | 'female', division = '150102'): string {
  const first17 = `${division}${birth.replaceAll('-', '')}01${sex === 'male' ? 1 : 2}`;
  return first17 + residentIdCheckChar(first17);
}

function match(over: Partial<VerificationMatch>): VerificationMatch {
  return { personId: 'p1', registrationId: 'r1', jurisdictionCode: NM, registeredOn: '2025-06-01', key: '', eventOn: '2025-10-01', employerName: null, employerCreditCode: null, count: 1, evidence: [{ line: 2, month: '2025-10', base: null }], ...over };
}

describe('verificationFindings: one finding per matched registration, with the clause of the pack in force', () => {
  const cases: { name: string; kind: DatasetKind; m: Partial<VerificationMatch>; rule: string; action: Record<string, unknown>; evidenceKey: string }[] = [
    {
      name: 'contributions after registration → employment registration (NM24)',
      kind: 'social_insurance',
      m: { key: '91150100MA0000000X', employerName: ' 某某公司 ', employerCreditCode: '91150100MA0000000X', count: 3 },
      rule: 'verification.hired',
      evidenceKey: 'r1:91150100MA0000000X',
      action: { type: 'employment_registration', employmentType: 'stable', reason: 'hired', employerName: '某某公司', employerCreditCode: '91150100MA0000000X', startedOn: '2025-10-01', months: 3, allowed: true, source: 'NM24 三', pack: 'nei-mongol@2024.1' },
    },
    {
      name: 'no employer name and a malformed credit code → both null (the caseworker names the employer)',
      kind: 'social_insurance',
      m: { key: 'bad', employerName: '  ', employerCreditCode: 'not-a-code' },
      rule: 'verification.hired',
      evidenceKey: 'r1:bad',
      action: { employerName: null, employerCreditCode: null },
    },
    {
      name: 'an event after "as of" starts on "as of"',
      kind: 'business_registration',
      m: { eventOn: '2026-05-01', jurisdictionCode: XC },
      rule: 'verification.self_employed',
      evidenceKey: 'r1:',
      action: { type: 'employment_registration', employmentType: 'self_employed', startedOn: AS_OF, source: 'XC23 三(四)', pack: 'xuchang@2023.1' },
    },
    {
      name: 'death → deregistration on the day of death (XC23)',
      kind: 'death',
      m: { jurisdictionCode: XC, eventOn: '2025-12-20' },
      rule: 'verification.deceased',
      evidenceKey: 'r1',
      action: { type: 'deregister', reason: 'deceased', on: '2025-12-20', eventOn: '2025-12-20', allowed: true, source: 'XC23 三(四)', pack: 'xuchang@2023.1' },
    },
    {
      name: 'an event before the registration deregisters on the registration day',
      kind: 'pension',
      m: { eventOn: '2020-01-01' },
      rule: 'verification.pension',
      evidenceKey: 'r1',
      action: { type: 'deregister', reason: 'pension', on: '2025-06-01', eventOn: '2020-01-01', pack: 'nei-mongol@2024.1' },
    },
    {
      name: 'an event after "as of" deregisters on "as of"',
      kind: 'military',
      m: { eventOn: '2026-09-01' },
      rule: 'verification.military',
      evidenceKey: 'r1',
      action: { on: AS_OF, eventOn: '2026-09-01' },
    },
  ];
  it.each(cases)('$name', ({ kind, m, rule, action, evidenceKey }) => {
    const [f, ...rest] = verificationFindings(run(NM), kind, [match(m)], AS_OF, registry);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ personId: 'p1', runId: 'run-1', registrationId: 'r1', category: 'verification', datasetKind: kind, state: 'pending', asOf: AS_OF, rule, evidenceKey, proposedAction: action });
    // Empty cells are left out of the evidence; every row names the file.
    expect(f!.evidence).toEqual([{ line: 2, month: '2025-10', file: 'list.csv' }]);
  });
});

function facts(over: Partial<PersonFacts>): PersonFacts {
  return { id: 'person-known', id_number_bidx: 'b', jurisdiction_code: NM, birth_date: '1990-01-01', sex: 'male', retirement_category: null, employment_status: 'unemployed', labor_capacity: 'full', marks: [], registration_id: 'reg-1', registration_kind: 'unemployment', registered_on: '2025-01-01', zero_employment: null, urban: true, ...over };
}

function listed(over: Partial<ListedPerson> = {}): ListedPerson {
  return { idNumber: idOf('1990-01-01', 'female'), name: '王某', divisionCode: null, since: '2025-01-01', grade: null, lines: [2, 7], ...over };
}

describe('discoveryFindings: listed persons of working age, not registered or not recognised', () => {
  const seal = (id: string) => `sealed:${id}`;
  const cases: { name: string; person?: Partial<ListedPerson>; known?: Partial<PersonFacts>; disability?: boolean; runIn?: string; rule: string | null; jurisdiction?: string; criteria?: string[] }[] = [
    { name: 'no file, working age → not registered, in the run jurisdiction', rule: 'discovery.not_registered', jurisdiction: NM },
    { name: 'no file, the list names a division inside the run → that division', person: { divisionCode: '150102001000' }, rule: 'discovery.not_registered', jurisdiction: '150102001000' },
    { name: 'no file, the list names a division outside the run → the run jurisdiction', person: { divisionCode: '411002001000' }, rule: 'discovery.not_registered', jurisdiction: NM },
    { name: 'no file, under 16 → nothing', person: { idNumber: idOf('2012-05-01', 'male') }, rule: null },
    { name: 'no file, a man past retirement → nothing', person: { idNumber: idOf('1955-05-01', 'male') }, rule: null },
    { name: 'a file with no registration → not registered, the person named', known: { registration_id: null, registration_kind: null, registered_on: null }, rule: 'discovery.not_registered', jurisdiction: NM },
    { name: 'registered, not recognised, a zero-employment household → not recognised', known: { zero_employment: 'true' }, rule: 'discovery.not_recognised', jurisdiction: NM, criteria: ['zero-employment-family'] },
    { name: 'registered, not recognised, the disability list’s mark and grade → not recognised', known: {}, disability: true, person: { grade: 2 }, rule: 'discovery.not_recognised', jurisdiction: NM },
    { name: 'registered, not recognised, no category met → nothing', known: {}, rule: null },
    { name: 'registered and already recognised → nothing', known: { marks: ['difficulty'] }, rule: null },
    { name: 'employed per the file → nothing', known: { employment_status: 'employed' }, rule: null },
    { name: 'no labour capacity → nothing', known: { labor_capacity: 'none' }, rule: null },
    { name: 'a file outside the run jurisdiction → nothing', known: { jurisdiction_code: XC }, rule: null },
  ];
  it.each(cases)('$name', ({ person, known, disability, runIn, rule, jurisdiction, criteria }) => {
    const p = listed(person);
    const k = known ? facts(known) : undefined;
    const [kind, mark] = disability ? (['disability', 'disabled'] as const) : (['dibao', 'dibao'] as const);
    const out = discoveryFindings(run(runIn ?? NM), kind, mark, [{ person: p, bidx: 'bidx-1', known: k }], AS_OF, registry, seal);
    if (rule === null) return expect(out).toEqual([]);
    expect(out).toHaveLength(1);
    const f = out[0]!;
    expect(f).toMatchObject({ rule, category: 'discovery', datasetKind: kind, jurisdictionCode: jurisdiction, personKnown: k !== undefined, asOf: AS_OF });
    expect(f.evidence).toEqual([{ dataset: kind, file: 'list.csv', lines: [2, 7], name: '王某', divisionCode: p.divisionCode, since: '2025-01-01', ...(p.grade !== null ? { grade: p.grade } : {}) }]);
    expect((f.proposedAction as { pack: string }).pack).toBe('nei-mongol@2024.1');
    if (k) {
      expect(f).toMatchObject({ personId: 'person-known', subject: null, registrationId: k.registration_id });
    } else {
      // Someone without a file: a stable pseudo id, the masked ID shown, the ID itself sealed by the caller.
      expect(f).toMatchObject({ personId: pseudoPersonId('bidx-1'), registrationId: null, subject: { name: '王某', idEnc: `sealed:${p.idNumber}`, bidx: 'bidx-1' } });
      expect((f.subject as { idMasked: string }).idMasked).not.toContain(p.idNumber.slice(6, 14));
    }
    if (rule === 'discovery.not_recognised') {
      // Criteria are the pack's categories met, each with its clause.
      expect(f.criteria!.length).toBeGreaterThan(0);
      if (criteria) expect(f.criteria!.map((c) => c.id)).toEqual(criteria);
      for (const c of f.criteria!) expect(c.source).toBeTruthy();
      expect(f.evidenceKey).toBe('reg-1');
    } else {
      expect(f.evidenceKey).toBe(mark);
    }
  });

  it('the pseudo person id is a stable uuid per blind index', () => {
    expect(pseudoPersonId('x')).toBe(pseudoPersonId('x'));
    expect(pseudoPersonId('x')).not.toBe(pseudoPersonId('y'));
    expect(pseudoPersonId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('employerFindings: fee-paying employers of the county of disabled registrants', () => {
  const employer = (n: number, division: string, year = 2024): EmployerRow => ({ employerName: `单位${n}`, employerCreditCode: `CODE${n}`, divisionCode: division, year, amount: 1000 + n, line: n + 1 });
  const reg = (id: string, jurisdiction: string) => ({ person_id: `p-${id}`, registration_id: id, jurisdiction_code: jurisdiction, registered_on: '2025-01-01' });
  const cases = [
    { name: 'employers of the same county, at most 5, keyed by the latest year', employers: [1, 2, 3, 4, 5, 6].map((n) => employer(n, '150102003000', n === 2 ? 2025 : 2024)), regs: [reg('r1', '150102001000')], expected: [{ key: 'r1:2025', employers: 5 }] },
    { name: 'no employer in the county → nothing', employers: [employer(1, '150103000000')], regs: [reg('r1', '150102001000')], expected: [] },
    { name: 'one finding per registrant of a county with employers', employers: [employer(1, '150102000000')], regs: [reg('r1', '150102001000'), reg('r2', XC), reg('r3', '150102002000')], expected: [{ key: 'r1:2024', employers: 1 }, { key: 'r3:2024', employers: 1 }] },
  ];
  it.each(cases)('$name', ({ employers, regs, expected }) => {
    const out = employerFindings(run(NM), employers, regs, AS_OF);
    expect(out.map((f) => ({ key: f.evidenceKey, employers: (f.proposedAction as { employers: unknown[] }).employers.length }))).toEqual(expected);
    for (const f of out) {
      expect(f).toMatchObject({ category: 'referral', datasetKind: 'tax_disability_fee', rule: 'referral.disability_employers', asOf: AS_OF, proposedAction: { type: 'recommend_employers', source: '残疾人就业保障金征收使用管理办法; R7.1' } });
      expect(f.evidence.every((e) => e.file === 'list.csv' && typeof e.line === 'number')).toBe(true);
    }
  });
});

describe('hardshipFindings: registrants in hardship by the pack → referral to civil affairs', () => {
  const candidate = (over: Partial<HardshipFacts>): HardshipFacts => ({ person_id: 'p1', registration_id: 'r1', jurisdiction_code: NM, registered_on: '2025-12-01', zero_employment: null, ui_benefit_eligible: null, id_number_bidx: 'b1', monthlyIncome: null, ...over });
  const cases: { name: string; c: Partial<HardshipFacts>; kind: 'dibao' | 'temporary_relief' | null; criteria?: string[] }[] = [
    { name: 'zero-employment household → dibao', c: { zero_employment: 'true' }, kind: 'dibao', criteria: ['zero_employment_household'] },
    { name: 'registered 12 months without benefit → temporary relief', c: { registered_on: '2025-03-01' }, kind: 'temporary_relief', criteria: ['long_term_without_benefit'] },
    { name: 'registered 12 months but with benefit → nothing', c: { registered_on: '2025-03-01', ui_benefit_eligible: 'true' }, kind: null },
    { name: 'registered 11 months → nothing', c: { registered_on: '2025-03-02' }, kind: null },
    { name: 'a recorded income of 0 → dibao', c: { monthlyIncome: 0 }, kind: 'dibao', criteria: ['no_income'] },
    { name: 'a recorded income above 0 → nothing', c: { monthlyIncome: 800 }, kind: null },
    { name: 'long-term and no income → dibao, both criteria', c: { registered_on: '2024-01-01', monthlyIncome: 0 }, kind: 'dibao', criteria: ['long_term_without_benefit', 'no_income'] },
  ];
  it.each(cases)('$name', ({ c, kind, criteria }) => {
    const out = hardshipFindings(run(NM), [candidate(c)], AS_OF, registry, null);
    if (kind === null) return expect(out).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ category: 'referral', datasetKind: 'registry', rule: 'referral.civil_affairs', evidenceKey: 'r1', asOf: AS_OF, proposedAction: { type: 'referral', referralKind: kind, source: 'NM24 一(三); NM22 三(七)' } });
    expect(out[0]!.criteria!.map((x) => x.id)).toEqual(criteria);
    expect(out[0]!.evidence[0]).toMatchObject({ dataset: 'registry', criteria, longTermMonths: 12, pack: 'nei-mongol@2024.1' });
    expect(out[0]!.evidence[0]).not.toHaveProperty('notOnList');
  });

  it('with a 低保 list, those on the list are left out and the others name the list', () => {
    const out = hardshipFindings(run(NM), [candidate({ zero_employment: 'true' }), candidate({ person_id: 'p2', registration_id: 'r2', id_number_bidx: 'b2', zero_employment: 'true' })], AS_OF, registry, { bidx: new Set(['b1']), file: 'dibao.csv' });
    expect(out.map((f) => f.evidenceKey)).toEqual(['r2']);
    expect(out[0]!.evidence[0]).toMatchObject({ notOnList: 'dibao.csv' });
  });
});

describe('staleFindings', () => {
  it('proposes an update of each stale file, keyed by registration and last update', () => {
    const out = staleFindings(run(NM), [{ person_id: 'p1', registration_id: 'r1', jurisdiction_code: NM, registered_on: '2025-01-01', last_update: '2025-06-30' }], 6, AS_OF);
    expect(out).toEqual([
      { personId: 'p1', runId: 'run-1', category: 'stale', datasetKind: 'registry', rule: 'stale.no_update', evidenceKey: 'r1:2025-06-30', proposedAction: { type: 'update_file', months: 6, source: 'NM24 三; XC23 三(四)' }, evidence: [{ dataset: 'registry', registeredOn: '2025-01-01', lastUpdate: '2025-06-30', months: 6 }], state: 'pending', jurisdictionCode: NM, registrationId: 'r1', asOf: AS_OF },
    ]);
  });
});
