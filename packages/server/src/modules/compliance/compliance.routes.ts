/** HTTP routes of compliance monitoring (thin: the slice's contract → one service call). */
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZCompliancePeople, ZCompliancePeopleQuery, ZComplianceQuery, ZComplianceSummary } from './compliance.contract.ts';

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
}
