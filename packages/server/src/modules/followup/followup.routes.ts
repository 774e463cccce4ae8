import { z } from 'zod';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZEmployment, ZPersonIdParam } from '../registration/registration.contract.ts';
import { ZConfirmBody, ZFoundJobBody, ZProgressReportBody, ZRejectBody, ZSelfReport, ZSelfReportParams, ZSelfReports } from './followup.contract.ts';

export function registerFollowUpRoutes(api: Api, services: Services): void {
  const fu = services.followUp;
  api.post(
    '/v1/me/self-reports/progress',
    {
      config: { permission: 'self.service' },
      schema: { tags: ['followup'], summary: 'Report own job-search progress (XC23 三(三)); recorded as given', body: ZProgressReportBody, response: { 201: ZSelfReport } },
    },
    async (req, reply) => reply.code(201).send(await fu.reportProgress(req.ctx, req.body)),
  );
  api.post(
    '/v1/me/self-reports/found-job',
    {
      config: { permission: 'self.service' },
      schema: {
        tags: ['followup'],
        summary: '"I found a job": employer, start date and type; creates a verification item for the caseworker (no status changes until confirmed)',
        body: ZFoundJobBody,
        response: { 201: ZSelfReport },
      },
    },
    async (req, reply) => reply.code(201).send(await fu.reportJob(req.ctx, req.body)),
  );
  api.get(
    '/v1/me/self-reports',
    { config: { permission: 'self.service' }, schema: { tags: ['followup'], summary: 'Own self-reports with their outcome (confirmed / rejected with the reason)', response: { 200: ZSelfReports } } },
    async (req) => fu.mine(req.ctx),
  );
  api.get(
    '/v1/persons/:personId/self-reports',
    { config: { permission: 'registration.read' }, schema: { tags: ['followup'], summary: 'A person’s self-reports', params: ZPersonIdParam, response: { 200: ZSelfReports } } },
    async (req) => fu.forPerson(req.ctx, req.params.personId),
  );
  api.post(
    '/v1/persons/:personId/self-reports/:id/confirm',
    {
      config: { permission: 'registration.write' },
      schema: {
        tags: ['followup'],
        summary: 'Confirm a reported employment: makes the employment registration (ends the unemployment registration as hired / self-employed)',
        params: ZSelfReportParams,
        body: ZConfirmBody,
        response: { 200: z.object({ report: ZSelfReport, employment: ZEmployment }) },
      },
    },
    async (req) => fu.confirm(req.ctx, req.params.personId, req.params.id, req.body),
  );
  api.post(
    '/v1/persons/:personId/self-reports/:id/reject',
    {
      config: { permission: 'registration.write' },
      schema: { tags: ['followup'], summary: 'Reject a reported employment with a reason the person sees', params: ZSelfReportParams, body: ZRejectBody, response: { 200: ZSelfReport } },
    },
    async (req) => fu.reject(req.ctx, req.params.personId, req.params.id, req.body.reason),
  );
}
