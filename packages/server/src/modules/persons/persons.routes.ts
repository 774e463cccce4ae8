import { z } from 'zod';
import { ZPersonDetail, ZPersonListItem, ZPersonQuery, ZRevealBody, ZUuidParam } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';

export function registerPersonRoutes(api: Api, services: Services): void {
  api.get(
    '/v1/persons',
    {
      config: { permission: 'person.read' },
      schema: {
        tags: ['persons'],
        summary: 'Search person files in the user’s subtree (masked)',
        querystring: ZPersonQuery,
        response: { 200: z.object({ items: z.array(ZPersonListItem), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => services.persons.list(req.ctx, req.query),
  );

  api.get(
    '/v1/persons/:id',
    {
      config: { permission: 'person.read' },
      schema: { tags: ['persons'], summary: 'One person file (masked; the view is audited)', params: ZUuidParam, response: { 200: ZPersonDetail } },
    },
    async (req) => services.persons.get(req.ctx, req.params.id),
  );

  api.post(
    '/v1/persons/:id/reveal',
    {
      config: { permission: 'person.reveal' },
      schema: {
        tags: ['persons'],
        summary: 'Full ID number and phone (audited with the reason)',
        params: ZUuidParam,
        body: ZRevealBody,
        response: { 200: z.object({ idNumber: z.string(), phone: z.string().nullable() }) },
      },
    },
    async (req) => services.persons.reveal(req.ctx, req.params.id, req.body.reason),
  );
}
