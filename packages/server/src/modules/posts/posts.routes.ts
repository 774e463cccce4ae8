/** HTTP routes of public-welfare posts (thin: the slice's contract → one service call). */
import type { z } from 'zod';
import { registerListExport, type ExportColumn } from '../../http/list-export.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  ZAlertsQuery,
  ZCandidatesQuery,
  ZComplaintBody,
  ZComplaintParam,
  ZExitBody,
  ZExtendBody,
  ZExtensionPreview,
  ZId,
  ZInvestigateBody,
  ZInvestigated,
  ZPlaceBody,
  ZPlacementId,
  ZPostAlerts,
  ZPostBody,
  ZPostCandidates,
  ZPostComplaint,
  ZPostList,
  ZPostListQuery,
  ZPostPlacement,
  ZStatusBody,
  type ZWelfarePost,
  ZWelfarePostDetail,
} from './posts.contract.ts';

const tags = ['posts'];

export function registerPostRoutes(api: Api, services: Services): void {
  const posts = services.posts;
  api.post('/v1/posts', { config: { permission: 'post.write' }, schema: { tags, summary: 'Register a public-welfare post (公益性岗位)', body: ZPostBody, response: { 201: ZWelfarePostDetail } } }, async (req, reply) => reply.code(201).send(await posts.create(req.ctx, req.body)));
  api.get('/v1/posts', { config: { permission: 'post.read' }, schema: { tags, summary: 'Posts in the area', querystring: ZPostListQuery, response: { 200: ZPostList } } }, async (req) => posts.list(req.ctx, req.query));
  registerListExport(api, '/v1/posts/export.xlsx', {
    permission: 'post.read',
    tag: 'posts',
    summary: 'The posts register of the current filter',
    querystring: ZPostListQuery,
    maxRows: services.config.exportMaxRows,
    // The register is not paged: its one page is the whole filter.
    list: (ctx, q) => ({ name: 'posts', columns: POST_EXPORT_COLUMNS, jurisdictionCode: q.jurisdiction, page: async (page) => (page === 1 ? posts.list(ctx, q) : { items: [] }) }),
  });
  api.get('/v1/posts/alerts', { config: { permission: 'post.read' }, schema: { tags, summary: 'Placements whose term ends within N days', querystring: ZAlertsQuery, response: { 200: ZPostAlerts } } }, async (req) => posts.alerts(req.ctx, req.query));
  api.get('/v1/posts/:id', { config: { permission: 'post.read' }, schema: { tags, summary: 'A post with placements and complaints', params: ZId, response: { 200: ZWelfarePostDetail } } }, async (req) => posts.get(req.ctx, req.params.id));
  api.post('/v1/posts/:id/status', { config: { permission: 'post.write' }, schema: { tags, summary: 'Open or close a post', params: ZId, body: ZStatusBody, response: { 200: ZWelfarePostDetail } } }, async (req) => posts.setStatus(req.ctx, req.params.id, req.body.status));
  api.get('/v1/posts/:id/candidates', { config: { permission: 'post.read' }, schema: { tags, summary: 'Ranked candidates with the reasons for each place (pack priority): the whole pool ranked together, one page with the exact total', params: ZId, querystring: ZCandidatesQuery, response: { 200: ZPostCandidates } } }, async (req) =>
    posts.candidates(req.ctx, req.params.id, { personIds: req.query.personIds?.split(','), page: req.query.page, pageSize: req.query.pageSize }),
  );
  api.post('/v1/posts/:id/placements', { config: { permission: 'post.place' }, schema: { tags, summary: 'Place a person (qualification, capacity and term checked; refusals write nothing)', params: ZId, body: ZPlaceBody, response: { 201: ZPostPlacement } } }, async (req, reply) => reply.code(201).send(await posts.place(req.ctx, req.params.id, req.body)));
  api.get('/v1/post-placements/:placementId/extension', { config: { permission: 'post.read' }, schema: { tags, summary: 'How far the contract may be extended today, with the clause and the numbers', params: ZPlacementId, response: { 200: ZExtensionPreview } } }, async (req) => posts.extensionPreview(req.ctx, req.params.placementId));
  api.post('/v1/post-placements/:placementId/extend', { config: { permission: 'post.place' }, schema: { tags, summary: 'Extend a contract (to retirement only when < 5 years away)', params: ZPlacementId, body: ZExtendBody, response: { 200: ZPostPlacement } } }, async (req) => posts.extend(req.ctx, req.params.placementId, req.body));
  api.post('/v1/post-placements/:placementId/exit', { config: { permission: 'post.place' }, schema: { tags, summary: 'Exit with reason (frees the place)', params: ZPlacementId, body: ZExitBody, response: { 200: ZPostPlacement } } }, async (req) => posts.exit(req.ctx, req.params.placementId, req.body));
  api.post('/v1/posts/:id/complaints', { config: { permission: 'post.read' }, schema: { tags, summary: 'Record a complaint about a post', params: ZId, body: ZComplaintBody, response: { 201: ZPostComplaint } } }, async (req, reply) => reply.code(201).send(await posts.complain(req.ctx, req.params.id, req.body)));
  api.post('/v1/posts/:id/complaints/:complaintId/investigate', { config: { permission: 'post.supervise' }, schema: { tags, summary: 'Investigation record; remove a person placed in breach', params: ZComplaintParam, body: ZInvestigateBody, response: { 200: ZInvestigated } } }, async (req) => posts.investigate(req.ctx, req.params.id, req.params.complaintId, req.body));
}

const POST_EXPORT_COLUMNS: readonly ExportColumn<z.infer<typeof ZWelfarePost>>[] = [
  { header: { zh: '岗位名称', en: 'Title' }, value: (p) => p.title, width: 24 },
  { header: { zh: '用人单位', en: 'Employer' }, value: (p) => p.employer, width: 24 },
  { header: { zh: '岗位类型', en: 'Type' }, value: (p) => p.postType },
  { header: { zh: '工作地点', en: 'Location' }, value: (p) => p.location, width: 24 },
  { header: { zh: '岗位数', en: 'Places' }, value: (p) => p.places },
  { header: { zh: '在岗', en: 'Filled' }, value: (p) => p.filled },
  { header: { zh: '期限（月）', en: 'Term (months)' }, value: (p) => p.termMonths },
  { header: { zh: '岗位补贴（元）', en: 'Post subsidy (yuan)' }, value: (p) => p.postSubsidyYuan },
  { header: { zh: '社保补贴（元）', en: 'Insurance subsidy (yuan)' }, value: (p) => p.socialInsuranceSubsidyYuan },
  { header: { zh: '资金来源', en: 'Funding' }, value: (p) => p.fundingSource },
  { header: { zh: '状态', en: 'Status' }, value: (p) => p.status },
  { header: { zh: '开设日期', en: 'Opened on' }, value: (p) => p.openedOn },
];
