import { z } from 'zod';
import { ZAuditEntry, ZAuditQuery } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
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
}
