/** A citizen's session from a sign-up or sign-in answer (its cookie and CSRF token), driven through `inject`. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface CitizenSession {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export function citizenSession(app: FastifyInstance, res: LightMyRequestResponse): CitizenSession {
  const raw = res.headers['set-cookie'];
  const cookie = ((Array.isArray(raw) ? raw[0] : raw) ?? '').split(';')[0] ?? '';
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, payload) => app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}
