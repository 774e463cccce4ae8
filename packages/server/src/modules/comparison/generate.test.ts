import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapHeaders } from './datasets.ts';
import { splitCsvLine } from './source.ts';
import { employerNameOf, generatePartnerFile } from './generate.ts';

describe('generated partner files', () => {
  it('social insurance rows name the employer (a realistic name in 单位名称, the same for the same credit code), and the mapping knows the column', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bangfu-gen-')), 'si.csv');
    await generatePartnerFile({ kind: 'social_insurance', rows: 400, out, seed: 7, persons: 200, asOf: '2026-01-15' });
    const [header, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\n');
    const headers = splitCsvLine(header!);
    const { mapping, missing } = mapHeaders('social_insurance', headers, {});
    expect(missing).toEqual([]);
    expect(mapping.employer_name).toBe('单位名称');
    const col = headers.indexOf('单位名称');
    const code = headers.indexOf('统一社会信用代码');
    const nameOf = new Map<string, string>();
    for (const r of rows) {
      const cells = r.split(',');
      expect(cells[col]).toMatch(/^[\u4e00-\u9fa5]{4,}(有限公司|有限责任公司|股份有限公司|集团有限公司)$/);
      expect(cells[col]).not.toBe(cells[code]);
      if (nameOf.has(cells[code]!)) expect(nameOf.get(cells[code]!)).toBe(cells[col]);
      nameOf.set(cells[code]!, cells[col]!);
    }
    expect(new Set(rows.map((r) => r.split(',')[col])).size).toBeGreaterThan(5);
    expect(employerNameOf(3)).toBe(employerNameOf(3));
  });
});
