/**
 * Every shipped policy: a crafted person who qualifies, one who nearly qualifies (the missing fact named) and one who
 * does not (the failing condition named), evaluated under two regions' catalogues; amounts at their boundaries.
 */
import { describe, expect, it } from 'vitest';
import { RuleInputError } from '../core/errors.ts';
import { PolicyCatalogue, computeAmount, evaluatePolicy, type PolicyFacts, type ResolvedPolicy } from './catalogue.ts';
import { builtInPolicies } from './builtin.ts';

const catalogue = PolicyCatalogue.builtIn();
const ON = '2025-06-01';
const REGIONS = {
  zhengzhou: '410102000000', // Henan outside Xuchang: national policies only
  hohhot: '150102000000',
  xuchang: '411002000000',
  chongqing: '500101000000',
} as const;
type Region = keyof typeof REGIONS;

const base: PolicyFacts = { sex: 'female', ageYears: 40, monthsToRetirement: 180, registered: true, registrationKind: 'unemployment', registeredMonths: 7 };
const marks = (...m: string[]): ReadonlySet<string> => new Set(m);

interface Case {
  /** The two regions whose catalogues include the policy. */
  regions: [Region, Region] | [Region];
  /** A region where it is not in force (other province or replaced there). */
  absentIn: Region;
  qualifies: PolicyFacts;
  /** A fact left out (undefined) → nearly, naming `field`. */
  drop: keyof PolicyFacts;
  field: string;
  /** A change that makes the person not qualify. */
  not: PolicyFacts;
}

const difficultyEmployed: PolicyFacts = { ...base, marks: marks('difficulty'), employmentStatus: 'employed' };
const CASES: Record<string, Case> = {
  'national.post-subsidy': { regions: ['zhengzhou', 'xuchang'], absentIn: 'chongqing', qualifies: difficultyEmployed, drop: 'employmentStatus', field: 'person.employmentStatus', not: { marks: marks() } },
  'national.social-insurance-difficulty': {
    regions: ['zhengzhou', 'hohhot'],
    absentIn: 'chongqing',
    qualifies: { ...difficultyEmployed, employmentStatus: 'flexible', socialInsurancePaid: true },
    drop: 'socialInsurancePaid',
    field: 'person.socialInsurancePaid',
    not: { socialInsurancePaid: false },
  },
  'national.training-subsidy': { regions: ['zhengzhou', 'chongqing'], absentIn: 'xuchang', qualifies: { ...base, marks: marks('difficulty'), trainingCompleted: true }, drop: 'trainingCompleted', field: 'training.completedOn', not: { trainingCompleted: false } },
  'national.startup-loan': { regions: ['zhengzhou'], absentIn: 'xuchang', qualifies: { ...base, marks: marks('difficulty'), employmentStatus: 'self_employed' }, drop: 'marks', field: 'person.marks', not: { employmentStatus: 'unemployed' } },
  'nm.startup-loan': { regions: ['hohhot'], absentIn: 'xuchang', qualifies: { ...base, marks: marks('veteran'), employmentStatus: 'self_employed' }, drop: 'employmentStatus', field: 'person.employmentStatus', not: { marks: marks('older') } },
  'nm.startup-subsidy': { regions: ['hohhot'], absentIn: 'chongqing', qualifies: { ...base, marks: marks('graduate_unemployed'), employmentStatus: 'self_employed', businessMonths: 6 }, drop: 'businessMonths', field: 'person.businessStartedOn', not: { businessMonths: 5 } },
  'nm.training-subsidy': { regions: ['hohhot'], absentIn: 'zhengzhou', qualifies: { ...base, trainingCompleted: true }, drop: 'registered', field: 'registration.state', not: { registrationKind: 'job_seeking' } },
  'xc.training-subsidy': { regions: ['xuchang'], absentIn: 'hohhot', qualifies: { ...base, trainingCompleted: true }, drop: 'trainingCompleted', field: 'training.completedOn', not: { registered: false } },
  'xc.social-insurance-flexible': { regions: ['xuchang'], absentIn: 'zhengzhou', qualifies: { ...base, employmentStatus: 'flexible', socialInsurancePaid: true }, drop: 'socialInsurancePaid', field: 'person.socialInsurancePaid', not: { employmentStatus: 'employed' } },
  'xc.hiring-subsidy': { regions: ['xuchang'], absentIn: 'chongqing', qualifies: { ...base, ageYears: 24, employmentStatus: 'employed', socialInsurancePaid: true }, drop: 'ageYears', field: 'person.birthDate', not: { ageYears: 25 } },
  'xc.job-expansion': { regions: ['xuchang'], absentIn: 'hohhot', qualifies: { ...base, education: 'junior_college', monthsSinceGraduation: 24, employmentStatus: 'employed', socialInsurancePaid: true }, drop: 'education', field: 'person.education', not: { education: 'senior_secondary' } },
  'xc.startup-loan': { regions: ['xuchang'], absentIn: 'zhengzhou', qualifies: { ...base, employmentStatus: 'self_employed' }, drop: 'registrationKind', field: 'registration.kind', not: { registered: false } },
  'cq.tax-relief': { regions: ['chongqing'], absentIn: 'xuchang', qualifies: { ...base, marks: marks('difficulty'), employmentStatus: 'self_employed' }, drop: 'marks', field: 'person.marks', not: { employmentStatus: 'employed' } },
  'cq.social-insurance-difficulty': { regions: ['chongqing'], absentIn: 'hohhot', qualifies: { ...difficultyEmployed, socialInsurancePaid: true }, drop: 'monthsToRetirement', field: 'person.retirementCategory', not: { monthsToRetirement: 0 } },
  'cq.startup-loan': { regions: ['chongqing'], absentIn: 'hohhot', qualifies: { ...base, marks: marks('difficulty'), employmentStatus: 'self_employed' }, drop: 'employmentStatus', field: 'person.employmentStatus', not: { marks: marks('veteran') } },
  'cq.skill-evaluation-subsidy': { regions: ['chongqing'], absentIn: 'xuchang', qualifies: { ...base, marks: marks('difficulty'), certificateObtained: true }, drop: 'certificateObtained', field: 'training.certificate', not: { certificateObtained: false } },
  'cq.post-subsidy': { regions: ['chongqing'], absentIn: 'zhengzhou', qualifies: difficultyEmployed, drop: 'ageYears', field: 'person.birthDate', not: { ageYears: 15 } },
};

function inForce(region: Region, id: string): ResolvedPolicy | undefined {
  return catalogue.inForce(REGIONS[region], ON).find((p) => p.id === id);
}

describe('shipped policies', () => {
  it('every shipped policy has a case, cites a document and marks unverifiable amounts', () => {
    const ids = builtInPolicies().map((p) => p.id);
    expect(Object.keys(CASES).sort()).toEqual([...ids].sort());
    for (const p of catalogue.all()) {
      for (const v of p.versions) {
        expect(v.source.doc).toMatch(/^(MOH|NM22|NM24|XC23|CQ25)$/);
        expect(v.amount.status).toBe('unconfirmed');
      }
    }
  });

  for (const [id, c] of Object.entries(CASES)) {
    describe(id, () => {
      for (const region of c.regions) {
        it(`in ${region}: qualifies, nearly (missing ${c.field}), not`, () => {
          const p = inForce(region, id);
          expect(p, `${id} in force in ${region}`).toBeDefined();
          const yes = evaluatePolicy(p!, c.qualifies);
          expect(yes.verdict, yes.explanation.text).toBe('qualifies');
          expect(yes.explanation.source).toBe(`${p!.source.doc} ${p!.source.clause}`);

          const partial: PolicyFacts = { ...c.qualifies };
          delete partial[c.drop];
          const nearly = evaluatePolicy(p!, partial);
          expect(nearly.verdict).toBe('nearly');
          expect(nearly.missingFacts).toContain(c.field);
          expect(nearly.explanation.text).toContain(c.field);

          const no = evaluatePolicy(p!, { ...c.qualifies, ...c.not });
          expect(no.verdict).toBe('not');
          expect(no.failed.length).toBeGreaterThan(0);
          expect(no.explanation.text).toContain('不满足');
        });
      }
      it(`not in force in ${c.absentIn}`, () => {
        expect(inForce(c.absentIn, id)).toBeUndefined();
      });
    });
  }
});

describe('regional replacement', () => {
  it('Xuchang has its own start-up loan and training subsidy instead of the national ones', () => {
    const ids = catalogue.inForce(REGIONS.xuchang, ON).map((p) => p.id);
    expect(ids).toContain('xc.startup-loan');
    expect(ids).not.toContain('national.startup-loan');
    expect(ids).toContain('national.post-subsidy');
  });
  it('NM22 policies end with the 2022–2025 plan', () => {
    expect(catalogue.inForce(REGIONS.hohhot, '2025-12-31').map((p) => p.id)).toContain('nm.startup-subsidy');
    const after = catalogue.inForce(REGIONS.hohhot, '2026-01-01').map((p) => p.id);
    expect(after).not.toContain('nm.startup-subsidy');
    expect(after).toContain('national.startup-loan');
  });
  it('before CQ25 Chongqing has the national catalogue', () => {
    const ids = catalogue.inForce(REGIONS.chongqing, '2024-06-01').map((p) => p.id);
    expect(ids).toContain('national.startup-loan');
    expect(ids).not.toContain('cq.tax-relief');
  });
});

describe('amounts at boundaries', () => {
  const refused = (fn: () => unknown, field: string, clause: string) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleInputError);
      expect((e as RuleInputError).field).toBe(field);
      expect((e as RuleInputError).messageZh).toContain(clause);
      return;
    }
    throw new Error('expected a refusal');
  };

  it('per month: 1 and 36 months pay, 0 and 37 are refused naming the clause', () => {
    const p = inForce('xuchang', 'xc.social-insurance-flexible')!;
    expect(computeAmount(p, { months: 1 }).yuan).toBe(300);
    const max = computeAmount(p, { months: 36 });
    expect(max.yuan).toBe(10_800);
    expect(max.unconfirmed).toBe(true);
    expect(max.explanation.text).toContain('未经核实');
    refused(() => computeAmount(p, { months: 37 }), 'body.months', 'XC23 四(四)');
    refused(() => computeAmount(p, { months: 0 }), 'body.months', 'XC23 四(四)');
    expect(computeAmount(inForce('chongqing', 'cq.social-insurance-difficulty')!, { months: 36 }).yuan).toBe(14_400);
  });

  it('up to: the maximum pays, one yuan more is refused', () => {
    const loan = inForce('xuchang', 'xc.startup-loan')!;
    expect(computeAmount(loan, { yuan: 300_000 }).yuan).toBe(300_000);
    refused(() => computeAmount(loan, { yuan: 300_001 }), 'body.yuan', 'XC23 四(五)');
    const tax = inForce('chongqing', 'cq.tax-relief')!;
    expect(computeAmount(tax, { yuan: 20_000 }).yuan).toBe(20_000);
    refused(() => computeAmount(tax, { yuan: 20_000.01 }), 'body.yuan', 'CQ25 六');
  });

  it('fixed sums ignore the claim; office-set sums need one and say they cannot be checked', () => {
    expect(computeAmount(inForce('xuchang', 'xc.hiring-subsidy')!, {}).yuan).toBe(1500);
    expect(computeAmount(inForce('xuchang', 'xc.job-expansion')!, { yuan: 99 }).yuan).toBe(1000);
    const post = inForce('chongqing', 'cq.post-subsidy')!;
    refused(() => computeAmount(post, {}), 'body.yuan', 'CQ25 六');
    const set = computeAmount(post, { yuan: 1800 });
    expect(set).toMatchObject({ yuan: 1800, unconfirmed: true });
    expect(set.explanation.text).toContain('无法自动核验');
  });
});
