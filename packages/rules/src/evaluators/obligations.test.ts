import { describe, expect, it } from 'vitest';
import type { ServiceType } from '../packs/codes.ts';
import { evaluateObligations, isKeyGroup } from './obligations.ts';
import { evaluateTier } from './tier.ts';
import { compiledRuleIds, evaluateSnapshot, packService } from './snapshot.ts';
import { toEpochDay } from '../core/date.ts';
import { cal, d, packs, type PackName } from './test-helpers.ts';

function run(pack: PackName, reg: string, asOf: string, services: [ServiceType, string][], opts: { level?: 'level1' | 'level2'; keyGroup?: boolean | 'unknown'; trainingNeed?: boolean } = {}) {
  const p = packs[pack];
  const tier = evaluateTier(d(reg), p, d(asOf));
  return evaluateObligations(
    { registeredOn: d(reg), tier, level: opts.level ?? 'level1', keyGroup: opts.keyGroup ?? true, trainingNeed: opts.trainingNeed, services: services.map(([type, on]) => ({ type, on: d(on) })) },
    p,
    d(asOf),
    cal(p),
  );
}
const brief = (o: ReturnType<typeof run>) => Object.fromEntries(o.obligations.map((x) => [x.rule, `${x.delivered}/${x.required} ${x.status} ${x.dueBy ?? '-'}`]));

describe('obligations per pack', () => {
  it('NM24 二(一) short tier: ≥ 3 job recommendations by the end of the first month; NM22 三(一) yearly minimums', () => {
    const o = run('neiMongol', '2025-03-10', '2025-03-25', [['job_recommendation', '2025-03-12'], ['job_recommendation', '2025-03-20'], ['policy_briefing', '2025-03-12']]);
    expect(brief(o)).toEqual({
      'nm22-policy-briefing': '1/1 met 2025-12-31',
      'nm22-career-guidance': '0/1 unmet 2025-12-31',
      'nm22-job-recommendation': '2/3 unmet 2025-12-31',
      'nm24-short-job': '2/3 unmet 2025-04-10',
    });
    expect(o.missingFacts).toEqual(['person.trainingNeed']);
    expect(o.explanations.find((e) => e.rule === 'obligation.nm24-short-job')!.source).toBe('NM24 二(一)');
  });

  it('NM24 二(一) medium and long tiers; NM22 三(一) ≥ 3 courses with a training need', () => {
    const medium = run('neiMongol', '2025-03-10', '2025-06-01', [['career_guidance', '2025-05-01'], ['job_recommendation', '2025-05-01']], { trainingNeed: false });
    expect(brief(medium)['nm24-medium-guidance']).toBe('1/1 met 2025-09-10');
    expect(brief(medium)['nm24-medium-job']).toBe('1/3 unmet 2025-09-10');
    const long = run('neiMongol', '2024-01-10', '2025-06-01', [['training_recommendation', '2024-09-01'], ['training_recommendation', '2025-02-01']], { trainingNeed: true });
    // Due 12 months after registration (tiers.longServiceMonths): the 2025-02-01 course came after that.
    expect(brief(long)['nm24-long-training']).toBe('1/1 met 2025-01-10');
    expect(brief(long)['nm22-training']).toBe('1/3 unmet 2025-12-31');
  });

  it('NM24 二(一) long tier: due tiers.longServiceMonths after the tier starts, overdue once that passes (issue 11)', () => {
    // Registered 2024-06-15: long-term from 2024-12-16, services due by 2025-06-15 (6 + 6 months, project default).
    const before = run('neiMongol', '2024-06-15', '2025-06-15', [['career_guidance', '2025-01-05']], { trainingNeed: false });
    expect(brief(before)).toMatchObject({ 'nm24-long-guidance': '1/1 met 2025-06-15', 'nm24-long-job': '0/3 unmet 2025-06-15', 'nm24-long-training': '0/1 unmet 2025-06-15' });
    const after = run('neiMongol', '2024-06-15', '2025-06-16', [['career_guidance', '2025-01-05']], { trainingNeed: false });
    expect(brief(after)).toMatchObject({ 'nm24-long-guidance': '1/1 met 2025-06-15', 'nm24-long-job': '0/3 overdue 2025-06-15', 'nm24-long-training': '0/1 overdue 2025-06-15' });
    const due = after.explanations.find((e) => e.rule === 'obligation.nm24-long-job.due')!;
    expect([due.pack, due.source]).toEqual(['nei-mongol@2024.1', 'NM24 二(一)']);
    expect(due.text).toContain('无文件规定，项目默认值');
    expect(due.numbers).toMatchObject({ longServiceMonths: 6, dueBy: '2025-06-15' });
    // The nightly fast path agrees: overdue only after the period.
    const snap = (asOf: string) => {
      const p = packs.neiMongol;
      const r = evaluateSnapshot({ registeredOn: toEpochDay(d('2024-06-15')), status: 0, flags: 0, employedSince: -1, lastContact: -1, services: [packService('career_guidance', d('2025-01-05'))] }, p, cal(p), asOf);
      return compiledRuleIds(p).filter((_, i) => r.overdueMask & (1 << i));
    };
    expect(snap('2025-06-15')).toEqual([]);
    expect(snap('2025-06-16')).toEqual(['nm24-long-job', 'nm24-long-training']);
  });

  it('NM22 三(一) yearly minimums are overdue once the year is over (nei-mongol-2022 pack, no NM24 tier rules yet)', () => {
    const o = run('neiMongol2022', '2022-06-01', '2023-06-01', [['career_guidance', '2022-07-01']]);
    expect(Object.keys(brief(o))).toEqual(['nm22-policy-briefing', 'nm22-career-guidance', 'nm22-job-recommendation']);
    expect(brief(o)['nm22-career-guidance']).toBe('0/1 unmet 2023-12-31');
  });

  it('XC23 三(二)1 Level I "4 basic + 131" within 5 working days (deadline over National Day)', () => {
    const basics: [ServiceType, string][] = (['registration_service', 'information_service', 'policy_service', 'business_service'] as const).map((t) => [t, '2025-10-09']);
    const o = run('xuchang', '2025-09-30', '2025-10-20', [...basics, ['career_guidance', '2025-10-10'], ['job_recommendation', '2025-10-11'], ['job_recommendation', '2025-10-14'], ['job_recommendation', '2025-10-15']]);
    expect(brief(o)).toEqual({
      'xc23-registration': '1/1 met 2025-10-14',
      'xc23-information': '1/1 met 2025-10-14',
      'xc23-policy': '1/1 met 2025-10-14',
      'xc23-business': '1/1 met 2025-10-14',
      'xc23-131-guidance': '1/1 met 2025-10-14',
      'xc23-131-jobs': '2/3 overdue 2025-10-14',
      'xc23-131-training': '0/1 overdue 2025-10-14',
    });
  });

  it('XC23 三(二)1 Level II adds the personal plan (overrides MOH 三(四))', () => {
    const o = run('xuchang', '2025-09-30', '2025-10-09', [], { level: 'level2' });
    expect(brief(o)['assistance-plan']).toBe('0/1 unmet -');
    expect(brief(o)['xc23-131-jobs']).toBe('0/3 unmet 2025-10-14');
    const e = o.explanations.find((x) => x.rule === 'obligation.assistance-plan')!;
    expect(e.source).toBe('XC23 三(二)1');
    expect(e.textEn).toMatch(/XC23 三\(二\)1 overrides national MOH 三\(四\)/);
  });

  it.each([
    ['chongqing', 'level1', {}],
    ['chongqing', 'level2', { 'assistance-plan': '1/1 met -' }],
    ['national', 'level2', { 'assistance-plan': '0/1 unmet -' }],
  ] as const)('%s %s (MOH 三(四) only): %j', (pack, level, expected) => {
    const o = run(pack, '2025-03-10', '2025-06-01', level === 'level2' && pack === 'chongqing' ? [['assistance_plan', '2025-04-01']] : [], { level });
    expect(brief(o)).toEqual(expected);
  });

  it('key group (NM22 二, 三(一)): registered unemployed count; not without work intention', () => {
    const p = packs.neiMongol;
    expect(isKeyGroup(p, { marks: new Set(), registeredUnemployed: true, wantsWork: true, laborCapacity: 'full' })).toBe(true);
    expect(isKeyGroup(p, { marks: new Set(), registeredUnemployed: true, wantsWork: false, laborCapacity: 'full' })).toBe(false);
    expect(isKeyGroup(packs.national, { marks: new Set(), registeredUnemployed: true, wantsWork: true, laborCapacity: 'full' })).toBe(false);
    expect(isKeyGroup(packs.national, { marks: undefined, registeredUnemployed: true, wantsWork: true, laborCapacity: 'full' })).toBe('unknown');
  });
});
