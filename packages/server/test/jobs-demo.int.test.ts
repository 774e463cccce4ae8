/**
 * The jobs demo (PGlite, or PostgreSQL with DATABASE_URL): employers and postings in the three demo counties with
 * real occupation codes, demo employer accounts, preferences that make matching sensible on first start, and
 * recommendations in every result state in each county; loading twice loads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { checkCreditCode, RECOMMENDATION_STATES } from '@bangfu/rules';
import { createTestApp, type TestApp } from './support/test-app.ts';
import { loadJobsDemo } from '../src/demo/jobs.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ persons: 300, today: '2025-06-05' });
});

afterAll(async () => {
  await t?.close();
});

describe('jobs demo', () => {
  it('loads employers, postings, preferences and recommendations in every state, once', async () => {
    const counts = await loadJobsDemo(t.runtime.services);
    expect(counts).toMatchObject({ employers: 9, postings: 30 });
    expect(counts!.preferences).toBeGreaterThan(0);
    expect(await loadJobsDemo(t.runtime.services)).toBeUndefined();
    const codes = await t.runtime.handle.query<{ credit_code: string }>(sql`SELECT credit_code FROM employers`);
    expect(codes.every((c) => checkCreditCode(c.credit_code).valid)).toBe(true);
    const states = await t.runtime.handle.query<{ state: string }>(sql`SELECT DISTINCT state FROM job_recommendations r JOIN persons p ON p.id = r.person_id WHERE p.jurisdiction_code LIKE '150102%'`);
    expect(states.map((s) => s.state).sort()).toEqual([...RECOMMENDATION_STATES].sort());
    expect(await t.runtime.handle.query(sql`SELECT 1 FROM registrations r JOIN job_recommendations j ON j.person_id = r.person_id AND j.state = 'hired' WHERE r.deregistration_reason = 'hired'`)).not.toHaveLength(0);
  });

  it('the demo employer signs in and sees its postings; the county operator sees three explained matches', async () => {
    const emp = await t.login('employer.xincheng');
    const mine = (await emp.get('/api/v1/postings')).json().items as { employerName: string; state: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((p) => p.employerName)).size).toBe(1);
    const op = await t.login('operator.county');
    const person = (await t.runtime.handle.query<{ id: string }>(sql`SELECT p.id FROM persons p JOIN person_job_preferences j ON j.person_id = p.id WHERE p.jurisdiction_code LIKE '150102%' ORDER BY p.id LIMIT 1`))[0]!.id;
    const m = await op.get(`/api/v1/persons/${person}/job-matches?limit=3`);
    expect(m.statusCode).toBe(200);
    expect(m.json().items).toHaveLength(3);
    expect(m.json().items[0].factors).toHaveLength(8);
  });
});
