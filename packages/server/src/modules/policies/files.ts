/**
 * Files of the policies slice: the candidate list (xlsx, ID numbers masked) and the payment batch bank file (CSV,
 * UTF-8 with BOM, CRLF; layout in docs/policies.md). Both are deterministic for the same rows, so a re-run export of
 * the same batch gives the same bytes.
 */
import ExcelJS from 'exceljs';
import type { ResolvedPolicy } from '@bangfu/rules';
import { csvLine } from '../imports/files.ts';

export interface CandidateLine {
  readonly name: string;
  readonly idNumberMasked: string;
  readonly jurisdictionCode: string;
  readonly reason: string;
}

export async function candidatesXlsx(policy: ResolvedPolicy, rows: readonly CandidateLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  const sheet = wb.addWorksheet('免申即享名单');
  sheet.addRow([`${policy.name}（${policy.id}@${policy.version}，${policy.source.doc} ${policy.source.clause}）`]).font = { bold: true };
  sheet.addRow(['序号', '姓名', '证件号码（脱敏）', '区划代码', '依据']).font = { bold: true };
  rows.forEach((r, i) => {
    const row = sheet.addRow([i + 1, r.name, r.idNumberMasked, r.jurisdictionCode, r.reason]);
    row.getCell(3).numFmt = '@';
    row.getCell(4).numFmt = '@';
  });
  sheet.columns.forEach((c, i) => {
    c.width = i === 4 ? 80 : 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The bank file's columns, in order (docs/policies.md "Payment batch file"). */
export const BANK_FILE_COLUMNS = ['序号', '批次号', '申请编号', '收款人类型', '收款人名称', '证件号码或统一社会信用代码', '政策编号', '政策版本', '期间', '金额（元）'] as const;

export interface BankLine {
  readonly applicationNo: string;
  readonly payeeType: 'person' | 'employer';
  readonly payeeName: string;
  readonly payeeId: string;
  readonly policyId: string;
  readonly policyVersion: string;
  readonly periodKey: string;
  readonly amountFen: number;
}

export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** The batch file: header, one line per payment, and a closing total line (`合计`, count, total). */
export function bankFileCsv(batchNo: string, lines: readonly BankLine[]): Buffer {
  let out = '\uFEFF' + csvLine([...BANK_FILE_COLUMNS]);
  let total = 0;
  lines.forEach((l, i) => {
    total += l.amountFen;
    out += csvLine([String(i + 1), batchNo, l.applicationNo, l.payeeType === 'employer' ? '单位' : '个人', l.payeeName, l.payeeId, l.policyId, l.policyVersion, l.periodKey, yuan(l.amountFen)]);
  });
  out += csvLine(['合计', batchNo, String(lines.length), '', '', '', '', '', '', yuan(total)]);
  return Buffer.from(out, 'utf8');
}
