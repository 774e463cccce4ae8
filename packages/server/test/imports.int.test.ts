/**
 * Bulk import (issue 4): templates, encodings, idempotency, rejected rows with reasons, broken Excel files,
 * resume after a stop, and a 50 MB mixed-encoding CSV. Runs on PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '@bangfu/rules';
import { ImportsService, type JobView } from '../src/modules/imports/imports.service.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../src/modules/imports/synthetic.ts';
import { normalizeIdNumber } from '../src/security/field-cipher.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(join(here, 'fixtures', 'imports', name));

let t: TestApp;
let cw: Session; // caseworker, 150102001001 公主府社区
let op: Session; // operator.county, 150102000000

const VILLAGE = '150102001001';

beforeAll(async () => {
  t = await createTestApp({ persons: 200 });
  cw = await t.login('caseworker');
  op = await t.login('operator.county');
});
afterAll(async () => {
  await t?.close();
});

async function upload(s: Session, kind: string, fileName: string, data: Buffer) {
  return s.post(`/api/v1/imports?kind=${kind}&filename=${encodeURIComponent(fileName)}`, data, { 'content-type': 'application/octet-stream' });
}

/** Upload as multipart/form-data (what the console sends). */
async function uploadMultipart(s: Session, kind: string, fileName: string, data: Buffer) {
  const boundary = '----bangfu' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return s.post('/api/v1/imports', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

async function runJob(s: Session, id: string): Promise<JobView> {
  const started = await s.post(`/api/v1/imports/${id}/start`);
  expect(started.statusCode, started.body).toBe(200);
  await t.runtime.services.imports.whenIdle();
  const res = await s.get(`/api/v1/imports/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json<JobView>();
}

async function importFile(s: Session, kind: string, fileName: string, data: Buffer): Promise<JobView> {
  const res = await upload(s, kind, fileName, data);
  expect(res.statusCode, res.body).toBe(201);
  return runJob(s, res.json<{ job: JobView }>().job.id);
}

function bidx(id: string): string {
  return t.runtime.services.cipher.blindIndex('id_number', normalizeIdNumber(id));
}

async function personsWith(ids: readonly string[]): Promise<{ name: string; id_number_bidx: string; jurisdiction_code: string; employment_status: string }[]> {
  if (ids.length === 0) return [];
  const list = ids.map(bidx);
  return t.runtime.handle.query(sql`SELECT name, id_number_bidx, jurisdiction_code, employment_status FROM persons WHERE id_number_bidx IN (${sql.join(
    list.map((b) => sql`${b}`),
    sql`, `,
  )})`);
}

function id18(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

describe('templates', () => {
  it('the xlsx template has the Chinese headers, a code sheet, and imports back as it is', async () => {
    const res = await cw.get('/api/v1/imports/templates/persons.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['姓名', '公民身份号码', '性别', '出生日期', '联系电话', '居住地区划代码', '详细地址', '文化程度', '就业状态', '就业意愿', '人员标注']));
    expect(wb.worksheets[1]!.name).toBe('代码说明');

    const up = await uploadMultipart(cw, 'persons', 'persons-template.xlsx', res.rawPayload);
    expect(up.statusCode, up.body).toBe(201);
    const pending = up.json<{ job: JobView }>().job;
    expect(pending.state).toBe('pending');
    expect(pending.missingFields).toEqual([]);
    expect(pending.mapping.find((m) => m.field === 'idNumber')?.header).toBe('公民身份号码');
    const done = await runJob(cw, pending.id);
    expect(done.state).toBe('done');
    expect(done.progress).toMatchObject({ total: 1, processed: 1, accepted: 1, rejected: 0, createdPersons: 1, percent: 100 });
  });

  it('the registrations CSV template imports back with a registration', async () => {
    const res = await cw.get('/api/v1/imports/templates/registrations.csv');
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('\uFEFF姓名,')).toBe(true);
    expect(res.body).toContain('登记日期');
    expect(res.body).toContain('登记地类型');
    const job = await importFile(cw, 'registrations', 'registrations-template.csv', res.rawPayload);
    expect(job.state).toBe('done');
    // Same person as the persons template: the file is updated (status → unemployed), the registration created.
    expect(job.progress).toMatchObject({ accepted: 1, rejected: 0, createdRegistrations: 1 });
    const regs = await t.runtime.handle.query<{ registration_no: string; channel: string; first_contact_deadline: string | null }>(
      sql`SELECT registration_no, channel, first_contact_deadline::text FROM registrations WHERE channel = 'import'`,
    );
    expect(regs).toHaveLength(1);
    expect(regs[0]!.registration_no).toMatch(/^1501020010012025\d{6}$/);
    expect(regs[0]!.first_contact_deadline).not.toBeNull();
  });
});
