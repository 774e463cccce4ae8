/**
 * Issue 11 (trust), the HTTP side: no sensitive answer without its audit entry, text the database cannot store
 * refused at the door, no personal data in the logs, security headers, per-account login lockout, literal `%`/`_`
 * in name search.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { DEMO_PASSWORD } from '../src/demo/accounts.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cw: Session;
let personId: string;

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
  cw = await t.login('caseworker');
  const [p] = await t.runtime.handle.query<{ id: string }>(sql`SELECT id FROM persons WHERE jurisdiction_code = '150102001001' AND hidden_at IS NULL ORDER BY id LIMIT 1`);
  if (!p) throw new Error('demo person missing');
  personId = p.id;
});
afterAll(async () => t?.close());
afterEach(() => {
  vi.restoreAllMocks();
  t.runtime.services.clock.set(null);
});

const auditCount = async (where = sql`TRUE`) =>
  (await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`))[0]?.n ?? 0;

describe('a sensitive read leaves only with its audit entry', () => {
  it('a reveal whose audit entry cannot be written answers 503 without the data', async () => {
    const ok = await cw.post(`/api/v1/persons/${personId}/reveal`, { reason: '核对身份' });
    expect(ok.statusCode).toBe(200);
    const { idNumber, phone } = ok.json<{ idNumber: string; phone: string | null }>();
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);

    vi.spyOn(t.runtime.services.audit, 'record').mockRejectedValue(new Error('audit table unavailable'));
    const res = await cw.post(`/api/v1/persons/${personId}/reveal`, { reason: '核对身份' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('AUDIT_UNAVAILABLE');
    expect(res.json().error.message).toMatch(/audit/);
    expect(res.body).not.toContain(idNumber);
    if (phone) expect(res.body).not.toContain(phone);
  });

  it('so does a person view and an attachment download (the rule is in the one audit hook, not per route)', async () => {
    const pdf = Buffer.from('%PDF-1.4\nsecret-content\n%%EOF\n');
    const boundary = '----trust';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/persons/${personId}/attachments`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: cw.cookie, 'x-csrf-token': cw.csrf },
    });
    expect(up.statusCode).toBe(201);
    vi.spyOn(t.runtime.services.audit, 'record').mockRejectedValue(new Error('audit table unavailable'));
    const download = await cw.get(`/api/v1/attachments/${up.json().attachment.id}/content`);
    expect(download.statusCode).toBe(503);
    expect(download.body).not.toContain('secret-content');
    expect(download.headers['content-disposition']).toBeUndefined();
    const view = await cw.get(`/api/v1/persons/${personId}`);
    expect(view.statusCode).toBe(503);
    expect(view.json().error.code).toBe('AUDIT_UNAVAILABLE');
  });
});

describe('text the database cannot store is refused at validation, naming the field', () => {
  it('a NUL in a reveal reason: 400 naming body.reason, no data, refusal audited', async () => {
    const before = await auditCount(sql`action = 'input.refused'`);
    const res = await cw.post(`/api/v1/persons/${personId}/reveal`, { reason: 'x\u0000y' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'TEXT_REFUSED', field: 'body.reason' });
    expect(res.json().error.message).toMatch(/body\.reason.*U\+0000/);
    expect(res.body).not.toMatch(/\d{17}[\dX]/);
    expect(await auditCount(sql`action = 'input.refused'`)).toBe(before + 1);
  });

  it('a NUL in the login username, in both languages', async () => {
    const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ad\u0000min', password: 'x' } });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'TEXT_REFUSED', field: 'body.username' });
    expect(zh.json().error.message).toContain('空字符');
    const en = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ad\u0000min', password: 'x' }, headers: { 'accept-language': 'en' } });
    expect(en.json().error.message).toContain('NUL');
  });

  it('a NUL in an address, a lone surrogate in a body, an over-long query, a bidi override in a name', async () => {
    const address = await cw.post('/api/v1/persons', { name: '张三', idNumber: '110101199003070012', address: 'a\u0000b' });
    expect(address.statusCode).toBe(400);
    expect(address.json().error.field).toBe('body.address');

    const lone = await t.app.inject({ method: 'POST', url: `/api/v1/persons/${personId}/reveal`, payload: '{"reason":"a\\ud800b"}', headers: { cookie: cw.cookie, 'x-csrf-token': cw.csrf, 'content-type': 'application/json' } });
    expect(lone.statusCode).toBe(400);
    expect(lone.json().error).toMatchObject({ code: 'TEXT_REFUSED', field: 'body.reason' });

    const long = await cw.get(`/api/v1/persons?q=${'x'.repeat(1024 * 1024)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'TEXT_REFUSED', field: 'query.q' });

    const bidi = await cw.post('/api/v1/persons', { name: '张\u202e三', idNumber: '110101199003070012' });
    expect(bidi.statusCode).toBe(400);
    expect(bidi.json().error.field).toBe('body.name');
    // Bidi characters are refused in names only; free text may quote Arabic or Hebrew.
    const free = await cw.post(`/api/v1/persons/${personId}/reveal`, { reason: '核对 \u200f' });
    expect(free.statusCode).toBe(200);
  });
});

describe('logs carry no personal data', () => {
  it('redacts query values and failed-query parameters', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logged = await buildApp(t.runtime.services, { logger: true, logStream: stream });
    await logged.ready();
    try {
      const idNumber = '110101199003070012';
      const phone = '13912345678';
      const name = '李秀兰';
      const get = (url: string) => logged.inject({ method: 'GET', url, headers: { cookie: cw.cookie } });
      expect((await get(`/api/v1/persons?q=${idNumber}`)).statusCode).toBe(200);
      expect((await get(`/api/v1/persons?q=${phone}&page=1`)).statusCode).toBe(200);
      expect((await get(`/api/v1/persons?q=${encodeURIComponent(name)}`)).statusCode).toBe(200);
      // A query that fails with personal data among its parameters.
      vi.spyOn(t.runtime.services.persons, 'list').mockImplementation(async () => {
        await t.runtime.handle.query(sql`SELECT ${name}::int, ${idNumber}::text, ${phone}::text, ${'1990-03-07'}::date`);
        throw new Error('unreachable');
      });
      const failed = await get(`/api/v1/persons?q=${encodeURIComponent(name)}`);
      expect(failed.statusCode).toBe(500);
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    // The log did record the requests and the failure (so the assertions below look at real output).
    expect(text).toContain('/api/v1/persons?q=~');
    expect(text).toContain('unhandled error');
    expect(text).toContain('SELECT');
    expect(text).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toContain('李秀兰');
    expect(text).not.toContain(encodeURIComponent('李秀兰'));
    expect(text).not.toContain('1990-03-07');
  });
});

describe('security headers', () => {
  it('every API answer: no-store, no framing, no sniffing, a referrer policy and a CSP', async () => {
    for (const res of [await cw.get('/api/v1/persons'), await t.app.inject({ method: 'GET', url: '/api/health' }), await cw.get('/api/v1/nothing-here')]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(docs.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('the console: a strict CSP (scripts from our origin only) and no framing', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'bangfu-web-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
    const app = await buildApp(t.runtime.services, { webDist: dist });
    try {
      for (const url of ['/', '/persons/123']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe/);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
    } finally {
      await app.close();
    }
  });
});

describe('per-account login lockout with back-off', () => {
  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'accept-language': 'en' } });

  it('locks a username after 5 failures, whatever the password, with the same answer for an unknown username; audited', async () => {
    t.runtime.services.clock.set('2025-06-10T10:00:00+08:00');
    const deniedBefore = await auditCount(sql`action = 'auth.login' AND outcome = 'denied' AND detail->>'reason' = 'locked'`);
    for (const username of ['operator.county', 'no.such.user']) {
      for (let i = 0; i < 5; i++) expect((await login(username, 'wrong-password-1')).statusCode).toBe(401);
    }
    const real = await login('operator.county', DEMO_PASSWORD);
    const ghost = await login('no.such.user', DEMO_PASSWORD);
    for (const res of [real, ghost]) {
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('60');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // The lockout does not tell which account exists.
    expect(real.json()).toEqual(ghost.json());
    expect(real.json().error.code).toBe('LOGIN_LOCKED');
    expect(await auditCount(sql`action = 'auth.login' AND outcome = 'denied' AND detail->>'reason' = 'locked'`)).toBe(deniedBefore + 2);
    // Another account is not affected.
    expect((await login('operator.city', DEMO_PASSWORD)).statusCode).toBe(200);

    // After the lock: one more failure locks again for twice as long; a success clears everything.
    t.runtime.services.clock.set('2025-06-10T10:01:01+08:00');
    expect((await login('operator.county', 'wrong-password-1')).statusCode).toBe(401);
    const again = await login('operator.county', DEMO_PASSWORD);
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('120');
    t.runtime.services.clock.set('2025-06-10T10:03:02+08:00');
    expect((await login('operator.county', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await login('operator.county', 'wrong-password-1')).statusCode).toBe(401);
    expect((await login('operator.county', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('the per-IP login limit', () => {
  it('its 429 is audited as a denied sign-in', async () => {
    const services = t.runtime.services;
    const limited = await buildApp({ ...services, config: { ...services.config, loginRateLimit: 2 } });
    await limited.ready();
    try {
      const before = await auditCount(sql`outcome = 'denied' AND (detail->>'status')::int = 429 AND detail->>'path' = '/api/auth/login'`);
      const attempt = (username: string) =>
        limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-password-1' }, remoteAddress: '10.9.8.7' });
      expect((await attempt('ip.one')).statusCode).toBe(401);
      expect((await attempt('ip.two')).statusCode).toBe(401);
      const refused = await attempt('ip.three');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(await auditCount(sql`outcome = 'denied' AND (detail->>'status')::int = 429 AND detail->>'path' = '/api/auth/login'`)).toBe(before + 1);
    } finally {
      await limited.close();
    }
  });
});

describe('name search takes % and _ literally', () => {
  it('% and _ match no name; a real prefix still matches', async () => {
    const [p] = await t.runtime.handle.query<{ name: string }>(sql`SELECT name FROM persons WHERE jurisdiction_code = '150102001001' AND hidden_at IS NULL ORDER BY id LIMIT 1`);
    if (!p) throw new Error('no person');
    const total = async (q: string) => (await cw.get(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json<{ total: number }>().total;
    expect(await total(p.name.slice(0, 1))).toBeGreaterThan(0);
    expect(await total('%')).toBe(0);
    expect(await total('_')).toBe(0);
    expect(await total(`${p.name.slice(0, 1)}%`)).toBe(0);
    expect(await total(`${p.name.slice(0, 1)}_`)).toBe(0);
  });
});
