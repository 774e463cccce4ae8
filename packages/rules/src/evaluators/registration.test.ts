import { describe, expect, it } from 'vitest';
import { assessRetirement } from '../retirement/index.ts';
import { evaluateRegistration, type RegistrationFacts } from './registration.ts';
import { cal, d, packs } from './test-helpers.ts';

const asOf = '2025-10-20';
const base = (over: Partial<RegistrationFacts> & { sex?: 'male' | 'female'; birth?: string } = {}): RegistrationFacts => {
  const birth = over.birth ?? '1985-04-02';
  const sex = over.sex ?? 'male';
  return {
    ageYears: Number(asOf.slice(0, 4)) - Number(birth.slice(0, 4)) - (asOf.slice(5) < birth.slice(5) ? 1 : 0),
    retirement: assessRetirement({ sex, birthDate: birth }, asOf),
    laborCapacity: 'full',
    wantsWork: true,
    employmentStatus: 'unemployed',
    placeBasis: 'residence',
    registeredOn: d('2025-09-30'),
    ...over,
  };
};

describe('registration eligibility (NM24 一(一); XC23 三(一), 四(一); 人社厅发〔2020〕3号)', () => {
  it.each<[string, Partial<RegistrationFacts> & { sex?: 'male' | 'female'; birth?: string }, string, boolean | 'unknown']>([
    ['working age, able, wants work, unemployed → unemployment (XC23 三(一))', {}, 'unemployment', true],
    ['exactly 16 today → unemployment (年满16周岁含)', { birth: '2009-10-20', ageYears: 16 }, 'unemployment', true],
    ['15 → refused, not even job seeking', { birth: '2009-10-21', ageYears: 15 }, 'refused', false],
    ['man past statutory retirement → job seeking (XC23 四(一))', { birth: '1960-01-15', ageYears: 65 }, 'job_seeking', false],
    ['pension drawn → job seeking (依法享受基本养老保险待遇)', { pensionSince: d('2025-01-01') }, 'job_seeking', false],
    ['flexibly employed and seeking → job seeking', { employmentStatus: 'flexible' }, 'job_seeking', false],
    ['no labour capacity → refused', { laborCapacity: 'none' }, 'refused', false],
    ['does not want work → refused', { wantsWork: false }, 'refused', false],
    ['labour capacity not recorded → undetermined', { laborCapacity: undefined }, 'undetermined', 'unknown'],
    ['woman of 52 with unknown category (female50 reached, female55 not) → undetermined', { sex: 'female', birth: '1973-03-01', ageYears: 52 }, 'undetermined', 'unknown'],
  ])('%s', (_name, over, kind, eligible) => {
    const r = evaluateRegistration(base(over), packs.xuchang, d(asOf), cal(packs.xuchang));
    expect(r.kind).toBe(kind);
    expect(r.eligible).toBe(eligible);
    if (eligible === 'unknown') expect(r.missingFacts.length).toBeGreaterThan(0);
  });

  it('names the missing facts that change the answer (every place basis is allowed, so that one does not)', () => {
    const r = evaluateRegistration(base({ laborCapacity: undefined, placeBasis: undefined }), packs.xuchang, d(asOf), cal(packs.xuchang));
    expect(r.missingFacts).toEqual(['person.laborCapacity']);
  });

  it.each([
    // registeredOn, decision (3 wd), first contact (5 wd), why — 人社厅发〔2020〕79号, RULES.md 2025 schedule
    ['2025-09-26', '2025-09-30', '2025-10-10', 'Friday; Sunday 9/28 is a working day; 10/1–10/8 off'],
    ['2025-09-30', '2025-10-11', '2025-10-14', 'Saturday 10/11 is a working day'],
    ['2025-01-24', '2025-02-05', '2025-02-07', 'Spring Festival 1/28–2/4 off, Sunday 1/26 worked'],
    ['2025-04-30', '2025-05-08', '2025-05-12', 'Labour Day 5/1–5/5 off (4/27 worked before the start)'],
  ])('registered %s → decide by %s, contact by %s (%s)', (reg, decision, contact) => {
    const r = evaluateRegistration(base({ registeredOn: d(reg) }), packs.national, d('2025-12-31'), cal(packs.national));
    expect([r.decisionDeadline, r.firstContactDeadline]).toEqual([decision, contact]);
    expect(r.firstContactMet).toBe(false);
  });

  it('first contact met when a contact happened by the deadline', () => {
    const r = evaluateRegistration(base({ registeredOn: d('2025-09-30'), firstContactOn: d('2025-10-14') }), packs.national, d('2025-12-31'), cal(packs.national));
    expect(r.firstContactMet).toBe(true);
    const pending = evaluateRegistration(base({ registeredOn: d('2025-09-30') }), packs.national, d('2025-10-09'), cal(packs.national));
    expect(pending.firstContactMet).toBeNull();
  });
});

describe('a missing fact that cannot change the answer does not leave it undetermined (issue 11; NM24 一(一))', () => {
  // sex: undefined stands for "not recorded": no retirement assessment, only the birth date.
  type Row = [string, { birth: string; sex?: 'male' | 'female' | undefined; over?: Partial<RegistrationFacts> }, string, boolean | 'unknown', string[]];
  it.each<Row>([
    ['16, sex not recorded: below every retirement age → unemployment', { birth: '2009-10-20' }, 'unemployment', true, []],
    ['40, sex not recorded: below 50, 55 and 60 → unemployment', { birth: '1985-04-02' }, 'unemployment', true, []],
    ['59, man → unemployment', { birth: '1966-03-01', sex: 'male' }, 'unemployment', true, []],
    ['59, sex not recorded: a man is below, a woman past retirement → undetermined, names sex', { birth: '1966-03-01' }, 'undetermined', 'unknown', ['person.sex']],
    ['70, sex not recorded: past every retirement age → job seeking', { birth: '1955-03-01' }, 'job_seeking', false, []],
    ['woman of 52 without original category: 50 reached, 55 not → undetermined, names the category', { birth: '1973-03-01', sex: 'female' }, 'undetermined', 'unknown', ['person.retirementCategory']],
    ['woman of 45 without original category: neither reached → unemployment (already decided before)', { birth: '1980-03-01', sex: 'female' }, 'unemployment', true, []],
    ['woman of 62 without original category: both reached → job seeking', { birth: '1963-03-01', sex: 'female' }, 'job_seeking', false, []],
    ['16, sex and place basis not recorded: every basis is allowed → unemployment', { birth: '2009-10-20', over: { placeBasis: undefined } }, 'unemployment', true, []],
    ['16, sex and labour capacity not recorded: capacity matters → undetermined names only the capacity', { birth: '2009-10-20', over: { laborCapacity: undefined } }, 'undetermined', 'unknown', ['person.laborCapacity']],
    ['70, sex and wish to work not recorded: wants work → job seeking, not → refused → undetermined names the wish', { birth: '1955-03-01', over: { wantsWork: undefined } }, 'undetermined', 'unknown', ['person.wantsWork']],
    ['40 and the employment status not recorded: unemployed → unemployment, employed → job seeking → undetermined', { birth: '1985-04-02', sex: 'male', over: { employmentStatus: undefined } }, 'undetermined', 'unknown', ['person.employmentStatus']],
  ])('%s', (_name, { birth, sex, over }, kind, eligible, missingFacts) => {
    const facts = base({ birth, birthDate: d(birth), ...over });
    if (!sex) delete facts.retirement;
    else facts.retirement = assessRetirement({ sex, birthDate: birth }, asOf);
    const r = evaluateRegistration(facts, packs.neiMongol, d(asOf), cal(packs.neiMongol));
    expect(r.kind).toBe(kind);
    expect(r.eligible).toBe(eligible);
    expect(r.missingFacts).toEqual(missingFacts);
  });

  it('says why the missing sex did not matter, citing the pack', () => {
    const facts = base({ birth: '2009-10-20', birthDate: d('2009-10-20') });
    delete facts.retirement;
    const r = evaluateRegistration(facts, packs.neiMongol, d(asOf), cal(packs.neiMongol));
    const e = r.explanations.find((x) => x.rule === 'registration.eligibility.missing-facts-irrelevant');
    expect(e?.pack).toBe('nei-mongol@2024.1');
    expect(e?.source).toBe('NM24 一(一)');
    expect(e?.text).toContain('未记录 person.sex');
    expect(e?.text).toContain('男职工：未达法定退休年龄');
    expect(e?.textEn).toContain('woman with original retirement age 50: below statutory retirement');
    // The conditions stay honest: the retirement reason itself is still unknown.
    expect(r.reasons.find((x) => x.code === 'age_max')?.met).toBe('unknown');
  });

  it('without a birth date nothing can be tried: undetermined', () => {
    const facts = base({ ageYears: undefined });
    delete facts.retirement;
    const r = evaluateRegistration(facts, packs.neiMongol, d(asOf), cal(packs.neiMongol));
    expect(r.kind).toBe('undetermined');
    expect(r.missingFacts).toEqual(['person.birthDate', 'person.sex']);
  });
});
