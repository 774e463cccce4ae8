import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { ageOn, checkIdentity, MARKS, parseIsoDate, SERVICE_TYPES, statutoryRetirement } from '@bangfu/rules';
import { CLEARS, FACT_SOURCES, ZSkill } from '../contract/persons.ts';
import { fourClears } from '../modules/persons/person-file.ts';
import { DEFAULT_STALE_AFTER_DAYS } from '../modules/persons/four-clears.ts';
import { demoAccounts, demoAnchorVillages } from './accounts.ts';
import { DivisionTree, readDemoDivisions } from './divisions.ts';
import { divisionAddress, EDUCATION_LEVELS, generateDemo, isUrbanVillage, villagePlaceName, type DemoPerson } from './generate.ts';

// Checks run over 20 000 generated persons: allow for a busy CI machine rather than the 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const divisions = readDemoDivisions();
const anchors = demoAnchorVillages(demoAccounts(divisions));
const AS_OF = '2026-05-10';

function people(persons: number, seed: number, batchSize = 1000, asOf = AS_OF): DemoPerson[] {
  return [...generateDemo({ persons, seed, asOf, divisions, anchorVillages: anchors, batchSize })].flatMap((b) => b.persons);
}

/** GB 11643-1999 check, written out independently of @bangfu/rules. */
function ownCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return '10X98765432'.charAt(sum % 11);
}

const sample = people(20_000, 42);

describe('generateDemo: determinism and shape', () => {
  it('produces the same persons for the same seed and date, and different ones for another seed', () => {
    const a = people(3000, 99);
    const b = people(3000, 99, 700);
    expect(b).toEqual(a);
    const c = people(3000, 100);
    expect(c.map((p) => p.idNumber)).not.toEqual(a.map((p) => p.idNumber));
  });

  it('yields exact batch sizes and every household exactly once, with the batch of its head', () => {
    const batches = [...generateDemo({ persons: 10_007, seed: 5, asOf: AS_OF, divisions, anchorVillages: anchors, batchSize: 1000 })];
    expect(batches.map((b) => b.persons.length)).toEqual([...Array(10).fill(1000), 7]);
    const seen = new Set<string>();
    const personIds = new Set(batches.flatMap((b) => b.persons.map((p) => p.id)));
    expect(personIds.size).toBe(10_007);
    batches.forEach((batch, i) => {
      for (const h of batch.households) {
        expect(seen.has(h.id)).toBe(false);
        seen.add(h.id);
        const head = h.members[0];
        expect(head?.relationship).toBe('head');
        expect(batch.persons.some((p) => p.id === head?.id), `household ${h.id} in batch ${i}`).toBe(true);
        for (const m of h.members) expect(m.householdId).toBe(h.id);
      }
    });
    const householdIds = new Set(batches.flatMap((b) => b.persons.map((p) => p.householdId)));
    expect(seen).toEqual(householdIds);
  });

  it('rejects a negative or fractional number of persons, naming the option', () => {
    expect(() => [...generateDemo({ persons: -1, seed: 1, asOf: AS_OF, divisions })]).toThrow(/persons/);
    expect(() => [...generateDemo({ persons: 1.5, seed: 1, asOf: AS_OF, divisions })]).toThrow(/persons/);
    expect(() => [...generateDemo({ persons: 10, seed: 1, asOf: AS_OF, divisions, anchorVillages: ['110101001001'] })]).toThrow(/anchorVillages/);
  });

  it('generates zero persons without error', () => {
    expect(people(0, 1)).toEqual([]);
  });
});

describe('generateDemo: identity', () => {
  it('gives every person a valid, unique resident ID matching residence county, birth date and sex', () => {
    const ids = new Set<string>();
    for (const p of sample) {
      expect(p.idNumber).toMatch(/^\d{17}[\dX]$/);
      expect(p.idNumber.charAt(17)).toBe(ownCheckChar(p.idNumber.slice(0, 17)));
      const check = checkIdentity(p.idNumber, { asOf: AS_OF });
      expect(check.valid, p.idNumber).toBe(true);
      expect(check.birthDate).toBe(p.birthDate);
      expect(check.sex).toBe(p.sex);
      expect(p.idNumber.slice(0, 6)).toBe(p.jurisdictionCode.slice(0, 6));
      ids.add(p.idNumber);
    }
    expect(ids.size).toBe(sample.length);
  });

  it('keeps ages between 16 and 82, mostly of working age', () => {
    const asOf = parseIsoDate(AS_OF, 'asOf');
    let working = 0;
    for (const p of sample) {
      const age = ageOn(parseIsoDate(p.birthDate, 'birthDate'), asOf).years;
      expect(age).toBeGreaterThanOrEqual(16);
      expect(age).toBeLessThanOrEqual(82);
      if (age <= 60) working++;
    }
    expect(working / sample.length).toBeGreaterThan(0.7);
  });

  it('writes names from surname + given name, sometimes with the surnames 单, 曾 and 解', () => {
    for (const p of sample) {
      expect(p.name).toBe(p.surname + p.givenName);
      expect(p.givenName.length).toBeGreaterThan(0);
    }
    const surnames = new Set(people(200_000 / 4, 3).map((p) => p.surname));
    for (const s of ['单', '曾', '解', '王', '欧阳']) expect(surnames.has(s), s).toBe(true);
  });

  it('gives mainland mobile numbers 1[3-9]xxxxxxxxx to most people', () => {
    const phones = sample.filter((p) => p.phone !== null);
    expect(phones.length / sample.length).toBeGreaterThan(0.85);
    for (const p of phones) expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
  });
});

describe('generateDemo: residence and households', () => {
  it('places people only in villages/communities of the three slices, always in 公主府 and 赛马场', () => {
    const tree = new DivisionTree(divisions);
    const counties = new Set<string>();
    for (const p of sample) {
      const d = tree.get(p.jurisdictionCode);
      expect(d.level).toBe('village');
      counties.add(p.jurisdictionCode.slice(0, 6));
    }
    expect([...counties].sort()).toEqual(['150102', '411002', '500103']);
    for (const small of [1, 5, 12]) {
      const few = people(small, 8);
      expect(few[0]?.jurisdictionCode).toBe('150102001001');
    }
    const twelve = people(12, 8).map((p) => p.jurisdictionCode);
    expect(twelve).toContain('150102001002');
  });

  it('composes households of 1–5 with one head, at most one spouse, and plausible ages', () => {
    const byHousehold = new Map<string, DemoPerson[]>();
    for (const p of sample) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
    const asOf = parseIsoDate(AS_OF, 'asOf');
    const age = (p: DemoPerson) => ageOn(parseIsoDate(p.birthDate, 'b'), asOf).years;
    for (const members of byHousehold.values()) {
      expect(members.length).toBeGreaterThanOrEqual(1);
      expect(members.length).toBeLessThanOrEqual(5);
      const head = members[0];
      if (!head || head.relationship !== 'head') continue; // the last household may be cut short
      expect(members.filter((m) => m.relationship === 'head')).toHaveLength(1);
      expect(members.filter((m) => m.relationship === 'spouse').length).toBeLessThanOrEqual(1);
      for (const m of members) {
        expect(m.address).toBe(head.address);
        expect(m.jurisdictionCode).toBe(head.jurisdictionCode);
        if (m.relationship === 'spouse') expect(m.sex).not.toBe(head.sex);
        if (m.relationship === 'child') expect(age(head) - age(m)).toBeGreaterThanOrEqual(21);
        if (m.relationship === 'parent') expect(age(m) - age(head)).toBeGreaterThanOrEqual(21);
      }
    }
  });

  it('names places as people write them in addresses', () => {
    expect(villagePlaceName('公主府社区居委会')).toBe('公主府社区');
    expect(villagePlaceName('毫沁营村委会')).toBe('毫沁营村');
    expect(villagePlaceName('华一坡社区居民委员会')).toBe('华一坡社区');
    expect(isUrbanVillage('毫沁营村委会')).toBe(false);
    expect(isUrbanVillage('水岸社区')).toBe(true);
    const tree = new DivisionTree(divisions);
    expect(divisionAddress(tree, '150102001001')).toBe('内蒙古自治区呼和浩特市新城区海拉尔东路街道公主府社区');
    expect(divisionAddress(tree, '500103001003')).toBe('重庆市渝中区七星岗街道华一坡社区');
  });
});

describe('generateDemo: employment facts, marks and registrations', () => {
  const asOf = parseIsoDate(AS_OF, 'asOf');

  it('uses only code-list values (CODES.md)', () => {
    const statuses = new Set(['unemployed', 'employed', 'flexible', 'self_employed', 'student', 'military', 'retired', 'unable', 'other']);
    for (const p of sample) {
      expect(statuses.has(p.employmentStatus)).toBe(true);
      expect(EDUCATION_LEVELS).toContain(p.education);
      expect(['full', 'partial', 'none']).toContain(p.laborCapacity);
      expect(['head', 'spouse', 'child', 'parent']).toContain(p.relationship);
      for (const m of p.marks) {
        expect(MARKS).toContain(m.mark);
        expect(m.since <= AS_OF).toBe(true);
        expect(m.since >= p.birthDate).toBe(true);
      }
      expect(new Set(p.marks.map((m) => m.mark)).size).toBe(p.marks.length);
    }
  });

  it('records the retirement category of men always and of most women, and retires people only past it', () => {
    const women = sample.filter((p) => p.sex === 'female');
    for (const p of sample) {
      if (p.sex === 'male') expect(p.retirementCategory).toBe('male');
      else expect([null, 'female50', 'female55']).toContain(p.retirementCategory);
      if (p.employmentStatus === 'retired') {
        // Retired only once some statutory date (the earliest candidate for an unknown category) has passed.
        const cats = p.retirementCategory ? [p.retirementCategory] : (['female50', 'female55'] as const);
        expect(cats.some((c) => statutoryRetirement(p.birthDate, c).date <= AS_OF)).toBe(true);
      }
    }
    const unknown = women.filter((p) => p.retirementCategory === null).length / women.length;
    expect(unknown).toBeGreaterThan(0.03);
    expect(unknown).toBeLessThan(0.2);
  });

  it('registers every unemployed person of working age, within the last 18 months, numbered by community', () => {
    const numbers = new Set<string>();
    const unemployed = sample.filter((p) => p.employmentStatus === 'unemployed');
    expect(unemployed.length / sample.length).toBeGreaterThan(0.05);
    for (const p of sample) {
      if (p.employmentStatus !== 'unemployed') {
        expect(p.registration).toBeNull();
        continue;
      }
      const r = p.registration;
      expect(r, p.id).not.toBeNull();
      if (!r) continue;
      expect(r.kind).toBe('unemployment');
      expect(r.state).toBe('active');
      expect(r.jurisdictionCode).toBe(p.jurisdictionCode);
      expect(r.registrationNo).toMatch(new RegExp(`^${p.jurisdictionCode}\\d{6}$`));
      numbers.add(r.registrationNo);
      expect(r.registeredOn <= AS_OF).toBe(true);
      const months = (asOf.year - Number(r.registeredOn.slice(0, 4))) * 12 + asOf.month - Number(r.registeredOn.slice(5, 7));
      expect(months).toBeLessThanOrEqual(18);
      expect(ageOn(parseIsoDate(p.birthDate, 'b'), parseIsoDate(r.registeredOn, 'r')).years).toBeGreaterThanOrEqual(16);
      expect(['residence', 'hukou', 'insured', 'employment']).toContain(r.placeBasis);
      if (r.placeBasis === 'hukou') expect(p.hukouCode).toBe(p.jurisdictionCode);
      expect(p.laborCapacity).not.toBe('none');
      expect(p.intention).not.toBeNull();
    }
    expect(numbers.size).toBe(unemployed.length);
  });

  it('marks zero-employment family members only where every working-age member is unemployed', () => {
    const byHousehold = new Map<string, DemoPerson[]>();
    for (const p of sample) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
    let marked = 0;
    for (const p of sample) {
      if (!p.marks.some((m) => m.mark === 'zero_employment_family')) continue;
      marked++;
      expect(p.employmentStatus).toBe('unemployed');
      const household = byHousehold.get(p.householdId) ?? [];
      expect(household.length).toBeGreaterThanOrEqual(2);
      // Working members are allowed only past statutory retirement (outside working age, MOH 二(二)).
      for (const m of household) {
        if (!['employed', 'flexible', 'self_employed'].includes(m.employmentStatus)) continue;
        const cats = m.retirementCategory ? [m.retirementCategory] : (['female50', 'female55'] as const);
        expect(cats.some((c) => statutoryRetirement(m.birthDate, c).date <= AS_OF), m.id).toBe(true);
      }
    }
    expect(marked).toBeGreaterThan(0);
  });

  it('marks difficulty only for registered persons, after registration; disability with a grade', () => {
    for (const p of sample) {
      const difficulty = p.marks.find((m) => m.mark === 'difficulty');
      if (difficulty) {
        expect(p.registration).not.toBeNull();
        expect(difficulty.since >= (p.registration?.registeredOn ?? '9999')).toBe(true);
      }
      const disabled = p.marks.some((m) => m.mark === 'disabled');
      expect(disabled).toBe(p.disabilityGrade !== null);
      if (p.laborCapacity === 'none') expect(p.disabilityGrade === 1 || p.disabilityGrade === 2).toBe(true);
    }
  });

  it('gives each mark a plausible rate', () => {
    const rate = (mark: string) => sample.filter((p) => p.marks.some((m) => m.mark === mark)).length / sample.length;
    expect(rate('disabled')).toBeGreaterThan(0.01);
    expect(rate('disabled')).toBeLessThan(0.04);
    expect(rate('veteran')).toBeGreaterThan(0.005);
    expect(rate('veteran')).toBeLessThan(0.05);
    expect(rate('migrant_worker')).toBeGreaterThan(0.02);
    expect(rate('dibao')).toBeGreaterThan(0.01);
    expect(rate('dibao')).toBeLessThan(0.06);
    expect(rate('difficulty')).toBeGreaterThan(0.01);
    expect(rate('graduate_unemployed')).toBeGreaterThan(0.002);
    for (const p of sample.filter((q) => q.marks.some((m) => m.mark === 'graduate_unemployed'))) {
      expect(['junior_college', 'bachelor', 'postgraduate']).toContain(p.education);
    }
  });
});

describe('generateDemo: sources and the four clears', () => {
  const registered = sample.filter((p) => p.registration !== null);
  const others = sample.filter((p) => p.registration === null);
  const summary = (p: DemoPerson) => fourClears(p.clears, AS_OF, DEFAULT_STALE_AFTER_DAYS);
  const share = (list: readonly DemoPerson[], f: (p: DemoPerson) => boolean) => list.filter(f).length / list.length;

  it('records marks with the person-file sources only: visit-type marks mostly by visit, some by phone', () => {
    const bySource = new Map<string, number>();
    for (const p of sample) {
      for (const m of p.marks) {
        expect(FACT_SOURCES, `${m.mark} ${m.source}`).toContain(m.source);
        if (m.mark === 'migrant_worker' || m.mark === 'zero_employment_family' || m.mark === 'difficulty') {
          bySource.set(m.source, (bySource.get(m.source) ?? 0) + 1);
        }
        // Register-based marks come from the other departments' data.
        if (['disabled', 'veteran', 'dibao', 'low_income', 'poverty_alleviated', 'social_assistance'].includes(m.mark)) expect(m.source).toBe('data_comparison');
      }
    }
    const total = [...bySource.values()].reduce((a, b) => a + b, 0);
    expect((bySource.get('visit') ?? 0) / total).toBeGreaterThan(0.6);
    expect((bySource.get('phone') ?? 0) / total).toBeGreaterThan(0.08);
    expect((bySource.get('phone') ?? 0) / total).toBeLessThan(0.35);
  });

  it('gives every clear a date no later than "as of", a person-file source and no author', () => {
    // Plain checks collected, one assertion at the end: 20 000 persons × a dozen expect() calls is slow.
    const clears = new Set<string>(CLEARS);
    const sources = new Set<string>(FACT_SOURCES);
    const services = new Set<string>(SERVICE_TYPES);
    const bad: string[] = [];
    for (const p of sample) {
      for (const [key, f] of Object.entries(p.clears)) {
        if (!clears.has(key) || !(f.on <= AS_OF && f.on > p.birthDate) || !sources.has(f.source) || f.by !== null) bad.push(`${p.id} ${key} ${JSON.stringify(f)}`);
      }
      // Facts are on file only where they were gathered; service needs are service-type codes.
      if (!p.clears.skills && p.skills.length > 0) bad.push(`${p.id} skills without the clear`);
      if (!p.clears.serviceNeeds && p.serviceNeeds.length > 0) bad.push(`${p.id} needs without the clear`);
      for (const sk of p.skills) if (!ZSkill.safeParse(sk).success) bad.push(`${p.id} skill ${JSON.stringify(sk)}`);
      if (new Set(p.skills.map((sk) => sk.name)).size !== p.skills.length) bad.push(`${p.id} repeated skill`);
      if (!p.serviceNeeds.every((n) => services.has(n)) || new Set(p.serviceNeeds).size !== p.serviceNeeds.length) bad.push(`${p.id} needs ${p.serviceNeeds.join()}`);
    }
    expect(bad).toEqual([]);
    expect(share(sample, (p) => p.skills.length > 0)).toBeGreaterThan(0.03);
    expect(share(sample, (p) => p.serviceNeeds.length > 0)).toBeGreaterThan(0.03);
  });

  it('has most registered persons with all four gathered in the last 180 days, some stale, some missing skills or needs', () => {
    for (const p of registered) {
      // Gathered at registration or later, with the intention on file.
      for (const f of Object.values(p.clears)) expect(f.on >= (p.registration?.registeredOn ?? ''), p.id).toBe(true);
      expect(p.clears.headcount).toBeDefined();
      expect(p.clears.intention).toBeDefined();
    }
    const complete = share(registered, (p) => summary(p).complete);
    expect(complete).toBeGreaterThan(0.65);
    expect(complete).toBeLessThan(0.9);
    const stale = share(registered, (p) => summary(p).skills.status === 'stale');
    expect(stale).toBeGreaterThan(0.03);
    expect(share(registered, (p) => summary(p).skills.status === 'missing')).toBeGreaterThan(0.03);
    expect(share(registered, (p) => summary(p).serviceNeeds.status === 'missing')).toBeGreaterThan(0.03);
    // Needs follow from the intention: an entrepreneur asks for entrepreneurship or policy services.
    for (const p of registered.filter((q) => q.intention === 'entrepreneurship' && q.serviceNeeds.length > 0)) {
      expect(p.serviceNeeds.some((n) => ['entrepreneurship_service', 'policy_service', 'business_service'].includes(n))).toBe(true);
    }
  });

  it('has most persons without a registration with the headcount only, a few fully gathered, some not reached', () => {
    const headOnly = share(others, (p) => Object.keys(p.clears).join() === 'headcount');
    expect(headOnly).toBeGreaterThan(0.7);
    expect(share(others, (p) => Object.keys(p.clears).length === 0)).toBeGreaterThan(0.03);
    expect(share(others, (p) => Object.keys(p.clears).length === 0)).toBeLessThan(0.15);
    expect(share(others, (p) => summary(p).headcount.status === 'stale')).toBeGreaterThan(0.05);
    const complete = share(others, (p) => summary(p).complete);
    expect(complete).toBeGreaterThan(0);
    expect(complete).toBeLessThan(0.05);
    // Persons outside working age (students, retired, unable) are counted, never interviewed in full.
    for (const p of others.filter((q) => ['student', 'retired', 'unable'].includes(q.employmentStatus))) {
      expect(Object.keys(p.clears).filter((k) => k !== 'headcount'), p.id).toEqual([]);
    }
  });
});

describe('generateDemo: streaming', () => {
  it('streams 200 000 persons with bounded retained memory', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const it = generateDemo({ persons: 200_000, seed: 11, asOf: AS_OF, divisions, anchorVillages: anchors, batchSize: 5000 });
    let done = 0;
    let afterFirst = 0;
    let peakRetained = 0;
    for (let r = it.next(); !r.done; r = it.next()) {
      done += r.value.persons.length;
      if (done === 50_000) {
        gc();
        afterFirst = process.memoryUsage().heapUsed;
      } else if (done % 50_000 === 0 && afterFirst > 0) {
        gc();
        peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed - afterFirst);
      }
    }
    expect(done).toBe(200_000);
    // Keeping the 150 000 later persons would retain well over 100 MB; the generator keeps fixed-size counters.
    expect(peakRetained).toBeLessThan(16 * 1024 * 1024);
  }, 60_000);
});
