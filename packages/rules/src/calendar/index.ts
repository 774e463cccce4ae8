/**
 * # Working-day calendar (工作日历)
 *
 * Deadlines in the seeds and ministry rules are counted in working days (工作日), e.g. "decide within 3 working
 * days" (人社厅发〔2020〕79号) or "Level I assistance within 5 working days of registration" (XC23 三(一)).
 *
 * Semantics (RULES.md "Working days"):
 * - A working day is Monday–Friday that is not a public holiday (法定节假日放假), or an adjusted working day
 *   (调休上班, a weekend day made a working day by the State Council schedule).
 * - "within n working days after d" (d 之后 n 个工作日内) ends on the n-th working day strictly after d; the start
 *   day itself never counts, whether or not it is a working day. `addWorkingDays(d, 0)` is d itself.
 * - `workingDaysBetween(from, to)` counts working days in the half-open interval (from, to]; it is negative
 *   when `to` is before `from`, so `workingDaysBetween(d, addWorkingDays(d, n)) === n` always holds.
 * - The calendar is data: the State Council schedule (国务院办公厅关于部分节假日安排的通知) for 2004–2026 comes
 *   from the npm package `chinese-days`, and an operator override table extends or corrects it (e.g. when the
 *   next year's schedule is published in November). A date outside the known range is an explicit
 *   `RuleInputError('calendar_unknown', field, …)`, never a silent weekday-only guess.
 *
 * Performance: the constructor precomputes, per epoch day in the known range, a day-kind byte, a prefix count of
 * working days and the ordered list of working days, so every query is O(1) after an epoch-day conversion.
 * The `*Epoch` methods skip even that conversion for batch callers.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import chineseDaysPackage from 'chinese-days/package.json' with { type: 'json' };
import { formatIsoDate, fromEpochDay, parseIsoDate, toEpochDay, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';

export interface CalendarData {
  /** Stable id, recorded in explanations, e.g. `cn-state-council`. */
  id: string;
  /** Human citation of where the schedule comes from. */
  source: string;
  /** First and last day (inclusive) for which the schedule is known. */
  knownFrom: IsoDate;
  knownTo: IsoDate;
  /** Days off by the schedule (may include weekend days inside a holiday block). */
  holidays: readonly IsoDate[];
  /** Weekend days that are working days by the schedule (调休上班). */
  adjustedWorkdays: readonly IsoDate[];
  /** Optional names of holidays / adjusted days (e.g. 春节), used only in explanations. */
  names?: Readonly<Record<IsoDate, string>>;
}

export interface CalendarOverride {
  date: IsoDate;
  /** `holiday`: a day off even if Monday–Friday; `workday`: a working day even if weekend or listed as holiday. */
  kind: 'holiday' | 'workday';
  note?: string;
}

export interface WorkCalendarOptions {
  /**
   * Explicit end of the known range. Without it, overrides dated after `data.knownTo` extend the known range to
   * 31 December of the latest override's year, because the State Council publishes whole-year schedules: an
   * operator entering a 2027 schedule makes all of 2027 known.
   */
  knownTo?: IsoDate;
  /** Explicit start of the known range (default: `data.knownFrom`, or 1 January of an earlier override's year). */
  knownFrom?: IsoDate;
}

/** Day kinds stored in the per-day table. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';
const KIND_WORKDAY = 0;
const KIND_WEEKEND = 1;
const KIND_HOLIDAY = 2;
const KIND_ADJUSTED = 3;
const KIND_NAMES: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'adjusted_workday'];

/** Upper bound on the table size (about 300 years), so a typo such as 20250 fails loudly instead of allocating. */
const MAX_RANGE_DAYS = 110_000;

let stateCouncilCache: CalendarData | undefined;

/**
 * The State Council holiday schedules 2004–2026 as shipped by `chinese-days` (a JSON data import, not IO).
 * Tests cross-check 2025 and 2026 against the schedules written out in RULES.md.
 */
export function chinaStateCouncilCalendar(): CalendarData {
  if (stateCouncilCache) return stateCouncilCache;
  const holidays = Object.keys(chineseDays.holidays).sort();
  const adjustedWorkdays = Object.keys(chineseDays.workdays).sort();
  const names: Record<IsoDate, string> = {};
  const source: Record<string, string> = { ...chineseDays.holidays, ...chineseDays.workdays };
  for (const [date, label] of Object.entries(source)) {
    // Labels look like "Spring Festival,春节,4": English name, Chinese name, day count.
    const zh = label.split(',')[1];
    if (zh) names[date] = zh;
  }
  const years = [...holidays, ...adjustedWorkdays].map((d) => Number(d.slice(0, 4)));
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  stateCouncilCache = Object.freeze({
    id: 'cn-state-council',
    source: `国务院办公厅关于部分节假日安排的通知 ${firstYear}–${lastYear} (npm chinese-days ${chineseDaysPackage.version})`,
    knownFrom: `${firstYear}-01-01`,
    knownTo: `${lastYear}-12-31`,
    holidays: Object.freeze(holidays),
    adjustedWorkdays: Object.freeze(adjustedWorkdays),
    names: Object.freeze(names),
  });
  return stateCouncilCache;
}

export interface WorkingDaysExplainOptions {
  /** Rule id for the explanation (default `calendar.working-days`). */
  rule?: string;
  /** Citation of the deadline itself, e.g. `XC23 三(一)`; the calendar source is appended. */
  source?: string;
  /** Input field name for errors. */
  field?: string;
}

export interface WorkingDayDeadline {
  date: CivilDate;
  iso: IsoDate;
  explanation: Explanation;
}

export class WorkCalendar {
  readonly id: string;
  readonly source: string;
  readonly knownFrom: IsoDate;
  readonly knownTo: IsoDate;
  /** Epoch days of the first and last known day. */
  readonly firstEpoch: number;
  readonly lastEpoch: number;
  private readonly kinds: Uint8Array;
  /** prefix[i] = number of working days among table indices < i (length = days + 1). */
  private readonly prefix: Int32Array;
  /** Table indices of the working days, ascending. */
  private readonly workIndex: Int32Array;
  private readonly names: ReadonlyMap<number, string>;
  private readonly overrideNotes: ReadonlyMap<number, string>;
  readonly overrideCount: number;

  constructor(data: CalendarData, overrides: readonly CalendarOverride[] = [], options: WorkCalendarOptions = {}) {
    const dataFirst = toEpochDay(parseIsoDate(data.knownFrom, 'calendar.knownFrom'));
    const dataLast = toEpochDay(parseIsoDate(data.knownTo, 'calendar.knownTo'));
    let first = dataFirst;
    let last = dataLast;
    if (dataLast < dataFirst) {
      throw new RuleInputError(
        'invalid_value',
        'calendar.knownTo',
        `日历截止日 ${data.knownTo} 早于起始日 ${data.knownFrom}`,
        `calendar knownTo ${data.knownTo} is before knownFrom ${data.knownFrom}`,
      );
    }

    // Parse overrides first: they may widen the known range.
    const parsedOverrides: { epoch: number; kind: 'holiday' | 'workday'; note?: string }[] = [];
    const seen = new Map<number, 'holiday' | 'workday'>();
    overrides.forEach((o, i) => {
      const field = `calendarOverrides[${i}]`;
      const date = parseIsoDate(o.date, `${field}.date`);
      if (o.kind !== 'holiday' && o.kind !== 'workday') {
        throw new RuleInputError(
          'invalid_value',
          `${field}.kind`,
          `调整类型“${String(o.kind)}”无效，应为 holiday 或 workday`,
          `override kind "${String(o.kind)}" is invalid; expected holiday or workday`,
        );
      }
      const epoch = toEpochDay(date);
      const previous = seen.get(epoch);
      if (previous !== undefined && previous !== o.kind) {
        throw new RuleInputError(
          'invalid_value',
          `${field}.date`,
          `日期 ${o.date} 在调整表中既是节假日又是工作日`,
          `date ${o.date} is listed as both holiday and workday in the override table`,
        );
      }
      seen.set(epoch, o.kind);
      parsedOverrides.push(o.note === undefined ? { epoch, kind: o.kind } : { epoch, kind: o.kind, note: o.note });
    });
    for (const o of parsedOverrides) {
      if (o.epoch > last) last = toEpochDay({ year: fromEpochDay(o.epoch).year, month: 12, day: 31 });
      if (o.epoch < first) first = toEpochDay({ year: fromEpochDay(o.epoch).year, month: 1, day: 1 });
    }
    if (options.knownTo !== undefined) {
      const explicit = toEpochDay(parseIsoDate(options.knownTo, 'calendarOptions.knownTo'));
      if (parsedOverrides.some((o) => o.epoch > explicit)) {
        throw new RuleInputError(
          'invalid_value',
          'calendarOptions.knownTo',
          `日历截止日 ${options.knownTo} 早于调整表中的日期`,
          `knownTo ${options.knownTo} is before a date in the override table`,
        );
      }
      last = Math.max(last, explicit);
    }
    if (options.knownFrom !== undefined) {
      const explicit = toEpochDay(parseIsoDate(options.knownFrom, 'calendarOptions.knownFrom'));
      if (parsedOverrides.some((o) => o.epoch < explicit)) {
        throw new RuleInputError(
          'invalid_value',
          'calendarOptions.knownFrom',
          `日历起始日 ${options.knownFrom} 晚于调整表中的日期`,
          `knownFrom ${options.knownFrom} is after a date in the override table`,
        );
      }
      first = Math.min(first, explicit);
    }
    const size = last - first + 1;
    if (size > MAX_RANGE_DAYS) {
      throw new RuleInputError(
        'out_of_range',
        'calendar.knownTo',
        `日历范围过大（${size} 天）`,
        `calendar range is implausibly large (${size} days)`,
      );
    }

    this.id = data.id;
    this.firstEpoch = first;
    this.lastEpoch = last;
    this.knownFrom = formatIsoDate(fromEpochDay(first));
    this.knownTo = formatIsoDate(fromEpochDay(last));
    this.overrideCount = parsedOverrides.length;
    this.source = parsedOverrides.length > 0 ? `${data.source}; 经办机构日历调整表 ${parsedOverrides.length} 条 (operator overrides)` : data.source;

    // Weekday pattern first, then the schedule, then the operator table (later layers win).
    const kinds = new Uint8Array(size);
    // 1970-01-01 (epoch 0) was a Thursday; ISO weekday = ((e + 3) mod 7) + 1.
    for (let i = 0; i < size; i++) {
      const wd = ((((first + i + 3) % 7) + 7) % 7) + 1;
      kinds[i] = wd >= 6 ? KIND_WEEKEND : KIND_WORKDAY;
    }
    const inData = (e: number, field: string, iso: IsoDate): void => {
      if (e < dataFirst || e > dataLast) {
        throw new RuleInputError(
          'invalid_value',
          field,
          `日期 ${iso} 不在日历声明的范围 ${data.knownFrom}–${data.knownTo} 内`,
          `date ${iso} is outside the calendar's declared range ${data.knownFrom}–${data.knownTo}`,
        );
      }
    };
    const dataHolidays = new Set<number>();
    data.holidays.forEach((iso, i) => {
      const e = toEpochDay(parseIsoDate(iso, `calendar.holidays[${i}]`));
      inData(e, `calendar.holidays[${i}]`, iso);
      dataHolidays.add(e);
      kinds[e - first] = KIND_HOLIDAY;
    });
    data.adjustedWorkdays.forEach((iso, i) => {
      const e = toEpochDay(parseIsoDate(iso, `calendar.adjustedWorkdays[${i}]`));
      inData(e, `calendar.adjustedWorkdays[${i}]`, iso);
      if (dataHolidays.has(e)) {
        throw new RuleInputError(
          'invalid_value',
          `calendar.adjustedWorkdays[${i}]`,
          `日期 ${iso} 在日历中既是节假日又是调休工作日`,
          `date ${iso} is both a holiday and an adjusted workday in the calendar data`,
        );
      }
      kinds[e - first] = KIND_ADJUSTED;
    });
    const notes = new Map<number, string>();
    for (const o of parsedOverrides) {
      const i = o.epoch - first;
      if (o.kind === 'holiday') {
        kinds[i] = KIND_HOLIDAY;
      } else {
        const wd = ((((o.epoch + 3) % 7) + 7) % 7) + 1;
        kinds[i] = wd >= 6 ? KIND_ADJUSTED : KIND_WORKDAY;
      }
      notes.set(o.epoch, o.note ?? `operator override: ${o.kind}`);
    }
    this.kinds = kinds;
    this.overrideNotes = notes;

    const prefix = new Int32Array(size + 1);
    let count = 0;
    for (let i = 0; i < size; i++) {
      prefix[i] = count;
      const k = kinds[i];
      if (k === KIND_WORKDAY || k === KIND_ADJUSTED) count++;
    }
    prefix[size] = count;
    const workIndex = new Int32Array(count);
    let w = 0;
    for (let i = 0; i < size; i++) {
      const k = kinds[i];
      if (k === KIND_WORKDAY || k === KIND_ADJUSTED) workIndex[w++] = i;
    }
    this.prefix = prefix;
    this.workIndex = workIndex;

    const names = new Map<number, string>();
    if (data.names) {
      for (const [iso, name] of Object.entries(data.names)) {
        names.set(toEpochDay(parseIsoDate(iso, `calendar.names.${iso}`)), name);
      }
    }
    this.names = names;
  }

  private unknown(epoch: number, field: string): RuleInputError {
    const iso = formatIsoDate(fromEpochDay(epoch));
    return new RuleInputError(
      'calendar_unknown',
      field,
      `日期 ${iso} 超出已知节假日安排（${this.knownFrom} 至 ${this.knownTo}），无法计算工作日；请在日历调整表中补充该年度安排`,
      `date ${iso} is outside the known holiday schedule (${this.knownFrom} to ${this.knownTo}); working days cannot be computed until that year's schedule is added to the calendar override table`,
    );
  }

  private index(epoch: number, field: string): number {
    if (epoch < this.firstEpoch || epoch > this.lastEpoch) throw this.unknown(epoch, field);
    return epoch - this.firstEpoch;
  }

  covers(d: CivilDate): boolean {
    const e = toEpochDay(d);
    return e >= this.firstEpoch && e <= this.lastEpoch;
  }

  coversEpoch(epoch: number): boolean {
    return epoch >= this.firstEpoch && epoch <= this.lastEpoch;
  }

  dayKind(d: CivilDate, field = 'date'): DayKind {
    const k = this.kinds[this.index(toEpochDay(d), field)];
    return KIND_NAMES[k ?? KIND_WORKDAY] ?? 'workday';
  }

  isWorkingDay(d: CivilDate, field = 'date'): boolean {
    return this.isWorkingEpochDay(toEpochDay(d), field);
  }

  isWorkingEpochDay(epoch: number, field = 'date'): boolean {
    const k = this.kinds[this.index(epoch, field)];
    return k === KIND_WORKDAY || k === KIND_ADJUSTED;
  }

  /** The n-th working day strictly after `d` (n ≥ 0; n = 0 gives `d`). */
  addWorkingDays(d: CivilDate, n: number, field = 'date'): CivilDate {
    return fromEpochDay(this.addWorkingDaysEpoch(toEpochDay(d), n, field));
  }

  addWorkingDaysEpoch(epoch: number, n: number, field = 'date'): number {
    if (!Number.isInteger(n) || n < 0) {
      throw new RuleInputError(
        'invalid_value',
        `${field}.workingDays`,
        `工作日数必须是非负整数，实为 ${String(n)}`,
        `number of working days must be a non-negative integer, got ${String(n)}`,
      );
    }
    const i = this.index(epoch, field);
    if (n === 0) return epoch;
    // prefix[i + 1] working days lie at or before d; the n-th after d is the (prefix[i+1] + n)-th overall.
    const target = (this.prefix[i + 1] ?? 0) + n - 1;
    const j = this.workIndex[target];
    if (j === undefined) {
      // Every known day is used up: the deadline falls beyond knownTo.
      throw this.unknown(this.lastEpoch + 1, field);
    }
    return this.firstEpoch + j;
  }

  /** Working days in (from, to]; negative (−count of (to, from]) when `to` is before `from`. */
  workingDaysBetween(from: CivilDate, to: CivilDate, field = 'date'): number {
    return this.workingDaysBetweenEpoch(toEpochDay(from), toEpochDay(to), field);
  }

  workingDaysBetweenEpoch(from: number, to: number, field = 'date'): number {
    const a = this.index(from, field);
    const b = this.index(to, field);
    return (this.prefix[b + 1] ?? 0) - (this.prefix[a + 1] ?? 0);
  }

  /**
   * Deadline "within n working days after d", with its explanation.
   */
  deadline(d: CivilDate, n: number, options: WorkingDaysExplainOptions = {}): WorkingDayDeadline {
    const date = this.addWorkingDays(d, n, options.field ?? 'date');
    return { date, iso: formatIsoDate(date), explanation: this.explain(d, n, options) };
  }

  /**
   * Explains the n-th working day after `d`: the calendar source, the deadline, and every day skipped
   * (holidays by name, weekends as a count) or worked by adjustment (调休), for deadline explanations.
   */
  explain(d: CivilDate, n: number, options: WorkingDaysExplainOptions = {}): Explanation {
    const field = options.field ?? 'date';
    const start = toEpochDay(d);
    const end = this.addWorkingDaysEpoch(start, n, field);
    const holidays: string[] = [];
    const adjusted: string[] = [];
    const overridden: string[] = [];
    let weekends = 0;
    for (let e = start + 1; e <= end; e++) {
      const k = this.kinds[e - this.firstEpoch];
      const iso = formatIsoDate(fromEpochDay(e));
      const name = this.names.get(e);
      if (k === KIND_HOLIDAY) holidays.push(name ? `${iso}(${name})` : iso);
      else if (k === KIND_WEEKEND) weekends++;
      else if (k === KIND_ADJUSTED) adjusted.push(name ? `${iso}(${name}调休)` : iso);
      const note = this.overrideNotes.get(e);
      if (note !== undefined) overridden.push(`${iso}: ${note}`);
    }
    const startIso = formatIsoDate(d);
    const endIso = formatIsoDate(fromEpochDay(end));
    const skippedZh = [
      weekends > 0 ? `跳过周末 ${weekends} 天` : '',
      holidays.length > 0 ? `跳过节假日 ${holidays.join('、')}` : '',
      adjusted.length > 0 ? `调休上班 ${adjusted.join('、')} 计为工作日` : '',
    ].filter(Boolean);
    const skippedEn = [
      weekends > 0 ? `skipping ${weekends} weekend day(s)` : '',
      holidays.length > 0 ? `skipping holidays ${holidays.join(', ')}` : '',
      adjusted.length > 0 ? `counting adjusted workdays ${adjusted.join(', ')}` : '',
    ].filter(Boolean);
    return {
      rule: options.rule ?? 'calendar.working-days',
      source: options.source ? `${options.source}; ${this.source}` : this.source,
      text:
        `${startIso} 之后第 ${n} 个工作日为 ${endIso}` + (skippedZh.length > 0 ? `（${skippedZh.join('；')}）` : '') + '。',
      textEn:
        `The ${ordinal(n)} working day after ${startIso} is ${endIso}` +
        (skippedEn.length > 0 ? ` (${skippedEn.join('; ')})` : '') +
        '.',
      numbers: {
        calendar: this.id,
        from: startIso,
        workingDays: n,
        deadline: endIso,
        calendarDays: end - start,
        weekendDaysSkipped: weekends,
        holidaysSkipped: holidays.join(',') || null,
        adjustedWorkdaysCounted: adjusted.join(',') || null,
        overridesApplied: overridden.join('; ') || null,
      },
    };
  }
}

function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
