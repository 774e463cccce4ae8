import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { MEASURES } from './compliance.service.ts';

const ZRate = z.number().nullable();
const ZRow = z.object({
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  registrants: z.number(),
  obligations: z.object({ required: z.number(), met: z.number(), overdue: z.number(), rate: ZRate, people: z.number(), peopleAllMet: z.number() }),
  followUp: z.object({ due: z.number(), onTime: z.number(), rate: ZRate }),
  firstContact: z.object({ due: z.number(), withinDeadline: z.number(), rate: ZRate }),
  staleFiles: z.object({ longTerm: z.number(), stale: z.number() }),
});
const ZPerson = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  tier: z.string(),
  level: z.string(),
  registeredOn: z.string(),
  obligations: z.object({ required: z.number(), met: z.number(), overdue: z.number() }),
  followUpDue: z.string().nullable(),
  followUpOverdue: z.boolean(),
  firstContactDeadline: z.string().nullable(),
  firstContactOn: z.string().nullable(),
  stale: z.boolean(),
  fileVerifiedOn: z.string().nullable(),
});

export function registerComplianceRoutes(api: Api, services: Services): void {
  const c = services.serviceWork.compliance;
  api.get(
    '/v1/compliance',
    {
      config: { permission: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'Per child jurisdiction: obligations met, follow-ups on time, first contact within deadline, stale files',
        querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(),
        response: { 200: z.object({ jurisdiction: z.object({ code: z.string(), name: z.string() }), asOf: z.string(), total: ZRow, items: z.array(ZRow) }) },
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
        querystring: z
          .object({
            jurisdiction: ZDivisionCode.optional(),
            measure: z.enum(MEASURES),
            status: z.enum(['failing', 'ok']).default('failing'),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(500).default(50),
          })
          .strict(),
        response: { 200: z.object({ jurisdiction: z.string(), measure: z.string(), status: z.string(), asOf: z.string(), total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(ZPerson) }) },
      },
    },
    async (req) => c.people(req.ctx, req.query),
  );
}
