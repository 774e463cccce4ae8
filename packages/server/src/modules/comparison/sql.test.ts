import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { checkIdentity, residentIdCheckChar } from '@bangfu/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharSql, idProblemSql, lit, normalizeIdSql, parseDateSql, parseMonthSql } from './sql.ts';

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
});
afterAll(() => conn.closeSync());

async function column(sql: string): Promise<unknown[]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRows().map((row) => row[0]);
}

describe('GB 11643 check character in DuckDB SQL', () => {
  it('equals residentIdCheckChar from @bangfu/rules on random 17-digit prefixes', async () => {
    const prefixes = fc.sample(fc.stringMatching(/^\d{17}$/), 2000);
    const values = prefixes.map((p) => `(${lit(p)})`).join(', ');
    const got = await column(`SELECT ${checkCharSql('x')} FROM (VALUES ${values}) t(x)`);
    expect(got).toEqual(prefixes.map((p) => residentIdCheckChar(p)));
  });

  it('classifies numbers like checkIdentity (valid, bad check digit, bad date, malformed)', async () => {
    const valid = '11010519491231002X';
    const cases: [string, string | null][] = [
      [valid, null],
      ['11010519491231002x', null],
      ['１１０１０５１９４９１２３１００２Ｘ', null],
      ['110105194912310021', 'check_digit'],
      [`11010519491331002${residentIdCheckChar('11010519491331002')}`, 'birth_date'],
      ['1101051949123100', 'format'],
      ['A10105194912310020', 'format'],
      ['', 'missing'],
    ];
    const values = cases.map(([c]) => `(${lit(c)})`).join(', ');
    const got = await column(`SELECT ${idProblemSql('id', '2026-01-01')} FROM (SELECT ${normalizeIdSql('x')} AS id FROM (VALUES ${values}) t(x))`);
    expect(got).toEqual(cases.map(([, p]) => p));
    for (const [c, p] of cases) if (c !== '') expect(checkIdentity(c, { asOf: '2026-01-01' }).valid).toBe(p === null);
  });
});

describe('date and month cells', () => {
  it('parses the accepted date forms and refuses impossible dates', async () => {
    const got = await column(`SELECT CAST(${parseDateSql('x')} AS VARCHAR) FROM (VALUES ('2025-03-01'), ('20250301'), ('2025/03/01'), ('2025.03.01'), ('2025-02-30'), ('soon')) t(x)`);
    expect(got).toEqual(['2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01', null, null]);
  });
  it('parses YYYYMM and YYYY-MM months', async () => {
    const got = await column(`SELECT ${parseMonthSql('x')} FROM (VALUES ('202503'), ('2025-03'), ('202513'), ('2025'), ('abc')) t(x)`);
    expect(got).toEqual([202503, 202503, null, null, null]);
  });
});
