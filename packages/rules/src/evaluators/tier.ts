/**
 * Duration tier (分级, NM24 二(一)) and service level (XC23 三(二)1 Ⅰ级/Ⅱ级; nationally basic service vs assistance).
 */
import { addCalendarMonths, addDays, compareDates, formatIsoDate, parseIsoDate, wholeMonthsBetween, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';
import type { WorkCalendar } from '../calendar/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { Level, Mark, Tier } from '../packs/codes.ts';
import { explain } from './common.ts';

export interface TierDecision {
  code: Tier;
  /** Whole calendar months registered on asOf (clamped at month end). */
  months: number;
  /** First day of this tier. */
  since: IsoDate;
  /** First day of the next tier; null for the last tier. */
  nextChange: IsoDate | null;
  explanations: Explanation[];
}

/**
 * When the minimum services of a `tier` window are due: the last day of the current tier, or for the last tier
 * (which has no end) `tiers.longServiceMonths` after it starts — registeredOn + mediumMaxMonths + longServiceMonths
 * calendar months, clamped at month end like the tier boundaries.
 */
export function tierServiceDue(pack: ResolvedPack, registeredOn: CivilDate, tier: { nextChange: IsoDate | CivilDate | null }): CivilDate {
  if (tier.nextChange) return addDays(typeof tier.nextChange === 'string' ? parseIsoDate(tier.nextChange, 'tier.nextChange') : tier.nextChange, -1);
  const t = pack.params.tiers;
  return addCalendarMonths(registeredOn, t.mediumMaxMonths.value + t.longServiceMonths.value);
}

/**
 * Tiers by calendar months from the registration date, clamped at month end: "≤ 1 month" is short, so a person
 * registered on 31 Jan is short up to and including 28/29 Feb and medium from 1 Mar; "> 6 months" is long.
 */
export function evaluateTier(registeredOn: CivilDate, pack: ResolvedPack, asOf: CivilDate): TierDecision {
  if (compareDates(asOf, registeredOn) < 0) {
    throw new RuleInputError('out_of_range', 'registration.registeredOn', '登记日期晚于评估日期', 'registeredOn is after asOf');
  }
  const t = pack.params.tiers;
  const shortEnd = addCalendarMonths(registeredOn, t.shortMaxMonths.value);
  const mediumEnd = addCalendarMonths(registeredOn, t.mediumMaxMonths.value);
  const months = wholeMonthsBetween(registeredOn, asOf);
  let code: Tier;
  let since: CivilDate;
  let next: CivilDate | null;
  if (compareDates(asOf, shortEnd) <= 0) {
    code = 'short';
    since = registeredOn;
    next = addDays(shortEnd, 1);
  } else if (compareDates(asOf, mediumEnd) <= 0) {
    code = 'medium';
    since = addDays(shortEnd, 1);
    next = addDays(mediumEnd, 1);
  } else {
    code = 'long';
    since = addDays(mediumEnd, 1);
    next = null;
  }
  const names = { short: ['短期失业', 'short-term'], medium: ['中短期失业', 'medium-short-term'], long: ['长期失业', 'long-term'] } as const;
  const param = code === 'short' ? t.shortMaxMonths : t.mediumMaxMonths;
  return {
    code,
    months,
    since: formatIsoDate(since),
    nextChange: next ? formatIsoDate(next) : null,
    explanations: [
      explain(
        pack,
        'tier.by-duration',
        code === 'short' ? 'tiers.shortMaxMonths' : 'tiers.mediumMaxMonths',
        param,
        `自 ${formatIsoDate(registeredOn)} 登记失业，至 ${formatIsoDate(asOf)} 满 ${months} 个整月：${t.shortMaxMonths.value} 个月及以内为短期，${t.shortMaxMonths.value}–${t.mediumMaxMonths.value} 个月（含）为中短期，以上为长期，故为${names[code][0]}`,
        `registered ${formatIsoDate(registeredOn)}, ${months} whole months by ${formatIsoDate(asOf)}: ≤ ${t.shortMaxMonths.value} short, ≤ ${t.mediumMaxMonths.value} medium, above long → ${names[code][1]}`,
        { registeredOn: formatIsoDate(registeredOn), asOf: formatIsoDate(asOf), months, shortEnds: formatIsoDate(shortEnd), mediumEnds: formatIsoDate(mediumEnd) },
      ),
    ],
  };
}

export interface LevelDecision {
  code: Level;
  /** Level 1 start deadline: the n-th working day after registration; null when the calendar does not cover it. */
  deadline: IsoDate | null;
  missingFacts: string[];
  warnings: string[];
  explanations: Explanation[];
}

export function evaluateLevel(
  input: { marks: ReadonlySet<Mark> | undefined; registeredOn: CivilDate },
  pack: ResolvedPack,
  calendar: WorkCalendar,
): LevelDecision {
  const p = pack.params.serviceLevels;
  const recognised = input.marks?.has('difficulty') ?? false;
  const code: Level = recognised ? 'level2' : 'level1';
  const missingFacts = input.marks === undefined ? ['person.marks'] : [];
  const warnings: string[] = [];
  let deadline: IsoDate | null = null;
  const n = p.level1DeadlineWorkingDays.value;
  try {
    deadline = formatIsoDate(calendar.addWorkingDays(input.registeredOn, n, 'registration.registeredOn'));
  } catch (e) {
    if (!(e instanceof RuleInputError && e.code === 'calendar_unknown')) throw e;
    warnings.push(e.messageEn);
  }
  const reg = formatIsoDate(input.registeredOn);
  const explanations = [
    explain(
      pack,
      'level.level1',
      'serviceLevels.level1DeadlineWorkingDays',
      p.level1DeadlineWorkingDays,
      `所有登记失业人员在登记后 ${n} 个工作日内获得Ⅰ级帮扶（基本服务）：${reg} 登记，期限 ${deadline ?? '工作日历未覆盖，无法计算'}`,
      `every registrant gets level-1 help within ${n} working days: registered ${reg}, deadline ${deadline ?? 'not computable (calendar does not cover it)'}`,
      { registeredOn: reg, workingDays: n, deadline, calendar: calendar.id },
    ),
  ];
  explanations.push(
    explain(
      pack,
      'level.level2',
      'serviceLevels.level2Condition',
      p.level2Condition,
      recognised
        ? '已认定为就业困难人员，实施Ⅱ级帮扶（在Ⅰ级基础上“一人一策”）'
        : input.marks === undefined
          ? '未提供人员标注（marks），无法确认是否已认定为就业困难人员，按Ⅰ级帮扶'
          : '未认定为就业困难人员，Ⅰ级帮扶',
      recognised
        ? 'recognised difficulty person: level 2 (a personal plan on top of level 1)'
        : input.marks === undefined
          ? 'no marks given, so recognition as a difficulty person cannot be confirmed: level 1'
          : 'not a recognised difficulty person: level 1',
      { recognisedDifficulty: recognised },
    ),
  );
  return { code, deadline, missingFacts, warnings, explanations };
}
