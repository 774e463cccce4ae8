/** HTTP routes of job postings, occupations, matching and recommendations (thin: contract → one service call). */
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ZId as ZPersonId } from '../employers/employers.contract.ts';
import {
  ZFiguresQuery,
  ZId,
  ZJobFigures,
  ZMatchesQuery,
  ZOccupationList,
  ZOccupationQuery,
  ZPersonMatches,
  ZPosting,
  ZPostingActionBody,
  ZPostingBody,
  ZPostingCandidates,
  ZPostingCheckBody,
  ZPostingList,
  ZPostingListQuery,
  ZPostingPatch,
  ZPreferences,
  ZPreferencesBody,
  ZRecommendation,
  ZRecommendationList,
  ZRecommendationStateBody,
  ZRecommendBody,
  ZRecommended,
  ZReviewFindings,
} from './jobs.contract.ts';

const tags = ['jobs'];

export function registerJobRoutes(api: Api, services: Services): void {
  const { jobPostings: postings, matching, recommendations } = services;
  api.get('/v1/occupations', { config: { permission: 'job.read' }, schema: { tags, summary: 'Search the occupational classification (职业分类大典 2022)', querystring: ZOccupationQuery, response: { 200: ZOccupationList } } }, async (req) => postings.occupations(req.query));
  api.post('/v1/postings', { config: { permission: 'job.write' }, schema: { tags, summary: 'Draft a job posting (occupation, pay range and forbidden conditions checked)', body: ZPostingBody, response: { 201: ZPosting } } }, async (req, reply) => reply.code(201).send(await postings.create(req.ctx, req.body)));
  api.post('/v1/postings/check', { config: { permission: 'job.write' }, schema: { tags, summary: 'Review text for forbidden conditions without saving (names each phrase)', body: ZPostingCheckBody, response: { 200: ZReviewFindings } } }, async (req) => ({ findings: postings.check(req.body, req.body.ageJustification) }));
  api.get('/v1/postings', { config: { permission: 'job.read' }, schema: { tags, summary: 'Postings in the area (an employer account: its own)', querystring: ZPostingListQuery, response: { 200: ZPostingList } } }, async (req) => postings.list(req.ctx, req.query));
  api.get('/v1/postings/:id', { config: { permission: 'job.read' }, schema: { tags, summary: 'A posting', params: ZId, response: { 200: ZPosting } } }, async (req) => postings.get(req.ctx, req.params.id));
  api.post('/v1/postings/:id', { config: { permission: 'job.write' }, schema: { tags, summary: 'Edit a posting (an employer’s change to a published one goes back to review)', params: ZId, body: ZPostingPatch, response: { 200: ZPosting } } }, async (req) => postings.update(req.ctx, req.params.id, req.body));
  api.post('/v1/postings/:id/actions', { config: { permission: 'job.write' }, schema: { tags, summary: 'submit / approve / reject (reviewers) / withdraw / fill / expire', params: ZId, body: ZPostingActionBody, response: { 200: ZPosting } } }, async (req) => postings.act(req.ctx, req.params.id, req.body.action, req.body.note));
  api.get('/v1/postings/:id/candidates', { config: { permission: 'job.match' }, schema: { tags, summary: 'Best registrants of the posting’s county in the area, each factor explained (masked ID numbers)', params: ZId, querystring: ZMatchesQuery, response: { 200: ZPostingCandidates } } }, async (req) => matching.forPosting(req.ctx, req.params.id, req.query.limit));
  api.get('/v1/postings/:id/recommendations', { config: { permission: 'job.read' }, schema: { tags, summary: 'Recommendations of a posting (an employer: those referred to it, names masked)', params: ZId, response: { 200: ZRecommendationList } } }, async (req) => recommendations.forPosting(req.ctx, req.params.id));
  api.get('/v1/persons/:id/job-preferences', { config: { permission: 'job.match' }, schema: { tags, summary: 'A person’s job-seeking preferences (求职意向)', params: ZPersonId, response: { 200: ZPreferences } } }, async (req) => matching.preferences(req.ctx, req.params.id));
  api.post('/v1/persons/:id/job-preferences', { config: { permission: 'job.match' }, schema: { tags, summary: 'Save a person’s job-seeking preferences', params: ZPersonId, body: ZPreferencesBody, response: { 200: ZPreferences } } }, async (req) => matching.savePreferences(req.ctx, req.params.id, req.body));
  api.get('/v1/persons/:id/job-matches', { config: { permission: 'job.match' }, schema: { tags, summary: 'A person’s best postings, each factor explained in words and numbers', params: ZPersonId, querystring: ZMatchesQuery, response: { 200: ZPersonMatches } } }, async (req) => matching.forPerson(req.ctx, req.params.id, req.query.limit));
  api.get('/v1/persons/:id/job-recommendations', { config: { permission: 'job.read' }, schema: { tags, summary: 'Postings recommended to a person and their results', params: ZPersonId, response: { 200: ZRecommendationList } } }, async (req) => recommendations.forPerson(req.ctx, req.params.id));
  api.post('/v1/persons/:id/job-recommendations', { config: { permission: 'job.recommend' }, schema: { tags, summary: 'Recommend postings (each a job_recommendation service citing the posting)', params: ZPersonId, body: ZRecommendBody, response: { 201: ZRecommended } } }, async (req, reply) => reply.code(201).send(await recommendations.recommend(req.ctx, req.params.id, req.body)));
  api.get('/v1/me/job-recommendations', { config: { permission: 'self.service' }, schema: { tags, summary: 'Citizen: postings recommended to me', response: { 200: ZRecommendationList } } }, async (req) => recommendations.mine(req.ctx));
  api.get('/v1/job-figures', { config: { permission: 'job.match' }, schema: { tags, summary: 'Supervision figures: recommendations by result, interviews, hires, time to hire, per recommender; postings and openings', querystring: ZFiguresQuery, response: { 200: ZJobFigures } } }, async (req) => recommendations.figures(req.ctx, req.query.jurisdiction));
  api.post('/v1/job-recommendations/:id/state', { config: { permission: 'job.result' }, schema: { tags, summary: 'Follow a recommendation’s result (staff; the employer for its referrals; the person for their own)', params: ZId, body: ZRecommendationStateBody, response: { 200: ZRecommendation } } }, async (req) => recommendations.transition(req.ctx, req.params.id, req.body));
}
