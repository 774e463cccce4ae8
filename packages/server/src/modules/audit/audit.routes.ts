import { z } from 'zod';
import { ZAuditEntry, ZAuditQuery } from '../../contract/index.ts';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { AuditRow } from './audit.repository.ts';
import type { Services } from '../../services.ts';

export function registerAuditRoutes(api: Api, services: Services): void {
  api.get(
    '/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of the user’s subtree (admins and supervisors)',
        querystring: ZAuditQuery,
        response: { 200: z.object({ items: z.array(ZAuditEntry), total: z.number() }) },
      },
    },
    async (req) => {
      const { items, total } = await services.audit.list(req.ctx, req.query);
      return { items: items.map((r) => ({ ...r, at: r.at.toISOString() })), total };
    },
  );

  registerListExport(api, '/v1/audit/export.xlsx', {
    permission: 'audit.read',
    tag: 'audit',
    summary: 'The current filter of the audit trail',
    querystring: ZAuditQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'audit', columns: AUDIT_EXPORT_COLUMNS, page: (page, pageSize) => services.audit.list(ctx, { ...q, page, pageSize }) }),
  });
}

const AUDIT_EXPORT_COLUMNS: readonly ExportColumn<AuditRow>[] = [
  { header: { zh: '时间', en: 'Time' }, value: (r) => r.at.toISOString(), width: 26 },
  { header: { zh: '用户', en: 'User' }, value: (r) => r.username },
  { header: { zh: '角色', en: 'Role' }, value: (r) => r.role },
  { header: { zh: '操作', en: 'Action' }, value: (r) => r.action, width: 28 },
  { header: { zh: '对象类型', en: 'Resource type' }, value: (r) => r.resourceType },
  { header: { zh: '对象', en: 'Resource' }, value: (r) => r.resourceId, width: 38 },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (r) => r.jurisdictionCode },
  { header: { zh: '结果', en: 'Outcome' }, value: (r) => r.outcome },
  { header: { zh: '原因', en: 'Reason' }, value: (r) => r.reason, width: 30 },
  { header: { zh: 'IP', en: 'IP' }, value: (r) => r.ip },
];
