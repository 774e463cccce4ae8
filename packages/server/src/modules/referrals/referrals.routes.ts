/** HTTP routes of the social-assistance linkage (thin: the slice's contract → one service call). */
import type { z } from 'zod';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZCivilAffairsReferral, ZDibaoEmployment, ZDibaoEmploymentBody, ZIdParam, ZPersonIdParam, ZReferBody, ZReferralPage, ZReferralQuery, ZRespondBody, ZSocialAssistance } from './referrals.contract.ts';

const tags = ['referrals'];

export function registerReferralRoutes(api: Api, services: Services): void {
  const r = services.referrals;
  api.post('/v1/persons/:personId/civil-affairs-referrals', { config: { permission: 'referral.write' }, schema: { tags, summary: 'Refer to civil affairs (临时救助 / 低保) with the reason', params: ZPersonIdParam, body: ZReferBody, response: { 201: ZCivilAffairsReferral } } }, async (req, reply) => reply.code(201).send(await r.refer(req.ctx, req.params.personId, req.body)));
  api.get('/v1/civil-affairs-referrals', { config: { permission: 'referral.read' }, schema: { tags, summary: 'Referrals in the area and their responses', querystring: ZReferralQuery, response: { 200: ZReferralPage } } }, async (req) => r.list(req.ctx, req.query));
  registerListExport(api, '/v1/civil-affairs-referrals/export.xlsx', {
    permission: 'referral.read',
    tag: 'referrals',
    summary: 'The referrals of the current filter',
    querystring: ZReferralQuery.omit({ page: true, pageSize: true }),
    maxRows: services.config.exportMaxRows,
    list: (ctx, q) => ({ name: 'referrals', columns: REFERRAL_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: (page, pageSize) => r.list(ctx, { ...q, page, pageSize }) }),
  });
  api.post('/v1/civil-affairs-referrals/:id/response', { config: { permission: 'referral.write' }, schema: { tags, summary: 'Record civil affairs’ response', params: ZIdParam, body: ZRespondBody, response: { 200: ZCivilAffairsReferral } } }, async (req) => r.respond(req.ctx, req.params.id, req.body));
  api.post('/v1/persons/:personId/dibao-employment', { config: { permission: 'referral.write' }, schema: { tags, summary: '低保 recipient found work: employment-cost deduction and gradual-exit period (CQ25 七)', params: ZPersonIdParam, body: ZDibaoEmploymentBody, response: { 201: ZDibaoEmployment } } }, async (req, reply) => reply.code(201).send(await r.dibaoEmployment(req.ctx, req.params.personId, req.body)));
  api.get('/v1/persons/:personId/social-assistance', { config: { permission: 'referral.read' }, schema: { tags, summary: 'A person’s referrals and 低保 employment records', params: ZPersonIdParam, response: { 200: ZSocialAssistance } } }, async (req) => r.forPerson(req.ctx, req.params.personId));
}

const REFERRAL_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof ZReferralPage>['items'][number]>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (x) => x.personName },
  { header: { zh: '身份证号', en: 'ID number' }, value: (x) => x.idNumberMasked, width: 22 },
  { header: { zh: '转介类别', en: 'Kind' }, value: (x) => x.kind },
  { header: { zh: '转介原因', en: 'Reason' }, value: (x) => x.reason, width: 30 },
  { header: { zh: '转介日期', en: 'Referred on' }, value: (x) => x.referredOn },
  { header: { zh: '状态', en: 'Status' }, value: (x) => x.status },
  { header: { zh: '答复日期', en: 'Response on' }, value: (x) => x.responseOn },
  { header: { zh: '答复', en: 'Response' }, value: (x) => x.responseNote, width: 30 },
];
