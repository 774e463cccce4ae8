/**
 * The DuckDB side of a comparison run. One in-memory DuckDB per run (never persisted: the registrants' ID numbers
 * decrypted for the join live only in this process's memory for the length of the run).
 *
 * 1. read: the partner file is read ONCE by `read_csv` (parallel, strict: a row with the wrong number of cells or a
 *    broken last line fails the whole run) into the table `rows` holding only the mapped columns, the ID number
 *    normalised. Insertion order is preserved, so `rowid + 2` is the line number.
 * 2. validate: ID numbers are checked once per distinct value (GB 11643 in SQL, see sql.ts); dates, months and
 *    amounts per row with cheap expressions. Rejected rows carry every reason.
 * 3. match: registrants (person id, registration, plaintext ID decrypted in Node) are appended into `registrants`
 *    (on a second connection, while the file is read) and hash-joined on the ID number; the rule of the dataset kind aggregates matches into candidate findings.
 *
 * Why plaintext in memory rather than blind indexes of the partner rows: see docs/comparison.md (measured:
 * decrypting a registrant costs ~7 µs, an HMAC ~2 µs, but partner files have ten times more distinct IDs than
 * there are registrants, and the index would have to go out of DuckDB and back).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, type DatasetKind, type FieldSpec } from './datasets.ts';
import { ID_PROBLEMS, ident, idProblemsQuery, lit, normalizeIdSql, parseAmountSql, parseDateSql, parseMonthSql } from './sql.ts';
import { fileInvalid } from './source.ts';

export interface EngineOptions {
  readonly memoryLimit?: string;
  readonly threads?: number;
}

export interface RejectedRow {
  readonly line: number;
  readonly reasons: { field: string; code: string; zh: string; en: string }[];
  readonly idNumber: string;
  readonly cells: Record<string, string | null>;
}

export interface Registrant {
  readonly personId: string;
  readonly registrationId: string;
  readonly kind: string;
  readonly registeredOn: string;
  readonly jurisdictionCode: string;
  readonly idNumber: string;
}

/** A match aggregated per registration (and per employer / business for employment evidence). */
export interface VerificationMatch {
  readonly personId: string;
  readonly registrationId: string;
  readonly jurisdictionCode: string;
  readonly registeredOn: string;
  /** Employer credit code or name (employment kinds), '' otherwise. */
  readonly key: string;
  /** First month/day of the evidence (YYYY-MM-DD). */
  readonly eventOn: string;
  readonly employerName: string | null;
  readonly employerCreditCode: string | null;
  readonly count: number;
  readonly evidence: Record<string, unknown>[];
}

export interface ListedPerson {
  readonly idNumber: string;
  readonly name: string | null;
  readonly divisionCode: string | null;
  readonly since: string | null;
  readonly grade: number | null;
  readonly lines: number[];
}

export interface EmployerRow {
  readonly employerName: string;
  readonly employerCreditCode: string;
  readonly divisionCode: string;
  readonly year: number;
  readonly amount: number;
  readonly line: number;
}

export type Progress = (p: { fraction: number; rowsRead: number }) => void;

const DATE_PROBLEM = { zh: '日期无法识别（应为 YYYY-MM-DD 或 YYYYMMDD）', en: 'unreadable date (YYYY-MM-DD or YYYYMMDD expected)' };
const MONTH_PROBLEM = { zh: '年月无法识别（应为 YYYYMM 或 YYYY-MM）', en: 'unreadable month (YYYYMM or YYYY-MM expected)' };
const AMOUNT_PROBLEM = { zh: '金额无法识别', en: 'unreadable amount' };
const DIVISION_PROBLEM = { zh: '区划代码应为12位数字', en: 'the division code must be 12 digits' };
const GRADE_PROBLEM = { zh: '残疾等级应为1至4', en: 'the disability grade must be 1 to 4' };
const YEAR_PROBLEM = { zh: '年度应为4位数字', en: 'the year must have 4 digits' };
const REQUIRED_PROBLEM = { zh: '必填项为空', en: 'required value is empty' };

/** Typed expression of a field over the raw cell `c`, and the SQL condition for an unreadable non-empty value. */
function typed(field: FieldSpec, c: string): { expr: string; bad: string | null; problem: { zh: string; en: string } | null } {
  const present = `(${c} IS NOT NULL AND trim(${c}) <> '')`;
  switch (field.type) {
    case 'date':
      return { expr: parseDateSql(c), bad: `${present} AND ${parseDateSql(c)} IS NULL`, problem: DATE_PROBLEM };
    case 'month':
      return { expr: parseMonthSql(c), bad: `${present} AND ${parseMonthSql(c)} IS NULL`, problem: MONTH_PROBLEM };
    case 'amount':
      return { expr: parseAmountSql(c), bad: `${present} AND ${parseAmountSql(c)} IS NULL`, problem: AMOUNT_PROBLEM };
    case 'division':
      return { expr: `trim(${c})`, bad: `${present} AND NOT regexp_full_match(trim(${c}), '[0-9]{12}')`, problem: DIVISION_PROBLEM };
    case 'grade':
      return { expr: `try_cast(trim(${c}) AS INTEGER)`, bad: `${present} AND coalesce(try_cast(trim(${c}) AS INTEGER) NOT BETWEEN 1 AND 4, true)`, problem: GRADE_PROBLEM };
    case 'year':
      return { expr: `try_cast(trim(${c}) AS INTEGER)`, bad: `${present} AND coalesce(try_cast(trim(${c}) AS INTEGER) NOT BETWEEN 1900 AND 2999, true)`, problem: YEAR_PROBLEM };
    default:
      return { expr: `nullif(trim(${c}), '')`, bad: null, problem: null };
  }
}

/** DuckDB's CSV errors name a line; turn them into the bilingual error of the run. */
function csvError(e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  if (/interrupt/i.test(msg)) return e as Error;
  const line = /line:?\s*(\d+)/i.exec(msg)?.[1];
  const expected = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  if (expected) {
    return fileInvalid(
      `第 ${line ?? '?'} 行有 ${expected[2]} 列，表头有 ${expected[1]} 列（文件可能被截断或行尾损坏）`,
      `line ${line ?? '?'} has ${expected[2]} cells where the header has ${expected[1]} (truncated file or broken line?)`,
    );
  }
  if (/quote/i.test(msg) || /unterminated/i.test(msg)) {
    return fileInvalid(`第 ${line ?? '?'} 行引号未闭合（文件可能被截断）`, `line ${line ?? '?'} has an unterminated quote (truncated file?)`);
  }
  if (/invalid unicode|utf-?8/i.test(msg)) return fileInvalid(`第 ${line ?? '?'} 行不是有效的 UTF-8 文本`, `line ${line ?? '?'} is not valid UTF-8`);
  const first = msg.split('\n')[0]?.slice(0, 300) ?? msg;
  return fileInvalid(`CSV 解析失败：${first}`, `CSV parsing failed: ${first}`);
}

export class ComparisonEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly kind: DatasetKind,
    private readonly today: string,
  ) {}

  static async open(kind: DatasetKind, today: string, options: EngineOptions = {}): Promise<ComparisonEngine> {
    // No automatic checkpoint: on an in-memory database it only recompresses the tables, and after the CREATE TABLE
    // of 10,000,000 rows it ran inside the next statement for 7 s (profiled: checkpoint_latency of the match).
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: options.memoryLimit ?? '1GB', threads: String(options.threads ?? 2), checkpoint_threshold: '1TB' });
    const conn = await instance.connect();
    return new ComparisonEngine(instance, conn, kind, today);
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  interrupt(): void {
    this.conn.interrupt();
  }

  private get spec() {
    return DATASETS[this.kind];
  }

  /** Runs a statement while reporting DuckDB's own progress (bytes of the CSV read) every `everyMs`. */
  private async withProgress<T>(work: Promise<T>, onProgress: Progress | undefined, everyMs = 500): Promise<T> {
    if (!onProgress) return work;
    const timer = setInterval(() => {
      const p = this.conn.progress;
      if (p.percentage >= 0) onProgress({ fraction: Math.min(1, p.percentage / 100), rowsRead: Number(p.rows_processed) });
    }, everyMs);
    try {
      return await work;
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Reads the (UTF-8) CSV once into `rows`, and flags each row's cell problems while reading: one CREATE TABLE AS
   * SELECT whose inner projection parses every typed cell once and whose outer projection derives `bad` from the
   * parsed values (no check is evaluated again later). Columns: `id` (normalised), `raw_id` (the cell, only when
   * normalising changed it), per typed field its value and `raw_<key>` (the cell, for the rejected-row report), per
   * text field the trimmed value, and `bad`. Returns the number of data rows.
   */
  async read(csvPath: string, headers: readonly string[], mapping: Readonly<Record<string, string>>, onProgress?: Progress): Promise<number> {
    const columns = `{${headers.map((h, i) => `${lit(h === '' ? `column${i}` : h)}: 'VARCHAR'`).join(', ')}}`;
    const src = `read_csv(${lit(csvPath)}, header = true, auto_detect = false, columns = ${columns}, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, parallel = true)`;
    const inner: string[] = [];
    const outer: string[] = [];
    const bad: string[] = [];
    for (const field of this.spec.fields) {
      const header = mapping[field.key];
      const c = header === undefined ? 'NULL::VARCHAR' : ident(header);
      const k = ident(field.key);
      const raw = ident(`raw_${field.key}`);
      if (field.type === 'id') {
        inner.push(`${c} AS raw_id`);
        // Fast path: a cell of 18 bytes without a lower-case x is either already clean, or holds whitespace /
        // full-width characters and is malformed whether normalised or not (normalising would shorten it).
        const clean = `(strlen(raw_id) = 18 AND NOT contains(raw_id, 'x'))`;
        outer.push(`CASE WHEN ${clean} THEN raw_id ELSE ${normalizeIdSql('raw_id')} END AS id`, `CASE WHEN ${clean} THEN NULL ELSE raw_id END AS raw_id`);
      } else if (field.type === 'text') {
        inner.push(`${typed(field, c).expr} AS ${k}`);
        outer.push(k);
        if (field.required) bad.push(`${k} IS NULL`);
      } else {
        inner.push(`${c} AS ${raw}`, `${typed(field, c).expr} AS ${k}`);
        outer.push(raw, k);
        // Empty where required, or present but unreadable; the cell is trimmed only for rows whose value is NULL.
        bad.push(field.required ? `${k} IS NULL` : `CASE WHEN ${k} IS NOT NULL THEN false ELSE coalesce(trim(${raw}), '') <> '' END`);
      }
    }
    outer.push(`${bad.length ? bad.join(' OR ') : 'false'} AS bad`);
    try {
      await this.withProgress(this.conn.run(`CREATE OR REPLACE TABLE rows AS SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(', ')} FROM ${src})`), onProgress);
    } catch (e) {
      throw csvError(e);
    }
    const n = Number((await this.conn.runAndReadAll('SELECT count(*) FROM rows')).getRows()[0]?.[0] ?? 0);
    if (n === 0) throw fileInvalid('文件只有表头，没有数据行', 'the file has a header but no data rows');
    return n;
  }

  private get hasId(): boolean {
    return this.spec.fields.some((f) => f.type === 'id');
  }

  /**
   * Validation: ID numbers once per distinct value (`bad_ids`: GB 11643 in SQL, costly arithmetic, so never per
   * row), then the rejected rows (flagged while reading, or with a bad ID) materialised once into `rejected`.
   * Returns the rejected-row count.
   */
  async validate(): Promise<number> {
    if (this.hasId) {
      await this.conn.run(`CREATE OR REPLACE TABLE bad_ids AS ${idProblemsQuery('(SELECT DISTINCT id FROM rows)', this.today)}`);
    }
    await this.conn.run(`CREATE OR REPLACE TABLE rejected AS SELECT rowid + 2 AS line, * FROM rows WHERE ${this.rowProblemCondition()}`);
    return Number((await this.conn.runAndReadAll('SELECT count(*) FROM rejected')).getRows()[0]?.[0] ?? 0);
  }

  /** SQL condition true for a row with any problem: flagged while reading, or its ID number in `bad_ids`. */
  private rowProblemCondition(alias = 'rows'): string {
    return this.hasId ? `(${alias}.bad OR ${alias}.id IN (SELECT id FROM bad_ids))` : `${alias}.bad`;
  }

  /** The rejected rows with every reason, in line order, in pages (`limit` rows from `offset`). */
  async rejectedRows(offset: number, limit: number): Promise<RejectedRow[]> {
    const hasId = this.hasId;
    const r = await this.conn.runAndReadAll(
      `SELECT r.*, ${hasId ? 'b.problem' : 'NULL'} AS id_problem FROM rejected r ${hasId ? 'LEFT JOIN bad_ids b ON b.id = r.id' : ''} ORDER BY line LIMIT ${limit} OFFSET ${offset}`,
    );
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | boolean | null>;
      const reasons: RejectedRow['reasons'] = [];
      const cells: Record<string, string | null> = {};
      const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
      for (const field of this.spec.fields) {
        if (field.type === 'id') {
          cells[field.key] = str(o.raw_id) ?? str(o.id);
          const p = str(o.id_problem);
          if (p) reasons.push({ field: field.key, code: `id_${p}`, ...ID_PROBLEMS[p]! });
          continue;
        }
        if (field.type === 'text') {
          const value = str(o[field.key]);
          cells[field.key] = value;
          if (field.required && value === null) reasons.push({ field: field.key, code: 'required', ...REQUIRED_PROBLEM });
          continue;
        }
        const value = str(o[`raw_${field.key}`]);
        cells[field.key] = value;
        if (field.required && (value === null || value.trim() === '')) reasons.push({ field: field.key, code: 'required', ...REQUIRED_PROBLEM });
        else if (value !== null && value.trim() !== '' && o[field.key] === null) reasons.push({ field: field.key, code: `invalid_${field.type}`, ...typed(field, 'x').problem! });
      }
      return { line: Number(o.line), reasons, idNumber: String(o.id ?? ''), cells };
    });
  }

  /**
   * Appends registrants (decrypted in Node) into DuckDB for the join; never written to disk. It uses a connection
   * of its own so that it can run while the main connection reads the partner file: the registry query and the
   * decryption then overlap DuckDB's CSV work instead of following it.
   */
  async loadRegistrants(batches: AsyncIterable<readonly Registrant[]>): Promise<number> {
    const conn = await this.instance.connect();
    try {
      await conn.run('CREATE OR REPLACE TABLE registrants (person_id VARCHAR, registration_id VARCHAR, kind VARCHAR, registered_on VARCHAR, jurisdiction_code VARCHAR, id VARCHAR)');
      const appender = await conn.createAppender('registrants');
      let n = 0;
      try {
        for await (const batch of batches) {
          for (const r of batch) {
            appender.appendVarchar(r.personId);
            appender.appendVarchar(r.registrationId);
            appender.appendVarchar(r.kind);
            appender.appendVarchar(r.registeredOn);
            appender.appendVarchar(r.jurisdictionCode);
            appender.appendVarchar(r.idNumber);
            appender.endRow();
            n++;
          }
        }
      } finally {
        appender.closeSync();
      }
      return n;
    } finally {
      conn.closeSync();
    }
  }

  /**
   * Valid rows joined to registrants: `matched`, with the parsed values only (the raw cells and flags are not
   * scanned: on 10,000,000 rows every column read costs). Returns the number of matching rows.
   */
  async match(): Promise<number> {
    await this.conn.run(
      `CREATE OR REPLACE TABLE matched AS
         SELECT rows.rowid + 2 AS line, ${this.spec.fields.map((f) => `rows.${f.type === 'id' ? 'id' : ident(f.key)}`).join(', ')},
                g.person_id, g.registration_id, g.jurisdiction_code, CAST(g.registered_on AS DATE) AS registered_on
           FROM rows JOIN registrants g ON rows.id = g.id
          WHERE NOT ${this.rowProblemCondition()}`,
    );
    return Number((await this.conn.runAndReadAll('SELECT count(*) FROM matched')).getRows()[0]?.[0] ?? 0);
  }

  /** Candidate status-verification findings from `matched`, by the dataset kind's rule. */
  async verificationMatches(): Promise<VerificationMatch[]> {
    const c = this.spec.comparison;
    const evidenceCols = this.spec.fields.filter((f) => f.type !== 'id').map((f) => `${ident(f.key)} := CAST(${ident(f.key)} AS VARCHAR)`);
    const evidence = `to_json(list(struct_pack(line := line, ${evidenceCols.join(', ')}) ORDER BY line)[1:12])`;
    let sql: string;
    if (c.type === 'employment' && this.kind === 'social_insurance') {
      // Contributions in months after the month of registration: employed since registering (R7.2).
      sql = `SELECT person_id, registration_id, jurisdiction_code, CAST(registered_on AS VARCHAR) AS registered_on,
                    coalesce(employer_credit_code, employer_name, '') AS key,
                    CAST(make_date(min(month) // 100, min(month) % 100, 1) AS VARCHAR) AS event_on,
                    arg_min(employer_name, month) AS employer_name, arg_min(employer_credit_code, month) AS employer_credit_code,
                    count(*) AS n, ${evidence.replace('ORDER BY line', 'ORDER BY month')} AS evidence
               FROM matched
              WHERE month > year(registered_on) * 100 + month(registered_on)
              GROUP BY ALL`;
    } else if (c.type === 'employment') {
      // A business registered in the person's name: self-employed (R7.2).
      sql = `SELECT person_id, registration_id, jurisdiction_code, CAST(registered_on AS VARCHAR) AS registered_on,
                    credit_code AS key, CAST(min(established_on) AS VARCHAR) AS event_on,
                    arg_min(business_name, established_on) AS employer_name, credit_code AS employer_credit_code,
                    count(*) AS n, ${evidence} AS evidence
               FROM matched GROUP BY person_id, registration_id, jurisdiction_code, registered_on, credit_code`;
    } else if (c.type === 'deregister') {
      // The event happened (not after today) and, for periods, had not ended before the registration.
      const ended = c.endField ? `AND (${ident(c.endField)} IS NULL OR ${ident(c.endField)} > registered_on)` : '';
      sql = `SELECT person_id, registration_id, jurisdiction_code, CAST(registered_on AS VARCHAR) AS registered_on, '' AS key,
                    CAST(min(${ident(c.eventField)}) AS VARCHAR) AS event_on, NULL AS employer_name, NULL AS employer_credit_code,
                    count(*) AS n, ${evidence} AS evidence
               FROM matched
              WHERE ${ident(c.eventField)} <= DATE ${lit(this.today)} ${ended}
              GROUP BY ALL`;
    } else {
      return [];
    }
    const r = await this.conn.runAndReadAll(sql);
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | null>;
      return {
        personId: String(o.person_id),
        registrationId: String(o.registration_id),
        jurisdictionCode: String(o.jurisdiction_code),
        registeredOn: String(o.registered_on),
        key: String(o.key ?? ''),
        eventOn: String(o.event_on),
        employerName: o.employer_name === null ? null : String(o.employer_name),
        employerCreditCode: o.employer_credit_code === null ? null : String(o.employer_credit_code),
        count: Number(o.n),
        evidence: JSON.parse(String(o.evidence)) as Record<string, unknown>[],
      };
    });
  }

  /** Distinct valid persons of a discovery list (lists are small: 低保, 低收入, 残疾人, 救助). */
  async listedPersons(): Promise<ListedPerson[]> {
    const has = (k: string) => this.spec.fields.some((f) => f.key === k);
    const r = await this.conn.runAndReadAll(
      `SELECT id, any_value(name) AS name, ${has('division_code') ? 'any_value(division_code)' : 'NULL'} AS division_code,
              ${has('since') ? 'CAST(min(since) AS VARCHAR)' : 'NULL'} AS since, ${has('disability_grade') ? 'min(disability_grade)' : 'NULL'} AS grade,
              to_json(list(rowid + 2 ORDER BY rowid)) AS lines
         FROM rows WHERE NOT ${this.rowProblemCondition()} GROUP BY id ORDER BY id`,
    );
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | null>;
      return {
        idNumber: String(o.id),
        name: o.name === null ? null : String(o.name),
        divisionCode: o.division_code === null ? null : String(o.division_code),
        since: o.since === null ? null : String(o.since),
        grade: o.grade === null ? null : Number(o.grade),
        lines: JSON.parse(String(o.lines)) as number[],
      };
    });
  }

  /** Valid employer rows (tax / disability-employment fee list). */
  async employers(): Promise<EmployerRow[]> {
    const r = await this.conn.runAndReadAll(
      `SELECT rowid + 2 AS line, employer_name, employer_credit_code, division_code, year, CAST(amount AS DOUBLE) AS amount FROM rows WHERE NOT ${this.rowProblemCondition()} ORDER BY amount DESC, line`,
    );
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | null>;
      return { line: Number(o.line), employerName: String(o.employer_name), employerCreditCode: String(o.employer_credit_code), divisionCode: String(o.division_code), year: Number(o.year), amount: Number(o.amount) };
    });
  }
}
