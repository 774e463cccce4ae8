/**
 * Bulk import (issue 4): templates, encodings, idempotency, rejected rows with reasons, broken Excel files,
 * resume after a stop, and a 50 MB mixed-encoding CSV. Runs on PGlite and (with DATABASE_URL) PostgreSQL.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '@bangfu/rules';
import { csvLine } from '../src/modules/imports/files.ts';
import { ImportsService, type JobView } from '../src/modules/imports/imports.service.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../src/modules/imports/synthetic.ts';
import { normalizeIdNumber } from '../src/security/field-cipher.ts';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

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
    await wb.xlsx.load(new Uint8Array(res.rawPayload).buffer);
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

describe('encodings and idempotency', () => {
  const people = Array.from({ length: 8 }, (_, i) => syntheticPerson(i, [VILLAGE], 7_000));
  const rows = people.map((p) => personCells(p));

  it('UTF-8 (BOM) and GBK files with the same data give the same persons, once', async () => {
    const text = csvText(PERSON_HEADER, rows.slice(0, 5));
    const utf8 = await importFile(cw, 'persons', 'ledger-utf8.csv', encodeCsv(text, 'utf-8-bom'));
    expect(utf8.encoding).toBe('utf-8');
    expect(utf8.progress).toMatchObject({ total: 5, accepted: 5, rejected: 0, createdPersons: 5 });
    const gbk = await importFile(cw, 'persons', 'ledger-gbk.csv', encodeCsv(text, 'gbk'));
    expect(gbk.encoding).toBe('gbk');
    expect(gbk.progress).toMatchObject({ total: 5, accepted: 5, rejected: 0, createdPersons: 0, updatedPersons: 0, unchanged: 5 });
    const stored = await personsWith(people.slice(0, 5).map((p) => p.idNumber));
    expect(stored).toHaveLength(5);
    expect(stored.map((r) => r.name).sort()).toEqual(people.slice(0, 5).map((p) => p.name).sort());
    // The raw table holds no plaintext ID number.
    const raw = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM persons WHERE id_number_enc LIKE ${'%' + people[0]!.idNumber + '%'} OR id_number_masked = ${people[0]!.idNumber}`);
    expect(raw[0]!.n).toBe(0);
  });

  it('re-uploading the same file answers the same job and writes nothing', async () => {
    const data = encodeCsv(csvText(PERSON_HEADER, rows.slice(0, 5)), 'utf-8-bom');
    const before = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM person_events`);
    const again = await upload(cw, 'persons', 'renamed-copy.csv', data);
    expect(again.statusCode).toBe(200);
    const body = again.json<{ job: JobView; existing: boolean }>();
    expect(body.existing).toBe(true);
    expect(body.job.fileName).toBe('ledger-utf8.csv');
    expect(body.job.state).toBe('done');
    const after = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM person_events`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('an overlapping file creates only the new persons and updates only what changed', async () => {
    // Persons 3 and 4 are on file (4 with a changed status), 5–7 are new.
    const overlap = [rows[3]!, personCells(people[4]!, { status: '灵活就业' }), ...rows.slice(5, 8)];
    const job = await importFile(cw, 'persons', 'ledger-2.csv', encodeCsv(csvText(PERSON_HEADER, overlap), 'utf-8'));
    expect(job.progress).toMatchObject({ accepted: 5, rejected: 0, createdPersons: 3, updatedPersons: 1, unchanged: 1 });
    const stored = await personsWith(people.map((p) => p.idNumber));
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((r) => r.id_number_bidx)).size).toBe(8);
    expect(stored.find((r) => r.id_number_bidx === bidx(people[4]!.idNumber))?.employment_status).toBe('flexible');
    const events = await t.runtime.handle.query<{ kind: string; source: string }>(
      sql`SELECT e.kind, e.source FROM person_events e JOIN persons p ON p.id = e.person_id WHERE p.id_number_bidx = ${bidx(people[4]!.idNumber)} ORDER BY e.at`,
    );
    expect(events.map((e) => e.kind)).toEqual(['created', 'updated']);
    expect(events.every((e) => e.source === 'import')).toBe(true);
  });
});

describe('rejected rows', () => {
  it('rejects bad rows with the column and reason, writes none of them, and reports them', async () => {
    const ok = syntheticPerson(1, [VILLAGE], 8_000);
    const badCheck = syntheticPerson(2, [VILLAGE], 8_000);
    const wrongCheck = badCheck.idNumber.slice(0, 17) + (badCheck.idNumber.endsWith('0') ? '1' : '0');
    const future = id18('15010220990101123');
    const header = [...PERSON_HEADER];
    const rows = [
      personCells(ok),
      [...personCells(badCheck).slice(0, 1), wrongCheck, ...personCells(badCheck).slice(2)],
      ['未来人', future, '男', '', '13900001111', VILLAGE, '', '高中', '失业', '', ''],
      personCells(syntheticPerson(3, [VILLAGE], 8_000)).map((c, i) => (i === 5 ? '150102001999' : c)),
      personCells(syntheticPerson(4, [VILLAGE], 8_000)).map((c, i) => (i === 5 ? '411002001001' : c)),
      personCells(syntheticPerson(5, [VILLAGE], 8_000), { status: '待业中' }),
      personCells(syntheticPerson(6, [VILLAGE], 8_000), { marks: '大龄' }),
      personCells(ok), // the same person twice in one file
    ];
    const job = await importFile(cw, 'persons', 'bad-rows.csv', encodeCsv(csvText(header, rows), 'utf-8'));
    expect(job.progress).toMatchObject({ total: 8, accepted: 1, rejected: 7, createdPersons: 1 });

    const list = await cw.get(`/api/v1/imports/${job.id}/rejections`, { 'accept-language': 'en' });
    const items = list.json<{ items: { row: number; issues: { column: string; message: string }[] }[] }>().items;
    const byRow = new Map(items.map((i) => [i.row, i.issues]));
    expect(byRow.get(3)?.[0]).toMatchObject({ column: '公民身份号码' });
    expect(byRow.get(3)?.[0]?.message).toMatch(/check character/);
    expect(byRow.get(4)?.map((i) => i.message).join()).toMatch(/after|future/);
    expect(byRow.get(5)?.[0]).toMatchObject({ column: '居住地区划代码', message: 'division code 150102001999 does not exist' });
    expect(byRow.get(6)?.[0]).toMatchObject({ column: '居住地区划代码', message: 'jurisdiction 411002001001 is outside your area' });
    expect(byRow.get(7)?.[0]?.message).toMatch(/"待业中" is not a valid employment status/);
    expect(byRow.get(8)?.[0]?.message).toMatch(/derived/);
    expect(byRow.get(9)?.[0]?.message).toMatch(/same document number as row 2/);

    const written = await personsWith([wrongCheck, future, ...[3, 4, 5, 6].map((i) => syntheticPerson(i, [VILLAGE], 8_000).idNumber)]);
    expect(written).toEqual([]);

    const csv = await cw.get(`/api/v1/imports/${job.id}/report.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toContain('行号 / row');
    expect(lines.find((l) => l.startsWith('5,'))).toContain('行政区划代码 150102001999 不存在');
    // The original cells come back so the row can be fixed and uploaded again.
    expect(lines.find((l) => l.startsWith('3,'))).toContain(wrongCheck);
    const xlsx = await cw.get(`/api/v1/imports/${job.id}/report.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    expect(wb.worksheets[0]!.rowCount).toBe(8);
    // Downloading the report (ID numbers in clear) is audited.
    const audit = await t.runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import.report' AND resource_id = ${job.id}`);
    expect(audit[0]!.n).toBe(2);
  });

  it('a 15-year-old in a registration file is refused with the rule and its source', async () => {
    const young = id18('15010220100101123'); // born 2010-01-01, 15 on 2025-06-02
    const adult = syntheticPerson(9, [VILLAGE], 4_400_000); // born 1990
    const header = ['姓名', '身份证号', '居住地区划代码', '登记日期', '登记地类型'];
    const rows = [
      ['少年', young, VILLAGE, '2025-06-02', '常住地'],
      [adult.name, adult.idNumber, VILLAGE, '2025/6/2', '常住地'],
    ];
    const job = await importFile(op, 'registrations', 'regs.csv', encodeCsv(csvText(header, rows), 'gbk'));
    expect(job.progress).toMatchObject({ accepted: 1, rejected: 1, createdPersons: 1, createdRegistrations: 1 });
    const list = await op.get(`/api/v1/imports/${job.id}/rejections`);
    const issue = list.json<{ items: { row: number; issues: { message: string }[] }[] }>().items[0]!;
    expect(issue.row).toBe(2);
    expect(issue.issues[0]!.message).toMatch(/不符合失业登记条件：年龄 15 周岁，下限 16 周岁/);
    expect(await personsWith([young])).toEqual([]);
  });
});

describe('the application clock', () => {
  it('"today" of the rows\' checks is the application clock, not the machine\'s', async () => {
    const [a, b] = [syntheticPerson(11, [VILLAGE], 4_600_000), syntheticPerson(12, [VILLAGE], 4_600_000)];
    const header = ['姓名', '身份证号', '居住地区划代码', '登记日期', '登记地类型'];
    const rows = [
      [a.name, a.idNumber, VILLAGE, '2025-06-02', '常住地'],
      [b.name, b.idNumber, VILLAGE, '2025-06-03', '常住地'], // the day after the clock's today
    ];
    t.runtime.services.clock.set('2025-06-02');
    try {
      const job = await importFile(op, 'registrations', 'regs-clock.csv', encodeCsv(csvText(header, rows), 'utf-8'));
      expect(job.progress).toMatchObject({ accepted: 1, rejected: 1 });
      const list = await op.get(`/api/v1/imports/${job.id}/rejections`, { 'accept-language': 'en' });
      const issue = list.json<{ items: { row: number; issues: { column: string; message: string }[] }[] }>().items[0]!;
      expect(issue.row).toBe(3);
      expect(issue.issues[0]).toMatchObject({ column: '登记日期', message: 'registration date 2025-06-03 is in the future' });
    } finally {
      t.runtime.services.clock.set(null);
    }
  });
});

describe('broken files', () => {
  async function workbook(n: number): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(PERSON_HEADER);
    for (let i = 0; i < n; i++) ws.addRow(personCells(syntheticPerson(i, [VILLAGE], 9_000)));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('a truncated xlsx fails with a clear message and writes nothing', async () => {
    const full = await workbook(3000);
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    const res = await upload(op, 'persons', 'half.xlsx', cut);
    if (res.statusCode === 201) {
      const job = await runJob(op, res.json<{ job: JobView }>().job.id);
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('IMPORT_FILE_INVALID');
      expect(job.error?.message).toMatch(/Excel 文件已损坏或不完整/);
      expect(job.progress.accepted).toBe(0);
    } else {
      expect(res.statusCode).toBe(422);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('IMPORT_FILE_INVALID');
    }
    const written = await personsWith(Array.from({ length: 3000 }, (_, i) => syntheticPerson(i, [VILLAGE], 9_000).idNumber).slice(0, 200));
    expect(written).toEqual([]);
  });

  it('a file that is neither xlsx nor CSV is refused', async () => {
    const res = await upload(op, 'persons', 'photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(res.statusCode).toBe(415);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('IMPORT_FORMAT_UNSUPPORTED');
  });

  it('an unrecognised header can be mapped by hand before starting', async () => {
    const p = syntheticPerson(1, [VILLAGE], 9_500);
    const text = csvText(['XM', 'SFZ', 'QH', 'ZT'], [[p.name, p.idNumber, VILLAGE, '失业']]);
    const res = await upload(op, 'persons', 'odd.csv', encodeCsv(text, 'utf-8'));
    const job = res.json<{ job: JobView }>().job;
    expect(job.missingFields).toEqual(['name', 'idNumber', 'residenceCode', 'employmentStatus']);
    expect(job.unmappedColumns.map((c) => c.header)).toEqual(['XM', 'SFZ', 'QH', 'ZT']);
    const refused = await op.post(`/api/v1/imports/${job.id}/start`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string; message: string } }>().error.message).toContain('姓名');
    const mapped = await op.post(`/api/v1/imports/${job.id}/mapping`, { mapping: { name: 0, idNumber: 1, residenceCode: 2, employmentStatus: 3 } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json<JobView>().missingFields).toEqual([]);
    const done = await runJob(op, job.id);
    expect(done.progress).toMatchObject({ accepted: 1, createdPersons: 1 });
  });

  it('jobs of another area are not visible', async () => {
    const other = await t.login('caseworker.xuchang');
    const mine = (await cw.get('/api/v1/imports')).json<{ items: JobView[] }>().items[0]!;
    expect((await other.get(`/api/v1/imports/${mine.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/imports/${mine.id}/report.csv`)).statusCode).toBe(404);
  });
});

describe('resume and cancel', () => {
  it('a stopped worker leaves the job to the next start, which finishes it with the same result', async () => {
    const n = 3000;
    const people = Array.from({ length: n }, (_, i) => syntheticPerson(i, [VILLAGE, '150102001002'], 20_000));
    const data = encodeCsv(csvText(PERSON_HEADER, people.map((p) => personCells(p))), 'utf-8');
    const res = await upload(op, 'persons', 'resume.csv', data);
    const id = res.json<{ job: JobView }>().job.id;
    const rt = t.runtime;
    const first = new ImportsService(rt.handle, rt.services.cipher, rt.services.rules.registry, rt.services.clock, { batchSize: 100 });
    await first.repo.transition(id, ['pending'], { state: 'queued' });
    first.resume();
    for (let i = 0; i < 2000; i++) {
      const job = await first.repo.byId(id);
      if ((job?.processedRows ?? 0) >= 300) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.stop();
    const stopped = (await first.repo.byId(id))!;
    expect(stopped.state).toBe('running');
    expect(stopped.leaseOwner).toBeNull();
    expect(stopped.processedRows).toBeGreaterThanOrEqual(300);
    expect(stopped.processedRows).toBeLessThan(n);
    expect(stopped.processedRows % 100).toBe(0);
    const partial = await personsWith(people.map((p) => p.idNumber));
    expect(partial).toHaveLength(stopped.processedRows);

    const second = new ImportsService(rt.handle, rt.services.cipher, rt.services.rules.registry, rt.services.clock, { batchSize: 100 });
    second.resume();
    await second.whenIdle();
    const done = (await second.repo.byId(id))!;
    expect(done.state).toBe('done');
    expect(done).toMatchObject({ totalRows: n, processedRows: n, acceptedRows: n, rejectedRows: 0, createdPersons: n });
    const all = await personsWith(people.map((p) => p.idNumber));
    expect(all).toHaveLength(n);
    expect(new Set(all.map((r) => r.id_number_bidx)).size).toBe(n);
    const view = second.view(done);
    expect(view.progress.percent).toBe(100);
    expect(view.progress.rowsPerSecond).toBeGreaterThan(0);
  });

  it('cancel stops a job; starting a cancelled job is refused', async () => {
    const p = syntheticPerson(1, [VILLAGE], 30_000);
    const res = await upload(op, 'persons', 'cancel.csv', encodeCsv(csvText(PERSON_HEADER, [personCells(p)]), 'utf-8'));
    const id = res.json<{ job: JobView }>().job.id;
    const cancelled = await op.post(`/api/v1/imports/${id}/cancel`);
    expect(cancelled.json<JobView>().state).toBe('cancelled');
    const start = await op.post(`/api/v1/imports/${id}/start`);
    expect(start.statusCode).toBe(409);
    expect(start.json<{ error: { code: string } }>().error.code).toBe('IMPORT_STATE_INVALID');
    expect(await personsWith([p.idNumber])).toEqual([]);
    // The same file may be uploaded again after a cancel: a new job.
    const again = await upload(op, 'persons', 'cancel.csv', encodeCsv(csvText(PERSON_HEADER, [personCells(p)]), 'utf-8'));
    expect(again.statusCode).toBe(201);
  });
});

describe('a 50 MB CSV with mixed encodings', () => {
  it(
    'GBK rows are imported, UTF-8 rows in the GBK file are rejected row by row, nothing garbled is stored',
    async () => {
      // Offices export GBK; some rows pasted from a UTF-8 source. A remarks column pads rows to ledger size.
      const remark = '备注：'.padEnd(700, '走访记录');
      const parts: Buffer[] = [iconv_gbk(csvText([...PERSON_HEADER, '备注'], []))];
      let size = parts[0]!.length;
      const utf8Rows: number[] = [];
      let i = 0;
      while (size < 50 * 1024 * 1024) {
        const p = syntheticPerson(i, [VILLAGE, '150102001002'], 100_000);
        const line = csvLine([...personCells(p), remark]);
        const utf8 = i % 50 === 7;
        const buf = utf8 ? Buffer.from(line, 'utf8') : iconv_gbk(line);
        if (utf8) utf8Rows.push(i);
        parts.push(buf);
        size += buf.length;
        i++;
      }
      const data = Buffer.concat(parts);
      const job = await importFile(op, 'persons', 'big-mixed.csv', data);
      expect(job.state).toBe('done');
      expect(job.encoding).toBe('gbk');
      expect(job.progress).toMatchObject({ total: i, processed: i, rejected: utf8Rows.length, accepted: i - utf8Rows.length });
      const rej = await op.get(`/api/v1/imports/${job.id}/rejections?pageSize=3`);
      const first = rej.json<{ total: number; items: { row: number; issues: { message: string }[] }[] }>();
      expect(first.total).toBe(utf8Rows.length);
      expect(first.items[0]!.row).toBe(utf8Rows[0]! + 2);
      expect(first.items[0]!.issues[0]!.message).toMatch(/UTF-8/);
      const sample = [0, 1, 2, utf8Rows[0]!, utf8Rows[1]!].map((k) => syntheticPerson(k, [VILLAGE, '150102001002'], 100_000));
      const stored = await personsWith(sample.map((p) => p.idNumber));
      expect(stored.map((r) => r.name).sort()).toEqual(sample.slice(0, 3).map((p) => p.name).sort());
    },
    600_000,
  );
});

function iconv_gbk(text: string): Buffer {
  return encodeCsv(text, 'gbk');
}
