import { z } from 'zod';
import { ZCodeParam, ZDashboard, ZDivisionCode, ZJurisdiction, ZOffice } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';

export function registerOrgRoutes(api: Api, services: Services): void {
  api.get(
    '/v1/jurisdictions/:code',
    {
      config: { permission: 'org.read' },
      schema: { tags: ['org'], summary: 'A jurisdiction in the user’s subtree, with its path', params: ZCodeParam, response: { 200: ZJurisdiction.extend({ path: z.array(ZJurisdiction) }) } },
    },
    async (req) => services.org.jurisdiction(req.ctx, req.params.code),
  );

  api.get(
    '/v1/jurisdictions/:code/children',
    {
      config: { permission: 'org.read' },
      schema: { tags: ['org'], summary: 'Child jurisdictions', params: ZCodeParam, response: { 200: z.object({ items: z.array(ZJurisdiction) }) } },
    },
    async (req) => ({ items: await services.org.children(req.ctx, req.params.code) }),
  );

  api.get(
    '/v1/offices',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: 'Public employment offices in a jurisdiction subtree',
        querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(),
        response: { 200: z.object({ items: z.array(ZOffice) }) },
      },
    },
    async (req) => ({
      items: (await services.org.offices(req.ctx, req.query.jurisdiction)).map((o) => ({
        id: o.id,
        name: o.name,
        level: o.level,
        jurisdictionCode: o.jurisdictionCode,
        address: o.address,
        phone: o.phone,
      })),
    }),
  );

  api.get(
    '/v1/dashboard',
    {
      config: { permission: 'org.read' },
      schema: {
        tags: ['org'],
        summary: 'Counts for the home page',
        querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(),
        response: { 200: ZDashboard },
      },
    },
    async (req) => services.org.dashboard(req.ctx, req.query.jurisdiction),
  );
}
