// Typed calls for the endpoints of docs/api.md, all through the one client.
import { api, request } from './client.ts';
import type {
  AuditOutcome,
  AuditPage,
  Dashboard,
  Jurisdiction,
  JurisdictionWithPath,
  Page,
  PersonDetail,
  PersonListItem,
  Revealed,
  Session,
} from './types.ts';

const enc = encodeURIComponent;

export const auth = {
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/auth/login', { body: { username, password }, skipUnauthorizedHandler: true }),
  me: () => request<Session>('GET', '/api/auth/me', { skipUnauthorizedHandler: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { skipUnauthorizedHandler: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/auth/password', { currentPassword, newPassword }),
};

export const jurisdictions = {
  get: (code: string, signal?: AbortSignal) =>
    api.get<JurisdictionWithPath>(`/api/v1/jurisdictions/${enc(code)}`, undefined, signal),
  children: (code: string) => api.get<{ items: Jurisdiction[] }>(`/api/v1/jurisdictions/${enc(code)}/children`),
};

export const dashboard = {
  get: (jurisdiction: string, signal?: AbortSignal) => api.get<Dashboard>('/api/v1/dashboard', { jurisdiction }, signal),
};

export interface PersonQuery {
  jurisdiction: string;
  q?: string;
  page: number;
  pageSize: number;
}

export const persons = {
  list: (query: PersonQuery, signal?: AbortSignal) =>
    api.get<Page<PersonListItem>>('/api/v1/persons', { ...query }, signal),
  get: (id: string, signal?: AbortSignal) => api.get<PersonDetail>(`/api/v1/persons/${enc(id)}`, undefined, signal),
  reveal: (id: string, reason: string) => api.post<Revealed>(`/api/v1/persons/${enc(id)}/reveal`, { reason }),
};

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: string;
  username?: string;
  outcome?: AuditOutcome;
}

export const audit = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<AuditPage>('/api/v1/audit', { ...query }, signal),
};

export const evaluate = {
  run: (body: unknown) => api.post<unknown>('/api/v1/evaluate', body),
};
