// A tiny API client for test set-up and cross-checks: logs in with fetch, keeps the session cookie and CSRF token.
import { DEMO_PASSWORD } from './accounts.ts';

export interface ApiSession {
  csrfToken: string;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  patch<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

async function parse<T>(res: Response): Promise<{ status: number; body: T }> {
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function apiLogin(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('bangfu_session='));
  if (!cookie) throw new Error(`login ${username}: no bangfu_session cookie`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const send = async <T>(method: 'POST' | 'PATCH', path: string, body: unknown) =>
    parse<T>(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  return {
    csrfToken,
    get: async (path) => parse(await fetch(`${baseUrl}${path}`, { headers: { cookie } })),
    post: (path, body) => send('POST', path, body),
    patch: (path, body) => send('PATCH', path, body),
  };
}
