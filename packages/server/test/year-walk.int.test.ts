/**
 * A fixed clock walks registrants through a year under each of the four packs (national, nei-mongol 150102…,
 * xuchang 411002…, chongqing 500103…): tier changes on the right days with the change log, monthly follow-ups due
 * and overdue after a missed month, obligations per pack (NM24 tier minimums, XC23 Level I "4 + 131" within 5
 * working days, Level II plans), the stale-file flag, and the nightly job agreeing with per-person recomputation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { FixedClock } from '../src/jobs/clock.ts';
import { recomputeOneByOne } from '../src/jobs/recompute.ts';
import { rowsOf } from '../src/db/executor.ts';
import { STATE_COLUMNS, Staleness, StateEngine, type StateRow } from '../src/modules/services/service-state.ts';
import { ITEM_COLUMNS, itemsOf } from '../src/modules/worklist/items.ts';
import type { TServiceBody } from '../src/modules/services/services.contract.ts';
import { systemContext } from '../src/http/context.ts';

let t: TestApp;
let op: Session; // operator.county 150102000000
const clock = new FixedClock('2025-03-03');
const REG = '2025-03-03'; // Monday
const people: Record<'nm' | 'xc' | 'nat' | 'cq', string> = { nm: '', xc: '', nat: '', cq: '' };

/** A registrant made directly in the tables (a copy of a demo file), so facts are exactly as the test needs. */
async function registrant(village: string, marks: string[]): Promise<string> {
  const h = t.runtime.handle;
  const [{ id } = { id: '' }] = await h.query<{ id: string }>(sql`SELECT gen_random_uuid()::text AS id`);
  await h.query(sql`CREATE TEMP TABLE IF NOT EXISTS walk_person AS SELECT * FROM persons LIMIT 0`);
  await h.query(sql`DELETE FROM walk_person`);
  await h.query(sql`INSERT INTO walk_person SELECT * FROM persons LIMIT 1`);
  await h.query(sql`UPDATE walk_person SET id = ${id}::uuid, jurisdiction_code = ${village}, id_number_bidx = md5(${id}), employment_status = 'unemployed', labor_capacity = 'full',
                    intention = 'employment', service_needs = '[]'::jsonb, clears = '{}'::jsonb, household_id = NULL, hidden_at = NULL, merged_into = NULL`);
  await h.query(sql`INSERT INTO persons SELECT * FROM walk_person`);
  await h.query(sql`INSERT INTO registrations (person_id, kind, state, registration_no, registered_on, place_basis, jurisdiction_code, first_contact_deadline)
                    VALUES (${id}, 'unemployment', 'active', ${`${village}WALK`}, ${REG}, 'residence', ${village}, '2025-03-10')`);
  for (const m of marks) await h.query(sql`INSERT INTO person_marks (person_id, mark, since, source) VALUES (${id}, ${m}, '2025-01-01', 'test')`);
  return id;
}

async function night(day: string) {
  clock.set(day);
  return t.runtime.services.serviceWork.jobs.recompute('test', day);
}

async function stored(personId: string): Promise<StateRow & { changed_on: string }> {
  const rows = await rowsOf<StateRow & { changed_on: string }>(
    t.runtime.handle.db,
    sql`SELECT ${sql.raw(STATE_COLUMNS.map(([k, c]) => `${c}${/(_on|_since|_change|_by|_due|_deadline|_contact)$/.test(c) ? '::text' : ''} AS "${k}"`).join(', '))} FROM person_service_state WHERE person_id = ${personId}`,
  );
  return rows[0]!;
}

/** Records through the service with a nationwide operator (no demo account covers every pack's area). */
async function record(personId: string, type: string, on: string, extra: Record<string, unknown> = {}) {
  clock.set(on);
  const ctx = systemContext('en');
  ctx.actor = { userId: op.user.id, username: 'walker', displayName: '年度巡检', role: 'operator', jurisdictionCode: '000000000000', personId: null, sessionId: 'walk', csrfToken: 'walk' };
  const r = await t.runtime.services.serviceWork.services.record(ctx, personId, { type, channel: 'phone', servedOn: on, content: `${type} 服务记录（${on}）`, ...extra } as TServiceBody);
  return { statusCode: r.replayed ? 200 : 201, state: r.state };
}

async function changes(personId: string) {
  return t.runtime.handle.query<{ on: string; kind: string; text_en: string; text_zh: string }>(
    sql`SELECT "on"::text AS on, kind, text_en, text_zh FROM service_state_changes WHERE person_id = ${personId} ORDER BY "on", at`,
  );
}

beforeAll(async () => {
  // The demo as of the walk's last night, so that its registrants are active in the walk's year.
  t = await createTestApp({ persons: 60, today: '2026-03-03' });
  t.runtime.services.clock.use(clock);
  op = await t.login('operator.county');
  const [national] = await t.runtime.handle.query<{ code: string }>(sql`SELECT code FROM divisions WHERE code LIKE '4101%' ORDER BY code DESC LIMIT 1`);
  const cqUser = await t.login('caseworker.chongqing');
  people.nm = await registrant('150102001001', []);
  people.xc = await registrant('411002001001', []);
  people.nat = await registrant(national!.code, ['difficulty']);
  people.cq = await registrant(cqUser.user.jurisdiction.code, ['difficulty']);
});

afterAll(async () => {
  await t?.close();
});

describe('a year of service state under four packs', () => {
  it('walks tiers, obligations and follow-ups day by day', async () => {
    // Day of registration.
    await night('2025-03-03');
    let nm = await stored(people.nm);
    expect(nm).toMatchObject({ packRef: 'nei-mongol@2024.1', tier: 'short', tierNextChange: '2025-04-04', level: 'level1', followUpMonths: 1, followUpDue: '2025-04-30', followUpOverdue: false });
    // NM24 short ≥ 3 job recommendations by the end of the short tier; NM22 yearly minimums by 31 Dec.
    expect(nm.obligationsDueBy).toBe('2025-04-03');
    const xc = await stored(people.xc);
    // XC23 三(二)1: Level I "4 basic + 131" = 7 rules, all due on the 5th working day (Mon 3 → Mon 10 March).
    expect(xc).toMatchObject({ packRef: 'xuchang@2023.1', level: 'level1', obligationsApplicable: 7, obligationsMet: 0, obligationsDueBy: '2025-03-10', followUpMonths: 0 });
    const nat = await stored(people.nat);
    expect(nat).toMatchObject({ packRef: 'national@2025.1', level: 'level2', obligationsApplicable: 1, obligationsDueBy: null, followUpMonths: 1, followUpDue: '2025-04-30' });
    const cq = await stored(people.cq);
    expect(cq).toMatchObject({ packRef: 'chongqing@2025.1', level: 'level2', obligationsApplicable: 1, followUpMonths: 1 });

    // The Level II plan (一人一策) meets the national and Chongqing obligation.
    expect((await record(people.nat, 'assistance_plan', '2025-03-05')).statusCode).toBe(201);
    expect(await stored(people.nat)).toMatchObject({ obligationsMet: 1, obligationsUnmet: 0, firstContactOn: '2025-03-05', lastContact: '2025-03-05' });

    // Xuchang: nothing delivered within 5 working days → overdue the day after the deadline, not before.
    await night('2025-03-10');
    expect(await stored(people.xc)).toMatchObject({ obligationsOverdue: 0, obligationsUnmet: 7 });
    await night('2025-03-11');
    const late = await stored(people.xc);
    expect(late).toMatchObject({ obligationsOverdue: 7, obligationsUnmet: 0 });
    expect(late.overdueMask.toString(2).replace(/0/g, '')).toHaveLength(7);

    // Inner Mongolia: three job recommendations and a contact in March.
    for (let i = 0; i < 3; i++) expect((await record(people.nm, 'job_recommendation', '2025-03-20', { postingText: `岗位${i}` })).statusCode).toBe(201);
    nm = await stored(people.nm);
    expect(nm.followUpDue).toBe('2025-04-30');
    const nmState = (await op.get(`/api/v1/persons/${people.nm}/service-state`)).json<{ obligations: { rule: string; status: string }[] }>();
    expect(nmState.obligations.find((o) => o.rule === 'nm24-short-job')?.status).toBe('met');

    // Tier changes exactly one calendar month after registration (NM24 二(一): ≤ 1 month is short).
    await night('2025-04-03');
    expect((await stored(people.nm)).tier).toBe('short');
    await night('2025-04-04');
    nm = await stored(people.nm);
    expect(nm).toMatchObject({ tier: 'medium', tierSince: '2025-04-04', tierNextChange: '2025-09-04', obligationsDueBy: '2025-09-03' });
    const moved = (await changes(people.nm)).find((c) => c.kind === 'tier');
    expect(moved).toMatchObject({ on: '2025-04-04' });
    expect(moved!.text_en).toMatch(/^moved to medium-short-term on 2025-04-04; now requires 1 × career_guidance, 3 × job_recommendation/);

    // Monthly follow-up: contacted in April → due by 31 May; May is missed → overdue on 1 June.
    expect((await record(people.nm, 'follow_up', '2025-04-15')).statusCode).toBe(201);
    expect((await stored(people.nm)).followUpDue).toBe('2025-05-31');
    await night('2025-05-31');
    expect((await stored(people.nm)).followUpOverdue).toBe(false);
    await night('2025-06-01');
    expect(await stored(people.nm)).toMatchObject({ followUpOverdue: true, followUpDue: '2025-05-31' });
    expect((await changes(people.nm)).some((c) => c.kind === 'follow_up' && c.on === '2025-06-01' && /overdue/.test(c.text_en))).toBe(true);
    const wl = await (await t.login('caseworker')).get('/api/v1/worklist?kind=follow_up');
    const item = wl.json<{ groups: { items: { personId: string; overdue: boolean; dueOn: string; action: { serviceType: string } }[] }[] }>().groups[0]!.items.find((i) => i.personId === people.nm);
    expect(item).toMatchObject({ overdue: true, dueOn: '2025-05-31', action: { serviceType: 'follow_up' } });
    // Contact resumes in June: next due by 31 July, no longer overdue.
    expect((await record(people.nm, 'follow_up', '2025-06-10')).statusCode).toBe(201);
    expect(await stored(people.nm)).toMatchObject({ followUpOverdue: false, followUpDue: '2025-07-31' });

    // Long-term from the day after six months (3 Sep is still medium); the change says what is now required.
    await night('2025-09-03');
    expect((await stored(people.nm)).tier).toBe('medium');
    await night('2025-09-04');
    nm = await stored(people.nm);
    expect(nm).toMatchObject({ tier: 'long', tierSince: '2025-09-04', tierNextChange: null });
    const long = (await changes(people.nm)).filter((c) => c.kind === 'tier').pop()!;
    expect(long.on).toBe('2025-09-04');
    expect(long.text_en).toContain('1 × training_recommendation');
    expect(long.text_zh).toContain('长期失业：1次职业培训机会');
    // R7.5: long-term with a file never verified → stale.
    expect(nm.stale).toBe(true);

    // Xuchang changes tier on the same days; follow-up rules differ by pack.
    expect(await stored(people.xc)).toMatchObject({ tier: 'long', tierSince: '2025-09-04' });

    // A year on: still long-term, and the yearly NM22 minimums start again in January.
    await night('2026-01-02');
    nm = await stored(people.nm);
    expect(nm.tier).toBe('long');
    const jan = (await op.get(`/api/v1/persons/${people.nm}/service-state`)).json<{ obligations: { rule: string; delivered: number; dueBy: string | null }[] }>();
    expect(jan.obligations.find((o) => o.rule === 'nm22-job-recommendation')).toMatchObject({ delivered: 0, dueBy: '2026-12-31' });
    // The worklist follows: the first night of a year rewrites every item, so yearly minimums are due on the new 31 December.
    const owedList = (await op.get('/api/v1/worklist?kind=obligation&limit=2000')).json<{ groups: { items: { personId: string; obligations?: { rule: string; dueOn: string | null; overdue: boolean }[] }[] }[] }>();
    const owed = owedList.groups[0]!.items.find((i) => i.personId === people.nm)?.obligations ?? [];
    expect(owed.find((o) => o.rule === 'nm22-job-recommendation')).toMatchObject({ dueOn: '2026-12-31', overdue: false });
    await night('2026-03-03');
    expect(await stored(people.nm)).toMatchObject({ tier: 'long' });
  });

  it('gives the same state from the nightly job as from per-person recomputation', async () => {
    const day = '2026-03-03';
    clock.set(day);
    await t.runtime.handle.query(sql`DELETE FROM person_service_state`);
    const run = await night(day);
    expect(run.written).toBe(run.evaluated);
    const batch = await t.runtime.handle.query<Record<string, unknown>>(
      sql`SELECT ${sql.raw(STATE_COLUMNS.map(([k, c]) => `${c}${/(_on|_since|_change|_by|_due|_deadline|_contact)$/.test(c) ? '::text' : ''} AS "${k}"`).join(', '))} FROM person_service_state ORDER BY person_id`,
    );
    const single = await recomputeOneByOne(t.runtime.handle.db, t.runtime.services.rules.registry, day);
    expect(batch.length).toBeGreaterThan(4);
    expect(batch.map((r) => ({ ...r, personId: String(r.personId) }))).toEqual(single.map((s) => ({ ...s })));
    // The worklist items written by the night are those of the per-person states.
    const engine = new StateEngine(t.runtime.services.rules.registry, day, Staleness.uniform(180));
    const key = (i: Record<string, unknown>) => ITEM_COLUMNS.map(([k]) => (Array.isArray(i[k]) ? (i[k] as unknown[]).join(',') : String(i[k] ?? ''))).join('|');
    const items = await t.runtime.handle.query<Record<string, unknown>>(
      sql`SELECT ${sql.raw(ITEM_COLUMNS.map(([k, c]) => `${c}${/(_on|_from|_until)$/.test(c) ? '::text' : c === 'rule_dues' ? '::text[]' : c.endsWith('_id') ? '::text' : ''} AS "${k}"`).join(', '))} FROM worklist_items`,
    );
    expect(items.map(key).sort()).toEqual(single.flatMap((s) => itemsOf(s, engine)).map((i) => key({ ...i })).sort());
    expect(items.length).toBeGreaterThan(4);
    // A second night with nothing new writes nothing.
    const again = await night(day);
    expect(again).toMatchObject({ written: 0, changes: 0 });
    const runs = (await op.get('/api/v1/jobs/runs')).json<{ items: { state: string; percent: number; total: number; done: number }[] }>().items;
    expect(runs[0]).toMatchObject({ state: 'done', percent: 100 });
    expect(runs[0]!.done).toBe(runs[0]!.total);
  });
});
