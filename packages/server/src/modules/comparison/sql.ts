/**
 * DuckDB SQL expressions for validating partner cells, so that tens of millions of rows are checked inside DuckDB
 * (vectorised, both cores) instead of row by row in JavaScript.
 *
 * The resident-ID check reproduces GB 11643-1999 (ISO 7064 MOD 11-2) exactly as `residentIdCheckChar` in
 * @bangfu/rules: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 and check characters "10X98765432"; the digits are
 * taken arithmetically from the 17-digit prefix cast to two integers (much cheaper than 17 substrings). sql.test.ts
 * checks the expression against the rules package on random numbers.
 */
import type { FieldSpec, FieldType } from './datasets.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Province-level prefixes accepted by @bangfu/rules `checkIdentity` (GB/T 2260 first level). */
const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83'];

/** Quotes a SQL identifier (a header from a partner file may contain anything). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a SQL string literal. */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The one normalisation of an ID cell: no whitespace, full-width digits and X folded, upper case. */
export function normalizeIdSql(cell: string): string {
  return `upper(translate(regexp_replace(coalesce(${cell}, ''), '\\s+', '', 'g'), '０１２３４５６７８９Ｘｘ', '0123456789XX'))`;
}

/**
 * GB 11643 check character from the 17-digit prefix given as two integers, `a` = digits 1–9 and `b` = digits
 * 10–17 (32-bit arithmetic; the digits are taken by division, cheaper than 17 substrings).
 */
export function checkCharOfHalvesSql(a: string, b: string): string {
  const sa = WEIGHTS.slice(0, 9).map((w, i) => `((${a} // ${10 ** (8 - i)}) % 10) * ${w}`);
  const sb = WEIGHTS.slice(9).map((w, i) => `((${b} // ${10 ** (7 - i)}) % 10) * ${w}`);
  return `substr('10X98765432', CAST((${[...sa, ...sb].join(' + ')}) % 11 AS INTEGER) + 1, 1)`;
}

/** GB 11643 check character of an 18-character ID (its first 17 characters must be digits). */
export function checkCharSql(id: string): string {
  return checkCharOfHalvesSql(`CAST(substr(${id}, 1, 9) AS INTEGER)`, `CAST(substr(${id}, 10, 8) AS INTEGER)`);
}

/**
 * Problem code of a normalised ID number, or NULL when valid: `missing`, `format` (not 17 digits + digit/X, or an
 * unknown province), `check_digit`, `birth_date` (digits 7–14 not a real date, or after `today`). `halves` names
 * columns already holding the prefix as two integers (see `idProblemsQuery`).
 */
export function idProblemSql(id: string, today: string, halves?: { a: string; b: string }): string {
  const check = halves ? checkCharOfHalvesSql(halves.a, halves.b) : checkCharSql(id);
  return `CASE
    WHEN ${id} = '' THEN 'missing'
    WHEN NOT regexp_full_match(${id}, '[0-9]{17}[0-9X]') OR substr(${id}, 1, 2) NOT IN (${PROVINCES.map(lit).join(', ')}) THEN 'format'
    WHEN ${check} <> substr(${id}, 18, 1) THEN 'check_digit'
    WHEN try_strptime(substr(${id}, 7, 8), '%Y%m%d') IS NULL OR CAST(try_strptime(substr(${id}, 7, 8), '%Y%m%d') AS DATE) > DATE ${lit(today)} THEN 'birth_date'
  END`;
}

/**
 * `(id, problem)` for each ID of the relation `from` (a column `id`) that has a problem. The prefix is parsed once
 * per ID in an inner projection (two integers; DuckDB would otherwise cast it again for each of the 17 digits), and
 * so is the birth date; the province is the integer prefix `a // 10000000` (an integer IN list, not 35 substrings).
 */
export function idProblemsQuery(from: string, today: string): string {
  const check = checkCharOfHalvesSql('a', 'b');
  return `SELECT id, problem FROM (
    SELECT id, CASE
      WHEN id = '' THEN 'missing'
      WHEN NOT regexp_full_match(id, '[0-9]{17}[0-9X]') OR a // 10000000 NOT IN (${PROVINCES.join(', ')}) THEN 'format'
      WHEN ${check} <> substr(id, 18, 1) THEN 'check_digit'
      WHEN born IS NULL OR CAST(born AS DATE) > DATE ${lit(today)} THEN 'birth_date'
    END AS problem
      FROM (SELECT id, try_cast(substr(id, 1, 9) AS INTEGER) AS a, try_cast(substr(id, 10, 8) AS INTEGER) AS b, try_strptime(substr(id, 7, 8), '%Y%m%d') AS born FROM ${from})
  ) WHERE problem IS NOT NULL`;
}

/** A calendar day in any of YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, YYYY.MM.DD; NULL when unparseable. */
export function parseDateSql(cell: string): string {
  const c = `trim(${cell})`;
  return `CAST(coalesce(try_strptime(${c}, '%Y-%m-%d'), try_strptime(${c}, '%Y%m%d'), try_strptime(${c}, '%Y/%m/%d'), try_strptime(${c}, '%Y.%m.%d')) AS DATE)`;
}

/**
 * A cell read as an integer month YYYYMM, not yet range-checked (see `monthValidSql`). The '-' of YYYY-MM is dropped
 * only when present, and nothing is trimmed: casts ignore surrounding whitespace (integer arithmetic and one cast
 * per cell: cheap on 10,000,000 rows).
 */
export function monthIntSql(cell: string): string {
  return `CASE WHEN contains(${cell}, '-') THEN try_cast(replace(${cell}, '-', '') AS INTEGER) ELSE try_cast(${cell} AS INTEGER) END`;
}

/** SQL condition: an integer YYYYMM is a real month (NULL for NULL). */
export function monthValidSql(m: string): string {
  return `(${m} BETWEEN 190001 AND 299912 AND ${m} % 100 BETWEEN 1 AND 12)`;
}

/** A month YYYYMM or YYYY-MM as the integer YYYYMM; NULL when unparseable. */
export function parseMonthSql(cell: string): string {
  const m = `(${monthIntSql(cell)})`;
  return `CASE WHEN ${monthValidSql(m)} THEN ${m} END`;
}

/** A non-negative amount (yuan); NULL when unparseable. */
export function parseAmountSql(cell: string): string {
  const v = `try_cast(trim(${cell}) AS DECIMAL(18, 2))`;
  return `CASE WHEN ${v} >= 0 THEN ${v} END`;
}

export const ID_PROBLEMS: Readonly<Record<string, { zh: string; en: string }>> = {
  missing: { zh: '缺少公民身份号码', en: 'the ID number is missing' },
  format: { zh: '公民身份号码格式不正确（应为18位，前17位为数字）', en: 'the ID number is malformed (18 characters, the first 17 digits)' },
  check_digit: { zh: '公民身份号码校验码不正确（GB 11643-1999）', en: 'the ID number check character is wrong (GB 11643-1999)' },
  birth_date: { zh: '公民身份号码中的出生日期无效', en: 'the birth date in the ID number is not valid' },
};

// Cells of the partner file as stored in the run's `rows` table (see engine.ts).

const DATE_PROBLEM = { zh: '日期无法识别（应为 YYYY-MM-DD 或 YYYYMMDD）', en: 'unreadable date (YYYY-MM-DD or YYYYMMDD expected)' };
const MONTH_PROBLEM = { zh: '年月无法识别（应为 YYYYMM 或 YYYY-MM）', en: 'unreadable month (YYYYMM or YYYY-MM expected)' };
const AMOUNT_PROBLEM = { zh: '金额无法识别', en: 'unreadable amount' };
const DIVISION_PROBLEM = { zh: '区划代码应为12位数字', en: 'the division code must be 12 digits' };
const GRADE_PROBLEM = { zh: '残疾等级应为1至4', en: 'the disability grade must be 1 to 4' };
const YEAR_PROBLEM = { zh: '年度应为4位数字', en: 'the year must have 4 digits' };
export const REQUIRED_PROBLEM = { zh: '必填项为空', en: 'required value is empty' };

/** SQL condition: the cell is empty (NULL, or only spaces). Evaluated lazily: only cells starting with a space are trimmed. */
export function emptyCell(c: string): string {
  return `CASE WHEN ${c} IS NULL OR ${c} = '' THEN true WHEN ascii(${c}) = 32 THEN trim(${c}) = '' ELSE false END`;
}

/**
 * The typed value of a field from the cell as stored in `rows` (text, amount, division, grade and year cells are
 * stored as read and parsed only where used — matches, lists, rejected rows — never for every row; months and dates
 * are stored parsed).
 */
export function valueSql(field: FieldSpec, v: string): string {
  switch (field.type) {
    case 'id':
    case 'month':
    case 'date':
      return v;
    case 'text':
      return `nullif(trim(${v}), '')`;
    case 'amount':
      return parseAmountSql(v);
    case 'division':
      return `trim(${v})`;
    case 'grade':
    case 'year':
      return `try_cast(${v} AS INTEGER)`;
  }
}

export function problemOf(type: FieldType): { zh: string; en: string } | null {
  switch (type) {
    case 'date':
      return DATE_PROBLEM;
    case 'month':
      return MONTH_PROBLEM;
    case 'amount':
      return AMOUNT_PROBLEM;
    case 'division':
      return DIVISION_PROBLEM;
    case 'grade':
      return GRADE_PROBLEM;
    case 'year':
      return YEAR_PROBLEM;
    case 'id':
    case 'text':
      return null;
  }
}
