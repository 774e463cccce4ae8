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
import { citizenSession, type CitizenSession } from './support/citizen-session.ts';
import { CJK_FONT_NAME } from '../src/documents/fonts.ts';

let t: TestApp;
let cw: Session;
let commitment = '';
const VILLAGE = '150102001001';

const sessionFrom = (res: LightMyRequestResponse): CitizenSession => citizenSession(t.app, res);

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
    // Self-reported and unverified until a caseworker has seen the ID card: flagged in the file and in lists.
    const file = (await cw.get(`/api/v1/persons/${body.user.personId}`)).json();
    expect(file.identity).toEqual({ verified: false, verifiedAt: null });
    const listed = (await cw.get(`/api/v1/persons?q=${id}`)).json().items;
    expect(listed).toMatchObject([{ id: body.user.personId, identityVerified: false }]);
  });

  it('a caseworker confirms the identity in person (audited, once)', async () => {
    const me = (await citizen.get('/api/v1/me/status')).json().person.id as string;
    const res = await cw.post(`/api/v1/persons/${me}/identity-confirmation`, { note: '已查验居民身份证原件' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().identity).toMatchObject({ verified: true, verifiedAt: expect.any(String) });
    const again = await cw.post(`/api/v1/persons/${me}/identity-confirmation`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PERSON_IDENTITY_ALREADY_VERIFIED');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.identity_confirm' AND resource_id = ${me} AND outcome = 'ok'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM person_events WHERE person_id = ${me} AND kind = 'identity_confirmed'`)).toBe(1);
  });

  it('signs in by ID number; a second signup for the same number is refused', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/citizen/login', payload: { idNumber: id, password: 'secret-2026' } });
    expect(login.statusCode).toBe(200);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/citizen/login', payload: { idNumber: id, password: 'nope-2026x' } });
    expect(wrong.statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: id, name: '李晓燕', phone: '13912345678', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
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
  const signup = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { password: 'secret-2026', ...payload } });
  let p: { id: string; name: string; jurisdiction_code: string };
  let idNo = '';
  let phone = '';

  beforeAll(async () => {
    const [row] = await t.runtime.handle.query<{ id: string; name: string; id_number_enc: string; phone_enc: string | null; jurisdiction_code: string }>(
      sql`SELECT p.id, p.name, p.id_number_enc, p.phone_enc, p.jurisdiction_code FROM persons p
          WHERE p.phone_enc IS NOT NULL AND p.document_type = 'resident_id' AND p.jurisdiction_code = '150102001001' AND p.hidden_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) ORDER BY p.id LIMIT 1`,
    );
    if (!row || !row.phone_enc) throw new Error('no demo person with a phone');
    p = row;
    idNo = t.runtime.services.cipher.decrypt(row.id_number_enc);
    phone = t.runtime.services.cipher.decrypt(row.phone_enc);
  });

  it('answers the same whatever exists: file without code, wrong name, no file, account exists (no oracle, no hijack)', async () => {
    const users = await count(sql`SELECT count(*)::int AS n FROM users`);
    const answers = [
      await signup({ idNumber: idNo, name: p.name, phone }), // the file exists, no code (the true owner's details)
      await signup({ idNumber: idNo, name: p.name, phone, residenceCode: VILLAGE }), // …even with a residence given
      await signup({ idNumber: idNo, name: '王某某', phone: '13900001111' }), // name and phone mismatch
      await signup({ idNumber: idNumber('1996-06-06', '017'), name: '王某某', phone: '13900001111' }), // no file, no residence
      await signup({ idNumber: idNumber('1996-06-06', '017'), name: '王某某', phone: '13900001111', activationCode: 'ABCD-EFGH', residenceCode: VILLAGE }), // no file, a code
      await signup({ idNumber: idNo, name: p.name, phone, activationCode: 'ABCD-EFGH' }), // a code never issued
      await signup({ idNumber: idNumber('1994-04-14', '024'), name: '李晓燕', phone: '13912345678', residenceCode: VILLAGE }), // an account exists
    ];
    const first = answers[0];
    if (!first) throw new Error('no answer');
    for (const a of answers) {
      expect(a.statusCode).toBe(422);
      expect(a.json()).toEqual(first.json());
    }
    expect(first.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
    expect(Object.keys(first.json().error).sort()).toEqual(['code', 'message']);
    expect(await count(sql`SELECT count(*)::int AS n FROM users`)).toBe(users);
    expect(await count(sql`SELECT count(*)::int AS n FROM persons WHERE id_number_bidx = (SELECT id_number_bidx FROM persons WHERE id = ${p.id})`)).toBe(1);
    // The office still learns why: the audit entry keeps the reason.
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'citizen.signup' AND outcome = 'denied' AND detail->>'reason' = 'file_exists_no_code'`)).toBe(3);
  });

  it('binds only with the in-person activation code the caseworker issued: hashed, single-use, latest only', async () => {
    const first = await cw.post(`/api/v1/persons/${p.id}/activation-code`);
    expect(first.statusCode, first.body).toBe(201);
    const second = (await cw.post(`/api/v1/persons/${p.id}/activation-code`)).json<{ code: string; expiresAt: string }>();
    expect(second.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const stored = await t.runtime.handle.query<{ code_hash: string; voided_at: Date | null }>(sql`SELECT code_hash, voided_at FROM activation_codes WHERE person_id = ${p.id} ORDER BY issued_at`);
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain(second.code.replace('-', ''));
    expect(stored[0]?.voided_at).not.toBeNull();
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.activation_code.issue' AND resource_id = ${p.id} AND outcome = 'ok'`)).toBe(2);

    const voided = await signup({ idNumber: idNo, name: p.name, phone, activationCode: first.json().code });
    expect(voided.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
    const wrongName = await signup({ idNumber: idNo, name: '王某某', phone, activationCode: second.code });
    expect(wrongName.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
    const ok = await signup({ idNumber: idNo, name: p.name, phone, activationCode: second.code.toLowerCase().replace('-', ' ') });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ createdFile: false, user: { personId: p.id, jurisdiction: { code: p.jurisdiction_code } } });
    expect(await count(sql`SELECT count(*)::int AS n FROM activation_codes WHERE person_id = ${p.id} AND used_at IS NOT NULL`)).toBe(1);
    const reuse = await signup({ idNumber: idNo, name: p.name, phone, activationCode: second.code });
    expect(reuse.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
    const forBound = await cw.post(`/api/v1/persons/${p.id}/activation-code`);
    expect(forBound.statusCode).toBe(409);
  });

  it('a code expires after its days on the application clock, and five wrong tries void it', async () => {
    const [q] = await t.runtime.handle.query<{ id: string; name: string; id_number_enc: string }>(
      sql`SELECT p.id, p.name, p.id_number_enc FROM persons p WHERE p.document_type = 'resident_id' AND p.jurisdiction_code = '150102001001' AND p.hidden_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) AND p.id <> ${p.id} ORDER BY p.id LIMIT 1`,
    );
    if (!q) throw new Error('no second demo person');
    const qId = t.runtime.services.cipher.decrypt(q.id_number_enc);
    const clock = t.runtime.services.clock;
    try {
      clock.set('2026-09-01');
      const { code, expiresAt } = (await cw.post(`/api/v1/persons/${q.id}/activation-code`)).json<{ code: string; expiresAt: string }>();
      expect(expiresAt).toBe('2026-09-15T01:00:00.000Z');
      clock.set('2026-09-15T09:00:01+08:00');
      expect((await signup({ idNumber: qId, name: q.name, phone: '13900002222', activationCode: code })).json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
      clock.set('2026-09-02');
      const fresh = (await cw.post(`/api/v1/persons/${q.id}/activation-code`)).json<{ code: string }>().code;
      for (let i = 0; i < 5; i++) await signup({ idNumber: qId, name: q.name, phone: '13900002222', activationCode: 'ZZZZ-ZZZZ' });
      const afterGuesses = await signup({ idNumber: qId, name: q.name, phone: '13900002222', activationCode: fresh });
      expect(afterGuesses.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
      const last = (await cw.post(`/api/v1/persons/${q.id}/activation-code`)).json<{ code: string }>().code;
      expect((await signup({ idNumber: qId, name: q.name, phone: '13900002222', activationCode: last })).statusCode).toBe(201);
    } finally {
      clock.set(null);
    }
  });

  it('rejects bad input with the field named, writing nothing', async () => {
    const users = await count(sql`SELECT count(*)::int AS n FROM users`);
    const badId = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: '150102199404140241', name: '张三', phone: '13900000000', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.field).toBe('body.idNumber');
    const noPlace = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1995-05-05', '013'), name: '张三', phone: '13900000000', password: 'secret-2026' } });
    expect(noPlace.statusCode).toBe(422);
    expect(noPlace.json().error.code).toBe('CITIZEN_SIGNUP_REFUSED');
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
