/** HTTP routes of policies, subsidies and training (thin: the slice's contract → one service call). */
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  ZApplication,
  ZApplicationList,
  ZApplicationsQuery,
  ZApplyBody,
  ZBatch,
  ZBatchBody,
  ZBatchList,
  ZCandidates,
  ZCandidatesQuery,
  ZCompleteBody,
  ZConfirmBody,
  ZEnrolBody,
  ZEnrolment,
  ZId,
  ZLedger,
  ZLedgerQuery,
  ZPaidBody,
  ZPersonParam,
  ZPersonPolicies,
  ZPolicyList,
  ZPolicyParam,
  ZPolicyQuery,
  ZProgramme,
  ZProgrammeBody,
  ZProgrammeList,
  ZProvider,
  ZProviderBody,
  ZPushBody,
  ZPushResult,
  ZReviewBody,
  ZTotals,
  ZTrainingQuery,
} from './policies.contract.ts';
import { ZDivisionCode } from '../../contract/index.ts';
import { z } from 'zod';
import { sendExport } from '../../http/list-export.ts';

const tags = ['policies'];

export function registerPolicyRoutes(api: Api, services: Services): void {
  const { policies, subsidies, training } = services;
  api.get('/v1/policies', { config: { permission: 'policy.read' }, schema: { tags, summary: 'Policies in force for a jurisdiction (inherited down the division tree)', querystring: ZPolicyQuery, response: { 200: ZPolicyList } } }, async (req) => policies.list(req.ctx, req.query));
  api.get('/v1/me/policies', { config: { permission: 'self.service' }, schema: { tags, summary: 'Citizen: policies for me (qualify / nearly / not, with reasons)', response: { 200: ZPersonPolicies } } }, async (req) => policies.forPerson(req.ctx, req.ctx.actor?.personId ?? '00000000-0000-0000-0000-000000000000'));
  api.get('/v1/persons/:id/policies', { config: { permission: 'policy.read' }, schema: { tags, summary: "A person's policies: qualifies, nearly (missing facts named), not (why)", params: ZPersonParam, response: { 200: ZPersonPolicies } } }, async (req) => policies.forPerson(req.ctx, req.params.id));
  api.get('/v1/policies/:policyId/candidates', { config: { permission: 'policy.read' }, schema: { tags, summary: '免申即享 / 政策找人: people who qualify and have not received it', params: ZPolicyParam, querystring: ZCandidatesQuery, response: { 200: ZCandidates } } }, async (req) => policies.candidates(req.ctx, req.params.policyId, req.query));
  api.get('/v1/policies/:policyId/candidates.xlsx', { config: { permission: 'policy.push' }, schema: { tags, summary: 'The candidate list (xlsx, masked as listed; capped; audited)', params: ZPolicyParam, querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict() } }, async (req, reply) => {
    return sendExport(reply, await policies.candidatesExport(req.ctx, req.params.policyId, req.query.jurisdiction, services.config.exportMaxRows));
  });
  api.post('/v1/policies/:policyId/push', { config: { permission: 'policy.push' }, schema: { tags, summary: 'Push to candidates (outbox + policy_briefing), never twice per person and version', params: ZPolicyParam, body: ZPushBody, response: { 200: ZPushResult } } }, async (req) => policies.push(req.ctx, req.params.policyId, req.body));

  api.post('/v1/subsidy-applications', { config: { permission: 'subsidy.apply' }, schema: { tags, summary: 'Apply for a subsidy on a person’s or employer’s behalf', body: ZApplyBody, response: { 201: ZApplication } } }, async (req, reply) => reply.code(201).send(await subsidies.apply(req.ctx, req.body)));
  api.post('/v1/me/subsidy-applications', { config: { permission: 'self.service' }, schema: { tags, summary: 'Citizen: apply for a subsidy', body: ZApplyBody, response: { 201: ZApplication } } }, async (req, reply) => reply.code(201).send(await subsidies.apply(req.ctx, req.body)));
  api.get('/v1/me/subsidy-applications', { config: { permission: 'self.service' }, schema: { tags, summary: 'Citizen: my subsidy applications', response: { 200: ZApplicationList } } }, async (req) => subsidies.list(req.ctx, {}));
  api.get('/v1/subsidy-applications', { config: { permission: 'subsidy.apply' }, schema: { tags, summary: 'Subsidy applications in the area', querystring: ZApplicationsQuery, response: { 200: ZApplicationList } } }, async (req) => subsidies.list(req.ctx, req.query));
  api.get('/v1/subsidy-applications/:id', { config: { permission: 'subsidy.apply' }, schema: { tags, summary: 'One application', params: ZId, response: { 200: ZApplication } } }, async (req) => subsidies.get(req.ctx, req.params.id));
  api.post('/v1/subsidy-applications/:id/review', { config: { permission: 'subsidy.review' }, schema: { tags, summary: 'Maker: propose approval (amount from the policy rule) or rejection', params: ZId, body: ZReviewBody, response: { 200: ZApplication } } }, async (req) => subsidies.review(req.ctx, req.params.id, req.body));
  api.post('/v1/subsidy-applications/:id/confirm', { config: { permission: 'subsidy.review' }, schema: { tags, summary: 'Checker (not the maker): confirm or send back', params: ZId, body: ZConfirmBody, response: { 200: ZApplication } } }, async (req) => subsidies.confirm(req.ctx, req.params.id, req.body));
  api.get('/v1/payment-batches', { config: { permission: 'subsidy.pay' }, schema: { tags, summary: 'Payment batches', querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(), response: { 200: ZBatchList } } }, async (req) => subsidies.batches(req.ctx, req.query.jurisdiction));
  api.post('/v1/payment-batches', { config: { permission: 'subsidy.pay' }, schema: { tags, summary: 'Take approved applications into a batch (same key → same batch)', body: ZBatchBody, response: { 200: ZBatch } } }, async (req) => subsidies.createBatch(req.ctx, req.body));
  api.get('/v1/payment-batches/:id/file.csv', { config: { permission: 'subsidy.pay' }, schema: { tags, summary: 'The bank file (CSV, layout in docs/policies.md); refused once paid', params: ZId } }, async (req, reply) => {
    const f = await subsidies.exportBatch(req.ctx, req.params.id);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.body);
  });
  api.post('/v1/payment-batches/:id/paid', { config: { permission: 'subsidy.pay' }, schema: { tags, summary: 'Mark the batch paid (once)', params: ZId, body: ZPaidBody, response: { 200: ZBatch } } }, async (req) => subsidies.markPaid(req.ctx, req.params.id, req.body.paidOn));
  api.get('/v1/subsidy-ledger', { config: { permission: 'subsidy.apply' }, schema: { tags, summary: 'Ledger per person, employer, policy and period', querystring: ZLedgerQuery, response: { 200: ZLedger } } }, async (req) => subsidies.ledger(req.ctx, req.query));

  api.get('/v1/subsidy-totals', { config: { permission: 'subsidy.supervise' }, schema: { tags, summary: 'Fund supervision: approved and paid totals by policy, county and month', querystring: z.object({ jurisdiction: ZDivisionCode.optional() }).strict(), response: { 200: ZTotals } } }, async (req) => subsidies.totals(req.ctx, req.query.jurisdiction));
  api.get('/v1/training/programmes', { config: { permission: 'training.read' }, schema: { tags, summary: 'Providers and the published programme list', querystring: ZTrainingQuery, response: { 200: ZProgrammeList } } }, async (req) => training.list(req.ctx, req.query.jurisdiction));
  api.post('/v1/training/providers', { config: { permission: 'training.write' }, schema: { tags, summary: 'Register a designated provider (定点培训机构)', body: ZProviderBody, response: { 201: ZProvider } } }, async (req, reply) => reply.code(201).send(await training.createProvider(req.ctx, req.body)));
  api.post('/v1/training/programmes', { config: { permission: 'training.write' }, schema: { tags, summary: 'Publish a programme', body: ZProgrammeBody, response: { 201: ZProgramme } } }, async (req, reply) => reply.code(201).send(await training.createProgramme(req.ctx, req.body)));
  api.post('/v1/training/programmes/:id/enrol', { config: { permission: 'training.write' }, schema: { tags, summary: 'Enrol a person (counted as training_recommendation)', params: ZId, body: ZEnrolBody, response: { 201: ZEnrolment } } }, async (req, reply) => reply.code(201).send(await training.enrol(req.ctx, req.params.id, req.body.personId)));
  api.post('/v1/training/programmes/:id/complete', { config: { permission: 'training.write' }, schema: { tags, summary: 'Record completion and certificate', params: ZId, body: ZCompleteBody, response: { 200: ZEnrolment } } }, async (req) => training.complete(req.ctx, req.params.id, req.body));
}
