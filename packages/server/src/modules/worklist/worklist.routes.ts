import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZReminderParams, ZReminderRead, ZReminders, ZRemindersQuery, ZWorklist, ZWorklistQuery, type WorkItem } from './worklist.contract.ts';

export function registerWorklistRoutes(api: Api, services: Services): void {
  const wl = services.serviceWork.worklist;
  api.get(
    '/v1/worklist',
    {
      config: { permission: 'worklist.read' },
      schema: {
        tags: ['worklist'],
        summary:
          'Everything due or overdue in the jurisdiction: per kind the counts and one page of items (`limit` from `offset`; one obligation item per person), overdue first then by deadline',
        querystring: ZWorklistQuery,
        response: { 200: ZWorklist },
      },
    },
    async (req) => wl.worklist(req.ctx, req.query),
  );
  registerListExport(api, '/v1/worklist/export.xlsx', {
    permission: 'worklist.read',
    tag: 'worklist',
    summary: 'The worklist of the jurisdiction (one kind or all)',
    querystring: ZWorklistQuery.omit({ limit: true, offset: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({
      name: 'worklist',
      columns: WORK_EXPORT_COLUMNS,
      jurisdictionCode: q.jurisdiction,
      // Each kind is paged on its own: one page of the export is that page of every kind.
      page: async (page, pageSize) => ({ items: (await wl.worklist(ctx, { ...q, limit: pageSize, offset: (page - 1) * pageSize })).groups.flatMap((g) => g.items) }),
    }),
  });
  api.get(
    '/v1/worklist/reminders',
    {
      config: { permission: 'worklist.read' },
      schema: { tags: ['worklist'], summary: 'Unread reminders: items that became due', querystring: ZRemindersQuery, response: { 200: ZReminders } },
    },
    async (req) => wl.reminders(req.ctx, req.query.jurisdiction),
  );
  api.post(
    '/v1/worklist/reminders/:personId/:id/read',
    {
      config: { permission: 'worklist.read' },
      schema: { tags: ['worklist'], summary: 'Mark a reminder read', params: ZReminderParams, response: { 200: ZReminderRead } },
    },
    async (req) => wl.markRead(req.ctx, req.params.personId, req.params.id),
  );
}

const WORK_EXPORT_COLUMNS: readonly ExportColumn<WorkItem>[] = [
  { header: { zh: '类别', en: 'Kind' }, value: (w) => w.kind },
  { header: { zh: '姓名', en: 'Name' }, value: (w) => w.name },
  { header: { zh: '身份证号', en: 'ID number' }, value: (w) => w.idNumberMasked, width: 22 },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (w) => w.jurisdictionCode },
  { header: { zh: '期限', en: 'Due on' }, value: (w) => w.dueOn },
  { header: { zh: '已逾期', en: 'Overdue' }, value: (w) => (w.overdue ? '是 / yes' : '') },
  { header: { zh: '事项', en: 'Item' }, value: (w) => w.textZh, width: 40 },
  { header: { zh: '依据', en: 'Source' }, value: (w) => w.source, width: 30 },
];
