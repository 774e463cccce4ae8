/**
 * Compliance for operators and supervisors, per child jurisdiction, from the precomputed service state (one
 * grouped prefix scan): obligations met (delivered vs required, NM24 二(一) / XC23 三(二)1 / NM22 三(一)),
 * follow-ups on time (NM24 四; XC23 三(三)), first contact within the deadline (人社厅发〔2020〕79号), stale files
 * (R7.5); and the people behind each number.
 */
import { codePrefix } from '../../access/scope.ts';
import type { Database } from '../../db/client.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { TCompliancePeople, TCompliancePeopleQuery, TComplianceSummary } from './compliance.contract.ts';
import { ComplianceRepository, type SummaryRow } from './compliance.repository.ts';

export { MEASURES, type Measure } from './compliance.contract.ts';

function childLength(prefixLength: number): number {
  return prefixLength === 0 ? 2 : prefixLength === 2 ? 4 : prefixLength === 4 ? 6 : prefixLength === 6 ? 9 : 12;
}

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

export class ComplianceService {
  private readonly repo: ComplianceRepository;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.repo = new ComplianceRepository(db);
  }

  async summary(ctx: RequestContext, jurisdiction: string | undefined): Promise<TComplianceSummary> {
    const within = scopeOf(ctx).narrow(jurisdiction);
    const asOf = this.clock.today();
    const rows = await this.repo.summary(within, childLength(codePrefix(within).length), asOf);
    const codes = rows.map((r) => String(r.prefix).padEnd(12, '0'));
    const names = await this.repo.divisionNames(codes.length ? [...codes, within] : []);
    const n = (r: SummaryRow, k: string) => Number(r[k] ?? 0);
    const item = (code: string, r: SummaryRow) => ({
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

  async people(ctx: RequestContext, q: TCompliancePeopleQuery): Promise<TCompliancePeople> {
    const within = scopeOf(ctx).narrow(q.jurisdiction);
    const asOf = this.clock.today();
    const { rows, total } = await this.repo.people({ within, measure: q.measure, status: q.status, asOf, page: q.page, pageSize: q.pageSize, sort: q.sort, order: q.order });
    ctx.audit = { action: 'compliance.people', jurisdictionCode: within, detail: { measure: q.measure, status: q.status } };
    return {
      jurisdiction: within,
      measure: q.measure,
      status: q.status,
      asOf,
      total,
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
        followUpDue: r.follow_up_due ?? null,
        followUpOverdue: r.follow_up_overdue === true,
        firstContactDeadline: r.first_contact_deadline ?? null,
        firstContactOn: r.first_contact_on ?? null,
        stale: r.stale === true,
        fileVerifiedOn: r.file_verified_on ?? null,
      })),
    };
  }
}
