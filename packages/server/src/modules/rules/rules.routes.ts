import { EvaluateInputSchema } from '@bangfu/rules';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZHistoryQuery, ZInForceQuery, ZPackList } from './rules.contract.ts';

export function registerRulesRoutes(api: Api, services: Services): void {
  api.post(
    '/v1/evaluate',
    {
      config: { permission: 'evaluate.run' },
      schema: {
        tags: ['rules'],
        summary: 'What-if: evaluate a case against the rule pack in force (see docs/rules.md)',
        body: EvaluateInputSchema,
      },
    },
    async (req) => services.rules.evaluate(req.ctx, req.body),
  );

  api.get(
    '/v1/rule-packs',
    {
      config: { permission: 'rules.read' },
      schema: { tags: ['rules'], summary: 'All rule packs with their effective periods', response: { 200: ZPackList } },
    },
    async () => ({ items: services.rules.packs() }),
  );

  api.get(
    '/v1/rule-packs/history',
    {
      config: { permission: 'rules.read' },
      schema: {
        tags: ['rules'],
        summary: 'Every pack that has applied or will apply to a jurisdiction, oldest first',
        querystring: ZHistoryQuery,
        response: { 200: ZPackList },
      },
    },
    async (req) => ({ items: services.rules.history(req.query.jurisdiction) }),
  );

  api.get(
    '/v1/rule-packs/in-force',
    {
      config: { permission: 'rules.read' },
      schema: {
        tags: ['rules'],
        summary: 'The pack in force for a jurisdiction and date, with its parameters and sources',
        querystring: ZInForceQuery,
      },
    },
    async (req) => services.rules.inForce(req.query.jurisdiction, req.query.asOf),
  );
}
