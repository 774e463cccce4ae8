import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckChar } from '@bangfu/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { mapHeaders } from './datasets.ts';
import { ComparisonEngine, DuckDBHost } from './engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'bangfu-engine-'));
const host = new DuckDBHost({ threads: 1 });
afterAll(() => host.close());

function id(n: number, x = false): string {
  for (let k = n; ; k++) {
    const first17 = `15010219900101${String(k).padStart(3, '0')}`;
    const c = residentIdCheckChar(first17);
    if ((c === 'X') === x) return first17 + c;
  }
}

async function engineFor(lines: string[]) {
  const path = join(dir, `f${Math.random().toString(16).slice(2)}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const headers = lines[0]!.split(',');
  const engine = await ComparisonEngine.open('social_insurance', '2026-01-15', host);
  const rows = await engine.read(path, headers, mapHeaders('social_insurance', headers).mapping);
  return { engine, rows };
}

describe('reading a partner file: what is stored, what is rejected, what matches', () => {
  it('rejects rows with every reason and reports the cells as they were in the file', async () => {
    const withX = id(10, true);
    const { engine, rows } = await engineFor([
      '公民身份号码,姓名,统一社会信用代码,缴费年月,缴费基数',
      `${id(1)},张三,91150102MA0N000001,202503,4500`, // 2: valid
      `${id(2)},李四,91150102MA0N000001,2025-03,4500.5`, // 3: valid (YYYY-MM)
      `${withX.toLowerCase()},王五,,202503,`, // 4: valid (lower-case x normalised; optional cells empty)
      `${id(4)},   ,91150102MA0N000001,2025-13,abc`, // 5: name empty, month and base unreadable
      `${id(5).slice(0, 17)}${id(5).endsWith('1') ? '2' : '1'},赵六,,202503,100`, // 6: check digit
      `${id(6)},钱七,,,100`, // 7: month missing
      ` ${id(7)} ,孙八,,202504,-5`, // 8: ID with spaces (normalised), negative amount
    ]);
    expect(rows).toBe(7);
    expect(await engine.validate()).toBe(4);
    const rejected = await engine.rejectedRows(0, 100);
    const byLine = Object.fromEntries(rejected.map((r) => [r.line, r]));
    expect(Object.keys(byLine).map(Number)).toEqual([5, 6, 7, 8]);
    expect(byLine[5]!.reasons.map((r) => r.code)).toEqual(['required', 'invalid_month', 'invalid_amount']);
    expect(byLine[5]!.cells).toEqual({ id_number: id(4), name: '   ', employer_name: null, employer_credit_code: '91150102MA0N000001', month: '2025-13', base: 'abc' });
    expect(byLine[6]!.reasons.map((r) => r.code)).toEqual(['id_check_digit']);
    expect(byLine[6]!.cells).toMatchObject({ name: '赵六', month: '202503', base: '100' });
    expect(byLine[7]!.reasons.map((r) => r.code)).toEqual(['required']);
    expect(byLine[7]!.reasons[0]!.field).toBe('month');
    expect(byLine[8]!.reasons.map((r) => r.code)).toEqual(['invalid_amount']);
    // The ID cell as it was (with its spaces), the normalised number for matching.
    expect(byLine[8]!.cells.id_number).toBe(` ${id(7)} `);
    expect(byLine[8]!.idNumber).toBe(id(7));
    await engine.close();
  });

  it('matches valid rows on the normalised ID number, with the parsed values', async () => {
    const withX = id(10, true);
    const { engine } = await engineFor([
      '公民身份号码,姓名,统一社会信用代码,缴费年月,缴费基数',
      `${id(1)},张三, 91150102MA0N000001 ,2025-03,4500.5`,
      `${withX.toLowerCase()},王五,,202504,`,
      `${id(1)},张三,91150102MA0N000001,2025-13,4500`, // rejected: not matched
    ]);
    await engine.loadRegistrants(
      (async function* () {
        yield [id(1), withX].map((n, i) => ({ personId: `p${i}`, registrationId: `r${i}`, kind: 'unemployment', registeredOn: '2025-01-10', jurisdictionCode: '150102001001', idNumber: n }));
      })(),
    );
    await engine.validate();
    expect(await engine.match()).toBe(2);
    const found = await engine.verificationMatches();
    expect(found.map((m) => [m.personId, m.key, m.eventOn, m.count])).toEqual(
      expect.arrayContaining([
        ['p0', '91150102MA0N000001', '2025-03-01', 1],
        ['p1', '', '2025-04-01', 1],
      ]),
    );
    const p0 = found.find((m) => m.personId === 'p0')!;
    expect(p0.evidence).toEqual([{ line: 2, name: '张三', employer_name: null, employer_credit_code: '91150102MA0N000001', month: '202503', base: '4500.50' }]);
    await engine.close();
  });
});
