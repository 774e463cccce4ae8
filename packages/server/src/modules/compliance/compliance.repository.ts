/**
 * The compliance slice's SQL: grouped prefix scans of the precomputed service state (`person_service_state`).
 * The measures' conditions live here; the service shapes the numbers.
 */
import { sql, type SQL } from 'drizzle-orm';
import { Scope } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { rowsOf } from '../../db/executor.ts';
import type { SortOrder } from '../../contract/list-query.ts';
import type { CompliancePeopleSort, Measure } from './compliance.contract.ts';

/** One child jurisdiction's counts (`prefix` is the child's code prefix), as `summary` reads them. */
export type SummaryRow = Record<string, number | string>;

export interface PersonStateRow {
  person_id: string;
  name: string;
  id_number_masked: string;
  jurisdiction_code: string;
  tier: string;
  level: string;
  registered_on: string;
  obligations_applicable: number;
  obligations_met: number;
  obligations_overdue: number;
  follow_up_due: string | null;
  follow_up_overdue: boolean;
  first_contact_deadline: string | null;
  first_contact_on: string | null;
  stale: boolean;
  file_verified_on: string | null;
}

/** SQL condition (on `s`) for people counted in a measure, and for those failing it. */
function measureSql(measure: Measure, asOf: string) {
  switch (measure) {
    case 'obligations':
      return { counted: sql`s.obligations_applicable > 0`, failing: sql`s.obligations_met < s.obligations_applicable` };
    case 'follow_up':
      return { counted: sql`s.follow_up_months > 0`, failing: sql`s.follow_up_overdue` };
    case 'first_contact':
      return {
        counted: sql`s.first_contact_deadline IS NOT NULL AND (s.first_contact_on IS NOT NULL OR s.first_contact_deadline < ${asOf}::date)`,
        failing: sql`(s.first_contact_on IS NULL OR s.first_contact_on > s.first_contact_deadline)`,
      };
    case 'stale':
      return { counted: sql`s.tier = 'long'`, failing: sql`s.stale` };
  }
}

export class ComplianceRepository {
  constructor(private readonly db: Database) {}

  /** Counts per child jurisdiction (codes `childLength` long) of the subtree of `within`. */
  async summary(within: string, childLength: number, asOf: string): Promise<SummaryRow[]> {
    return rowsOf<SummaryRow>(
      this.db,
      sql`SELECT left(s.jurisdiction_code, ${childLength}) AS prefix, count(*)::int AS registrants,
                 COALESCE(sum(s.obligations_applicable), 0)::int AS required, COALESCE(sum(s.obligations_met), 0)::int AS met,
                 COALESCE(sum(s.obligations_overdue), 0)::int AS overdue,
                 count(*) FILTER (WHERE s.obligations_applicable > 0)::int AS ob_people, count(*) FILTER (WHERE s.obligations_applicable > 0 AND s.obligations_met = s.obligations_applicable)::int AS ob_people_met,
                 count(*) FILTER (WHERE s.follow_up_months > 0)::int AS fu_total, count(*) FILTER (WHERE s.follow_up_months > 0 AND NOT s.follow_up_overdue)::int AS fu_on_time,
                 count(*) FILTER (WHERE s.first_contact_deadline IS NOT NULL AND (s.first_contact_on IS NOT NULL OR s.first_contact_deadline < ${asOf}::date))::int AS fc_total,
                 count(*) FILTER (WHERE s.first_contact_on IS NOT NULL AND s.first_contact_on <= s.first_contact_deadline)::int AS fc_met,
                 count(*) FILTER (WHERE s.tier = 'long')::int AS long_term, count(*) FILTER (WHERE s.stale)::int AS stale
          FROM person_service_state s WHERE ${Scope.subtreeSql(sql`s.jurisdiction_code`, within)} GROUP BY 1 ORDER BY 1`,
    );
  }

  async divisionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await rowsOf<{ code: string; name: string }>(this.db, sql`SELECT code, name FROM divisions WHERE code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** A page of the people counted in `measure` who fail it (or pass it), with the total. */
  async people(q: { within: string; measure: Measure; status: 'failing' | 'ok'; asOf: string; page: number; pageSize: number; sort: CompliancePeopleSort; order: SortOrder }): Promise<{ rows: PersonStateRow[]; total: number }> {
    const m = measureSql(q.measure, q.asOf);
    const where = sql`${Scope.subtreeSql(sql`s.jurisdiction_code`, q.within)} AND ${m.counted} AND ${q.status === 'failing' ? m.failing : sql`NOT (${m.failing})`}`;
    const [rows, totals] = await Promise.all([
      rowsOf<PersonStateRow>(
        this.db,
        sql`SELECT s.person_id::text AS person_id, p.name, p.id_number_masked, s.jurisdiction_code, s.tier, s.level, s.registered_on::text, s.obligations_applicable, s.obligations_met, s.obligations_overdue,
                   s.follow_up_due::text, s.follow_up_overdue, s.first_contact_deadline::text, s.first_contact_on::text, s.stale, s.file_verified_on::text
            FROM person_service_state s JOIN persons p ON p.id = s.person_id WHERE ${where}
            ORDER BY ${peopleOrder(q.sort, q.order)}, s.person_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      ),
      rowsOf<{ n: number }>(this.db, sql`SELECT count(*)::int AS n FROM person_service_state s WHERE ${where}`),
    ]);
    return { rows, total: Number(totals[0]?.n ?? 0) };
  }
}

/** The people list's ORDER BY (dates without a value last either way); ties by place and name. */
function peopleOrder(sort: CompliancePeopleSort, order: SortOrder): SQL {
  const dir = order === 'desc' ? sql`DESC` : sql`ASC`;
  switch (sort) {
    case 'jurisdiction':
      return sql`s.jurisdiction_code ${dir}, p.name ${dir}`;
    case 'name':
      return sql`p.name ${dir}, s.jurisdiction_code`;
    case 'registeredOn':
      return sql`s.registered_on ${dir} NULLS LAST, s.jurisdiction_code, p.name`;
    case 'followUpDue':
      return sql`s.follow_up_due ${dir} NULLS LAST, s.jurisdiction_code, p.name`;
    case 'firstContactDeadline':
      return sql`s.first_contact_deadline ${dir} NULLS LAST, s.jurisdiction_code, p.name`;
  }
}
