/**
 * Registration lifecycle end to end through HTTP on a real database (PGlite, or PostgreSQL with DATABASE_URL):
 * eligibility and the job-seeking alternative, deadlines across the National Day holiday, race-free numbers,
 * the worklist, first contact, deregistration (allowed and refused with the clause), the notification outbox in
 * the same transaction, employment registration, re-registration, the certificate, and nothing partially written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { idNumberSequence } from './support/id-numbers.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { CJK_FONT_NAME } from '../src/documents/fonts.ts';
import type { PersonFileUpdater } from '../src/modules/registration/person-files.ts';

let t: TestApp;
let cw: Session; // caseworker, 150102001001 (公主府社区, Hohhot: nei-mongol pack)
let xc: Session; // caseworker.xuchang, 411002001001 (Xuchang pack)
let op: Session; // operator.county, 150102000000
const VILLAGE = '150102001001';
const XC_VILLAGE = '411002001001';
const REG = '2026-03-10';
let commitment = '';

const idNumber = idNumberSequence(100);
let phones = 100;

async function newPerson(s: Session, village: string, birth: string, sex: 'male' | 'female', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await s.post('/api/v1/persons', {
    idNumber: idNumber(village.slice(0, 6), birth, sex),
    name: sex === 'male' ? '测试男' : '测试女',
    phone: `139${String(10_000_000 + ++phones).slice(-8)}`,
    residence: { code: village },
    employmentStatus: 'unemployed',
    source: 'visit',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`person create failed: ${res.statusCode} ${res.body}`);
  return res.json<{ file: { id: string } }>().file.id;
}

function body(extra: Record<string, unknown> = {}) {
  return {
    placeBasis: 'residence',
    registeredOn: REG,
    unemploymentReason: 'contract_ended',
    skills: ['电工'],
    intention: 'employment',
    marks: [],
    commitment: { version: commitment },
    ...extra,
  };
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  t = await createTestApp({ persons: 200 });
  [cw, xc, op] = await Promise.all([t.login('caseworker'), t.login('caseworker.xuchang'), t.login('operator.county')]);
  const res = await cw.get('/api/v1/registration-commitment');
  commitment = res.json<{ current: { version: string } }>().current.version;
});
afterAll(async () => {
  await t?.close();
});

describe('eligibility and registration', () => {
  it('registers an eligible person as unemployed with number, commitment, facts and deadlines', async () => {
    const id = await newPerson(cw, VILLAGE, '1990-05-05', 'male');
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body({ marks: ['graduate_unemployed'], contributionYears: 6, involuntaryJobLoss: true }));
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r.offeredInstead).toBe(false);
    expect(r.eligibility.decision).toBe('unemployment');
    expect(r.eligibility.pack).toMatch(/^nei-mongol@/);
    expect(r.registration).toMatchObject({ kind: 'unemployment', state: 'active', channel: 'offline', registeredOn: REG, placeBasis: 'residence', period: 1 });
    expect(r.registration.registrationNo).toMatch(new RegExp(`^${VILLAGE}2026\\d{6}$`));
    expect(r.registration.commitment.version).toBe(commitment);
    expect(r.registration.uiBenefit).toEqual({ eligible: 'true', maxMonths: 18 });
    expect(r.registration.office?.name).toBeTruthy();
    expect(r.registration.caseworker?.displayName).toBe('公主府社区专员');
    expect(r.registration.deadlines.firstContact).toBeTruthy();
    // Facts reach the person file: status, intention, the mark with its source, and a history entry.
    const [p] = await t.runtime.handle.query<{ employment_status: string; intention: string }>(sql`SELECT employment_status, intention FROM persons WHERE id = ${id}`);
    expect(p).toEqual({ employment_status: 'unemployed', intention: 'employment' });
    expect(await count(sql`SELECT count(*)::int AS n FROM person_marks WHERE person_id = ${id} AND mark = 'graduate_unemployed' AND until IS NULL`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM person_events WHERE person_id = ${id} AND kind = 'registration'`)).toBe(1);
  });

  it('a second active unemployment registration is refused with 409 and writes nothing', async () => {
    const id = await newPerson(cw, VILLAGE, '1991-01-01', 'female');
    expect((await cw.post(`/api/v1/persons/${id}/registrations`, body())).statusCode).toBe(201);
    const counter = await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = ${VILLAGE} AND year = 2026`);
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body(), { 'accept-language': 'en' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REGISTRATION_ACTIVE_EXISTS');
    expect(res.json().error.message).toContain('already has an active unemployment registration');
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(1);
    expect(await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = ${VILLAGE} AND year = 2026`)).toBe(counter);
  });

  it('a 15-year-old is refused (minimum age 16), with the reason and clause', async () => {
    const id = await newPerson(cw, VILLAGE, '2010-06-01', 'male', { employmentStatus: 'other' });
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body());
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('REGISTRATION_NOT_ELIGIBLE');
    expect(res.json().error.message).toContain('年龄 15 周岁');
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(0);
  });

  it('a man past statutory retirement gets a job-seeking registration instead, with the reasons shown', async () => {
    const id = await newPerson(cw, VILLAGE, '1958-04-04', 'male');
    const preview = await cw.post(`/api/v1/persons/${id}/registrations/eligibility`, { placeBasis: 'residence', registeredOn: REG, unemploymentReason: 'other', intention: 'employment' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().decision).toBe('job_seeking');
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body());
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r.offeredInstead).toBe(true);
    expect(r.registration.kind).toBe('job_seeking');
    expect(r.registration.offeredInstead).toBe(true);
    const ageMax = r.eligibility.reasons.find((x: { code: string }) => x.code === 'age_max');
    expect(ageMax.met).toBe(false);
    expect(ageMax.textZh).toContain('已达法定退休年龄');
    expect(r.eligibility.explanations.map((e: { rule: string }) => e.rule)).toContain('registration.job-seeking-fallback');
    // Not registered unemployed: the person file's status is not changed to unemployed by a job-seeking registration.
    expect(r.registration.uiBenefit.eligible).not.toBe('true');
  });

  it('a pensioner is not eligible: refused when job seeking is declined, job seeking when accepted', async () => {
    const id = await newPerson(cw, VILLAGE, '1970-02-02', 'male');
    const declined = await cw.post(`/api/v1/persons/${id}/registrations`, body({ pensionSince: '2025-06-01', acceptJobSeeking: false }));
    expect(declined.statusCode).toBe(422);
    expect(declined.json().error.code).toBe('REGISTRATION_NOT_ELIGIBLE');
    expect(declined.json().error.message).toContain('已于 2025-06-01 起领取基本养老金');
    expect(declined.json().error.message).toContain('求职登记');
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(0);
    const accepted = await cw.post(`/api/v1/persons/${id}/registrations`, body({ pensionSince: '2025-06-01' }));
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().registration.kind).toBe('job_seeking');
  });

  it('rejects bad input naming the field: future date, unknown commitment version, bad place basis', async () => {
    const id = await newPerson(cw, VILLAGE, '1992-02-02', 'female');
    const future = await cw.post(`/api/v1/persons/${id}/registrations`, body({ registeredOn: '2999-01-01' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe('body.registeredOn');
    const version = await cw.post(`/api/v1/persons/${id}/registrations`, body({ commitment: { version: 'v0' } }));
    expect(version.statusCode).toBe(400);
    expect(version.json().error.field).toBe('body.commitment.version');
    const basis = await cw.post(`/api/v1/persons/${id}/registrations`, body({ placeBasis: 'moon' }));
    expect(basis.statusCode).toBe(400);
    expect(basis.json().error.field).toBe('body.placeBasis');
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(0);
  });

  it('a person outside the area answers 404 and the refusal is audited', async () => {
    const id = await newPerson(xc, XC_VILLAGE, '1990-07-07', 'male');
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body());
    expect(res.statusCode).toBe(404);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'registration.create' AND resource_id = ${id} AND outcome = 'denied'`)).toBe(1);
  });
});

describe('deadlines and worklist', () => {
  let a = '';
  let b = '';
  it('computes the 3- and 5-working-day deadlines across the National Day holiday with the pack calendar', async () => {
    const id = await newPerson(cw, VILLAGE, '1988-08-08', 'female');
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body({ registeredOn: '2025-09-30' }));
    expect(res.statusCode).toBe(201);
    const r = res.json().registration;
    a = r.id;
    // 1–8 Oct off, Saturday 11 Oct worked (调休): the 3rd working day after 30 Sep is 11 Oct, the 5th is 14 Oct.
    expect(r.deadlines.decision).toBe('2025-10-11');
    expect(r.deadlines.firstContact).toBe('2025-10-14');
    expect(r.deadlines.decisionMet).toBe(true);
    const texts = r.deadlines.explanations.map((e: { text: string }) => e.text).join(' ');
    expect(texts).toContain('2025-10-01(国庆节)');
    expect(r.deadlines.explanations.map((e: { source: string }) => e.source).join(' ')).toContain('人社厅发〔2020〕79号');
    const id2 = await newPerson(cw, VILLAGE, '1987-07-07', 'male');
    const res2 = await cw.post(`/api/v1/persons/${id2}/registrations`, body({ registeredOn: '2025-10-09' }));
    b = res2.json().registration.id;
    expect(res2.json().registration.deadlines.firstContact).toBe('2025-10-15');
  });

  it('lists registrations awaiting first contact, overdue first, with days left', async () => {
    const res = await cw.get('/api/v1/registrations?due=first_contact&asOf=2025-10-15&pageSize=200');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { id: string; daysLeft: number; workingDaysLeft: number; overdue: boolean; firstContactDeadline: string }[] }>().items;
    const ia = items.findIndex((i) => i.id === a);
    const ib = items.findIndex((i) => i.id === b);
    expect(ia).toBeGreaterThanOrEqual(0);
    expect(ib).toBeGreaterThan(ia);
    expect(items[ia]).toMatchObject({ daysLeft: -1, workingDaysLeft: -1, overdue: true });
    expect(items[ib]).toMatchObject({ daysLeft: 0, workingDaysLeft: 0, overdue: false });
    const deadlines = items.map((i) => i.firstContactDeadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    // Scope: the Xuchang caseworker sees none of them.
    const other = await xc.get('/api/v1/registrations?due=first_contact&pageSize=200');
    expect(other.json().items.map((i: { id: string }) => i.id)).not.toContain(a);
  });

  it('records the first contact, which takes the registration off the first-contact worklist', async () => {
    const res = await cw.post(`/api/v1/registrations/${a}/first-contact`, { on: '2025-10-13', channel: 'phone', note: '已电话联系' });
    expect(res.statusCode).toBe(200);
    expect(res.json().firstContact).toEqual({ on: '2025-10-13', channel: 'phone', note: '已电话联系' });
    const again = await cw.post(`/api/v1/registrations/${a}/first-contact`, { on: '2025-10-13', channel: 'phone' });
    expect(again.statusCode).toBe(409);
    const list = await cw.get('/api/v1/registrations?due=first_contact&asOf=2025-10-15&pageSize=200');
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(a);
  });
});

describe('registration numbers', () => {
  it('allocates unique consecutive numbers under concurrent registrations', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await newPerson(op, '150102001002', `198${i}-03-03`, i % 2 ? 'male' : 'female'));
    const results = await Promise.all(ids.map((id) => op.post(`/api/v1/persons/${id}/registrations`, body())));
    expect(results.map((r) => r.statusCode)).toEqual(ids.map(() => 201));
    const numbers = results.map((r) => r.json().registration.registrationNo as string);
    expect(new Set(numbers).size).toBe(8);
    const serials = numbers.map((n) => Number(n.slice(16))).sort((x, y) => x - y);
    expect(serials).toEqual(serials.map((_, i) => serials[0]! + i));
    const last = await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = '150102001002' AND year = 2026`);
    expect(last).toBe(serials[7]);
  });

  it('concurrent registrations of one person: exactly one wins, the loser leaves no trace', async () => {
    const id = await newPerson(op, '150102001002', '1985-09-09', 'male');
    const before = await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = '150102001002' AND year = 2026`);
    const results = await Promise.all([0, 1, 2].map(() => op.post(`/api/v1/persons/${id}/registrations`, body())));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM person_events WHERE person_id = ${id} AND kind = 'registration'`)).toBe(1);
    expect(await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = '150102001002' AND year = 2026`)).toBe(before + 1);
  });
});

describe('deregistration, outbox and employment registration', () => {
  it('deregisters for hired, notifies the person in the same transaction, and allows re-registration', async () => {
    const id = await newPerson(cw, VILLAGE, '1989-09-09', 'male');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    const res = await op.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'hired', on: '2026-04-01', note: '已入职' });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.registration).toMatchObject({ state: 'cancelled', cancelledOn: '2026-04-01', deregistration: { reason: 'hired' } });
    expect(out.notifications).toEqual([expect.objectContaining({ channel: 'sms', templateId: 'registration.deregistered', state: 'pending' })]);
    const rows = await t.runtime.handle.query<{ channel: string; state: string; attempts: number; payload: Record<string, string> }>(
      sql`SELECT channel, state, attempts, payload FROM notifications WHERE person_id = ${id} AND subject = ${`registration:${reg.id}`}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'sms', state: 'pending', attempts: 0 });
    expect(rows[0]?.payload.registrationNo).toBe(reg.registrationNo);
    const [p] = await t.runtime.handle.query<{ employment_status: string }>(sql`SELECT employment_status FROM persons WHERE id = ${id}`);
    expect(p?.employment_status).toBe('employed');
    // Deregistered: a new registration opens a new period with a new number.
    const again = await cw.post(`/api/v1/persons/${id}/registrations`, body({ registeredOn: '2026-05-06' }));
    expect(again.statusCode).toBe(201);
    expect(again.json().registration.period).toBe(2);
    expect(again.json().registration.registrationNo).not.toBe(reg.registrationNo);
    const history = await cw.get(`/api/v1/persons/${id}/registrations`);
    expect(history.json().items.map((r: { period: number; state: string }) => [r.period, r.state])).toEqual([
      [2, 'active'],
      [1, 'cancelled'],
    ]);
  });

  it('refuses no_contact_6_months under the Xuchang pack, naming XC23 三(四), in both languages; nothing written', async () => {
    const id = await newPerson(xc, XC_VILLAGE, '1986-06-06', 'female');
    const reg = (await xc.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    expect(reg.packRef).toMatch(/^xuchang@/);
    const zh = await xc.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'no_contact_6_months', on: '2026-04-01' });
    expect(zh.statusCode).toBe(422);
    expect(zh.json().error).toMatchObject({ code: 'DEREGISTRATION_REFUSED', field: 'body.reason' });
    expect(zh.json().error.message).toContain('XC23 三(四)');
    expect(zh.json().error.message).toContain('不能简单以连续6个月无法取得联系为由注销失业登记');
    const en = await xc.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'refused_services_3_times', on: '2026-04-01' }, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(422);
    expect(en.json().error.message).toMatch(/may not be used to cancel the registration \(XC23 三\(四\)\)/);
    expect((await xc.get(`/api/v1/registrations/${reg.id}`)).json().state).toBe('active');
    expect(await count(sql`SELECT count(*)::int AS n FROM notifications WHERE person_id = ${id}`)).toBe(0);
  });

  it('other_statutory must name the rule', async () => {
    const id = await newPerson(cw, VILLAGE, '1984-04-04', 'male');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    const res = await cw.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'other_statutory', on: '2026-04-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'DEREGISTRATION_RULE_REQUIRED', field: 'body.rule' });
    const ok = await cw.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'other_statutory', on: '2026-04-01', rule: '内蒙古自治区失业登记办法 第十条' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().registration.deregistration.rule).toBe('内蒙古自治区失业登记办法 第十条');
  });

  it('an outbox failure rolls the deregistration back: nothing partially written', async () => {
    const id = await newPerson(cw, VILLAGE, '1983-03-03', 'female');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    const spy = vi.spyOn(t.runtime.services.notifications.repo, 'enqueue').mockRejectedValueOnce(new Error('outbox unavailable'));
    const res = await cw.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'hired', on: '2026-04-01' });
    spy.mockRestore();
    expect(res.statusCode).toBe(500);
    expect((await cw.get(`/api/v1/registrations/${reg.id}`)).json().state).toBe('active');
    const [p] = await t.runtime.handle.query<{ employment_status: string }>(sql`SELECT employment_status FROM persons WHERE id = ${id}`);
    expect(p?.employment_status).toBe('unemployed');
    expect(await count(sql`SELECT count(*)::int AS n FROM person_events WHERE person_id = ${id} AND kind = 'deregistration'`)).toBe(0);
  });

  it('a failure after the number is taken rolls the registration back, counter included', async () => {
    const id = await newPerson(cw, VILLAGE, '1982-02-02', 'male');
    const before = await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = ${VILLAGE} AND year = 2026`);
    const files = (t.runtime.services.registration as unknown as { personFiles: PersonFileUpdater }).personFiles;
    const spy = vi.spyOn(files, 'recordFacts').mockRejectedValueOnce(new Error('file store unavailable'));
    const res = await cw.post(`/api/v1/persons/${id}/registrations`, body({ marks: ['difficulty'] }));
    spy.mockRestore();
    expect(res.statusCode).toBe(500);
    expect(await count(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${id}`)).toBe(0);
    expect(await count(sql`SELECT last_serial AS n FROM registration_counters WHERE division_code = ${VILLAGE} AND year = 2026`)).toBe(before);
  });

  it('employment registration ends the unemployment registration with hired, or self_employed', async () => {
    const id = await newPerson(cw, VILLAGE, '1981-01-01', 'male');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    const res = await cw.post(`/api/v1/persons/${id}/employment`, { employerName: '呼和浩特市某某物流有限公司', employerCreditCode: '91150100MA0N1234X5', startedOn: '2026-04-20', type: 'stable' });
    expect(res.statusCode).toBe(201);
    expect(res.json().endedRegistration).toEqual({ id: reg.id, registrationNo: reg.registrationNo, reason: 'hired' });
    const after = (await cw.get(`/api/v1/registrations/${reg.id}`)).json();
    expect(after).toMatchObject({ state: 'cancelled', cancelledOn: '2026-04-20', deregistration: { reason: 'hired' } });
    expect(await count(sql`SELECT count(*)::int AS n FROM notifications WHERE person_id = ${id} AND template_id = 'registration.ended_by_employment'`)).toBe(1);

    const id2 = await newPerson(cw, VILLAGE, '1980-10-10', 'female');
    const reg2 = (await cw.post(`/api/v1/persons/${id2}/registrations`, body())).json().registration;
    const own = await cw.post(`/api/v1/persons/${id2}/employment`, { employerName: '个体早餐店', startedOn: '2026-04-02', type: 'self_employed' });
    expect(own.json().endedRegistration.reason).toBe('self_employed');
    const [p] = await t.runtime.handle.query<{ employment_status: string }>(sql`SELECT employment_status FROM persons WHERE id = ${id2}`);
    expect(p?.employment_status).toBe('self_employed');
    expect((await cw.get(`/api/v1/registrations/${reg2.id}`)).json().state).toBe('cancelled');
    const bad = await cw.post(`/api/v1/persons/${id2}/employment`, { employerName: '某公司', employerCreditCode: 'XYZ', startedOn: '2026-04-02', type: 'stable' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.employerCreditCode');
  });
});

describe('certificate', () => {
  it('prints the registration certificate as a PDF with the embedded Chinese font', async () => {
    const id = await newPerson(cw, VILLAGE, '1993-03-03', 'female');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    const res = await cw.get(`/api/v1/registrations/${reg.id}/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toContain(`/BaseFont /`);
    expect(text).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${CJK_FONT_NAME}`));
    expect(text).toContain(reg.registrationNo);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'registration.certificate' AND resource_id = ${reg.id}`)).toBe(1);
    const other = await xc.get(`/api/v1/registrations/${reg.id}/certificate.pdf`);
    expect(other.statusCode).toBe(404);
  });
});

describe('notification outbox delivery', () => {
  it('sends due messages through the channel sender: sent, retried with back-off, failed after the last attempt', async () => {
    const notifications = t.runtime.services.notifications;
    const id = await newPerson(cw, VILLAGE, '1979-09-19', 'female');
    const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
    await cw.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'enrolled', on: '2026-04-01' });
    const state = async () =>
      (await t.runtime.handle.query<{ state: string; attempts: number; last_error: string | null }>(sql`SELECT state, attempts, last_error FROM notifications WHERE person_id = ${id}`))[0];
    // No SMS gateway configured: the message stays pending, visible in the outbox.
    await notifications.dispatch(new Date());
    expect(await state()).toMatchObject({ state: 'pending', attempts: 0 });

    let calls = 0;
    notifications.useSender('sms', {
      send: async ({ row, textZh }) => {
        // Messages left by earlier tests go out normally; only this person's message is counted.
        if (row.personId !== id) return { delivered: false };
        calls++;
        expect(textZh).toContain(reg.registrationNo);
        if (calls < 3) throw new Error('gateway timeout');
        return { delivered: false };
      },
    });
    const now = Date.now();
    await notifications.dispatch(new Date(now));
    expect(await state()).toMatchObject({ state: 'pending', attempts: 1, last_error: 'gateway timeout' });
    await notifications.dispatch(new Date(now + 30_000)); // not yet due again (1 minute back-off)
    expect(calls).toBe(1);
    await notifications.dispatch(new Date(now + 61_000));
    await notifications.dispatch(new Date(now + 10 * 60_000));
    expect(await state()).toMatchObject({ state: 'sent', attempts: 3, last_error: null });
    const [row] = await t.runtime.handle.query<{ id: string }>(sql`SELECT id FROM notifications WHERE person_id = ${id}`);
    expect(await notifications.confirmDelivery(id, row!.id)).toBe(true);
    expect((await state())?.state).toBe('delivered');

    // A message whose gateway keeps failing ends as failed after MAX_ATTEMPTS.
    const id2 = await newPerson(cw, VILLAGE, '1978-08-18', 'male');
    const reg2 = (await cw.post(`/api/v1/persons/${id2}/registrations`, body())).json().registration;
    await cw.post(`/api/v1/registrations/${reg2.id}/deregister`, { reason: 'military', on: '2026-04-01' });
    notifications.useSender('sms', { send: async () => Promise.reject(new Error('unreachable')) });
    for (let i = 0; i < 6; i++) await notifications.dispatch(new Date(now + i * 24 * 3600_000));
    const [failed] = await t.runtime.handle.query<{ state: string; attempts: number }>(sql`SELECT state, attempts FROM notifications WHERE person_id = ${id2}`);
    expect(failed).toEqual({ state: 'failed', attempts: 5 });
  });
});

describe('service state follows the registration at once (no nightly run needed)', () => {
  it('computes the state on registration, first contact and deregistration, in their transactions, on the one clock', async () => {
    const clock = t.runtime.services.clock;
    clock.set('2026-03-12');
    try {
      // The registration checks "today" on the application's one clock.
      const early = await newPerson(cw, VILLAGE, '1986-06-16', 'female');
      const future = await cw.post(`/api/v1/persons/${early}/registrations`, body({ registeredOn: '2026-03-13' }), { 'accept-language': 'en' });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.message).toContain('2026-03-12');

      const id = await newPerson(cw, VILLAGE, '1987-07-07', 'female');
      const reg = (await cw.post(`/api/v1/persons/${id}/registrations`, body())).json().registration;
      expect(reg.deadlines.firstContact).toBe('2026-03-17');
      const state = async () =>
        (
          await t.runtime.handle.query<{ tier: string; first_contact_deadline: string | null; first_contact_on: string | null; obligations_unmet: number }>(
            sql`SELECT tier, first_contact_deadline::text, first_contact_on::text, obligations_unmet FROM person_service_state WHERE person_id = ${id}`,
          )
        )[0];
      expect(await state()).toMatchObject({ tier: 'short', first_contact_deadline: '2026-03-17', first_contact_on: null });
      expect((await state())!.obligations_unmet).toBeGreaterThan(0);
      const firstContacts = async () =>
        (await cw.get('/api/v1/worklist?kind=first_contact')).json<{ groups: { items: { personId: string; dueOn: string; overdue: boolean }[] }[] }>().groups[0]!.items.filter((i) => i.personId === id);
      expect(await firstContacts()).toEqual([expect.objectContaining({ dueOn: '2026-03-17', overdue: false })]);

      expect((await cw.post(`/api/v1/registrations/${reg.id}/first-contact`, { on: '2026-03-12', channel: 'phone' })).statusCode).toBe(200);
      expect((await state())?.first_contact_on).toBe('2026-03-12');
      expect(await firstContacts()).toEqual([]);
      const obligations = (await cw.get('/api/v1/worklist?kind=obligation')).json<{ groups: { items: { personId: string }[] }[] }>().groups[0]!.items;
      expect(obligations.some((i) => i.personId === id)).toBe(true);

      expect((await op.post(`/api/v1/registrations/${reg.id}/deregister`, { reason: 'hired', on: '2026-03-12' })).statusCode).toBe(200);
      expect(await state()).toBeUndefined();
      const ended = await t.runtime.handle.query<{ kind: string; cause: string }>(sql`SELECT kind, cause FROM service_state_changes WHERE person_id = ${id} AND kind = 'ended'`);
      expect(ended).toEqual([{ kind: 'ended', cause: `deregistration:${reg.id}` }]);
      const after = (await cw.get('/api/v1/worklist')).json<{ groups: { items: { personId: string }[] }[] }>();
      expect(after.groups.flatMap((g) => g.items).some((i) => i.personId === id)).toBe(false);
    } finally {
      clock.set(null);
    }
  });
});
