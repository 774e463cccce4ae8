/**
 * The worklist slice's reads: the materialised items of a jurisdiction prefix (`worklist_items`, one indexed range
 * read per kind, stopping at the page), per-kind counts, and registrations still waiting for their first state row.
 */
import { sql } from 'drizzle-orm';
import { notHiddenPerson, Scope } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { rowsOf } from '../../db/executor.ts';
import { DERIVED_KINDS, type DerivedKind, type RecordKind, type WorkKind } from './items.ts';
import { markReminderRead, remindersFor, type ReminderRow } from './reminders.repository.ts';

export interface ItemDbRow extends Record<string, unknown> {
  person_id: string;
  kind: DerivedKind;
  jurisdiction_code: string;
  due_on: string | null;
  overdue: boolean;
  service_type: string;
  channel: string;
  rule: string | null;
  pack_ref: string;
  rule_mask: number;
  rule_dues: (string | null)[] | null;
  detail: string | null;
  name: string;
  id_number_masked: string;
}

export interface PendingRegistration extends Record<string, unknown> {
  person_id: string;
  name: string;
  id_number_masked: string;
  jurisdiction_code: string;
  first_contact_deadline: string;
}

/** An item of a record kind: a re-unemployed registration, or a self-report awaiting verification. */
export interface RecordItemRow extends Record<string, unknown> {
  kind: RecordKind;
  person_id: string;
  /** The registration (re-unemployed) or the self-report (verification). */
  ref: string;
  jurisdiction_code: string;
  due_on: string | null;
  overdue: boolean;
  name: string;
  id_number_masked: string;
  employer_name: string | null;
  started_on: string | null;
  employment_type: string | null;
  /** Re-unemployed: the clause that decided it. */
  source: string | null;
}

export interface WorklistQuery {
  readonly within: string;
  readonly asOf: string;
  readonly kinds: readonly WorkKind[];
  /** Set when one kind was asked for: counts are of that kind only. */
  readonly kind: WorkKind | undefined;
  readonly limit: number;
  readonly offset: number;
  /** Read registrations without a state row yet (first page of first contacts). */
  readonly withPending: boolean;
}

export class WorklistRepository {
  constructor(private readonly db: Database) {}

  async read(q: WorklistQuery): Promise<{ counts: { kind: WorkKind; total: number; overdue: number }[]; rows: ItemDbRow[]; records: RecordItemRow[]; pending: PendingRegistration[] }> {
    const { within, asOf } = q;
    const kinds = q.kinds.filter((k): k is DerivedKind => (DERIVED_KINDS as readonly string[]).includes(k));
    const recordKinds = q.kinds.filter((k): k is RecordKind => !(DERIVED_KINDS as readonly string[]).includes(k));
    // A community (leaf code) reads each kind in index order and stops at the page; larger areas sort the range.
    const inScope = Scope.subtreeSql(sql`w.jurisdiction_code`, within);
    // Items of a hidden file are removed when it is hidden (persons.service); the anti-join keeps reads right regardless.
    const visible = sql`w.visible_from <= ${asOf}::date AND (w.visible_until IS NULL OR w.visible_until >= ${asOf}::date) AND ${notHiddenPerson(sql`w.person_id`)}`;
    const [counts, rows, pending, ...records] = await Promise.all([
      rowsOf<{ kind: WorkKind; total: number; overdue: number }>(
        this.db,
        sql`SELECT w.kind, count(*)::int AS total, count(*) FILTER (WHERE w.overdue_from <= ${asOf}::date)::int AS overdue
            FROM worklist_items w WHERE ${inScope} AND ${visible} ${q.kind ? sql`AND w.kind = ${q.kind}` : sql``}
            GROUP BY w.kind`,
      ),
      kinds.length === 0
        ? Promise.resolve([] as ItemDbRow[])
        : rowsOf<ItemDbRow>(
        this.db,
        sql`SELECT x.person_id::text, x.kind, x.jurisdiction_code, x.due_on::text, x.overdue, x.service_type, x.channel, x.rule, x.pack_ref, x.rule_mask,
                   x.rule_dues::text[] AS rule_dues, x.detail, p.name, p.id_number_masked
            FROM (VALUES ${sql.join(
              kinds.map((k) => sql`(${k})`),
              sql`, `,
            )}) AS k(kind)
            CROSS JOIN LATERAL (
              SELECT w.person_id, w.kind, w.jurisdiction_code, w.due_on, (w.overdue_from IS NOT NULL AND w.overdue_from <= ${asOf}::date) AS overdue,
                     w.service_type, w.channel, w.rule, w.pack_ref, w.rule_mask, w.rule_dues, w.detail
              FROM worklist_items w
              WHERE ${inScope} AND w.kind = k.kind AND ${visible}
              ORDER BY w.due_on, w.person_id
              LIMIT ${q.limit} OFFSET ${q.offset}) x
            JOIN persons p ON p.id = x.person_id
            ORDER BY x.kind, x.due_on, x.person_id`,
      ),
      q.withPending
        ? rowsOf<PendingRegistration>(
            this.db,
            sql`SELECT r.person_id::text, p.name, p.id_number_masked, r.jurisdiction_code, r.first_contact_deadline::text
                FROM registrations r JOIN persons p ON p.id = r.person_id AND p.hidden_at IS NULL
                WHERE r.state = 'active' AND r.first_contact_on IS NULL AND r.first_contact_deadline IS NOT NULL AND ${Scope.subtreeSql(sql`r.jurisdiction_code`, within)}
                  AND NOT EXISTS (SELECT 1 FROM person_service_state s WHERE s.person_id = r.person_id)
                  AND NOT EXISTS (SELECT 1 FROM service_records sr WHERE sr.person_id = r.person_id AND sr.served_on >= r.registered_on AND NOT sr.voided)`,
          )
        : Promise.resolve([] as PendingRegistration[]),
      ...recordKinds.map((k) => this.recordItems(k, within, asOf, q.limit, q.offset)),
    ]);
    const recordCounts = await Promise.all(recordKinds.map((k) => this.recordCount(k, within, asOf)));
    return { counts: [...counts, ...recordCounts], rows, records: records.flat(), pending };
  }

  /** FROM … WHERE of a record kind's items in `within` (hidden files excluded). */
  private recordSource(kind: RecordKind, within: string, asOf: string) {
    switch (kind) {
      case 'reunemployed':
        // Priority until a service is recorded in the new registration period.
        return {
          select: sql`r.person_id::text, r.id::text AS ref, r.jurisdiction_code, r.first_contact_deadline::text AS due_on,
                      (r.first_contact_deadline IS NOT NULL AND r.first_contact_deadline < ${asOf}::date) AS overdue,
                      e.employer_name, e.started_on::text, e.type AS employment_type, r.reunemployed_source AS source`,
          from: sql`registrations r JOIN persons p ON p.id = r.person_id AND p.hidden_at IS NULL
                    LEFT JOIN employment_registrations e ON e.person_id = r.person_id AND e.id = r.reunemployed_after_employment_id
                    WHERE r.state = 'active' AND r.reunemployed_after_employment_id IS NOT NULL AND ${Scope.subtreeSql(sql`r.jurisdiction_code`, within)}
                      AND NOT EXISTS (SELECT 1 FROM service_records sr WHERE sr.person_id = r.person_id AND sr.served_on >= r.registered_on AND NOT sr.voided)`,
          order: sql`r.first_contact_deadline, r.person_id`,
          overdue: sql`r.first_contact_deadline IS NOT NULL AND r.first_contact_deadline < ${asOf}::date`,
        };
      case 'verify_employment':
        return {
          select: sql`s.person_id::text, s.id::text AS ref, s.jurisdiction_code, NULL::text AS due_on, false AS overdue,
                      s.employer_name, s.started_on::text, s.employment_type, NULL::text AS source`,
          from: sql`self_reports s JOIN persons p ON p.id = s.person_id AND p.hidden_at IS NULL
                    WHERE s.state = 'pending' AND s.kind = 'found_job' AND ${Scope.subtreeSql(sql`s.jurisdiction_code`, within)}`,
          order: sql`s.created_at, s.id`,
          overdue: sql`false`,
        };
    }
  }

  private recordItems(kind: RecordKind, within: string, asOf: string, limit: number, offset: number): Promise<RecordItemRow[]> {
    const src = this.recordSource(kind, within, asOf);
    return rowsOf<RecordItemRow>(this.db, sql`SELECT ${kind}::text AS kind, ${src.select}, p.name, p.id_number_masked FROM ${src.from} ORDER BY ${src.order} LIMIT ${limit} OFFSET ${offset}`);
  }

  private async recordCount(kind: RecordKind, within: string, asOf: string): Promise<{ kind: WorkKind; total: number; overdue: number }> {
    const src = this.recordSource(kind, within, asOf);
    const rows = await rowsOf<{ total: number; overdue: number }>(this.db, sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE ${src.overdue})::int AS overdue FROM ${src.from}`);
    return { kind, total: Number(rows[0]?.total ?? 0), overdue: Number(rows[0]?.overdue ?? 0) };
  }

  /** Unread reminders for a caseworker: their own, plus unassigned ones in their jurisdiction. */
  reminders(userId: string, within: string, limit: number): Promise<ReminderRow[]> {
    return remindersFor(this.db, userId, within, limit);
  }

  markReminderRead(personId: string, id: string, within: string): Promise<boolean> {
    return markReminderRead(this.db, personId, id, within);
  }
}
