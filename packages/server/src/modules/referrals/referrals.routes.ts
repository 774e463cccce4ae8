/** HTTP routes of the social-assistance linkage (thin: zod schemas → one service call). */
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';

const tags = ['referrals'];
const text = (max: number) => z.string().trim().min(1).max(max);
const ZIso = z.iso.date();
const ZReferral = z.looseObject({ id: z.string(), kind: z.string(), status: z.string() });

export function registerReferralRoutes(api: Api, services: Services): void {
  const r = services.referrals;
  api.post('/v1/persons/:personId/civil-affairs-referrals', { config: { permission: 'referral.write' }, schema: { tags, summary: 'Refer to civil affairs (临时救助 / 低保) with the reason', params: z.object({ personId: z.uuid() }).strict(), body: z.object({ kind: z.enum(['temporary_relief', 'dibao']), reason: text(1000), referredOn: ZIso.optional() }).strict(), response: { 201: ZReferral } } }, async (req, reply) => reply.code(201).send(await r.refer(req.ctx, req.params.personId, req.body)));
  api.get('/v1/civil-affairs-referrals', { config: { permission: 'referral.read' }, schema: { tags, summary: 'Referrals in the area and their responses', querystring: z.object({ jurisdiction: ZDivisionCode.optional(), status: z.enum(['pending', 'accepted', 'declined']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).strict(), response: { 200: z.looseObject({ items: z.array(ZReferral), total: z.number(), page: z.number(), pageSize: z.number() }) } } }, async (req) => r.list(req.ctx, req.query));
  api.post('/v1/civil-affairs-referrals/:id/response', { config: { permission: 'referral.write' }, schema: { tags, summary: 'Record civil affairs’ response', params: z.object({ id: z.uuid() }).strict(), body: z.object({ status: z.enum(['accepted', 'declined']), note: text(1000), responseOn: ZIso.optional() }).strict(), response: { 200: ZReferral } } }, async (req) => r.respond(req.ctx, req.params.id, req.body));
  api.post('/v1/persons/:personId/dibao-employment', { config: { permission: 'referral.write' }, schema: { tags, summary: '低保 recipient found work: employment-cost deduction and gradual-exit period (CQ25 七)', params: z.object({ personId: z.uuid() }).strict(), body: z.object({ employedOn: ZIso, monthlyIncomeYuan: z.number().min(0).max(1000000), costItems: z.array(z.object({ item: text(100), amountYuan: z.number().min(0).max(100000) }).strict()).max(20) }).strict(), response: { 201: z.looseObject({ gradualExitEnds: z.string() }) } } }, async (req, reply) => reply.code(201).send(await r.dibaoEmployment(req.ctx, req.params.personId, req.body)));
  api.get('/v1/persons/:personId/social-assistance', { config: { permission: 'referral.read' }, schema: { tags, summary: 'A person’s referrals and 低保 employment records', params: z.object({ personId: z.uuid() }).strict(), response: { 200: z.looseObject({ referrals: z.array(ZReferral) }) } } }, async (req) => r.forPerson(req.ctx, req.params.personId));
}
