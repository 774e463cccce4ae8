import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZReminderParams, ZReminderRead, ZReminders, ZRemindersQuery, ZWorklist, ZWorklistQuery } from './worklist.contract.ts';

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
