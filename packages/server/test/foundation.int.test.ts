/**
 * Foundation, end to end through HTTP (inject) on a real database (PGlite, or PostgreSQL with DATABASE_URL):
 * health, login/CSRF/logout/password, jurisdiction scoping of every read, audit of refusals and sensitive
 * reads, and bad input answered with bilingual, field-named 4xx errors with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ persons: 300 });
});
afterAll(async () => {
  await t?.close();
});

async function auditCount(where: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`);
  return Number(rows[0]?.n ?? 0);
}

async function personIn(prefix: string): Promise<string> {
  const rows = await t.runtime.handle.query<{ id: string }>(
    sql`SELECT id FROM persons WHERE jurisdiction_code LIKE ${prefix + '%'} ORDER BY id LIMIT 1`,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`no demo person in ${prefix}`);
  return id;
}

describe('health and contract', () => {
  it('answers /api/health with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: process.env.DATABASE_URL ? 'postgres' : 'pglite', version: expect.any(String) });
  });

  it('serves an OpenAPI 3 document generated from the schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/v1/persons', '/api/v1/evaluate']));
  });

  it('answers unknown API routes with a bilingual 404', async () => {
    const zh = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(zh.statusCode).toBe(404);
    expect(zh.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect(zh.json().error.message).toMatch(/接口不存在/);
    const en = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toMatch(/No such endpoint/);
  });
});

describe('authentication', () => {
  it('logs in with an HTTP-only cookie and returns the user with jurisdiction', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'caseworker', password: 'demo-2026' } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/bangfu_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = res.json();
    expect(body.user.role).toBe('caseworker');
    expect(body.user.jurisdiction).toMatchObject({ code: '150102001001', name: '公主府社区居委会', level: 'village' });
    expect(body.csrfToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password with 401, audits it, and does not reveal whether the user exists', async () => {
    const before = await auditCount(sql`action = 'auth.login' AND outcome = 'denied'`);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'caseworker', password: 'x' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(await auditCount(sql`action = 'auth.login' AND outcome = 'denied'`)).toBe(before + 2);
  });

  it('requires a session for API data', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/persons' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const s = await t.login('caseworker');
    const id = await personIn('150102001001');
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${id}/reveal`,
      headers: { cookie: s.cookie },
      payload: { reason: '核实身份' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_INVALID');
    const badToken = await s.post(`/api/v1/persons/${id}/reveal`, { reason: '核实身份' }, { 'x-csrf-token': 'forged' });
    expect(badToken.statusCode).toBe(403);
  });

  it('changes the password, ends other sessions, and logs out', async () => {
    const first = await t.login('caseworker.township');
    const second = await t.login('caseworker.township');
    const weak = await second.post('/api/auth/password', { currentPassword: 'demo-2026', newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.field).toBe('body.newPassword');
    const wrongCurrent = await second.post('/api/auth/password', { currentPassword: 'nope', newPassword: 'new-pass-2026' });
    expect(wrongCurrent.statusCode).toBe(422);
    const ok = await second.post('/api/auth/password', { currentPassword: 'demo-2026', newPassword: 'new-pass-2026' });
    expect(ok.statusCode).toBe(204);
    expect((await first.get('/api/auth/me')).statusCode).toBe(401);
    expect((await second.get('/api/auth/me')).statusCode).toBe(200);
    expect((await t.login('caseworker.township', 'new-pass-2026')).user.role).toBe('caseworker');
    const out = await second.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect((await second.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('jurisdiction scoping', () => {
  it('lists only persons of the caseworker’s community, masked', async () => {
    const s = await t.login('caseworker');
    const res = await s.get('/api/v1/persons?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: { jurisdiction: { code: string }; idNumberMasked: string }[]; total: number }>();
    expect(body.total).toBeGreaterThan(0);
    for (const p of body.items) {
      expect(p.jurisdiction.code.startsWith('150102001001')).toBe(true);
      expect(p.idNumberMasked).toMatch(/^\S{4}\*{10}\S{4}$/);
    }
  });

  it('answers 404 for a person of another community and audits the refusal', async () => {
    const s = await t.login('caseworker');
    const other = await personIn('150102001002');
    const before = await auditCount(sql`resource_id = ${other} AND outcome = 'denied'`);
    const res = await s.get(`/api/v1/persons/${other}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    const reveal = await s.post(`/api/v1/persons/${other}/reveal`, { reason: '查看' });
    expect(reveal.statusCode).toBe(404);
    expect(await auditCount(sql`resource_id = ${other} AND outcome = 'denied'`)).toBe(before + 2);
  });

  it('refuses a jurisdiction outside the subtree with 403 (lists, dashboard, tree)', async () => {
    const s = await t.login('caseworker');
    expect((await s.get('/api/v1/persons?jurisdiction=150102001002')).statusCode).toBe(403);
    expect((await s.get('/api/v1/dashboard?jurisdiction=150102000000')).statusCode).toBe(403);
    expect((await s.get('/api/v1/jurisdictions/411002000000/children')).statusCode).toBe(403);
    expect(await auditCount(sql`username = 'caseworker' AND outcome = 'denied' AND detail->>'status' = '403'`)).toBeGreaterThanOrEqual(3);
  });

  it('lets a county operator see every community below, and a citizen only their own file', async () => {
    const op = await t.login('operator.county');
    const other = await personIn('150102001002');
    expect((await op.get(`/api/v1/persons/${other}`)).statusCode).toBe(200);
    const dash = (await op.get('/api/v1/dashboard')).json();
    expect(dash.jurisdiction.code).toBe('150102000000');
    const village = (await (await t.login('caseworker')).get('/api/v1/dashboard')).json();
    expect(dash.counts.persons).toBeGreaterThan(village.counts.persons);

    const citizen = await t.login('citizen');
    expect(citizen.user.personId).toEqual(expect.any(String));
    expect(citizen.user.jurisdiction).toMatchObject({ code: '150102001001', name: '公主府社区居委会' });
    expect((await citizen.get(`/api/v1/persons/${citizen.user.personId}`)).statusCode).toBe(200);
    expect((await citizen.get(`/api/v1/persons/${other}`)).statusCode).toBe(404);
    const list = (await citizen.get('/api/v1/persons')).json();
    expect(list.total).toBe(1);
  });

  it('keeps Xuchang and Chongqing users in their own provinces', async () => {
    const xc = await t.login('operator.xuchang');
    const nm = await personIn('150102');
    expect((await xc.get(`/api/v1/persons/${nm}`)).statusCode).toBe(404);
    const list = (await xc.get('/api/v1/persons?pageSize=50')).json<{ items: { jurisdiction: { code: string } }[] }>();
    for (const p of list.items) expect(p.jurisdiction.code.startsWith('411002')).toBe(true);
  });

  it('limits permissions by role (partner cannot read persons; caseworker cannot read audit)', async () => {
    const partner = await t.login('partner.city');
    expect((await partner.get('/api/v1/persons')).statusCode).toBe(403);
    const cw = await t.login('caseworker');
    expect((await cw.get('/api/v1/audit')).statusCode).toBe(403);
  });
});

describe('sensitive data', () => {
  it('stores no plaintext ID numbers and finds a person by exact ID through the blind index', async () => {
    const s = await t.login('caseworker');
    const id = await personIn('150102001001');
    const reveal = await s.post(`/api/v1/persons/${id}/reveal`, { reason: '办理登记核对身份' });
    expect(reveal.statusCode).toBe(200);
    const idNumber = reveal.json<{ idNumber: string }>().idNumber;
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    const leaks = await t.runtime.handle.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM persons WHERE id_number_enc LIKE ${'%' + idNumber + '%'} OR id_number_bidx = ${idNumber}`,
    );
    expect(leaks[0]?.n).toBe(0);
    const found = (await s.get(`/api/v1/persons?q=${idNumber}`)).json<{ items: { id: string }[] }>();
    expect(found.items.map((p) => p.id)).toEqual([id]);
  });

  it('audits every reveal with its reason, visible to a supervisor, and the trail is append-only', async () => {
    const s = await t.login('caseworker');
    const id = await personIn('150102001001');
    await s.post(`/api/v1/persons/${id}/reveal`, { reason: '电话回访前核对' });
    const sup = await t.login('supervisor.city');
    const res = await sup.get(`/api/v1/audit?action=person.reveal&resourceId=${id}`);
    expect(res.statusCode).toBe(200);
    const entries = res.json<{ items: { reason: string; username: string; outcome: string }[] }>().items;
    expect(entries.some((e) => e.reason === '电话回访前核对' && e.username === 'caseworker' && e.outcome === 'ok')).toBe(true);
    await expect(t.runtime.handle.query(sql`UPDATE audit_log SET reason = 'x'`)).rejects.toThrow();
    await expect(t.runtime.handle.query(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });

  it('requires a reason to reveal', async () => {
    const s = await t.login('caseworker');
    const id = await personIn('150102001001');
    const res = await s.post(`/api/v1/persons/${id}/reveal`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('body.reason');
  });
});

describe('bad input: 4xx, bilingual, field named, nothing written', () => {
  async function userCount(): Promise<number> {
    const rows = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
    return Number(rows[0]?.n);
  }

  it('malformed JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "a",' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MALFORMED_JSON');
    expect(res.json().error.message).toMatch(/JSON/);
  });

  it('unknown fields name the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'caseworker', password: 'demo-2026', role: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.field).toBe('body.role');
  });

  it('wrong types, in Chinese by default', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 42, password: true } });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['body.username', 'body.password']));
    expect(err.issues[0].message).toMatch(/类型错误/);
  });

  it('oversized bodies are refused with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'a', password: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('SQL-looking strings are just text', async () => {
    const before = await userCount();
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: "admin' OR '1'='1", password: "' OR 1=1 --" } });
    expect(login.statusCode).toBe(401);
    const s = await t.login('caseworker');
    const search = await s.get(`/api/v1/persons?q=${encodeURIComponent("'; DROP TABLE persons; --")}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().total).toBe(0);
    expect(await userCount()).toBe(before);
    expect((await s.get('/api/v1/persons')).json().total).toBeGreaterThan(0);
  });

  it('bad query parameters and path ids', async () => {
    const s = await t.login('operator.county');
    const page = await s.get('/api/v1/persons?page=0');
    expect(page.statusCode).toBe(400);
    expect(page.json().error.field).toBe('querystring.page');
    expect((await s.get('/api/v1/persons/not-a-uuid')).statusCode).toBe(400);
    expect((await s.get('/api/v1/jurisdictions/15010/children')).statusCode).toBe(400);
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts', async () => {
    const limited = await createTestApp({ persons: 0, loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong' } });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
      const last = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'wrong' } });
      expect(last.json().error.message).toMatch(/^尝试过于频繁，请 \d+ 秒后再试$/);
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
