/**
 * The service state of one registrant, computed only by the rules package. The same three pieces serve the
 * per-person recomputation (right after a service record, in its transaction) and the nightly set-based job, so
 * both give the same state:
 *   1. `sourceQuery` (`state-source.ts`, the IO side) — one SQL statement yielding a compact source row per active
 *      unemployment registrant, with the stored state (`state-row.ts`) for comparison;
 *   2. `StateEngine.compute` (this file, pure) — source row → state row with `evaluateSnapshot` +
 *      `evaluateClassification`;
 *   3. `StateEngine.diff` (`state-changes.ts`) — stored vs new state → change-log rows ("moved to long-term on …").
 */
import {
  EMPLOYMENT_STATUSES,
  MARKS,
  SNAPSHOT_FLAGS,
  RuleInputError,
  calendarForPack,
  compiledRuleIds,
  evaluateClassification,
  evaluateSnapshot,
  formatIsoDate,
  fromEpochDay,
  newSnapshotResult,
  parseIsoDate,
  tierServiceDue,
  toEpochDay,
  type Intention,
  type ObligationRule,
  type PackRegistry,
  type ResolvedPack,
  type SnapshotResult,
  type WorkCalendar,
} from '@bangfu/rules';
import { stateChanges } from './state-changes.ts';
import type { SourceRow } from './state-source.ts';
import type { ChangeRow, StateRow } from './state-row.ts';

export { SOURCE_COLUMNS, STORED_AT, sourceQuery, toSourceRow, type SourceRow } from './state-source.ts';
export { STATE_COLUMNS, sameState, type ChangeRow, type StateRow } from './state-row.ts';

export const TIER_CODES = ['short', 'medium', 'long'] as const;
export const LEVEL_CODES = ['level1', 'level2'] as const;

interface PackInfo {
  pack: ResolvedPack;
  ref: string;
  calendar: WorkCalendar;
  keyGroupMask: number;
  /** Obligation rules in mask bit order. */
  rules: { id: string; rule: ObligationRule }[];
  classCache: Map<string, string | null>;
}

const DIFFICULTY_BIT = 1 << MARKS.indexOf('difficulty');
const ZERO_EMPLOYMENT_BIT = 1 << MARKS.indexOf('zero_employment_family');
const OTHER_STATUS = EMPLOYMENT_STATUSES.indexOf('other');

/**
 * The four-clears staleness age (days) that applies in each jurisdiction: the setting of the jurisdiction itself
 * or of its nearest ancestor (the nation last), else the default. Settings are loaded once per run.
 */
export class Staleness {
  private readonly cache = new Map<string, number>();

  constructor(
    /** Days per division code (the nation as `000000000000`). */
    private readonly byCode: ReadonlyMap<string, number>,
    private readonly fallback: number,
  ) {}

  static uniform(days: number): Staleness {
    return new Staleness(new Map(), days);
  }

  daysIn(jurisdictionCode: string): number {
    let days = this.cache.get(jurisdictionCode);
    if (days === undefined) {
      days = this.fallback;
      // 12-digit codes: province 2, city 4, county 6, township 9, village 12 significant digits; the nation is all zeros.
      for (const n of [12, 9, 6, 4, 2, 0]) {
        const own = this.byCode.get(jurisdictionCode.slice(0, n).padEnd(12, '0'));
        if (own !== undefined) {
          days = own;
          break;
        }
      }
      this.cache.set(jurisdictionCode, days);
    }
    return days;
  }
}

/** Turns source rows into state rows for one "as of" day. Holds per-pack caches; not shared across days. */
export class StateEngine {
  readonly asOf: string;
  readonly asOfDay: number;
  private readonly packs = new Map<string, PackInfo>();
  private readonly out: SnapshotResult = newSnapshotResult();
  private readonly yearEnd: string;
  private readonly yearStartDay: number;

  constructor(
    private readonly registry: PackRegistry,
    asOf: string,
    /** Four-clears staleness age in days per jurisdiction (persons settings, nearest ancestor's applies). */
    readonly staleness: Staleness,
  ) {
    this.asOf = asOf;
    this.asOfDay = toEpochDay(parseIsoDate(asOf, 'asOf'));
    this.yearEnd = `${asOf.slice(0, 4)}-12-31`;
    this.yearStartDay = toEpochDay(parseIsoDate(`${asOf.slice(0, 4)}-01-01`, 'asOf'));
  }

  packFor(jurisdictionCode: string): PackInfo {
    let info = this.packs.get(jurisdictionCode);
    if (!info) {
      const pack = this.registry.resolve(jurisdictionCode, this.asOf);
      const ref = `${pack.id}@${pack.version}`;
      const shared = [...this.packs.values()].find((p) => p.ref === ref);
      if (shared) info = shared;
      else {
        const ids = compiledRuleIds(pack);
        info = {
          pack,
          ref,
          calendar: calendarForPack(pack),
          keyGroupMask: pack.params.keyGroups.marks.value.reduce((m, k) => m | (1 << MARKS.indexOf(k)), 0),
          rules: ids.map((id) => ({ id, rule: pack.params.obligations[id]! })),
          classCache: new Map(),
        };
      }
      this.packs.set(jurisdictionCode, info);
    }
    return info;
  }

  compute(src: SourceRow): StateRow {
    const info = this.packFor(src.jurisdictionCode);
    let flags = 0;
    if (src.marksMask & DIFFICULTY_BIT) flags |= SNAPSHOT_FLAGS.difficulty;
    if (src.marksMask & info.keyGroupMask) flags |= SNAPSHOT_FLAGS.keyGroupMark;
    if (src.trainingNeed) flags |= SNAPSHOT_FLAGS.trainingNeed;
    if (src.laborCapacity === 'none') flags |= SNAPSHOT_FLAGS.notAvailable;
    const statusIndex = EMPLOYMENT_STATUSES.indexOf(src.employmentStatus as (typeof EMPLOYMENT_STATUSES)[number]);
    const regDay = dayOf(src.registeredOn);
    // The countable services from min(registration day, 1 January) to today; count, first and last since registering.
    const from = Math.min(regDay, this.yearStartDay);
    const services: number[] = [];
    let servicesCount = 0;
    let firstDay = -1;
    let lastDay = -1;
    for (const packed of src.services) {
      const day = Math.floor(packed / 32);
      if (day < from || day > this.asOfDay) continue;
      services.push(packed);
      if (day < regDay) continue;
      servicesCount++;
      if (firstDay < 0 || day < firstDay) firstDay = day;
      if (day > lastDay) lastDay = day;
    }
    const lastServiceOn = lastDay < 0 ? null : isoOf(lastDay);
    const firstServiceOn = firstDay < 0 ? null : isoOf(firstDay);
    const lastContact = maxDate(lastServiceOn, src.regFirstContactOn);
    const r = evaluateSnapshot(
      { registeredOn: regDay, status: statusIndex < 0 ? OTHER_STATUS : statusIndex, flags, employedSince: -1, lastContact: lastContact ? dayOf(lastContact) : -1, services },
      info.pack,
      info.calendar,
      this.asOfDay,
      this.out,
    );
    const tier = TIER_CODES[r.tier]!;
    const tierSince = isoOf(r.tierSince);
    return {
      personId: src.personId,
      registrationId: src.registrationId,
      jurisdictionCode: src.jurisdictionCode,
      caseworkerId: src.caseworkerId,
      packRef: info.ref,
      registeredOn: src.registeredOn,
      tier,
      tierSince,
      tierNextChange: r.tierNextChange < 0 ? null : isoOf(r.tierNextChange),
      level: LEVEL_CODES[r.level]!,
      class: this.classOf(info, src),
      obligationsApplicable: r.obligationsApplicable,
      obligationsMet: r.obligationsMet,
      obligationsUnmet: r.obligationsUnmet,
      obligationsOverdue: r.obligationsOverdue,
      unmetMask: r.unmetMask,
      overdueMask: r.overdueMask,
      obligationsDueBy: this.earliestDue(info, r.unmetMask, regDay, r.tierNextChange),
      followUpMonths: r.followUpIntervalMonths,
      followUpDue: r.followUpNextDueBy < 0 ? null : isoOf(r.followUpNextDueBy),
      followUpOverdue: r.followUpOverdue,
      lastContact,
      firstContactDeadline: src.firstContactDeadline,
      firstContactOn: minDate(src.regFirstContactOn, firstServiceOn),
      // R7.5: long-term registrants whose file facts are missing or older than the staleness age.
      stale: tier === 'long' && (src.fileVerifiedOn === null || this.asOfDay - dayOf(src.fileVerifiedOn) > this.staleness.daysIn(src.jurisdictionCode)),
      fileVerifiedOn: src.fileVerifiedOn,
      servicesCount,
      lastServiceOn,
      calendarGaps: r.calendarGaps,
    };
  }

  /** Due date of obligation rule `bit` for a registration (the rule's window, as the evaluators define it). */
  dueOf(info: PackInfo, bit: number, regDay: number, tierNextChange: number): string | null {
    const rule = info.rules[bit]?.rule;
    if (!rule) return null;
    switch (rule.window.kind) {
      case 'tier':
        // The last tier has no end: its services are due tiers.longServiceMonths after it starts (pack data).
        return tierNextChange < 0 ? formatIsoDate(tierServiceDue(info.pack, fromEpochDay(regDay), { nextChange: null })) : isoOf(tierNextChange - 1);
      case 'registration':
        try {
          return isoOf(info.calendar.addWorkingDaysEpoch(regDay, rule.window.workingDays, 'registeredOn'));
        } catch (e) {
          if (e instanceof RuleInputError && e.code === 'calendar_unknown') return null;
          throw e;
        }
      case 'calendar_year':
        return this.yearEnd;
      case 'open':
        return null;
    }
  }

  private earliestDue(info: PackInfo, mask: number, regDay: number, tierNextChange: number): string | null {
    let best: string | null = null;
    for (let bit = 0; mask >> bit !== 0; bit++) {
      if (((mask >> bit) & 1) === 0) continue;
      const d = this.dueOf(info, bit, regDay, tierNextChange);
      if (d !== null && (best === null || d < best)) best = d;
    }
    return best;
  }

  private classOf(info: PackInfo, src: SourceRow): string | null {
    const key = `${src.intention ?? ''}|${src.uiBenefitEligible ?? ''}|${src.marksMask & ZERO_EMPLOYMENT_BIT ? 1 : 0}`;
    if (!info.classCache.has(key)) {
      const ui = src.uiBenefitEligible === 'true' ? true : src.uiBenefitEligible === 'false' ? false : 'unknown';
      const intention = src.intention && (['employment', 'training', 'entrepreneurship', 'unclear', 'other'] as const).includes(src.intention as Intention) ? (src.intention as Intention) : undefined;
      const d = evaluateClassification({ intention, uiBenefitEligible: ui, zeroEmploymentFamily: (src.marksMask & ZERO_EMPLOYMENT_BIT) !== 0 }, info.pack);
      info.classCache.set(key, d.package?.key ?? null);
    }
    return info.classCache.get(key) ?? null;
  }

  /** Unmet obligation rules of a mask in bit order: id, service and due date only (the nightly hot path). */
  owed(state: Pick<StateRow, 'jurisdictionCode' | 'registeredOn' | 'tierNextChange'>, mask: number): { rule: string; service: string; dueBy: string | null }[] {
    const info = this.packFor(state.jurisdictionCode);
    const regDay = dayOf(state.registeredOn);
    const next = state.tierNextChange ? dayOf(state.tierNextChange) : -1;
    const out = [];
    for (let bit = 0; mask >> bit !== 0; bit++) {
      if (((mask >> bit) & 1) === 0) continue;
      const r = info.rules[bit];
      if (r) out.push({ rule: r.id, service: r.rule.service, dueBy: this.dueOf(info, bit, regDay, next) });
    }
    return out;
  }

  /** Obligation rules (id, service, min, text, source) for a mask, with due dates. */
  describe(state: Pick<StateRow, 'jurisdictionCode' | 'registeredOn' | 'tierNextChange'>, mask: number): { rule: string; service: string; min: number; textZh: string; source: string; dueBy: string | null }[] {
    const info = this.packFor(state.jurisdictionCode);
    const out = [];
    for (let bit = 0; mask >> bit !== 0; bit++) {
      if (((mask >> bit) & 1) === 0) continue;
      const r = info.rules[bit];
      if (!r) continue;
      out.push({
        rule: r.id,
        service: r.rule.service,
        min: r.rule.min,
        textZh: r.rule.textZh,
        source: `${r.rule.source.doc} ${r.rule.source.clause}`,
        dueBy: this.dueOf(info, bit, dayOf(state.registeredOn), state.tierNextChange ? dayOf(state.tierNextChange) : -1),
      });
    }
    return out;
  }

  /** Rules that apply to a tier and level (what the new tier "now requires"). */
  requirements(jurisdictionCode: string, tier: string, level: string): { textZh: string; service: string; min: number; source: string }[] {
    const info = this.packFor(jurisdictionCode);
    return info.rules
      .filter(({ rule }) => rule.when.tiers?.includes(tier as 'short') && (!rule.when.levels || rule.when.levels.includes(level as 'level1')))
      .map(({ rule }) => ({ textZh: rule.textZh, service: rule.service, min: rule.min, source: `${rule.source.doc} ${rule.source.clause}` }));
  }

  /** Change-log rows between the stored and the new state (texts in `state-changes.ts`). */
  diff(before: StateRow | null, after: StateRow): ChangeRow[] {
    return stateChanges(this, before, after);
  }
}

// Few distinct dates recur across a million rows: cache both directions.
const dayCache = new Map<string, number>();
const isoCache = new Map<number, string>();

/** Epoch day of an ISO date (cached). */
export function dayOf(iso: string): number {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = toEpochDay(parseIsoDate(iso, 'date'));
    if (dayCache.size < 200_000) dayCache.set(iso, d);
  }
  return d;
}

/** ISO date of an epoch day (cached). */
export function isoOf(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = formatIsoDate(fromEpochDay(day));
    if (isoCache.size < 200_000) isoCache.set(day, s);
  }
  return s;
}

function maxDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
