/**
 * Person files (一人一档) end to end on a real database (PGlite, or PostgreSQL with DATABASE_URL): identity checks
 * with per-field bilingual errors and nothing written, duplicates and merge keeping both histories, as-of views,
 * optimistic concurrency, encryption at rest, masking, audit of full and as-of views, marks, four clears,
 * deletion requests and pinyin search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { minusDays } from '../src/modules/persons/person-file.ts';
import { chinaDate } from '../src/jobs/clock.ts';

let t: TestApp;
const VILLAGE = '150102001001';
const today = chinaDate(new Date());
const nextYear = `${Number(today.slice(0, 4)) + 1}-01-01`;

beforeAll(async () => {
  t = await createTestApp({ persons: 120 });
});
afterAll(async () => {
  await t?.close();
});

/** A valid resident ID: address 150102, the birth date, a sequence whose last digit gives the sex. */
let serial = 100;
function idFor(birth: string, sex: 'male' | 'female', address = '150102'): string {
  serial += 2;
  const seq = String(serial + (sex === 'male' ? 1 : 0)).slice(-3);
  const first17 = `${address}${birth.replaceAll('-', '')}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

function send(s: Session, method: 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function n(query: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(query);
  return Number(rows[0]?.n ?? 0);
}

function body(overrides: Record<string, unknown> = {}) {
  return {
    idNumber: idFor('1985-03-12', 'male'),
    name: '王建国',
    phone: '13912345678',
    residence: { code: VILLAGE, address: '公主府街 1 号' },
    employmentStatus: 'unemployed',
    source: 'visit',
    ...overrides,
  };
}

describe('create', () => {
  it('creates a file with derived sex and birth date, pinyin keys, places, marks and the headcount clear', async () => {
    const s = await t.login('caseworker');
    const idNumber = idFor('1980-07-01', 'female');
    const res = await s.post('/api/v1/persons', {
      ...body({ idNumber, name: '李秀英', phone: '13800001111' }),
      hukou: { code: '150102001002', address: '赛马场' },
      education: 'senior_secondary',
      skills: [{ name: '焊工', level: '中级' }],
      certificates: [{ name: '焊工证', issuedOn: '2015-06-01' }],
      workHistory: [{ employer: '呼和浩特机械厂', position: '焊工', from: '2005-01-01', to: '2023-12-31' }],
      disabilityGrade: 3,
      monthlyIncome: 1800,
      intention: 'employment',
      serviceNeeds: ['job_recommendation'],
      marks: [{ mark: 'disabled', since: '2020-01-01', source: 'data_comparison' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { file, possibleDuplicates } = res.json();
    expect(file).toMatchObject({
      name: '李秀英',
      sex: 'female',
      birthDate: '1980-07-01',
      version: 1,
      marks: ['disabled'],
      hukou: { code: '150102001002', name: '赛马场社区居委会', address: '赛马场' },
      residence: { code: VILLAGE, name: '公主府社区居委会' },
      hasDisabilityGrade: true,
      hasIncome: true,
      flags: [],
    });
    expect(file.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(14)}`);
    expect(file.phoneMasked).toBe('138****1111');
    expect(file.fourClears).toMatchObject({
      complete: true,
      headcount: { status: 'complete', on: today, source: 'visit' },
      skills: { status: 'complete' },
      intention: { status: 'complete' },
      serviceNeeds: { status: 'complete' },
    });
    expect(file.markHistory[0]).toMatchObject({ mark: 'disabled', since: '2020-01-01', source: 'data_comparison', recordedBy: s.user.id });
    expect(possibleDuplicates).toEqual([]);
    const keys = await t.runtime.handle.query<{ name_pinyin: string; name_initials: string }>(sql`SELECT name_pinyin, name_initials FROM persons WHERE id = ${file.id}`);
    expect(keys[0]).toEqual({ name_pinyin: 'lixiuying', name_initials: 'lxy' });
  });

  it('refuses bad identities, contradictions and unknown divisions with per-field bilingual errors and writes nothing', async () => {
    const s = await t.login('caseworker');
    const before = await n(sql`SELECT count(*)::int AS n FROM persons`);
    const eventsBefore = await n(sql`SELECT count(*)::int AS n FROM person_events`);
    const good = idFor('1990-05-05', 'male');
    const badCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const cases: { payload: Record<string, unknown>; field: string; zh: RegExp; en: RegExp }[] = [
      { payload: { idNumber: badCheck }, field: 'body.idNumber', zh: /校验码错误/, en: /check character/ },
      { payload: { idNumber: (() => { const f = '150102209001011231'.slice(0, 17); return f + residentIdCheckChar(f); })() }, field: 'body.idNumber', zh: /晚于/, en: /after/ },
      { payload: { idNumber: (() => { const f = '15010219900230123'; return f + residentIdCheckChar(f); })() }, field: 'body.idNumber', zh: /不存在/, en: /does not exist/ },
      { payload: { idNumber: good, sex: 'female' }, field: 'body.sex', zh: /性别与证件号码不符/, en: /sex contradicts/ },
      { payload: { idNumber: good, birthDate: '1990-05-06' }, field: 'body.birthDate', zh: /出生日期与证件号码不符/, en: /birth date contradicts/ },
      { payload: { idNumber: good, hukou: { code: '150102999999' } }, field: 'body.hukou.code', zh: /行政区划代码 150102999999 不存在/, en: /division code 150102999999 does not exist/ },
      { payload: { idNumber: good, residence: { code: '150102001999' } }, field: 'body.residence.code', zh: /不存在/, en: /does not exist/ },
      { payload: { idNumber: good, workHistory: [{ employer: 'x', from: '2020-02-30' }] }, field: 'body.workHistory.0.from', zh: /.+/, en: /.+/ },
      { payload: { idNumber: good, marks: [{ mark: 'veteran', since: nextYear, source: 'visit' }] }, field: 'body.marks.0.since', zh: /晚于今天/, en: /future/ },
      { payload: { idNumber: good, marks: [{ mark: 'hero', source: 'visit' }] }, field: 'body.marks.0.mark', zh: /.+/, en: /.+/ },
    ];
    for (const c of cases) {
      const zh = await s.post('/api/v1/persons', body(c.payload));
      expect(zh.statusCode, JSON.stringify(c.payload) + zh.body).toBe(400);
      const err = zh.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      const issue = err.issues.find((i: { field: string }) => i.field === c.field);
      expect(issue, `${c.field} in ${zh.body}`).toBeDefined();
      expect(issue.message).toMatch(c.zh);
      const en = await s.post('/api/v1/persons', body(c.payload), { 'accept-language': 'en' });
      expect(en.json().error.issues.find((i: { field: string }) => i.field === c.field).message).toMatch(c.en);
    }
    const outside = await s.post('/api/v1/persons', body({ idNumber: good, residence: { code: '150102001002' } }));
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'body.residence.code' });
    expect(await n(sql`SELECT count(*)::int AS n FROM persons`)).toBe(before);
    expect(await n(sql`SELECT count(*)::int AS n FROM person_events`)).toBe(eventsBefore);
  });

  it('gives a 15-year-old a file, flagged under 16', async () => {
    const s = await t.login('caseworker');
    const birth = `${Number(today.slice(0, 4)) - 15}-01-01`;
    const res = await s.post('/api/v1/persons', body({ idNumber: idFor(birth, 'female'), name: '赵小雨', employmentStatus: 'student' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file.flags).toEqual(['under_16']);
  });
});

describe('duplicates and merge', () => {
  it('refuses a second file for the same ID number, naming the existing file only to those who may see it', async () => {
    const s = await t.login('caseworker');
    const idNumber = idFor('1975-11-11', 'male');
    const first = await s.post('/api/v1/persons', body({ idNumber, name: '周大海' }));
    expect(first.statusCode).toBe(201);
    const again = await s.post('/api/v1/persons', body({ idNumber: idNumber.toLowerCase(), name: '周大海' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PERSON_DUPLICATE', field: 'body.idNumber' });
    expect(again.json().error.message).toContain(first.json().file.id);
    const other = await t.login('caseworker.village2');
    const elsewhere = await other.post('/api/v1/persons', body({ idNumber, name: '周大海', residence: { code: '150102001002' } }));
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.code).toBe('PERSON_DUPLICATE_ELSEWHERE');
    expect(elsewhere.json().error.message).not.toContain(first.json().file.id);
  });

  it('lets only one of two simultaneous creates of the same ID number through', async () => {
    const s = await t.login('caseworker');
    const idNumber = idFor('1972-10-10', 'female');
    const answers = await Promise.all([1, 2, 3].map(() => s.post('/api/v1/persons', body({ idNumber, name: '韩梅' }))));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await n(sql`SELECT count(*)::int AS n FROM persons WHERE name = '韩梅'`)).toBe(1);
  });

  it('lists possible duplicates by name + birth date + phone and merges them keeping both histories', async () => {
    const cw = await t.login('caseworker');
    const a = (await cw.post('/api/v1/persons', body({ idNumber: idFor('1988-08-08', 'male'), name: '孙志强', phone: '13700008888' }))).json();
    // The same man, filed again with a mistyped ID number (another valid number).
    const created = await cw.post('/api/v1/persons', body({ idNumber: idFor('1988-08-08', 'male'), name: '孙志强', phone: null, marks: [{ mark: 'veteran', source: 'self_report' }] }));
    expect(created.statusCode).toBe(201);
    const b = created.json();
    expect(b.possibleDuplicates.map((d: { id: string }) => d.id)).toContain(a.file.id);
    expect(b.possibleDuplicates.find((d: { id: string }) => d.id === a.file.id).matched).toEqual(['name', 'birthDate']);
    const dups = (await cw.get(`/api/v1/persons/${a.file.id}/duplicates`)).json();
    expect(dups.items.map((d: { id: string }) => d.id)).toContain(b.file.id);
    await send(cw, 'PATCH', `/api/v1/persons/${b.file.id}`, { version: 1, source: 'phone', education: 'bachelor' });
    // The duplicate carries a registration (registration slice) and a household the survivor lacks.
    await t.runtime.handle.query(
      sql`INSERT INTO registrations (person_id, kind, state, registered_on, place_basis, jurisdiction_code) VALUES (${b.file.id}, 'unemployment', 'active', '2025-03-03', 'residence', ${VILLAGE})`,
    );
    const household = (await cw.post('/api/v1/households', { jurisdictionCode: VILLAGE, urban: true })).json();
    await cw.post(`/api/v1/households/${household.id}/members`, { personId: b.file.id, relationship: 'head' });

    expect((await cw.post(`/api/v1/persons/${a.file.id}/merge`, { duplicateId: b.file.id, reason: '重复建档' })).statusCode).toBe(403);
    const op = await t.login('operator.county');
    expect((await op.post(`/api/v1/persons/${a.file.id}/merge`, { duplicateId: a.file.id, reason: '重复建档' })).json().error.field).toBe('body.duplicateId');
    const merged = await op.post(`/api/v1/persons/${a.file.id}/merge`, { duplicateId: b.file.id, reason: '重复建档，号码录错' });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: a.file.id, marks: ['veteran'], education: 'bachelor', phoneMasked: '137****8888', householdId: household.id, relationship: 'head' });
    expect(await n(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${a.file.id}`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM registrations WHERE person_id = ${b.file.id}`)).toBe(0);
    const members = (await op.get(`/api/v1/households/${household.id}`)).json().members.map((m: { personId: string }) => m.personId);
    expect(members).toEqual([a.file.id]);

    const history = (await op.get(`/api/v1/persons/${a.file.id}/history`)).json().items as { kind: string; mergedFrom: string | null }[];
    expect(history.filter((e) => e.mergedFrom === null).map((e) => e.kind)).toEqual(['created', 'merged']);
    expect(history.filter((e) => e.mergedFrom === b.file.id).map((e) => e.kind)).toEqual(['created', 'updated', 'household_joined']);

    expect((await op.get(`/api/v1/persons/${b.file.id}`)).statusCode).toBe(404);
    const hidden = await op.get(`/api/v1/persons/${b.file.id}?includeHidden=true`);
    expect(hidden.json()).toMatchObject({ hidden: true, hiddenReason: 'merged', mergedInto: a.file.id });
    expect(await n(sql`SELECT count(*)::int AS n FROM persons WHERE id = ${b.file.id}`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM person_marks WHERE person_id = ${b.file.id}`)).toBe(0);
    const audit = await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.merge' AND resource_id = ${a.file.id} AND reason = '重复建档，号码录错' AND outcome = 'ok'`);
    expect(audit).toBe(1);
    const list = (await op.get(`/api/v1/persons?q=${encodeURIComponent('孙志强')}`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([a.file.id]);
  });
});

describe('history, as-of and concurrency', () => {
  it('answers a stale version with 409 and keeps every change as a dated, attributed event', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1979-02-02', 'female'), name: '钱丽' }))).json();
    const ok = await send(s, 'PATCH', `/api/v1/persons/${file.id}`, { version: 1, source: 'phone', intention: 'training', phone: '13911112222' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, intention: 'training', phoneMasked: '139****2222' });
    const stale = await send(s, 'PATCH', `/api/v1/persons/${file.id}`, { version: 1, source: 'phone', intention: 'employment' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'STALE_VERSION', field: 'body.version' });
    const history = (await s.get(`/api/v1/persons/${file.id}/history`)).json().items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'updated']);
    expect(history[1]).toMatchObject({ actor: { id: s.user.id, name: 'caseworker' }, source: 'phone', change: { intention: { from: null, to: 'training' }, phone: { from: expect.stringMatching(/\*/), to: '139****2222' } } });
    expect(JSON.stringify(history)).not.toContain('13911112222');
  });

  it('shows the file as it was on a past date, and audits the as-of view', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1982-12-12', 'male'), name: '吴刚' }))).json();
    // The file was created ten days ago (the clock cannot be turned back through HTTP).
    await t.runtime.handle.query(sql`UPDATE person_events SET at = now() - interval '10 days' WHERE person_id = ${file.id}`);
    const changed = await send(s, 'PATCH', `/api/v1/persons/${file.id}`, { version: 1, source: 'visit', employmentStatus: 'employed' });
    expect(changed.json().employmentStatus).toBe('employed');
    const past = await s.get(`/api/v1/persons/${file.id}?asOf=${minusDays(today, 5)}`);
    expect(past.statusCode, past.body).toBe(200);
    expect(past.json()).toMatchObject({ employmentStatus: 'unemployed', version: 1, asOf: minusDays(today, 5) });
    expect((await s.get(`/api/v1/persons/${file.id}?asOf=${today}`)).json().employmentStatus).toBe('employed');
    expect((await s.get(`/api/v1/persons/${file.id}?asOf=${minusDays(today, 20)}`)).statusCode).toBe(404);
    expect((await s.get(`/api/v1/persons/${file.id}?asOf=${nextYear}`)).json().error.field).toBe('querystring.asOf');
    const audited = await t.runtime.handle.query<{ detail: { asOf: string } }>(
      sql`SELECT detail FROM audit_log WHERE action = 'person.view_as_of' AND resource_id = ${file.id} AND outcome = 'ok' ORDER BY id`,
    );
    expect(audited.map((a) => a.detail.asOf)).toEqual([minusDays(today, 5), today]);
  });
});

describe('files loaded without history (demo, older imports)', () => {
  it('shows their loaded state as of earlier dates, before and after their first change', async () => {
    const s = await t.login('caseworker');
    const rows = await t.runtime.handle.query<{ id: string; employment_status: string }>(
      sql`SELECT id, employment_status FROM persons p WHERE jurisdiction_code = ${VILLAGE} AND hidden_at IS NULL AND employment_status <> 'retired'
          AND NOT EXISTS (SELECT 1 FROM person_events e WHERE e.person_id = p.id) ORDER BY id LIMIT 1`,
    );
    const demo = rows[0];
    if (!demo) throw new Error('no demo person without history');
    await t.runtime.handle.query(sql`UPDATE persons SET created_at = now() - interval '30 days' WHERE id = ${demo.id}`);
    const before = await s.get(`/api/v1/persons/${demo.id}?asOf=${minusDays(today, 10)}`);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().employmentStatus).toBe(demo.employment_status);
    const current = (await s.get(`/api/v1/persons/${demo.id}`)).json();
    const changed = await send(s, 'PATCH', `/api/v1/persons/${demo.id}`, { version: current.version, source: 'visit', employmentStatus: 'retired' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await s.get(`/api/v1/persons/${demo.id}?asOf=${minusDays(today, 10)}`)).json().employmentStatus).toBe(demo.employment_status);
    expect((await s.get(`/api/v1/persons/${demo.id}?asOf=${today}`)).json().employmentStatus).toBe('retired');
    expect((await s.get(`/api/v1/persons/${demo.id}?asOf=${minusDays(today, 40)}`)).statusCode).toBe(404);
    const kinds = (await s.get(`/api/v1/persons/${demo.id}/history`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['baseline', 'updated']);
  });
});

describe('privacy', () => {
  it('stores no plaintext ID number, phone, disability grade or income in the file or its history', async () => {
    const s = await t.login('caseworker');
    const idNumber = idFor('1970-01-31', 'female');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber, name: '冯淑芬', phone: '13655554444', disabilityGrade: 2, monthlyIncome: 2345 }))).json();
    const raw = await t.runtime.handle.query<{ j: string }>(sql`SELECT row_to_json(p)::text AS j FROM persons p WHERE id = ${file.id}`);
    const events = await t.runtime.handle.query<{ j: string }>(sql`SELECT row_to_json(e)::text AS j FROM person_events e WHERE person_id = ${file.id}`);
    for (const text of [raw[0]?.j ?? '', ...events.map((e) => e.j)]) {
      expect(text.length).toBeGreaterThan(100);
      expect(text).not.toContain(idNumber);
      expect(text).not.toContain(idNumber.slice(6, 14) + idNumber.slice(14, 17));
      expect(text).not.toContain('13655554444');
      expect(text).not.toContain('2345');
    }
    const revealed = await s.post(`/api/v1/persons/${file.id}/reveal`, { reason: '核实残疾等级', fields: ['disabilityGrade', 'monthlyIncome'] });
    expect(revealed.json()).toEqual({ disabilityGrade: 2, monthlyIncome: 2345 });
    const audit = await t.runtime.handle.query<{ reason: string; detail: { fields: string[] } }>(
      sql`SELECT reason, detail FROM audit_log WHERE action = 'person.reveal' AND resource_id = ${file.id}`,
    );
    expect(audit).toEqual([{ reason: '核实残疾等级', detail: expect.objectContaining({ fields: ['disabilityGrade', 'monthlyIncome'] }) }]);
  });

  it('masks lists, finds by exact phone and ID through the blind index, and audits full views', async () => {
    const s = await t.login('caseworker');
    const idNumber = idFor('1984-04-04', 'male');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber, name: '陈卫东', phone: '13566667777' }))).json();
    const byPhone = await s.get('/api/v1/persons?q=13566667777');
    expect(byPhone.json().items.map((i: { id: string }) => i.id)).toEqual([file.id]);
    expect(byPhone.body).not.toContain('13566667777');
    expect(byPhone.json().items[0]).toMatchObject({ phoneMasked: '135****7777', idNumberMasked: expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/) });
    const byId = await s.get(`/api/v1/persons?q=${idNumber}`);
    expect(byId.json().items.map((i: { id: string }) => i.id)).toEqual([file.id]);
    expect(byId.body).not.toContain(idNumber);
    const view = await s.get(`/api/v1/persons/${file.id}`);
    expect(view.body).not.toContain(idNumber);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.view' AND resource_id = ${file.id} AND outcome = 'ok'`)).toBe(1);
  });
});

describe('search, marks, four clears, deletion', () => {
  it('finds 张三丰 by pinyin initials and full pinyin, and filters by mark and status', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1966-06-06', 'male'), name: '张三丰', employmentStatus: 'flexible' }))).json();
    for (const q of ['zsf', 'ZSF', 'zhangsanfeng', 'zhangsan']) {
      const res = (await s.get(`/api/v1/persons?q=${q}&pageSize=200`)).json();
      expect(res.items.map((i: { name: string }) => i.name), q).toContain('张三丰');
    }
    await s.post(`/api/v1/persons/${file.id}/marks`, { mark: 'older', source: 'visit' });
    const marked = (await s.get('/api/v1/persons?mark=older&pageSize=200')).json();
    expect(marked.items.map((i: { id: string }) => i.id)).toContain(file.id);
    expect(marked.items.every((i: { marks: string[] }) => i.marks.includes('older'))).toBe(true);
    const flexible = (await s.get('/api/v1/persons?status=flexible&pageSize=200')).json();
    expect(flexible.items.map((i: { id: string }) => i.id)).toContain(file.id);
    expect(flexible.items.every((i: { employmentStatus: string }) => i.employmentStatus === 'flexible')).toBe(true);
    expect((await s.get('/api/v1/persons?status=bored')).statusCode).toBe(400);
  });

  it('filters registrants by their current service tier and level, within the user’s scope', async () => {
    await t.runtime.services.serviceWork.jobs.recompute('test', today);
    const expected = async (column: 'tier' | 'level', value: string) =>
      (
        await t.runtime.handle.query<{ id: string }>(
          sql`SELECT s.person_id AS id FROM person_service_state s JOIN persons p ON p.id = s.person_id
               WHERE s.${sql.raw(column)} = ${value} AND p.hidden_at IS NULL AND p.jurisdiction_code LIKE '150102%' ORDER BY 1`,
        )
      ).map((r) => r.id);
    const s = await t.login('operator.county'); // 新城区 150102
    let seen = 0;
    for (const [column, value] of [['tier', 'short'], ['tier', 'medium'], ['tier', 'long'], ['level', 'level1'], ['level', 'level2']] as const) {
      const want = await expected(column, value);
      seen += want.length;
      const got = (await s.get(`/api/v1/persons?${column}=${value}&pageSize=200`)).json();
      expect(got.items.map((i: { id: string }) => i.id).sort(), `${column}=${value}`).toEqual(want);
      expect(got.total).toBe(want.length);
    }
    expect(seen).toBeGreaterThan(0); // the demo county has registrants with a computed state
    expect((await s.get('/api/v1/persons?tier=eternal')).statusCode).toBe(400);
  });

  it('adds and ends marks with source, date and author; refuses a second active mark', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1990-09-09', 'female'), name: '郑敏' }))).json();
    const added = await s.post(`/api/v1/persons/${file.id}/marks`, { mark: 'graduate_unemployed', since: minusDays(today, 30), source: 'sms' });
    expect(added.json()).toMatchObject({ marks: ['graduate_unemployed'], version: 2 });
    const again = await s.post(`/api/v1/persons/${file.id}/marks`, { mark: 'graduate_unemployed', source: 'sms' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MARK_ALREADY_ACTIVE');
    const ended = await s.post(`/api/v1/persons/${file.id}/marks/end`, { mark: 'graduate_unemployed', source: 'phone' });
    expect(ended.json().marks).toEqual([]);
    expect(ended.json().markHistory[0]).toMatchObject({ mark: 'graduate_unemployed', since: minusDays(today, 30), until: today, source: 'sms', recordedBy: s.user.id });
    expect((await s.post(`/api/v1/persons/${file.id}/marks/end`, { mark: 'graduate_unemployed', source: 'phone' })).json().error.code).toBe('MARK_NOT_ACTIVE');
    const kinds = (await s.get(`/api/v1/persons/${file.id}/history`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['created', 'mark_added', 'mark_ended']);
  });

  it('shows the four clears complete or stale by the configured age and sums them per jurisdiction', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1987-07-07', 'male'), name: '何军' }))).json();
    expect(file.fourClears).toMatchObject({ complete: false, headcount: { status: 'complete' }, skills: { status: 'missing' } });
    await s.post(`/api/v1/persons/${file.id}/facts`, { clear: 'skills', on: minusDays(today, 100), source: 'visit', skills: [{ name: '叉车' }] });
    await s.post(`/api/v1/persons/${file.id}/facts`, { clear: 'intention', on: today, source: 'phone', intention: 'employment' });
    const last = await s.post(`/api/v1/persons/${file.id}/facts`, { clear: 'serviceNeeds', on: today, source: 'phone', serviceNeeds: ['career_guidance'] });
    expect(last.json()).toMatchObject({ fourClears: { complete: true, staleAfterDays: 180, skills: { status: 'complete', on: minusDays(today, 100) } }, skills: [{ name: '叉车' }] });
    const wrong = await s.post(`/api/v1/persons/${file.id}/facts`, { clear: 'headcount', on: today, source: 'phone', intention: 'training' });
    expect(wrong.json().error.field).toBe('body.intention');

    const op = await t.login('operator.county');
    const summary = (await op.get('/api/v1/persons/four-clears/summary')).json();
    expect(summary.jurisdiction.code).toBe('150102000000');
    const township = summary.items.find((i: { jurisdiction: { code: string } }) => i.jurisdiction.code === '150102001000');
    expect(township.persons).toBeGreaterThan(0);
    expect(township.complete).toBeGreaterThanOrEqual(2);
    expect(township.percent).toBeCloseTo(Math.round((township.complete * 1000) / township.persons) / 10, 5);

    expect((await send(op, 'PUT', '/api/v1/persons/four-clears/settings', { staleAfterDays: 90 })).statusCode).toBe(403);
    const sup = await t.login('supervisor.city');
    // The supervisor's own jurisdiction (the city) by default — never the nation's.
    expect((await send(sup, 'PUT', '/api/v1/persons/four-clears/settings', { staleAfterDays: 90 })).json()).toEqual({ staleAfterDays: 90, jurisdiction: '150100000000', setAt: '150100000000' });
    const now = (await s.get(`/api/v1/persons/${file.id}`)).json();
    expect(now.fourClears).toMatchObject({ staleAfterDays: 90, complete: false, skills: { status: 'stale' } });
    const after = (await op.get('/api/v1/persons/four-clears/summary?jurisdiction=150102001000')).json();
    const village = after.items.find((i: { jurisdiction: { code: string } }) => i.jurisdiction.code === VILLAGE);
    expect(village.complete).toBeLessThan(township.complete);
    await send(sup, 'PUT', '/api/v1/persons/four-clears/settings', { staleAfterDays: 180 });
  });

  it('lets a citizen request deletion of their own file only', async () => {
    const citizen = await t.login('citizen');
    const own = citizen.user.personId as string;
    const cw = await t.login('caseworker');
    const { file } = (await cw.post('/api/v1/persons', body({ idNumber: idFor('1969-09-19', 'male'), name: '卫国' }))).json();
    expect((await citizen.post(`/api/v1/persons/${file.id}/deletion-request`, { reason: '删除' })).statusCode).toBe(404);
    expect((await citizen.post('/api/v1/persons', body({ idNumber: idFor('1969-09-19', 'male') }))).statusCode).toBe(403);
    const res = await citizen.post(`/api/v1/persons/${own}/deletion-request`, { reason: '不再需要就业服务，申请删除' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await citizen.get(`/api/v1/persons/${own}`)).statusCode).toBe(404);
    expect(await n(sql`SELECT count(*)::int AS n FROM persons WHERE id = ${own} AND hidden_at IS NOT NULL`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.deletion_request' AND resource_id = ${own} AND reason = '不再需要就业服务，申请删除'`)).toBe(1);
  });

  it('records a deletion request, hides the file from lists, and shows it to operators only on request', async () => {
    const s = await t.login('caseworker');
    const { file } = (await s.post('/api/v1/persons', body({ idNumber: idFor('1983-03-03', 'female'), name: '褚红梅' }))).json();
    const res = await s.post(`/api/v1/persons/${file.id}/deletion-request`, { reason: '本人申请删除个人信息' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await s.get(`/api/v1/persons?q=${encodeURIComponent('褚红梅')}`)).json().items).toEqual([]);
    expect((await s.get(`/api/v1/persons/${file.id}`)).statusCode).toBe(404);
    expect((await s.get(`/api/v1/persons?q=${encodeURIComponent('褚红梅')}&includeHidden=true`)).statusCode).toBe(403);
    const op = await t.login('operator.county');
    const seen = (await op.get(`/api/v1/persons?q=${encodeURIComponent('褚红梅')}&includeHidden=true`)).json();
    expect(seen.items).toEqual([expect.objectContaining({ id: file.id, hidden: true })]);
    const history = (await op.get(`/api/v1/persons/${file.id}/history?includeHidden=true`)).json().items;
    expect(history.at(-1)).toMatchObject({ kind: 'deletion_requested', reason: '本人申请删除个人信息' });
    expect(await n(sql`SELECT count(*)::int AS n FROM persons WHERE id = ${file.id} AND hidden_reason = 'deletion_request'`)).toBe(1);
  });
});

describe('four-clears staleness per jurisdiction (issue 11)', () => {
  const get = (s: Session, q = '') => s.get(`/api/v1/persons/four-clears/settings${q}`).then((r) => r.json());
  const put = (s: Session, body: Record<string, unknown>) => send(s, 'PUT', '/api/v1/persons/four-clears/settings', body);

  it('a city supervisor sets the city and below, never the nation; the nearest ancestor’s setting applies; audited', async () => {
    const [sup, admin, op, xuchang] = await Promise.all([t.login('supervisor.city'), t.login('admin'), t.login('operator.county'), t.login('operator.xuchang')]);
    const nationBefore = await get(admin);
    expect(nationBefore).toMatchObject({ jurisdiction: '000000000000' });

    const nation = await put(sup, { staleAfterDays: 30, jurisdiction: '000000000000' });
    expect(nation.statusCode).toBe(403);
    expect(nation.json().error).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'body.jurisdiction' });
    expect((await put(sup, { staleAfterDays: 30, jurisdiction: '411000000000' })).statusCode).toBe(403); // another province's city
    expect(await get(admin)).toEqual(nationBefore);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.four_clears' AND outcome = 'denied' AND jurisdiction_code = '000000000000'`)).toBe(1);

    // The county below the city gets its own; a community inherits the county's; Xuchang keeps the nation's.
    const county = await put(sup, { staleAfterDays: 45, jurisdiction: '150102000000' });
    expect(county.statusCode, county.body).toBe(200);
    expect(await get(op)).toEqual({ staleAfterDays: 45, jurisdiction: '150102000000', setAt: '150102000000' });
    expect(await get(op, '?jurisdiction=150102001001')).toEqual({ staleAfterDays: 45, jurisdiction: '150102001001', setAt: '150102000000' });
    expect(await get(xuchang)).toMatchObject({ staleAfterDays: nationBefore.staleAfterDays, setAt: nationBefore.setAt });
    expect((await op.get('/api/v1/persons/four-clears/settings?jurisdiction=150100000000')).statusCode).toBe(403); // above the user

    // The nation's, set by the national admin, reaches Xuchang but not the county with its own.
    expect((await put(admin, { staleAfterDays: 200, jurisdiction: '000000000000' })).statusCode).toBe(200);
    expect(await get(xuchang)).toMatchObject({ staleAfterDays: 200, setAt: '000000000000' });
    expect((await get(op)).staleAfterDays).toBe(45);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.four_clears' AND outcome = 'ok' AND jurisdiction_code = '150102000000' AND detail->>'to' = '45'`)).toBe(1);

    // A file is judged by the staleness of its community's nearest setting.
    const cw = await t.login('caseworker');
    const { file } = (await cw.post('/api/v1/persons', body({ idNumber: idFor('1977-07-07', 'male'), name: '阿拉坦' }))).json();
    expect(file.fourClears.staleAfterDays).toBe(45);
    const summary = (await op.get('/api/v1/persons/four-clears/summary')).json();
    expect(summary.staleAfterDays).toBe(45);
  });
});
