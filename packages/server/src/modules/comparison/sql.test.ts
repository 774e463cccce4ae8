import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { checkIdentity, residentIdCheckChar } from '@bangfu/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharSql, idProblemSql, idProblemsQuery, lit, normalizeIdSql, parseAmountSql, parseDateSql, parseMonthSql } from './sql.ts';

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
    // The per-distinct-ID query of the engine (prefix parsed once) answers the same problems, valid IDs left out.
    const rows = await conn.runAndReadAll(`${idProblemsQuery(`(SELECT ${normalizeIdSql('x')} AS id FROM (VALUES ${values}) t(x))`, '2026-01-01')} ORDER BY id`);
    const expected = cases.filter(([, p]) => p !== null).map(([c, p]) => [c.replace('Ｘ', 'X'), p] as const);
    expect(rows.getRows().map((r) => [String(r[0]), String(r[1])])).toEqual([...expected].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([c, p]) => [c, p]));
  });

  it('the per-ID query agrees with checkIdentity on random valid and spoiled numbers', async () => {
    const prefixes = fc.sample(fc.tuple(fc.constantFrom('110105', '150102', '500103', '411002'), fc.date({ min: new Date('1950-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }), fc.stringMatching(/^\d{3}$/), fc.boolean()), 500);
    const ids = prefixes.map(([area, d, seq, spoil]) => {
      const first17 = `${area}${d.toISOString().slice(0, 10).replaceAll('-', '')}${seq}`;
      const c = residentIdCheckChar(first17);
      return first17 + (spoil ? (c === '1' ? '2' : '1') : c);
    });
    const values = ids.map((x) => `(${lit(x)})`).join(', ');
    const r = await conn.runAndReadAll(idProblemsQuery(`(SELECT x AS id FROM (VALUES ${values}) t(x))`, '2026-01-01'));
    const bad = new Set(r.getRows().map((row) => String(row[0])));
    for (const id of ids) expect(bad.has(id)).toBe(!checkIdentity(id, { asOf: '2026-01-01' }).valid);
  });
});

describe('date and month cells', () => {
  it('parses the accepted date forms and refuses impossible dates', async () => {
    const got = await column(`SELECT CAST(${parseDateSql('x')} AS VARCHAR) FROM (VALUES ('2025-03-01'), ('20250301'), ('2025/03/01'), ('2025.03.01'), ('2025-02-30'), ('soon')) t(x)`);
    expect(got).toEqual(['2025-03-01', '2025-03-01', '2025-03-01', '2025-03-01', null, null]);
  });
  it('parses amounts: whole and decimal yuan, not negative or text', async () => {
    const got = await column(`SELECT CAST(${parseAmountSql('x')} AS VARCHAR) FROM (VALUES ('5000'), (' 5000 '), ('5000.5'), ('-1'), ('abc'), (''), ('0x10'), ('007')) t(x)`);
    expect(got).toEqual(['5000.00', '5000.00', '5000.50', null, null, null, null, '7.00']);
  });
  it('parses YYYYMM and YYYY-MM months', async () => {
    const got = await column(`SELECT ${parseMonthSql('x')} FROM (VALUES ('202503'), ('2025-03'), ('202513'), ('2025'), ('abc'), (' 202503 '), ('2025-3'), ('-20253'), ('2025 3')) t(x)`);
    expect(got).toEqual([202503, 202503, null, null, null, 202503, null, null, null]);
  });
});
