/**
 * Hidden means hidden (issue 11): after a deletion request, a file's registrations (list, detail, certificate),
 * worklist items and counts, service records, assistance applications (list, detail, card), household membership,
 * search hits and dashboard counts are gone for caseworkers at once — only the operator's audited include-hidden
 * view still finds the file. Fixed clock (2025-06-10); runs on PGlite, or PostgreSQL with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

const VILLAGE = '150102001001';
let t: TestApp;
let cw: Session;
let op: Session;
let personId = '';
let registrationId = '';
let applicationId = '';
let householdId = '';
let findingId = '';
const idNumber = (() => {
  const first17 = `15010219790315${'862'}`;
  return first17 + residentIdCheckChar(first17);
})();

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

interface Worklist {
  total: number;
  groups: { kind: string; total: number; items: { personId: string }[] }[];
}

/** Everything a caseworker can read about the person, by path. */
async function sightings(): Promise<Record<string, boolean | number>> {
  const regs = (await cw.get('/api/v1/registrations?pageSize=200')).json<{ items: { id: string }[]; total: number }>();
  const firstContact = (await cw.get('/api/v1/registrations?due=first_contact&pageSize=200')).json<{ total: number }>();
  const worklist = (await cw.get('/api/v1/worklist?limit=200')).json<Worklist>();
  const apps = (await cw.get('/api/v1/assistance-applications?pageSize=200')).json<{ items: { id: string }[] }>();
  const household = (await cw.get(`/api/v1/households/${householdId}`)).json<{ members: { personId: string }[] }>();
  const search = (await cw.get(`/api/v1/persons?q=${idNumber}`)).json<{ items: { id: string }[] }>();
  const dashboard = (await cw.get('/api/v1/dashboard')).json<{ counts: { activeRegistrations: number } }>();
  return {
    registrationListed: regs.items.some((r) => r.id === registrationId),
    registrationTotal: regs.total,
    firstContactTotal: firstContact.total,
    registrationDetail: (await cw.get(`/api/v1/registrations/${registrationId}`)).statusCode,
    certificate: (await cw.get(`/api/v1/registrations/${registrationId}/certificate.pdf`)).statusCode,
    personRegistrations: (await cw.get(`/api/v1/persons/${personId}/registrations`)).statusCode,
    worklistItem: worklist.groups.some((g) => g.items.some((i) => i.personId === personId)),
    worklistTotal: worklist.total,
    services: (await cw.get(`/api/v1/persons/${personId}/services`)).statusCode,
    serviceState: (await cw.get(`/api/v1/persons/${personId}/service-state`)).statusCode,
    applicationListed: apps.items.some((a) => a.id === applicationId),
    applicationDetail: (await cw.get(`/api/v1/assistance-applications/${applicationId}`)).statusCode,
    applicationCard: (await cw.get(`/api/v1/assistance-applications/${applicationId}/card.pdf`)).statusCode,
    householdMember: household.members.some((m) => m.personId === personId),
    searchHit: search.items.some((p) => p.id === personId),
    activeRegistrations: dashboard.counts.activeRegistrations,
    // Data comparison: a finding about the person (the county operator reviews findings).
    findingListed: (await op.get('/api/v1/comparison/findings?pageSize=200')).json<{ items: { id: string }[] }>().items.some((f) => f.id === findingId),
    findingDetail: (await op.get(`/api/v1/comparison/findings/${findingId}`)).statusCode,
  };
}

beforeAll(async () => {
  t = await createTestApp({ persons: 60 });
  t.runtime.services.clock.set('2025-06-10');
  [cw, op] = await Promise.all([t.login('caseworker'), t.login('operator.county')]);
  const created = await cw.post('/api/v1/persons', { idNumber, name: '隐藏测试', residence: { code: VILLAGE }, employmentStatus: 'unemployed', source: 'visit' });
  if (created.statusCode !== 201) throw new Error(created.body);
  personId = created.json().file.id;
  const commitment = (await cw.get('/api/v1/registration-commitment')).json().current.version;
  // 3 June + 5 working days = 10 June (Dragon Boat Festival on 2 June): a first-contact item due today.
  const reg = await cw.post(`/api/v1/persons/${personId}/registrations`, { placeBasis: 'residence', registeredOn: '2025-06-03', unemploymentReason: 'contract_ended', skills: [], intention: 'employment', marks: [], commitment: { version: commitment } });
  if (reg.statusCode !== 201) throw new Error(reg.body);
  registrationId = reg.json().registration.id;
  const assistanceCommitment = (await cw.get('/api/v1/assistance-commitment')).json().current.version;
  const app = await cw.post(`/api/v1/persons/${personId}/assistance-applications`, { facts: { residentMonths: 120, contributionYears: 8 }, commitment: { version: assistanceCommitment } });
  if (app.statusCode !== 201) throw new Error(app.body);
  applicationId = app.json().id;
  householdId = (await cw.post('/api/v1/households', { jurisdictionCode: VILLAGE, urban: true })).json().id;
  const member = await cw.post(`/api/v1/households/${householdId}/members`, { personId, relationship: 'head' });
  if (member.statusCode !== 200 && member.statusCode !== 201) throw new Error(member.body);
  const [finding] = await t.runtime.handle.query<{ id: string }>(
    sql`INSERT INTO comparison_findings (person_id, run_id, category, dataset_kind, rule, evidence_key, proposed_action, evidence, jurisdiction_code, registration_id)
        VALUES (${personId}, gen_random_uuid(), 'deregistration', 'social_insurance', 'insured-employment', 'hidden-test', '{"type":"review"}'::jsonb, '[]'::jsonb, ${VILLAGE}, ${registrationId})
        RETURNING id::text AS id`,
  );
  findingId = finding!.id;
});

afterAll(async () => {
  t?.runtime.services.clock.set(null);
  await t?.close();
});

describe('hidden means hidden', () => {
  let before: Record<string, boolean | number> = {};
  let after: Record<string, boolean | number> = {};
  let items = 0;

  it('before the request, every read path shows the person', async () => {
    before = await sightings();
    expect(before).toMatchObject({
      registrationListed: true,
      registrationDetail: 200,
      certificate: 200,
      personRegistrations: 200,
      worklistItem: true,
      services: 200,
      serviceState: 200,
      applicationListed: true,
      applicationDetail: 200,
      householdMember: true,
      searchHit: true,
      findingListed: true,
      findingDetail: 200,
    });
    items = await count(sql`SELECT count(*)::int AS n FROM worklist_items WHERE person_id = ${personId} AND visible_from <= '2025-06-10' AND (visible_until IS NULL OR visible_until >= '2025-06-10')`);
    expect(items).toBeGreaterThan(0);
  });

  it('after the deletion request, no read path shows it, counts included, and the worklist items are gone at once', async () => {
    const res = await cw.post(`/api/v1/persons/${personId}/deletion-request`, { reason: '本人申请删除个人信息' });
    expect(res.statusCode, res.body).toBe(200);
    // At once, not at night: the state row and the worklist items of the hidden file are removed in the same request.
    expect(await count(sql`SELECT count(*)::int AS n FROM worklist_items WHERE person_id = ${personId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM person_service_state WHERE person_id = ${personId}`)).toBe(0);
    after = await sightings();
    expect(after).toEqual({
      registrationListed: false,
      registrationTotal: (before.registrationTotal as number) - 1,
      firstContactTotal: (before.firstContactTotal as number) - 1,
      registrationDetail: 404,
      certificate: 404,
      personRegistrations: 404,
      worklistItem: false,
      worklistTotal: (before.worklistTotal as number) - items,
      services: 404,
      serviceState: 404,
      applicationListed: false,
      applicationDetail: 404,
      applicationCard: 404,
      householdMember: false,
      searchHit: false,
      activeRegistrations: (before.activeRegistrations as number) - 1,
      findingListed: false,
      findingDetail: 404,
    });
  });

  it('the worklist count stays right even for items left behind (e.g. hidden before this release, until the night)', async () => {
    // Put an item back by hand, as an older release would have left it; the read must still not count it.
    await t.runtime.handle.query(
      sql`INSERT INTO worklist_items (person_id, kind, jurisdiction_code, due_on, service_type, channel, visible_from, pack_ref)
          VALUES (${personId}, 'first_contact', ${VILLAGE}, '2025-06-10', 'follow_up', 'phone', '2025-06-01', '')`,
    );
    const w = (await cw.get('/api/v1/worklist?limit=200')).json<Worklist>();
    expect(w.groups.some((g) => g.items.some((i) => i.personId === personId))).toBe(false);
    expect(w.total).toBe(after.worklistTotal);
  });

  it("only the operator's audited include-hidden view still finds the file", async () => {
    const listed = (await op.get(`/api/v1/persons?q=${idNumber}&includeHidden=true`)).json<{ items: { id: string; hidden: boolean }[] }>();
    expect(listed.items).toEqual([expect.objectContaining({ id: personId, hidden: true })]);
    expect((await op.get(`/api/v1/persons?q=${idNumber}`)).json().items).toEqual([]);
    expect((await cw.get(`/api/v1/persons?q=${idNumber}&includeHidden=true`)).statusCode).toBe(403);
  });
});
