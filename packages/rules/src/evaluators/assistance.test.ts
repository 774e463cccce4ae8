import { describe, expect, it } from 'vitest';
import { PackRegistry } from '../packs/registry.ts';
import { nationalPack, xuchangPack } from '../packs/builtin.ts';
import { RuleInputError } from '../core/errors.ts';
import { assistancePeriod, assistanceStepDeadline, dibaoGradualExit, hardshipCriteria, maskNoticeName, noticeCompletion, zeroEmploymentAssistanceDeadline } from './assistance.ts';
import { cal, d, packs } from './test-helpers.ts';

describe('assistance parameters in the packs', () => {
  it('every pack resolves them, each with its clause and status', () => {
    for (const [name, p] of Object.entries(packs)) {
      const a = p.params.assistance;
      expect(a.noticeWorkingDays.value, name).toBe(5);
      expect(a.noticeWorkingDays.status, name).toBe('unconfirmed');
      expect(a.validityMonths.status, name).toBe('project_default');
      expect(a.noticeNameMask.value, name).toBe('surname_only');
    }
    expect(packs.chongqing.params.assistance.handoverAssessmentDays.source).toEqual({ doc: 'CQ25', clause: '四' });
    expect(packs.chongqing.origin['assistance.handoverAssessmentDays']?.pack).toBe('chongqing');
    expect(packs.xuchang.origin['assistance.handoverAssessmentDays']?.pack).toBe('national');
  });

  it('an operator pack may override one key; an invalid value is refused naming its path', () => {
    const child = { ...xuchangPack(), id: 'xuchang-local', version: '2025.1', jurisdictionPrefix: '411002', effectiveFrom: '2025-01-01', parent: 'xuchang', sources: [], params: { assistance: { noticeWorkingDays: { value: 7, source: { doc: 'XC23', clause: '四(六)' }, status: 'unconfirmed' as const } } } };
    const reg = new PackRegistry([nationalPack(), xuchangPack(), child]);
    const p = reg.resolve('411002001001', '2025-06-01');
    expect(p.params.assistance.noticeWorkingDays.value).toBe(7);
    expect(p.params.assistance.reviewWorkingDays.value).toBe(7);
    const bad = { ...child, params: { assistance: { noticeWorkingDays: { value: 0, source: { doc: 'XC23', clause: '四(六)' } } } } };
    try {
      new PackRegistry([nationalPack(), xuchangPack(), bad] as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleInputError);
      expect((e as RuleInputError).field).toContain('params.assistance.noticeWorkingDays.value');
    }
  });
});

describe('recognition deadlines in working days', () => {
  it('skips the National Day holiday and counts the adjusted Sunday (2025)', () => {
    // Fri 26 Sep 2025: Sun 28 Sep is worked, 1–8 Oct are off.
    const pre = assistanceStepDeadline('precheck', d('2025-09-26'), packs.neiMongol, cal(packs.neiMongol));
    expect(pre).toMatchObject({ step: 'precheck', workingDays: 5, due: '2025-10-10', source: 'MOH 二(三)' });
    expect(pre.explanation.text).toMatch(/无文件规定，项目默认值/);
    const review = assistanceStepDeadline('review', d('2025-10-10'), packs.xuchang, cal(packs.xuchang));
    expect(review.due).toBe('2025-10-20'); // Sat 11 Oct is worked (调休): 11, 13–17, 20
    expect(review.explanation.text).toMatch(/依据未经核实/);
  });

  it('a notice started Monday 3 Nov 2025 runs 5 working days to Mon 10 Nov; recognition only from 11 Nov', () => {
    const c = cal(packs.xuchang);
    expect(noticeCompletion(d('2025-11-03'), d('2025-11-10'), packs.xuchang, c)).toMatchObject({ complete: false, noticeEnds: '2025-11-10' });
    const done = noticeCompletion(d('2025-11-03'), d('2025-11-11'), packs.xuchang, c);
    expect(done.complete).toBe(true);
    expect(done.explanation.textEn).toMatch(/recognition may follow/);
  });

  it('masks names as the pack allows', () => {
    expect(maskNoticeName('张三丰', 'surname_only')).toBe('张**');
    expect(maskNoticeName('欧阳娜娜', 'surname_and_last')).toBe('欧**娜');
    expect(maskNoticeName('李四', 'surname_and_last')).toBe('李*');
    expect(maskNoticeName('王五', 'full')).toBe('王五');
  });
});

describe('assistance period, re-check and hand-over (CQ25 四)', () => {
  it('36 months, re-check every 6, hand-over assessment 30 days before the end', () => {
    const p = assistancePeriod(d('2025-11-11'), d('2028-10-12'), packs.chongqing);
    expect(p).toMatchObject({ validFrom: '2025-11-11', validUntil: '2028-11-10', nextRecheck: '2026-05-11', handoverAssessmentFrom: '2028-10-11', handoverDue: true, expired: false });
    expect(p.explanations[2]!.source).toBe('CQ25 四');
    expect(assistancePeriod(d('2025-11-11'), d('2028-10-10'), packs.chongqing).handoverDue).toBe(false);
    expect(assistancePeriod(d('2025-11-11'), d('2028-11-11'), packs.chongqing)).toMatchObject({ expired: true, handoverDue: false });
    expect(assistancePeriod(d('2025-11-11'), d('2028-06-01'), packs.chongqing, d('2028-08-01')).nextRecheck).toBe('2028-11-10');
  });

  it('immediate assistance for a zero-employment family and the 低保 gradual exit', () => {
    expect(zeroEmploymentAssistanceDeadline(d('2025-09-30'), packs.chongqing, cal(packs.chongqing))).toMatchObject({ due: '2025-10-14', source: 'CQ25 三' });
    expect(dibaoGradualExit(d('2025-03-15'), packs.chongqing)).toMatchObject({ months: 6, endsOn: '2025-09-14', source: 'CQ25 七' });
  });
});

describe('hardshipCriteria (referral to civil affairs, R7.4)', () => {
  const base = { zeroEmploymentHousehold: false, registeredOn: d('2024-06-10'), uiBenefitEligible: null, monthlyIncome: null } as const;
  it('long-term without benefit from the pack’s months on, not the day before; a benefit recipient is not', () => {
    const ids = (facts: Parameters<typeof hardshipCriteria>[0], on: string) => hardshipCriteria(facts, d(on), packs.national).criteria.map((c) => c.id);
    expect(ids(base, '2025-06-09')).toEqual([]);
    expect(ids(base, '2025-06-10')).toEqual(['long_term_without_benefit']);
    expect(ids({ ...base, uiBenefitEligible: true }, '2025-06-10')).toEqual([]);
    expect(ids({ ...base, zeroEmploymentHousehold: true, monthlyIncome: 0 }, '2025-01-01')).toEqual(['zero_employment_household', 'no_income']);
    expect(ids({ ...base, monthlyIncome: 500 }, '2025-01-01')).toEqual([]);
  });

  it('names the pack parameter and its clause, and takes the months from the pack', () => {
    const r = hardshipCriteria(base, d('2025-06-10'), packs.national);
    expect(r.longTermMonths).toBe(12);
    expect(r.criteria[0]).toMatchObject({ nameZh: '登记失业满 12 个月且未享受失业保险金', source: 'NM24 一(三)' });
    expect(r.explanation.source).toContain('NM24 一(三)');
    const xc = xuchangPack();
    const shorter = new PackRegistry([nationalPack(), { ...xc, params: { ...xc.params, assistance: { ...xc.params.assistance, referralLongTermMonths: { value: 6, source: { doc: 'XC23', clause: '三(四)' } } } } }]);
    const six = hardshipCriteria(base, d('2024-12-10'), shorter.resolve('411002001001', '2024-12-10'));
    expect(six.criteria.map((c) => c.id)).toEqual(['long_term_without_benefit']);
    expect(six.criteria[0]?.source).toBe('XC23 三(四)');
  });
});
