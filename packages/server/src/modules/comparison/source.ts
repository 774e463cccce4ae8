/**
 * Partner files before DuckDB sees them: content hash (the file's identity), format and encoding detection, the
 * header row, and — only for GBK CSV and Excel files — a streamed conversion to a UTF-8 CSV beside the upload
 * (DuckDB reads UTF-8 natively; its other encodings come from an extension we never download). UTF-8 CSV files,
 * the large ones, are handed to DuckDB as they are.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors/app-error.ts';

export type SourceFormat = 'csv' | 'xlsx';
export type SourceEncoding = 'utf-8' | 'gbk';

export interface Inspected {
  readonly format: SourceFormat;
  readonly encoding: SourceEncoding | null;
  readonly sizeBytes: number;
}

const SAMPLE = 256 * 1024;

export function fileInvalid(zh: string, en: string, field = 'file'): AppError {
  return new AppError('COMPARISON_FILE_INVALID', { field, params: { detailZh: zh, detailEn: en } });
}

/** SHA-256 of the whole file, streamed (the file's identity: a re-import of the same bytes is the same run). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }), async function (src) {
    for await (const chunk of src) hash.update(chunk as Buffer);
  });
  return hash.digest('hex');
}

function isUtf8(bytes: Buffer, complete: boolean): boolean {
  // A sample may end inside a multi-byte character: drop up to 3 trailing bytes of an unfinished sequence.
  let end = bytes.length;
  if (!complete) {
    for (let i = 1; i <= 3 && end - i >= 0; i++) {
      const b = bytes[end - i]!;
      if ((b & 0xc0) === 0xc0) {
        end -= i;
        break;
      }
      if ((b & 0x80) === 0) break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Format and encoding from the first bytes; empty files and binary garbage are refused here. */
export async function inspectFile(path: string, fileName: string): Promise<Inspected> {
  const size = (await stat(path)).size;
  if (size === 0) throw fileInvalid('文件为空', 'the file is empty');
  const fh = await open(path, 'r');
  const sample = Buffer.alloc(Math.min(SAMPLE, size));
  try {
    await fh.read(sample, 0, sample.length, 0);
  } finally {
    await fh.close();
  }
  const zip = sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
  if (zip) {
    if (!/\.xlsx$/i.test(fileName)) throw fileInvalid(`“${fileName}”是压缩文件而不是 CSV；Excel 文件请使用 .xlsx 扩展名`, `"${fileName}" is a zip archive, not CSV; Excel files must be named .xlsx`);
    return { format: 'xlsx', encoding: null, sizeBytes: size };
  }
  if (/\.xls$/i.test(fileName)) throw fileInvalid('不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV', 'old .xls files are not supported; save as .xlsx or CSV');
  // Text files have no NUL bytes and few control characters; anything else is binary garbage.
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw fileInvalid('文件不是文本格式的 CSV（含有二进制内容）', 'the file is not a text CSV (binary content)');
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  if (control > sample.length / 100) throw fileInvalid('文件不是文本格式的 CSV（含有二进制内容）', 'the file is not a text CSV (binary content)');
  const body = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf ? sample.subarray(3) : sample;
  if (isUtf8(body, size <= SAMPLE)) return { format: 'csv', encoding: 'utf-8', sizeBytes: size };
  // Not UTF-8: GBK (GB 18030 subset) is what Chinese office software writes; it must decode without replacement.
  const decoded = iconv.decode(body, 'gbk');
  if (decoded.includes('\uFFFD')) throw fileInvalid('无法识别文件编码：应为 UTF-8 或 GBK', 'unknown text encoding: UTF-8 or GBK expected');
  return { format: 'csv', encoding: 'gbk', sizeBytes: size };
}

/** Splits one CSV line (RFC 4180 quoting) — used for the header row only. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/** The header row of a UTF-8 CSV file; a file without a header or without any data row is refused. */
export async function readCsvHeader(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const nl = text.indexOf('\n');
    if (nl < 0 && bytesRead === buf.length) throw fileInvalid('第1行（表头）超过 64 KiB', 'line 1 (the header) is longer than 64 KiB');
    const headerLine = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
    const headers = splitCsvLine(headerLine);
    if (headers.every((h) => h === '')) throw fileInvalid('第1行应为表头', 'line 1 must be the header row');
    const rest = nl < 0 ? '' : text.slice(nl + 1);
    if (rest.trim() === '') throw fileInvalid('文件只有表头，没有数据行', 'the file has a header but no data rows');
    const seen = new Set<string>();
    for (const h of headers) {
      if (h !== '' && seen.has(h)) throw fileInvalid(`表头“${h}”重复`, `the header "${h}" appears twice`);
      seen.add(h);
    }
    return headers;
  } finally {
    await fh.close();
  }
}

/** GBK → UTF-8, streamed. */
export async function transcodeGbk(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), iconv.decodeStream('gbk'), iconv.encodeStream('utf8'), createWriteStream(to, { mode: 0o600 }));
}

function csvCell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (v instanceof Date) s = v.toISOString().slice(0, 10);
  else if (typeof v === 'object' && 'text' in (v as object)) s = String((v as { text: unknown }).text);
  else if (typeof v === 'object' && 'result' in (v as object)) s = String((v as { result: unknown }).result ?? '');
  else if (typeof v === 'object' && 'richText' in (v as object)) s = (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** First worksheet of an .xlsx file → UTF-8 CSV, streamed row by row (Excel dates become YYYY-MM-DD). */
export async function xlsxToCsv(from: string, to: string): Promise<void> {
  const out = createWriteStream(to, { mode: 0o600 });
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(from, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
    let width = 0;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row as ExcelJS.Row).values as unknown[];
        const cells = values.slice(1);
        if (width === 0) width = cells.length;
        const line: string[] = [];
        for (let i = 0; i < width; i++) line.push(csvCell(cells[i]));
        await write(`${line.join(',')}\n`);
      }
      break;
    }
  } catch (e) {
    out.destroy();
    throw fileInvalid(`Excel 文件无法读取：${(e as Error).message}`, `the Excel file cannot be read: ${(e as Error).message}`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** A transform that counts bytes (for the upload size limit and progress). */
export function byteCounter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onBytes(chunk.length);
      cb(null, chunk);
    },
  });
}
