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

  it('names the missing facts', () => {
    const r = evaluateRegistration(base({ laborCapacity: undefined, placeBasis: undefined }), packs.xuchang, d(asOf), cal(packs.xuchang));
    expect(r.missingFacts).toEqual(['person.laborCapacity', 'registration.placeBasis']);
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
