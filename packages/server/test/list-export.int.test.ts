/**
 * List exports (issue 12): the persons list, the worklist and the audit trail export the current filter as xlsx —
 * through the list's own query, so a caseworker's file holds only the rows of their subtree, masked as listed — and
 * each export is audited (`<list>.export`, the filter in the detail) before the file leaves. Sort is validated
 * against each list's sortable columns. Runs on PGlite, or PostgreSQL with DATABASE_URL.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from './support/test-app.ts';

let t: TestApp;
let cw: Session;
let admin: Session;

async function sheet(payload: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(payload).buffer);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

async function lastAudit(action: string): Promise<{ username: string; outcome: string; detail: { filter: Record<string, unknown>; rows: number; truncated: boolean } } | undefined> {
  const rows = await t.runtime.handle.query<{ username: string; outcome: string; detail: { filter: Record<string, unknown>; rows: number; truncated: boolean } }>(
    sql`SELECT username, outcome, detail FROM audit_log WHERE action = ${action} ORDER BY id DESC LIMIT 1`,
  );
  return rows[0];
}

beforeAll(async () => {
  t = await createTestApp({ persons: 80, today: '2025-06-10' });
  [cw, admin] = await Promise.all([t.login('caseworker'), t.login('admin')]);
});

afterAll(async () => {
  t?.runtime.services.clock.set(null);
  await t?.close();
});

describe('list exports', () => {
  it('persons: the caseworker’s subtree only, ID numbers masked as listed, audited with the filter', async () => {
    const listed = (await cw.get('/api/v1/persons?pageSize=200')).json<{ items: { name: string; idNumberMasked: string }[]; total: number }>();
    const res = await cw.get('/api/v1/persons/export.xlsx?sort=birthDate&order=desc', { 'accept-language': 'zh-CN' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('persons-export.xlsx');
    const rows = await sheet(res.rawPayload);
    expect(rows[0]?.slice(0, 4)).toEqual(['姓名', '性别', '出生日期', '身份证号']);
    const body = rows.slice(1);
    expect(body).toHaveLength(listed.total);
    // Masked exactly as the list shows them; no full ID number anywhere in the file.
    expect(new Set(body.map((r) => r[3]))).toEqual(new Set(listed.items.map((p) => p.idNumberMasked)));
    expect(body.flat().join(' ')).not.toMatch(/\d{17}[\dXx]/);
    // Sorted by the requested column.
    const births = body.map((r) => r[2] ?? '');
    expect(births).toEqual([...births].sort().reverse());
    // Out-of-scope rows are absent: every file of the export lies in the caseworker's subtree.
    const outside = await t.runtime.handle.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM persons WHERE jurisdiction_code NOT LIKE ${cw.user.jurisdiction.code.replace(/(00)+$/, '') + '%'}`,
    );
    expect(Number(outside[0]?.n)).toBeGreaterThan(0);
    const all = (await admin.get('/api/v1/persons/export.xlsx')).rawPayload;
    expect((await sheet(all)).length - 1).toBeGreaterThan(body.length);
    const entry = await lastAudit('persons.export');
    expect(entry).toMatchObject({ username: 'admin', outcome: 'ok' });
    const cwEntry = await t.runtime.handle.query<{ username: string; detail: { filter: Record<string, unknown>; rows: number } }>(
      sql`SELECT username, detail FROM audit_log WHERE action = 'persons.export' AND username = 'caseworker' ORDER BY id DESC LIMIT 1`,
    );
    expect(cwEntry[0]?.detail).toMatchObject({ filter: { sort: 'birthDate', order: 'desc' }, rows: listed.total });
  });

  it('persons: the filter narrows the export the same way it narrows the list', async () => {
    const listed = (await cw.get('/api/v1/persons?status=unemployed&pageSize=200')).json<{ total: number }>();
    const rows = await sheet((await cw.get('/api/v1/persons/export.xlsx?status=unemployed')).rawPayload);
    expect(rows.length - 1).toBe(listed.total);
    expect((await lastAudit('persons.export'))?.detail.filter).toMatchObject({ status: 'unemployed' });
  });

  it('sort is validated against the list’s sortable columns', async () => {
    const bad = await cw.get('/api/v1/persons?sort=idNumber');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { field: string }[] } }>().error.issues[0]?.field).toBe('querystring.sort');
    expect((await cw.get('/api/v1/persons/export.xlsx?order=sideways')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/audit?sort=action')).statusCode).toBe(400);
  });

  it('an out-of-scope jurisdiction is refused, and no file leaves', async () => {
    const res = await cw.get('/api/v1/persons/export.xlsx?jurisdiction=411002001001');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('json');
  });

  it('worklist: masked items of the subtree, audited', async () => {
    const wl = (await cw.get('/api/v1/worklist?limit=2000')).json<{ total: number; groups: { items: { idNumberMasked: string }[] }[] }>();
    const res = await cw.get('/api/v1/worklist/export.xlsx');
    expect(res.statusCode).toBe(200);
    const rows = (await sheet(res.rawPayload)).slice(1);
    const listedItems = wl.groups.flatMap((g) => g.items);
    expect(rows).toHaveLength(listedItems.length);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(listedItems.map((i) => i.idNumberMasked)));
    expect(rows.flat().join(' ')).not.toMatch(/\d{17}[\dXx]/);
    expect(await lastAudit('worklist.export')).toMatchObject({ username: 'caseworker', outcome: 'ok' });
  });

  it('audit: the trail exported oldest first on request, the export itself audited', async () => {
    const res = await admin.get('/api/v1/audit/export.xlsx?order=asc&action=persons.export');
    expect(res.statusCode).toBe(200);
    const rows = (await sheet(res.rawPayload)).slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r[3] === 'persons.export')).toBe(true);
    const times = rows.map((r) => r[0] ?? '');
    expect(times).toEqual([...times].sort());
    expect((await lastAudit('audit.export'))?.detail.filter).toMatchObject({ action: 'persons.export', order: 'asc' });
    expect((await cw.get('/api/v1/audit/export.xlsx')).statusCode).toBe(403);
  });

  it('compliance people: sorted on the server by a date column, exported as listed (masked) and audited', async () => {
    const sup = await t.login('supervisor.city');
    // The stored service state behind the numbers, as the nightly job computes it.
    await t.runtime.services.serviceWork.jobs.recompute('test', t.runtime.services.clock.today());
    const q = 'jurisdiction=150100000000&measure=obligations&status=failing';
    const listed = (await sup.get(`/api/v1/compliance/people?${q}&sort=registeredOn&order=desc&pageSize=500`)).json<{ total: number; items: { registeredOn: string; idNumberMasked: string }[] }>();
    expect(listed.items.length).toBeGreaterThan(1);
    const dates = listed.items.map((p) => p.registeredOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const res = await sup.get(`/api/v1/compliance/people/export.xlsx?${q}&sort=registeredOn&order=desc`);
    expect(res.statusCode).toBe(200);
    const rows = (await sheet(res.rawPayload)).slice(1);
    expect(rows).toHaveLength(listed.total);
    expect(rows.map((r) => r[4])).toEqual(dates.slice(0, rows.length));
    expect(rows.map((r) => r[1])).toEqual(listed.items.map((p) => p.idNumberMasked).slice(0, rows.length));
    expect(rows.flat().join(' ')).not.toMatch(/\d{17}[\dXx]/);
    expect(await lastAudit('compliance-people.export')).toMatchObject({ username: 'supervisor.city', outcome: 'ok', detail: { filter: { measure: 'obligations', status: 'failing', sort: 'registeredOn' } } });
    expect((await sup.get(`/api/v1/compliance/people?${q}&sort=idNumber`)).statusCode).toBe(400);
    expect((await cw.get(`/api/v1/compliance/people/export.xlsx?${q}`)).statusCode).toBe(403);
  });

  it('every list export answers an xlsx of masked rows and is audited as <list>.export', async () => {
    const exports = [
      ['/api/v1/registrations/export.xlsx', 'registrations.export'],
      ['/api/v1/assistance-applications/export.xlsx?sort=name&order=asc', 'assistance.export'],
      ['/api/v1/civil-affairs-referrals/export.xlsx', 'referrals.export'],
      ['/api/v1/comparison/findings/export.xlsx', 'findings.export'],
      ['/api/v1/posts/export.xlsx', 'posts.export'],
    ] as const;
    for (const [url, action] of exports) {
      // The caseworker where the role reads the list, else the national admin.
      let res = await cw.get(url);
      const who = res.statusCode === 403 ? admin : cw;
      if (who === admin) res = await admin.get(url);
      expect(res.statusCode, url).toBe(200);
      const rows = await sheet(res.rawPayload);
      expect(rows.length, url).toBeGreaterThanOrEqual(1);
      expect(rows.flat().join(' '), url).not.toMatch(/\d{17}[\dXx]/);
      expect(await lastAudit(action), url).toMatchObject({ username: who.user.id === admin.user.id ? 'admin' : 'caseworker', outcome: 'ok' });
    }
    expect((await cw.get('/api/v1/assistance-applications?sort=idNumber')).statusCode).toBe(400);
  });
});
