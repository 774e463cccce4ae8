import { RuleInputError } from './errors.ts';

/**
 * Calendar dates without time zone. Everything in the rules package works on local (Asia/Shanghai) civil
 * dates written `YYYY-MM-DD`; there is no clock here: callers pass "as of" explicitly.
 */
export type IsoDate = string;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

export function isValidCivilDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1800 &&
    year <= 2200 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses `YYYY-MM-DD`; throws a RuleInputError naming `field` for anything else (e.g. 2025-02-30). */
export function parseIsoDate(value: unknown, field: string): CivilDate {
  if (typeof value !== 'string') {
    throw new RuleInputError('invalid_date', field, '日期必须是 YYYY-MM-DD 格式的字符串', 'date must be a YYYY-MM-DD string');
  }
  const m = ISO_DATE.exec(value);
  if (!m) {
    throw new RuleInputError('invalid_date', field, `日期“${value}”不是 YYYY-MM-DD 格式`, `date "${value}" is not in YYYY-MM-DD form`);
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isValidCivilDate(year, month, day)) {
    throw new RuleInputError('invalid_date', field, `日期“${value}”不存在`, `date "${value}" does not exist`);
  }
  return { year, month, day };
}

export function formatIsoDate(d: CivilDate): IsoDate {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian), for fast comparisons and day arithmetic. */
export function toEpochDay(d: CivilDate): number {
  // Algorithm from Howard Hinnant's days_from_civil.
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(z0: number): CivilDate {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function addDays(d: CivilDate, n: number): CivilDate {
  return fromEpochDay(toEpochDay(d) + n);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: CivilDate): number {
  const wd = (((toEpochDay(d) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return wd + 1;
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Adds calendar months, clamping to the month end (CODES.md: registered 31 Jan → one month ends 28/29 Feb).
 */
export function addCalendarMonths(d: CivilDate, n: number): CivilDate {
  const index = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** Whole calendar months from `from` to `to` (0 if `to` is before one month has passed); clamped at month ends. */
export function wholeMonthsBetween(from: CivilDate, to: CivilDate): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  if (months > 0 && compareDates(addCalendarMonths(from, months), to) > 0) months -= 1;
  return Math.max(0, months);
}

/** Age in whole years and months on `asOf` for someone born on `birth`. */
export function ageOn(birth: CivilDate, asOf: CivilDate): { years: number; months: number } {
  const total = wholeMonthsBetween(birth, asOf);
  return { years: Math.floor(total / 12), months: total % 12 };
}
