/** HTTP routes of the assistance slice (thin: zod schemas → one service call). */
import { z } from 'zod';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import * as C from './assistance.contract.ts';
import type { WorklistTask } from './assistance.repository.ts';
import { TRANSITIONS as T } from './assistance.workflow.ts';

const tags = ['assistance'];

export function registerAssistanceRoutes(api: Api, services: Services): void {
  const a = services.assistance;
  const plans = services.assistancePlans;
  const zero = services.zeroEmployment;
  const pdf = (name: string, body: Buffer, reply: { type(t: string): { header(k: string, v: string): { send(b: Buffer): unknown } } }) => reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(body);

  api.get('/v1/assistance-commitment', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Written commitment text of a recognition application (current version)', response: { 200: C.ZSignedText } } }, async () => a.commitment());
  api.get('/v1/me/assistance-commitment', { config: { permission: 'self.service' }, schema: { tags, summary: 'Written commitment text (citizen)', response: { 200: C.ZSignedText } } }, async () => a.commitment());
  api.post('/v1/persons/:personId/assistance/evaluate', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Difficulty criteria for a person now: categories met, missing facts (nothing written)', params: C.ZPersonParam, body: C.ZEvaluateBody, response: { 200: C.ZEvaluation } } }, async (req) => a.evaluate(req.ctx, req.params.personId, req.body.facts));
  api.post('/v1/persons/:personId/assistance-applications', { config: { permission: 'assistance.apply' }, schema: { tags, summary: 'Apply for recognition on the person’s behalf (就业困难人员认定申请)', params: C.ZPersonParam, body: C.ZApplyBody, response: { 201: C.ZApplication } } }, async (req, reply) => reply.code(201).send(await a.apply(req.ctx, req.params.personId, req.body, 'caseworker')));
  api.get('/v1/persons/:personId/assistance-applications', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'A person’s recognition applications', params: C.ZPersonParam, response: { 200: z.object({ items: z.array(C.ZApplication) }) } } }, async (req) => a.forPerson(req.ctx, req.params.personId));
  api.post('/v1/me/assistance-applications', { config: { permission: 'self.service' }, schema: { tags, summary: 'Citizen applies for recognition with the written commitment', body: C.ZCitizenApplyBody, response: { 201: C.ZApplication } } }, async (req, reply) => {
    const personId = req.ctx.actor?.personId ?? '00000000-0000-0000-0000-000000000000';
    return reply.code(201).send(await a.apply(req.ctx, personId, req.body, 'citizen'));
  });
  api.get('/v1/me/assistance-applications', { config: { permission: 'self.service' }, schema: { tags, summary: 'The citizen’s own applications', response: { 200: z.object({ items: z.array(C.ZApplication) }) } } }, async (req) => a.mine(req.ctx));
  api.get('/v1/assistance-applications', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Applications in the user’s area', querystring: C.ZListQuery, response: { 200: C.ZApplicationList } } }, async (req) => a.list(req.ctx, req.query));
  registerListExport(api, '/v1/assistance-applications/export.xlsx', {
    permission: 'assistance.read',
    tag: 'assistance',
    summary: 'The applications of the current filter',
    querystring: C.ZListQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'assistance', columns: APPLICATION_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: (page, pageSize) => a.list(ctx, { ...q, page, pageSize }) }),
  });
  api.get('/v1/assistance-applications/:id', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'An application with its evaluation, notice, objections and event log', params: C.ZIdParam, response: { 200: C.ZApplication } } }, async (req) => a.get(req.ctx, req.params.id));
  api.post('/v1/assistance-applications/:id/precheck', { config: { permission: T['precheck.approve'].permission }, schema: { tags, summary: 'Community pre-check (maker–checker)', params: C.ZIdParam, body: C.ZDecisionBody, response: { 200: C.ZApplication } } }, async (req) => a.precheck(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/review', { config: { permission: T['review.approve'].permission }, schema: { tags, summary: 'County review; approval opens the public notice (公示)', params: C.ZIdParam, body: C.ZDecisionBody, response: { 200: C.ZApplication } } }, async (req) => a.review(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/objections', { config: { permission: T['objection.record'].permission }, schema: { tags, summary: 'Record an objection raised during the notice (suspends recognition)', params: C.ZIdParam, body: C.ZObjectionBody, response: { 200: C.ZApplication } } }, async (req) => a.objection(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/objections/:objectionId/resolve', { config: { permission: T['objection.resolve'].permission }, schema: { tags, summary: 'Resolve an objection: dismissed (notice continues) or upheld (rejected)', params: C.ZObjectionParam, body: C.ZResolveBody, response: { 200: C.ZApplication } } }, async (req) => a.resolveObjection(req.ctx, req.params.id, req.params.objectionId, req.body));
  api.post('/v1/assistance-applications/:id/recognise', { config: { permission: T.recognise.permission }, schema: { tags, summary: 'Recognise after the notice period: issues the assistance card and the difficulty mark', params: C.ZIdParam, body: C.ZRecogniseBody, response: { 200: C.ZApplication } } }, async (req) => a.recognise(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/appeal', { config: { permission: T.appeal.permission }, schema: { tags, summary: 'Appeal a rejection (back to county review)', params: C.ZIdParam, body: C.ZAppealBody, response: { 200: C.ZApplication } } }, async (req) => a.appeal(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/recheck', { config: { permission: T.recheck.permission }, schema: { tags, summary: 'Periodic re-check of the criteria', params: C.ZIdParam, body: C.ZRecheckBody, response: { 200: C.ZApplication } } }, async (req) => a.recheck(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/handover-assessment', { config: { permission: T.handover.permission }, schema: { tags, summary: 'Hand-over assessment before the assistance period ends (CQ25 四)', params: C.ZIdParam, body: C.ZHandoverBody, response: { 200: C.ZApplication } } }, async (req) => a.handover(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-applications/:id/exit', { config: { permission: T.exit.permission }, schema: { tags, summary: 'Exit from assistance (ends the difficulty mark); grounds checked against the pack', params: C.ZIdParam, body: C.ZExitBody, response: { 200: C.ZApplication } } }, async (req) => a.exit(req.ctx, req.params.id, req.body));
  api.get('/v1/assistance-applications/:id/card.pdf', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Printable assistance card (就业援助卡)', params: C.ZIdParam } }, async (req, reply) => {
    const { pdf: body, fileName } = await a.card(req.ctx, req.params.id);
    return pdf(fileName, body, reply);
  });
  api.get('/v1/assistance/notices', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Public notices running (masked name, sex, age, category, period, contact)', querystring: C.ZNoticesQuery, response: { 200: C.ZNotices } } }, async (req) => a.notices(req.ctx, req.query));
  api.get('/v1/assistance/candidates', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Proactive candidates (服务找人): meet the criteria but not recognised; long-term unemployed. The whole jurisdiction, paged, with the exact total', querystring: C.ZCandidatesQuery, response: { 200: C.ZCandidates } } }, async (req) => a.candidates(req.ctx, req.query));
  api.get('/v1/assistance/worklist', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Due steps (pre-checks, reviews, recognitions, re-checks, hand-over assessments, ended periods): the whole subtree, most urgent first, paged with the exact total and per-task counts', querystring: C.ZWorklistQuery, response: { 200: C.ZWorklist } } }, async (req) =>
    a.worklist(req.ctx, { ...req.query, task: req.query.task?.split(',') as WorklistTask[] | undefined }),
  );

  api.get('/v1/assistance-agreement', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Assistance agreement text (current version)', response: { 200: C.ZSignedText } } }, async () => plans.agreementText());
  api.post('/v1/assistance-applications/:id/plan', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Make the personal assistance plan (一人一策)', params: C.ZIdParam, body: C.ZPlanBody, response: { 201: C.ZPlan } } }, async (req, reply) => reply.code(201).send(await plans.create(req.ctx, req.params.id, req.body)));
  api.get('/v1/persons/:personId/assistance-workers', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Staff who may be responsible for the person’s plan (首问负责制): active, may make plans, jurisdiction covering the person, within the user’s area', params: C.ZPersonParam, response: { 200: C.ZWorkers } } }, async (req) => plans.workers(req.ctx, req.params.personId));
  api.post('/v1/assistance-plans/:id/responsible-worker', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Hand the plan to another responsible worker (with the reason)', params: C.ZIdParam, body: C.ZReassignBody, response: { 200: C.ZPlan } } }, async (req) => plans.reassign(req.ctx, req.params.id, req.body));
  api.get('/v1/assistance-plans/overdue', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Overdue plan measures in the area', querystring: C.ZJurisdictionQuery, response: { 200: C.ZOverdueMeasures } } }, async (req) => plans.overdue(req.ctx, req.query.jurisdiction));
  api.get('/v1/assistance-plans/:id', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'A plan with measures and progress', params: C.ZIdParam, response: { 200: C.ZPlan } } }, async (req) => plans.get(req.ctx, req.params.id));
  api.post('/v1/assistance-plans/:id/measures', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Add measures', params: C.ZIdParam, body: C.ZMeasuresBody, response: { 200: C.ZPlan } } }, async (req) => plans.addMeasures(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-plans/:id/agree', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Record the agreement (text version + consent)', params: C.ZIdParam, body: C.ZAgreeBody, response: { 200: C.ZPlan } } }, async (req) => plans.agree(req.ctx, req.params.id, req.body));
  api.post('/v1/assistance-plans/:id/measures/:measureId/complete', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Mark a measure done', params: C.ZMeasureParam, body: C.ZCompleteBody, response: { 200: C.ZPlan } } }, async (req) => plans.completeMeasure(req.ctx, req.params.id, req.params.measureId, req.body));
  api.post('/v1/assistance-plans/:id/employment', { config: { permission: 'assistance.plan' }, schema: { tags, summary: 'Employment found: stabilisation follow-ups and subsidies to apply for', params: C.ZIdParam, body: C.ZEmployedBody, response: { 200: C.ZPlan } } }, async (req) => plans.employed(req.ctx, req.params.id, req.body));
  api.get('/v1/assistance-plans/:id/agreement.pdf', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Printable assistance agreement', params: C.ZIdParam } }, async (req, reply) => {
    const { pdf: body, fileName } = await plans.agreementPdf(req.ctx, req.params.id);
    return pdf(fileName, body, reply);
  });

  api.get('/v1/assistance/zero-employment', { config: { permission: 'assistance.read' }, schema: { tags, summary: 'Live count of uncleared zero-employment families with each family’s age in days', querystring: C.ZJurisdictionQuery, response: { 200: C.ZZeroLive } } }, async (req) => zero.live(req.ctx, req.query.jurisdiction));
  api.post('/v1/households/:householdId/zero-employment/confirm', { config: { permission: 'assistance.apply' }, schema: { tags, summary: 'Confirm a detected zero-employment family; opens the immediate-assistance task', params: C.ZHouseholdParam, body: C.ZConfirmBody, response: { 200: C.ZZeroConfirmed } } }, async (req) => zero.confirm(req.ctx, req.params.householdId, req.body));
  api.post('/v1/households/:householdId/zero-employment/assistance', { config: { permission: 'assistance.apply' }, schema: { tags, summary: 'Record the immediate job assistance', params: C.ZHouseholdParam, body: C.ZAssistBody, response: { 200: C.ZZeroAssisted } } }, async (req) => zero.assist(req.ctx, req.params.householdId, req.body));
}

const APPLICATION_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof C.ZApplicationList>['items'][number]>[] = [
  { header: { zh: '申请编号', en: 'Application no.' }, value: (r) => r.applicationNo, width: 22 },
  { header: { zh: '姓名', en: 'Name' }, value: (r) => r.personName },
  { header: { zh: '身份证号', en: 'ID number' }, value: (r) => r.idNumberMasked, width: 22 },
  { header: { zh: '辖区', en: 'Jurisdiction' }, value: (r) => r.jurisdictionCode },
  { header: { zh: '状态', en: 'State' }, value: (r) => r.stateZh },
  { header: { zh: '申请日期', en: 'Submitted on' }, value: (r) => r.submittedOn },
  { header: { zh: '初审期限', en: 'Pre-check due' }, value: (r) => r.precheckDue },
  { header: { zh: '复审期限', en: 'Review due' }, value: (r) => r.reviewDue },
  { header: { zh: '认定日期', en: 'Recognised on' }, value: (r) => r.recognisedOn },
  { header: { zh: '援助卡号', en: 'Card no.' }, value: (r) => r.cardNo },
];
