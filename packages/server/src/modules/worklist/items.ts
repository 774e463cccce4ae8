/**
 * Worklist items of one registrant, derived from its service state row only (so they are rewritten exactly when
 * the state row is): at most one item per kind. Everything that depends on the day is kept as dates — shown from
 * `visibleFrom` to `visibleUntil`, overdue from `overdueFrom` — and compared when the worklist is read.
 *
 * All unmet obligation rules of a person form one `obligation` item (its deadline is the earliest rule deadline;
 * the rules and their deadlines travel as `ruleMask` / `ruleDues`): a caseworker sees the person once with what
 * is owed, instead of one line per yearly minimum (NM22 三(一) alone owes several services all year).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { dayOf, isoOf, type StateEngine, type StateRow } from '../services/service-state.ts';

/** Kinds derived from the service state row and materialised in `worklist_items`. */
export const DERIVED_KINDS = ['first_contact', 'obligation', 'follow_up', 'stale_file', 'tier_change'] as const;
export type DerivedKind = (typeof DERIVED_KINDS)[number];
/**
 * Kinds read from their own rows when the worklist is read (never written to `worklist_items`): a re-unemployed
 * registration without a service yet (priority, CQ25 四) and a citizen's "I found a job" awaiting verification.
 */
export const RECORD_KINDS = ['reunemployed', 'verify_employment'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const WORK_KINDS = [...DERIVED_KINDS, ...RECORD_KINDS] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
/** Kinds shown as priority (CQ25 四: the re-unemployed get priority help). */
export const PRIORITY_KINDS: readonly WorkKind[] = ['reunemployed'];

/** A tier change stays on the worklist this long, until a service is recorded after it. */
export const TIER_CHANGE_DAYS = 30;

/**
 * Version of the item derivation. The nightly job rewrites every registrant's items when the stored version
 * differs (after an upgrade that changes how items are derived), and once at the first run of a calendar year
 * (yearly-minimum deadlines move to the new 31 December).
 */
export const ITEMS_VERSION = 1;
export const ITEMS_VERSION_SETTING = 'worklist.items_version';

export interface ItemRow {
  personId: string;
  kind: DerivedKind;
  jurisdictionCode: string;
  caseworkerId: string | null;
  dueOn: string | null;
  overdueFrom: string | null;
  visibleFrom: string;
  visibleUntil: string | null;
  serviceType: string;
  channel: string;
  rule: string | null;
  packRef: string;
  ruleMask: number;
  ruleDues: (string | null)[] | null;
  detail: string | null;
}

/** Column order of `worklist_items` for COPY and multi-row INSERT. */
export const ITEM_COLUMNS: readonly [keyof ItemRow, string][] = [
  ['personId', 'person_id'],
  ['kind', 'kind'],
  ['jurisdictionCode', 'jurisdiction_code'],
  ['caseworkerId', 'caseworker_id'],
  ['dueOn', 'due_on'],
  ['overdueFrom', 'overdue_from'],
  ['visibleFrom', 'visible_from'],
  ['visibleUntil', 'visible_until'],
  ['serviceType', 'service_type'],
  ['channel', 'channel'],
  ['rule', 'rule'],
  ['packRef', 'pack_ref'],
  ['ruleMask', 'rule_mask'],
  ['ruleDues', 'rule_dues'],
  ['detail', 'detail'],
];

export function plusDays(iso: string, days: number): string {
  return isoOf(dayOf(iso) + days);
}

/** First day of the follow-up period (calendar month / quarter / half-year) that ends on `due`. */
export function followUpOpens(due: string, months: number): string {
  const y = Number(due.slice(0, 4));
  const m = Number(due.slice(5, 7)) - (Math.max(months, 1) - 1);
  const year = m >= 1 ? y : y - Math.ceil((1 - m) / 12);
  const month = m >= 1 ? m : m + 12 * Math.ceil((1 - m) / 12);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

function item(
  s: StateRow,
  kind: DerivedKind,
  dueOn: string | null,
  overdueFrom: string | null,
  visibleFrom: string,
  visibleUntil: string | null,
  serviceType: string,
  channel: string,
  rule: string,
  ruleMask: number,
  ruleDues: (string | null)[] | null,
  detail: string | null,
): ItemRow {
  return { personId: s.personId, kind, jurisdictionCode: s.jurisdictionCode, caseworkerId: s.caseworkerId, dueOn, overdueFrom, visibleFrom, visibleUntil, serviceType, channel, rule, packRef: s.packRef, ruleMask, ruleDues, detail };
}

/** The worklist items of one state row (the rules' evaluation, read through the engine for deadlines). */
export function itemsOf(s: StateRow, engine: StateEngine): ItemRow[] {
  const out: ItemRow[] = [];
  if (s.firstContactOn === null && s.firstContactDeadline !== null) {
    const due = s.firstContactDeadline;
    out.push(item(s, 'first_contact', due, plusDays(due, 1), s.registeredOn, null, 'follow_up', 'phone', 'registration.first-contact', 0, null, null));
  }
  if (s.unmetMask !== 0) {
    const owed = engine.owed(s, s.unmetMask);
    let main = owed[0];
    for (const o of owed) if (o.dueBy !== null && (main?.dueBy == null || o.dueBy < main.dueBy)) main = o;
    if (main) {
      const due = main.dueBy;
      out.push(item(s, 'obligation', due, due === null ? null : plusDays(due, 1), s.registeredOn, null, main.service, 'in_person', main.rule, s.unmetMask, owed.map((o) => o.dueBy), null));
    }
  }
  if (s.followUpDue !== null) {
    const due = s.followUpDue;
    out.push(item(s, 'follow_up', due, plusDays(due, 1), followUpOpens(due, s.followUpMonths), null, 'follow_up', 'phone', 'followup.rhythm', 0, null, null));
  }
  if (s.stale) {
    const since = s.fileVerifiedOn ?? s.registeredOn;
    out.push(item(s, 'stale_file', since, since, s.registeredOn, null, 'follow_up', 'home_visit', 'stale-file', 0, null, s.fileVerifiedOn));
  }
  if (s.tierSince > s.registeredOn && (s.lastServiceOn === null || s.lastServiceOn < s.tierSince)) {
    const req = engine.requirements(s.jurisdictionCode, s.tier, 'level1');
    out.push(item(s, 'tier_change', s.tierSince, null, s.tierSince, plusDays(s.tierSince, TIER_CHANGE_DAYS), req[0]?.service ?? 'career_guidance', 'in_person', 'tier.by-duration', 0, null, s.tier));
  }
  return out;
}

function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
}

/** A value as COPY text (dates and ids need no escaping; arrays as `{…}`). */
export function itemCopyLine(item: ItemRow): string {
  return (
    ITEM_COLUMNS.map(([k]) => {
      const v = item[k];
      if (v === null || v === undefined) return '\\N';
      if (Array.isArray(v)) return arrayLiteral(v);
      return String(v);
    }).join('\t') + '\n'
  );
}

function itemValues(item: ItemRow): SQL {
  return sql`(${sql.join(
    ITEM_COLUMNS.map(([k]) => {
      const v = item[k];
      return Array.isArray(v) ? sql`${arrayLiteral(v)}::date[]` : sql`${v}`;
    }),
    sql`, `,
  )})`;
}

/** Replaces the items of these persons (inside the caller's transaction). */
export async function replaceItems(db: Database, personIds: readonly string[], items: readonly ItemRow[]): Promise<void> {
  for (let i = 0; i < personIds.length; i += 1000) {
    const ids = personIds.slice(i, i + 1000);
    await db.execute(sql`DELETE FROM worklist_items WHERE person_id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
  }
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
    await db.execute(sql`INSERT INTO worklist_items (${sql.raw(ITEM_COLUMNS.map(([, c]) => c).join(', '))}) VALUES ${sql.join(chunk.map(itemValues), sql`, `)}`);
  }
}
