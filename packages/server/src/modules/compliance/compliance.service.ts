/**
 * Compliance for operators and supervisors, per child jurisdiction, from the precomputed service state (one
 * grouped prefix scan): obligations met (delivered vs required, NM24 二(一) / XC23 三(二)1 / NM22 三(一)),
 * follow-ups on time (NM24 四; XC23 三(三)), first contact within the deadline (人社厅发〔2020〕79号), stale files
 * (R7.5); and the people behind each number.
 */
import { sql } from 'drizzle-orm';
import { codePrefix, Scope } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { rowsOf } from '../services/service-state.repository.ts';
import type { TCompliancePeople, TComplianceSummary } from './compliance.contract.ts';

export const MEASURES = ['obligations', 'follow_up', 'first_contact', 'stale'] as const;
export type Measure = (typeof MEASURES)[number];

function childLength(prefixLength: number): number {
  return prefixLength === 0 ? 2 : prefixLength === 2 ? 4 : prefixLength === 4 ? 6 : prefixLength === 6 ? 9 : 12;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

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

export class ComplianceService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async summary(ctx: RequestContext, jurisdiction: string | undefined): Promise<TComplianceSummary> {
    const within = scopeOf(ctx).narrow(jurisdiction);
    const asOf = this.clock.today();
    const prefix = codePrefix(within);
    const len = childLength(prefix.length);
    const rows = await rowsOf<Record<string, number | string>>(
      this.db,
      sql`SELECT left(s.jurisdiction_code, ${len}) AS prefix, count(*)::int AS registrants,
                 COALESCE(sum(s.obligations_applicable), 0)::int AS required, COALESCE(sum(s.obligations_met), 0)::int AS met,
                 COALESCE(sum(s.obligations_overdue), 0)::int AS overdue,
                 count(*) FILTER (WHERE s.obligations_applicable > 0)::int AS ob_people, count(*) FILTER (WHERE s.obligations_applicable > 0 AND s.obligations_met = s.obligations_applicable)::int AS ob_people_met,
                 count(*) FILTER (WHERE s.follow_up_months > 0)::int AS fu_total, count(*) FILTER (WHERE s.follow_up_months > 0 AND NOT s.follow_up_overdue)::int AS fu_on_time,
                 count(*) FILTER (WHERE s.first_contact_deadline IS NOT NULL AND (s.first_contact_on IS NOT NULL OR s.first_contact_deadline < ${asOf}::date))::int AS fc_total,
                 count(*) FILTER (WHERE s.first_contact_on IS NOT NULL AND s.first_contact_on <= s.first_contact_deadline)::int AS fc_met,
                 count(*) FILTER (WHERE s.tier = 'long')::int AS long_term, count(*) FILTER (WHERE s.stale)::int AS stale
          FROM person_service_state s WHERE ${Scope.subtreeSql(sql`s.jurisdiction_code`, within)} GROUP BY 1 ORDER BY 1`,
    );
    const codes = rows.map((r) => String(r.prefix).padEnd(12, '0'));
    const names = new Map(
      (codes.length ? await rowsOf<{ code: string; name: string }>(this.db, sql`SELECT code, name FROM divisions WHERE code IN (${sql.join([...codes, within].map((c) => sql`${c}`), sql`, `)})`) : []).map((r) => [r.code, r.name]),
    );
    const n = (r: Record<string, number | string>, k: string) => Number(r[k] ?? 0);
    const item = (code: string, r: Record<string, number | string>) => ({
      jurisdiction: { code, name: names.get(code) ?? code },
      registrants: n(r, 'registrants'),
      obligations: { required: n(r, 'required'), met: n(r, 'met'), overdue: n(r, 'overdue'), rate: rate(n(r, 'met'), n(r, 'required')), people: n(r, 'ob_people'), peopleAllMet: n(r, 'ob_people_met') },
      followUp: { due: n(r, 'fu_total'), onTime: n(r, 'fu_on_time'), rate: rate(n(r, 'fu_on_time'), n(r, 'fu_total')) },
      firstContact: { due: n(r, 'fc_total'), withinDeadline: n(r, 'fc_met'), rate: rate(n(r, 'fc_met'), n(r, 'fc_total')) },
      staleFiles: { longTerm: n(r, 'long_term'), stale: n(r, 'stale') },
    });
    const total: Record<string, number> = {};
    for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== 'prefix') total[k] = (total[k] ?? 0) + Number(v);
    ctx.audit = { action: 'compliance.view', jurisdictionCode: within };
    return { jurisdiction: { code: within, name: names.get(within) ?? within }, asOf, total: item(within, total), items: rows.map((r, i) => item(codes[i]!, r)) };
  }

  async people(ctx: RequestContext, q: { jurisdiction?: string | undefined; measure: Measure; status: 'failing' | 'ok'; page: number; pageSize: number }): Promise<TCompliancePeople> {
    const within = scopeOf(ctx).narrow(q.jurisdiction);
    const asOf = this.clock.today();
    const m = measureSql(q.measure, asOf);
    const where = sql`${Scope.subtreeSql(sql`s.jurisdiction_code`, within)} AND ${m.counted} AND ${q.status === 'failing' ? m.failing : sql`NOT (${m.failing})`}`;
    const [rows, totals] = await Promise.all([
      rowsOf<Record<string, unknown>>(
        this.db,
        sql`SELECT s.person_id::text AS person_id, p.name, p.id_number_masked, s.jurisdiction_code, s.tier, s.level, s.registered_on::text, s.obligations_applicable, s.obligations_met, s.obligations_overdue,
                   s.follow_up_due::text, s.follow_up_overdue, s.first_contact_deadline::text, s.first_contact_on::text, s.stale, s.file_verified_on::text
            FROM person_service_state s JOIN persons p ON p.id = s.person_id WHERE ${where}
            ORDER BY s.jurisdiction_code, p.name, s.person_id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      ),
      rowsOf<{ n: number }>(this.db, sql`SELECT count(*)::int AS n FROM person_service_state s WHERE ${where}`),
    ]);
    ctx.audit = { action: 'compliance.people', jurisdictionCode: within, detail: { measure: q.measure, status: q.status } };
    return {
      jurisdiction: within,
      measure: q.measure,
      status: q.status,
      asOf,
      total: Number(totals[0]?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
      items: rows.map((r) => ({
        personId: String(r.person_id),
        name: String(r.name),
        idNumberMasked: String(r.id_number_masked),
        jurisdictionCode: String(r.jurisdiction_code),
        tier: String(r.tier),
        level: String(r.level),
        registeredOn: String(r.registered_on),
        obligations: { required: Number(r.obligations_applicable), met: Number(r.obligations_met), overdue: Number(r.obligations_overdue) },
        followUpDue: (r.follow_up_due as string | null) ?? null,
        followUpOverdue: r.follow_up_overdue === true,
        firstContactDeadline: (r.first_contact_deadline as string | null) ?? null,
        firstContactOn: (r.first_contact_on as string | null) ?? null,
        stale: r.stale === true,
        fileVerifiedOn: (r.file_verified_on as string | null) ?? null,
      })),
    };
  }
}
