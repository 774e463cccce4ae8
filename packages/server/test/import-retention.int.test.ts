/**
 * Issue 11 (trust, data at rest) for bulk imports (PGlite, or PostgreSQL with DATABASE_URL): the uploaded bytes are
 * stored encrypted and deleted when the job ends; the retention purge cancels uploads never started, deletes
 * expired rejected-rows reports (the API then answers 410) and encrypts chunks an earlier version stored in clear;
 * a backup carries no upload bytes in clear and is written 0600. Resume keeps working on encrypted chunks.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo } from '../src/modules/backup/backup.service.ts';
import { ImportsService, type JobView } from '../src/modules/imports/imports.service.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../src/modules/imports/synthetic.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let op: Session; // operator.county, 150102000000
const VILLAGES = ['150102001001', '150102001002'];
const work = mkdtempSync(join(tmpdir(), 'bangfu-retention-'));

beforeAll(async () => {
  t = await createTestApp({ persons: 50 });
  op = await t.login('operator.county');
});
afterAll(async () => {
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

function ledger(from: number, n: number, badEvery = 0): { data: Buffer; ids: string[]; phones: string[] } {
  const people = Array.from({ length: n }, (_, i) => syntheticPerson(from + i, VILLAGES, 700_000));
  const rows = people.map((p, i) => {
    const cells = personCells(p);
    // A wrong residence code makes a rejected row (kept, encrypted, for the report).
    if (badEvery > 0 && i % badEvery === 0) cells[5] = '999999999999';
    return cells;
  });
  return { data: encodeCsv(csvText(PERSON_HEADER, rows), 'utf-8'), ids: people.map((p) => p.idNumber), phones: people.map((p) => p.phone) };
}

async function upload(name: string, data: Buffer): Promise<JobView> {
  const res = await op.post(`/api/v1/imports?kind=persons&filename=${encodeURIComponent(name)}`, data, { 'content-type': 'application/octet-stream' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ job: JobView }>().job;
}

async function run(id: string): Promise<JobView> {
  const started = await op.post(`/api/v1/imports/${id}/start`);
  expect(started.statusCode, started.body).toBe(200);
  await t.runtime.services.imports.whenIdle();
  return (await op.get(`/api/v1/imports/${id}`)).json<JobView>();
}

async function chunks(jobId: string): Promise<{ data: Buffer; encrypted: boolean }[]> {
  const rows = await t.runtime.handle.query<{ data: Buffer | Uint8Array; encrypted: boolean }>(sql`SELECT data, encrypted FROM import_file_chunks WHERE job_id = ${jobId} ORDER BY seq`);
  return rows.map((r) => ({ data: Buffer.from(r.data), encrypted: r.encrypted }));
}

function holdsAny(haystack: Buffer, needles: readonly string[]): string[] {
  const text = haystack.toString('latin1');
  return needles.filter((n) => text.includes(n));
}

describe('uploaded import files at rest', () => {
  it('stores the upload encrypted, reads it back for the import, and deletes it when the job is done', async () => {
    const { data, ids, phones } = ledger(0, 120, 10);
    const job = await upload('encrypted.csv', data);
    const stored = await chunks(job.id);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((c) => c.encrypted)).toBe(true);
    for (const c of stored) expect(holdsAny(c.data, [...ids, ...phones])).toEqual([]);
    const done = await run(job.id);
    expect(done.state).toBe('done');
    expect(done.progress).toMatchObject({ total: 120, accepted: 108, rejected: 12, createdPersons: 108 });
    expect(await chunks(job.id)).toEqual([]);
    // The report is kept (rows encrypted in import_rejections) and says until when.
    expect(done.retention.reportPurgedAt).toBeNull();
    expect(Date.parse(done.retention.reportKeptUntil ?? '') - Date.parse(done.finishedAt ?? '')).toBe(30 * 86_400_000);
    const report = await op.get(`/api/v1/imports/${job.id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(ids[0]);
    // Re-uploading the same file answers the same job (idempotent) without needing the deleted bytes.
    const again = await op.post(`/api/v1/imports?kind=persons&filename=encrypted.csv`, data, { 'content-type': 'application/octet-stream' });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ job: JobView; existing: boolean }>()).toMatchObject({ existing: true, job: { id: job.id, state: 'done' } });
  });

  it('deletes the file of a cancelled job at once', async () => {
    const job = await upload('cancelled.csv', ledger(200, 5).data);
    expect((await chunks(job.id)).length).toBe(1);
    expect((await op.post(`/api/v1/imports/${job.id}/cancel`)).statusCode).toBe(200);
    expect(await chunks(job.id)).toEqual([]);
  });

  it('resumes an interrupted import from encrypted chunks, creating nobody twice', async () => {
    const { data, ids } = ledger(300, 600);
    const job = await upload('resume.csv', data);
    const rt = t.runtime;
    const first = new ImportsService(rt.handle, rt.services.cipher, rt.services.rules.registry, rt.services.clock, { batchSize: 50 });
    await first.repo.transition(job.id, ['pending'], { state: 'queued' });
    first.resume();
    for (let i = 0; i < 4000; i++) {
      if (((await first.repo.byId(job.id))?.processedRows ?? 0) >= 100) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.stop();
    expect((await first.repo.byId(job.id))?.state).toBe('running');
    expect((await chunks(job.id)).every((c) => c.encrypted)).toBe(true);
    const second = new ImportsService(rt.handle, rt.services.cipher, rt.services.rules.registry, rt.services.clock, { batchSize: 50 });
    second.resume();
    await second.whenIdle();
    await second.stop();
    const done = (await second.repo.byId(job.id))!;
    expect(done).toMatchObject({ state: 'done', processedRows: 600, createdPersons: 600 });
    const bidx = ids.map((id) => rt.services.cipher.blindIndex('id_number', id));
    const rows = await rt.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM persons WHERE id_number_bidx IN (${sql.join(bidx.map((b) => sql`${b}`), sql`, `)})`);
    expect(Number(rows[0]?.n)).toBe(600);
    expect(await chunks(job.id)).toEqual([]);
  });
});

describe('resume after a crash', () => {
  it('a job whose worker was killed (lease still live) is taken over when the lease lapses, within seconds', async () => {
    const { data } = ledger(5000, 80);
    const job = await upload('killed.csv', data);
    const rt = t.runtime;
    // As a killed worker leaves it: running, claimed by a process that no longer exists, lease not yet lapsed.
    await rt.handle.query(sql`UPDATE import_jobs SET state = 'running', lease_owner = 'killed-worker', lease_until = now() + interval '1500 milliseconds', run_started_at = now(), run_started_row = 0 WHERE id = ${job.id}`);
    const next = new ImportsService(rt.handle, rt.services.cipher, rt.services.rules.registry, rt.services.clock, { leaseMs: 1500 });
    const started = Date.now();
    next.resume();
    let state = '';
    while (Date.now() - started < 10_000) {
      state = (await next.repo.byId(job.id))?.state ?? '';
      if (state === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await next.whenIdle();
    await next.stop();
    expect(state).toBe('done');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await next.repo.byId(job.id))?.createdPersons).toBe(80);
  });
});

describe('the retention purge', () => {
  it('deletes expired reports (then 410), cancels uploads never started, encrypts chunks left in clear; a backup holds no clear upload and is 0600', async () => {
    const imports = t.runtime.services.imports;
    const { data, ids } = ledger(1000, 40, 4);
    const finished = await run((await upload('expiring.csv', data)).id);
    expect(finished.progress.rejected).toBe(10);
    const finishedAt = new Date(finished.finishedAt ?? '');

    // Within the period nothing goes.
    await imports.purge(new Date(finishedAt.getTime() + 29 * 86_400_000));
    expect((await op.get(`/api/v1/imports/${finished.id}/rejections`)).json<{ total: number }>().total).toBe(10);

    // An upload never started, and a chunk as an earlier version stored it (clear), in a job still pending.
    const idle = await upload('never-started.csv', ledger(2000, 5).data);
    await t.runtime.handle.query(sql`UPDATE import_jobs SET created_at = ${new Date(finishedAt.getTime() - 2 * 86_400_000).toISOString()}::timestamptz WHERE id = ${idle.id}`);
    const legacy = ledger(3000, 30);
    const recent = await upload('legacy.csv', legacy.data);
    await t.runtime.handle.query(sql`UPDATE import_file_chunks SET data = ${legacy.data}, encrypted = false WHERE job_id = ${recent.id}`);
    await t.runtime.handle.query(sql`UPDATE import_jobs SET created_at = ${new Date(finishedAt.getTime() + 10 * 86_400_000).toISOString()}::timestamptz WHERE id = ${recent.id}`);

    // A backup taken before any purge already leaves the clear chunk out, and is owner-only.
    const early = join(work, 'before-purge.bangfu.gz');
    await backupTo(t.runtime.handle, early);
    expect(statSync(early).mode & 0o777).toBe(0o600);
    expect(holdsAny(decodedBackup(early), legacy.ids)).toEqual([]);

    const result = await imports.purge(new Date(finishedAt.getTime() + 31 * 86_400_000));
    expect(result).toMatchObject({ staleUploads: 1, encryptedChunks: 1 });
    expect(result.reports).toBeGreaterThanOrEqual(1);

    const expired = await op.get(`/api/v1/imports/${finished.id}/rejections`, { 'accept-language': 'en' });
    expect(expired.statusCode).toBe(410);
    expect(expired.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'IMPORT_REPORT_EXPIRED',
      message: 'The rejected-rows report of this import was deleted after the retention period (30 days)',
    });
    expect((await op.get(`/api/v1/imports/${finished.id}/report.csv`)).statusCode).toBe(410);
    const view = (await op.get(`/api/v1/imports/${finished.id}`)).json<JobView>();
    expect(view.retention).toEqual({ reportKeptUntil: null, reportPurgedAt: new Date(finishedAt.getTime() + 31 * 86_400_000).toISOString() });
    expect(view.progress.rejected).toBe(10);
    const left = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM import_rejections WHERE job_id = ${finished.id}`);
    expect(Number(left[0]?.n)).toBe(0);

    const idleNow = (await op.get(`/api/v1/imports/${idle.id}`)).json<JobView>();
    expect(idleNow.state).toBe('cancelled');
    expect(idleNow.error?.code).toBe('IMPORT_RETENTION');
    expect(await chunks(idle.id)).toEqual([]);

    // The legacy chunk is encrypted now, and the job still imports from it.
    const legacyChunks = await chunks(recent.id);
    expect(legacyChunks.map((c) => c.encrypted)).toEqual([true]);
    expect(holdsAny(legacyChunks[0]!.data, legacy.ids)).toEqual([]);
    const done = await run(recent.id);
    expect(done).toMatchObject({ state: 'done', progress: { accepted: 30 } });

    // After the purge, a backup holds none of the uploads' ID numbers or phones in clear.
    const file = join(work, 'after-purge.bangfu.gz');
    await backupTo(t.runtime.handle, file);
    expect(holdsAny(decodedBackup(file), [...ids, ...legacy.ids])).toEqual([]);
  });
});

/** The backup's text with every bytea value (`\x…` hex in the JSON lines) decoded, so clear bytes show. */
function decodedBackup(file: string): Buffer {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const parts: Buffer[] = [Buffer.from(text, 'utf8')];
  for (const m of text.matchAll(/"\\\\x([0-9a-f]+)"/g)) parts.push(Buffer.from(m[1] ?? '', 'hex'));
  return Buffer.concat(parts);
}
