/**
 * Employers, job postings, matching and recommendations end to end (PGlite, or PostgreSQL with DATABASE_URL), fixed
 * "today" 2025-06-05: credit codes checked (GB 32100), employer sign-up and activation, postings refused for an
 * unknown occupation / pay min > max / a forbidden condition (nothing written), review and publication, explained
 * matches both ways, recommendations counted by the obligation, the result's state machine with each role's
 * permissions (cross-employer access refused and audited), and a hire that ends the registration with reason hired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { creditCodeCheckChar, residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { FixedClock } from '../src/jobs/clock.ts';

let t: TestApp;
let cw: Session; // caseworker 150102001001
let op: Session; // operator.county 150102000000
let xc: Session; // caseworker.xuchang
const VILLAGE = '150102001001';
const OTHER_COUNTY_VILLAGE = '150102002001';
let commitment = '';
let seq = 500;

const code = (first17: string) => first17 + creditCodeCheckChar(first17);
const CODE_A = code('91150102MA0N00001');
const CODE_B = code('91150200MA0N00002');
const CODE_SIGNUP = code('92150102MA0N00003');

function idNumber(address: string, birth: string, sex: 'male' | 'female'): string {
  seq += 2;
  const order = String(sex === 'male' ? seq + 1 : seq).padStart(3, '0').slice(-3);
  const first17 = `${address}${birth.replaceAll('-', '')}${order}`;
  return first17 + residentIdCheckChar(first17);
}

async function registrant(s: Session, village: string, name: string, birth: string, sex: 'male' | 'female'): Promise<string> {
  const res = await s.post('/api/v1/persons', { idNumber: idNumber(village.slice(0, 6), birth, sex), name, residence: { code: village }, employmentStatus: 'unemployed', source: 'visit', ...(sex === 'female' ? { retirementCategory: 'female55' } : {}) });
  if (res.statusCode !== 201) throw new Error(`person create failed: ${res.statusCode} ${res.body}`);
  const id = res.json<{ file: { id: string } }>().file.id;
  const reg = await s.post(`/api/v1/persons/${id}/registrations`, { kind: 'unemployment', placeBasis: 'residence', registeredOn: '2025-06-02', unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: commitment } });
  if (reg.statusCode !== 201) throw new Error(`registration failed: ${reg.statusCode} ${reg.body}`);
  return id;
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

function employerBody(creditCode: string, extra: Record<string, unknown> = {}) {
  return { creditCode, name: '呼和浩特市新城区洁美家政服务有限公司', industry: '居民服务业', size: 'small', jurisdictionCode: '150102000000', address: '新城区海拉尔东路 1 号', contacts: [{ name: '王经理', phone: '0471-6000001' }], keyEnterprise: true, ...extra };
}

function postingBody(employerId: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    ...(employerId ? { employerId } : {}),
    occupationCode: '4-09-08-01',
    title: '社区保洁员',
    description: '负责社区公共区域清洁，工作时间灵活，适合大龄人员和残疾人。',
    openings: 2,
    jurisdictionCode: '150102003000',
    address: '新城区东街街道',
    payMin: 2200,
    payMax: 2600,
    hours: 'part_time',
    ageFriendly: true,
    disabilitySuitable: true,
    validFrom: '2025-06-01',
    validTo: '2025-12-31',
    ...extra,
  };
}

async function publish(id: string): Promise<void> {
  const r = await op.post(`/api/v1/postings/${id}/actions`, { action: 'approve', note: '审核通过' });
  if (r.statusCode !== 200) throw new Error(`approve failed: ${r.statusCode} ${r.body}`);
}

let employerA = '';
let employerB = '';
let empA: Session;
let empB: Session;
let cleaning = '';
let elsewhere = '';
let expired = '';
let woman = '';

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
  t.runtime.services.clock.use(new FixedClock('2025-06-05'));
  [cw, op, xc] = await Promise.all([t.login('caseworker'), t.login('operator.county'), t.login('caseworker.xuchang')]);
  commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
});

afterAll(async () => {
  await t?.close();
});

describe('employers', () => {
  it('registers an employer with a valid credit code; refuses a wrong check character (naming it) and a duplicate, writing nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM employers`);
    const bad = await op.post('/api/v1/employers', employerBody(`${CODE_A.slice(0, 17)}${CODE_A[17] === '0' ? '1' : '0'}`));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'EMPLOYER_CREDIT_CODE_INVALID', field: 'body.creditCode' });
    expect(bad.json().error.message).toContain(CODE_A[17]);
    expect(await count(sql`SELECT count(*)::int AS n FROM employers`)).toBe(before);

    const a = await op.post('/api/v1/employers', employerBody(CODE_A));
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ creditCode: CODE_A, keyEnterprise: true, state: 'active', jurisdictionName: '新城区', postings: { total: 0 } });
    employerA = a.json().id;
    const dup = await op.post('/api/v1/employers', employerBody(CODE_A));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'EMPLOYER_EXISTS', field: 'body.creditCode' });

    // Staff of another area neither see nor register in 新城区.
    expect((await xc.get(`/api/v1/employers/${employerA}`)).statusCode).toBe(404);
    expect((await xc.post('/api/v1/employers', employerBody(CODE_B))).statusCode).toBe(403);
    const b = await op.post('/api/v1/employers', employerBody(CODE_B, { name: '新城区某物流公司', keyEnterprise: false }));
    expect(b.statusCode).toBe(201);
    employerB = b.json().id;
    const list = await op.get('/api/v1/employers?keyEnterprise=true');
    expect(list.json().items.map((e: { id: string }) => e.id)).toContain(employerA);
    expect(list.json().items.map((e: { id: string }) => e.id)).not.toContain(employerB);
  });

  it('an employer signs up by credit code, cannot sign in until an operator activates it, then sees only itself', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/employer-signup', payload: { ...employerBody(CODE_SIGNUP), contact: { name: '李会计', phone: '13800000001' }, contacts: undefined, keyEnterprise: undefined, username: 'employer.jiemei', password: 'jiemei-2026' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'pending', active: false });
    const id = res.json().employerId as string;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'employer.jiemei', password: 'jiemei-2026' } })).statusCode).toBe(401);
    expect((await cw.post(`/api/v1/employers/${id}/activate`)).statusCode).toBe(403);
    const act = await op.post(`/api/v1/employers/${id}/activate`);
    expect(act.statusCode).toBe(200);
    expect(act.json()).toMatchObject({ state: 'active', accounts: [{ username: 'employer.jiemei', active: true }] });
    const me = await t.login('employer.jiemei', 'jiemei-2026');
    expect((await me.get('/api/v1/employers')).json().items.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await me.get(`/api/v1/employers/${employerA}`)).statusCode).toBe(404);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'employer.view' AND outcome = 'denied' AND detail->>'reason' = 'not_own_employer'`)).toBe(1);
  });

  it('accounts for the employers of the tests', async () => {
    // Staff-registered employers get their accounts through the same sign-up (existing credit code), then activation.
    for (const [c, user] of [
      [CODE_A, 'employer.a'],
      [CODE_B, 'employer.b'],
    ] as const) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/employer-signup', payload: { ...employerBody(c), contact: { name: '联系人', phone: '13800000002' }, contacts: undefined, keyEnterprise: undefined, username: user, password: 'employer-2026' } });
      expect(r.statusCode).toBe(201);
      expect(r.json().state).toBe('active');
      expect((await op.post(`/api/v1/employers/${r.json().employerId}/activate`)).statusCode).toBe(200);
    }
    [empA, empB] = await Promise.all([t.login('employer.a', 'employer-2026'), t.login('employer.b', 'employer-2026')]);
  });
});

describe('job postings', () => {
  it('refuses an unknown occupation, pay min > max and a forbidden condition (naming the phrase), writing nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM job_postings`);
    const unknown = await empA.post('/api/v1/postings', postingBody(undefined, { occupationCode: '9-99-99-99' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'OCCUPATION_UNKNOWN', field: 'body.occupationCode' });
    const pay = await empA.post('/api/v1/postings', postingBody(undefined, { payMin: 5000, payMax: 3000 }));
    expect(pay.json().error).toMatchObject({ code: 'POSTING_PAY_RANGE', field: 'body.payMin' });
    const forbidden = await empA.post('/api/v1/postings', postingBody(undefined, { description: '限女性，35岁以下，已婚已育优先' }));
    expect(forbidden.statusCode).toBe(400);
    expect(forbidden.json().error).toMatchObject({ code: 'POSTING_FORBIDDEN_CONDITION', field: 'body.description' });
    expect(forbidden.json().error.message).toContain('限女性');
    expect(forbidden.json().error.message).toContain('35岁以下');
    expect(forbidden.json().error.message).toContain('已婚已育');
    expect(await count(sql`SELECT count(*)::int AS n FROM job_postings`)).toBe(before);
    const check = await empA.post('/api/v1/postings/check', { description: '本市户口优先' });
    expect(check.json().findings).toMatchObject([{ category: 'hukou', phrase: '本市户口优先' }]);
  });

  it('draft → in review → published; only a reviewer approves; employers reach only their own postings', async () => {
    const d = await empA.post('/api/v1/postings', postingBody(undefined));
    expect(d.statusCode).toBe(201);
    expect(d.json()).toMatchObject({ state: 'draft', employerId: employerA, occupationName: '保洁员' });
    cleaning = d.json().id;
    expect((await empA.post(`/api/v1/postings/${cleaning}/actions`, { action: 'submit' })).json().state).toBe('in_review');
    expect((await empA.post(`/api/v1/postings/${cleaning}/actions`, { action: 'approve' })).statusCode).toBe(403);
    await publish(cleaning);
    expect((await cw.get(`/api/v1/postings/${cleaning}`)).json()).toMatchObject({ state: 'published', review: { decision: 'approved' } });

    // 走访拓岗: the operator drafts for employer B (another city, better paid) and publishes.
    const e = await op.post('/api/v1/postings', postingBody(employerB, { title: '物业保洁（包头）', jurisdictionCode: '150102000000', payMin: 4500, payMax: 6000, hours: 'full_time', ageFriendly: false, disabilitySuitable: false, description: '大型商场保洁' }));
    expect(e.statusCode).toBe(201);
    elsewhere = e.json().id;
    await publish(elsewhere);
    const x = await op.post('/api/v1/postings', postingBody(employerB, { title: '保洁（即将过期）', validTo: '2025-06-30', ageFriendly: false, disabilitySuitable: false }));
    expect(x.statusCode).toBe(201);
    expired = x.json().id;
    await publish(expired);

    // Employer A cannot reach B's posting nor its recommendations: 404, audited as denied.
    expect((await empA.get(`/api/v1/postings/${elsewhere}`)).statusCode).toBe(404);
    expect((await empA.get(`/api/v1/postings/${elsewhere}/recommendations`)).statusCode).toBe(404);
    expect((await empA.post(`/api/v1/postings/${elsewhere}/actions`, { action: 'withdraw' })).statusCode).toBe(404);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE resource_id = ${elsewhere} AND outcome = 'denied' AND detail->>'reason' = 'not_own_employer'`)).toBe(3);
    expect((await empA.get('/api/v1/postings')).json().items.map((p: { id: string }) => p.id)).toEqual([cleaning]);
    expect((await empB.post('/api/v1/postings', postingBody(employerA))).statusCode).toBe(404);
  });
});

describe('matching and recommendations', () => {
  it('an older disabled woman wanting cleaning work: the suitable job in her county ranks first, each factor explained', async () => {
    woman = await registrant(cw, VILLAGE, '赵桂兰', '1971-03-08', 'female');
    expect((await cw.post(`/api/v1/persons/${woman}/marks`, { mark: 'disabled', source: 'visit' })).statusCode).toBe(200);
    const prefs = await cw.post(`/api/v1/persons/${woman}/job-preferences`, { occupationCodes: ['4-09-08-01'], payMin: 2500, hours: ['part_time', 'full_time'], experienceYears: 3 });
    expect(prefs.statusCode).toBe(200);
    expect(prefs.json().occupations).toEqual([{ code: '4-09-08-01', name: '保洁员' }]);
    expect((await cw.post(`/api/v1/persons/${woman}/job-preferences`, { occupationCodes: ['9-99-99-99'], payMin: null, hours: [], experienceYears: null })).json().error).toMatchObject({ code: 'OCCUPATION_UNKNOWN', field: 'body.occupationCodes[0]' });

    const m = await cw.get(`/api/v1/persons/${woman}/job-matches?limit=3`);
    expect(m.statusCode).toBe(200);
    const items = m.json().items as { posting: { id: string }; score: number; factors: { factor: string; score: number; textZh: string }[] }[];
    expect(items[0]!.posting.id).toBe(cleaning);
    expect(items.map((i) => i.posting.id)).toContain(elsewhere);
    const suit = items[0]!.factors.find((f) => f.factor === 'suitability')!;
    expect(suit.score).toBe(1);
    expect(suit.textZh).toContain('适合残疾人');
    expect(m.json().explanations[0]).toMatchObject({ rule: 'matching.weights' });

    const c = await cw.get(`/api/v1/postings/${cleaning}/candidates?limit=50`);
    expect(c.statusCode).toBe(200);
    const her = c.json().items.find((i: { personId: string }) => i.personId === woman);
    expect(her.idNumberMasked).toMatch(/\*/);
    expect(JSON.stringify(c.json())).not.toMatch(/\d{17}[\dX]/);
  });

  it('recommending counts toward the obligation; an expired or withdrawn posting is refused and nothing is written', async () => {
    const state = async () => (await cw.get(`/api/v1/persons/${woman}/service-state`)).json<{ obligations: { service: string; delivered: number }[] }>().obligations.filter((o) => o.service === 'job_recommendation');
    const before = await state();
    const r = await cw.post(`/api/v1/persons/${woman}/job-recommendations`, { postingIds: [cleaning, elsewhere], channel: 'in_person' });
    expect(r.statusCode).toBe(201);
    expect(r.json().items.map((i: { posting: { id: string }; state: string }) => [i.posting.id, i.state])).toEqual([
      [cleaning, 'recommended'],
      [elsewhere, 'recommended'],
    ]);
    const after = await state();
    expect(before.length).toBeGreaterThan(0);
    expect(after[0]!.delivered).toBe(before[0]!.delivered + 2);
    expect(r.json().obligation.delivered).toBe(after[0]!.delivered);
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE person_id = ${woman} AND type = 'job_recommendation' AND posting_id IS NOT NULL`)).toBe(2);

    t.runtime.services.clock.set('2025-07-01');
    try {
      const late = await cw.post(`/api/v1/persons/${woman}/job-recommendations`, { postingIds: [expired] });
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: 'POSTING_NOT_OPEN', field: 'body.postingIds[0]' });
    } finally {
      t.runtime.services.clock.set('2025-06-05');
    }
    expect((await op.post(`/api/v1/postings/${expired}/actions`, { action: 'withdraw' })).json().state).toBe('withdrawn');
    // The caseworker of the community no longer sees a withdrawn posting of the county at all; the county's operator is told why.
    expect((await cw.post(`/api/v1/persons/${woman}/job-recommendations`, { postingIds: [expired] })).statusCode).toBe(404);
    const withdrawn = await op.post(`/api/v1/persons/${woman}/job-recommendations`, { postingIds: [expired] });
    expect(withdrawn.json().error).toMatchObject({ code: 'POSTING_NOT_OPEN', field: 'body.postingIds[0]' });
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE person_id = ${woman} AND type = 'job_recommendation'`)).toBe(2);
    const again = await cw.post(`/api/v1/persons/${woman}/job-recommendations`, { postingIds: [cleaning] });
    expect(again.statusCode).toBe(409);
  });

  it('the result state machine: each role its own steps; the employer hires and the registration ends with reason hired', async () => {
    const recs = (await cw.get(`/api/v1/persons/${woman}/job-recommendations`)).json().items as { id: string; posting: { id: string } }[];
    const rec = recs.find((r) => r.posting.id === cleaning)!.id;
    const other = recs.find((r) => r.posting.id === elsewhere)!.id;

    // Not yet referred: the employer does not see it.
    expect((await empA.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'interviewed' })).statusCode).toBe(404);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE resource_id = ${rec} AND outcome = 'denied' AND detail->>'reason' = 'not_referred'`)).toBe(1);
    const noReason = await cw.post(`/api/v1/job-recommendations/${other}/state`, { to: 'declined' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.json().error).toMatchObject({ code: 'JOB_TRANSITION_REFUSED', field: 'body.reason' });
    expect((await cw.post(`/api/v1/job-recommendations/${other}/state`, { to: 'declined', reason: '离家太远' })).json()).toMatchObject({ state: 'declined', reason: '离家太远' });

    expect((await cw.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'interested' })).json().state).toBe('interested');
    expect((await cw.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'hired' })).json().error).toMatchObject({ code: 'JOB_TRANSITION_REFUSED', field: 'body.to' });
    expect((await cw.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'referred' })).json().state).toBe('referred');

    // Another employer cannot reach it; the employer it was referred to sees the masked name and moves it on.
    expect((await empB.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'interviewed' })).statusCode).toBe(404);
    const list = await empA.get(`/api/v1/postings/${cleaning}/recommendations`);
    expect(list.json().items).toMatchObject([{ id: rec, personName: '赵**', state: 'referred', next: ['interviewed', 'not_hired'] }]);
    expect((await empA.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'referred' })).statusCode).toBe(409);
    expect((await empA.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'interviewed' })).json().state).toBe('interviewed');
    const hired = await empA.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'hired' });
    expect(hired.statusCode).toBe(200);
    expect(hired.json()).toMatchObject({ state: 'hired', personName: '赵**' });
    expect(hired.json().employmentId).toBeTruthy();
    expect(hired.json().history.map((h: { state: string; role: string }) => `${h.state}:${h.role}`)).toEqual(['recommended:caseworker', 'interested:caseworker', 'referred:caseworker', 'interviewed:employer', 'hired:employer']);
    const regs = await t.runtime.handle.query<{ state: string; deregistration_reason: string | null }>(sql`SELECT state, deregistration_reason FROM registrations WHERE person_id = ${woman}`);
    expect(regs).toEqual([{ state: 'cancelled', deregistration_reason: 'hired' }]);
    expect(await count(sql`SELECT count(*)::int AS n FROM employment_registrations WHERE person_id = ${woman} AND employer_credit_code = ${CODE_A}`)).toBe(1);
    expect((await cw.get(`/api/v1/postings/${cleaning}`)).json()).toMatchObject({ filled: 1, state: 'published' });
    expect((await cw.post(`/api/v1/job-recommendations/${rec}/state`, { to: 'not_hired', reason: 'x' })).json().error.code).toBe('JOB_TRANSITION_REFUSED');

    const figures = await op.get('/api/v1/job-figures');
    expect(figures.statusCode).toBe(200);
    expect(figures.json().recommendations).toMatchObject({ total: 2, hires: 1, interviews: 1, byState: { hired: 1, declined: 1 } });
    expect(figures.json().postings.filled).toBe(1);
    expect((await xc.get('/api/v1/job-figures')).json().recommendations.total).toBe(0);
  });

  it('the citizen sees postings recommended to them and may only say interested or declined', async () => {
    const citizen = await t.login('citizen');
    const me = citizen.user.personId!;
    const active = await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${me} AND state = 'active'`);
    if (active === 0) {
      const reg = await cw.post(`/api/v1/persons/${me}/registrations`, { kind: 'unemployment', placeBasis: 'residence', registeredOn: '2025-06-02', unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: commitment } });
      expect([201, 409]).toContain(reg.statusCode);
    }
    const r = await cw.post(`/api/v1/persons/${me}/job-recommendations`, { postingIds: [cleaning] });
    expect(r.statusCode).toBe(201);
    const mine = await citizen.get('/api/v1/me/job-recommendations');
    expect(mine.json().items).toMatchObject([{ posting: { id: cleaning }, state: 'recommended', next: ['interested', 'declined'] }]);
    const id = mine.json().items[0].id as string;
    expect((await citizen.post(`/api/v1/job-recommendations/${id}/state`, { to: 'referred' })).json().error).toMatchObject({ code: 'JOB_TRANSITION_REFUSED' });
    expect((await citizen.post(`/api/v1/job-recommendations/${id}/state`, { to: 'interested' })).json().state).toBe('interested');
    // Not someone else's.
    const hers = (await cw.get(`/api/v1/persons/${woman}/job-recommendations`)).json().items[0].id as string;
    expect((await citizen.post(`/api/v1/job-recommendations/${hers}/state`, { to: 'interested' })).statusCode).toBe(404);
    void OTHER_COUNTY_VILLAGE;
  });
});
