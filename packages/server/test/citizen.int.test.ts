/**
 * Citizen portal end to end through HTTP (PGlite, or PostgreSQL with DATABASE_URL): signup (new file or bound to
 * the existing one), sign-in by ID number, online registration with the written commitment, status with tier,
 * level, caseworker and office, the own certificate, the caseworker's worklist, and the office QR code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { CJK_FONT_NAME } from '../src/documents/fonts.ts';

let t: TestApp;
let cw: Session;
let commitment = '';
const VILLAGE = '150102001001';

interface CitizenSession {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function sessionFrom(res: LightMyRequestResponse): CitizenSession {
  const raw = res.headers['set-cookie'];
  const cookie = ((Array.isArray(raw) ? raw[0] : raw) ?? '').split(';')[0] ?? '';
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    get: (url) => t.app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, payload) => t.app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}

function idNumber(birth: string, order: string): string {
  const first17 = `150102${birth.replaceAll('-', '')}${order}`;
  return first17 + residentIdCheckChar(first17);
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

const onlineBody = () => ({
  placeBasis: 'residence',
  unemploymentReason: 'resigned',
  skills: ['收银'],
  intention: 'training',
  marks: [],
  commitment: { version: commitment },
});

beforeAll(async () => {
  // A fixed day: first-contact deadlines count working days in that year's holiday calendar.
  t = await createTestApp({ persons: 150, today: '2026-11-25' });
  cw = await t.login('caseworker');
  commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
});
afterAll(async () => {
  await t?.close();
});

describe('citizen signup → online registration → status → certificate', () => {
  const id = idNumber('1994-04-14', '024');
  let citizen: CitizenSession;
  let registrationId = '';

  it('signs up without an existing file: a minimal file is created in the chosen community; the ID number is not stored in clear', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/citizen/signup',
      payload: { idNumber: id, name: '李晓燕', phone: '13912345678', password: 'secret-2026', residenceCode: VILLAGE },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.createdFile).toBe(true);
    expect(body.user).toMatchObject({ role: 'citizen', displayName: '李晓燕', jurisdiction: { code: VILLAGE } });
    expect(body.user.username).not.toContain(id);
    expect(await count(sql`SELECT count(*)::int AS n FROM users WHERE username LIKE ${'%' + id.slice(6, 14) + '%'}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM persons WHERE id = ${body.user.personId} AND jurisdiction_code = ${VILLAGE} AND sex = 'female' AND birth_date = '1994-04-14'`)).toBe(1);
    citizen = sessionFrom(res);
  });

  it('signs in by ID number; a second signup for the same number is refused', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/citizen/login', payload: { idNumber: id, password: 'secret-2026' } });
    expect(login.statusCode).toBe(200);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/citizen/login', payload: { idNumber: id, password: 'nope-2026x' } });
    expect(wrong.statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: id, name: '李晓燕', phone: '13912345678', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CITIZEN_ACCOUNT_EXISTS');
  });

  it('registers online with the written commitment', async () => {
    const res = await citizen.post('/api/v1/me/registrations', onlineBody());
    expect(res.statusCode).toBe(201);
    const r = res.json().registration;
    registrationId = r.id;
    expect(r).toMatchObject({ kind: 'unemployment', state: 'active', channel: 'online', placeBasis: 'residence', jurisdiction: { code: VILLAGE } });
    expect(r.commitment.version).toBe(commitment);
    expect(r.deadlines.firstContact).toBeTruthy();
    const [row] = await t.runtime.handle.query<{ commitment_sha256: string; commitment_signed_at: Date }>(
      sql`SELECT commitment_sha256, commitment_signed_at FROM registrations WHERE id = ${r.id}`,
    );
    expect(row?.commitment_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.commitment_signed_at).toBeTruthy();
  });

  it('a second active registration is refused', async () => {
    const res = await citizen.post('/api/v1/me/registrations', onlineBody());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REGISTRATION_ACTIVE_EXISTS');
  });

  it('a citizen may not choose another jurisdiction or use staff endpoints', async () => {
    const other = await citizen.post('/api/v1/me/registrations', { ...onlineBody(), jurisdictionCode: '150102001002' });
    expect(other.statusCode).toBe(400);
    const staff = await citizen.get('/api/v1/registrations');
    expect(staff.statusCode).toBe(403);
  });

  it('shows own status: registration, tier, level, caseworker and office, and the in-app notice', async () => {
    const res = await citizen.get('/api/v1/me/status');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.person).toMatchObject({ name: '李晓燕', jurisdiction: { code: VILLAGE } });
    expect(s.person.idNumberMasked).not.toContain(id.slice(6, 14));
    expect(s.activeRegistration.id).toBe(registrationId);
    expect(s.tier.code).toBe('short');
    expect(s.level.code).toBe('level1');
    expect(s.caseworker.displayName).toBe('公主府社区专员');
    expect(s.office).toMatchObject({ name: expect.any(String), address: expect.any(String), phone: expect.any(String) });
    expect(s.notifications.map((n: { templateId: string }) => n.templateId)).toContain('registration.created');
  });

  it('downloads the own certificate as a PDF with the Chinese font; another citizen cannot', async () => {
    const res = await citizen.get(`/api/v1/me/registrations/${registrationId}/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain(CJK_FONT_NAME);
    const demoCitizen = await t.login('citizen');
    const other = await demoCitizen.get(`/api/v1/me/registrations/${registrationId}/certificate.pdf`);
    expect(other.statusCode).toBe(404);
  });

  it('the community caseworker sees the online registration in the first-contact worklist', async () => {
    const res = await cw.get('/api/v1/registrations?due=first_contact&pageSize=200');
    const item = res.json().items.find((i: { id: string }) => i.id === registrationId);
    expect(item).toMatchObject({ channel: 'online', personName: '李晓燕', overdue: false });
    expect(item.daysLeft).toBeGreaterThanOrEqual(0);
    expect(item.workingDaysLeft).toBeGreaterThanOrEqual(0);
  });
});

describe('signup bound to an existing file', () => {
  it('binds to the file found by the ID number when name and phone match, refuses otherwise', async () => {
    const [p] = await t.runtime.handle.query<{ id: string; name: string; id_number_enc: string; phone_enc: string | null; jurisdiction_code: string }>(
      sql`SELECT p.id, p.name, p.id_number_enc, p.phone_enc, p.jurisdiction_code FROM persons p
          WHERE p.phone_enc IS NOT NULL AND p.document_type = 'resident_id' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) ORDER BY p.id LIMIT 1`,
    );
    if (!p || !p.phone_enc) throw new Error('no demo person with a phone');
    const cipher = t.runtime.services.cipher;
    const idNo = cipher.decrypt(p.id_number_enc);
    const phone = cipher.decrypt(p.phone_enc);
    const mismatch = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNo, name: '王某某', phone, password: 'secret-2026' } });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.code).toBe('CITIZEN_IDENTITY_MISMATCH');
    const ok = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNo, name: p.name, phone, password: 'secret-2026' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ createdFile: false, user: { personId: p.id, jurisdiction: { code: p.jurisdiction_code } } });
    expect(await count(sql`SELECT count(*)::int AS n FROM persons WHERE id_number_bidx = (SELECT id_number_bidx FROM persons WHERE id = ${p.id})`)).toBe(1);
  });

  it('rejects bad input with the field named, writing nothing', async () => {
    const users = await count(sql`SELECT count(*)::int AS n FROM users`);
    const badId = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: '150102199404140241', name: '张三', phone: '13900000000', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.field).toBe('body.idNumber');
    const noPlace = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1995-05-05', '013'), name: '张三', phone: '13900000000', password: 'secret-2026' } });
    expect(noPlace.statusCode).toBe(422);
    expect(noPlace.json().error.code).toBe('CITIZEN_RESIDENCE_REQUIRED');
    const weak = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1995-05-05', '013'), name: '张三', phone: '13900000000', password: 'short', residenceCode: VILLAGE } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const county = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1995-05-05', '013'), name: '张三', phone: '13900000000', password: 'secret-2026', residenceCode: '150102000000' } });
    expect(county.statusCode).toBe(400);
    expect(county.json().error.field).toBe('body.residenceCode');
    expect(await count(sql`SELECT count(*)::int AS n FROM users`)).toBe(users);
  });
});

describe('office QR code', () => {
  it('serves a public SVG QR code linking to the online registration entry of the office', async () => {
    const [o] = await t.runtime.handle.query<{ id: string; name: string }>(sql`SELECT id, name FROM offices WHERE jurisdiction_code = ${VILLAGE} LIMIT 1`);
    if (!o) throw new Error('no demo office');
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/offices/${o.id}/qr.svg`, headers: { host: 'bangfu.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(res.headers['x-registration-url']).toBe(`http://bangfu.example/#/citizen/register?office=${o.id}`);
    const card = await t.app.inject({ method: 'GET', url: `/api/citizen/offices/${o.id}` });
    expect(card.json()).toMatchObject({ id: o.id, name: o.name, jurisdiction: { code: VILLAGE } });
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/offices/00000000-0000-4000-8000-000000000000/qr.svg' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('public division lookup for sign-up', () => {
  it('walks from the provinces down to a community without signing in; unknown and malformed parents are refused', async () => {
    const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/citizen/divisions${query}`, headers: { 'accept-language': 'en' } });
    const provinces = (await get('')).json().items as { code: string; level: string; parentCode: string }[];
    expect(provinces.map((p) => p.code)).toContain('150000000000');
    expect(provinces.every((p) => p.level === 'province' && p.parentCode === '000000000000')).toBe(true);
    // 内蒙古 → 呼和浩特市 → 新城区 → 海拉尔东路街道 → the demo community.
    let parent = '150000000000';
    for (const next of ['150100000000', '150102000000', '150102001000', VILLAGE]) {
      const items = (await get(`?parent=${parent}`)).json().items as { code: string; parentCode: string }[];
      expect(items.map((i) => i.code), parent).toContain(next);
      expect(items.every((i) => i.parentCode === parent)).toBe(true);
      parent = next;
    }
    expect((await get(`?parent=${VILLAGE}`)).json().items).toEqual([]);
    const unknown = await get('?parent=159999999999');
    expect(unknown.statusCode).toBe(404);
    const malformed = await get('?parent=15');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'querystring.parent' });
    expect(unknown.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'querystring.parent' });
  });
});
