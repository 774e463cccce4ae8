import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { bufferSource, decodeCsvFields, detectEncoding, readRows } from './read.ts';

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
