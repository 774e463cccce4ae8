/**
 * Households end to end (PGlite, or PostgreSQL with DATABASE_URL): members with relationships, zero-employment
 * status derived by the rules package with the pack in force (clause shown), cleared when a member finds work
 * and reopened when they lose it, with the periods table kept in the same transaction; scoping and membership.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ persons: 60 });
});
afterAll(async () => {
  await t?.close();
});

let serial = 300;
function idFor(address: string, birth: string, sex: 'male' | 'female'): string {
  serial += 2;
  const first17 = `${address}${birth.replaceAll('-', '')}${String(serial + (sex === 'male' ? 1 : 0)).slice(-3)}`;
  return first17 + residentIdCheckChar(first17);
}

function send(s: Session, method: 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function person(s: Session, village: string, address: string, name: string, birth: string, sex: 'male' | 'female', employmentStatus: string): Promise<{ id: string; version: number }> {
  const res = await s.post('/api/v1/persons', { idNumber: idFor(address, birth, sex), name, residence: { code: village }, employmentStatus, source: 'visit' });
  if (res.statusCode !== 201) throw new Error(res.body);
  const file = res.json().file as { id: string; version: number };
  return file;
}

interface Period {
  startedAt: string;
  endedAt: string | null;
  startedBy: { kind: string; personId?: string; pack: string; clause: string };
  endedBy: { kind: string; personId?: string } | null;
}

describe('zero-employment households (Xuchang, national rule MOH 二(二))', () => {
  const VILLAGE = '411002001001';
  let s: Session;
  let householdId: string;
  let father: { id: string; version: number };
  let mother: { id: string; version: number };
  let son: { id: string; version: number };

  beforeAll(async () => {
    s = await t.login('caseworker.xuchang');
    father = await person(s, VILLAGE, '411002', '许大山', '1978-03-03', 'male', 'unemployed');
    mother = await person(s, VILLAGE, '411002', '刘春花', '1980-05-05', 'female', 'unemployed');
    son = await person(s, VILLAGE, '411002', '许小山', '2014-09-01', 'male', 'student');
  });

  it('creates a household and derives the status as members join, opening a period with the clause', async () => {
    const created = await s.post('/api/v1/households', { jurisdictionCode: VILLAGE, address: '魏都区金地小区 3-2-101', urban: true });
    expect(created.statusCode, created.body).toBe(201);
    householdId = created.json().id;
    expect(created.json().zeroEmployment.status).toBe(false);
    expect(created.json().periods).toEqual([]);

    await s.post(`/api/v1/households/${householdId}/members`, { personId: father.id, relationship: 'head' });
    await s.post(`/api/v1/households/${householdId}/members`, { personId: mother.id, relationship: 'spouse' });
    const res = await s.post(`/api/v1/households/${householdId}/members`, { personId: son.id, relationship: 'child' });
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.zeroEmployment).toMatchObject({ status: true, pack: 'xuchang@2023.1', workingAgeMembers: 2 });
    expect(h.zeroEmployment.explanations[0]).toMatchObject({ rule: 'household.zero-employment', source: 'MOH 二(二)' });
    const byId = Object.fromEntries(h.members.map((m: { personId: string }) => [m.personId, m]));
    expect(byId[father.id]).toMatchObject({ relationship: 'head', workingAge: true, unemployed: true, employmentStatus: 'unemployed' });
    expect(byId[son.id]).toMatchObject({ relationship: 'child', workingAge: false, employmentStatus: 'student' });
    expect(h.periods).toHaveLength(1);
    expect(h.periods[0]).toMatchObject({ endedAt: null, startedBy: { kind: 'member_added', personId: father.id, pack: 'xuchang@2023.1', clause: 'MOH 二(二)' } });
    expect(h.zeroEmployment.since).toBe(h.periods[0].startedAt);
    const joined = (await s.get(`/api/v1/persons/${son.id}/history`)).json().items.at(-1);
    expect(joined).toMatchObject({ kind: 'household_joined', change: { householdId: { from: null, to: householdId }, relationship: { from: null, to: 'child' } } });
  });

  it('lists it among the live zero-employment households with its age in days', async () => {
    const list = (await s.get('/api/v1/households/zero-employment')).json();
    expect(list.items).toContainEqual(expect.objectContaining({ id: householdId, members: 3, ageDays: 0, jurisdiction: { code: VILLAGE, name: expect.any(String) } }));
    const other = await t.login('caseworker');
    expect((await other.get('/api/v1/households/zero-employment')).json().items.map((i: { id: string }) => i.id)).not.toContain(householdId);
    expect((await other.get(`/api/v1/households/${householdId}`)).statusCode).toBe(404);
  });

  it('clears when one member becomes employed and reopens when they lose the job', async () => {
    const employed = await send(s, 'PATCH', `/api/v1/persons/${father.id}`, { version: father.version + 1, source: 'phone', employmentStatus: 'employed' });
    expect(employed.statusCode, employed.body).toBe(200);
    let h = (await s.get(`/api/v1/households/${householdId}`)).json();
    expect(h.zeroEmployment.status).toBe(false);
    expect(h.zeroEmployment.since).toBeNull();
    expect(h.periods).toHaveLength(1);
    expect(h.periods[0].endedAt).not.toBeNull();
    expect(h.periods[0].endedBy).toMatchObject({ kind: 'member_updated', personId: father.id, username: 'caseworker.xuchang' });
    expect((await s.get('/api/v1/households/zero-employment')).json().items.map((i: { id: string }) => i.id)).not.toContain(householdId);

    const lost = await send(s, 'PATCH', `/api/v1/persons/${father.id}`, { version: employed.json().version, source: 'visit', employmentStatus: 'unemployed' });
    expect(lost.statusCode).toBe(200);
    h = (await s.get(`/api/v1/households/${householdId}`)).json();
    expect(h.zeroEmployment.status).toBe(true);
    const periods = h.periods as Period[];
    expect(periods).toHaveLength(2);
    expect(periods[1]).toMatchObject({ endedAt: null, startedBy: { kind: 'member_updated', personId: father.id } });
    expect(periods[1]!.startedAt >= periods[0]!.endedAt!).toBe(true);
    const rows = await t.runtime.handle.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM household_zero_employment_periods WHERE household_id = ${householdId} AND ended_at IS NULL`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('keeps the status when a non-working-age member leaves, and refuses a member of another household', async () => {
    const removed = await send(s, 'DELETE', `/api/v1/households/${householdId}/members/${son.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().members).toHaveLength(2);
    expect(removed.json().periods).toHaveLength(2);
    const other = (await s.post('/api/v1/households', { jurisdictionCode: VILLAGE, urban: true })).json();
    const taken = await s.post(`/api/v1/households/${other.id}/members`, { personId: mother.id, relationship: 'head' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'HOUSEHOLD_MEMBER_ELSEWHERE', field: 'body.personId' });
    const bad = await s.post(`/api/v1/households/${other.id}/members`, { personId: son.id, relationship: 'cousin' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.relationship');
  });

  it('refuses households outside the caller’s area or in unknown divisions', async () => {
    const outside = await s.post('/api/v1/households', { jurisdictionCode: '150102001001', urban: true });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.field).toBe('body.jurisdictionCode');
    const unknown = await s.post('/api/v1/households', { jurisdictionCode: '411002001999', urban: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ field: 'body.jurisdictionCode', message: expect.stringMatching(/不存在/) });
  });
});

describe('zero-employment households (Inner Mongolia, 内人社办发〔2020〕58号: registered unemployed, no business income)', () => {
  it('needs registered unemployment and the income fact before a household counts', async () => {
    const s = await t.login('caseworker');
    const a = await person(s, '150102001001', '150102', '白音', '1975-01-01', 'male', 'unemployed');
    const b = await person(s, '150102001001', '150102', '其其格', '1977-02-02', 'female', 'unemployed');
    const h = (await s.post('/api/v1/households', { jurisdictionCode: '150102001001', urban: true })).json();
    await s.post(`/api/v1/households/${h.id}/members`, { personId: a.id, relationship: 'head' });
    const both = (await s.post(`/api/v1/households/${h.id}/members`, { personId: b.id, relationship: 'spouse' })).json();
    expect(both.zeroEmployment.status).toBe(false);
    expect(both.zeroEmployment.pack).toMatch(/^nei-mongol@/);
    expect(both.zeroEmployment.explanations[0].source).toMatch(/内人社办发〔2020〕58号/);

    // Both register as unemployed (registration slice), the household states it has no business income.
    for (const p of [a, b]) {
      await t.runtime.handle.query(
        sql`INSERT INTO registrations (person_id, kind, state, registered_on, place_basis, jurisdiction_code) VALUES (${p.id}, 'unemployment', 'active', '2025-01-02', 'residence', '150102001001')`,
      );
    }
    const stillUnknown = (await send(s, 'PATCH', `/api/v1/households/${h.id}`, { address: '新城区公主府街 8 号' })).json();
    expect(stillUnknown.zeroEmployment.status).toBe('unknown');
    expect(stillUnknown.zeroEmployment.missingFacts).toContain('household.businessOrInvestmentIncome');
    expect(stillUnknown.members.every((m: { registeredUnemployed: boolean }) => m.registeredUnemployed)).toBe(true);
    expect(stillUnknown.periods).toEqual([]);
    const known = (await send(s, 'PATCH', `/api/v1/households/${h.id}`, { businessIncome: false })).json();
    expect(known.zeroEmployment.status).toBe(true);
    expect(known.periods).toEqual([expect.objectContaining({ endedAt: null, startedBy: expect.objectContaining({ kind: 'household_updated' }) })]);
  });
});
