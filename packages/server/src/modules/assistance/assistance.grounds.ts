/**
 * The pure rules of the recognition workflow that are not transitions: state names, the refusals shared by every
 * step (state, input, eligibility), the stored evaluation's shape, the re-check verdict and the exit grounds.
 */
import { assistancePeriod, parseIsoDate, type DifficultyDecision, type ResolvedPack } from '@bangfu/rules';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import type { ApplicationRow } from './assistance.repository.ts';

export const STATE_ZH: Record<string, string> = {
  submitted: '待社区初审',
  prechecked: '待县级审核',
  public_notice: '公示中',
  recognised: '已认定',
  rejected: '未通过',
  appealed: '复核中（申诉）',
  exited: '已退出',
};

/** The clause behind maker–checker refusals (whole-process supervision against falsification and abuse of power). */
export const MAKER_CHECKER_CLAUSE = 'CQ25 八';

export const EXIT_REASONS = ['no_longer_eligible', 'refused_assistance', 'period_ended', 'employed', 'deceased', 'moved_away', 'at_own_request'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: ${zh} / ${en}` }, issues: [{ field, messageZh: zh, messageEn: en } satisfies FieldIssue] });
}

export function stateError(state: string, actionZh: string, actionEn: string, resourceZh = '认定申请', resourceEn = 'application'): AppError {
  return new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh, resourceEn, state, actionZh, actionEn } });
}

export interface StoredEvaluation {
  pack: string;
  asOf: string;
  eligible: boolean | 'unknown';
  registeredUnemployed: boolean | 'unknown';
  categories: DifficultyDecision['categories'];
  missingFacts: string[];
  explanations: DifficultyDecision['explanations'];
}

/** Whether an exit ground applies now, with the clause and the pack's explanation (shown before and after the exit). */
export interface ExitGround {
  reason: ExitReason;
  allowed: boolean | 'unknown';
  clause: string;
  pack: string;
  text: string;
  textEn: string;
}

/**
 * The eligibility refusal of a step, or null: `requireKnown` (review, recognition) needs `true`; the pre-check
 * accepts `unknown` (facts may still come).
 */
export function notEligible(ev: StoredEvaluation, requireKnown: boolean): AppError | null {
  if (ev.eligible === true || (!requireKnown && ev.eligible === 'unknown')) return null;
  const clause = '人社部发〔2024〕84号 就业困难人员定义';
  if (ev.eligible === 'unknown') {
    return new AppError('ASSISTANCE_NOT_ELIGIBLE', { params: { clause, detailZh: `资料不全，须补充：${ev.missingFacts.join('、')}`, detailEn: `facts missing: ${ev.missingFacts.join(', ')}` } });
  }
  const zh = ev.registeredUnemployed === false ? '不是登记失业人员' : `不符合任一认定类别（${ev.categories.map((c) => `${c.nameZh}：${c.source}`).join('；')}）`;
  const en = ev.registeredUnemployed === false ? 'not registered unemployed' : `meets no category (${ev.categories.map((c) => c.id).join(', ')})`;
  return new AppError('ASSISTANCE_NOT_ELIGIBLE', { params: { clause, detailZh: zh, detailEn: en } });
}

/** The re-check's verdict as an explanation: still eligible (categories and clauses), no longer, or facts missing. */
export function recheckVerdict(ev: StoredEvaluation) {
  const met = ev.categories.filter((c) => c.met === true);
  const base = { rule: 'assistance.recheck.verdict', source: met.map((c) => c.source).join('；') || 'MOH 二(三)', pack: ev.pack };
  if (ev.eligible === true) return { ...base, text: `复核（${ev.asOf}）：仍符合认定条件（${met.map((c) => c.nameZh).join('、')}）`, textEn: `re-check (${ev.asOf}): still meets the criteria (${met.map((c) => c.nameEn).join(', ')})` };
  if (ev.eligible === false) return { ...base, source: 'MOH 二(三)', text: `复核（${ev.asOf}）：已不符合认定条件（${ev.registeredUnemployed === false ? '不是登记失业人员' : '不符合任一认定类别'}），可按“不再符合条件”退出援助`, textEn: `re-check (${ev.asOf}): no longer meets the criteria (${ev.registeredUnemployed === false ? 'not registered unemployed' : 'meets no category'}); may exit as no longer eligible` };
  return { ...base, text: `复核（${ev.asOf}）：资料不全，须补充 ${ev.missingFacts.join('、')}`, textEn: `re-check (${ev.asOf}): facts missing: ${ev.missingFacts.join(', ')}` };
}

/**
 * Whether `reason` ends this recognition now, by the pack (MOH 二(三); CQ25 四): `no_longer_eligible` needs an
 * evaluation saying `false`, `refused_assistance` the pack's `endsAssistance`, `period_ended` the end of the
 * period and a hand-over assessment; the other grounds are facts the worker records.
 */
export function exitGround(reason: ExitReason, app: ApplicationRow, pack: ResolvedPack, today: string, ev: StoredEvaluation): ExitGround {
  const packRef = `${pack.id}@${pack.version}`;
  const moh = 'MOH 二(三)';
  switch (reason) {
    case 'no_longer_eligible': {
      const allowed = ev.eligible === false ? true : ev.eligible === true ? false : 'unknown';
      const cats = ev.categories.filter((c) => c.met === true).map((c) => `${c.nameZh}（${c.source}）`).join('、');
      const text =
        ev.eligible === false
          ? `按 ${ev.asOf} 核验已不符合认定条件（${ev.registeredUnemployed === false ? '不是登记失业人员' : '不符合任一认定类别'}），不再作为援助对象`
          : ev.eligible === true
            ? `按 ${ev.asOf} 核验仍符合认定条件（${cats}），不能以“已不符合条件”退出`
            : `按 ${ev.asOf} 核验可能仍符合条件，资料不全（${ev.missingFacts.join('、')}），不能以“已不符合条件”退出`;
      const textEn =
        ev.eligible === false
          ? `checked on ${ev.asOf}: no longer meets the criteria (${ev.registeredUnemployed === false ? 'not registered unemployed' : 'meets no category'}); assistance ends`
          : ev.eligible === true
            ? `checked on ${ev.asOf}: still meets the criteria (${ev.categories.filter((c) => c.met === true).map((c) => c.id).join(', ')}); cannot exit as no longer eligible`
            : `checked on ${ev.asOf}: may still meet the criteria, facts missing (${ev.missingFacts.join(', ')}); cannot exit as no longer eligible`;
      return { reason, allowed, clause: moh, pack: ev.pack, text, textEn };
    }
    case 'refused_assistance': {
      const g = pack.params.deregistration.refused_services_3_times?.endsAssistance;
      const allowed = g?.value === true;
      const clause = g ? `${g.source.doc} ${g.source.clause}` : moh;
      return allowed
        ? { reason, allowed, clause, pack: packRef, text: `无正当理由不接受就业援助服务的，不再作为援助对象（规则包 ${packRef}）`, textEn: `refusing assistance without good reason ends it (pack ${packRef})` }
        : { reason, allowed, clause, pack: packRef, text: `规则包 ${packRef} 未规定无正当理由拒绝服务即退出援助`, textEn: `pack ${packRef} does not let refusing services end assistance` };
    }
    case 'period_ended': {
      const period = assistancePeriod(parseIsoDate(app.recognisedOn!, 'recognisedOn'), parseIsoDate(today, 'today'), pack);
      const clause = period.explanations[2]!.source;
      if (!period.expired) return { reason, allowed: false, clause: period.explanations[0]!.source, pack: packRef, text: `援助期（${pack.params.assistance.validityMonths.value} 个月）至 ${period.validUntil} 止，尚未期满`, textEn: `the ${pack.params.assistance.validityMonths.value}-month assistance period runs to ${period.validUntil}; not ended` };
      if (!app.handoverAssessment) return { reason, allowed: false, clause, pack: packRef, text: `援助期已于 ${period.validUntil} 届满，退出前须完成期满评估（${clause}）`, textEn: `the period ended on ${period.validUntil}; a hand-over assessment is required before the exit (${clause})` };
      return { reason, allowed: true, clause, pack: packRef, text: `援助期已于 ${period.validUntil} 届满，期满评估已完成`, textEn: `the period ended on ${period.validUntil}; the hand-over assessment is done` };
    }
    case 'employed':
      return { reason, allowed: true, clause: moh, pack: packRef, text: '已实现就业，按动态管理退出援助', textEn: 'employed: leaves assistance (dynamic management)' };
    case 'deceased':
      return { reason, allowed: true, clause: moh, pack: packRef, text: '本人死亡，退出援助', textEn: 'deceased: assistance ends' };
    case 'moved_away':
      return { reason, allowed: true, clause: moh, pack: packRef, text: '迁出本辖区，退出本地援助（可在新居住地重新认定）', textEn: 'moved away: leaves local assistance (may be recognised again where they live now)' };
    case 'at_own_request':
      return { reason, allowed: true, clause: moh, pack: packRef, text: '本人申请退出援助', textEn: 'leaves assistance at their own request' };
  }
}
