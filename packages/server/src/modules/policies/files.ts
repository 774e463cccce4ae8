/**
 * The payment batch bank file (CSV, UTF-8 with BOM, CRLF; layout in docs/policies.md): deterministic for the same
 * rows, so a re-run export of the same batch gives the same bytes.
 */
import { csvLine } from '../imports/files.ts';

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
