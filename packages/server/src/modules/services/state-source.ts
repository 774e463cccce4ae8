/**
 * Where the service state's facts come from (the IO side of `service-state.ts`): one SQL statement yielding a
 * compact source row per active unemployment registrant — registration, person facts, marks bitmask, the person's
 * countable services packed as `epochDay * 32 + typeIndex` from the `person_service_summary` row kept up to date on
 * insert, and the stored state for comparison — and the reader turning driver values or COPY text into source rows.
 */
import { MARKS } from '@bangfu/rules';
import { STATE_COLUMNS, type StateRow } from './state-row.ts';

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

/** A driver value as the COPY text of its column (`t`/`f`, `{1,2}`, ISO dates). */
function copyText(v: unknown, t: ColumnType): string | null {
  if (v === null || v === undefined) return null;
  switch (t) {
    case 'text':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'int':
      return String(Number(v));
    case 'bool':
      return v === true || v === 't' || v === 'true' ? 't' : 'f';
    case 'intarr':
      if (Array.isArray(v)) return `{${v.map(Number).join(',')}}`;
      return typeof v === 'string' ? v : '{}';
  }
}

/**
 * Builds a SourceRow from driver values (object keyed by column, e.g. PGlite pages and the per-person
 * recomputation) or COPY text fields (array in column order, the nightly job's hot path). Driver values are first
 * written as COPY text, so both go through the one reader (`fromCopyFields`).
 */
export function toSourceRow(raw: Record<string, unknown> | readonly (string | null)[]): SourceRow {
  if (Array.isArray(raw)) return fromCopyFields(raw as readonly (string | null)[]);
  const o = raw as Record<string, unknown>;
  return fromCopyFields(SOURCE_COLUMNS.map(([name, type]) => copyText(o[name], type)));
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
