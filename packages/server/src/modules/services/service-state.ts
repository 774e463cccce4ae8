/**
 * The service state of one registrant, computed only by the rules package. The same three pieces serve the
 * per-person recomputation (right after a service record, in its transaction) and the nightly set-based job, so
 * both give the same state:
 *   1. `sourceQuery` — one SQL statement yielding a compact source row per active unemployment registrant
 *      (registration, person facts, marks bitmask, the person's countable services packed as
 *      `epochDay * 32 + typeIndex` from the `person_service_summary` row kept up to date on insert, and the stored
 *      state for comparison);
 *   2. `StateEngine.compute` — source row → state row with `evaluateSnapshot` + `evaluateClassification`;
 *   3. `StateEngine.diff` — stored vs new state → change-log rows ("moved to long-term on …; now requires …").
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

export const TIER_CODES = ['short', 'medium', 'long'] as const;
export const LEVEL_CODES = ['level1', 'level2'] as const;

/** Columns of the source row, in order (also the COPY column order of the nightly job). */
export const SOURCE_COLUMNS = [
  ['person_id', 'text'],
  ['registration_id', 'text'],
  ['jurisdiction_code', 'text'],
  ['caseworker_id', 'text'],
  ['registered_on', 'text'],
  ['first_contact_deadline', 'text'],
  ['reg_first_contact_on', 'text'],
  ['employment_status', 'text'],
  ['labor_capacity', 'text'],
  ['intention', 'text'],
  ['training_need', 'bool'],
  ['ui_benefit_eligible', 'text'],
  ['file_verified_on', 'text'],
  ['marks_mask', 'int'],
  ['services', 'intarr'],
  // The stored state (null when there is none yet).
  ['s_person_id', 'text'],
  ['s_registration_id', 'text'],
  ['s_jurisdiction_code', 'text'],
  ['s_caseworker_id', 'text'],
  ['s_pack_ref', 'text'],
  ['s_registered_on', 'text'],
  ['s_tier', 'text'],
  ['s_tier_since', 'text'],
  ['s_tier_next_change', 'text'],
  ['s_level', 'text'],
  ['s_class', 'text'],
  ['s_obligations_applicable', 'int'],
  ['s_obligations_met', 'int'],
  ['s_obligations_unmet', 'int'],
  ['s_obligations_overdue', 'int'],
  ['s_unmet_mask', 'int'],
  ['s_overdue_mask', 'int'],
  ['s_obligations_due_by', 'text'],
  ['s_follow_up_months', 'int'],
  ['s_follow_up_due', 'text'],
  ['s_follow_up_overdue', 'bool'],
  ['s_last_contact', 'text'],
  ['s_first_contact_deadline', 'text'],
  ['s_first_contact_on', 'text'],
  ['s_stale', 'bool'],
  ['s_file_verified_on', 'text'],
  ['s_services_count', 'int'],
  ['s_last_service_on', 'text'],
  ['s_calendar_gaps', 'int'],
] as const;

type ColumnType = 'text' | 'int' | 'bool' | 'intarr';

export interface SourceRow {
  personId: string;
  registrationId: string;
  jurisdictionCode: string;
  caseworkerId: string | null;
  registeredOn: string;
  firstContactDeadline: string | null;
  regFirstContactOn: string | null;
  employmentStatus: string;
  laborCapacity: string;
  intention: string | null;
  trainingNeed: boolean;
  uiBenefitEligible: string | null;
  fileVerifiedOn: string | null;
  marksMask: number;
  /** Every countable service of the person (any day), packed `epochDay * 32 + typeIndex`; windowed by the engine. */
  services: number[];
  stored: StateRow | null;
}

/** One row of `person_service_state` (without bookkeeping columns). */
export interface StateRow {
  personId: string;
  registrationId: string;
  jurisdictionCode: string;
  caseworkerId: string | null;
  packRef: string;
  registeredOn: string;
  tier: string;
  tierSince: string;
  tierNextChange: string | null;
  level: string;
  class: string | null;
  obligationsApplicable: number;
  obligationsMet: number;
  obligationsUnmet: number;
  obligationsOverdue: number;
  unmetMask: number;
  overdueMask: number;
  obligationsDueBy: string | null;
  followUpMonths: number;
  followUpDue: string | null;
  followUpOverdue: boolean;
  lastContact: string | null;
  firstContactDeadline: string | null;
  firstContactOn: string | null;
  stale: boolean;
  fileVerifiedOn: string | null;
  servicesCount: number;
  lastServiceOn: string | null;
  calendarGaps: number;
}

/** State columns in table order (for COPY and multi-row INSERT). */
export const STATE_COLUMNS: readonly [keyof StateRow, string][] = [
  ['personId', 'person_id'],
  ['registrationId', 'registration_id'],
  ['jurisdictionCode', 'jurisdiction_code'],
  ['caseworkerId', 'caseworker_id'],
  ['packRef', 'pack_ref'],
  ['registeredOn', 'registered_on'],
  ['tier', 'tier'],
  ['tierSince', 'tier_since'],
  ['tierNextChange', 'tier_next_change'],
  ['level', 'level'],
  ['class', 'class'],
  ['obligationsApplicable', 'obligations_applicable'],
  ['obligationsMet', 'obligations_met'],
  ['obligationsUnmet', 'obligations_unmet'],
  ['obligationsOverdue', 'obligations_overdue'],
  ['unmetMask', 'unmet_mask'],
  ['overdueMask', 'overdue_mask'],
  ['obligationsDueBy', 'obligations_due_by'],
  ['followUpMonths', 'follow_up_months'],
  ['followUpDue', 'follow_up_due'],
  ['followUpOverdue', 'follow_up_overdue'],
  ['lastContact', 'last_contact'],
  ['firstContactDeadline', 'first_contact_deadline'],
  ['firstContactOn', 'first_contact_on'],
  ['stale', 'stale'],
  ['fileVerifiedOn', 'file_verified_on'],
  ['servicesCount', 'services_count'],
  ['lastServiceOn', 'last_service_on'],
  ['calendarGaps', 'calendar_gaps'],
];

export interface ChangeRow {
  personId: string;
  on: string;
  kind: 'tier' | 'level' | 'class' | 'obligations' | 'follow_up' | 'stale' | 'ended';
  fromValue: string | null;
  toValue: string | null;
  textZh: string;
  textEn: string;
  jurisdictionCode: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lit = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[]`;

/**
 * The source query. Literals are inlined (validated date / uuid) so the very same text runs through drizzle, PGlite
 * and `COPY (…) TO STDOUT`. Services come from `person_service_summary` (one row per person, maintained on insert
 * with corrections and merges applied), so no service record is read here; the engine applies the day windows.
 */
export function sourceQuery(asOf: string, personId?: string, page?: { after: string | null; limit: number }): string {
  if (!DATE_RE.test(asOf)) throw new Error(`bad asOf ${asOf}`);
  if (personId !== undefined && !UUID_RE.test(personId)) throw new Error(`bad person id ${personId}`);
  if (page?.after && !UUID_RE.test(page.after)) throw new Error(`bad cursor ${page.after}`);
  const onlyPerson = (col: string) => (personId ? `AND ${col} = '${personId}'` : '');
  // Keyset pages (PGlite batches): registrants after a person id, in person id order.
  const paging = page ? `${page.after ? `AND r.person_id > '${page.after}'` : ''} ORDER BY r.person_id LIMIT ${Math.trunc(page.limit)}` : '';
  const regFilter = `r.state = 'active' AND r.kind = 'unemployment' AND r.registered_on <= DATE '${asOf}' ${onlyPerson('r.person_id')}
    AND EXISTS (SELECT 1 FROM persons hp WHERE hp.id = r.person_id AND hp.hidden_at IS NULL) ${paging}`;
  const stateCols = SOURCE_COLUMNS.filter(([c]) => c.startsWith('s_'))
    .map(([c, t]) => {
      const col = c.slice(2);
      const dateLike = t === 'text' && /(_on|_since|_change|_by|_due|_deadline|_contact)$/.test(col);
      return `s.${col}${dateLike ? '::text' : ''} AS ${c}`;
    })
    .join(', ');
  return `
WITH reg AS (
  SELECT r.person_id, r.id, r.registered_on, r.first_contact_deadline, r.first_contact_on, r.caseworker_id, r.ui_benefit_eligible
  FROM registrations r WHERE ${regFilter}
),
mk AS (
  SELECT m.person_id, bit_or(1 << (array_position(${lit(MARKS)}, m.mark) - 1))::int AS marks_mask
  FROM person_marks m
  WHERE m.since <= DATE '${asOf}' AND (m.until IS NULL OR m.until >= DATE '${asOf}') AND m.mark = ANY(${lit(MARKS)}) ${onlyPerson('m.person_id')}
  GROUP BY m.person_id
)
SELECT reg.person_id::text, reg.id::text AS registration_id, p.jurisdiction_code, reg.caseworker_id::text,
       reg.registered_on::text, reg.first_contact_deadline::text, reg.first_contact_on::text AS reg_first_contact_on,
       p.employment_status, p.labor_capacity, p.intention,
       (jsonb_exists(p.service_needs, 'training_recommendation') OR p.intention = 'training') AS training_need,
       reg.ui_benefit_eligible,
       CASE WHEN jsonb_exists_all(p.clears, ARRAY['headcount','skills','intention','serviceNeeds'])
            THEN LEAST(p.clears->'headcount'->>'on', p.clears->'skills'->>'on', p.clears->'intention'->>'on', p.clears->'serviceNeeds'->>'on') END AS file_verified_on,
       COALESCE(mk.marks_mask, 0) AS marks_mask,
       COALESCE(sm.services, ARRAY[]::int[]) AS services,
       ${stateCols}
FROM reg
JOIN persons p ON p.id = reg.person_id
LEFT JOIN person_service_summary sm ON sm.person_id = reg.person_id
LEFT JOIN mk ON mk.person_id = reg.person_id
LEFT JOIN person_service_state s ON s.person_id = reg.person_id${page ? '\nORDER BY reg.person_id' : ''}`;
}

function convert(v: unknown, t: ColumnType): unknown {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'text':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'int':
      return Number(v);
    case 'bool':
      return v === true || v === 't' || v === 'true';
    case 'intarr':
      if (Array.isArray(v)) return v.map(Number);
      if (typeof v === 'string') return v === '{}' ? [] : v.slice(1, -1).split(',').map(Number);
      return [];
  }
}

/** Builds a SourceRow from driver values (object keyed by column) or COPY text fields (array in column order). */
export function toSourceRow(raw: Record<string, unknown> | readonly (string | null)[]): SourceRow {
  if (Array.isArray(raw)) return fromCopyFields(raw as readonly (string | null)[]);
  const get = Array.isArray(raw) ? (i: number) => (raw as (string | null)[])[i] ?? null : (i: number) => (raw as Record<string, unknown>)[SOURCE_COLUMNS[i]![0]];
  const o: Record<string, unknown> = {};
  SOURCE_COLUMNS.forEach(([name, type], i) => {
    o[name] = convert(get(i), type);
  });
  const stored: StateRow | null =
    o.s_person_id === null
      ? null
      : {
          personId: o.s_person_id as string,
          registrationId: o.s_registration_id as string,
          jurisdictionCode: o.s_jurisdiction_code as string,
          caseworkerId: o.s_caseworker_id as string | null,
          packRef: o.s_pack_ref as string,
          registeredOn: o.s_registered_on as string,
          tier: o.s_tier as string,
          tierSince: o.s_tier_since as string,
          tierNextChange: o.s_tier_next_change as string | null,
          level: o.s_level as string,
          class: o.s_class as string | null,
          obligationsApplicable: o.s_obligations_applicable as number,
          obligationsMet: o.s_obligations_met as number,
          obligationsUnmet: o.s_obligations_unmet as number,
          obligationsOverdue: o.s_obligations_overdue as number,
          unmetMask: o.s_unmet_mask as number,
          overdueMask: o.s_overdue_mask as number,
          obligationsDueBy: o.s_obligations_due_by as string | null,
          followUpMonths: o.s_follow_up_months as number,
          followUpDue: o.s_follow_up_due as string | null,
          followUpOverdue: o.s_follow_up_overdue as boolean,
          lastContact: o.s_last_contact as string | null,
          firstContactDeadline: o.s_first_contact_deadline as string | null,
          firstContactOn: o.s_first_contact_on as string | null,
          stale: o.s_stale as boolean,
          fileVerifiedOn: o.s_file_verified_on as string | null,
          servicesCount: o.s_services_count as number,
          lastServiceOn: o.s_last_service_on as string | null,
          calendarGaps: o.s_calendar_gaps as number,
        };
  return {
    personId: o.person_id as string,
    registrationId: o.registration_id as string,
    jurisdictionCode: o.jurisdiction_code as string,
    caseworkerId: o.caseworker_id as string | null,
    registeredOn: o.registered_on as string,
    firstContactDeadline: o.first_contact_deadline as string | null,
    regFirstContactOn: o.reg_first_contact_on as string | null,
    employmentStatus: o.employment_status as string,
    laborCapacity: o.labor_capacity as string,
    intention: o.intention as string | null,
    trainingNeed: o.training_need as boolean,
    uiBenefitEligible: o.ui_benefit_eligible as string | null,
    fileVerifiedOn: o.file_verified_on as string | null,
    marksMask: o.marks_mask as number,
    services: o.services as number[],
    stored,
  };
}

const num = (v: string | null) => (v === null ? 0 : Number(v));
const flag = (v: string | null) => v === 't';
function intArray(v: string | null): number[] {
  if (v === null || v === '{}') return [];
  const out: number[] = [];
  let n = 0;
  let neg = false;
  for (let i = 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 44 || c === 125) {
      out.push(neg ? -n : n);
      n = 0;
      neg = false;
    } else if (c === 45) neg = true;
    else n = n * 10 + (c - 48);
  }
  return out;
}

/** Index of the first stored-state column (`s_person_id`) in SOURCE_COLUMNS (the stored state follows in STATE_COLUMNS order). */
export const STORED_AT = SOURCE_COLUMNS.findIndex(([c]) => c === 's_person_id');
if (SOURCE_COLUMNS.slice(STORED_AT).map(([c]) => c.slice(2)).join() !== STATE_COLUMNS.map(([, c]) => c).join()) {
  throw new Error('the stored-state source columns must follow STATE_COLUMNS (the nightly job compares them as text)');
}

/** The nightly job's hot path: COPY text fields (already unescaped) in SOURCE_COLUMNS order, no per-column lookups. */
function fromCopyFields(f: readonly (string | null)[]): SourceRow {
  const S = STORED_AT;
  const stored: StateRow | null =
    f[S + 0] === null || f[S + 0] === undefined
      ? null
      : {
          personId: f[S + 0]!,
          registrationId: f[S + 1]!,
          jurisdictionCode: f[S + 2]!,
          caseworkerId: f[S + 3] ?? null,
          packRef: f[S + 4]!,
          registeredOn: f[S + 5]!,
          tier: f[S + 6]!,
          tierSince: f[S + 7]!,
          tierNextChange: f[S + 8] ?? null,
          level: f[S + 9]!,
          class: f[S + 10] ?? null,
          obligationsApplicable: num(f[S + 11] ?? null),
          obligationsMet: num(f[S + 12] ?? null),
          obligationsUnmet: num(f[S + 13] ?? null),
          obligationsOverdue: num(f[S + 14] ?? null),
          unmetMask: num(f[S + 15] ?? null),
          overdueMask: num(f[S + 16] ?? null),
          obligationsDueBy: f[S + 17] ?? null,
          followUpMonths: num(f[S + 18] ?? null),
          followUpDue: f[S + 19] ?? null,
          followUpOverdue: flag(f[S + 20] ?? null),
          lastContact: f[S + 21] ?? null,
          firstContactDeadline: f[S + 22] ?? null,
          firstContactOn: f[S + 23] ?? null,
          stale: flag(f[S + 24] ?? null),
          fileVerifiedOn: f[S + 25] ?? null,
          servicesCount: num(f[S + 26] ?? null),
          lastServiceOn: f[S + 27] ?? null,
          calendarGaps: num(f[S + 28] ?? null),
        };
  return {
    personId: f[0]!,
    registrationId: f[1]!,
    jurisdictionCode: f[2]!,
    caseworkerId: f[3] ?? null,
    registeredOn: f[4]!,
    firstContactDeadline: f[5] ?? null,
    regFirstContactOn: f[6] ?? null,
    employmentStatus: f[7]!,
    laborCapacity: f[8]!,
    intention: f[9] ?? null,
    trainingNeed: flag(f[10] ?? null),
    uiBenefitEligible: f[11] ?? null,
    fileVerifiedOn: f[12] ?? null,
    marksMask: num(f[13] ?? null),
    services: intArray(f[14] ?? null),
    stored,
  };
}

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
const TIER_ZH: Record<string, string> = { short: '短期失业', medium: '中短期失业', long: '长期失业' };
const TIER_EN: Record<string, string> = { short: 'short-term', medium: 'medium-short-term', long: 'long-term' };
const LEVEL_ZH: Record<string, string> = { level1: 'Ⅰ级帮扶', level2: 'Ⅱ级帮扶' };

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

  /** Change-log rows between the stored and the new state. */
  diff(before: StateRow | null, after: StateRow): ChangeRow[] {
    if (!before) return [];
    const out: ChangeRow[] = [];
    const base = { personId: after.personId, jurisdictionCode: after.jurisdictionCode };
    if (before.registrationId !== after.registrationId) {
      out.push({ ...base, on: after.registeredOn, kind: 'tier', fromValue: before.tier, toValue: after.tier, textZh: `新的失业登记（${after.registeredOn}），分级重新计算为${TIER_ZH[after.tier]}`, textEn: `new registration on ${after.registeredOn}: ${TIER_EN[after.tier]}` });
      return out;
    }
    if (before.tier !== after.tier) {
      const req = this.requirements(after.jurisdictionCode, after.tier, after.level);
      const zh = req.map((q) => `${q.textZh}（${q.source}）`).join('；');
      const en = req.map((q) => `${q.min} × ${q.service}`).join(', ');
      out.push({
        ...base,
        on: after.tierSince,
        kind: 'tier',
        fromValue: before.tier,
        toValue: after.tier,
        textZh: `${after.tierSince} 起转为${TIER_ZH[after.tier]}${zh ? `；现须提供：${zh}` : ''}`,
        textEn: `moved to ${TIER_EN[after.tier]} on ${after.tierSince}${en ? `; now requires ${en}` : ''}`,
      });
    }
    if (before.level !== after.level) {
      out.push({ ...base, on: this.asOf, kind: 'level', fromValue: before.level, toValue: after.level, textZh: `服务等级由${LEVEL_ZH[before.level]}调整为${LEVEL_ZH[after.level]}`, textEn: `service level ${before.level} → ${after.level}` });
    }
    if (before.class !== after.class) {
      out.push({ ...base, on: this.asOf, kind: 'class', fromValue: before.class, toValue: after.class, textZh: `分类服务包由 ${before.class ?? '未分类'} 调整为 ${after.class ?? '未分类'}`, textEn: `service package ${before.class ?? 'none'} → ${after.class ?? 'none'}` });
    }
    const counts = (s: StateRow) => `${s.obligationsMet}/${s.obligationsApplicable}/${s.obligationsOverdue}`;
    if (counts(before) !== counts(after)) {
      const newlyOverdue = after.overdueMask & ~before.overdueMask;
      const overdueText = newlyOverdue ? this.describe(after, newlyOverdue) : [];
      out.push({
        ...base,
        on: this.asOf,
        kind: 'obligations',
        fromValue: counts(before),
        toValue: counts(after),
        textZh: `服务义务：已达标 ${after.obligationsMet}/${after.obligationsApplicable}（原 ${before.obligationsMet}/${before.obligationsApplicable}）${after.obligationsOverdue ? `，逾期 ${after.obligationsOverdue} 项` : ''}${overdueText.length ? `：${overdueText.map((o) => `${o.textZh}（期限 ${o.dueBy ?? '—'}，${o.source}）`).join('；')}` : ''}`,
        textEn: `obligations met ${after.obligationsMet} of ${after.obligationsApplicable} (was ${before.obligationsMet} of ${before.obligationsApplicable})${after.obligationsOverdue ? `, ${after.obligationsOverdue} overdue` : ''}${overdueText.length ? `: ${overdueText.map((o) => `${o.min} × ${o.service} due ${o.dueBy ?? '—'}`).join(', ')}` : ''}`,
      });
    }
    if (before.followUpOverdue !== after.followUpOverdue) {
      out.push({
        ...base,
        on: after.followUpOverdue ? this.asOf : (after.lastContact ?? this.asOf),
        kind: 'follow_up',
        fromValue: String(before.followUpOverdue),
        toValue: String(after.followUpOverdue),
        textZh: after.followUpOverdue ? `跟踪回访逾期（最迟 ${before.followUpDue ?? '—'}）` : `已跟踪回访，下次最迟 ${after.followUpDue ?? '—'}`,
        textEn: after.followUpOverdue ? `follow-up overdue (was due by ${before.followUpDue ?? '—'})` : `followed up; next due by ${after.followUpDue ?? '—'}`,
      });
    }
    if (before.stale !== after.stale) {
      out.push({
        ...base,
        on: this.asOf,
        kind: 'stale',
        fromValue: String(before.stale),
        toValue: String(after.stale),
        textZh: after.stale ? `长期失业人员档案信息超过 ${this.staleness.daysIn(after.jurisdictionCode)} 天未核实（“僵尸数据”风险，NM24 三；XC23 三(四)）` : '档案信息已核实更新',
        textEn: after.stale ? `long-term registrant's file not verified for over ${this.staleness.daysIn(after.jurisdictionCode)} days (zombie-data risk, NM24 三; XC23 三(四))` : 'file facts verified',
      });
    }
    return out;
  }
}

export function sameState(a: StateRow | null, b: StateRow): boolean {
  if (!a) return false;
  for (const [k] of STATE_COLUMNS) if (a[k] !== b[k]) return false;
  return true;
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
