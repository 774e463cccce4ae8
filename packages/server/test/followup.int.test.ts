/**
 * Follow-up across the journey (issue 15) through HTTP, on PGlite (or PostgreSQL with DATABASE_URL): a citizen's
 * job-search progress and "I found a job" from the portal; the latter is a verification item on the caseworker's
 * worklist — never a silent status change — that the caseworker rejects (with a reason the citizen sees) or
 * confirms (the employment registration ends the unemployment registration as hired). Registering again within the
 * pack's window after that employment marks the new registration re-unemployed with a priority item (CQ25 四).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { citizenSession, type CitizenSession } from './support/citizen-session.ts';
import { idNumberOf } from './support/id-numbers.ts';

let t: TestApp;
let cw: Session;
let commitment = '';
const VILLAGE = '150102001001';
const TODAY = '2026-11-25';

const sessionFrom = (res: LightMyRequestResponse): CitizenSession => citizenSession(t.app, res);

const idNumber = (birth: string, order: string): string => idNumberOf('150102', birth, order);

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

const onlineBody = () => ({ placeBasis: 'residence', unemploymentReason: 'resigned', skills: ['收银'], intention: 'employment', marks: [], commitment: { version: commitment } });

interface Item {
  kind: string;
  personId: string;
  ref?: string;
  priority?: boolean;
  textZh: string;
  source: string | null;
  employment?: { employerName: string; startedOn: string; type: string };
}
async function items(kind: string): Promise<Item[]> {
  const res = await cw.get(`/api/v1/worklist?kind=${kind}&jurisdiction=${VILLAGE}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ groups: { kind: string; items: Item[] }[] }>().groups.flatMap((g) => g.items);
}

beforeAll(async () => {
  t = await createTestApp({ persons: 60, today: TODAY });
  cw = await t.login('caseworker');
  commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
});
afterAll(async () => {
  await t?.close();
});

describe('citizen self-report → verification item → reject / confirm → re-unemployment', () => {
  let citizen: CitizenSession;
  let personId = '';
  let registrationId = '';
  let reportId = '';

  it('a citizen signs up and registers online', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1990-03-03', '035'), name: '赵雨晴', phone: '13912340035', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(res.statusCode, res.body).toBe(201);
    citizen = sessionFrom(res);
    personId = res.json<{ user: { personId: string } }>().user.personId;
    const reg = await citizen.post('/api/v1/me/registrations', onlineBody());
    expect(reg.statusCode, reg.body).toBe(201);
    registrationId = reg.json().registration.id;
    expect(reg.json().registration.reunemployed).toBeNull();
  });

  it('reports job-search progress: recorded as given, seen by the caseworker, audited', async () => {
    const res = await citizen.post('/api/v1/me/self-reports/progress', { note: '投递简历 5 份，参加招聘会 1 次', applications: 5, interviews: 1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'progress', state: 'recorded', applications: 5, interviews: 1 });
    const seen = (await cw.get(`/api/v1/persons/${personId}/self-reports`)).json().items;
    expect(seen).toMatchObject([{ kind: 'progress', note: '投递简历 5 份，参加招聘会 1 次' }]);
    const bad = await citizen.post('/api/v1/me/self-reports/progress', { note: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.note');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'followup.self_report.progress' AND outcome = 'ok'`)).toBe(1);
  });

  it('"I found a job" with a future start date is refused naming the field', async () => {
    const res = await citizen.post('/api/v1/me/self-reports/found-job', { employerName: '包头市鹿城超市有限公司', startedOn: '2026-12-01', type: 'stable' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('body.startedOn');
    const type = await citizen.post('/api/v1/me/self-reports/found-job', { employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'gig' });
    expect(type.statusCode).toBe(400);
    expect(type.json().error.field).toBe('body.type');
  });

  it('"I found a job" creates a verification item and changes no status', async () => {
    const res = await citizen.post('/api/v1/me/self-reports/found-job', { employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'stable' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'found_job', state: 'pending', employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'stable' });
    reportId = res.json().id;
    const status = (await citizen.get('/api/v1/me/status')).json();
    expect(status.activeRegistration.id).toBe(registrationId);
    expect(status.person.employmentStatus).toBe('unemployed');
    const item = (await items('verify_employment')).find((i) => i.ref === reportId);
    expect(item).toMatchObject({ kind: 'verify_employment', personId, employment: { employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'stable' } });
    expect(item?.source).toContain('XC23 三(三)');
    // One open report at a time.
    const again = await citizen.post('/api/v1/me/self-reports/found-job', { employerName: '另一家公司', startedOn: '2026-11-21', type: 'flexible' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SELF_REPORT_PENDING', field: 'body.employerName' });
  });

  it('a citizen cannot decide a report; a reason is required to reject', async () => {
    expect((await citizen.post(`/api/v1/persons/${personId}/self-reports/${reportId}/confirm`, {})).statusCode).toBe(403);
    const noReason = await cw.post(`/api/v1/persons/${personId}/self-reports/${reportId}/reject`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.reason');
  });

  it('the caseworker rejects with a reason: the citizen sees it, the item is gone, nothing else changed', async () => {
    const res = await cw.post(`/api/v1/persons/${personId}/self-reports/${reportId}/reject`, { reason: '电话核实：该单位无此员工，请携带劳动合同到社区办理' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'rejected', reason: '电话核实：该单位无此员工，请携带劳动合同到社区办理' });
    const mine = (await citizen.get('/api/v1/me/self-reports')).json().items;
    expect(mine.find((r: { id: string }) => r.id === reportId)).toMatchObject({ state: 'rejected', reason: expect.stringContaining('劳动合同') });
    expect((await items('verify_employment')).some((i) => i.ref === reportId)).toBe(false);
    expect((await citizen.get('/api/v1/me/status')).json().activeRegistration.id).toBe(registrationId);
    const twice = await cw.post(`/api/v1/persons/${personId}/self-reports/${reportId}/confirm`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'SELF_REPORT_DECIDED', field: 'params.id' });
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'followup.self_report.reject' AND resource_id = ${reportId} AND outcome = 'ok'`)).toBe(1);
  });

  it('reported again and confirmed: the employment registration ends the unemployment registration as hired', async () => {
    const res = await citizen.post('/api/v1/me/self-reports/found-job', { employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'stable' });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
    const ok = await cw.post(`/api/v1/persons/${personId}/self-reports/${reportId}/confirm`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().report).toMatchObject({ state: 'confirmed', employmentId: ok.json().employment.id });
    expect(ok.json().employment).toMatchObject({ employerName: '包头市鹿城超市有限公司', startedOn: '2026-11-20', type: 'stable', endedRegistration: { id: registrationId, reason: 'hired' } });
    const status = (await citizen.get('/api/v1/me/status')).json();
    expect(status.activeRegistration).toBeNull();
    expect(status.person.employmentStatus).toBe('employed');
    expect(status.notifications.map((n: { templateId: string }) => n.templateId)).toContain('registration.ended_by_employment');
    expect((await citizen.get('/api/v1/me/self-reports')).json().items[0]).toMatchObject({ id: reportId, state: 'confirmed' });
    expect((await items('verify_employment')).some((i) => i.ref === reportId)).toBe(false);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'followup.self_report.confirm' AND resource_id = ${reportId} AND outcome = 'ok'`)).toBe(1);
  });

  it('registering again within the window: marked re-unemployed with a priority item until a service is recorded', async () => {
    const reg = await citizen.post('/api/v1/me/registrations', onlineBody());
    expect(reg.statusCode, reg.body).toBe(201);
    const r = reg.json().registration;
    expect(r.reunemployed).toMatchObject({ afterEmploymentId: expect.any(String), source: 'CQ25 四' });
    const item = (await items('reunemployed')).find((i) => i.ref === r.id);
    expect(item).toMatchObject({ kind: 'reunemployed', personId, priority: true, employment: { employerName: '包头市鹿城超市有限公司' } });
    const served = await cw.post(`/api/v1/persons/${personId}/services`, { type: 'career_guidance', channel: 'in_person', servedOn: TODAY, content: '再就业职业指导' });
    expect(served.statusCode, served.body).toBe(201);
    expect((await items('reunemployed')).some((i) => i.ref === r.id)).toBe(false);
  });
});

describe('re-unemployment window', () => {
  it('an employment that began more than the window before does not mark the registration', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/citizen/signup', payload: { idNumber: idNumber('1985-05-05', '051'), name: '钱立军', phone: '13912340051', password: 'secret-2026', residenceCode: VILLAGE } });
    expect(res.statusCode, res.body).toBe(201);
    const citizen = sessionFrom(res);
    const personId = res.json<{ user: { personId: string } }>().user.personId;
    // Employment registered at the counter 13 months before; the pack's window is 12 months (project_default).
    const job = await cw.post(`/api/v1/persons/${personId}/employment`, { employerName: '包头市东河区建筑公司', startedOn: '2025-10-24', type: 'flexible' });
    expect(job.statusCode, job.body).toBe(201);
    const reg = await citizen.post('/api/v1/me/registrations', onlineBody());
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json().registration.reunemployed).toBeNull();
    expect((await items('reunemployed')).some((i) => i.personId === personId)).toBe(false);
  });
});
