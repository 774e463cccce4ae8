/**
 * # Working age and statutory retirement (劳动年龄与法定退休年龄)
 *
 * Unemployment registration is open from 16 full years (年满16周岁, inclusive) until the person draws the basic
 * pension (依法享受基本养老保险待遇) — NM24 一(一), 人社厅发〔2020〕3号. The system cannot know when a pension starts,
 * but it can compute the statutory retirement date; a recorded pension start overrides it.
 *
 * Statutory retirement follows 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13, effective 2025-01-01)
 * and the tables attached to it (对照表). Over 15 years: men 60 → 63, women with original age 55 (e.g. cadres,
 * 原法定退休年龄五十五周岁) → 58, one month later every 4 months; women with original age 50 (workers,
 * 原法定退休年龄五十周岁) → 55, one month later every 2 months. Algorithm (RULES.md, checked against the table rows):
 *
 * ```
 * male: B=60, k=4, C=36    female55: B=55, k=4, C=36    female50: B=50, k=2, C=60
 * O = (birthYear + B) * 12 + (birthMonth − 1)     original retirement month index
 * n = O − 2025 * 12 + 1                            January 2025 gives n = 1
 * D = n ≤ 0 ? 0 : min(ceil(n / k), C)              months of delay
 * statutory age = B years + D months; retirement month = O + D
 * ```
 *
 * The retirement date is the birth date plus (B years + D months), clamped at the month end (born 31 August,
 * retiring in a February → 28/29 February). Statutory retirement is "reached" on that date.
 *
 * Which women are "original 50" and which "original 55" is a recorded fact of the person. When it is not
 * recorded, both candidates are reported and the assessment says it cannot decide (`'unknown'`) wherever the
 * two disagree — never a silent guess.
 */
import {
  addCalendarMonths,
  ageOn,
  formatIsoDate,
  isValidCivilDate,
  parseIsoDate,
  toEpochDay,
  wholeMonthsBetween,
  type CivilDate,
  type IsoDate,
} from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';

export type RetirementCategory = 'male' | 'female55' | 'female50';

export const RETIREMENT_CATEGORIES: readonly RetirementCategory[] = ['male', 'female55', 'female50'];

export const RETIREMENT_DECISION = '全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13)';

export interface RetirementSchedule {
  /** Original statutory age in years (B). */
  readonly baseAge: number;
  /** One month of delay every k months of original retirement month, from January 2025 (k). */
  readonly everyMonths: number;
  /** Maximum delay in months (C). */
  readonly capMonths: number;
  /** The attached table for this group. */
  readonly table: string;
  readonly labelZh: string;
  readonly labelEn: string;
}

export const RETIREMENT_SCHEDULES: Readonly<Record<RetirementCategory, RetirementSchedule>> = {
  male: {
    baseAge: 60,
    everyMonths: 4,
    capMonths: 36,
    table: '附件 对照表1 男职工延迟法定退休年龄对照表',
    labelZh: '男职工',
    labelEn: 'man',
  },
  female55: {
    baseAge: 55,
    everyMonths: 4,
    capMonths: 36,
    table: '附件 对照表2 原法定退休年龄为五十五周岁的女职工',
    labelZh: '原法定退休年龄55周岁的女职工',
    labelEn: 'woman with original retirement age 55',
  },
  female50: {
    baseAge: 50,
    everyMonths: 2,
    capMonths: 60,
    table: '附件 对照表3 原法定退休年龄为五十周岁的女职工',
    labelZh: '原法定退休年龄50周岁的女职工',
    labelEn: 'woman with original retirement age 50',
  },
};

/** Month index of January 2025, the first month with a delay. */
const REFORM_START_INDEX = 2025 * 12;

/** Working age lower bound: 16 full years, inclusive (NM24 一(一) 年满16周岁（含）). */
export const WORKING_AGE_MIN_YEARS = 16;

/** Ages beyond this are treated as a data-entry error, not a person. */
export const MAX_PLAUSIBLE_AGE_YEARS = 120;

export interface YearsMonths {
  years: number;
  months: number;
}

export interface StatutoryRetirement {
  category: RetirementCategory;
  baseAge: number;
  delayMonths: number;
  age: YearsMonths;
  month: { year: number; month: number };
  date: IsoDate;
  explanation: Explanation;
}

export interface RetirementAssessment {
  ageOnAsOf: YearsMonths;
  category: RetirementCategory | 'unknown_female';
  /** When the category is known (men are always `male`). */
  statutory?: StatutoryRetirement;
  /** Woman without a recorded category: female50 and female55, both reported, never guessed. */
  candidates?: [StatutoryRetirement, StatutoryRetirement];
  /** A recorded pension start overrides the computed date. */
  pensionSince?: IsoDate;
  /** Statutory retirement reached (or pension drawn) on asOf; `'unknown'` when the candidates disagree. */
  reachedOnAsOf: boolean | 'unknown';
  /** From asOf to the statutory date, in whole months (0 once passed); for "within 5 years of retirement". */
  yearsToRetirement?: YearsMonths;
  /** Same as `yearsToRetirement` for each candidate, in the order of `candidates`. */
  candidateYearsToRetirement?: [YearsMonths, YearsMonths];
  explanations: Explanation[];
}

function toCivil(value: IsoDate | CivilDate, field: string): CivilDate {
  if (typeof value === 'string') return parseIsoDate(value, field);
  if (value && typeof value === 'object' && isValidCivilDate(value.year, value.month, value.day)) {
    return { year: value.year, month: value.month, day: value.day };
  }
  throw new RuleInputError('invalid_date', field, '日期不存在或格式无效', 'date does not exist or is malformed');
}

function checkCategory(category: unknown, field: string): RetirementCategory {
  if (typeof category === 'string' && (RETIREMENT_CATEGORIES as readonly string[]).includes(category)) {
    return category as RetirementCategory;
  }
  throw new RuleInputError(
    'invalid_value',
    field,
    `退休类别“${String(category)}”无效，应为 male、female55 或 female50`,
    `retirement category "${String(category)}" is not one of male, female55, female50`,
  );
}

function ym(totalMonths: number): YearsMonths {
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12 };
}

function ageZh(a: YearsMonths): string {
  return a.months === 0 ? `${a.years}周岁` : `${a.years}岁${a.months}个月`;
}

function ageEn(a: YearsMonths): string {
  return a.months === 0 ? `${a.years}` : `${a.years} years ${a.months} months`;
}

/** Statutory retirement age and date for a birth date and category (2025 gradual reform). */
export function statutoryRetirement(birthDate: IsoDate | CivilDate, category: RetirementCategory): StatutoryRetirement {
  const birth = toCivil(birthDate, 'birthDate');
  const cat = checkCategory(category, 'retirementCategory');
  const s = RETIREMENT_SCHEDULES[cat];
  const original = (birth.year + s.baseAge) * 12 + (birth.month - 1); // O
  const n = original - REFORM_START_INDEX + 1;
  const delay = n <= 0 ? 0 : Math.min(Math.ceil(n / s.everyMonths), s.capMonths); // D
  const index = original + delay;
  const month = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  const date = formatIsoDate(addCalendarMonths(birth, s.baseAge * 12 + delay));
  const age = ym(s.baseAge * 12 + delay);
  const monthText = `${month.year}-${String(month.month).padStart(2, '0')}`;
  const born = `${birth.year}-${String(birth.month).padStart(2, '0')}`;
  const capped = n > 0 && delay === s.capMonths;
  const ruleZh =
    n <= 0
      ? `原退休月份早于2025年1月，不延迟`
      : `自2025年1月起每${s.everyMonths}个月延迟1个月，原退休月份为第${n}个月，延迟${delay}个月${capped ? `（已达上限${s.capMonths}个月）` : ''}`;
  const ruleEn =
    n <= 0
      ? 'the original retirement month is before January 2025, so there is no delay'
      : `one month of delay per ${s.everyMonths} months from January 2025; the original retirement month is month ${n}, giving ${delay} months${capped ? ` (the cap of ${s.capMonths})` : ''}`;
  return {
    category: cat,
    baseAge: s.baseAge,
    delayMonths: delay,
    age,
    month,
    date,
    explanation: {
      rule: 'retirement.statutory-age',
      source: `${RETIREMENT_DECISION} ${s.table}`,
      text: `${s.labelZh}，${born}出生，原法定退休年龄${s.baseAge}周岁；${ruleZh}；法定退休年龄${ageZh(age)}，${monthText}退休（${date}）。`,
      textEn: `A ${s.labelEn} born ${born} had an original retirement age of ${s.baseAge}; ${ruleEn}; statutory retirement age ${ageEn(age)}, retiring in ${monthText} (${date}).`,
      numbers: {
        category: cat,
        birthMonth: born,
        baseAge: s.baseAge,
        everyMonths: s.everyMonths,
        capMonths: s.capMonths,
        originalMonthIndex: original,
        monthsSinceReform: n,
        delayMonths: delay,
        retirementMonth: monthText,
        retirementDate: date,
      },
    },
  };
}

/** Whole years and months from `asOf` until `date` (zero once the date has passed). */
export function timeUntil(date: IsoDate | CivilDate, asOf: IsoDate | CivilDate): YearsMonths {
  return ym(wholeMonthsBetween(toCivil(asOf, 'asOf'), toCivil(date, 'date')));
}

export interface RetirementInput {
  sex: 'male' | 'female';
  birthDate: IsoDate;
  retirementCategory?: RetirementCategory;
  pensionSince?: IsoDate;
}

/**
 * Retirement status of a person on `asOf`: statutory age and date (or both candidates for a woman whose
 * category is not recorded), whether retirement is reached, and the time left.
 */
export function assessRetirement(input: RetirementInput, asOf: IsoDate): RetirementAssessment {
  const asOfDate = parseIsoDate(asOf, 'asOf');
  const birth = parseIsoDate(input.birthDate, 'birthDate');
  if (input.sex !== 'male' && input.sex !== 'female') {
    throw new RuleInputError(
      'invalid_value',
      'sex',
      `性别“${String(input.sex)}”无效，应为 male 或 female`,
      `sex "${String(input.sex)}" is not male or female`,
    );
  }
  if (toEpochDay(birth) > toEpochDay(asOfDate)) {
    throw new RuleInputError(
      'out_of_range',
      'birthDate',
      `出生日期 ${input.birthDate} 晚于基准日 ${asOf}`,
      `birth date ${input.birthDate} is after the reference date ${asOf}`,
    );
  }
  const age = ageOn(birth, asOfDate);
  if (age.years > MAX_PLAUSIBLE_AGE_YEARS) {
    throw new RuleInputError(
      'out_of_range',
      'birthDate',
      `按出生日期 ${input.birthDate} 计算，${asOf} 时年龄为 ${age.years} 岁，超过 ${MAX_PLAUSIBLE_AGE_YEARS} 岁，请核对`,
      `birth date ${input.birthDate} gives an age of ${age.years} on ${asOf}, above ${MAX_PLAUSIBLE_AGE_YEARS}; please check it`,
    );
  }
  let category: RetirementCategory | undefined;
  if (input.retirementCategory !== undefined && input.retirementCategory !== null) {
    category = checkCategory(input.retirementCategory, 'retirementCategory');
    const fits = input.sex === 'male' ? category === 'male' : category !== 'male';
    if (!fits) {
      throw new RuleInputError(
        'invalid_value',
        'retirementCategory',
        `退休类别 ${category} 与性别 ${input.sex} 不符`,
        `retirement category ${category} does not match sex ${input.sex}`,
      );
    }
  } else if (input.sex === 'male') {
    category = 'male';
  }
  let pension: CivilDate | undefined;
  if (input.pensionSince !== undefined && input.pensionSince !== null) {
    pension = parseIsoDate(input.pensionSince, 'pensionSince');
    if (toEpochDay(pension) < toEpochDay(birth)) {
      throw new RuleInputError(
        'out_of_range',
        'pensionSince',
        `养老金领取起始日 ${input.pensionSince} 早于出生日期 ${input.birthDate}`,
        `pension start ${input.pensionSince} is before the birth date ${input.birthDate}`,
      );
    }
  }

  const asOfEpoch = toEpochDay(asOfDate);
  const reached = (s: StatutoryRetirement): boolean => toEpochDay(parseIsoDate(s.date, 'date')) <= asOfEpoch;
  const explanations: Explanation[] = [];
  const result: RetirementAssessment = {
    ageOnAsOf: age,
    category: category ?? 'unknown_female',
    reachedOnAsOf: false,
    explanations,
  };

  let statutoryReached: boolean | 'unknown';
  if (category) {
    const s = statutoryRetirement(birth, category);
    result.statutory = s;
    result.yearsToRetirement = timeUntil(s.date, asOfDate);
    explanations.push(s.explanation);
    statutoryReached = reached(s);
  } else {
    const c50 = statutoryRetirement(birth, 'female50');
    const c55 = statutoryRetirement(birth, 'female55');
    result.candidates = [c50, c55];
    result.candidateYearsToRetirement = [timeUntil(c50.date, asOfDate), timeUntil(c55.date, asOfDate)];
    const r50 = reached(c50);
    const r55 = reached(c55);
    statutoryReached = r50 === r55 ? r50 : 'unknown';
    explanations.push({
      rule: 'retirement.category-unknown',
      source: `${RETIREMENT_DECISION}; RULES.md Working age and statutory retirement`,
      text: `未记录该女性的原法定退休年龄（50周岁或55周岁），两种情形均列出：原50周岁时${c50.date}退休（${ageZh(c50.age)}），原55周岁时${c55.date}退休（${ageZh(c55.age)}）${statutoryReached === 'unknown' ? `；${asOf}是否已达法定退休年龄无法确定，请补录退休类别` : ''}。`,
      textEn: `The woman's original retirement age (50 or 55) is not recorded, so both are reported: ${c50.date} (${ageEn(c50.age)}) if 50, ${c55.date} (${ageEn(c55.age)}) if 55${statutoryReached === 'unknown' ? `; whether retirement is reached on ${asOf} cannot be decided until the category is recorded` : ''}.`,
      numbers: { female50Date: c50.date, female55Date: c55.date, reachedOnAsOf: statutoryReached === 'unknown' ? null : statutoryReached },
    });
    explanations.push(c50.explanation, c55.explanation);
  }

  if (pension) {
    const pensionIso = formatIsoDate(pension);
    result.pensionSince = pensionIso;
    const drawn = toEpochDay(pension) <= asOfEpoch;
    result.reachedOnAsOf = drawn;
    explanations.push({
      rule: 'retirement.pension-recorded',
      source: '人社厅发〔2020〕3号; NM24 一(一)',
      text: `已记录自 ${pensionIso} 起领取基本养老金，以此代替计算的法定退休日期：${asOf} ${drawn ? '已' : '尚未'}领取。`,
      textEn: `A basic pension is recorded from ${pensionIso}; it overrides the computed statutory date: on ${asOf} the pension is ${drawn ? 'drawn' : 'not yet drawn'}.`,
      numbers: { pensionSince: pensionIso, asOf, drawn },
    });
  } else {
    result.reachedOnAsOf = statutoryReached;
    const dateText = result.statutory?.date;
    explanations.push({
      rule: 'retirement.reached',
      source: RETIREMENT_DECISION,
      text:
        statutoryReached === 'unknown'
          ? `${asOf} 时年龄${ageZh(age)}，是否已达法定退休年龄取决于未记录的退休类别。`
          : `${asOf} 时年龄${ageZh(age)}，${statutoryReached ? '已' : '未'}达到法定退休年龄${dateText ? `（${dateText}）` : ''}。`,
      textEn:
        statutoryReached === 'unknown'
          ? `Aged ${ageEn(age)} on ${asOf}; whether statutory retirement is reached depends on the unrecorded category.`
          : `Aged ${ageEn(age)} on ${asOf}; statutory retirement ${statutoryReached ? 'reached' : 'not reached'}${dateText ? ` (${dateText})` : ''}.`,
      numbers: {
        asOf,
        ageYears: age.years,
        ageMonths: age.months,
        reachedOnAsOf: statutoryReached === 'unknown' ? null : statutoryReached,
      },
    });
  }
  return result;
}

/**
 * Whether the person is less than `years` years from statutory retirement on the assessment date (e.g. XC23
 * 四(六) 距离法定退休年龄不足5年). `'unknown'` when the category of a woman is unrecorded and the two candidates
 * disagree. A passed date counts as within (zero time left); callers check `reachedOnAsOf` separately.
 */
export function isWithinYearsOfRetirement(a: RetirementAssessment, years: number): boolean | 'unknown' {
  if (!Number.isFinite(years) || years < 0) {
    throw new RuleInputError('invalid_value', 'years', '年数必须是非负数', 'years must be a non-negative number');
  }
  const limit = years * 12;
  const within = (t: YearsMonths): boolean => t.years * 12 + t.months < limit;
  if (a.yearsToRetirement) return within(a.yearsToRetirement);
  if (a.candidateYearsToRetirement) {
    const [x, y] = a.candidateYearsToRetirement;
    const wx = within(x);
    return wx === within(y) ? wx : 'unknown';
  }
  return 'unknown';
}

export interface WorkingAgeAssessment {
  ageOnAsOf: YearsMonths;
  /** 16 full years reached (inclusive). */
  reachedMinimum: boolean;
  retirement: RetirementAssessment;
  /** In working age for registration: at least 16 and not yet retired / drawing a pension. */
  workingAge: boolean | 'unknown';
  explanations: Explanation[];
}

/** Working age for unemployment registration: 16 (inclusive) up to drawing the pension / statutory retirement. */
export function assessWorkingAge(input: RetirementInput, asOf: IsoDate): WorkingAgeAssessment {
  const retirement = assessRetirement(input, asOf);
  const age = retirement.ageOnAsOf;
  const reachedMinimum = age.years >= WORKING_AGE_MIN_YEARS;
  const workingAge: boolean | 'unknown' = !reachedMinimum
    ? false
    : retirement.reachedOnAsOf === 'unknown'
      ? 'unknown'
      : !retirement.reachedOnAsOf;
  const minimum: Explanation = {
    rule: 'working-age.minimum',
    source: 'NM24 一(一)',
    text: `${asOf} 时年龄${ageZh(age)}，${reachedMinimum ? '已' : '未'}满${WORKING_AGE_MIN_YEARS}周岁（含）。`,
    textEn: `Aged ${ageEn(age)} on ${asOf}: ${reachedMinimum ? 'at least' : 'under'} ${WORKING_AGE_MIN_YEARS} (inclusive).`,
    numbers: { asOf, ageYears: age.years, ageMonths: age.months, minimumYears: WORKING_AGE_MIN_YEARS, reachedMinimum },
  };
  return { ageOnAsOf: age, reachedMinimum, retirement, workingAge, explanations: [minimum, ...retirement.explanations] };
}
