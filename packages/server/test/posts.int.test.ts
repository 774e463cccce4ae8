/**
 * Public-welfare posts end to end (PGlite, or PostgreSQL with DATABASE_URL), fixed "today" 2025-11-03: candidate
 * ranking for a mixed pool under two packs (Inner Mongolia 150102…, Xuchang 411002…) with reasons, the term to the
 * new statutory retirement date for a person about 4 years from it and the refused extension beyond it, refusals
 * (not qualified, over capacity, second placement) that write nothing, complaints with removal, alerts, subsidy
 * months; referral to civil affairs and the 低保 employment-cost deduction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { assessRetirement, residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let serial = 700;
function idFor(address: string, birth: string, sex: 'male' | 'female'): string {
  serial += 2;
  const first17 = `${address}${birth.replaceAll('-', '')}${String(serial + (sex === 'male' ? 1 : 0)).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

async function person(s: Session, village: string, name: string, birth: string, sex: 'male' | 'female', marks: string[] = []): Promise<string> {
  const res = await s.post('/api/v1/persons', { idNumber: idFor(village.slice(0, 6), birth, sex), name, residence: { code: village }, employmentStatus: 'unemployed', source: 'visit' });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json().file.id as string;
  for (const mark of marks) {
    const m = await s.post(`/api/v1/persons/${id}/marks`, { mark, source: 'visit' });
    if (m.statusCode !== 200) throw new Error(m.body);
  }
  return id;
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

async function post(s: Session, jurisdictionCode: string, places: number, title: string): Promise<string> {
  const res = await s.post('/api/v1/posts', { jurisdictionCode, employer: '街道办事处', postType: '社区服务', title, location: '社区服务中心', places, termMonths: 36, postSubsidyYuan: 1980, socialInsuranceSubsidyYuan: 860.5, fundingSource: '就业补助资金' });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}

beforeAll(async () => {
  t = await createTestApp({ persons: 40 });
  t.runtime.services.clock.set('2025-11-03');
});
afterAll(async () => {
  t?.runtime.services.clock.set(null);
  await t?.close();
});

describe('candidate ranking under two packs', () => {
  async function pool(cw: Session, village: string) {
    return {
      A: await person(cw, village, '甲零就业', '1990-01-01', 'female', ['zero_employment_family']),
      B: await person(cw, village, '乙临退', '1966-01-15', 'male', ['difficulty']),
      C: await person(cw, village, '丙大龄', '1978-03-01', 'female', ['difficulty']),
      D: await person(cw, village, '丁困难', '1995-01-01', 'male', ['difficulty']),
      E: await person(cw, village, '戊无标注', '1991-01-01', 'male'),
    };
  }

  it('Xuchang (XC23 四(六)): zero-employment and < 5 years to retirement first, then older, then other difficulty', async () => {
    const cw = await t.login('caseworker.xuchang');
    const op = await t.login('operator.xuchang');
    const p = await pool(cw, '411002001001');
    const postId = await post(op, '411002001001', 3, '许昌保洁岗');
    const res = await op.get(`/api/v1/posts/${postId}/candidates?personIds=${Object.values(p).join(',')}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.pack).toBe('xuchang@2023.1');
    const names = Object.fromEntries(Object.entries(p).map(([k, v]) => [v, k]));
    expect(body.items.map((i: { personId: string; rank: number; group: string | null }) => `${i.rank}:${names[i.personId]}:${i.group ?? '-'}`)).toEqual([
      '1:B:zero-employment-or-near-retirement',
      '2:A:zero-employment-or-near-retirement',
      '3:C:special-hardship',
      '4:D:difficulty',
      '5:E:-',
    ]);
    expect(body.items[0].reasons.join('；')).toMatch(/距法定退休不足 5 年/);
    expect(body.items[4].eligible).toBe('unknown');
    expect(body.explanations[0].source).toBe('XC23 四(六)');
  });

  it('Inner Mongolia (national order 人社部发〔2019〕124号): zero-employment first, then difficulty by nearness to retirement', async () => {
    const cw = await t.login('caseworker');
    const op = await t.login('operator.county');
    const p = await pool(cw, '150102001001');
    const postId = await post(op, '150102001001', 3, '公主府公益岗');
    const body = (await op.get(`/api/v1/posts/${postId}/candidates?personIds=${Object.values(p).join(',')}`)).json();
    expect(body.pack).toBe('nei-mongol@2024.1');
    const names = Object.fromEntries(Object.entries(p).map(([k, v]) => [v, k]));
    expect(body.items.map((i: { personId: string; group: string | null }) => `${names[i.personId]}:${i.group ?? '-'}`)).toEqual(['A:zero-employment', 'B:difficulty', 'C:difficulty', 'D:difficulty', 'E:-']);
    expect(body.items[1].reasonsEn).toContain('priority group 2: recognised difficulty person');
  });
});

describe('placement, term and refusals (Xuchang)', () => {
  let op: Session;
  let cw: Session;
  beforeAll(async () => {
    op = await t.login('operator.xuchang');
    cw = await t.login('caseworker.xuchang');
  });

  it('a person about 4 years from the new statutory retirement date gets a term to retirement; no extension beyond it', async () => {
    const id = await person(cw, '411002001001', '王临近', '1969-02-01', 'male', ['difficulty']);
    const retirement = assessRetirement({ sex: 'male', birthDate: '1969-02-01' }, '2025-11-03').statutory!.date;
    expect(retirement > '2028-11-03' && retirement < '2030-11-03').toBe(true);
    const postId = await post(op, '411002001001', 2, '许昌绿化岗');
    const tooLong = await op.post(`/api/v1/posts/${postId}/placements`, { personId: id, termEnds: '2031-01-01' });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().error).toMatchObject({ code: 'POST_TERM_EXCEEDED', field: 'body.termEnds' });
    expect(tooLong.json().error.message).toContain(retirement);
    expect(await count(sql`SELECT count(*)::int AS n FROM post_placements WHERE person_id = ${id}`)).toBe(0);
    const placed = await op.post(`/api/v1/posts/${postId}/placements`, { personId: id });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ startOn: '2025-11-03', termEnds: retirement, placementNo: 1, state: 'active' });
    expect(placed.json().ranking.reasons.join('；')).toMatch(/可延至退休/);
    const ext = await op.post(`/api/v1/post-placements/${placed.json().id}/extend`, { termEnds: '2031-01-01', reason: '延期' });
    expect(ext.statusCode).toBe(422);
    expect(ext.json().error.code).toBe('POST_TERM_EXCEEDED');
  });

  it('a person 4 years from the new statutory retirement date placed for 2 years may be extended to retirement, not beyond', async () => {
    const id = await person(cw, '411002001001', '赵四年', '1968-10-01', 'male', ['difficulty']);
    const retirement = assessRetirement({ sex: 'male', birthDate: '1968-10-01' }, '2025-11-03').statutory!.date;
    // The new schedule delays this man's retirement past 60 (2028-10-01) to about 4 years from the fixed today.
    expect(retirement > '2029-07-01' && retirement < '2029-11-03').toBe(true);
    const postId = await post(op, '411002001001', 1, '许昌保安岗');
    const placed = await op.post(`/api/v1/posts/${postId}/placements`, { personId: id, termEnds: '2027-11-02' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ termEnds: '2027-11-02', ranking: { allowedEnd: retirement } });
    const placementId = placed.json().id as string;
    const preview = await op.get(`/api/v1/post-placements/${placementId}/extension`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ termEnds: '2027-11-02', allowedEnd: retirement, nearRetirement: true, extendable: true, clause: '人社部发〔2019〕124号 岗位期限', pack: 'xuchang@2023.1' });
    expect(preview.json().explanation.text).toContain(`距法定退休（${retirement}）不足 5 年`);
    const beyond = await op.post(`/api/v1/post-placements/${placementId}/extend`, { termEnds: '2031-01-01', reason: '延期' }, { 'accept-language': 'en' });
    expect(beyond.statusCode).toBe(422);
    expect(beyond.json().error.code).toBe('POST_TERM_EXCEEDED');
    expect(beyond.json().error.message).toContain(retirement);
    expect(beyond.json().error.message).toContain('人社部发〔2019〕124号');
    expect((await op.get(`/api/v1/posts/${postId}`)).json().placements[0]).toMatchObject({ termEnds: '2027-11-02', extensions: [] });
    const ok = await op.post(`/api/v1/post-placements/${placementId}/extend`, { termEnds: retirement, reason: '距退休不足5年，延至退休' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ termEnds: retirement, extensions: [expect.objectContaining({ from: '2027-11-02', to: retirement, allowed: retirement, clause: '人社部发〔2019〕124号 岗位期限', pack: 'xuchang@2023.1', on: '2025-11-03' })] });
    // Nothing further: the contract already ends at retirement.
    expect((await op.get(`/api/v1/post-placements/${placementId}/extension`)).json()).toMatchObject({ extendable: false, allowedEnd: retirement });
    const cwPreview = await cw.get(`/api/v1/post-placements/${placementId}/extension`);
    expect(cwPreview.statusCode).toBe(200);
    expect((await cw.post(`/api/v1/post-placements/${placementId}/extend`, { termEnds: retirement, reason: 'x' })).statusCode).toBe(403);
    expect((await (await t.login('operator.county')).get(`/api/v1/post-placements/${placementId}/extension`)).statusCode).toBe(404);
  });

  it('a person 6 years away gets 3 years; extending past 3 years is refused now, and the term-end alert lists it', async () => {
    const id = await person(cw, '411002001001', '李六年', '1971-06-01', 'male', ['difficulty']);
    const postId = await post(op, '411002001001', 2, '许昌巡河岗');
    const placed = await op.post(`/api/v1/posts/${postId}/placements`, { personId: id });
    expect(placed.json()).toMatchObject({ termEnds: '2028-11-03' });
    const ext = await op.post(`/api/v1/post-placements/${placed.json().id}/extend`, { termEnds: '2029-05-03', reason: '延期' });
    expect(ext.statusCode).toBe(422);
    expect(ext.json().error.message).toMatch(/最长 3 年/);
    t.runtime.services.clock.set('2028-10-01');
    const alerts = (await op.get('/api/v1/posts/alerts?withinDays=60')).json();
    expect(alerts.items).toContainEqual(expect.objectContaining({ placementId: placed.json().id, termEnds: '2028-11-03', daysLeft: 33 }));
    // By then retirement (2032-…) is less than 5 years away: extension to retirement is allowed.
    const retirement = assessRetirement({ sex: 'male', birthDate: '1971-06-01' }, '2028-10-01').statutory!.date;
    const ok = await op.post(`/api/v1/post-placements/${placed.json().id}/extend`, { termEnds: retirement, reason: '距退休不足5年，延至退休' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ termEnds: retirement, subsidyMonths: 35 });
    t.runtime.services.clock.set('2025-11-03');
  });

  it('placing a person who does not qualify is refused with the clause; nothing written', async () => {
    const nobody = await person(cw, '411002001001', '周普通', '1992-02-02', 'male');
    const hh = await cw.post('/api/v1/households', { jurisdictionCode: '411002001001', urban: true });
    const worker = await person(cw, '411002001001', '周配偶', '1993-03-03', 'female');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/persons/${worker}`, headers: { cookie: cw.cookie, 'x-csrf-token': cw.csrf }, payload: { version: 1, source: 'visit', employmentStatus: 'employed' } });
    await cw.post(`/api/v1/households/${hh.json().id}/members`, { personId: nobody, relationship: 'head' });
    await cw.post(`/api/v1/households/${hh.json().id}/members`, { personId: worker, relationship: 'spouse' });
    const postId = await post(op, '411002001001', 1, '许昌门岗');
    const res = await op.post(`/api/v1/posts/${postId}/placements`, { personId: nobody }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'POST_NOT_QUALIFIED', field: 'body.personId' });
    expect(res.json().error.message).toContain('XC23 四(六)');
    expect(res.json().error.message).toMatch(/neither a difficulty person nor a zero-employment family member/);
    expect(await count(sql`SELECT count(*)::int AS n FROM post_placements WHERE post_id = ${postId}`)).toBe(0);
    expect((await op.get(`/api/v1/posts/${postId}`)).json().filled).toBe(0);
  });

  it('a post over capacity is refused; nothing written; exit frees the place; a second placement only for allowed groups', async () => {
    const first = await person(cw, '411002001001', '吴一', '1994-04-04', 'male', ['difficulty']);
    const second = await person(cw, '411002001001', '吴二', '1988-08-08', 'male', ['zero_employment_family']);
    // 'first' lives with an employed spouse: not a zero-employment family, so the second-placement groups are decidable.
    const spouse = await person(cw, '411002001001', '吴妻', '1995-05-05', 'female');
    await t.app.inject({ method: 'PATCH', url: `/api/v1/persons/${spouse}`, headers: { cookie: cw.cookie, 'x-csrf-token': cw.csrf }, payload: { version: 1, source: 'visit', employmentStatus: 'employed' } });
    const hh = (await cw.post('/api/v1/households', { jurisdictionCode: '411002001001', urban: true })).json().id as string;
    await cw.post(`/api/v1/households/${hh}/members`, { personId: first, relationship: 'head' });
    await cw.post(`/api/v1/households/${hh}/members`, { personId: spouse, relationship: 'spouse' });
    const postId = await post(op, '411002001001', 1, '许昌单岗');
    const a = await op.post(`/api/v1/posts/${postId}/placements`, { personId: first });
    expect(a.statusCode, a.body).toBe(201);
    const full = await op.post(`/api/v1/posts/${postId}/placements`, { personId: second });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('POST_FULL');
    expect(full.json().error.message).toContain('MOH 三(六)');
    expect(full.json().error.message).toContain('1 个名额');
    expect(await count(sql`SELECT count(*)::int AS n FROM post_placements WHERE person_id = ${second}`)).toBe(0);
    expect((await op.get(`/api/v1/posts/${postId}`)).json()).toMatchObject({ filled: 1, places: 1 });
    t.runtime.services.clock.set('2026-02-10');
    const ended = await op.post(`/api/v1/post-placements/${a.json().id}/exit`, { reason: 'resigned', note: '本人辞职' });
    expect(ended.json()).toMatchObject({ state: 'ended', endedOn: '2026-02-10', subsidyMonths: 4 });
    expect((await op.get(`/api/v1/posts/${postId}`)).json().filled).toBe(0);
    const again = await op.post(`/api/v1/posts/${postId}/placements`, { personId: first });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toMatch(/再次安置仅限/);
    const b = await op.post(`/api/v1/posts/${postId}/placements`, { personId: second });
    expect(b.statusCode, b.body).toBe(201);

    const complaint = await cw.post(`/api/v1/posts/${postId}/complaints`, { channel: 'hotline_12333', content: '在岗人员家中开有商铺', placementId: b.json().id });
    expect(complaint.statusCode, complaint.body).toBe(201);
    expect((await cw.post(`/api/v1/posts/${postId}/complaints/${complaint.json().id}/investigate`, { finding: 'substantiated', investigation: 'x', removePlacement: true })).statusCode).toBe(403);
    const sup = await op.post(`/api/v1/posts/${postId}/complaints/${complaint.json().id}/investigate`, { finding: 'substantiated', investigation: '比对市场监管登记：2025年起经营个体商铺', removePlacement: true });
    expect(sup.statusCode, sup.body).toBe(200);
    expect(sup.json().removed).toMatchObject({ state: 'removed', exitReason: 'placed_in_breach' });
    expect((await op.get(`/api/v1/posts/${postId}`)).json()).toMatchObject({ filled: 0, complaints: [expect.objectContaining({ status: 'substantiated' })] });
    t.runtime.services.clock.set('2025-11-03');
  });
});

describe('candidate pool: ranked as a whole, paged (Inner Mongolia)', () => {
  const VILLAGE = '150102001002';
  type Item = { personId: string; rank: number; eligible: boolean | 'unknown'; group: string | null; reasons: string[] };

  it('pages cross borders without changing ranks; the placement records the rank over the whole pool', async () => {
    const cw = await t.login('caseworker.village2');
    const op = await t.login('operator.county');
    const births = ['1966-03-01', '1972-05-05', '1980-07-07', '1988-09-09', '1993-11-11', '1999-01-01', '1969-06-06', '1975-02-02'];
    for (const [i, birth] of births.entries()) await person(cw, VILLAGE, `池${'甲乙丙丁戊己庚辛'[i]}`, birth, i % 2 ? 'female' : 'male', [i % 3 === 0 ? 'zero_employment_family' : 'difficulty']);
    await person(cw, VILLAGE, '池无标注', '1990-01-01', 'male');
    // A household with no one employed (an open zero-employment period, no mark on the members) is in the pool too.
    const members = [await person(cw, VILLAGE, '池户主', '1976-04-04', 'male'), await person(cw, VILLAGE, '池配偶', '1979-08-08', 'female')];
    const regCommitment = (await cw.get('/api/v1/registration-commitment')).json().current.version as string;
    for (const m of members) {
      const reg = await cw.post(`/api/v1/persons/${m}/registrations`, { placeBasis: 'residence', registeredOn: '2025-09-01', unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: regCommitment } });
      expect(reg.statusCode, reg.body).toBe(201);
    }
    const household = (await cw.post('/api/v1/households', { jurisdictionCode: VILLAGE, address: '赛马场 2-1', urban: true, businessIncome: false })).json().id as string;
    for (const [i, m] of members.entries()) expect((await cw.post(`/api/v1/households/${household}/members`, { personId: m, relationship: i ? 'spouse' : 'head' })).statusCode).toBeLessThan(300);
    expect(await count(sql`SELECT count(*)::int AS n FROM household_zero_employment_periods WHERE household_id = ${household} AND ended_at IS NULL`)).toBe(1);
    const postId = await post(op, VILLAGE, 2, '赛马场公益岗');
    const full = (await op.get(`/api/v1/posts/${postId}/candidates?pageSize=200`)).json();
    const items = full.items as Item[];
    expect(full.total).toBe(items.length);
    expect(full.total).toBeGreaterThanOrEqual(births.length);
    expect(items.map((i) => i.rank)).toEqual(items.map((_, i) => i + 1));
    expect(full.counts.eligible + full.counts.unknown + full.counts.ineligible).toBe(full.total);
    for (const m of members) expect(items.find((i) => i.personId === m)).toMatchObject({ eligible: true });
    // The pack's order: eligible, then unknown, then not; within the eligible, the pack's priority groups in order.
    const groups = t.runtime.services.rules.registry.resolve(VILLAGE, '2025-11-03').params.posts.priority.value.map((g) => g.id);
    const order = (e: Item['eligible']) => (e === true ? 0 : e === 'unknown' ? 1 : 2);
    const key = (i: Item) => [order(i.eligible), i.group === null ? groups.length : groups.indexOf(i.group)] as const;
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [key(items[i - 1]!), key(items[i]!)];
      expect(a[0] < b[0] || (a[0] === b[0] && (a[0] !== 0 || a[1] <= b[1])), `${i}`).toBe(true);
    }

    const service = t.runtime.services.posts;
    service.poolChunk = 2; // load and gather the pool two people at a time: several chunks
    try {
      const seen: Item[] = [];
      const pages = Math.ceil(full.total / 3);
      for (let page = 1; page <= pages + 1; page++) {
        const body = (await op.get(`/api/v1/posts/${postId}/candidates?page=${page}&pageSize=3`)).json();
        expect(body).toMatchObject({ total: full.total, page, pageSize: 3, counts: full.counts });
        expect(body.items).toHaveLength(page <= pages ? Math.min(3, full.total - (page - 1) * 3) : 0);
        seen.push(...body.items);
      }
      expect(seen).toEqual(items);

      // Someone ranked beyond the first page is placed: the placement keeps their rank among the whole pool.
      const target = items.find((i) => i.eligible === true && i.rank > 3)!;
      expect(target).toBeDefined();
      const placed = await op.post(`/api/v1/posts/${postId}/placements`, { personId: target.personId });
      expect(placed.statusCode, placed.body).toBe(201);
      expect(placed.json().ranking).toMatchObject({ rank: target.rank, of: full.total, group: target.group, reasons: target.reasons });
      const after = (await op.get(`/api/v1/posts/${postId}/candidates?pageSize=200`)).json();
      expect(after.total).toBe(full.total - 1);
      expect(after.items.map((i: Item) => i.personId)).toEqual(items.filter((i) => i.personId !== target.personId).map((i) => i.personId));
    } finally {
      service.poolChunk = 1000;
    }
    const unknown = await op.get(`/api/v1/posts/${postId}/candidates?personIds=00000000-0000-4000-8000-000000000000`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.field).toBe('querystring.personIds');
    expect((await op.get(`/api/v1/posts/${postId}/candidates?pageSize=201`)).statusCode).toBe(400);
  });
});

describe('social-assistance linkage', () => {
  it('refers to civil affairs with response tracking and records the 低保 deduction and gradual exit (CQ25 七)', async () => {
    t.runtime.services.clock.set('2025-11-03');
    const cw = await t.login('caseworker.xuchang');
    const id = await person(cw, '411002001001', '郑低保', '1985-05-05', 'female', ['dibao']);
    const ref = await cw.post(`/api/v1/persons/${id}/civil-affairs-referrals`, { kind: 'temporary_relief', reason: '未参保、非低保，突发重病' });
    expect(ref.statusCode, ref.body).toBe(201);
    expect(ref.json()).toMatchObject({ status: 'pending', daysWaiting: 0 });
    const second = await cw.post(`/api/v1/persons/${id}/civil-affairs-referrals`, { kind: 'dibao', reason: '家庭人均收入低于低保标准', referredOn: '2025-10-20' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ daysWaiting: 14 });
    const pending = (await cw.get('/api/v1/civil-affairs-referrals?status=pending')).json();
    expect(pending.items.filter((r: { personId: string }) => r.personId === id).map((r: { kind: string }) => r.kind)).toEqual(['dibao', 'temporary_relief']); // longest waiting first
    expect(pending.items[0]).toMatchObject({ personName: expect.any(String), idNumberMasked: expect.stringContaining('*') });
    const resp = await cw.post(`/api/v1/civil-affairs-referrals/${ref.json().id}/response`, { status: 'accepted', note: '民政已发放临时救助' });
    expect(resp.json()).toMatchObject({ status: 'accepted', responseOn: '2025-11-03' });
    expect((await cw.post(`/api/v1/civil-affairs-referrals/${ref.json().id}/response`, { status: 'declined', note: '重复' })).statusCode).toBe(409);
    const early = await cw.post(`/api/v1/civil-affairs-referrals/${second.json().id}/response`, { status: 'declined', note: '收入超标', responseOn: '2025-10-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.field).toBe('body.responseOn');
    const listed = (await cw.get('/api/v1/civil-affairs-referrals?pageSize=1')).json();
    expect(listed).toMatchObject({ page: 1, pageSize: 1, items: [expect.objectContaining({ status: 'pending' })] });
    expect(listed.total).toBeGreaterThanOrEqual(2);
    const elsewhere = (await (await t.login('caseworker')).get('/api/v1/civil-affairs-referrals')).json();
    expect(elsewhere.items.some((r: { personId: string }) => r.personId === id)).toBe(false);
    const dibao = await cw.post(`/api/v1/persons/${id}/dibao-employment`, { employedOn: '2025-10-15', monthlyIncomeYuan: 2600, costItems: [{ item: '交通', amountYuan: 200 }, { item: '误餐', amountYuan: 150 }] });
    expect(dibao.statusCode, dibao.body).toBe(201);
    expect(dibao.json()).toMatchObject({ costDeductionYuan: 350, countedIncomeYuan: 2250, gradualExitMonths: 6, gradualExitEnds: '2026-04-14', inGradualExit: true, packRef: 'xuchang@2023.1' });
    expect(dibao.json().explanation.source).toBe('CQ25 七');
    const overIncome = await cw.post(`/api/v1/persons/${id}/dibao-employment`, { employedOn: '2025-10-15', monthlyIncomeYuan: 100, costItems: [{ item: '交通', amountYuan: 200 }] });
    expect(overIncome.statusCode).toBe(400);
    expect(overIncome.json().error.field).toBe('body.costItems');
    const record = (await cw.get(`/api/v1/persons/${id}/social-assistance`)).json();
    expect(record.referrals).toHaveLength(2);
    expect(record.dibaoEmployment).toEqual([expect.objectContaining({ countedIncomeYuan: 2250 })]);
    const stored = await t.runtime.handle.query<{ enc: string }>(sql`SELECT monthly_income_enc AS enc FROM dibao_employment_adjustments WHERE person_id = ${id}`);
    expect(stored[0]!.enc).not.toContain('2600');
    const other = await cw.post(`/api/v1/persons/${await person(cw, '411002001001', '郑非低保', '1986-06-06', 'male')}/dibao-employment`, { employedOn: '2025-10-15', monthlyIncomeYuan: 2600, costItems: [] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.field).toBe('params.personId');
  });
});
