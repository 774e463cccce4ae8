/** HTTP routes of public-welfare posts (thin: zod schemas → one service call). */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { EXIT_REASONS } from './posts.service.ts';

const tags = ['posts'];
const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
const ZId = z.object({ id: z.uuid() }).strict();
const ZPlacementId = z.object({ placementId: z.uuid() }).strict();
const ZComplaintParam = z.object({ id: z.uuid(), complaintId: z.uuid() }).strict();

export const ZPostBody = z
  .object({
    jurisdictionCode: ZDivisionCode,
    employer: text(200),
    postType: text(60),
    title: text(100),
    location: text(200),
    places: z.number().int().min(1).max(10000),
    termMonths: z.number().int().min(1).max(120),
    postSubsidyYuan: z.number().min(0).max(100000),
    socialInsuranceSubsidyYuan: z.number().min(0).max(100000),
    fundingSource: text(100),
    openedOn: ZIso.optional(),
  })
  .strict();
const ZPost = z.looseObject({ id: z.string(), title: z.string(), places: z.number(), filled: z.number(), status: z.string() });
const ZPlacement = z.looseObject({ id: z.string(), personId: z.string(), startOn: z.string(), termEnds: z.string(), state: z.string(), subsidyMonths: z.number(), ranking: z.looseObject({ rank: z.number(), reasons: z.array(z.string()) }) });

export function registerPostRoutes(api: Api, services: Services): void {
  const posts = services.posts;
  api.post('/v1/posts', { config: { permission: 'post.write' }, schema: { tags, summary: 'Register a public-welfare post (公益性岗位)', body: ZPostBody, response: { 201: ZPost } } }, async (req, reply) => reply.code(201).send(await posts.create(req.ctx, req.body)));
  api.get('/v1/posts', { config: { permission: 'post.read' }, schema: { tags, summary: 'Posts in the area', querystring: z.object({ jurisdiction: ZDivisionCode.optional(), status: z.enum(['open', 'closed']).optional() }).strict(), response: { 200: z.object({ items: z.array(ZPost) }) } } }, async (req) => posts.list(req.ctx, req.query));
  api.get('/v1/posts/alerts', { config: { permission: 'post.read' }, schema: { tags, summary: 'Placements whose term ends within N days', querystring: z.object({ jurisdiction: ZDivisionCode.optional(), withinDays: z.coerce.number().int().min(0).max(366).default(60) }).strict(), response: { 200: z.looseObject({ items: z.array(z.looseObject({})) }) } } }, async (req) => posts.alerts(req.ctx, req.query));
  api.get('/v1/posts/:id', { config: { permission: 'post.read' }, schema: { tags, summary: 'A post with placements and complaints', params: ZId, response: { 200: ZPost } } }, async (req) => posts.get(req.ctx, req.params.id));
  api.post('/v1/posts/:id/status', { config: { permission: 'post.write' }, schema: { tags, summary: 'Open or close a post', params: ZId, body: z.object({ status: z.enum(['open', 'closed']) }).strict(), response: { 200: ZPost } } }, async (req) => posts.setStatus(req.ctx, req.params.id, req.body.status));
  api.get('/v1/posts/:id/candidates', { config: { permission: 'post.read' }, schema: { tags, summary: 'Ranked candidates with the reasons for each place (pack priority): the whole pool ranked together, one page with the exact total', params: ZId, querystring: z.object({ personIds: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).strict(), response: { 200: z.looseObject({ items: z.array(z.looseObject({ rank: z.number(), eligible: z.union([z.boolean(), z.literal('unknown')]), reasons: z.array(z.string()) })), total: z.number(), page: z.number(), pageSize: z.number(), counts: z.object({ eligible: z.number(), unknown: z.number(), ineligible: z.number() }) }) } } }, async (req) =>
    posts.candidates(req.ctx, req.params.id, { personIds: req.query.personIds?.split(','), page: req.query.page, pageSize: req.query.pageSize }),
  );
  api.post('/v1/posts/:id/placements', { config: { permission: 'post.place' }, schema: { tags, summary: 'Place a person (qualification, capacity and term checked; refusals write nothing)', params: ZId, body: z.object({ personId: z.uuid(), startOn: ZIso.optional(), termEnds: ZIso.optional(), note: text(500).optional() }).strict(), response: { 201: ZPlacement } } }, async (req, reply) => reply.code(201).send(await posts.place(req.ctx, req.params.id, req.body)));
  api.get('/v1/post-placements/:placementId/extension', { config: { permission: 'post.read' }, schema: { tags, summary: 'How far the contract may be extended today, with the clause and the numbers', params: ZPlacementId, response: { 200: z.looseObject({ allowedEnd: z.string(), nearRetirement: z.boolean(), clause: z.string(), pack: z.string(), extendable: z.boolean() }) } } }, async (req) => posts.extensionPreview(req.ctx, req.params.placementId));
  api.post('/v1/post-placements/:placementId/extend', { config: { permission: 'post.place' }, schema: { tags, summary: 'Extend a contract (to retirement only when < 5 years away)', params: ZPlacementId, body: z.object({ termEnds: ZIso, reason: text(500) }).strict(), response: { 200: ZPlacement } } }, async (req) => posts.extend(req.ctx, req.params.placementId, req.body));
  api.post('/v1/post-placements/:placementId/exit', { config: { permission: 'post.place' }, schema: { tags, summary: 'Exit with reason (frees the place)', params: ZPlacementId, body: z.object({ reason: z.enum(EXIT_REASONS), note: text(500), endedOn: ZIso.optional() }).strict(), response: { 200: ZPlacement } } }, async (req) => posts.exit(req.ctx, req.params.placementId, req.body));
  api.post('/v1/posts/:id/complaints', { config: { permission: 'post.read' }, schema: { tags, summary: 'Record a complaint about a post', params: ZId, body: z.object({ channel: z.enum(['phone', 'letter', 'online', 'visit', 'hotline_12333']), complainant: text(100).optional(), content: text(2000), placementId: z.uuid().optional(), receivedOn: ZIso.optional() }).strict(), response: { 201: z.looseObject({ id: z.string(), status: z.string() }) } } }, async (req, reply) => reply.code(201).send(await posts.complain(req.ctx, req.params.id, req.body)));
  api.post('/v1/posts/:id/complaints/:complaintId/investigate', { config: { permission: 'post.supervise' }, schema: { tags, summary: 'Investigation record; remove a person placed in breach', params: ZComplaintParam, body: z.object({ finding: z.enum(['substantiated', 'unfounded']), investigation: text(2000), removePlacement: z.boolean().default(false) }).strict(), response: { 200: z.looseObject({ complaint: z.looseObject({ status: z.string() }) }) } } }, async (req) => posts.investigate(req.ctx, req.params.id, req.params.complaintId, req.body));
}
