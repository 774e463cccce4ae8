// Employers, job postings, matching and recommendations (packages/server/src/modules/employers, …/jobs): typed from
// the generated document by path (contract.ts).
import { call, type Body, type Ok } from './contract.ts';

export type Employer = Ok<'/api/v1/employers/{id}', 'get'>;
export type EmployerListItem = Ok<'/api/v1/employers', 'get'>['items'][number];
export type EmployerInput = Body<'/api/v1/employers', 'post'>;
export type Posting = Ok<'/api/v1/postings/{id}', 'get'>;
export type PostingInput = Body<'/api/v1/postings', 'post'>;
export type PostingAction = Body<'/api/v1/postings/{id}/actions', 'post'>['action'];
export type PersonMatches = Ok<'/api/v1/persons/{id}/job-matches', 'get'>;
export type MatchFactor = PersonMatches['items'][number]['factors'][number];
export type Candidates = Ok<'/api/v1/postings/{id}/candidates', 'get'>;
export type Recommendation = Ok<'/api/v1/job-recommendations/{id}/state', 'post'>;
export type RecommendationState = Recommendation['state'];
export type Preferences = Ok<'/api/v1/persons/{id}/job-preferences', 'get'>;
export type PreferencesInput = Body<'/api/v1/persons/{id}/job-preferences', 'post'>;
export type Occupation = Ok<'/api/v1/occupations', 'get'>['items'][number];

export const employers = {
  list: (query: { jurisdiction?: string; keyEnterprise?: 'true' | 'false'; state?: 'active' | 'pending'; q?: string }, signal?: AbortSignal) => call('get', '/api/v1/employers', { query, signal }),
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/employers/{id}', { params: { id }, signal }),
  create: (body: EmployerInput) => call('post', '/api/v1/employers', { body }),
  activate: (id: string) => call('post', '/api/v1/employers/{id}/activate', { params: { id } }),
};

export const postings = {
  list: (query: { jurisdiction?: string; state?: Posting['state']; employerId?: string; q?: string }, signal?: AbortSignal) => call('get', '/api/v1/postings', { query, signal }),
  get: (id: string, signal?: AbortSignal) => call('get', '/api/v1/postings/{id}', { params: { id }, signal }),
  create: (body: PostingInput) => call('post', '/api/v1/postings', { body }),
  act: (id: string, action: PostingAction, note?: string) => call('post', '/api/v1/postings/{id}/actions', { params: { id }, body: { action, ...(note ? { note } : {}) } }),
  check: (body: Body<'/api/v1/postings/check', 'post'>) => call('post', '/api/v1/postings/check', { body }),
  candidates: (id: string, limit: number, signal?: AbortSignal) => call('get', '/api/v1/postings/{id}/candidates', { params: { id }, query: { limit }, signal }),
  recommendations: (id: string, signal?: AbortSignal) => call('get', '/api/v1/postings/{id}/recommendations', { params: { id }, signal }),
  occupations: (query: { q?: string; under?: string }, signal?: AbortSignal) => call('get', '/api/v1/occupations', { query, signal }),
};

export const jobMatching = {
  matches: (personId: string, limit: number, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/job-matches', { params: { id: personId }, query: { limit }, signal }),
  preferences: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/job-preferences', { params: { id: personId }, signal }),
  savePreferences: (personId: string, body: PreferencesInput) => call('post', '/api/v1/persons/{id}/job-preferences', { params: { id: personId }, body }),
  recommendations: (personId: string, signal?: AbortSignal) => call('get', '/api/v1/persons/{id}/job-recommendations', { params: { id: personId }, signal }),
  recommend: (personId: string, postingIds: string[]) => call('post', '/api/v1/persons/{id}/job-recommendations', { params: { id: personId }, body: { postingIds } }),
  mine: (signal?: AbortSignal) => call('get', '/api/v1/me/job-recommendations', { signal }),
  move: (id: string, to: RecommendationState, reason?: string) => call('post', '/api/v1/job-recommendations/{id}/state', { params: { id }, body: { to, ...(reason ? { reason } : {}) } }),
};
