import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, formatIsoDate, fromEpochDay, toEpochDay } from './core/date.ts';
import { RuleInputError } from './core/errors.ts';
import { EMPLOYMENT_STATUSES, SERVICE_TYPES, type ServiceType } from './packs/codes.ts';
import { PackRegistry } from './packs/registry.ts';
import { EvaluateInputSchema, calendarForPack, evaluateCase, zodErrorToProblems } from './evaluate.ts';
import example from '../test/xuchang-example.json' with { type: 'json' };
import { compiledRuleIds, evaluateSnapshot, packService, SNAPSHOT_FLAGS } from './evaluators/snapshot.ts';

const registry = PackRegistry.builtIn();

/** The Xuchang registrant used as the worked example in docs/rules.md (a doc test below keeps them in sync). */
const xuchangExample = example as unknown;

function errorOf(input: unknown): RuleInputError {
  try {
    evaluateCase(input, registry);
  } catch (e) {
    if (e instanceof RuleInputError) return e;
    throw e;
  }
  throw new Error('expected a RuleInputError');
}

describe('evaluateCase', () => {
  it('evaluates the Xuchang worked example (XC23 throughout)', () => {
    const r = evaluateCase(xuchangExample, registry);
    expect(r.pack).toEqual({ id: 'xuchang', version: '2023.1', chain: ['xuchang', 'national'] });
    expect(r.identity).toMatchObject({ valid: true, birthDate: '1985-07-15', sex: 'female', documentType: 'resident_id' });
    expect(r.registration).toMatchObject({ eligible: true, kind: 'unemployment', decisionDeadline: '2025-10-11', firstContactDeadline: '2025-10-14', firstContactMet: true });
    expect(r.tier).toEqual({ code: 'short', months: 0, since: '2025-09-30', nextChange: '2025-10-31' });
    expect(r.level).toEqual({ code: 'level1', deadline: '2025-10-14', missingFacts: [] });
    expect(r.obligations!.map((o) => `${o.rule}:${o.status}`)).toEqual([
      'xc23-registration:met',
      'xc23-information:met',
      'xc23-policy:met',
      'xc23-business:met',
      'xc23-131-guidance:met',
      'xc23-131-jobs:overdue',
      'xc23-131-training:overdue',
    ]);
    expect(r.household!.zeroEmployment).toBe(true);
    expect(r.classification.extras.map((x) => x.key)).toEqual(['ui_benefit']);
    expect(r.uiBenefit).toEqual({ eligible: true, maxMonths: 18, missingFacts: [] });
    expect(r.deregistration).toMatchObject({ allowed: false, source: 'XC23 三(四)' });
    expect(r.difficulty.eligible).toBe(true);
    expect(r.difficulty.categories.find((c) => c.id === 'zero-employment-family')!.met).toBe(true);
    expect(r.followUp).toMatchObject({ rhythm: 'monthly', basis: 'unemployed_key_group', lastContact: '2025-10-16', nextDueBy: '2025-11-30', overdue: false });
    expect(r.omitted).toEqual({ ranking: ['candidates'] });
    for (const e of r.explanations) expect(e.rule).toBeTruthy();
  });

  it('omits sections whose facts are absent and says which facts they lack', () => {
    const r = evaluateCase({ jurisdiction: '500101000000', asOf: '2025-06-01', person: { sex: 'male', birthDate: '1980-01-01' } }, registry);
    expect(r.omitted).toMatchObject({ identity: ['person.idNumber'], tier: ['registration.registeredOn'], household: ['household.members'] });
    expect(r.tier).toBeUndefined();
    expect(r.registration.eligible).toBe('unknown');
    // Every place basis is allowed, so its absence does not matter (issue 11); the others do.
    expect(r.registration.missingFacts).toEqual(['person.laborCapacity', 'person.wantsWork', 'person.employmentStatus', 'registration.registeredOn']);
  });

  it('a 16-year-old of unrecorded sex can register: no retirement age of any category applies (NM24 一(一), issue 11)', () => {
    const person = { birthDate: '2009-05-01', laborCapacity: 'full', wantsWork: true, employmentStatus: 'unemployed' };
    const r = evaluateCase({ jurisdiction: '150102000000', asOf: '2025-06-01', person, registration: { kind: 'unemployment', registeredOn: '2025-06-01', placeBasis: 'residence' } }, registry);
    expect(r.registration.kind).toBe('unemployment');
    expect(r.registration.eligible).toBe(true);
    expect(r.registration.missingFacts).toEqual([]);
    expect(r.explanations.some((e) => e.rule === 'registration.eligibility.missing-facts-irrelevant' && e.pack === 'nei-mongol@2024.1')).toBe(true);
    const older = evaluateCase({ jurisdiction: '150102000000', asOf: '2025-06-01', person: { ...person, birthDate: '1966-03-01' }, registration: { kind: 'unemployment', registeredOn: '2025-06-01', placeBasis: 'residence' } }, registry);
    expect(older.registration.kind).toBe('undetermined');
    expect(older.registration.missingFacts).toEqual(['person.sex']);
  });

  it.each<[string, unknown, string, string]>([
    ['jurisdiction not 12 digits', { jurisdiction: '4110', asOf: '2025-01-01', person: {} }, 'jurisdiction', 'invalid_value'],
    ['impossible asOf', { jurisdiction: '411002001000', asOf: '2025-02-30', person: {} }, 'asOf', 'invalid_date'],
    ['impossible birth date', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { birthDate: '1990-13-01' } }, 'person.birthDate', 'invalid_date'],
    ['unknown field', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { salary: 1 } }, 'person.salary', 'invalid_value'],
    ['unknown code', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { employmentStatus: 'jobless' } }, 'person.employmentStatus', 'invalid_value'],
    ['unknown service type', { jurisdiction: '411002001000', asOf: '2025-03-01', person: {}, services: [{ type: 'visit', on: '2025-01-01' }] }, 'services[0].type', 'invalid_value'],
    ['born after asOf', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { birthDate: '2026-01-01' } }, 'person.birthDate', 'out_of_range'],
    ['impossible age', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { birthDate: '1880-01-01' } }, 'person.birthDate', 'out_of_range'],
    ['service in the future', { jurisdiction: '411002001000', asOf: '2025-03-01', person: {}, services: [{ type: 'follow_up', on: '2025-01-01' }, { type: 'follow_up', on: '2025-03-02' }] }, 'services[1].on', 'out_of_range'],
    ['registered after asOf', { jurisdiction: '411002001000', asOf: '2025-03-01', person: {}, registration: { kind: 'unemployment', registeredOn: '2025-04-01' } }, 'registration.registeredOn', 'out_of_range'],
    ['birth date contradicts the ID number', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { idNumber: '11010519491231002X', birthDate: '1949-12-30' } }, 'person.birthDate', 'invalid_value'],
    ['disability grade 5', { jurisdiction: '411002001000', asOf: '2025-03-01', person: { disabilityGrade: 5 } }, 'person.disabilityGrade', 'invalid_value'],
    ['no pack in force', { jurisdiction: '411002001000', asOf: '2019-03-01', person: {} }, 'jurisdiction', 'no_pack'],
  ])('%s → RuleInputError on %s', (_n, input, field, code) => {
    const e = errorOf(input);
    expect([e.field, e.code]).toEqual([field, code]);
    expect(e.messageZh.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
  });

  it('zodErrorToProblems lists every problem in zh and en', () => {
    const r = EvaluateInputSchema.safeParse({ jurisdiction: 'x', asOf: '2025-02-30', person: { sex: 'x' }, extra: 1 });
    expect(r.success).toBe(false);
    const problems = zodErrorToProblems(r.error!);
    expect(problems.map((p) => p.field).sort()).toEqual(['asOf', 'extra', 'jurisdiction', 'person.sex']);
    expect(problems.find((p) => p.field === 'asOf')!.messageZh).toMatch(/不存在/);
  });
});

describe('evaluateSnapshot agrees with evaluateCase', () => {
  const packs = ['150102000000', '411002001000', '500101000000', '410102000000'];
  it('property: same tier, obligations and follow-up for random registrants', () => {
    const day0 = toEpochDay({ year: 2024, month: 1, day: 1 });
    const svc = fc.record({ type: fc.constantFrom(...(['job_recommendation', 'career_guidance', 'training_recommendation', 'policy_briefing', 'registration_service', 'information_service', 'policy_service', 'business_service', 'assistance_plan'] as ServiceType[])), offset: fc.integer({ min: 0, max: 500 }) });
    fc.assert(
      fc.property(
        fc.constantFrom(...packs),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom('unemployed', 'flexible', 'employed') as fc.Arbitrary<'unemployed' | 'flexible' | 'employed'>,
        fc.boolean(),
        fc.boolean(),
        fc.array(svc, { maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        (jurisdiction, regOffset, span, status, difficulty, trainingNeed, services, employedOffset) => {
          const reg = day0 + regOffset;
          const asOfDay = reg + span;
          const asOf = formatIsoDate(fromEpochDay(asOfDay));
          const inWindow = services.filter((s) => s.offset <= span);
          const employedSince = employedOffset !== undefined && employedOffset <= span ? reg + employedOffset : -1;
          const input = {
            jurisdiction,
            asOf,
            person: { sex: 'male', birthDate: '1980-01-01', laborCapacity: 'full', wantsWork: true, employmentStatus: status, marks: difficulty ? ['difficulty'] : [], trainingNeed, ...(employedSince >= 0 ? { employedSince: formatIsoDate(fromEpochDay(employedSince)) } : {}) },
            registration: { kind: 'unemployment', registeredOn: formatIsoDate(fromEpochDay(reg)), placeBasis: 'residence' },
            services: inWindow.map((s) => ({ type: s.type, on: formatIsoDate(addDays(fromEpochDay(reg), s.offset)) })),
          };
          const full = evaluateCase(input, registry);
          const pack = registry.resolve(jurisdiction, asOf);
          const snap = evaluateSnapshot(
            {
              registeredOn: reg,
              status: EMPLOYMENT_STATUSES.indexOf(status),
              flags: (difficulty ? SNAPSHOT_FLAGS.difficulty : 0) | (trainingNeed ? SNAPSHOT_FLAGS.trainingNeed : 0),
              employedSince,
              lastContact: inWindow.length ? reg + Math.max(...inWindow.map((s) => s.offset)) : -1,
              services: inWindow.map((s) => packService(s.type, reg + s.offset)),
            },
            pack,
            calendarForPack(pack),
            asOfDay,
          );
          const tierCodes = ['short', 'medium', 'long'];
          expect(tierCodes[snap.tier]).toBe(full.tier!.code);
          expect(formatIsoDate(fromEpochDay(snap.tierSince))).toBe(full.tier!.since);
          expect(snap.tierNextChange < 0 ? null : formatIsoDate(fromEpochDay(snap.tierNextChange))).toBe(full.tier!.nextChange);
          const ids = compiledRuleIds(pack);
          const unmet = ids.filter((_, i) => snap.unmetMask & (1 << i)).sort();
          expect(unmet).toEqual(full.obligations!.filter((o) => o.status !== 'met').map((o) => o.rule).sort());
          expect(snap.obligationsOverdue).toBe(full.obligations!.filter((o) => o.status === 'overdue').length);
          expect(snap.followUpNextDueBy < 0 ? null : formatIsoDate(fromEpochDay(snap.followUpNextDueBy))).toBe(full.followUp.nextDueBy);
          expect(snap.followUpOverdue).toBe(full.followUp.overdue);
        },
      ),
      { numRuns: 300 },
    );
    expect(SERVICE_TYPES.length).toBeLessThanOrEqual(32); // packService packs the type into 5 bits
  });
});

describe('docs/rules.md worked example', () => {
  it('is the real output of evaluateCase', async () => {
    const { readFile } = await import('node:fs/promises');
    const md = await readFile(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
    const block = /<!-- example-output -->\n```json\n([\s\S]*?)\n```/.exec(md);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(JSON.parse(JSON.stringify(evaluateCase(xuchangExample, registry))));
  });
});
