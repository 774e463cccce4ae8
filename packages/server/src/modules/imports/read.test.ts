import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { bufferSource, decodeCsvFields, detectEncoding, FileReadError, MAX_ROW_BYTES, readRows } from './read.ts';

async function rows(data: Buffer, encoding: 'utf-8' | 'gbk' = 'utf-8') {
  const out: [number, string, string | undefined][] = [];
  for await (const r of readRows('csv', encoding, bufferSource(data))) out.push([r.rowNo, r.cells[0] ?? '', r.problem?.en]);
  return out;
}

describe('CSV reading', () => {
  it('numbers rows as a spreadsheet shows lines (CRLF, empty lines, quoted newlines, no final newline)', async () => {
    expect(await rows(Buffer.from('a,b\r\n\r\n"x\r\ny",z\r\nq,w\n\nlast,1'))).toEqual([
      [1, 'a', undefined],
      [3, 'x\r\ny', undefined],
      [5, 'q', undefined],
      [7, 'last', undefined],
    ]);
  });

  it('drops the UTF-8 BOM from the first header cell', async () => {
    expect((await rows(Buffer.from('\uFEFF姓名,x\n张三,1\n')))[0]).toEqual([1, '姓名', undefined]);
  });

  it('detects GBK and flags a UTF-8 row in a GBK file (女 in GBK is valid UTF-8 on its own, a whole row is not)', async () => {
    const gbk = iconv.encode('姓名,性别\n李伟,女\n', 'gbk');
    expect(detectEncoding(gbk)).toBe('gbk');
    expect(decodeCsvFields([iconv.encode('女', 'gbk')], 'gbk').problem).toBeUndefined();
    const mixed = Buffer.concat([gbk, Buffer.from('王芳,女\n', 'utf8'), iconv.encode('赵敏,女\n', 'gbk')]);
    expect(await rows(mixed, 'gbk')).toEqual([
      [1, '姓名', undefined],
      [2, '李伟', undefined],
      [3, expect.any(String), 'this row is UTF-8 while the rest of the file is GBK; save the whole file in one encoding and upload again'],
      [4, '赵敏', undefined],
    ]);
  });

  it('flags a GBK row in a UTF-8 file', async () => {
    const mixed = Buffer.concat([Buffer.from('姓名\n王芳\n'), iconv.encode('赵敏\n', 'gbk')]);
    expect(detectEncoding(mixed.subarray(0, 16))).toBe('utf-8');
    expect((await rows(mixed))[2]?.[2]).toMatch(/not valid UTF-8/);
  });
});

describe('a 100 MB single line (issue 11)', () => {
  // Generated here in a temp directory, never committed: a file that is one 100 MB line, and a header above one.
  const dir = mkdtempSync(join(tmpdir(), 'bangfu-bigline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  function bigFile(name: string, head: string): string {
    const file = join(dir, name);
    const fd = openSync(file, 'w');
    writeSync(fd, head);
    const block = Buffer.alloc(1 << 20, '1501021990030712'); // digits, like a ledger with its line breaks lost
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    closeSync(fd);
    return file;
  }
  const fromFile = (file: string) => () => createReadStream(file, { highWaterMark: 1 << 20 });

  it.each([
    ['one line, no header', 'one.csv', '', 1],
    ['a header, then one 100 MB data line', 'two.csv', '姓名,公民身份号码\n', 2],
  ])('%s: the file is unreadable, saying which line is too long and the limit (not "header only")', async (_label, name, head, line) => {
    const file = bigFile(name, head);
    const seen: number[] = [];
    const read = async () => {
      for await (const r of readRows('csv', 'utf-8', fromFile(file))) seen.push(r.rowNo);
    };
    const error = await read().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FileReadError);
    expect((error as FileReadError).en).toBe(
      `line ${line} is longer than the limit of 1 MiB for one row, so the file cannot be read: it is probably not a table of lines (the whole file is one line, line breaks are missing, or it is not a CSV/Excel table)`,
    );
    expect((error as FileReadError).zh).toContain(`第 ${line} 行超过单行长度上限 1 MiB`);
    expect(MAX_ROW_BYTES).toBe(1 << 20);
    expect(seen).toEqual(line === 2 ? [1] : []);
  }, 60_000);
});
