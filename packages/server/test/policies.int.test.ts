/**
 * Policies, subsidies and training end to end (PGlite, or PostgreSQL with DATABASE_URL), fixed "today" 2025-06-10,
 * Xuchang (411002…, XC23): a training programme enrolment counted as a service and completed with a certificate
 * makes a registered person qualify for the XC23 四(三) training subsidy (the other one only "nearly", the missing
 * fact named); the candidate list and its xlsx; the push is idempotent (a re-run sends nothing and records nothing
 * new); the subsidy path with maker–checker; a claim outside the rule, a policy not in force, a person who does not
 * qualify and a duplicate are refused with the field and clause, writing nothing; the payment batch re-run with the
 * same key is the same batch and the same file; paid once, never exported again; the ledger shows the payment.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PoliciesRepository } from '../src/modules/policies/policies.repository.ts';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cw: Session; // caseworker.xuchang, 411002001001
let op: Session; // operator.xuchang, 411002000000 (maker)
let checker: Session; // operator.national (checker)
const VILLAGE = '411002001001';
const TODAY = '2025-06-10';
let seq = 300;
let commitment = '';

function idNumber(address: string, birth: string, sex: 'male' | 'female'): string {
  seq += 2;
  const order = String(sex === 'male' ? seq + 1 : seq).padStart(3, '0').slice(-3);
  const first17 = `${address}${birth.replaceAll('-', '')}${order}`;
  return first17 + residentIdCheckChar(first17);
}

async function newPerson(name: string, birth: string, sex: 'male' | 'female', register: boolean): Promise<string> {
  const res = await cw.post('/api/v1/persons', { idNumber: idNumber(VILLAGE.slice(0, 6), birth, sex), name, residence: { code: VILLAGE }, employmentStatus: 'unemployed', source: 'visit' });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json<{ file: { id: string } }>().file.id;
  if (register) {
    const r = await cw.post(`/api/v1/persons/${id}/registrations`, { placeBasis: 'residence', registeredOn: '2025-05-06', unemploymentReason: 'contract_ended', skills: [], intention: 'training', marks: [], commitment: { version: commitment } });
    if (r.statusCode !== 201) throw new Error(r.body);
  }
  return id;
}

async function count(q: ReturnType<typeof sql>): Promise<number> {
  const rows = await t.runtime.handle.query<{ n: number }>(q);
  return Number(rows[0]?.n ?? 0);
}

let trained = '';
let enrolledOnly = '';
let unregistered = '';
let applicationId = '';
let programmeIdShared = '';

beforeAll(async () => {
  t = await createTestApp({ persons: 40, today: TODAY });
  [cw, op, checker] = await Promise.all([t.login('caseworker.xuchang'), t.login('operator.xuchang'), t.login('operator.national')]);
  commitment = (await cw.get('/api/v1/registration-commitment')).json<{ current: { version: string } }>().current.version;
  trained = await newPerson('培训甲', '1990-03-01', 'female', true);
  enrolledOnly = await newPerson('培训乙', '1988-07-01', 'male', true);
  unregistered = await newPerson('未登记丙', '1992-01-01', 'male', false);
});
afterAll(async () => {
  t?.runtime.services.clock.set(null);
  await t?.close();
});

describe('catalogue', () => {
  it('lists the policies in force for Xuchang, regional ones replacing national ones, amounts marked unconfirmed', async () => {
    const res = await op.get('/api/v1/policies?jurisdiction=411002000000');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { id: string; source: string; amount: { status: string; text: string } }[] }>().items;
    const ids = items.map((p) => p.id);
    expect(ids).toContain('xc.training-subsidy');
    expect(ids).not.toContain('national.training-subsidy');
    const training = items.find((p) => p.id === 'xc.training-subsidy')!;
    expect(training.source).toBe('XC23 四(三)');
    expect(training.amount).toMatchObject({ status: 'unconfirmed', text: '最高 3000 元（未经核实）' });
  });
});

describe('training → qualifies', () => {
  let programmeId = '';
  it('publishes a programme; enrolment is counted as the training_recommendation service; completion records the certificate', async () => {
    const provider = await op.post('/api/v1/training/providers', { jurisdictionCode: '411002000000', name: '魏都区职业培训学校', address: '许昌市魏都区', phone: '0374-1234567' });
    expect(provider.statusCode, provider.body).toBe(201);
    const prog = await op.post('/api/v1/training/programmes', { providerId: provider.json().id, title: '育婴员（五级）', occupationCode: '4-10-01-02', level: '五级', startsOn: '2025-06-01', endsOn: '2025-06-08', place: '魏都区培训中心', seats: 2 });
    expect(prog.statusCode, prog.body).toBe(201);
    programmeId = prog.json().id;
    programmeIdShared = programmeId;
    for (const p of [trained, enrolledOnly]) {
      const e = await cw.post(`/api/v1/training/programmes/${programmeId}/enrol`, { personId: p });
      expect(e.statusCode, e.body).toBe(201);
      expect(e.json().serviceRecordId).toBeTruthy();
    }
    const full = await cw.post(`/api/v1/training/programmes/${programmeId}/enrol`, { personId: unregistered });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('TRAINING_FULL');
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE person_id = ${trained} AND type = 'training_recommendation'`)).toBe(1);
    const done = await cw.post(`/api/v1/training/programmes/${programmeId}/complete`, { personId: trained, certificateNo: 'XC-2025-0001' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'completed', completedOn: TODAY });
  });

  it("a person's policies: qualifies after completion, nearly without it (the missing fact named)", async () => {
    const yes = (await cw.get(`/api/v1/persons/${trained}/policies`)).json();
    const q = yes.qualifies.find((v: { policy: { id: string } }) => v.policy.id === 'xc.training-subsidy');
    expect(q.explanation.source).toBe('XC23 四(三)');
    const nearly = (await cw.get(`/api/v1/persons/${enrolledOnly}/policies`)).json();
    const n = nearly.nearly.find((v: { policy: { id: string } }) => v.policy.id === 'xc.training-subsidy');
    expect(n.missingFacts).toEqual(['training.completedOn']);
    const no = (await cw.get(`/api/v1/persons/${unregistered}/policies`)).json();
    const x = no.not.find((v: { policy: { id: string } }) => v.policy.id === 'xc.training-subsidy');
    expect(x.failed.join()).toContain('有效的失业/求职登记');
  });
});

describe('candidates and push', () => {
  it('lists candidates who qualify and exports them as xlsx (masked, audited)', async () => {
    const res = await op.get('/api/v1/policies/xc.training-subsidy/candidates?jurisdiction=411002000000&pageSize=500');
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<{ items: { personId: string; idNumberMasked: string }[] }>().items.map((i) => i.personId);
    expect(ids).toContain(trained);
    expect(ids).not.toContain(enrolledOnly);
    const xlsx = await op.get('/api/v1/policies/xc.training-subsidy/candidates.xlsx?jurisdiction=411002000000');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'policy-candidates.export'`)).toBe(1);
  });

  it('pushes once: outbox message and policy_briefing service; a re-run sends and records nothing new', async () => {
    const first = await op.post('/api/v1/policies/xc.training-subsidy/push', { jurisdiction: '411002000000', personIds: [trained] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ candidates: 1, pushed: 1, alreadyPushed: 0, servicesRecorded: 1, notCounted: 0 });
    const again = await op.post('/api/v1/policies/xc.training-subsidy/push', { jurisdiction: '411002000000', personIds: [trained] });
    expect(again.json()).toMatchObject({ candidates: 1, pushed: 0, alreadyPushed: 1 });
    expect(await count(sql`SELECT count(*)::int AS n FROM notifications WHERE person_id = ${trained} AND template_id = 'policy.pushed'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM service_records WHERE person_id = ${trained} AND type = 'policy_briefing'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM policy_pushes WHERE person_id = ${trained}`)).toBe(1);
    // The push names its outbox message.
    expect(await count(sql`SELECT count(*)::int AS n FROM policy_pushes p JOIN notifications n ON n.id = p.notification_id WHERE p.person_id = ${trained} AND n.template_id = 'policy.pushed'`)).toBe(1);
    const file = (await cw.get(`/api/v1/persons/${trained}/policies`)).json();
    expect(file.qualifies.find((v: { policy: { id: string } }) => v.policy.id === 'xc.training-subsidy').pushedOn).toBe(TODAY);
  });
});

describe('subsidy: apply, maker–checker, pay once', () => {
  it('refuses with the field and clause, writing nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM subsidy_applications`);
    const over = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: trained, channel: 'operator', claim: { yuan: 3001 } });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.field).toBe('body.claim.yuan');
    expect(over.json().error.message).toContain('XC23 四(三)');
    const notInForce = await op.post('/api/v1/subsidy-applications', { policyId: 'cq.tax-relief', personId: trained, claim: {} });
    expect(notInForce.statusCode).toBe(422);
    expect(notInForce.json().error).toMatchObject({ code: 'POLICY_NOT_IN_FORCE', field: 'body.policyId' });
    const notEligible = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: unregistered, claim: { yuan: 100 } });
    expect(notEligible.statusCode).toBe(422);
    expect(notEligible.json().error.code).toBe('POLICY_NOT_ELIGIBLE');
    expect(notEligible.json().error.message).toContain('XC23 四(三)');
    expect(await count(sql`SELECT count(*)::int AS n FROM subsidy_applications`)).toBe(before);
  });

  it('applies from the candidate list; the maker proposes the computed amount; the same user cannot confirm; another does', async () => {
    const res = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: trained, channel: 'operator', claim: { yuan: 2500 } });
    expect(res.statusCode, res.body).toBe(201);
    applicationId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'submitted', periodKey: '2025', verdict: 'qualifies', source: 'XC23 四(三)' });
    const dup = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: trained, claim: { yuan: 100 } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('SUBSIDY_DUPLICATE');
    expect(dup.json().error.message).toContain(res.json().applicationNo);

    const reviewed = await op.post(`/api/v1/subsidy-applications/${applicationId}/review`, { decision: 'approve' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ state: 'reviewed', amountYuan: 2500 });
    expect(reviewed.json().amountExplanation.text).toContain('上限 3000 元');
    const self = await op.post(`/api/v1/subsidy-applications/${applicationId}/confirm`, { agree: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toMatchObject({ code: 'SUBSIDY_SAME_REVIEWER', field: 'reviewer' });
    const ok = await checker.post(`/api/v1/subsidy-applications/${applicationId}/confirm`, { agree: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('approved');
  });

  it('a payment batch re-run with the same key is the same batch and the same file; paid once; never exported again', async () => {
    const key = 'batch-xc-2025-06-10';
    const b1 = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: key });
    expect(b1.statusCode, b1.body).toBe(200);
    expect(b1.json()).toMatchObject({ itemCount: 1, totalYuan: 2500, state: 'exported', replayed: false });
    const b2 = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: key });
    expect(b2.json()).toMatchObject({ id: b1.json().id, replayed: true, itemCount: 1 });
    const empty = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: 'batch-xc-second' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('PAYMENT_BATCH_EMPTY');
    expect(await count(sql`SELECT count(*)::int AS n FROM payment_batches`)).toBe(1);

    const id = b1.json().id as string;
    const f1 = await op.get(`/api/v1/payment-batches/${id}/file.csv`);
    const f2 = await op.get(`/api/v1/payment-batches/${id}/file.csv`);
    expect(f1.statusCode, f1.body).toBe(200);
    expect(f1.body).toBe(f2.body);
    const lines = f1.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('序号,批次号,申请编号,收款人类型,收款人名称,证件号码或统一社会信用代码,政策编号,政策版本,期间,金额（元）');
    expect(lines[1]).toMatch(/^1,ZF20250610-[0-9a-f]{8},BT20250610-.*,个人,培训甲,4110\*+\d{4},xc.training-subsidy,2023.1,2025,2500.00$/);
    expect(lines[2]).toMatch(/^合计,.*,1,.*,2500.00$/);

    const paid = await op.post(`/api/v1/payment-batches/${id}/paid`, {});
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'paid', paidOn: TODAY });
    const again = await op.get(`/api/v1/payment-batches/${id}/file.csv`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PAYMENT_BATCH_PAID', field: 'params.id' });
    expect((await op.post(`/api/v1/payment-batches/${id}/paid`, {})).statusCode).toBe(409);

    const ledger = (await op.get(`/api/v1/subsidy-ledger?personId=${trained}`)).json();
    expect(ledger.items).toHaveLength(1);
    expect(ledger.items[0]).toMatchObject({ state: 'paid', amountYuan: 2500, periodKey: '2025', paidOn: TODAY });
    expect(ledger.totalYuan).toBe(2500);

    const dup = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: trained, claim: { yuan: 10 } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain(`${TODAY} 发放`);
    expect(dup.json().error.details).toMatchObject({ earlierState: 'paid', earlierPaidOn: TODAY });
    // The person has received it this period: no longer a candidate.
    const cands = (await op.get('/api/v1/policies/xc.training-subsidy/candidates?jurisdiction=411002000000&pageSize=500')).json();
    expect(cands.items.map((i: { personId: string }) => i.personId)).not.toContain(trained);
  });
});

describe('employer subsidies', () => {
  it('an employer policy needs the employer; facts Bangfu does not hold leave it "nearly", named; one per employer, person and policy', async () => {
    const young = await newPerson('青年丁', '2003-02-01', 'male', true);
    const employer = { code: '91411002MA0000000X', name: '许昌某制造有限公司' };
    const hired = await cw.post(`/api/v1/persons/${young}/employment`, { employerName: employer.name, employerCreditCode: employer.code, startedOn: '2025-06-02', type: 'stable' });
    expect(hired.statusCode, hired.body).toBeLessThan(300);
    const noEmployer = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.hiring-subsidy', personId: young, claim: {} });
    expect(noEmployer.statusCode).toBe(400);
    expect(noEmployer.json().error.field).toBe('body.employer');
    const res = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.hiring-subsidy', personId: young, channel: 'employer', employer, claim: {} });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ beneficiary: 'employer', employer, periodKey: 'once', verdict: 'nearly' });
    expect(res.json().missingFacts).toEqual(expect.arrayContaining(['person.socialInsurancePaid']));
    const dup = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.hiring-subsidy', personId: young, channel: 'employer', employer, claim: {} });
    expect(dup.statusCode).toBe(409);
    const reviewed = await op.post(`/api/v1/subsidy-applications/${res.json().id}/review`, { decision: 'approve' });
    expect(reviewed.json()).toMatchObject({ amountYuan: 1500 });
    expect(reviewed.json().amountExplanation.text).toContain('未经核实');
  });
});

describe('a killed payment-batch export', () => {
  it('writes nothing; the re-run with the same key makes the batch once, and again returns the same one', async () => {
    const done = await cw.post(`/api/v1/training/programmes/${programmeIdShared}/complete`, { personId: enrolledOnly });
    expect(done.statusCode, done.body).toBe(200);
    const app = await op.post('/api/v1/subsidy-applications', { policyId: 'xc.training-subsidy', personId: enrolledOnly, channel: 'operator', claim: { yuan: 1800 } });
    expect(app.statusCode, app.body).toBe(201);
    expect((await op.post(`/api/v1/subsidy-applications/${app.json().id}/review`, { decision: 'approve' })).statusCode).toBe(200);
    expect((await checker.post(`/api/v1/subsidy-applications/${app.json().id}/confirm`, { agree: true })).json().state).toBe('approved');

    const batches = await count(sql`SELECT count(*)::int AS n FROM payment_batches`);
    const original = PoliciesRepository.prototype.createBatch;
    const kill = vi.spyOn(PoliciesRepository.prototype, 'createBatch').mockImplementation(async function (this: PoliciesRepository, ...args) {
      await original.apply(this, args);
      throw new Error('killed after taking the applications');
    });
    try {
      const killed = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: 'batch-xc-killed' });
      expect(killed.statusCode).toBe(500);
    } finally {
      kill.mockRestore();
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM payment_batches`)).toBe(batches);
    expect(await count(sql`SELECT count(*)::int AS n FROM subsidy_applications WHERE id = ${app.json().id} AND batch_id IS NULL AND state = 'approved'`)).toBe(1);

    const rerun = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: 'batch-xc-killed' });
    expect(rerun.statusCode, rerun.body).toBe(200);
    expect(rerun.json()).toMatchObject({ itemCount: 1, totalYuan: 1800, replayed: false });
    const again = await op.post('/api/v1/payment-batches', { jurisdiction: '411002000000', idempotencyKey: 'batch-xc-killed' });
    expect(again.json()).toMatchObject({ id: rerun.json().id, replayed: true });
    expect(await count(sql`SELECT count(*)::int AS n FROM payment_batches`)).toBe(batches + 1);
    expect(await count(sql`SELECT count(*)::int AS n FROM subsidy_applications WHERE batch_id = ${rerun.json().id}`)).toBe(1);
  });
});

describe('fund supervision', () => {
  it('the city supervisor sees approved and paid totals by policy, county and month', async () => {
    const sup = await t.login('supervisor.province');
    expect((await sup.get('/api/v1/subsidy-totals?jurisdiction=410000000000')).statusCode).toBe(403);
    const national = await checker.get('/api/v1/subsidy-totals?jurisdiction=410000000000');
    expect(national.statusCode, national.body).toBe(200);
    const rows = national.json().items as { policyId: string; county: string; month: string; state: string; count: number; totalYuan: number }[];
    expect(rows.find((r) => r.policyId === 'xc.training-subsidy' && r.state === 'paid')).toMatchObject({ county: '411002000000', month: '2025-06', count: 1, totalYuan: 2500 });
  });
});

describe('citizen portal', () => {
  it('policies for me are grouped with reasons; the citizen cannot apply for an employer subsidy', async () => {
    const citizen = await t.login('citizen');
    const res = await citizen.get('/api/v1/me/policies');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.qualifies.length + body.nearly.length + body.not.length).toBeGreaterThan(3);
    const staffOnly = await citizen.get('/api/v1/policies/xc.training-subsidy/candidates');
    expect(staffOnly.statusCode).toBe(403);
    const mine = await citizen.get('/api/v1/me/subsidy-applications');
    expect(mine.statusCode, mine.body).toBe(200);
  });
});
