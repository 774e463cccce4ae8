/** HTTP routes of employers (thin: the slice's contract → one service call). */
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZEmployerBody, ZEmployerDetail, ZEmployerList, ZEmployerListQuery, ZEmployerPatch, ZEmployerSignup, ZEmployerSignupBody, ZId } from './employers.contract.ts';

const tags = ['employers'];
const rateLimit = { max: 10, timeWindow: '1 minute' };

export function registerEmployerRoutes(api: Api, services: Services): void {
  const employers = services.employers;
  api.post('/v1/employers', { config: { permission: 'employer.write' }, schema: { tags, summary: 'Register an employer (credit code checked, GB 32100-2015)', body: ZEmployerBody, response: { 201: ZEmployerDetail } } }, async (req, reply) => reply.code(201).send(await employers.create(req.ctx, req.body)));
  api.get('/v1/employers', { config: { permission: 'employer.read' }, schema: { tags, summary: 'Employers in the area (an employer account: its own)', querystring: ZEmployerListQuery, response: { 200: ZEmployerList } } }, async (req) => employers.list(req.ctx, req.query));
  api.get('/v1/employers/:id', { config: { permission: 'employer.read' }, schema: { tags, summary: 'An employer with its postings and accounts', params: ZId, response: { 200: ZEmployerDetail } } }, async (req) => employers.get(req.ctx, req.params.id));
  api.post('/v1/employers/:id', { config: { permission: 'employer.write' }, schema: { tags, summary: 'Edit an employer (staff of the area, or the employer itself without the flags)', params: ZId, body: ZEmployerPatch, response: { 200: ZEmployerDetail } } }, async (req) => employers.update(req.ctx, req.params.id, req.body));
  api.post('/v1/employers/:id/activate', { config: { permission: 'employer.activate' }, schema: { tags, summary: 'Activate a signed-up employer and its accounts', params: ZId, response: { 200: ZEmployerDetail } } }, async (req) => employers.activate(req.ctx, req.params.id));
  api.post('/v1/employer-signup', { config: { public: true, rateLimit }, schema: { tags, summary: 'Employer sign-up by credit code (inactive until an operator activates it)', body: ZEmployerSignupBody, response: { 201: ZEmployerSignup } } }, async (req, reply) => reply.code(201).send(await employers.signup(req.ctx, req.body)));
}
