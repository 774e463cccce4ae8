/**
 * Employment-assistance schedule (就业援助, R5): the working-day deadlines of the recognition workflow (community
 * pre-check, county review, public notice / 公示), how a name appears in the notice, the assistance period with its
 * periodic re-check and the hand-over assessment before it ends (CQ25 四), the zero-employment family's
 * immediate-assistance deadline (CQ25 三) and the 低保 gradual-exit period (CQ25 七). Pure: dates in, dates out.
 */
import { addCalendarMonths, addDays, compareDates, formatIsoDate, type CivilDate, type IsoDate } from '../core/date.ts';
import type { Explanation } from '../core/explain.ts';
import type { WorkCalendar } from '../calendar/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { NoticeNameMask } from '../packs/schema.ts';
import { explain } from './common.ts';

export type AssistanceStep = 'precheck' | 'review' | 'notice';

const STEP_PARAM: Record<AssistanceStep, 'precheckWorkingDays' | 'reviewWorkingDays' | 'noticeWorkingDays'> = {
  precheck: 'precheckWorkingDays',
  review: 'reviewWorkingDays',
  notice: 'noticeWorkingDays',
};
const STEP_ZH: Record<AssistanceStep, string> = { precheck: '社区初审', review: '县级审核', notice: '公示' };
const STEP_EN: Record<AssistanceStep, string> = { precheck: 'community pre-check', review: 'county review', notice: 'public notice' };

export interface StepDeadline {
  step: AssistanceStep;
  workingDays: number;
  /** Pre-check and review: due by this date. Notice: the last day of the notice period. */
  due: IsoDate;
  source: string;
  explanation: Explanation;
}

/** The deadline of one workflow step, counted in working days strictly after `from` (the step's start). */
export function assistanceStepDeadline(step: AssistanceStep, from: CivilDate, pack: ResolvedPack, calendar: WorkCalendar): StepDeadline {
  const param = pack.params.assistance[STEP_PARAM[step]];
  const due = formatIsoDate(calendar.addWorkingDays(from, param.value, `assistance.${step}`));
  const fromIso = formatIsoDate(from);
  return {
    step,
    workingDays: param.value,
    due,
    source: `${param.source.doc} ${param.source.clause}`,
    explanation: explain(
      pack,
      `assistance.${step}-deadline`,
      `assistance.${STEP_PARAM[step]}`,
      param,
      step === 'notice' ? `公示期 ${param.value} 个工作日：自 ${fromIso} 起，至 ${due} 止` : `${STEP_ZH[step]}应在 ${param.value} 个工作日内完成：自 ${fromIso} 起，期限 ${due}`,
      step === 'notice' ? `public notice of ${param.value} working days: from ${fromIso} to ${due}` : `${STEP_EN[step]} within ${param.value} working days: from ${fromIso}, due ${due}`,
      { from: fromIso, workingDays: param.value, due },
    ),
  };
}

export interface NoticeCompletion {
  /** True when `asOf` is after the last day of the notice period. */
  complete: boolean;
  noticeEnds: IsoDate;
  source: string;
  explanation: Explanation;
}

/** Whether a public notice that started on `from` has run its full period by `asOf` (recognition may follow). */
export function noticeCompletion(from: CivilDate, asOf: CivilDate, pack: ResolvedPack, calendar: WorkCalendar): NoticeCompletion {
  const d = assistanceStepDeadline('notice', from, pack, calendar);
  const complete = formatIsoDate(asOf) > d.due;
  const param = pack.params.assistance.noticeWorkingDays;
  return {
    complete,
    noticeEnds: d.due,
    source: d.source,
    explanation: explain(
      pack,
      'assistance.notice-complete',
      'assistance.noticeWorkingDays',
      param,
      complete ? `公示期（${param.value} 个工作日，至 ${d.due}）已满，可予认定` : `公示期（${param.value} 个工作日）至 ${d.due} 止，期满前不得认定`,
      complete ? `the ${param.value}-working-day notice ended ${d.due}: recognition may follow` : `the ${param.value}-working-day notice runs to ${d.due}: no recognition before it ends`,
      { from: formatIsoDate(from), asOf: formatIsoDate(asOf), noticeEnds: d.due, complete },
    ),
  };
}

/** The name as the public notice shows it (the pack decides how much: 张** / 张*明 / 张三明). */
export function maskNoticeName(name: string, mask: NoticeNameMask): string {
  const chars = [...name.trim()];
  if (mask === 'full' || chars.length === 0) return chars.join('');
  if (mask === 'surname_only') return chars[0]! + '*'.repeat(Math.max(1, chars.length - 1));
  // surname_and_last: keep the first and last character (two-character names keep only the surname).
  if (chars.length <= 2) return chars[0]! + '*';
  return chars[0]! + '*'.repeat(chars.length - 2) + chars[chars.length - 1]!;
}

export interface AssistancePeriod {
  validFrom: IsoDate;
  /** Last day of the assistance period. */
  validUntil: IsoDate;
  /** Next periodic re-check of the criteria after `asOf` (never after validUntil). */
  nextRecheck: IsoDate;
  /** From this day the hand-over assessment (提前评估) is due. */
  handoverAssessmentFrom: IsoDate;
  handoverDue: boolean;
  expired: boolean;
  explanations: Explanation[];
}

/**
 * The assistance period from the recognition date: valid `validityMonths` (last day the day before the same date
 * that many months later), re-checked every `recheckMonths`, hand-over assessment `handoverAssessmentDays` before
 * the end (CQ25 四).
 */
export function assistancePeriod(recognisedOn: CivilDate, asOf: CivilDate, pack: ResolvedPack, lastRecheck?: CivilDate): AssistancePeriod {
  const p = pack.params.assistance;
  const end = addDays(addCalendarMonths(recognisedOn, p.validityMonths.value), -1);
  const handover = addDays(end, -p.handoverAssessmentDays.value);
  let next = addCalendarMonths(lastRecheck ?? recognisedOn, p.recheckMonths.value);
  if (compareDates(next, end) > 0) next = end;
  const validFrom = formatIsoDate(recognisedOn);
  const validUntil = formatIsoDate(end);
  const nextRecheck = formatIsoDate(next);
  const handoverAssessmentFrom = formatIsoDate(handover);
  const expired = compareDates(asOf, end) > 0;
  const handoverDue = !expired && compareDates(asOf, handover) >= 0;
  return {
    validFrom,
    validUntil,
    nextRecheck,
    handoverAssessmentFrom,
    handoverDue,
    expired,
    explanations: [
      explain(pack, 'assistance.validity', 'assistance.validityMonths', p.validityMonths, `援助期限 ${p.validityMonths.value} 个月：${validFrom} 至 ${validUntil}`, `assistance period ${p.validityMonths.value} months: ${validFrom} to ${validUntil}`, { validFrom, validUntil }),
      explain(pack, 'assistance.recheck', 'assistance.recheckMonths', p.recheckMonths, `每 ${p.recheckMonths.value} 个月复核认定条件，下次 ${nextRecheck}`, `criteria re-checked every ${p.recheckMonths.value} months; next ${nextRecheck}`, { nextRecheck }),
      explain(pack, 'assistance.handover', 'assistance.handoverAssessmentDays', p.handoverAssessmentDays, `期满前 ${p.handoverAssessmentDays.value} 天（${handoverAssessmentFrom} 起）提前评估就业情况，做好政策衔接`, `hand-over assessment ${p.handoverAssessmentDays.value} days before the end (from ${handoverAssessmentFrom})`, { handoverAssessmentFrom, handoverDue }),
    ],
  };
}

/** Due date of the immediate job assistance for a confirmed zero-employment family (CQ25 三: 即时岗位援助). */
export function zeroEmploymentAssistanceDeadline(confirmedOn: CivilDate, pack: ResolvedPack, calendar: WorkCalendar): { due: IsoDate; workingDays: number; source: string; explanation: Explanation } {
  const param = pack.params.assistance.zeroEmploymentAssistanceWorkingDays;
  const due = formatIsoDate(calendar.addWorkingDays(confirmedOn, param.value, 'assistance.zeroEmployment'));
  return {
    due,
    workingDays: param.value,
    source: `${param.source.doc} ${param.source.clause}`,
    explanation: explain(pack, 'assistance.zero-employment-assistance', 'assistance.zeroEmploymentAssistanceWorkingDays', param, `零就业家庭即时岗位援助：确认后 ${param.value} 个工作日内（${due} 前）`, `immediate job assistance within ${param.value} working days of confirmation (by ${due})`, { confirmedOn: formatIsoDate(confirmedOn), due }),
  };
}

/** End of the 低保 gradual-exit period (渐退期) for a recipient who found work on `employedOn` (CQ25 七). */
export function dibaoGradualExit(employedOn: CivilDate, pack: ResolvedPack): { months: number; endsOn: IsoDate; source: string; explanation: Explanation } {
  const param = pack.params.assistance.dibaoGradualExitMonths;
  const endsOn = formatIsoDate(addDays(addCalendarMonths(employedOn, param.value), -1));
  return {
    months: param.value,
    endsOn,
    source: `${param.source.doc} ${param.source.clause}`,
    explanation: explain(pack, 'assistance.dibao-gradual-exit', 'assistance.dibaoGradualExitMonths', param, `就业后低保渐退期 ${param.value} 个月，至 ${endsOn}`, `低保 gradual exit of ${param.value} months after employment, to ${endsOn}`, { months: param.value, endsOn }),
  };
}

/** A hardship criterion of a referral to civil affairs (R7.4), with its source. */
export interface HardshipCriterion {
  id: 'zero_employment_household' | 'long_term_without_benefit' | 'no_income';
  nameZh: string;
  nameEn: string;
  source: string;
}

export interface HardshipFacts {
  /** The household is a zero-employment household (null: unknown). */
  zeroEmploymentHousehold: boolean | null;
  /** Start of the active unemployment registration. */
  registeredOn: CivilDate;
  /** Unemployment-insurance benefit: true eligible, false not, null not assessed (counts as not receiving it). */
  uiBenefitEligible: boolean | null;
  /** Recorded monthly income (yuan), null when not recorded. */
  monthlyIncome: number | null;
}

/**
 * Which hardship criteria a registrant meets for a proposed referral to civil affairs (临时救助、低保; NM24 一(三),
 * NM22 三(七)): a zero-employment household, registered `assistance.referralLongTermMonths` or more without
 * unemployment-insurance benefit, or a recorded income of 0. Empty: no referral proposed.
 */
export function hardshipCriteria(facts: HardshipFacts, asOf: CivilDate, pack: ResolvedPack): { criteria: HardshipCriterion[]; longTermMonths: number; explanation: Explanation } {
  const param = pack.params.assistance.referralLongTermMonths;
  const months = param.value;
  const criteria: HardshipCriterion[] = [];
  if (facts.zeroEmploymentHousehold === true) criteria.push({ id: 'zero_employment_household', nameZh: '零就业家庭', nameEn: 'zero-employment household', source: 'NM24 一(三); NM22 三(七)' });
  const longSince = addCalendarMonths(facts.registeredOn, months);
  if (compareDates(longSince, asOf) <= 0 && facts.uiBenefitEligible !== true) {
    criteria.push({
      id: 'long_term_without_benefit',
      nameZh: `登记失业满 ${months} 个月且未享受失业保险金`,
      nameEn: `registered unemployed ${months} months or more without unemployment-insurance benefit`,
      source: `${param.source.doc} ${param.source.clause}`,
    });
  }
  if (facts.monthlyIncome === 0) criteria.push({ id: 'no_income', nameZh: '登记的月收入为零', nameEn: 'recorded monthly income of 0', source: 'NM24 一(三)' });
  const names = criteria.map((c) => c.nameZh).join('、') || '无';
  return {
    criteria,
    longTermMonths: months,
    explanation: explain(pack, 'assistance.hardship-referral', 'assistance.referralLongTermMonths', param, `困难情形：${names}（长期未享受失业保险金以登记满 ${months} 个月计）`, `hardship criteria met: ${criteria.map((c) => c.nameEn).join(', ') || 'none'} (long-term without benefit: registered ${months} months or more)`, { registeredOn: formatIsoDate(facts.registeredOn), asOf: formatIsoDate(asOf), months }),
  };
}
