/**
 * Issue 11 "Trust first", comparison slice: per-jurisdiction header mappings, no match oracle for partners, audited
 * out-of-scope run reads, partner files encrypted at rest with a retention, refused uploads never kept, interrupted
 * runs resumed at start, CLI imports for a user / jurisdiction, employer names asked for on confirm.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { residentIdCheckChar } from '@bangfu/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';
import { csv, upload } from './support/comparison.ts';
import { createComparisonService } from '../src/modules/comparison/comparison.service.ts';
import { isEncrypted } from '../src/modules/comparison/files.ts';

let t: TestApp;
let op: Session; // operator.county 150102000000
let xc: Session; // operator.xuchang 411002000000
let partner: Session; // partner.city 150100000000
const work = mkdtempSync(join(tmpdir(), 'bangfu-cmp-trust-'));

interface Reg {
  personId: string;
  registrationId: string;
  registeredOn: string;
  idNumber: string;
  name: string;
}
let regs: Reg[] = [];




function outsiderId(n: number): string {
  const first17 = `150102198${String(n % 10)}0202${String(500 + n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

function badCheck(id: string): string {
  return id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
}

function ym(date: string, addMonths: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + addMonths;
  return `${y + Math.floor(m / 12)}${String(((m % 12) + 12) % 12 + 1).padStart(2, '0')}`;
}

const workDir = () => join(t.runtime.config.dataDir, 'comparison');
// Files of this test process only (test files run in parallel processes sharing the data directory; every file the
// slice writes carries its process id).
const filesNow = () => (existsSync(workDir()) ? readdirSync(workDir()) : []).filter((f) => f.includes(`.${process.pid}.`));

async function audits(action: string, resourceId: string) {
  return t.runtime.handle.query<{ outcome: string; resource_type: string; detail: { reason?: string; status?: number } }>(
    sql`SELECT outcome, resource_type, detail FROM audit_log WHERE action = ${action} AND resource_id = ${resourceId} ORDER BY id`,
  );
}

beforeAll(async () => {
  t = await createTestApp({ persons: 300 });
  op = await t.login('operator.county');
  xc = await t.login('operator.xuchang');
  partner = await t.login('partner.city');
  const cipher = t.runtime.services.cipher;
  const rows = await t.runtime.handle.query<{ person_id: string; id: string; registered_on: string; id_number_enc: string; name: string }>(sql`
    SELECT r.person_id, r.id, r.registered_on::text AS registered_on, p.id_number_enc, p.name
      FROM registrations r JOIN persons p ON p.id = r.person_id
     WHERE r.state = 'active' AND r.kind = 'unemployment' AND p.jurisdiction_code LIKE '150102%'
     ORDER BY r.registered_on LIMIT 4`);
  regs = rows.map((r) => ({ personId: r.person_id, registrationId: r.id, registeredOn: r.registered_on, idNumber: cipher.decrypt(r.id_number_enc), name: r.name }));
  expect(regs).toHaveLength(4);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('header mappings belong to a jurisdiction', () => {
  it("Xuchang saving its mapping for 社保中心 leaves Hohhot's in force; the nearest mapping on the path is used", async () => {
    const a = regs[0]!;
    expect((await op.post('/api/v1/comparison/mappings/社保中心/social_insurance', { mapping: { id_number: 'SFZH', name: 'XM', month: 'JFNY' } })).statusCode).toBe(200);
    expect((await xc.post('/api/v1/comparison/mappings/社保中心/social_insurance', { mapping: { id_number: 'ZJHM', name: 'XINGMING', month: 'NY' } })).statusCode).toBe(200);
    expect((await op.get('/api/v1/comparison/mappings/社保中心/social_insurance')).json()).toEqual({ mapping: { id_number: 'SFZH', name: 'XM', month: 'JFNY' } });
    expect((await xc.get('/api/v1/comparison/mappings/社保中心/social_insurance')).json()).toEqual({ mapping: { id_number: 'ZJHM', name: 'XINGMING', month: 'NY' } });
    // Hohhot's next upload still reads its own headers.
    const res = await upload(op, 'social_insurance', 'hohhot.csv', csv(['SFZH,XM,JFNY', `${a.idNumber},${a.name},${ym(a.registeredOn, 1)}`]), { partner: '社保中心' });
    expect(res.statusCode, res.body).toBe(201);
    await t.runtime.services.comparison.idle();
    expect((await op.get(`/api/v1/comparison/runs/${res.json<{ id: string }>().id}`)).json()).toMatchObject({ state: 'done', rowsRejected: 0 });
    // A city-level mapping serves the city's other counties' users (partner.city sits at the city) but not the county
    // that has its own; the county's caseworkers are not affected by the city either.
    expect((await (await t.login('operator.city')).post('/api/v1/comparison/mappings/社保中心/social_insurance', { mapping: { id_number: 'CITY_ID', name: 'CITY_NAME', month: 'CITY_MONTH' } })).statusCode).toBe(200);
    expect((await partner.get('/api/v1/comparison/mappings/社保中心/social_insurance')).json()).toEqual({ mapping: { id_number: 'CITY_ID', name: 'CITY_NAME', month: 'CITY_MONTH' } });
    expect((await op.get('/api/v1/comparison/mappings/社保中心/social_insurance')).json()).toMatchObject({ mapping: { id_number: 'SFZH' } });
    const stored = await t.runtime.handle.query<{ jurisdiction_code: string }>(sql`SELECT jurisdiction_code FROM comparison_mappings WHERE partner = '社保中心' ORDER BY jurisdiction_code`);
    expect(stored.map((r) => r.jurisdiction_code)).toEqual(['150100000000', '150102000000', '411002000000']);
  });
});

describe('partners learn nothing about who is registered', () => {
  it('a one-row file of a registered and of an unknown person answer the same: rows read and rejected only', async () => {
    const known = regs[1]!;
    const shapes: unknown[] = [];
    for (const [i, id] of [known.idNumber, outsiderId(7)].entries()) {
      const res = await upload(partner, 'death', `probe-${i}.csv`, csv(['公民身份号码,姓名,死亡日期', `${id},某人,${known.registeredOn}`]));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ registrants: null, matches: null, findingsCreated: null });
      await t.runtime.services.comparison.idle();
      const runId = res.json<{ id: string }>().id;
      const detail = (await partner.get(`/api/v1/comparison/runs/${runId}`)).json<Record<string, unknown>>();
      const listed = (await partner.get('/api/v1/comparison/runs')).json<{ items: Record<string, unknown>[] }>().items.find((r) => r.id === runId)!;
      const again = await upload(partner, 'death', `probe-${i}-again.csv`, csv(['公民身份号码,姓名,死亡日期', `${id},某人,${known.registeredOn}`]));
      expect(again.statusCode).toBe(200);
      for (const r of [detail, listed, again.json<Record<string, unknown>>()]) {
        expect(r).toMatchObject({ state: 'done', rowsRead: 1, rowsRejected: 0, registrants: null, matches: null, findingsCreated: null, timings: null });
        shapes.push({ ...r, id: null, fileName: null, contentSha256: null, createdAt: null, startedAt: null, claimedAt: null, finishedAt: null, sizeBytes: null });
      }
      // Staff with findings access see the counts of the same run.
      const staff = (await (await t.login('supervisor.city')).get(`/api/v1/comparison/runs/${runId}`)).json<{ findingsCreated: number | null }>();
      expect(staff.findingsCreated).toBe(i === 0 ? 1 : 0);
    }
    expect(shapes[0]).toEqual(shapes[3]);
  });
});

describe('refused reads of runs are audited', () => {
  it('another user’s run and another jurisdiction’s run answer 404 and leave a denied entry with the reason', async () => {
    const res = await upload(op, 'death', 'op-run.csv', csv(['公民身份号码,姓名,死亡日期', `${badCheck(outsiderId(11))},甲,2025-01-01`, `${outsiderId(12)},乙,2025-01-02`]));
    const id = res.json<{ id: string }>().id;
    await t.runtime.services.comparison.idle();
    expect((await partner.get(`/api/v1/comparison/runs/${id}`)).statusCode).toBe(404);
    expect((await partner.get(`/api/v1/comparison/runs/${id}/rejected.csv`)).statusCode).toBe(404);
    expect((await xc.get(`/api/v1/comparison/runs/${id}`)).statusCode).toBe(404);
    expect((await xc.get(`/api/v1/comparison/runs/${id}/rejected.csv`)).statusCode).toBe(404);
    expect((await xc.post(`/api/v1/comparison/runs/${id}/cancel`, {})).statusCode).toBe(404);
    const reads = await audits('comparison.run.read', id);
    expect(reads.map((r) => [r.outcome, r.resource_type, r.detail.reason, r.detail.status])).toEqual([
      ['denied', 'comparison_run', 'not_own_run', 404],
      ['denied', 'comparison_run', 'out_of_scope', 404],
    ]);
    expect((await audits('comparison.run.rejected', id)).map((r) => [r.outcome, r.detail.reason])).toEqual([
      ['denied', 'not_own_run'],
      ['denied', 'out_of_scope'],
    ]);
    expect((await audits('comparison.run.cancel', id)).map((r) => [r.outcome, r.detail.reason])).toEqual([['denied', 'out_of_scope']]);
  });
});

describe('partner files at rest', () => {
  it('an upload is kept encrypted (0600) until its run ends; DuckDB reads a temp copy that is deleted', async () => {
    const cmp = t.runtime.services.comparison;
    const a = regs[2]!;
    const plain = join(work, 'upload-copy.csv');
    writeFileSync(plain, csv(['公民身份号码,姓名,入伍日期', `${a.idNumber},${a.name},${a.registeredOn}`]));
    const owned = join(work, 'owned.csv');
    copyFileSync(plain, owned);
    // importFile as the upload route calls it (the server owns the file), without waking the worker.
    const { run } = await cmp.importFile({ userId: null, username: 'test', jurisdictionCode: '150102000000' }, { kind: 'military', partner: '', path: owned, fileName: 'military.csv', owned: true });
    expect(existsSync(owned)).toBe(false);
    expect(run.filePath!.startsWith(workDir())).toBe(true);
    const stored = readFileSync(run.filePath!);
    expect(stored.includes(Buffer.from(a.idNumber))).toBe(false);
    expect(stored.includes(Buffer.from(a.name))).toBe(false);
    expect(await isEncrypted(run.filePath!)).toBe(true);
    expect(statSync(run.filePath!).mode & 0o777).toBe(0o600);
    const done = await cmp.execute(run.id);
    expect(done).toMatchObject({ state: 'done', rowsRead: 1, findingsCreated: 1 });
    expect(done.timings).toHaveProperty('decrypt');
    expect(existsSync(run.filePath!)).toBe(false);
    expect(run.filePath!).toContain(`.${process.pid}.`);
    expect(filesNow().filter((f) => f.endsWith('.plain'))).toEqual([]);
  });

  it('rejected-row data is deleted once the run finished longer ago than the retention (30 days by default)', async () => {
    const cmp = t.runtime.services.comparison;
    const ids: string[] = [];
    for (const n of [21, 22]) {
      const res = await upload(op, 'death', `ret-${n}.csv`, csv(['公民身份号码,姓名,死亡日期', `${badCheck(outsiderId(n))},甲,2025-01-01`]));
      ids.push(res.json<{ id: string }>().id);
    }
    await cmp.idle();
    t.runtime.services.clock.set(new Date('2026-03-01T04:00:00Z'));
    try {
      await cmp.repo.updateRun(ids[0]!, { finishedAt: new Date('2026-01-29T00:00:00Z') }); // 31 days before
      await cmp.repo.updateRun(ids[1]!, { finishedAt: new Date('2026-02-01T00:00:00Z') }); // 28 days before
      const count = async (id: string) => (await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM comparison_rejected_rows WHERE run_id = ${id}`))[0]!.n;
      expect([await count(ids[0]!), await count(ids[1]!)]).toEqual([1, 1]);
      expect(await cmp.applyRetention()).toBe(1);
      expect([await count(ids[0]!), await count(ids[1]!)]).toEqual([0, 1]);
    } finally {
      t.runtime.services.clock.set(null);
    }
  });
});

describe('refused uploads are never kept', () => {
  it('an unknown kind or a bad mapping is refused before the body is written; partial temp files of a dead process are swept at start', async () => {
    const before = filesNow();
    const bad = await upload(op, 'horoscope', 'x.csv', csv(['公民身份号码,姓名', `${regs[0]!.idNumber},某人`]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'kind' } });
    const badMap = await upload(op, 'death', 'x.csv', csv(['公民身份号码,姓名', `${regs[0]!.idNumber},某人`]), { mapping: '{not json' });
    expect(badMap.json()).toMatchObject({ error: { field: 'mapping' } });
    const wrong = await upload(op, 'death', 'wrong.csv', csv(['甲,乙', `${regs[0]!.idNumber},某人`]));
    expect(wrong.json()).toMatchObject({ error: { code: 'COMPARISON_COLUMNS_MISSING' } });
    expect(filesNow().filter((f) => !before.includes(f))).toEqual([]);

    mkdirSync(workDir(), { recursive: true });
    const orphan = join(workDir(), 'upload.999999999.deadbeef.0123456789ab.part');
    writeFileSync(orphan, `${regs[0]!.idNumber}\n`);
    // A refused upload kept in clear by an earlier version, and one a queued run of that version still reads.
    const legacy = join(workDir(), 'upload-00000000-0000-4000-8000-000000000001');
    const legacyLive = join(workDir(), 'upload-00000000-0000-4000-8000-000000000002');
    writeFileSync(legacy, `${regs[0]!.idNumber}\n`);
    writeFileSync(legacyLive, csv(['公民身份号码,姓名,死亡日期', `${outsiderId(51)},甲,2025-01-01`]));
    const queued = await t.runtime.services.comparison.repo.insertRun({ datasetKind: 'death', partner: 'legacy', fileName: 'legacy.csv', format: 'csv', encoding: 'utf-8', contentSha256: 'legacy-sha', sizeBytes: 10, filePath: legacyLive, state: 'queued', phase: 'queued', headers: ['公民身份号码', '姓名', '死亡日期'], mapping: { id_number: '公民身份号码', name: '姓名', died_on: '死亡日期' }, options: { ownedFiles: [legacyLive] }, jurisdictionCode: '150102000000', createdByName: 'test' });
    const restarted = createComparisonService(t.runtime.config, t.runtime.handle.db, t.runtime.services.cipher, t.runtime.services.rules.registry, t.runtime.services, t.runtime.services.clock);
    restarted.start();
    await restarted.idle();
    await restarted.stop();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    // The queued run still had its file when it ran (then deleted it, as every run does with its own files).
    expect(await t.runtime.services.comparison.repo.run(queued.run.id)).toMatchObject({ state: 'done', rowsRead: 1 });
    expect(existsSync(legacyLive)).toBe(false);
  });
});

describe('a run interrupted by a crash', () => {
  it('is resumed at start (not when its lease runs out) and completes', async () => {
    const cmp = t.runtime.services.comparison;
    const d = regs[3]!;
    const path = join(work, 'school.csv');
    writeFileSync(path, csv(['公民身份号码,姓名,学校名称,入学日期', `${d.idNumber},${d.name},职业技术学院,${d.registeredOn}`]));
    const { run } = await cmp.importFile({ userId: null, username: 'test', jurisdictionCode: '150102000000' }, { kind: 'school_enrolment', partner: '', path, fileName: 'school.csv', owned: false });
    // As `kill -9` leaves it: running, its lease held by a process of this host that is gone, for 30 s more.
    await cmp.repo.updateRun(run.id, { state: 'running', phase: 'read', leaseOwner: `${hostname()}:${process.pid}:deadbeef`, leaseUntil: new Date(Date.now() + 30_000), attempts: 1 });
    const restarted = createComparisonService(t.runtime.config, t.runtime.handle.db, t.runtime.services.cipher, t.runtime.services.rules.registry, t.runtime.services, t.runtime.services.clock);
    const started = Date.now();
    restarted.start();
    await restarted.idle();
    await restarted.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await cmp.repo.run(run.id)).toMatchObject({ state: 'done', findingsCreated: 1, attempts: 2 });
  });
});

describe('CLI imports', () => {
  it('run for the user and jurisdiction given; national runs are seen by operator.national', async () => {
    const cmp = t.runtime.services.comparison;
    expect(await cmp.cliUploader({})).toMatchObject({ userId: null, username: 'cli', jurisdictionCode: '000000000000' });
    expect(await cmp.cliUploader({ user: 'operator.county' })).toMatchObject({ username: 'operator.county', jurisdictionCode: '150102000000' });
    expect(await cmp.cliUploader({ user: 'operator.county', jurisdiction: '150102001000' })).toMatchObject({ jurisdictionCode: '150102001000' });
    await expect(cmp.cliUploader({ user: 'operator.county', jurisdiction: '411002000000' })).rejects.toMatchObject({ field: '--jurisdiction' });
    await expect(cmp.cliUploader({ jurisdiction: '999999999999' })).rejects.toMatchObject({ field: '--jurisdiction' });
    await expect(cmp.cliUploader({ user: 'caseworker' })).rejects.toMatchObject({ field: '--user' });
    await expect(cmp.cliUploader({ user: 'nobody' })).rejects.toMatchObject({ field: '--user' });

    const path = join(work, 'cli-death.csv');
    writeFileSync(path, csv(['公民身份号码,姓名,死亡日期', `${outsiderId(31)},甲,2025-01-01`]));
    const national = await cmp.importFile(await cmp.cliUploader({}), { kind: 'death', partner: '', path, fileName: 'cli-death.csv', owned: false });
    const county = await cmp.importFile(await cmp.cliUploader({ user: 'operator.county' }), { kind: 'death', partner: '', path, fileName: 'cli-death.csv', owned: false });
    const nationalOp = await t.login('operator.national');
    const seen = (await nationalOp.get('/api/v1/comparison/runs?limit=200')).json<{ items: { id: string }[] }>().items.map((r) => r.id);
    expect(seen).toEqual(expect.arrayContaining([national.run.id, county.run.id]));
    const countySeen = (await op.get('/api/v1/comparison/runs?limit=200')).json<{ items: { id: string; createdByName: string }[] }>().items;
    expect(countySeen.find((r) => r.id === county.run.id)?.createdByName).toBe('operator.county');
    expect(countySeen.some((r) => r.id === national.run.id)).toBe(false);
  });
});

describe('employer names', () => {
  it('a file with the credit code only proposes no name; confirming asks for it (422 body.employerName) and records it', async () => {
    const [a] = await t.runtime.handle.query<{ person_id: string; id_number_enc: string; name: string; registered_on: string }>(sql`
      SELECT r.person_id, p.id_number_enc, p.name, r.registered_on::text AS registered_on
        FROM registrations r JOIN persons p ON p.id = r.person_id
       WHERE r.state = 'active' AND r.kind = 'unemployment' AND p.jurisdiction_code LIKE '150102%'
       ORDER BY r.registered_on DESC LIMIT 1`);
    const id = t.runtime.services.cipher.decrypt(a!.id_number_enc);
    const res = await upload(op, 'social_insurance', 'si-code-only.csv', csv(['公民身份号码,姓名,统一社会信用代码,缴费年月', `${id},${a!.name},91150102MA0N000009,${ym(a!.registered_on, 1)}`]));
    expect(res.statusCode).toBe(201);
    await t.runtime.services.comparison.idle();
    const runId = res.json<{ id: string }>().id;
    const f = (await op.get(`/api/v1/comparison/findings?runId=${runId}`)).json<{ items: { id: string; proposedAction: Record<string, unknown> }[] }>().items[0]!;
    expect(f.proposedAction).toMatchObject({ type: 'employment_registration', employerName: null, employerCreditCode: '91150102MA0N000009' });
    const without = await op.post(`/api/v1/comparison/findings/${f.id}/confirm`, {});
    expect(without.statusCode).toBe(422);
    expect(without.json()).toMatchObject({ error: { code: 'COMPARISON_EMPLOYER_NAME_REQUIRED', field: 'body.employerName' } });
    expect(without.json<{ error: { message: string } }>().error.message).toContain('employerName');
    expect((await op.get(`/api/v1/comparison/findings/${f.id}`)).json()).toMatchObject({ state: 'pending' });
    const ok = await op.post(`/api/v1/comparison/findings/${f.id}/confirm`, { employerName: '青城建设有限公司' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'confirmed', applied: { employerName: '青城建设有限公司' } });
    const emp = await t.runtime.handle.query<{ employer_name: string }>(sql`SELECT employer_name FROM employment_registrations WHERE person_id = ${a!.person_id} ORDER BY created_at DESC LIMIT 1`);
    expect(emp[0]?.employer_name).toBe('青城建设有限公司');
  });
});
