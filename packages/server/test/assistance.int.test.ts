/**
 * Employment assistance end to end (PGlite, or PostgreSQL with DATABASE_URL), with a fixed "today": recognition
 * submitted → pre-check → review → public notice → recognised with maker–checker refusals, an objection that
 * suspends recognition, recognition before the notice ends refused with its clause, the card and the agreement
 * printed, the difficulty mark on the file; zero-employment families confirmed, cleared and reopened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { assistancePeriod, parseIsoDate, residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cw: Session; // caseworker, 150102001001
let township: Session; // caseworker.township, 150102001000
let county: Session; // operator.county, 150102000000
let city: Session; // operator.city, 150100000000
let regCommitment = '';

let serial = 500;
function idFor(address: string, birth: string, sex: 'male' | 'female'): string {
  serial += 2;
  const first17 = `${address}${birth.replaceAll('-', '')}${String(serial + (sex === 'male' ? 1 : 0)).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

async function person(s: Session, village: string, name: string, birth: string, sex: 'male' | 'female', employmentStatus = 'unemployed'): Promise<{ id: string; version: number }> {
  const res = await s.post('/api/v1/persons', { idNumber: idFor(village.slice(0, 6), birth, sex), name, residence: { code: village }, employmentStatus, source: 'visit' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().file;
}

async function register(s: Session, id: string, registeredOn: string): Promise<void> {
  const res = await s.post(`/api/v1/persons/${id}/registrations`, { placeBasis: 'residence', registeredOn, unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: regCommitment } });
  if (res.statusCode !== 201) throw new Error(res.body);
}

function send(s: Session, method: 'PATCH', url: string, payload: unknown) {
  return t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: payload as object });
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

const setToday = (d: string) => t.runtime.services.clock.set(d);

beforeAll(async () => {
  t = await createTestApp({ persons: 60 });
  [cw, township, county, city] = await Promise.all([t.login('caseworker'), t.login('caseworker.township'), t.login('operator.county'), t.login('operator.city')]);
  regCommitment = (await cw.get('/api/v1/registration-commitment')).json().current.version;
});
afterAll(async () => {
  t?.runtime.services.clock.set(null);
  await t?.close();
});

describe('recognition workflow (Inner Mongolia, 内人社办发〔2020〕58号 criteria)', () => {
  const VILLAGE = '150102001001';
  let personId = '';
  let appId = '';
  let commitment = '';
  let planId = '';

  beforeAll(async () => {
    setToday('2025-11-03'); // Monday
    const p = await person(cw, VILLAGE, '王秀兰', '1979-04-12', 'female');
    personId = p.id;
    await register(cw, personId, '2025-06-02');
    commitment = (await cw.get('/api/v1/assistance-commitment')).json().current.version;
  });

  it('evaluates the criteria without writing and names the missing facts', async () => {
    const res = await cw.post(`/api/v1/persons/${personId}/assistance/evaluate`, { facts: {} });
    expect(res.statusCode, res.body).toBe(200);
    const ev = res.json();
    expect(ev).toMatchObject({ pack: 'nei-mongol@2024.1', eligible: 'unknown', registeredUnemployed: true });
    expect(ev.missingFacts).toEqual(expect.arrayContaining(['person.residentMonths', 'person.contributionYears']));
    expect(await count(sql`SELECT count(*)::int AS n FROM assistance_applications WHERE person_id = ${personId}`)).toBe(0);
  });

  it('a caseworker applies for an older registrant; the evaluation is stored with the application', async () => {
    const res = await cw.post(`/api/v1/persons/${personId}/assistance-applications`, { facts: { residentMonths: 120, contributionYears: 8 }, commitment: { version: commitment } });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    appId = a.id;
    expect(a).toMatchObject({ state: 'submitted', eligible: true, channel: 'caseworker', precheckDue: '2025-11-10', categoriesMet: ['older'] });
    expect(a.evaluation.categories.find((c: { id: string }) => c.id === 'older')).toMatchObject({ met: true, source: '内人社办发〔2020〕58号 认定范围' });
    expect(a.events).toEqual([expect.objectContaining({ action: 'submitted', actor: 'caseworker' })]);
    // The step's time comes from the slice's (fixed) clock: 09:00 in China on the fixed day.
    expect(a.events[0]).toMatchObject({ at: '2025-11-03T01:00:00.000Z', on: '2025-11-03' });
    expect(a.planId).toBeNull();
    const again = await cw.post(`/api/v1/persons/${personId}/assistance-applications`, { facts: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ASSISTANCE_OPEN_EXISTS');
  });

  it('refuses approving one’s own application (maker–checker), nothing written', async () => {
    const res = await cw.post(`/api/v1/assistance-applications/${appId}/precheck`, { decision: 'approve' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'MAKER_CHECKER' });
    expect(res.json().error.message).toMatch(/application you submitted/);
    const a = (await cw.get(`/api/v1/assistance-applications/${appId}`)).json();
    expect(a.state).toBe('submitted');
    expect(a.events).toHaveLength(1);
  });

  it('the application answers what the requester may do, from the workflow table (issue 12)', async () => {
    const allowed = async (s: Session) => (await s.get(`/api/v1/assistance-applications/${appId}`, { 'accept-language': 'en' })).json().allowedActions as { action: string; allowed: boolean; refusedBy?: string; reason?: string }[];
    const mine = await allowed(cw);
    expect(mine.find((a) => a.action === 'precheck.approve')).toMatchObject({ allowed: false, refusedBy: 'maker_checker', reason: expect.stringContaining('community pre-check: you did the submission') });
    expect(mine.find((a) => a.action === 'review.approve')).toMatchObject({ allowed: false, refusedBy: 'state' });
    expect((await allowed(township)).filter((a) => a.allowed).map((a) => a.action)).toEqual(['precheck.approve', 'precheck.reject']);
    expect((await allowed(city)).find((a) => a.action === 'recognise')).toMatchObject({ allowed: false, refusedBy: 'state', reason: expect.stringContaining('5-working-day notice (MOH 二(三))') });
  });

  it('a second user pre-checks, an operator reviews and the notice opens for 5 working days', async () => {
    const pre = await township.post(`/api/v1/assistance-applications/${appId}/precheck`, { decision: 'approve', reason: '材料齐全' });
    // Recognising without a notice is refused with the pack's notice period and clause; nothing is written.
    const noNotice = await city.post(`/api/v1/assistance-applications/${appId}/recognise`, {});
    expect(noNotice.statusCode).toBe(409);
    expect(noNotice.json().error.code).toBe('ASSISTANCE_NOTICE_REQUIRED');
    expect(noNotice.json().error.message).toContain('待县级审核');
    expect(noNotice.json().error.message).toContain('公示 5 个工作日（MOH 二(三)）');
    expect((await city.get(`/api/v1/assistance-applications/${appId}`)).json()).toMatchObject({ state: 'prechecked', cardNo: null });
    expect(await count(sql`SELECT count(*)::int AS n FROM person_marks WHERE person_id = ${personId} AND mark = 'difficulty'`)).toBe(0);
    expect(pre.statusCode, pre.body).toBe(200);
    expect(pre.json()).toMatchObject({ state: 'prechecked', reviewDue: '2025-11-12', prechecked: { at: '2025-11-03T01:00:00.000Z', on: '2025-11-03' } });
    expect((await township.post(`/api/v1/assistance-applications/${appId}/review`, { decision: 'approve' })).statusCode).toBe(403); // no permission
    setToday('2025-11-04');
    const rev = await county.post(`/api/v1/assistance-applications/${appId}/review`, { decision: 'approve', reason: '符合大龄条件' });
    expect(rev.statusCode, rev.body).toBe(200);
    const a = rev.json();
    expect(a).toMatchObject({ state: 'public_notice', noticeFrom: '2025-11-04', noticeEnds: '2025-11-11' });
    expect(a.notice).toMatchObject({ name: '王**', sex: 'female', age: 46, from: '2025-11-04', to: '2025-11-11', workingDays: 5, categories: [expect.objectContaining({ id: 'older' })] });
    const notices = (await cw.get('/api/v1/assistance/notices')).json().items;
    expect(notices).toContainEqual(expect.objectContaining({ applicationId: appId, name: '王**' }));
    expect(JSON.stringify(notices)).not.toContain('王秀兰');
  });

  it('the reviewer may not also recognise; recognising before the notice ends is refused with the clause', async () => {
    setToday('2025-11-11');
    const own = await county.post(`/api/v1/assistance-applications/${appId}/recognise`, {});
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('MAKER_CHECKER');
    const early = await city.post(`/api/v1/assistance-applications/${appId}/recognise`, {});
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'ASSISTANCE_NOTICE_RUNNING' });
    expect(early.json().error.message).toContain('2025-11-11');
    expect(early.json().error.message).toContain('MOH 二(三)');
    expect((await cw.get(`/api/v1/assistance-applications/${appId}`)).json().state).toBe('public_notice');
  });

  it('an objection during the notice suspends recognition until it is resolved', async () => {
    const obj = await township.post(`/api/v1/assistance-applications/${appId}/objections`, { objector: '居民（匿名）', content: '反映其在超市打零工', raisedOn: '2025-11-06' });
    expect(obj.statusCode, obj.body).toBe(200);
    expect(obj.json().suspended).toBe(true);
    setToday('2025-11-12');
    const blocked = await city.post(`/api/v1/assistance-applications/${appId}/recognise`, {});
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('ASSISTANCE_OBJECTION_OPEN');
    expect(await count(sql`SELECT count(*)::int AS n FROM person_marks WHERE person_id = ${personId} AND mark = 'difficulty'`)).toBe(0);
    const objectionId = obj.json().objections[0].id;
    const res = await county.post(`/api/v1/assistance-applications/${appId}/objections/${objectionId}/resolve`, { outcome: 'dismissed', resolution: '核实为临时帮忙，无劳动关系和收入' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().suspended).toBe(false);
  });

  it('recognises after the notice: card number, validity, difficulty mark with its source, printable card', async () => {
    const res = await city.post(`/api/v1/assistance-applications/${appId}/recognise`, { reason: '公示无异议（异议已核实不成立）' });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ state: 'recognised', recognisedOn: '2025-11-12', cardNo: '150102202500000' + '1', validUntil: '2028-11-11', nextRecheckOn: '2026-05-12' });
    expect(a.events.map((e: { action: string }) => e.action)).toEqual(['submitted', 'prechecked', 'reviewed', 'objection_raised', 'objection_dismissed', 'recognised']);
    expect(a.events.map((e: { actor: string }) => e.actor)).toEqual(['caseworker', 'caseworker.township', 'operator.county', 'caseworker.township', 'operator.county', 'operator.city']);
    // Every step is timed by the fixed clock (never the machine's): the objection and its resolution share days.
    expect(a.events.map((e: { at: string }) => e.at)).toEqual(['2025-11-03', '2025-11-03', '2025-11-04', '2025-11-11', '2025-11-12', '2025-11-12'].map((d) => new Date(`${d}T09:00:00+08:00`).toISOString()));
    const stored = await t.runtime.handle.query<{ at: Date; updated: Date }>(sql`SELECT max(e.at) AS at, max(a.updated_at) AS updated FROM assistance_events e JOIN assistance_applications a ON a.id = e.application_id WHERE a.id = ${appId}`);
    expect(new Date(stored[0]!.at).toISOString()).toBe('2025-11-12T01:00:00.000Z');
    expect(new Date(stored[0]!.updated).toISOString()).toBe('2025-11-12T01:00:00.000Z');
    expect(a.period).toMatchObject({ validUntil: '2028-11-11', nextRecheck: '2026-05-12', handoverAssessmentFrom: '2028-10-12', handoverDue: false, expired: false });
    const file = (await cw.get(`/api/v1/persons/${personId}`)).json();
    expect(file.markHistory).toContainEqual(expect.objectContaining({ mark: 'difficulty', since: '2025-11-12', until: null, source: 'assistance_recognition' }));
    const pdf = await cw.get(`/api/v1/assistance-applications/${appId}/card.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('agrees a plan with measures, lists overdue measures and prints the agreement', async () => {
    const plan = await cw.post(`/api/v1/assistance-applications/${appId}/plan`, {
      needs: ['job_recommendation', 'training'],
      goals: '三个月内实现就业',
      measures: [
        { serviceType: 'career_guidance', description: '职业指导一次', targetDate: '2025-11-20' },
        { serviceType: 'job_recommendation', description: '推荐3个适合岗位', targetDate: '2025-12-15' },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const p = plan.json();
    planId = p.id;
    expect((await cw.get(`/api/v1/assistance-applications/${appId}`)).json()).toMatchObject({ planId: p.id, planState: 'draft' });
    expect(p).toMatchObject({ state: 'draft', responsibleWorker: { name: 'caseworker' }, progress: { total: 2, done: 0, overdue: 0 } });
    const version = (await cw.get('/api/v1/assistance-agreement')).json().current.version;
    expect((await cw.post(`/api/v1/assistance-plans/${p.id}/agree`, { agreementVersion: 'old', consent: { method: 'signature' } })).json().error.field).toBe('body.agreementVersion');
    const agreed = await cw.post(`/api/v1/assistance-plans/${p.id}/agree`, { agreementVersion: version, consent: { method: 'signature' } });
    expect(agreed.statusCode, agreed.body).toBe(200);
    expect(agreed.json().agreement).toMatchObject({ version, agreedOn: '2025-11-12' });
    setToday('2025-11-25');
    const overdue = (await cw.get('/api/v1/assistance-plans/overdue')).json().items;
    expect(overdue).toContainEqual(expect.objectContaining({ planId: p.id, description: '职业指导一次', targetDate: '2025-11-20' }));
    const measureId = p.measures[0].id;
    const done = await cw.post(`/api/v1/assistance-plans/${p.id}/measures/${measureId}/complete`, { outcome: '已完成' });
    expect(done.json().progress).toMatchObject({ done: 1, overdue: 0 });
    const employed = await cw.post(`/api/v1/assistance-plans/${p.id}/employment`, { on: '2025-11-24', employer: '公主府物业', subsidies: ['social_insurance'] });
    expect(employed.statusCode, employed.body).toBe(200);
    const kinds = employed.json().measures.map((m: { kind: string; targetDate: string }) => `${m.kind}:${m.targetDate}`);
    expect(kinds).toEqual(expect.arrayContaining(['follow_up:2025-12-24', 'follow_up:2026-01-24', 'follow_up:2026-02-24', 'subsidy:2025-12-24']));
    const pdf = await cw.get(`/api/v1/assistance-plans/${p.id}/agreement.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lists the staff who may be responsible (首问负责制, scoped) and hands the plan over with the reason', async () => {
    const mine = await cw.get(`/api/v1/persons/${personId}/assistance-workers`);
    expect(mine.statusCode, mine.body).toBe(200);
    // A community caseworker's area holds only the community's own staff.
    expect(mine.json().items.map((w: { username: string }) => w.username)).toEqual(['caseworker']);
    expect(mine.json().items[0]).toMatchObject({ self: true, jurisdiction: { code: '150102001001' } });
    const res = await county.get(`/api/v1/persons/${personId}/assistance-workers`);
    const workers = res.json().items as { id: string; username: string; role: string }[];
    // Closest to the person first; the city operator lies outside the county's area; the other community does not cover the person.
    expect(workers.map((w) => w.username)).toEqual(['caseworker', 'caseworker.township', 'operator.county']);
    expect((await (await t.login('supervisor.city')).get(`/api/v1/persons/${personId}/assistance-workers`)).statusCode).toBe(403);
    expect((await (await t.login('caseworker.xuchang')).get(`/api/v1/persons/${personId}/assistance-workers`)).statusCode).toBe(404);

    const township = workers.find((w) => w.username === 'caseworker.township')!;
    const outside = await cw.post(`/api/v1/assistance-plans/${planId}/responsible-worker`, { workerId: township.id, reason: '转街道' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('body.workerId');
    const unknown = await county.post(`/api/v1/assistance-plans/${planId}/responsible-worker`, { workerId: '00000000-0000-4000-8000-000000000001', reason: '转交' });
    expect(unknown.statusCode).toBe(400);
    const handed = await county.post(`/api/v1/assistance-plans/${planId}/responsible-worker`, { workerId: township.id, reason: '社区专员休假，转街道专员负责' });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json()).toMatchObject({ responsibleWorker: { id: township.id, name: 'caseworker.township' }, responsibleHistory: [expect.objectContaining({ name: 'caseworker', to: 'caseworker.township', by: 'operator.county', reason: '社区专员休假，转街道专员负责' })] });
    expect((await county.get('/api/v1/assistance-plans/overdue')).json().items.every((i: { planId: string; responsibleWorker: string }) => i.planId !== planId || i.responsibleWorker === 'caseworker.township')).toBe(true);
  });

  it('exit needs a ground the pack allows; exiting ends the difficulty mark; re-entry is a new application', async () => {
    const notYet = await county.post(`/api/v1/assistance-applications/${appId}/exit`, { reason: 'period_ended', note: '期满' });
    expect(notYet.statusCode).toBe(400);
    expect(notYet.json().error.field).toBe('body.reason');
    const refused = await county.post(`/api/v1/assistance-applications/${appId}/exit`, { reason: 'refused_assistance', note: '无正当理由三次拒绝推荐岗位' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ state: 'exited', exitReason: 'refused_assistance', exitClause: 'MOH 二(三)' });
    const file = (await cw.get(`/api/v1/persons/${personId}`)).json();
    expect(file.markHistory).toContainEqual(expect.objectContaining({ mark: 'difficulty', until: '2025-11-25' }));
    const again = await cw.post(`/api/v1/persons/${personId}/assistance-applications`, { facts: { residentMonths: 120, contributionYears: 8 } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().applicationNo).not.toBe(refused.json().applicationNo);
  });

  it('out-of-scope users do not see applications; citizens apply with the written commitment', async () => {
    const xc = await t.login('caseworker.xuchang');
    expect((await xc.get(`/api/v1/assistance-applications/${appId}`)).statusCode).toBe(404);
    const citizen = await t.login('citizen');
    const bad = await citizen.post('/api/v1/me/assistance-applications', { facts: {}, commitment: { version: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.commitment.version');
    const version = (await citizen.get('/api/v1/me/assistance-commitment')).json().current.version;
    const ok = await citizen.post('/api/v1/me/assistance-applications', { facts: {}, commitment: { version } });
    expect([201, 409]).toContain(ok.statusCode);
    if (ok.statusCode === 201) expect(ok.json()).toMatchObject({ channel: 'citizen', commitment: { version } });
  });
});

/** Submits (as `maker`), pre-checks (township) and reviews (county) an application; the notice starts on `reviewOn`. */
async function toNotice(maker: Session, personId: string, submitOn: string, reviewOn: string): Promise<string> {
  setToday(submitOn);
  const a = await maker.post(`/api/v1/persons/${personId}/assistance-applications`, { facts: { residentMonths: 120, contributionYears: 8 } });
  if (a.statusCode !== 201) throw new Error(a.body);
  const id = a.json().id as string;
  const pre = await township.post(`/api/v1/assistance-applications/${id}/precheck`, { decision: 'approve' });
  if (pre.statusCode !== 200) throw new Error(pre.body);
  setToday(reviewOn);
  const rev = await county.post(`/api/v1/assistance-applications/${id}/review`, { decision: 'approve' });
  if (rev.statusCode !== 200) throw new Error(rev.body);
  return id;
}

describe('objection resolution is maker–checker too (CQ25 八)', () => {
  it('neither the user who recorded the objection nor the submitter may resolve it; nothing is written', async () => {
    const p = await person(cw, '150102001001', '孙异议', '1972-02-02', 'male');
    setToday('2025-11-03');
    await register(cw, p.id, '2025-05-06');
    // The city operator submits (operators may apply), so the submitter also holds the resolve permission.
    const id = await toNotice(city, p.id, '2025-11-03', '2025-11-04');
    setToday('2025-11-05');
    const obj = await county.post(`/api/v1/assistance-applications/${id}/objections`, { objector: '邻居', content: '反映其有个体经营收入' });
    expect(obj.statusCode, obj.body).toBe(200);
    const objectionId = obj.json().objections[0].id as string;
    const eventsBefore = obj.json().events.length as number;

    const own = await county.post(`/api/v1/assistance-applications/${id}/objections/${objectionId}/resolve`, { outcome: 'dismissed', resolution: '核实不属实' });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('MAKER_CHECKER');
    expect(own.json().error.message).toContain('该异议由您登记');
    expect(own.json().error.message).toContain('CQ25 八');
    const submitter = await city.post(`/api/v1/assistance-applications/${id}/objections/${objectionId}/resolve`, { outcome: 'upheld', resolution: '异议成立' }, { 'accept-language': 'en' });
    expect(submitter.statusCode).toBe(403);
    expect(submitter.json().error.code).toBe('MAKER_CHECKER');
    expect(submitter.json().error.message).toContain('you submitted the application');
    expect(submitter.json().error.message).toContain('CQ25 八');

    const after = (await cw.get(`/api/v1/assistance-applications/${id}`)).json();
    expect(after).toMatchObject({ state: 'public_notice', suspended: true });
    expect(after.objections[0]).toMatchObject({ status: 'open', resolution: null });
    expect(after.events).toHaveLength(eventsBefore);
    expect(await count(sql`SELECT count(*)::int AS n FROM assistance_objections WHERE id = ${objectionId} AND status = 'open'`)).toBe(1);
  });
});

describe('re-check, hand-over assessment and exit at the end of the assistance period (MOH 二(三); CQ25 四)', () => {
  let personId = '';
  let id = '';

  beforeAll(async () => {
    setToday('2025-11-03');
    personId = (await person(cw, '150102001001', '周期满', '1970-07-07', 'male')).id;
    await register(cw, personId, '2025-06-02');
    id = await toNotice(cw, personId, '2025-11-03', '2025-11-04');
    setToday('2025-11-12');
    const rec = await city.post(`/api/v1/assistance-applications/${id}/recognise`, {});
    expect(rec.statusCode, rec.body).toBe(200);
  });

  it('the periodic re-check records a fresh evaluation, the next date and its explanation with the pack', async () => {
    setToday('2026-05-12');
    const res = await township.post(`/api/v1/assistance-applications/${id}/recheck`, {});
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ state: 'recognised', nextRecheckOn: '2026-11-12', evaluation: { asOf: '2026-05-12', eligible: true } });
    const ev = a.events.at(-1);
    expect(ev).toMatchObject({ action: 'rechecked', actor: 'caseworker.township', on: '2026-05-12', at: '2026-05-12T01:00:00.000Z' });
    expect(ev.detail.pack).toBe('nei-mongol@2024.1');
    expect(ev.detail.explanations[0].text).toContain('仍符合认定条件');
    expect(ev.detail.explanations[0].source).toContain('内人社办发〔2020〕58号');
    expect(ev.detail.explanations[1]).toMatchObject({ rule: 'assistance.recheck', numbers: { nextRecheck: '2026-11-12' } });
  });

  it('the hand-over assessment and the period-end exit are refused before their time, each with the clause', async () => {
    const early = await township.post(`/api/v1/assistance-applications/${id}/handover-assessment`, { employmentSituation: '未就业', nextSteps: '转市场化服务' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('2028-10-12');
    expect(early.json().error.message).toContain('CQ25 四');
    const notEnded = await county.post(`/api/v1/assistance-applications/${id}/exit`, { reason: 'period_ended', note: '期满' });
    expect(notEnded.statusCode).toBe(400);
    expect(notEnded.json().error).toMatchObject({ field: 'body.reason' });
    expect(notEnded.json().error.message).toContain('2028-11-11');
    const stillEligible = await county.post(`/api/v1/assistance-applications/${id}/exit`, { reason: 'no_longer_eligible', note: '不符合' });
    expect(stillEligible.statusCode).toBe(400);
    expect(stillEligible.json().error.message).toContain('仍符合认定条件');
    expect(stillEligible.json().error.message).toContain('MOH 二(三)');
    const view = (await cw.get(`/api/v1/assistance-applications/${id}`)).json();
    expect(view.state).toBe('recognised');
    const ground = (r: string) => view.exitGrounds.find((g: { reason: string }) => g.reason === r);
    expect(ground('period_ended')).toMatchObject({ allowed: false });
    expect(ground('no_longer_eligible')).toMatchObject({ allowed: false, clause: 'MOH 二(三)' });
    expect(ground('refused_assistance')).toMatchObject({ allowed: true, clause: 'MOH 二(三)', pack: 'nei-mongol@2024.1' });
    expect(await count(sql`SELECT count(*)::int AS n FROM person_marks WHERE person_id = ${personId} AND mark = 'difficulty' AND until IS NULL`)).toBe(1);
  });

  it('in the last 30 days the hand-over assessment is recorded; after the end the person exits with that clause', async () => {
    setToday('2028-10-20');
    const due = (await cw.get('/api/v1/assistance/worklist')).json().items;
    expect(due).toContainEqual(expect.objectContaining({ applicationId: id, task: 'handover_assessment', due: '2028-11-11' }));
    const h = await township.post(`/api/v1/assistance-applications/${id}/handover-assessment`, { employmentSituation: '灵活就业，收入不稳定', nextSteps: '转入市场化就业服务，保留岗位推荐' });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().handoverAssessment).toMatchObject({ on: '2028-10-20', source: 'CQ25 四', validUntil: '2028-11-11' });
    expect(h.json().events.at(-1).detail.explanations[1].source).toBe('CQ25 四');
    const tooSoon = await county.post(`/api/v1/assistance-applications/${id}/exit`, { reason: 'period_ended', note: '期满' });
    expect(tooSoon.statusCode).toBe(400);

    setToday('2028-11-12');
    const out = await county.post(`/api/v1/assistance-applications/${id}/exit`, { reason: 'period_ended', note: '援助期满，已做好政策衔接' });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ state: 'exited', exitedOn: '2028-11-12', exitReason: 'period_ended', exitClause: 'CQ25 四', exitGrounds: [], period: null });
    const last = out.json().events.at(-1);
    expect(last).toMatchObject({ action: 'exited', at: '2028-11-12T01:00:00.000Z', detail: { clause: 'CQ25 四', pack: 'nei-mongol@2024.1' } });
    expect(last.detail.explanations[0].text).toContain('2028-11-11');
    const file = (await cw.get(`/api/v1/persons/${personId}`)).json();
    expect(file.markHistory).toContainEqual(expect.objectContaining({ mark: 'difficulty', since: '2025-11-12', until: '2028-11-12' }));
  });
});

describe('proactive candidates (服务找人)', () => {
  it('lists a registrant meeting the criteria on file and a long-term registrant (NM24 二(一))', async () => {
    setToday('2025-11-03');
    const disabled = await person(cw, '150102001001', '赵残', '1990-01-01', 'male');
    await register(cw, disabled.id, '2025-09-01');
    expect((await cw.post(`/api/v1/persons/${disabled.id}/marks`, { mark: 'disabled', source: 'visit' })).statusCode).toBe(200);
    const longTerm = await person(cw, '150102001001', '钱久', '1995-05-05', 'male');
    await register(cw, longTerm.id, '2024-03-01');
    const res = await cw.get('/api/v1/assistance/candidates');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { personId: string; eligible: unknown; longTermUnemployed: boolean; reasons: { code: string; source: string }[] }[];
    expect(items.find((i) => i.personId === disabled.id)).toMatchObject({ eligible: true, reasons: [expect.objectContaining({ code: 'category:disabled' })] });
    expect(items.find((i) => i.personId === longTerm.id)).toMatchObject({ longTermUnemployed: true, reasons: expect.arrayContaining([expect.objectContaining({ code: 'long_term_unemployed', source: 'NM24 二(一)' })]) });
  });

  it('pages through the whole jurisdiction with an exact total (chunked scan, no cap)', async () => {
    setToday('2025-11-03');
    for (let i = 0; i < 5; i++) {
      const p = await person(cw, '150102001001', `翻页${'甲乙丙丁戊'[i]}`, `197${i}-03-0${i + 1}`, 'male');
      await register(cw, p.id, `2025-0${i + 1}-10`);
    }
    const all = (await county.get('/api/v1/assistance/candidates?pageSize=200')).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(7);
    // Eligible first, then long-term, then by registration date.
    const key = (i: { eligible: unknown; longTermUnemployed: boolean; registeredOn: string }) => `${i.eligible === true ? 0 : 1}${i.longTermUnemployed ? 0 : 1}${i.registeredOn}`;
    const keys = all.items.map(key);
    expect([...keys].sort()).toEqual(keys);

    const service = t.runtime.services.assistance;
    service.candidateChunk = 3; // load and evaluate the pool three people at a time: several chunks
    try {
      const seen: string[] = [];
      const pages = Math.ceil(all.total / 2);
      for (let page = 1; page <= pages + 1; page++) {
        const res = await county.get(`/api/v1/assistance/candidates?page=${page}&pageSize=2`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body).toMatchObject({ total: all.total, page, pageSize: 2, asOf: '2025-11-03' });
        expect(body.scanned).toBe(all.scanned);
        expect(body.items).toHaveLength(page <= pages ? Math.min(2, all.total - (page - 1) * 2) : 0);
        seen.push(...body.items.map((i: { personId: string }) => i.personId));
      }
      expect(seen).toEqual(all.items.map((i: { personId: string }) => i.personId));
      expect(new Set(seen).size).toBe(all.total);
    } finally {
      service.candidateChunk = 1000;
    }
    expect((await county.get('/api/v1/assistance/candidates?pageSize=201')).statusCode).toBe(400);
  });
});

describe('zero-employment families (Xuchang, MOH 二(二); CQ25 三)', () => {
  const VILLAGE = '411002001001';
  it('confirms a detected family, counts it until a member finds work, and counts it again when they lose the job', async () => {
    const s = await t.login('caseworker.xuchang');
    // A fixed day of a year whose holiday calendar is known (the confirmation deadline counts working days).
    const today = '2026-11-25';
    t.runtime.services.clock.set(today);
    const father = await person(s, VILLAGE, '许大成', '1978-03-03', 'male');
    const mother = await person(s, VILLAGE, '刘春梅', '1980-05-05', 'female');
    const h = await s.post('/api/v1/households', { jurisdictionCode: VILLAGE, address: '魏都区 1-1', urban: true });
    const householdId = h.json().id as string;
    await s.post(`/api/v1/households/${householdId}/members`, { personId: father.id, relationship: 'head' });
    await s.post(`/api/v1/households/${householdId}/members`, { personId: mother.id, relationship: 'spouse' });
    // Three days after detection.
    const later = new Date(Date.parse(`${today}T09:00:00+08:00`) + 3 * 86_400_000);
    t.runtime.services.clock.set(later);
    let live = (await s.get('/api/v1/assistance/zero-employment')).json();
    const mine = () => live.items.find((i: { householdId: string }) => i.householdId === householdId);
    expect(mine()).toMatchObject({ confirmed: false, ageDays: 3 });
    const before = live.uncleared as number;
    const confirmed = await s.post(`/api/v1/households/${householdId}/zero-employment/confirm`, { note: '入户核实' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().explanation.source).toBe('MOH 二(二)');
    live = (await s.get('/api/v1/assistance/zero-employment')).json();
    expect(mine()).toMatchObject({ confirmed: true, assistanceDue: confirmed.json().assistanceDue });
    expect((await s.post(`/api/v1/households/${householdId}/zero-employment/confirm`, {})).statusCode).toBe(409);

    const employed = await send(s, 'PATCH', `/api/v1/persons/${father.id}`, { version: father.version + 1, source: 'phone', employmentStatus: 'employed' });
    expect(employed.statusCode, employed.body).toBe(200);
    live = (await s.get('/api/v1/assistance/zero-employment')).json();
    expect(mine()).toBeUndefined();
    expect(live.uncleared).toBe(before - 1);

    const lost = await send(s, 'PATCH', `/api/v1/persons/${father.id}`, { version: employed.json().version, source: 'visit', employmentStatus: 'unemployed' });
    expect(lost.statusCode).toBe(200);
    live = (await s.get('/api/v1/assistance/zero-employment')).json();
    // A new period, opened on the application clock's day of the loss.
    expect(mine()).toMatchObject({ confirmed: false, ageDays: 0 });
    expect(live.uncleared).toBe(before);
    const other = await t.login('caseworker');
    expect((await other.post(`/api/v1/households/${householdId}/zero-employment/confirm`, {})).statusCode).toBe(404);
  });
});

describe('worklist and notices: the whole subtree, most urgent first, paged with the exact total', () => {
  // Rows written straight into the table (past the old caps of 1,000 applications and 500 notices) in a village
  // no other test uses; the expected worklist is computed here with the rules package's `assistancePeriod`.
  const VILLAGE = '150102001002';
  const TODAY = '2025-11-03';
  type Row = { id: string; state: string; precheckDue?: string; reviewDue?: string; noticeFrom?: string; noticeEnds?: string; recognisedOn?: string; nextRecheckOn?: string; handover?: boolean };
  const rows: Row[] = [];
  const day = (from: string, n: number) => new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  let v2: Session;

  beforeAll(async () => {
    setToday(TODAY);
    v2 = await t.login('caseworker.village2');
    for (let i = 0; i < 1010; i++) rows.push({ id: crypto.randomUUID(), state: 'submitted', precheckDue: day('2025-10-20', i % 30) });
    for (let i = 0; i < 40; i++) rows.push({ id: crypto.randomUUID(), state: i % 4 === 0 ? 'appealed' : 'prechecked', reviewDue: day('2025-10-28', i % 15) });
    for (let i = 0; i < 520; i++) rows.push({ id: crypto.randomUUID(), state: 'public_notice', noticeFrom: day('2025-10-18', i % 20), noticeEnds: day('2025-10-25', i % 20) });
    // Recognitions from 2022-09 to 2025-10, month ends included (36 months later clamps as the rules package does).
    const recognised = ['2022-09-30', '2022-10-31', '2022-11-02', '2022-11-30', '2022-12-01', '2022-12-03', '2023-02-28', '2024-02-29', '2025-05-31', '2025-10-01'];
    for (let i = 0; i < 60; i++) {
      const on = recognised[i % recognised.length]!;
      rows.push({ id: crypto.randomUUID(), state: 'recognised', recognisedOn: on, nextRecheckOn: day('2025-10-25', i % 18), handover: i % 7 === 0 });
    }
    for (let i = 0; i < 6; i++) rows.push({ id: crypto.randomUUID(), state: i % 2 ? 'rejected' : 'exited', precheckDue: '2025-10-01' });
    const json = JSON.stringify(rows.map((r, i) => ({ ...r, personId: crypto.randomUUID(), no: `BULK-${i}` })));
    await t.runtime.handle.query(sql`
      INSERT INTO assistance_applications (person_id, id, application_no, jurisdiction_code, state, channel, submitted_by_name, submitted_on, evaluation, pack_ref,
                                           precheck_due, review_due, notice_from, notice_ends, notice, recognised_on, valid_until, next_recheck_on, handover_assessment)
      SELECT x."personId", x.id, x.no, ${VILLAGE}, x.state, 'caseworker', 'bulk', '2025-10-01', '{"eligible": true, "categories": []}'::jsonb, 'nei-mongol@2024.1',
             x."precheckDue", x."reviewDue", x."noticeFrom", x."noticeEnds",
             CASE WHEN x.state = 'public_notice' THEN jsonb_build_object('name', '某**', 'nameMask', 'surname_only', 'sex', 'F', 'age', 45, 'categories', '[]'::jsonb, 'from', x."noticeFrom", 'to', x."noticeEnds", 'workingDays', 5, 'contact', NULL, 'source', 'CQ25 三') END,
             x."recognisedOn", x."recognisedOn", x."nextRecheckOn", CASE WHEN x.handover THEN '{"on": "2025-10-01"}'::jsonb END
      FROM jsonb_to_recordset(${json}::jsonb) AS x("personId" uuid, id uuid, no text, state text, "precheckDue" date, "reviewDue" date, "noticeFrom" date, "noticeEnds" date,
                                                   "recognisedOn" date, "nextRecheckOn" date, handover boolean)`);
  });
  afterAll(async () => {
    await t.runtime.handle.query(sql`DELETE FROM assistance_applications WHERE jurisdiction_code = ${VILLAGE} AND application_no LIKE 'BULK-%'`);
  });

  type Task = { applicationId: string; task: string; due: string | null; overdue: boolean };
  function expected(): Task[] {
    const pack = t.runtime.services.rules.registry.resolve(VILLAGE, TODAY);
    const out: (Task & { step: number })[] = [];
    for (const r of rows) {
      if (r.state === 'submitted') out.push({ applicationId: r.id, task: 'precheck', due: r.precheckDue!, overdue: r.precheckDue! < TODAY, step: 1 });
      if (r.state === 'prechecked' || r.state === 'appealed') out.push({ applicationId: r.id, task: 'review', due: r.reviewDue!, overdue: r.reviewDue! < TODAY, step: 2 });
      if (r.state === 'public_notice' && r.noticeEnds! < TODAY) out.push({ applicationId: r.id, task: 'recognise', due: r.noticeEnds!, overdue: false, step: 3 });
      if (r.state !== 'recognised') continue;
      if (r.nextRecheckOn! <= TODAY) out.push({ applicationId: r.id, task: 'recheck', due: r.nextRecheckOn!, overdue: r.nextRecheckOn! < TODAY, step: 4 });
      const p = assistancePeriod(parseIsoDate(r.recognisedOn!, 'on'), parseIsoDate(TODAY, 'today'), pack);
      if ((p.handoverDue || p.expired) && !r.handover) out.push({ applicationId: r.id, task: 'handover_assessment', due: p.validUntil, overdue: p.expired, step: 5 });
      if (p.expired) out.push({ applicationId: r.id, task: 'period_ended', due: p.validUntil, overdue: true, step: 6 });
    }
    out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due!.localeCompare(b.due!) || a.step - b.step || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
    return out.map(({ step: _, ...task }) => task);
  }

  it('pages through more than 1,000 due steps of every kind, in urgency order, with the exact total and per-task counts', async () => {
    const want = expected();
    expect(want.length).toBeGreaterThan(1000);
    for (const task of ['precheck', 'review', 'recognise', 'recheck', 'handover_assessment', 'period_ended']) expect(want.some((w) => w.task === task), task).toBe(true);
    const seen: Task[] = [];
    const pages = Math.ceil(want.length / 200);
    for (let page = 1; page <= pages + 1; page++) {
      const res = await v2.get(`/api/v1/assistance/worklist?page=${page}&pageSize=200`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ total: want.length, page, pageSize: 200, asOf: TODAY });
      expect(body.items).toHaveLength(page <= pages ? Math.min(200, want.length - (page - 1) * 200) : 0);
      seen.push(...body.items.map((i: Task) => ({ applicationId: i.applicationId, task: i.task, due: i.due, overdue: i.overdue })));
      if (page === 1) {
        for (const task of ['precheck', 'review', 'recognise', 'recheck', 'handover_assessment', 'period_ended'] as const) {
          expect(body.counts[task], task).toEqual({ total: want.filter((w) => w.task === task).length, overdue: want.filter((w) => w.task === task && w.overdue).length });
        }
      }
    }
    expect(seen).toEqual(want);
    // One task kind, paged on its own (the counts still cover every kind).
    const handover = want.filter((w) => w.task === 'handover_assessment' || w.task === 'period_ended');
    const first = (await v2.get('/api/v1/assistance/worklist?task=handover_assessment,period_ended&pageSize=3')).json();
    expect(first.total).toBe(handover.length);
    expect(first.items.map((i: Task) => i.applicationId)).toEqual(handover.slice(0, 3).map((w) => w.applicationId));
    expect(first.counts.precheck.total).toBe(want.filter((w) => w.task === 'precheck').length);
    const bad = await v2.get('/api/v1/assistance/worklist?task=nothing');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('querystring.task');
    // Scope: the neighbouring village's caseworker sees none of them.
    const other = (await cw.get('/api/v1/assistance/worklist?pageSize=200')).json();
    expect(other.items.filter((i: Task) => rows.some((r) => r.id === i.applicationId))).toEqual([]);
  });

  it('pages through more than 500 public notices, the notice ending first on top', async () => {
    const notices = rows.filter((r) => r.state === 'public_notice').sort((a, b) => a.noticeEnds!.localeCompare(b.noticeEnds!) || (a.id < b.id ? -1 : 1));
    expect(notices.length).toBeGreaterThan(500);
    const seen: { applicationId: string; ended: boolean; to: string }[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = (await v2.get(`/api/v1/assistance/notices?page=${page}&pageSize=200`)).json();
      expect(body).toMatchObject({ total: notices.length, page, pageSize: 200 });
      seen.push(...body.items);
    }
    expect(seen.map((n) => n.applicationId)).toEqual(notices.map((n) => n.id));
    expect(seen.map((n) => n.ended)).toEqual(notices.map((n) => n.noticeEnds! < TODAY));
    expect(seen[0]!.to).toBe(notices[0]!.noticeEnds);
    expect((await v2.get('/api/v1/assistance/notices?pageSize=201')).statusCode).toBe(400);
  });
});
