// The typed wrapper: path parameters are filled and encoded, a missing one fails before any request is sent, and
// the call goes through the one client (method, query, JSON body, CSRF header).
import { afterEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from './client.ts';
import { call } from './contract.ts';

const calls: { url: string; init: RequestInit }[] = [];
const transport = (async (input: RequestInfo | URL, init?: RequestInit) => {
  calls.push({ url: String(input), init: init ?? {} });
  return new Response('{"status":"accepted"}', { status: 200, headers: { 'content-type': 'application/json' } });
}) as typeof fetch;

afterEach(() => {
  calls.length = 0;
  setCsrfToken(null);
});

describe('call', () => {
  it('fills and encodes path parameters and sends the body through the one client', async () => {
    setFetch(transport);
    setCsrfToken('tok');
    const answer = await call('post', '/api/v1/civil-affairs-referrals/{id}/response', { params: { id: 'a/b c' }, body: { status: 'accepted', note: '已受理' } });
    expect(answer.status).toBe('accepted');
    expect(calls[0]?.url).toBe('/api/v1/civil-affairs-referrals/a%2Fb%20c/response');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"status":"accepted","note":"已受理"}');
    expect((calls[0]?.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
  });

  it('adds the query and refuses a missing path parameter before sending anything', async () => {
    setFetch(transport);
    await call('get', '/api/v1/posts', { query: { jurisdiction: '150102000000', status: undefined } });
    expect(calls[0]?.url).toBe('/api/v1/posts?jurisdiction=150102000000');
    expect(() => call('get', '/api/v1/posts/{id}', {})).toThrow('missing path parameter id for /api/v1/posts/{id}');
    expect(calls).toHaveLength(1);
  });
});
