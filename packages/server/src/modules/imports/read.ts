/**
 * Reading uploaded files row by row, streaming: CSV (UTF-8 with or without BOM, or GBK — offices export GBK)
 * and Excel .xlsx (ExcelJS streaming reader, first worksheet).
 *
 * CSV is parsed on bytes (csv-parse with `encoding: null`: quotes, commas and newlines are ASCII, and no GBK
 * trail byte is below 0x40, so the structure is the same in both encodings) and each row is decoded on its own.
 * The file's encoding is detected from a sample (strict UTF-8, else GBK); a row in the other encoding is
 * reported as a row problem instead of being stored garbled.
 */
import { Readable, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type FileFormat = 'csv' | 'xlsx';
export type CsvEncoding = 'utf-8' | 'gbk';

/** Produces the file's bytes from the start (called once per pass over the file). */
export type ByteSource = () => Readable;

export interface RowProblem {
  readonly zh: string;
  readonly en: string;
}

export interface SourceRow {
  /** Row number as a spreadsheet shows it (the first line of the file is 1). */
  readonly rowNo: number;
  readonly cells: string[];
  /** The row could not be decoded (wrong encoding); its cells are not to be trusted. */
  readonly problem?: RowProblem;
}

/**
 * The longest row accepted (bytes of a CSV record, characters of an Excel row). A ledger row is a few hundred
 * bytes; a longer "row" means the file is not a table of lines (line breaks lost, one giant line, not a CSV), and
 * reading it as a header or a row would store it whole.
 */
export const MAX_ROW_BYTES = 1 << 20;
const MAX_ROW_LABEL = '1 MiB';

export function rowTooLong(line: number): FileReadError {
  return new FileReadError(
    `第 ${line} 行超过单行长度上限 ${MAX_ROW_LABEL}，文件无法读取：文件可能不是逐行的表格（例如整个文件只有一行、换行符丢失或并非 CSV/Excel 表格）`,
    `line ${line} is longer than the limit of ${MAX_ROW_LABEL} for one row, so the file cannot be read: it is probably not a table of lines (the whole file is one line, line breaks are missing, or it is not a CSV/Excel table)`,
  );
}

/** A file that cannot be read as a whole (corrupt zip, unclosed quote…). */
export class FileReadError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(en, options);
    this.name = 'FileReadError';
  }
}

export function formatOf(fileName: string, head: Buffer): FileFormat | undefined {
  const lower = fileName.toLowerCase();
  // An .xlsx is a zip: "PK\x03\x04".
  const isZip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return isZip ? 'xlsx' : 'csv';
  if (isZip) return 'xlsx';
  return undefined;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasUtf8Bom(b: Buffer): boolean {
  return b.length >= 3 && b.subarray(0, 3).equals(UTF8_BOM);
}

/**
 * UTF-8 when the sample decodes strictly as UTF-8 (a BOM says so too), else GBK. The sample's end may cut a
 * multi-byte character, so up to 3 trailing bytes are ignored.
 */
export function detectEncoding(sample: Buffer): CsvEncoding {
  if (hasUtf8Bom(sample)) return 'utf-8';
  for (let cut = 0; cut <= 3 && cut < sample.length; cut++) {
    if (isUtf8(sample.subarray(0, sample.length - cut))) return 'utf-8';
  }
  return 'gbk';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(b: Buffer): boolean {
  try {
    strictUtf8.decode(b);
    return true;
  } catch {
    return false;
  }
}

function isAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 0x80) return false;
  return true;
}

const WRONG_IN_UTF8: RowProblem = {
  zh: '该行不是有效的 UTF-8 编码（疑为 GBK），与文件其余部分不一致；请将整个文件另存为同一种编码后重新上传',
  en: 'this row is not valid UTF-8 (probably GBK) unlike the rest of the file; save the whole file in one encoding and upload again',
};
const WRONG_IN_GBK: RowProblem = {
  zh: '该行为 UTF-8 编码，与文件其余部分（GBK）不一致；请将整个文件另存为同一种编码后重新上传',
  en: 'this row is UTF-8 while the rest of the file is GBK; save the whole file in one encoding and upload again',
};
const INVALID_GBK: RowProblem = { zh: '该行含有无法识别的字符（不是有效的 GBK 编码）', en: 'this row contains bytes that are not valid GBK' };

/** Decodes one CSV row's fields; a field in the other encoding makes the whole row a problem row. */
export function decodeCsvFields(fields: readonly Buffer[], encoding: CsvEncoding): { cells: string[]; problem?: RowProblem } {
  const cells: string[] = [];
  if (encoding === 'utf-8') {
    for (const f of fields) {
      try {
        cells.push(strictUtf8.decode(f));
      } catch {
        return { cells: fields.map((x) => x.toString('latin1')), problem: WRONG_IN_UTF8 };
      }
    }
    return { cells };
  }
  // A row is UTF-8 when all its bytes are valid UTF-8 and decode to text a Chinese ledger holds. Field by field
  // this would misfire (女 in GBK, C5 AE, is also valid UTF-8 for Ů); a whole row of GBK text practically never is.
  if (!fields.every(isAscii) && looksLikeUtf8Text(fields)) return { cells: fields.map((x) => x.toString('latin1')), problem: WRONG_IN_GBK };
  for (const f of fields) {
    if (isAscii(f)) {
      cells.push(f.toString('latin1'));
      continue;
    }
    const s = iconv.decode(f, 'gbk');
    if (s.includes('\uFFFD')) return { cells: fields.map((x) => x.toString('latin1')), problem: INVALID_GBK };
    cells.push(s);
  }
  return { cells };
}

/** Non-ASCII characters plausible in a Chinese ledger: CJK ideographs and punctuation, full-width forms, ·. */
const LEDGER_TEXT = /^[\u0020-\u007E\t\r\n\u00B7\u2010-\u206F\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF00-\uFFEF]*$/;

function looksLikeUtf8Text(fields: readonly Buffer[]): boolean {
  let text = '';
  for (const f of fields) {
    if (isAscii(f)) continue;
    try {
      text += strictUtf8.decode(f);
    } catch {
      return false;
    }
  }
  return LEDGER_TEXT.test(text);
}

async function* csvRows(source: ByteSource, encoding: CsvEncoding, decode: boolean): AsyncGenerator<SourceRow> {
  const input = source();
  let first = true;
  // Row numbers are counted here from the bytes (csv-parse's own line count drifts on CRLF and empty lines):
  // the tap keeps the bytes the parser has not yet reported, and `info.bytes` says where each record ends.
  const tap: Buffer[] = [];
  let tapPos = 0;
  let lastByte = -1;
  const newlinesUntil = (absoluteEnd: number, consumedBefore: number): number => {
    let n = 0;
    let at = consumedBefore;
    while (at < absoluteEnd && tap.length > 0) {
      const chunk = tap[0]!;
      const from = at - tapPos;
      const to = Math.min(chunk.length, absoluteEnd - tapPos);
      for (let i = from; i < to; i++) if (chunk[i] === 0x0a) n++;
      if (to > from) lastByte = chunk[to - 1] ?? -1;
      at = tapPos + to;
      if (to === chunk.length) {
        tap.shift();
        tapPos += chunk.length;
      }
    }
    return n;
  };
  const stripBom = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const out = first && hasUtf8Bom(chunk) ? chunk.subarray(3) : chunk;
      first = false;
      tap.push(out);
      cb(null, out);
    },
  });
  const parser = parse({ encoding: null, info: true, max_record_size: MAX_ROW_BYTES, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, record_delimiter: ['\r\n', '\n'] });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(stripBom).pipe(parser);
  let line = 1;
  let consumed = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: Buffer[]; info: { bytes: number } }>) {
      const end = item.info.bytes;
      const newlines = newlinesUntil(end, consumed);
      consumed = end;
      let embedded = 0;
      for (const f of item.record) for (let i = 0; i < f.length; i++) if (f[i] === 0x0a) embedded++;
      const endsWithNewline = lastByte === 0x0a ? 1 : 0;
      // Lines before this record's first line: skipped empty lines are in `newlines` too.
      const rowNo = line + newlines - embedded - endsWithNewline;
      line += newlines;
      if (!decode) {
        // Counting only: a row counts when any field has a non-blank byte.
        if (item.record.some((f) => f.some((b) => b !== 0x20 && b !== 0x09 && b !== 0x0d))) yield { rowNo, cells: [] };
        continue;
      }
      const { cells, problem } = decodeCsvFields(item.record, encoding);
      const trimmed = cells.map((c) => c.trim());
      if (trimmed.every((c) => c === '')) continue;
      yield problem ? { rowNo, cells: trimmed, problem } : { rowNo, cells: trimmed };
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    // `line` is where the record being read started (csv-parse's own line count drifts, see above).
    if ((e as { code?: unknown }).code === 'CSV_MAX_RECORD_SIZE') throw rowTooLong(line);
    const msg = e instanceof Error ? e.message : String(e);
    throw new FileReadError(`CSV 文件格式错误：${msg}`, `malformed CSV: ${msg}`, { cause: e });
  } finally {
    input.destroy();
  }
}

/** Text of an Excel cell value as a person reads it (dates as YYYY-MM-DD, formulas by their result). */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    // ExcelJS gives dates as UTC instants of the serial day.
    return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  }
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return String(v.error);
  }
  return String(v as unknown);
}

async function* xlsxRows(source: ByteSource): AsyncGenerator<SourceRow> {
  const input = source();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        // row.values is 1-based; index 0 is empty.
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
        if (cells.reduce((n, c) => n + c.length, 0) > MAX_ROW_BYTES) throw rowTooLong(row.number);
        if (cells.every((c) => c === '')) continue;
        yield { rowNo: row.number, cells };
      }
      // Only the first worksheet holds data; the template's second sheet explains the codes.
      break;
    }
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new FileReadError(`Excel 文件已损坏或不完整（${msg}）`, `the Excel file is damaged or incomplete (${msg})`, { cause: e });
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw new FileReadError('Excel 文件中没有工作表，或文件已损坏', 'the Excel file has no worksheet or is damaged');
}

/** Rows of the file; `decode: false` (CSV) skips decoding when only the rows are counted. */
export function readRows(format: FileFormat, encoding: CsvEncoding | null, source: ByteSource, options: { decode?: boolean } = {}): AsyncGenerator<SourceRow> {
  return format === 'xlsx' ? xlsxRows(source) : csvRows(source, encoding ?? 'utf-8', options.decode ?? true);
}

/** A ByteSource over an in-memory buffer, in 1 MiB pieces. */
export function bufferSource(data: Buffer): ByteSource {
  return () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < data.length; i += 1 << 20) yield data.subarray(i, Math.min(data.length, i + (1 << 20)));
      })(),
      { objectMode: false },
    );
}
