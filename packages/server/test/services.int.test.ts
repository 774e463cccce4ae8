/**
 * Service records end to end over HTTP (PGlite, or PostgreSQL with DATABASE_URL): recording with the state
 * recomputed in the same transaction, an obligation turning from unmet to met and the county compliance rate
 * moving, bad input (future, before registration, unknown posting) with nothing written, idempotency, corrections
 * and outcomes (append-only), bulk actions, the diary and printables, scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SERVICE_TYPES } from '@bangfu/rules';
import { idNumberSequence } from './support/id-numbers.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { FixedClock } from '../src/jobs/clock.ts';

let t: TestApp;
let cw: Session; // caseworker, 150102001001 (nei-mongol pack)
let op: Session; // operator.county 150102000000
let sup: Session; // supervisor.city 150100000000
let xc: Session; // caseworker.xuchang
const VILLAGE = '150102001001';
const REG = '2025-06-03'; // Tuesday
let commitment = '';
let personId = '';
let other = '';
let postingId = '';

const idNumber = idNumberSequence(300);

async function registrant(s: Session, village: string, registeredOn: string, c: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await s.post('/api/v1/persons', {
    idNumber: idNumber(village.slice(0, 6), '1988-04-12', 'male'),
    name: '服务测试',
    residence: { code: village },
    employmentStatus: 'unemployed',
    source: 'visit',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`person create failed: ${res.statusCode} ${res.body}`);
  const id = res.json<{ file: { id: string } }>().file.id;
  const reg = await s.post(`/api/v1/persons/${id}/registrations`, { kind: 'unemployment', placeBasis: 'residence', registeredOn, unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: c } });
  if (reg.statusCode !== 201) throw new Error(`registration failed: ${reg.statusCode} ${reg.body}`);
  return id;
}

/** Persons whose service aggregate differs from their countable records (merged files aside). */
async function drift(): Promise<number> {
  return count(sql`
    WITH agg AS (
      SELECT x.person_id, array_agg(x.v ORDER BY x.v) AS v
      FROM (SELECT sr.person_id, (sr.served_on - DATE '1970-01-01') * 32 + bangfu_service_code(sr.type) AS v FROM service_records sr
            WHERE NOT sr.voided AND NOT EXISTS (SELECT 1 FROM service_records c WHERE c.person_id = sr.person_id AND c.supersedes_id = sr.id)) x
      GROUP BY x.person_id),
    sm AS (SELECT person_id, ARRAY(SELECT x FROM unnest(services) AS x ORDER BY x) AS v FROM person_service_summary WHERE cardinality(services) > 0)
    SELECT count(*)::int AS n FROM agg FULL JOIN sm USING (person_id) WHERE agg.v IS DISTINCT FROM sm.v`);
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

type State = { obligations: { rule: string; status: string; delivered: number; required: number }[]; tier: { code: string } };
const ob = (s: State, rule: string) => s.obligations.find((o) => o.rule === rule);

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
  t.runtime.services.clock.use(new FixedClock('2025-06-05'));
  [cw, op, sup, xc] = await Promise.all([t.login('caseworker'), t.login('operator.county'), t.login('supervisor.city'), t.login('caseworker.xuchang')]);
  commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
  personId = await registrant(cw, VILLAGE, REG, commitment);
  other = await registrant(cw, VILLAGE, REG, commitment);
  const p = await op.post('/api/v1/job-postings', { title: '仓库管理员', employerName: '呼和浩特某物流公司', jurisdictionCode: '150102000000' });
  expect(p.statusCode).toBe(201);
  postingId = p.json<{ id: string }>().id;
});

afterAll(async () => {
  await t?.close();
});

describe('recording services', () => {
  it('has one "today" for every module (registration, services, assistance, persons)', async () => {
    const s = t.runtime.services;
    expect([s.registration.today(), s.serviceWork.services.today(), s.assistance.today(), s.persons.today(), s.comparison.today()]).toEqual(['2025-06-05', '2025-06-05', '2025-06-05', '2025-06-05', '2025-06-05']);
    s.clock.set('2025-06-04');
    try {
      expect([s.registration.today(), s.serviceWork.services.today(), s.assistance.today(), s.persons.today(), s.comparison.today()]).toEqual(['2025-06-04', '2025-06-04', '2025-06-04', '2025-06-04', '2025-06-04']);
    } finally {
      s.clock.use(new FixedClock('2025-06-05'));
    }
  });

  it('turns the obligations from unmet to met and moves the county compliance rate', async () => {
    const before = (await cw.post(`/api/v1/persons/${personId}/service-state/recompute`)).json<State>();
    expect(before.tier.code).toBe('short');
    expect(ob(before, 'nm24-short-job')).toMatchObject({ status: 'unmet', delivered: 0, required: 3 });
    expect(ob(before, 'nm22-career-guidance')).toMatchObject({ status: 'unmet' });
    const c0 = (await sup.get('/api/v1/compliance?jurisdiction=150102000000')).json<{ items: { jurisdiction: { code: string }; obligations: { met: number; required: number; rate: number } }[] }>();
    const town0 = c0.items.find((i) => i.jurisdiction.code === '150102001000')!;

    const g = await cw.post(`/api/v1/persons/${personId}/services`, { type: 'career_guidance', channel: 'in_person', servedOn: '2025-06-04', content: '职业指导：明确求职方向' });
    expect(g.statusCode).toBe(201);
    // The same posting on three days (the same posting twice on one day would be one service recorded twice).
    for (const servedOn of ['2025-06-03', '2025-06-04', '2025-06-05']) {
      const r = await cw.post(`/api/v1/persons/${personId}/services`, { type: 'job_recommendation', channel: 'online', servedOn, postingId });
      expect(r.statusCode).toBe(201);
    }
    const after = (await cw.get(`/api/v1/persons/${personId}/service-state`)).json<State>();
    expect(ob(after, 'nm24-short-job')).toMatchObject({ status: 'met', delivered: 3 });
    expect(ob(after, 'nm22-career-guidance')).toMatchObject({ status: 'met', delivered: 1 });
    expect(ob(after, 'nm22-policy-briefing')).toMatchObject({ status: 'unmet' });

    const c1 = (await sup.get('/api/v1/compliance?jurisdiction=150102000000')).json<typeof c0>();
    const town1 = c1.items.find((i) => i.jurisdiction.code === '150102001000')!;
    expect(town1.obligations.met).toBe(town0.obligations.met + 3);
    expect(town1.obligations.rate).toBeGreaterThan(town0.obligations.rate);
    // The drill-down lists the person among those still short of an obligation (policy briefing).
    const people = (await sup.get('/api/v1/compliance/people?jurisdiction=150102000000&measure=obligations&pageSize=500')).json<{ items: { personId: string; obligations: { met: number } }[] }>();
    expect(people.items.find((p) => p.personId === personId)?.obligations.met).toBe(after.obligations.filter((o) => o.status === 'met').length);
    // The change log says what moved.
    const changes = (await cw.get(`/api/v1/persons/${personId}/service-state`)).json<{ changes: { kind: string; textEn: string }[] }>().changes;
    expect(changes.some((c) => c.kind === 'obligations' && /met 3 of 4/.test(c.textEn))).toBe(true);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const n0 = await count(sql`SELECT count(*)::int AS n FROM service_records`);
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'career_guidance', channel: 'phone', servedOn: '2025-06-02' }, 'body.servedOn'], // before the registration
      [{ type: 'job_recommendation', channel: 'online', servedOn: '2025-06-05', postingId: '00000000-0000-4000-8000-000000000000' }, 'body.postingId'],
      [{ type: 'job_recommendation', channel: 'online', servedOn: '2025-06-05' }, 'body.postingId'],
      [{ type: 'career_guidance', channel: 'phone', servedOn: '2025-06-05', postingId }, 'body.postingId'],
      [{ type: 'job_recommendation', channel: 'online', servedOn: '2025-06-05', postingId, result: 'declined' }, 'body.resultReason'],
      [{ type: 'career_guidance', channel: 'phone', servedOn: '2025-02-30' }, 'body.servedOn'],
      [{ type: 'haircut', channel: 'phone', servedOn: '2025-06-05' }, 'body.type'],
    ];
    for (const [b, field] of cases) {
      const res = await cw.post(`/api/v1/persons/${personId}/services`, b, { 'accept-language': 'en' });
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      const err = res.json<{ error: { code: string; field: string; issues: { field: string }[] } }>().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect([err.field, ...(err.issues ?? []).map((i) => i.field)]).toContain(field);
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records`)).toBe(n0);
  });

  it('refuses a future date as typed (422, application clock), never replacing it (issue 11)', async () => {
    const n0 = await count(sql`SELECT count(*)::int AS n FROM service_records`);
    const b = { type: 'career_guidance', channel: 'phone', servedOn: '2025-06-06', content: '电话职业指导' }; // the fixed today is 2025-06-05
    const en = await cw.post(`/api/v1/persons/${personId}/services`, b, { 'accept-language': 'en' });
    expect(en.statusCode).toBe(422);
    expect(en.json<{ error: { code: string; field: string; message: string } }>().error).toMatchObject({ code: 'SERVICE_DATE_IN_FUTURE', field: 'body.servedOn' });
    expect(en.json<{ error: { message: string } }>().error.message).toBe('servedOn 2025-06-06 is later than today per the application clock (2025-06-05); a future service cannot be recorded');
    const zh = await cw.post(`/api/v1/persons/${personId}/services`, b);
    expect(zh.json<{ error: { message: string } }>().error.message).toContain('服务日期 2025-06-06 晚于今天（2025-06-05');
    const bulk = await cw.post('/api/v1/services/bulk', { ...b, personIds: [personId] });
    expect([bulk.statusCode, bulk.json<{ error: { field: string } }>().error.field]).toEqual([422, 'body.servedOn']);
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records`)).toBe(n0);
  });

  it('refuses a counted service without content, and an identical duplicate naming the earlier record (issue 11)', async () => {
    const n0 = await count(sql`SELECT count(*)::int AS n FROM service_records`);
    // career_guidance counts towards NM22/NM24 obligations: the pre-filled dialog saved with one click is refused.
    for (const content of [undefined, '', '    ', ' 指导 ']) {
      const res = await cw.post(`/api/v1/persons/${other}/services`, { type: 'career_guidance', channel: 'in_person', servedOn: '2025-06-05', ...(content === undefined ? {} : { content }) }, { 'accept-language': 'en' });
      expect(res.statusCode, String(content)).toBe(422);
      expect(res.json<{ error: { code: string; field: string } }>().error).toMatchObject({ code: 'SERVICE_CONTENT_REQUIRED', field: 'body.content' });
    }
    const bulkEmpty = await cw.post('/api/v1/services/bulk', { personIds: [personId, other], type: 'career_guidance', channel: 'in_person', servedOn: '2025-06-05' });
    expect(bulkEmpty.json<{ error: { code: string; field: string } }>().error).toMatchObject({ code: 'SERVICE_CONTENT_REQUIRED', field: 'body.content' });
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records`)).toBe(n0);

    const b = { type: 'career_guidance', channel: 'in_person', servedOn: '2025-06-05', content: '职业指导：简历修改' };
    const first = await cw.post(`/api/v1/persons/${other}/services`, b);
    expect(first.statusCode).toBe(201);
    const firstId = first.json<{ record: { id: string } }>().record.id;
    const again = await cw.post(`/api/v1/persons/${other}/services`, { ...b, content: ' 职业指导：简历修改 ' }, { 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
    const err = again.json<{ error: { code: string; message: string } }>().error;
    expect(err.code).toBe('SERVICE_DUPLICATE');
    expect(err.message).toContain(firstId);
    // Another content, another day or another person is another service.
    expect((await cw.post(`/api/v1/persons/${other}/services`, { ...b, content: '职业指导：面试技巧' })).statusCode).toBe(201);
    expect((await cw.post(`/api/v1/persons/${other}/services`, { ...b, servedOn: '2025-06-04' })).statusCode).toBe(201);
    // Bulk: one identical record refuses the whole batch, naming the person.
    const bulkDup = await cw.post('/api/v1/services/bulk', { ...b, personIds: [personId, other] });
    expect(bulkDup.statusCode).toBe(409);
    expect(bulkDup.json<{ error: { code: string; field: string; message: string } }>().error).toMatchObject({ code: 'SERVICE_DUPLICATE', field: 'body.personIds[1]' });
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records`)).toBe(n0 + 3);
    const state = (await cw.get(`/api/v1/persons/${other}/service-state`)).json<State>();
    expect(ob(state, 'nm22-career-guidance')).toMatchObject({ delivered: 3 });
  });

  it('returns the first record for a repeated idempotency key, counting it once', async () => {
    const b = { type: 'policy_briefing', channel: 'in_person', servedOn: '2025-06-05', content: '政策宣介会' };
    const first = await cw.post(`/api/v1/persons/${personId}/services`, b, { 'idempotency-key': 'form-7f3a-0001' });
    const again = await cw.post(`/api/v1/persons/${personId}/services`, b, { 'idempotency-key': 'form-7f3a-0001' });
    const inBody = await cw.post(`/api/v1/persons/${personId}/services`, { ...b, idempotencyKey: 'form-7f3a-0001' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(inBody.statusCode).toBe(200);
    const id = first.json<{ record: { id: string } }>().record.id;
    expect(again.json<{ record: { id: string }; replayed: boolean }>()).toMatchObject({ record: { id }, replayed: true });
    expect(inBody.json<{ record: { id: string } }>().record.id).toBe(id);
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE person_id = ${personId} AND type = 'policy_briefing'`)).toBe(1);
    expect(ob(again.json<{ state: State }>().state, 'nm22-policy-briefing')).toMatchObject({ delivered: 1, status: 'met' });
  });

  it('corrects by superseding (append-only) and records job results', async () => {
    const list = (await cw.get(`/api/v1/persons/${personId}/services`)).json<{ items: { id: string; type: string }[] }>().items;
    const job = list.find((s) => s.type === 'job_recommendation')!;
    const noReason = await cw.post(`/api/v1/persons/${personId}/services/${job.id}/outcome`, { result: 'declined' });
    expect(noReason.statusCode).toBe(400);
    const declined = await cw.post(`/api/v1/persons/${personId}/services/${job.id}/outcome`, { result: 'declined', resultReason: '通勤太远' });
    expect(declined.statusCode).toBe(201);
    const rec = declined.json<{ record: { id: string; supersedesId: string; result: string; counts: boolean } }>().record;
    expect(rec).toMatchObject({ supersedesId: job.id, result: 'declined', counts: true });
    // Correcting the superseded version again is refused; the history keeps both.
    const twice = await cw.post(`/api/v1/persons/${personId}/services/${job.id}/corrections`, { reason: '再改一次', servedOn: '2025-06-04' });
    expect(twice.statusCode).toBe(409);
    const all = (await cw.get(`/api/v1/persons/${personId}/services?includeSuperseded=true`)).json<{ items: { id: string; supersededBy: string | null; counts: boolean }[] }>().items;
    expect(all.find((s) => s.id === job.id)).toMatchObject({ supersededBy: rec.id, counts: false });
    // A voiding correction withdraws a recommendation: the obligation falls back to 2 of 3.
    const voided = await cw.post(`/api/v1/persons/${personId}/services/${rec.id}/corrections`, { reason: '录入错误：未推荐该岗位', voided: true });
    expect(voided.statusCode).toBe(201);
    expect(ob(voided.json<{ state: State }>().state, 'nm24-short-job')).toMatchObject({ delivered: 2, status: 'unmet' });
    // The database itself refuses edits of service records.
    const refused = await t.runtime.handle.query(sql`UPDATE service_records SET content = 'x' WHERE id = ${job.id}`).then(
      () => 'updated',
      (e: unknown) => String((e as { cause?: { message?: string } }).cause?.message ?? e),
    );
    expect(refused).toMatch(/append-only/);
  });

  it('records the same service for many people in one transaction, all or nothing', async () => {
    const outsider = (await t.runtime.handle.query<{ id: string }>(sql`SELECT id::text AS id FROM persons WHERE jurisdiction_code LIKE '4110%' LIMIT 1`))[0]!.id;
    const n0 = await count(sql`SELECT count(*)::int AS n FROM service_records WHERE type = 'recruitment_event'`);
    const refused = await cw.post('/api/v1/services/bulk', { personIds: [personId, outsider], type: 'recruitment_event', channel: 'in_person', servedOn: '2025-06-05' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { field: string } }>().error.field).toBe('body.personIds[1]');
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE type = 'recruitment_event'`)).toBe(n0);
    const ok = await cw.post('/api/v1/services/bulk', { personIds: [personId, other], type: 'recruitment_event', channel: 'in_person', servedOn: '2025-06-05', content: '专场招聘会', idempotencyKey: 'fair-2025-06-05' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json<{ created: number }>().created).toBe(2);
    const again = await cw.post('/api/v1/services/bulk', { personIds: [personId, other], type: 'recruitment_event', channel: 'in_person', servedOn: '2025-06-05', idempotencyKey: 'fair-2025-06-05' });
    expect(again.json<{ created: number; replayed: number }>()).toMatchObject({ created: 0, replayed: 2 });
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE type = 'recruitment_event'`)).toBe(n0 + 2);
  });

  it('keeps the per-person service aggregate equal to the countable records (corrections, voids, bulk)', async () => {
    // Type codes in SQL follow SERVICE_TYPES (a new type needs a migration).
    const codes = await t.runtime.handle.query<{ t: string; c: number }>(sql`SELECT t, bangfu_service_code(t) AS c FROM unnest(string_to_array(${SERVICE_TYPES.join(',')}, ',')) WITH ORDINALITY AS x(t, n) ORDER BY n`);
    expect(codes.map((r) => Number(r.c))).toEqual(SERVICE_TYPES.map((_, i) => i));
    expect(await drift()).toBe(0);
    const [row] = await t.runtime.handle.query<{ n: number }>(sql`SELECT cardinality(services) AS n FROM person_service_summary WHERE person_id = ${personId}`);
    const counting = (await cw.get(`/api/v1/persons/${personId}/services`)).json<{ items: { counts: boolean }[] }>().items.filter((i) => i.counts).length;
    expect(Number(row?.n)).toBe(counting);
  });

  it("counts a merged-away file's services for the survivor", async () => {
    const dup = await registrant(cw, VILLAGE, REG, commitment);
    expect((await cw.post(`/api/v1/persons/${dup}/services`, { type: 'career_guidance', channel: 'phone', servedOn: '2025-06-04', content: '电话职业指导' })).statusCode).toBe(201);
    const survivor = await cw.post('/api/v1/persons', { idNumber: idNumber('150102', '1990-01-15', 'female'), name: '合并保留', residence: { code: VILLAGE }, employmentStatus: 'unemployed', source: 'visit' });
    expect(survivor.statusCode).toBe(201);
    const keepId = survivor.json<{ file: { id: string } }>().file.id;
    const merged = await op.post(`/api/v1/persons/${keepId}/merge`, { duplicateId: dup, reason: '重复建档' });
    expect(merged.statusCode, merged.body).toBe(200);
    const state = (await cw.post(`/api/v1/persons/${keepId}/service-state/recompute`)).json<State>();
    expect(ob(state, 'nm22-career-guidance')).toMatchObject({ status: 'met', delivered: 1 });
    const [row] = await t.runtime.handle.query<{ services_count: number }>(sql`SELECT services_count FROM person_service_state WHERE person_id = ${keepId}`);
    expect(row?.services_count).toBe(1);
  });

  it('prints the diary, the 明白卡, the service list and the office list', async () => {
    const diary = (await cw.get(`/api/v1/persons/${personId}/diary`)).json<{ entries: { kind: string; titleZh: string }[] }>();
    const kinds = new Set(diary.entries.map((e) => e.kind));
    for (const k of ['registration', 'service', 'state']) expect(kinds).toContain(k);
    expect(diary.entries.some((e) => e.titleZh.startsWith('职业指导'))).toBe(true);
    for (const url of [`/api/v1/persons/${personId}/diary.pdf`, ...['policy-card', 'service-list', 'office-list'].map((k) => `/api/v1/persons/${personId}/printables/${k}`)]) {
      const res = await cw.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(res.rawPayload.toString('latin1')).toContain('NotoSansHans');
    }
  });

  it('keeps people outside the scope invisible', async () => {
    expect((await xc.get(`/api/v1/persons/${personId}/services`)).statusCode).toBe(404);
    expect((await xc.post(`/api/v1/persons/${personId}/services`, { type: 'follow_up', channel: 'phone', servedOn: '2025-06-05' })).statusCode).toBe(404);
    expect((await cw.get('/api/v1/compliance')).statusCode).toBe(403);
    expect((await op.get('/api/v1/compliance?jurisdiction=411002000000')).statusCode).toBe(403);
  });
});

describe('long-term registrants (NM24 二(一), tiers.longServiceMonths; issue 11)', () => {
  it('are not overdue before the period ends and overdue after, in the state, the worklist and compliance', async () => {
    const clock = t.runtime.services.clock;
    // Registered 2024-06-03: long-term from 2024-12-04; guidance, 3 job offers and a course due by 2025-06-03.
    clock.use(new FixedClock('2025-06-03'));
    try {
      const id = await registrant(cw, VILLAGE, '2024-06-03', commitment);
      const before = (await cw.post(`/api/v1/persons/${id}/service-state/recompute`)).json<State & { obligations: { dueBy: string | null }[]; explanations: { rule: string; pack: string; source: string; text: string }[] }>();
      expect(before.tier.code).toBe('long');
      expect(ob(before, 'nm24-long-job')).toMatchObject({ status: 'unmet', dueBy: '2025-06-03' });
      const due = before.explanations.find((e) => e.rule === 'obligation.nm24-long-job.due')!;
      expect([due.pack, due.source]).toEqual(['nei-mongol@2024.1', 'NM24 二(一)']);
      const item = async () => {
        const w = (await cw.get('/api/v1/worklist?kind=obligation&limit=500')).json<{ groups: { kind: string; items: { personId: string; dueOn: string | null; overdue: boolean }[] }[] }>();
        return w.groups.find((g) => g.kind === 'obligation')!.items.find((i) => i.personId === id);
      };
      expect(await item()).toMatchObject({ dueOn: '2025-06-03', overdue: false });
      const overdue = async () => (await sup.get('/api/v1/compliance?jurisdiction=150102000000')).json<{ items: { jurisdiction: { code: string }; obligations: { overdue: number } }[] }>().items.find((i) => i.jurisdiction.code === '150102001000')!.obligations.overdue;
      const o0 = await overdue();

      clock.use(new FixedClock('2025-06-04'));
      const after = (await cw.post(`/api/v1/persons/${id}/service-state/recompute`)).json<State>();
      expect(ob(after, 'nm24-long-job')).toMatchObject({ status: 'overdue' });
      expect(ob(after, 'nm24-long-guidance')).toMatchObject({ status: 'overdue' });
      expect(await item()).toMatchObject({ dueOn: '2025-06-03', overdue: true });
      expect(await overdue()).toBeGreaterThan(o0);
    } finally {
      clock.use(new FixedClock('2025-06-05'));
    }
  });
});
