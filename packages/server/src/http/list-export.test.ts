import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ZAuditQuery, ZPersonQuery } from '../contract/index.ts';
import { ZListSort } from '../contract/list-query.ts';
import { systemContext } from './context.ts';
import { collectRows, exportList, type ExportColumn } from './list-export.ts';

interface Row {
  name: string;
  idNumberMasked: string;
}

const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ name: `P${i}`, idNumberMasked: `110101********${String(i).padStart(4, '0')}` }));
const pager = (all: Row[]) => {
  const calls: [number, number][] = [];
  return {
    calls,
    page: (page: number, pageSize: number) => {
      calls.push([page, pageSize]);
      return Promise.resolve({ items: all.slice((page - 1) * pageSize, page * pageSize) });
    },
  };
};
const columns: ExportColumn<Row>[] = [
  { header: { zh: '姓名', en: 'Name' }, value: (r) => r.name },
  { header: { zh: '身份证号', en: 'ID number' }, value: (r) => r.idNumberMasked },
];

async function sheetOf(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(body).buffer);
  const out: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => out.push((row.values as unknown[]).slice(1).map(String)));
  return out;
}

describe('list sort convention', () => {
  const Q = ZListSort(['name', 'dueOn'], { sort: 'name', order: 'asc' });
  it('defaults and accepts the listed columns and orders', () => {
    expect(Q.parse({})).toEqual({ sort: 'name', order: 'asc' });
    expect(Q.parse({ sort: 'dueOn', order: 'desc' })).toEqual({ sort: 'dueOn', order: 'desc' });
  });
  it('refuses a column the list does not sort by, and an unknown order, naming the field', () => {
    const bad = Q.safeParse({ sort: 'idNumber' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['sort']);
    expect(Q.safeParse({ order: 'sideways' }).error?.issues[0]?.path).toEqual(['order']);
  });
  it('is the persons and audit lists’ query', () => {
    expect(ZPersonQuery.parse({}).sort).toBe('name');
    expect(ZPersonQuery.safeParse({ sort: 'idNumberMasked' }).success).toBe(false);
    expect(ZAuditQuery.parse({})).toMatchObject({ sort: 'at', order: 'desc' });
    expect(ZAuditQuery.parse({ order: 'asc' }).order).toBe('asc');
  });
});

describe('collectRows', () => {
  it('reads page by page until a short page', async () => {
    const p = pager(rows(25));
    const got = await collectRows(p, 100, 10);
    expect(got.rows).toHaveLength(25);
    expect(got.truncated).toBe(false);
    expect(p.calls).toEqual([[1, 10], [2, 10], [3, 10]]);
  });
  it('stops at the cap and says the filter holds more', async () => {
    const got = await collectRows(pager(rows(40)), 25, 10);
    expect(got.rows.map((r) => r.name)).toEqual(rows(25).map((r) => r.name));
    expect(got.truncated).toBe(true);
  });
  it('exactly at the cap is not truncated', async () => {
    const got = await collectRows(pager(rows(20)), 20, 10);
    expect(got.rows).toHaveLength(20);
    expect(got.truncated).toBe(false);
  });
});

describe('exportList', () => {
  it('writes the list’s values as listed (masked), headers in the user’s language, and notes a sensitive read', async () => {
    const ctx = systemContext('en');
    const file = await exportList(ctx, { name: 'persons', columns, filter: { q: '张' }, jurisdictionCode: '110101000000', ...pager(rows(3)) }, 2);
    const sheet = await sheetOf(file.body);
    expect(sheet[0]).toEqual(['Name', 'ID number']);
    expect(sheet.slice(1)).toEqual([
      ['P0', '110101********0000'],
      ['P1', '110101********0001'],
    ]);
    expect(sheet.flat().join(' ')).not.toMatch(/\d{17}[\dX]/);
    expect(file).toMatchObject({ rows: 2, truncated: true, fileName: 'persons-export.xlsx' });
    expect(ctx.audit).toEqual({
      action: 'persons.export',
      resourceType: 'persons',
      jurisdictionCode: '110101000000',
      sensitive: true,
      detail: { filter: { q: '张' }, rows: 2, truncated: true, maxRows: 2 },
    });
  });
  it('Chinese headers by default', async () => {
    const file = await exportList(systemContext(), { name: 'audit', columns, filter: {}, ...pager([]) });
    expect(await sheetOf(file.body)).toEqual([['姓名', '身份证号']]);
  });
});
