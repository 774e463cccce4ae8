/**
 * Follow-up rhythm (R8): monthly for unemployed difficulty persons and key groups (NM24 四, XC23 三(三), NM22 三(七)),
 * quarterly for the flexibly employed, half-yearly for the stably employed (XC23 三(三)), adaptation-period visits
 * after employment (CQ25 四). "At least once a calendar month / quarter / half-year": with `calendar` alignment the
 * next contact is due by the end of the period after the one holding the last contact (or the start).
 */
import { addCalendarMonths, compareDates, daysInMonth, formatIsoDate, type CivilDate, type IsoDate } from '../core/date.ts';
import type { Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { EmploymentStatus, Mark } from '../packs/codes.ts';
import type { Interval } from '../packs/schema.ts';
import { explain, type Tri } from './common.ts';

export type Rhythm = 'monthly' | 'quarterly' | 'half_yearly' | 'adaptation' | 'none' | `every_${number}_months`;
export type RhythmBasis = 'unemployed_difficulty' | 'unemployed_key_group' | 'unemployed_other' | 'flexible' | 'employed_adaptation' | 'employed_stable' | 'not_applicable';

export interface FollowUpFacts {
  employmentStatus: EmploymentStatus | undefined;
  marks: ReadonlySet<Mark> | undefined;
  keyGroup: Tri;
  registeredOn: CivilDate | undefined;
  employedSince: CivilDate | undefined;
  lastContact: CivilDate | undefined;
}

export interface FollowUpDecision {
  rhythm: Rhythm;
  basis: RhythmBasis;
  intervalMonths: number | null;
  lastContact: IsoDate | null;
  nextDueBy: IsoDate | null;
  overdue: boolean;
  missingFacts: string[];
  explanations: Explanation[];
}

/** End of the calendar period (of `months` months, aligned to January) after the one containing d. */
export function endOfNextPeriod(d: CivilDate, months: number): CivilDate {
  const index = d.year * 12 + (d.month - 1);
  const endIndex = (Math.floor(index / months) + 2) * months - 1;
  const year = Math.floor(endIndex / 12);
  const month = (endIndex % 12) + 1;
  return { year, month, day: daysInMonth(year, month) };
}

export function nextDue(anchor: CivilDate, interval: Interval): CivilDate {
  return interval.alignment === 'calendar' ? endOfNextPeriod(anchor, interval.months) : addCalendarMonths(anchor, interval.months);
}

function rhythmName(i: Interval, basis: RhythmBasis): Rhythm {
  if (basis === 'employed_adaptation') return 'adaptation';
  return i.months === 1 ? 'monthly' : i.months === 3 ? 'quarterly' : i.months === 6 ? 'half_yearly' : `every_${i.months}_months`;
}

export function evaluateFollowUp(f: FollowUpFacts, pack: ResolvedPack, asOf: CivilDate): FollowUpDecision {
  const p = pack.params.followUp;
  const missing: string[] = [];
  let basis: RhythmBasis = 'not_applicable';
  let key: keyof typeof p | undefined;
  let start: CivilDate | undefined;
  switch (f.employmentStatus) {
    case 'unemployed':
      start = f.registeredOn;
      if (f.marks?.has('difficulty')) [basis, key] = ['unemployed_difficulty', 'unemployedDifficulty'];
      else if (f.keyGroup === true && p.unemployedKeyGroup.value) [basis, key] = ['unemployed_key_group', 'unemployedKeyGroup'];
      else [basis, key] = ['unemployed_other', 'unemployedOther'];
      if (basis === 'unemployed_other' && (f.marks === undefined || f.keyGroup === 'unknown')) missing.push('person.marks');
      break;
    case 'flexible':
      [basis, key, start] = ['flexible', 'flexible', f.employedSince ?? f.registeredOn];
      break;
    case 'employed':
    case 'self_employed': {
      start = f.employedSince;
      if (!f.employedSince) missing.push('person.employedSince');
      const inAdaptation = f.employedSince && compareDates(asOf, addCalendarMonths(f.employedSince, p.adaptationPeriodMonths.value)) <= 0;
      [basis, key] = inAdaptation ? ['employed_adaptation', 'adaptation'] : ['employed_stable', 'employedStable'];
      start ??= f.registeredOn;
      break;
    }
    case undefined:
      missing.push('person.employmentStatus');
      break;
    default:
      break;
  }
  const param = key ? p[key] : undefined;
  const interval = param && typeof param.value === 'object' && param.value !== null ? (param.value as Interval) : null;
  if (!interval || !key || !param) {
    return {
      rhythm: 'none',
      basis,
      intervalMonths: null,
      lastContact: f.lastContact ? formatIsoDate(f.lastContact) : null,
      nextDueBy: null,
      overdue: false,
      missingFacts: missing,
      explanations: param
        ? [explain(pack, 'followup.rhythm', `followUp.${key}`, param, `${basis}：本规则包未规定定期联系频次`, `${basis}: the pack sets no follow-up rhythm`, { basis })]
        : [],
    };
  }
  const anchor = f.lastContact && (!start || compareDates(f.lastContact, start) >= 0) ? f.lastContact : start;
  if (!anchor) missing.push('registration.registeredOn');
  const due = anchor ? nextDue(anchor, interval) : undefined;
  const overdue = due ? compareDates(asOf, due) > 0 : false;
  const rhythm = rhythmName(interval, basis);
  const dueIso = due ? formatIsoDate(due) : null;
  return {
    rhythm,
    basis,
    intervalMonths: interval.months,
    lastContact: f.lastContact ? formatIsoDate(f.lastContact) : null,
    nextDueBy: dueIso,
    overdue,
    missingFacts: missing,
    explanations: [
      explain(
        pack,
        'followup.rhythm',
        `followUp.${key}`,
        param,
        `${basis}：每 ${interval.months} 个月至少联系一次（${interval.alignment === 'calendar' ? '按自然月/季/半年' : '自上次联系起滚动计算'}）；上次联系 ${f.lastContact ? formatIsoDate(f.lastContact) : '无'}，下次最迟 ${dueIso ?? '无法计算'}${overdue ? '，已逾期' : ''}`,
        `${basis}: at least one contact every ${interval.months} month(s) (${interval.alignment}); last contact ${f.lastContact ? formatIsoDate(f.lastContact) : 'none'}, next due by ${dueIso ?? 'n/a'}${overdue ? ', overdue' : ''}`,
        { basis, intervalMonths: interval.months, alignment: interval.alignment, anchor: anchor ? formatIsoDate(anchor) : null, nextDueBy: dueIso, overdue },
      ),
    ],
  };
}
