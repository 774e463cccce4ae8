import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, CLIENT_ERROR, api, buildUrl, request, setCsrfToken, setFetch, setLanguage, setUnauthorizedHandler } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function transport(status: number, body: string | null, calls: Call[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(body, { status, headers: body ? { 'content-type': 'application/json' } : {} });
  }) as typeof fetch;
}

const header = (call: Call | undefined, name: string) => (call?.init.headers as Record<string, string>)[name];

afterEach(() => {
  setCsrfToken(null);
  setLanguage('zh-CN');
  setUnauthorizedHandler(null);
});

describe('buildUrl', () => {
  it('leaves out empty filters and encodes values', () => {
    expect(buildUrl('/api/v1/persons', { jurisdiction: '150102001001', q: '', page: 2, x: undefined, y: null })).toBe(
      '/api/v1/persons?jurisdiction=150102001001&page=2',
    );
    expect(buildUrl('/p', { q: '张 三&' })).toBe('/p?q=%E5%BC%A0+%E4%B8%89%26');
    expect(buildUrl('/p')).toBe('/p');
    expect(buildUrl('/p', { q: '' })).toBe('/p');
  });
});

describe('request', () => {
  it('sends cookies, JSON and the language on every call; the CSRF token only on writes', async () => {
    const calls: Call[] = [];
    setFetch(transport(200, '{"ok":true}', calls));
    setCsrfToken('tok-1');
    setLanguage('en-US');
    await api.get('/api/v1/dashboard', { jurisdiction: '150102001001' });
    await api.post('/api/v1/persons/p1/reveal', { reason: '入户走访' });
    const [get, post] = calls;
    expect(get?.url).toBe('/api/v1/dashboard?jurisdiction=150102001001');
    expect(get?.init.credentials).toBe('include');
    expect(header(get, 'accept-language')).toBe('en');
    expect(header(get, 'x-csrf-token')).toBeUndefined();
    expect(header(get, 'content-type')).toBeUndefined();
    expect(post?.init.method).toBe('POST');
    expect(header(post, 'x-csrf-token')).toBe('tok-1');
    expect(header(post, 'content-type')).toBe('application/json');
    expect(post?.init.body).toBe('{"reason":"入户走访"}');
  });

  it('sends zh-CN by default and no body or content type on a bodiless POST', async () => {
    const calls: Call[] = [];
    setFetch(transport(204, null, calls));
    setCsrfToken('tok-2');
    await expect(request('POST', '/api/auth/logout')).resolves.toBeUndefined();
    expect(header(calls[0], 'accept-language')).toBe('zh-CN');
    expect(header(calls[0], 'content-type')).toBeUndefined();
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('turns the error body into a typed ApiError carrying the server message and field', async () => {
    setFetch(
      transport(
        400,
        JSON.stringify({
          error: {
            code: 'VALIDATION_FAILED',
            message: '用户名不能为空',
            field: 'body.username',
            issues: [{ field: 'body.username', message: '用户名不能为空' }],
          },
        }),
      ),
    );
    const err = await request('POST', '/api/auth/login', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.message, e.field]).toEqual([400, 'VALIDATION_FAILED', '用户名不能为空', 'body.username']);
    expect(e.issues).toHaveLength(1);
    expect(e.notPermitted).toBe(false);
  });

  it('marks 403 and 404 alike as not permitted', async () => {
    for (const status of [403, 404]) {
      setFetch(transport(status, JSON.stringify({ error: { code: 'NOT_FOUND', message: '不存在' } })));
      const e = (await api.get('/api/v1/persons/x').catch((x: unknown) => x)) as ApiError;
      expect(e.notPermitted).toBe(true);
      expect(e.status).toBe(status);
    }
  });

  it('reports a non-JSON failure in the user language, with the HTTP status', async () => {
    setFetch(transport(502, '<html>Bad Gateway</html>'));
    setLanguage('en-US');
    const e = (await api.get('/api/health').catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe(CLIENT_ERROR.badResponse);
    expect(e.status).toBe(502);
    expect(e.message).toContain('502');
    expect(e.message).toMatch(/unexpected/);
  });

  it('reports an unreachable server as a network error', async () => {
    setFetch((async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    const e = (await api.get('/api/health').catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe(CLIENT_ERROR.network);
    expect(e.status).toBe(0);
    expect(e.message).toBe('无法连接服务器，请检查网络后重试。');
  });

  it('calls the session-expired handler on 401, except where the caller expects 401', async () => {
    let expired = 0;
    setUnauthorizedHandler(() => expired++);
    setFetch(transport(401, JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } })));
    await api.get('/api/v1/dashboard').catch(() => undefined);
    expect(expired).toBe(1);
    await request('GET', '/api/auth/me', { skipUnauthorizedHandler: true }).catch(() => undefined);
    expect(expired).toBe(1);
  });

  it('rejects a success answer that is not JSON instead of returning garbage', async () => {
    setFetch(transport(200, 'not json'));
    await expect(api.get('/api/health')).rejects.toMatchObject({ code: CLIENT_ERROR.badResponse });
  });
});
