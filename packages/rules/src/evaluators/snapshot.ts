/**
 * Batch fast path for the nightly job: tier + obligations + follow-up for one compact registrant snapshot, with
 * the same rules as `evaluateTier` / `evaluateObligations` / `evaluateFollowUp` (a property test checks they
 * agree) but on epoch days and small integers, reusing one result object, so 1,000,000 registrants take seconds.
 * The pack is compiled once per ResolvedPack (WeakMap); month arithmetic uses precomputed day → month tables.
 */
import { daysInMonth, fromEpochDay, parseIsoDate, toEpochDay, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { WorkCalendar } from '../calendar/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { EMPLOYMENT_STATUSES, LEVELS, SERVICE_TYPES, TIERS, type ServiceType } from '../packs/codes.ts';
import type { Interval } from '../packs/schema.ts';

/** Bits of `PersonSnapshot.flags`. */
export const SNAPSHOT_FLAGS = {
  /** Recognised employment-difficulty person (mark `difficulty`): level 2, monthly follow-up. */
  difficulty: 1,
  /** Holds a key-group mark of the pack (NM22 二), besides being registered. */
  keyGroupMark: 2,
  /** Has a training need (NM22 三(一) ≥ 3 courses). */
  trainingNeed: 4,
  /** Does not want work or has no labour capacity: not a key group for yearly minimums (NM22 三(一)). */
  notAvailable: 8,
} as const;

export interface PersonSnapshot {
  /** Registration date as an epoch day (`toEpochDay`). */
  registeredOn: number;
  /** Index into EMPLOYMENT_STATUSES (0 = unemployed). */
  status: number;
  /** SNAPSHOT_FLAGS bits. */
  flags: number;
  /** Start of current employment as an epoch day, or -1. */
  employedSince: number;
  /** Last contact (any contact or service) as an epoch day, or -1. */
  lastContact: number;
  /** Services delivered, each packed as `epochDay * 32 + serviceTypeIndex` (see `packService`). */
  services: ArrayLike<number>;
}

export interface SnapshotResult {
  /** 0 short, 1 medium, 2 long (TIERS index). */
  tier: number;
  tierSince: number;
  /** Epoch day of the next tier change, or -1. */
  tierNextChange: number;
  /** 0 level1, 1 level2 (LEVELS index). */
  level: number;
  obligationsApplicable: number;
  obligationsMet: number;
  obligationsUnmet: number;
  obligationsOverdue: number;
  /** Bit i set: compiled rule i applies and is not met (see `compiledRuleIds`). */
  unmetMask: number;
  /** Bit i set: compiled rule i is overdue. */
  overdueMask: number;
  /** 0 = no rhythm. */
  followUpIntervalMonths: number;
  /** Epoch day by which the next contact is due, or -1. */
  followUpNextDueBy: number;
  followUpOverdue: boolean;
  /** Deadlines the calendar could not compute (outside the known calendar). */
  calendarGaps: number;
}

export function packService(type: ServiceType, on: CivilDate | number): number {
  const idx = SERVICE_TYPES.indexOf(type);
  if (idx < 0) throw new RuleInputError('unknown_code', 'services.type', `未知服务类型 ${type}`, `unknown service type ${type}`);
  return (typeof on === 'number' ? on : toEpochDay(on)) * 32 + idx;
}

export function newSnapshotResult(): SnapshotResult {
  return { tier: 0, tierSince: 0, tierNextChange: -1, level: 0, obligationsApplicable: 0, obligationsMet: 0, obligationsUnmet: 0, obligationsOverdue: 0, unmetMask: 0, overdueMask: 0, followUpIntervalMonths: 0, followUpNextDueBy: -1, followUpOverdue: false, calendarGaps: 0 };
}

// ---- day/month tables ------------------------------------------------------------------------------------------
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;
const DAY0 = toEpochDay({ year: FIRST_YEAR, month: 1, day: 1 });
const MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12;
let monthOfDay: Int32Array | undefined; // day index → month index (0 = Jan 1900)
let monthStart: Int32Array | undefined; // month index → epoch day of the 1st
let monthLen: Uint8Array | undefined;

function tables(): void {
  if (monthOfDay) return;
  monthStart = new Int32Array(MONTHS + 1);
  monthLen = new Uint8Array(MONTHS);
  for (let mi = 0; mi < MONTHS; mi++) {
    const y = FIRST_YEAR + Math.floor(mi / 12);
    const m = (mi % 12) + 1;
    monthStart[mi] = toEpochDay({ year: y, month: m, day: 1 });
    monthLen[mi] = daysInMonth(y, m);
  }
  monthStart[MONTHS] = toEpochDay({ year: LAST_YEAR + 1, month: 1, day: 1 });
  monthOfDay = new Int32Array(monthStart[MONTHS]! - DAY0);
  for (let mi = 0; mi < MONTHS; mi++) monthOfDay.fill(mi, monthStart[mi]! - DAY0, monthStart[mi + 1]! - DAY0);
}

function checkDay(day: number, field: string): void {
  if (!(day >= DAY0 && day < monthStart![MONTHS]!) || !Number.isInteger(day)) {
    throw new RuleInputError('out_of_range', field, `日期（纪元日 ${day}）超出 ${FIRST_YEAR}–${LAST_YEAR} 年`, `epoch day ${day} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
  }
}

/** addCalendarMonths on epoch days (clamped to month end). */
function addMonthsDay(day: number, n: number): number {
  const mi = monthOfDay![day - DAY0]!;
  const dom = day - monthStart![mi]!;
  const t = mi + n;
  return monthStart![t]! + Math.min(dom, monthLen![t]! - 1);
}

function nextDueDay(anchor: number, months: number, calendarAligned: boolean): number {
  if (!calendarAligned) return addMonthsDay(anchor, months);
  const index = monthOfDay![anchor - DAY0]! + FIRST_YEAR * 12; // absolute month index, as in endOfNextPeriod
  const endIndex = (Math.floor(index / months) + 2) * months - 1 - FIRST_YEAR * 12;
  return monthStart![endIndex]! + monthLen![endIndex]! - 1;
}

// ---- compiled pack -------------------------------------------------------------------------------------------------
interface CompiledRule {
  service: number;
  min: number;
  tierMask: number; // bit per TIERS index; 7 = any
  levelMask: number; // bit per LEVELS index; 3 = any
  keyGroup: boolean;
  trainingNeed: boolean;
  window: 0 | 1 | 2 | 3; // tier, registration, calendar_year, open
  workingDays: number;
}

interface CompiledPack {
  ruleIds: string[];
  rules: CompiledRule[];
  shortMonths: number;
  mediumMonths: number;
  /** tiers.longServiceMonths: the long tier's services are due mediumMonths + this after registration. */
  longServiceMonths: number;
  includeRegisteredUnemployed: boolean;
  followUp: { difficulty: Interval; keyGroup: Interval | null; other: Interval | null; flexible: Interval; stable: Interval; adaptation: Interval; adaptationMonths: number };
  /** Lazily computed working-day deadlines: key `registeredOn * 64 + workingDays`. */
  deadlines: Map<number, number>;
}

const compiledCache = new WeakMap<ResolvedPack, CompiledPack>();

function compile(pack: ResolvedPack): CompiledPack {
  const hit = compiledCache.get(pack);
  if (hit) return hit;
  const ruleIds: string[] = [];
  const rules: CompiledRule[] = [];
  for (const [id, r] of Object.entries(pack.params.obligations)) {
    ruleIds.push(id);
    rules.push({
      service: SERVICE_TYPES.indexOf(r.service),
      min: r.min,
      tierMask: r.when.tiers ? r.when.tiers.reduce((m, t) => m | (1 << TIERS.indexOf(t)), 0) : 7,
      levelMask: r.when.levels ? r.when.levels.reduce((m, l) => m | (1 << LEVELS.indexOf(l)), 0) : 3,
      keyGroup: r.when.keyGroup === true,
      trainingNeed: r.when.trainingNeed === true,
      window: r.window.kind === 'tier' ? 0 : r.window.kind === 'registration' ? 1 : r.window.kind === 'calendar_year' ? 2 : 3,
      workingDays: r.window.kind === 'registration' ? r.window.workingDays : 0,
    });
  }
  if (rules.length > 31) throw new RuleInputError('invalid_pack', 'params.obligations', '快速路径最多支持31条义务规则', 'the fast path supports at most 31 obligation rules');
  const f = pack.params.followUp;
  const c: CompiledPack = {
    ruleIds,
    rules,
    shortMonths: pack.params.tiers.shortMaxMonths.value,
    mediumMonths: pack.params.tiers.mediumMaxMonths.value,
    longServiceMonths: pack.params.tiers.longServiceMonths.value,
    includeRegisteredUnemployed: pack.params.keyGroups.includeRegisteredUnemployed.value,
    followUp: {
      difficulty: f.unemployedDifficulty.value,
      keyGroup: f.unemployedKeyGroup.value,
      other: f.unemployedOther.value,
      flexible: f.flexible.value,
      stable: f.employedStable.value,
      adaptation: f.adaptation.value,
      adaptationMonths: f.adaptationPeriodMonths.value,
    },
    deadlines: new Map(),
  };
  compiledCache.set(pack, c);
  return c;
}

/** Ids of the compiled obligation rules, in bit order of `unmetMask` / `overdueMask`. */
export function compiledRuleIds(pack: ResolvedPack): readonly string[] {
  return compile(pack).ruleIds;
}

let lastAsOfKey: unknown;
let lastAsOf = 0;
let lastYearStart = 0;
let lastYearEnd = 0;

const UNEMPLOYED = EMPLOYMENT_STATUSES.indexOf('unemployed');
const FLEXIBLE = EMPLOYMENT_STATUSES.indexOf('flexible');
const EMPLOYED = EMPLOYMENT_STATUSES.indexOf('employed');
const SELF_EMPLOYED = EMPLOYMENT_STATUSES.indexOf('self_employed');

/**
 * Tier + obligations + follow-up for one snapshot. `asOf` may be an ISO date, a CivilDate or an epoch day.
 * Writes into `out` when given (no allocation per person) and returns it.
 */
export function evaluateSnapshot(
  s: PersonSnapshot,
  pack: ResolvedPack,
  calendar: WorkCalendar,
  asOf: IsoDate | CivilDate | number,
  out: SnapshotResult = newSnapshotResult(),
): SnapshotResult {
  tables();
  const c = compile(pack);
  if (asOf !== lastAsOfKey) {
    lastAsOf = typeof asOf === 'number' ? asOf : toEpochDay(typeof asOf === 'string' ? parseIsoDate(asOf, 'asOf') : asOf);
    checkDay(lastAsOf, 'asOf');
    const y = fromEpochDay(lastAsOf).year;
    lastYearStart = toEpochDay({ year: y, month: 1, day: 1 });
    lastYearEnd = toEpochDay({ year: y, month: 12, day: 31 });
    lastAsOfKey = asOf;
  }
  const today = lastAsOf;
  const reg = s.registeredOn;
  checkDay(reg, 'registeredOn');
  if (reg > today) throw new RuleInputError('out_of_range', 'registeredOn', '登记日期晚于评估日期', 'registeredOn is after asOf');

  // Tier (evaluateTier).
  const shortEnd = addMonthsDay(reg, c.shortMonths);
  const mediumEnd = addMonthsDay(reg, c.mediumMonths);
  let tier: number;
  if (today <= shortEnd) {
    tier = 0;
    out.tierSince = reg;
    out.tierNextChange = shortEnd + 1;
  } else if (today <= mediumEnd) {
    tier = 1;
    out.tierSince = shortEnd + 1;
    out.tierNextChange = mediumEnd + 1;
  } else {
    tier = 2;
    out.tierSince = mediumEnd + 1;
    out.tierNextChange = -1;
  }
  out.tier = tier;
  const flags = s.flags;
  const level = flags & SNAPSHOT_FLAGS.difficulty ? 1 : 0;
  out.level = level;
  const keyGroup = (flags & SNAPSHOT_FLAGS.notAvailable) === 0 && ((flags & SNAPSHOT_FLAGS.keyGroupMark) !== 0 || c.includeRegisteredUnemployed);

  // Obligations (evaluateObligations).
  let applicable = 0;
  let met = 0;
  let overdue = 0;
  let unmetMask = 0;
  let overdueMask = 0;
  let gaps = 0;
  const services = s.services;
  const nServices = services.length;
  for (let i = 0; i < c.rules.length; i++) {
    const r = c.rules[i]!;
    if ((r.tierMask & (1 << tier)) === 0 || (r.levelMask & (1 << level)) === 0) continue;
    if (r.keyGroup && !keyGroup) continue;
    if (r.trainingNeed && (flags & SNAPSHOT_FLAGS.trainingNeed) === 0) continue;
    let from = reg;
    let due = -1;
    if (r.window === 0) due = out.tierNextChange < 0 ? addMonthsDay(reg, c.mediumMonths + c.longServiceMonths) : out.tierNextChange - 1;
    else if (r.window === 1) {
      const key = reg * 64 + r.workingDays;
      let d = c.deadlines.get(key);
      if (d === undefined) {
        d = calendar.coversEpoch(reg) ? safeAddWorkingDays(calendar, reg, r.workingDays) : -2;
        c.deadlines.set(key, d);
      }
      if (d === -2) gaps++;
      else due = d;
    } else if (r.window === 2) {
      from = lastYearStart;
      due = lastYearEnd;
    }
    const to = due >= 0 && due < today ? due : today;
    let delivered = 0;
    for (let k = 0; k < nServices; k++) {
      const packed = services[k]!;
      if (packed % 32 !== r.service) continue;
      const day = (packed - r.service) / 32;
      if (day >= from && day <= to) delivered++;
    }
    applicable++;
    if (delivered >= r.min) met++;
    else {
      unmetMask |= 1 << i;
      if (due >= 0 && today > due) {
        overdue++;
        overdueMask |= 1 << i;
      }
    }
  }
  out.obligationsApplicable = applicable;
  out.obligationsMet = met;
  out.obligationsOverdue = overdue;
  out.obligationsUnmet = applicable - met - overdue;
  out.unmetMask = unmetMask;
  out.overdueMask = overdueMask;
  out.calendarGaps = gaps;

  // Follow-up (evaluateFollowUp).
  let interval: Interval | null = null;
  let start = reg;
  const st = s.status;
  if (st === UNEMPLOYED) {
    if (level === 1) interval = c.followUp.difficulty;
    else if (keyGroup && c.followUp.keyGroup) interval = c.followUp.keyGroup;
    else interval = c.followUp.other;
  } else if (st === FLEXIBLE) {
    interval = c.followUp.flexible;
    if (s.employedSince >= 0) start = s.employedSince;
  } else if (st === EMPLOYED || st === SELF_EMPLOYED) {
    if (s.employedSince >= 0) {
      start = s.employedSince;
      interval = today <= addMonthsDay(s.employedSince, c.followUp.adaptationMonths) ? c.followUp.adaptation : c.followUp.stable;
    } else interval = c.followUp.stable;
  }
  if (interval) {
    const anchor = s.lastContact >= start ? s.lastContact : start;
    const due = nextDueDay(anchor, interval.months, interval.alignment === 'calendar');
    out.followUpIntervalMonths = interval.months;
    out.followUpNextDueBy = due;
    out.followUpOverdue = today > due;
  } else {
    out.followUpIntervalMonths = 0;
    out.followUpNextDueBy = -1;
    out.followUpOverdue = false;
  }
  return out;
}

function safeAddWorkingDays(calendar: WorkCalendar, day: number, n: number): number {
  try {
    return calendar.addWorkingDaysEpoch(day, n, 'registeredOn');
  } catch (e) {
    if (e instanceof RuleInputError && e.code === 'calendar_unknown') return -2;
    throw e;
  }
}
