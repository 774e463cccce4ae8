import { z } from 'zod';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  ZBulkBody,
  ZBulkCreated,
  ZCorrectionBody,
  ZDiary,
  ZListQuery,
  ZOutcomeBody,
  ZPersonParam,
  ZPosting,
  ZPostingBody,
  ZPostingsQuery,
  ZPrintableParam,
  ZRecordParam,
  ZServiceBody,
  ZServiceCreated,
  ZServiceRecord,
  ZServiceState,
} from './services.contract.ts';

const ZRunBody = z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), wait: z.boolean().default(false) }).strict();
const ZRun = z.object({
  id: z.string(),
  job: z.string(),
  trigger: z.string(),
  asOf: z.string(),
  state: z.string(),
  total: z.number(),
  done: z.number(),
  percent: z.number(),
  etaSeconds: z.number().nullable(),
  stats: z.unknown(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export function registerServiceRoutes(api: Api, services: Services): void {
  const svc = services.serviceWork.services;
  const tags = ['services'];

  api.post(
    '/v1/persons/:id/services',
    {
      config: { permission: 'service.write' },
      schema: {
        tags,
        summary: 'Record a service (idempotent with Idempotency-Key); recomputes the service state in the same transaction',
        params: ZPersonParam,
        body: ZServiceBody,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }).passthrough(),
        response: { 200: ZServiceCreated, 201: ZServiceCreated },
      },
    },
    async (req, reply) => {
      const r = await svc.record(req.ctx, req.params.id, req.body, req.headers['idempotency-key'] as string | undefined);
      return reply.code(r.replayed ? 200 : 201).send(r);
    },
  );

  api.get(
    '/v1/persons/:id/services',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'A person’s service records, oldest first', params: ZPersonParam, querystring: ZListQuery, response: { 200: z.object({ items: z.array(ZServiceRecord) }) } } },
    async (req) => svc.list(req.ctx, req.params.id, req.query.includeSuperseded === 'true'),
  );

  api.post(
    '/v1/persons/:id/services/:serviceId/corrections',
    { config: { permission: 'service.write' }, schema: { tags, summary: 'Correct a record: a new record supersedes it, with the reason', params: ZRecordParam, body: ZCorrectionBody, response: { 200: ZServiceCreated, 201: ZServiceCreated } } },
    async (req, reply) => {
      const r = await svc.correct(req.ctx, req.params.id, req.params.serviceId, req.body);
      return reply.code(r.replayed ? 200 : 201).send(r);
    },
  );

  api.post(
    '/v1/persons/:id/services/:serviceId/outcome',
    { config: { permission: 'service.write' }, schema: { tags, summary: 'Result of a job recommendation (interviewed / hired / declined with reason)', params: ZRecordParam, body: ZOutcomeBody, response: { 200: ZServiceCreated, 201: ZServiceCreated } } },
    async (req, reply) => {
      const r = await svc.outcome(req.ctx, req.params.id, req.params.serviceId, req.body);
      return reply.code(r.replayed ? 200 : 201).send(r);
    },
  );

  api.post(
    '/v1/services/bulk',
    { config: { permission: 'service.write' }, schema: { tags, summary: 'Record the same service for many people in one transaction (all or nothing)', body: ZBulkBody, response: { 201: ZBulkCreated } } },
    async (req, reply) => reply.code(201).send(await svc.bulk(req.ctx, req.body)),
  );

  api.get(
    '/v1/persons/:id/service-state',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'Tier, level, class, obligations, follow-up and stale flag, with explanations', params: ZPersonParam, response: { 200: ZServiceState } } },
    async (req) => svc.state(req.ctx, req.params.id),
  );

  api.post(
    '/v1/persons/:id/service-state/recompute',
    { config: { permission: 'service.write' }, schema: { tags, summary: 'Recompute the stored service state now (after changes made elsewhere)', params: ZPersonParam, response: { 200: ZServiceState } } },
    async (req) => svc.recompute(req.ctx, req.params.id),
  );

  api.get(
    '/v1/persons/:id/diary',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'Assistance diary (帮扶日记): registrations, services, contacts, status changes, marks, decisions', params: ZPersonParam, response: { 200: ZDiary } } },
    async (req) => svc.diary(req.ctx, req.params.id),
  );

  api.get('/v1/persons/:id/diary.pdf', { config: { permission: 'service.read' }, schema: { tags, summary: 'Assistance diary, printable PDF', params: ZPersonParam } }, async (req, reply) => {
    const { pdf, filename } = await svc.diaryPdf(req.ctx, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
  });

  api.get(
    '/v1/persons/:id/printables/:kind',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'Policy 明白卡, service list or office list for the person’s jurisdiction (PDF)', params: ZPrintableParam } },
    async (req, reply) => {
      const { pdf, filename } = await svc.printable(req.ctx, req.params.id, req.params.kind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );

  api.get(
    '/v1/job-postings',
    { config: { permission: 'service.read' }, schema: { tags, summary: 'Job postings in the jurisdiction', querystring: ZPostingsQuery, response: { 200: z.object({ items: z.array(ZPosting) }) } } },
    async (req) => services.serviceWork.postings.list(req.ctx, req.query.jurisdiction),
  );

  api.post(
    '/v1/job-postings',
    { config: { permission: 'service.write' }, schema: { tags, summary: 'Add a job posting', body: ZPostingBody, response: { 201: ZPosting } } },
    async (req, reply) => reply.code(201).send(await services.serviceWork.postings.create(req.ctx, req.body)),
  );

  api.post(
    '/v1/jobs/service-state/run',
    { config: { permission: 'jobs.run' }, schema: { tags: ['jobs'], summary: 'Run the nightly service-state recomputation now', body: ZRunBody, response: { 200: ZRun, 202: ZRun } } },
    async (req, reply) => {
      const run = await services.serviceWork.jobs.start(req.ctx, req.body.asOf, req.body.wait);
      return reply.code(run.state === 'running' ? 202 : 200).send(run);
    },
  );

  api.get(
    '/v1/jobs/runs',
    { config: { permission: 'jobs.run' }, schema: { tags: ['jobs'], summary: 'Recent job runs with progress (percent, rows, ETA)', response: { 200: z.object({ items: z.array(ZRun) }) } } },
    async () => ({ items: await services.serviceWork.jobs.runs() }),
  );
}
