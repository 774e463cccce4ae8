import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { WORK_KINDS } from './worklist.service.ts';

const ZItem = z.object({
  kind: z.enum(WORK_KINDS),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  dueOn: z.string().nullable(),
  overdue: z.boolean(),
  textZh: z.string(),
  textEn: z.string(),
  rule: z.string().nullable(),
  source: z.string().nullable(),
  action: z.object({ serviceType: z.string(), channel: z.string(), href: z.string() }),
  /** `obligation` items: every unmet obligation rule of the person, earliest deadline first. */
  obligations: z
    .array(z.object({ rule: z.string(), service: z.string(), min: z.number(), dueOn: z.string().nullable(), overdue: z.boolean(), textZh: z.string(), textEn: z.string(), source: z.string() }))
    .optional(),
});
const ZWorklist = z.object({
  jurisdiction: z.string(),
  asOf: z.string(),
  total: z.number(),
  overdue: z.number(),
  groups: z.array(z.object({ kind: z.enum(WORK_KINDS), total: z.number(), overdue: z.number(), items: z.array(ZItem) })),
});
const ZReminder = z.object({ id: z.string(), personId: z.string(), kind: z.string(), dueOn: z.string(), textZh: z.string(), textEn: z.string(), createdAt: z.string() });

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
        querystring: z
          .object({
            jurisdiction: ZDivisionCode.optional(),
            kind: z.enum(WORK_KINDS).optional(),
            limit: z.coerce.number().int().min(1).max(2000).default(500),
            offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
          })
          .strict(),
        response: { 200: ZWorklist },
      },
    },
    async (req) => wl.worklist(req.ctx, req.query),
  );
  api.get(
    '/v1/worklist/reminders',
    {
      config: { permission: 'worklist.read' },
      schema: { tags: ['worklist'], summary: 'Unread reminders: items that became due', querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(), response: { 200: z.object({ items: z.array(ZReminder) }) } },
    },
    async (req) => wl.reminders(req.ctx, req.query.jurisdiction),
  );
  api.post(
    '/v1/worklist/reminders/:personId/:id/read',
    {
      config: { permission: 'worklist.read' },
      schema: { tags: ['worklist'], summary: 'Mark a reminder read', params: z.object({ personId: z.uuid(), id: z.uuid() }).strict(), response: { 200: z.object({ id: z.string(), read: z.boolean() }) } },
    },
    async (req) => wl.markRead(req.ctx, req.params.personId, req.params.id),
  );
}
