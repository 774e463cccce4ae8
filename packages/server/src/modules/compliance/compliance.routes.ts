/** HTTP routes of compliance monitoring (thin: the slice's contract → one service call). */
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { type TCompliancePeople, ZCompliancePeople, ZCompliancePeopleQuery, ZComplianceQuery, ZComplianceSummary } from './compliance.contract.ts';

export function registerComplianceRoutes(api: Api, services: Services): void {
  const c = services.serviceWork.compliance;
  api.get(
    '/v1/compliance',
    {
      config: { permission: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'Per child jurisdiction: obligations met, follow-ups on time, first contact within deadline, stale files',
        querystring: ZComplianceQuery,
        response: { 200: ZComplianceSummary },
      },
    },
    async (req) => c.summary(req.ctx, req.query.jurisdiction),
  );
  api.get(
    '/v1/compliance/people',
    {
      config: { permission: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'The people behind a compliance number (failing or ok)',
        querystring: ZCompliancePeopleQuery,
        response: { 200: ZCompliancePeople },
      },
    },
    async (req) => c.people(req.ctx, req.query),
  );
  registerListExport(api, '/v1/compliance/people/export.xlsx', {
    permission: 'compliance.read',
    tag: 'compliance',
    summary: 'The people behind a compliance number (failing or ok)',
    querystring: ZCompliancePeopleQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'compliance-people', columns: PEOPLE_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: (page, pageSize) => c.people(ctx, { ...q, page, pageSize }) }),
  });
}

const PEOPLE_EXPORT_COLUMNS: readonly ExportColumn<TCompliancePeople['items'][number]>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (p) => p.name },
  { header: { zh: '身份证号（脱敏）', en: 'ID number (masked)' }, value: (p) => p.idNumberMasked, width: 22 },
  { header: { zh: '辖区代码', en: 'Jurisdiction code' }, value: (p) => p.jurisdictionCode, width: 14 },
  { header: { zh: '服务层级', en: 'Tier' }, value: (p) => p.tier },
  { header: { zh: '登记日期', en: 'Registered on' }, value: (p) => p.registeredOn },
  { header: { zh: '应服务', en: 'Obligations' }, value: (p) => p.obligations.required },
  { header: { zh: '已完成', en: 'Met' }, value: (p) => p.obligations.met },
  { header: { zh: '逾期', en: 'Overdue' }, value: (p) => p.obligations.overdue },
  { header: { zh: '回访到期', en: 'Follow-up due' }, value: (p) => p.followUpDue },
  { header: { zh: '首次联系期限', en: 'First contact deadline' }, value: (p) => p.firstContactDeadline },
  { header: { zh: '首次联系日期', en: 'First contact on' }, value: (p) => p.firstContactOn },
  { header: { zh: '档案核实日期', en: 'File verified on' }, value: (p) => p.fileVerifiedOn },
];
