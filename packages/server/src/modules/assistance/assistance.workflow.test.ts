/**
 * The recognition workflow table on its own (pure): given the state, the actor, the steps performed and the facts,
 * each action is allowed or refused by the first failing check, the refusal carrying its code and clause.
 */
import { describe, expect, it } from 'vitest';
import { assistancePeriod, calendarForPack, noticeCompletion, PackRegistry, parseIsoDate } from '@bangfu/rules';
import type { StoredEvaluation } from './assistance.grounds.ts';
import { TRANSITIONS, WORKFLOW_ACTIONS, allowedActions, decide, type Deciding, type WorkflowAction } from './assistance.workflow.ts';

const pack = PackRegistry.builtIn().resolve('150102001001', '2025-11-03');
const d = (s: string) => parseIsoDate(s, 'test');

const eligible: StoredEvaluation = { pack: 'nei-mongol@2024.1', asOf: '2025-11-03', eligible: true, registeredUnemployed: true, categories: [], missingFacts: [], explanations: [] };
const unknown: StoredEvaluation = { ...eligible, eligible: 'unknown', missingFacts: ['person.residentMonths'] };

const MAKER = { userId: 'u-maker', role: 'caseworker' as const };
const TOWNSHIP = { userId: 'u-township', role: 'caseworker' as const };
const COUNTY = { userId: 'u-county', role: 'operator' as const };
const CITY = { userId: 'u-city', role: 'operator' as const };
const performed = {
  submission: { by: MAKER.userId, byName: 'caseworker' },
  precheck: { by: TOWNSHIP.userId, byName: 'caseworker.township' },
  review: { by: COUNTY.userId, byName: 'operator.county' },
};

function check(action: WorkflowAction, over: Partial<Deciding> & Pick<Deciding, 'state'>) {
  const r = decide(TRANSITIONS[action], { actor: CITY, performed, facts: { evaluation: eligible, pack }, ...over });
  return r ? { by: r.by, code: r.error.code, zh: r.error.message_('zh-CN'), en: r.error.message_('en') } : null;
}

describe('the recognition workflow table', () => {
  it('every action names its permission, from-states and audit action', () => {
    for (const a of WORKFLOW_ACTIONS) {
      const t = TRANSITIONS[a];
      expect(t.action).toBe(a);
      expect(t.from.length).toBeGreaterThan(0);
      expect(t.audit).toMatch(/^assistance\./);
    }
  });

  it('refuses a step from the wrong state with the state and the action', () => {
    expect(check('precheck.approve', { state: 'recognised', actor: TOWNSHIP, performed: { submission: performed.submission } })).toMatchObject({ by: 'state', code: 'WORKFLOW_STATE_INVALID', zh: '认定申请当前状态为 recognised，不能初审' });
    expect(check('exit', { state: 'public_notice' })).toMatchObject({ by: 'state', en: 'The application is public_notice; cannot exit' });
  });

  it('recognition before the notice is refused with the pack’s notice period and clause', () => {
    expect(check('recognise', { state: 'prechecked' })).toMatchObject({ by: 'state', code: 'ASSISTANCE_NOTICE_REQUIRED' });
    expect(check('recognise', { state: 'prechecked' })?.zh).toContain('待县级审核');
    expect(check('recognise', { state: 'prechecked' })?.zh).toContain('公示 5 个工作日（MOH 二(三)）');
    // Past the notice (rejected, exited) it is the plain state refusal.
    expect(check('recognise', { state: 'exited' })).toMatchObject({ code: 'WORKFLOW_STATE_INVALID' });
  });

  it('refuses without the permission', () => {
    expect(check('review.approve', { state: 'prechecked', actor: { userId: 'x', role: 'caseworker' } })).toMatchObject({ by: 'permission', code: 'FORBIDDEN' });
    expect(check('recheck', { state: 'recognised', actor: { userId: 'x', role: 'citizen' } })).toMatchObject({ by: 'permission' });
  });

  it('maker–checker compares user ids and names the earlier step and who did it (CQ25 八)', () => {
    const own = check('precheck.approve', { state: 'submitted', actor: MAKER, performed: { submission: performed.submission } });
    expect(own).toMatchObject({ by: 'maker_checker', code: 'MAKER_CHECKER' });
    expect(own?.zh).toContain('社区初审：已办理提交申请，由 caseworker 办理；CQ25 八');
    expect(own?.en).toContain('community pre-check: you did the submission');
    // The same username under another id is another user: compared by id only.
    expect(check('precheck.approve', { state: 'submitted', actor: { userId: 'other-id', role: 'caseworker' }, performed: { submission: { by: MAKER.userId, byName: 'other-id' } } })).toBeNull();
    expect(check('recognise', { state: 'public_notice', actor: COUNTY, facts: { evaluation: eligible, pack, openObjections: 0 } })?.en).toContain('recognition: you did the county review');
    expect(check('review.reject', { state: 'appealed', actor: { userId: TOWNSHIP.userId, role: 'operator' } })?.zh).toContain('县级审核：已办理社区初审');
    // A row without maker–checker (the re-check) lets anyone with the permission act.
    expect(check('recheck', { state: 'recognised', actor: TOWNSHIP })).toBeNull();
  });

  it('an objection is not resolved by whoever recorded it nor by the submitter', () => {
    const rec = { ...performed, objection: { by: TOWNSHIP.userId, byName: 'caseworker.township' } };
    expect(check('objection.resolve', { state: 'public_notice', actor: { userId: TOWNSHIP.userId, role: 'operator' }, performed: rec })?.zh).toContain('处理公示异议：该异议由您登记');
    expect(check('objection.resolve', { state: 'public_notice', actor: { userId: MAKER.userId, role: 'operator' }, performed: rec })?.en).toContain('resolving a notice objection: you submitted the application');
    // The pre-checker and the reviewer may resolve (only the recorder and the submitter are excluded).
    expect(check('objection.resolve', { state: 'public_notice', actor: COUNTY, performed: rec })).toBeNull();
  });

  it('guards: eligibility with its clause, objections open, the notice running, the hand-over window', () => {
    expect(check('precheck.approve', { state: 'submitted', facts: { evaluation: unknown } })).toBeNull(); // unknown may still be pre-checked
    const review = check('review.approve', { state: 'prechecked', facts: { evaluation: unknown } });
    expect(review).toMatchObject({ by: 'guard', code: 'ASSISTANCE_NOT_ELIGIBLE' });
    expect(review?.zh).toContain('人社部发〔2024〕84号 就业困难人员定义');
    expect(review?.zh).toContain('person.residentMonths');
    expect(check('review.reject', { state: 'prechecked', facts: { evaluation: unknown } })).toBeNull(); // a rejection needs no eligibility

    const running = noticeCompletion(d('2025-11-04'), d('2025-11-11'), pack, calendarForPack(pack));
    const over = noticeCompletion(d('2025-11-04'), d('2025-11-12'), pack, calendarForPack(pack));
    expect(check('recognise', { state: 'public_notice', facts: { evaluation: eligible, pack, notice: running, openObjections: 1 } })).toMatchObject({ by: 'guard', code: 'ASSISTANCE_OBJECTION_OPEN' });
    const early = check('recognise', { state: 'public_notice', facts: { evaluation: eligible, pack, notice: running, openObjections: 0 } });
    expect(early).toMatchObject({ by: 'guard', code: 'ASSISTANCE_NOTICE_RUNNING' });
    expect(early?.zh).toContain('2025-11-11');
    expect(early?.zh).toContain('MOH 二(三)');
    expect(check('recognise', { state: 'public_notice', facts: { evaluation: eligible, pack, notice: over, openObjections: 0 } })).toBeNull();
    expect(check('recognise', { state: 'public_notice', facts: { evaluation: { ...eligible, eligible: false, registeredUnemployed: false }, pack, notice: over, openObjections: 0 } })?.zh).toContain('不是登记失业人员');

    const before = assistancePeriod(d('2025-11-12'), d('2026-05-12'), pack);
    const handover = check('handover', { state: 'recognised', actor: TOWNSHIP, facts: { period: before } });
    expect(handover).toMatchObject({ by: 'guard', code: 'VALIDATION_FAILED' });
    expect(handover?.en).toContain('2028-10-12');
    expect(handover?.en).toContain('CQ25 四');
    expect(check('handover', { state: 'recognised', actor: TOWNSHIP, facts: { period: assistancePeriod(d('2025-11-12'), d('2028-10-20'), pack) } })).toBeNull();
  });

  it('allowedActions answers every action for the actor, one resolution per open objection', () => {
    const list = allowedActions(
      { state: 'public_notice', actor: COUNTY, performed, facts: { evaluation: eligible, pack, openObjections: 2, notice: noticeCompletion(d('2025-11-04'), d('2025-11-11'), pack, calendarForPack(pack)) } },
      [
        { id: 'o1', recordedBy: COUNTY.userId, recorderName: 'operator.county' },
        { id: 'o2', recordedBy: TOWNSHIP.userId, recorderName: 'caseworker.township' },
      ],
      'en',
    );
    expect(list.filter((a) => a.action !== 'objection.resolve').map((a) => a.action)).toEqual(WORKFLOW_ACTIONS.filter((a) => a !== 'objection.resolve'));
    expect(list.find((a) => a.action === 'objection.record')).toEqual({ action: 'objection.record', allowed: true });
    expect(list.find((a) => a.action === 'recognise')).toMatchObject({ allowed: false, refusedBy: 'maker_checker', code: 'MAKER_CHECKER' });
    expect(list.find((a) => a.action === 'precheck.approve')).toMatchObject({ allowed: false, refusedBy: 'state', reason: 'The application is public_notice; cannot pre-check' });
    expect(list.filter((a) => a.action === 'objection.resolve')).toEqual([
      expect.objectContaining({ objectionId: 'o1', allowed: false, refusedBy: 'maker_checker', reason: expect.stringContaining('you recorded it') }),
      { action: 'objection.resolve', objectionId: 'o2', allowed: true },
    ]);
    // A guard refusal in the requester's language, with the clause.
    const city = allowedActions({ state: 'public_notice', actor: CITY, performed, facts: { evaluation: eligible, pack, openObjections: 0, notice: noticeCompletion(d('2025-11-04'), d('2025-11-11'), pack, calendarForPack(pack)) } }, [], 'zh-CN');
    expect(city.find((a) => a.action === 'recognise')).toMatchObject({ allowed: false, refusedBy: 'guard', code: 'ASSISTANCE_NOTICE_RUNNING', reason: expect.stringContaining('MOH 二(三)') });
  });
});
