/**
 * Files the import slice hands out: templates (xlsx with a code sheet, or CSV) and the rejection report (CSV or
 * xlsx: the original cells plus row number, column and reason in zh-CN and English, ready to fix and upload).
 */
import ExcelJS from 'exceljs';
import { residentIdCheckChar } from '@bangfu/rules';
import { CODE_LISTS, fieldsFor, type ImportKind } from './columns.ts';

/** One CSV cell, quoted when needed (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

const BOM = '\uFEFF';

/** Example rows: valid check characters, demo divisions (新城区 公主府社区). */
function exampleRow(kind: ImportKind): Record<string, string> {
  return {
    name: '张三丰',
    idNumber: `15010219900307123${residentIdCheckChar('15010219900307123')}`,
    sex: '男',
    birthDate: '1990-03-07',
    phone: '13800138000',
    residenceCode: '150102001001',
    address: '公主府街道某小区 3 号楼',
    education: '高中',
    employmentStatus: kind === 'registrations' ? '失业' : '灵活就业',
    intention: '就业意愿',
    marks: '脱贫人口',
    ...(kind === 'registrations' ? { registeredOn: '2025-03-03', registrationKind: '失业登记', placeBasis: '常住地', unemploymentReason: '合同到期' } : {}),
  };
}

export function templateCsv(kind: ImportKind): Buffer {
  const fields = fieldsFor(kind);
  const example = exampleRow(kind);
  // UTF-8 with BOM so that Excel opens it with the right encoding.
  return Buffer.from(BOM + csvLine(fields.map((f) => f.zh)) + csvLine(fields.map((f) => example[f.key] ?? '')), 'utf8');
}

export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangfu';
  const fields = fieldsFor(kind);
  const sheet = wb.addWorksheet(kind === 'persons' ? '人员信息' : '失业登记');
  sheet.columns = fields.map((f) => ({ header: f.zh, key: f.key, width: Math.max(12, f.zh.length * 2 + 4), style: { numFmt: '@' } }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  fields.forEach((f, i) => {
    const c = header.getCell(i + 1);
    if (f.requiredFor.includes(kind)) c.font = { bold: true, color: { argb: 'FFC00000' } };
    c.note = `${f.helpZh}\n${f.helpEn}`;
  });
  const example = exampleRow(kind);
  sheet.addRow(fields.map((f) => example[f.key] ?? ''));

  const help = wb.addWorksheet('代码说明');
  help.columns = [
    { header: '列 / column', width: 18 },
    { header: '必填 / required', width: 14 },
    { header: '说明', width: 70 },
    { header: 'description', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of fields) help.addRow([f.zh, f.requiredFor.includes(kind) ? '是 / yes' : '', f.helpZh, f.helpEn]);
  help.addRow([]);
  help.addRow(['代码表 / codes', '代码 / code', '名称（可填代码或名称）']).font = { bold: true };
  const lists = ['sex', 'education', 'employmentStatus', 'laborCapacity', 'intention', 'marks', 'retirementCategory', 'documentType', ...(kind === 'registrations' ? (['registrationKind', 'placeBasis'] as const) : [])] as const;
  for (const key of lists) {
    const list = CODE_LISTS[key];
    for (const c of list.codes) help.addRow([`${list.zh} / ${list.en}`, c.code, c.zh]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ReportRow {
  readonly rowNo: number;
  readonly issues: readonly { column: string | null; zh: string; en: string }[];
  readonly cells: readonly string[];
}

const REPORT_HEAD = ['行号 / row', '列 / column', '原因 / reason (zh)', 'reason (en)'];

function reportCells(r: ReportRow): string[] {
  return [
    String(r.rowNo),
    [...new Set(r.issues.map((i) => i.column ?? ''))].filter((c) => c !== '').join('；'),
    r.issues.map((i) => (i.column ? `${i.column}：${i.zh}` : i.zh)).join('；'),
    r.issues.map((i) => (i.column ? `${i.column}: ${i.en}` : i.en)).join('; '),
  ];
}

/** CSV report (UTF-8 with BOM), streamed line by line. */
export async function* reportCsv(headers: readonly string[], rows: AsyncIterable<ReportRow>): AsyncGenerator<string> {
  yield BOM + csvLine([...REPORT_HEAD, ...headers]);
  for await (const r of rows) yield csvLine([...reportCells(r), ...r.cells]);
}

export async function reportXlsx(headers: readonly string[], rows: AsyncIterable<ReportRow>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('未导入的行');
  sheet.addRow([...REPORT_HEAD, ...headers]).font = { bold: true };
  for await (const r of rows) {
    const row = sheet.addRow([...reportCells(r), ...r.cells]);
    // Keep ID numbers and codes as text.
    row.eachCell((c) => {
      c.numFmt = '@';
    });
  }
  sheet.columns.forEach((c, i) => {
    c.width = i === 2 || i === 3 ? 60 : 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
