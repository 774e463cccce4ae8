/**
 * The DuckDB side of a comparison run: a schema of its own in the process's in-memory DuckDB (`DuckDBHost`; never
 * persisted: the registrants' ID numbers decrypted for the join live only in this process's memory, and the
 * schema is dropped when the run ends).
 *
 * 1. read: the partner file is read ONCE by `read_csv` (parallel, strict: a row with the wrong number of cells or a
 *    broken last line fails the whole run) into the table `rows`: the ID number normalised, months and dates
 *    parsed, other mapped cells as read, a `bad` flag, raw cells only where they differ from the parsed ones.
 *    Insertion order is preserved, so `rowid + 2` is the line number.
 * 2. validate: ID numbers are checked once per distinct value (GB 11643 in SQL, see sql.ts); the other cells were
 *    flagged while reading. Rejected rows carry every reason.
 * 3. match: registrants (person id, registration, plaintext ID decrypted in Node) are appended into `registrants`
 *    (on a second connection, while the file is read) and hash-joined on the ID number; the rule of the dataset
 *    kind aggregates matches into candidate findings.
 *
 * Why plaintext in memory rather than blind indexes of the partner rows: see docs/comparison.md (measured:
 * decrypting a registrant costs ~7 µs, an HMAC ~2 µs, but partner files have ten times more distinct IDs than
 * there are registrants, and the index would have to go out of DuckDB and back).
 */
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DATASETS, type DatasetKind, type FieldSpec } from './datasets.ts';
import { csvError, type DuckDBHost } from './duckdb-host.ts';
import type { EmployerRow, ListedPerson, Progress, Registrant, RejectedRow, VerificationMatch } from './engine.types.ts';
import { emptyCell, ID_PROBLEMS, ident, idProblemsQuery, lit, monthIntSql, monthValidSql, normalizeIdSql, parseDateSql, problemOf, REQUIRED_PROBLEM, valueSql } from './sql.ts';
import { fileInvalid } from './source.ts';

export { DuckDBHost } from './duckdb-host.ts';
export type * from './engine.types.ts';

export class ComparisonEngine {
  private constructor(
    private readonly host: DuckDBHost,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    private readonly schema: string,
    readonly kind: DatasetKind,
    private readonly today: string,
  ) {}

  /** A run's engine: a connection to the host's DuckDB working in a schema of its own. */
  static async open(kind: DatasetKind, today: string, host: DuckDBHost): Promise<ComparisonEngine> {
    const instance = await host.acquire();
    try {
      const conn = await instance.connect();
      const schema = `run_${randomUUID().replace(/-/g, '')}`;
      await conn.run(`CREATE SCHEMA ${schema}`);
      await conn.run(`SET schema = '${schema}'`);
      return new ComparisonEngine(host, instance, conn, schema, kind, today);
    } catch (e) {
      host.release();
      throw e;
    }
  }

  /** Drops the run's tables (the decrypted ID numbers with them) and leaves the instance to the host. */
  async close(): Promise<void> {
    try {
      await this.conn.run(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      this.conn.closeSync();
      this.host.release();
    }
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

  /** Fields with a column in `rows` (the mapped ones; required fields are always mapped). */
  private stored = new Set<string>();

  /** The typed value of a field of `rows` (alias `t`), NULL for an unmapped field. */
  private value(field: FieldSpec, t = 'rows'): string {
    if (!this.stored.has(field.key)) return field.type === 'month' || field.type === 'grade' || field.type === 'year' ? 'NULL::INTEGER' : field.type === 'date' ? 'NULL::DATE' : 'NULL::VARCHAR';
    return valueSql(field, field.type === 'id' ? `${t}.id` : `${t}.${ident(field.key)}`);
  }

  /** The cell as it was in the file (for the rejected-row report). */
  private rawCell(field: FieldSpec, t = 'rows'): string {
    if (!this.stored.has(field.key)) return 'NULL::VARCHAR';
    const keep = `json_extract_string(${t}.raw, ${lit(`$.${field.key}`)})`;
    if (field.type === 'id') return `coalesce(${keep}, ${t}.id)`;
    if (field.type === 'month' || field.type === 'date') return `coalesce(${keep}, CAST(${t}.${ident(field.key)} AS VARCHAR))`;
    return `${t}.${ident(field.key)}`;
  }

  /**
   * Reads the (UTF-8) CSV once into `rows`, and flags each row's cell problems while reading, in ONE CREATE TABLE AS
   * SELECT. What is stored is kept small, because materialising 10,000,000 rows costs per column: the ID number
   * (normalised), months and dates parsed, every other mapped cell as it was read (parsed later, only for the rows
   * that are used: matches, lists, rejected rows), `bad` (a required cell empty, or a present cell unreadable), and
   * `raw`: NULL, except for the rare rows whose ID, month or date cell differs from its parsed form (then a JSON
   * object of those cells, for the rejected-row report). Insertion order is preserved, so `rowid + 2` is the line
   * number. Returns the number of data rows.
   */
  async read(csvPath: string, headers: readonly string[], mapping: Readonly<Record<string, string>>, onProgress?: Progress): Promise<number> {
    const columns = `{${headers.map((h, i) => `${lit(h === '' ? `column${i}` : h)}: 'VARCHAR'`).join(', ')}}`;
    const src = `read_csv(${lit(csvPath)}, header = true, auto_detect = false, columns = ${columns}, delim = ',', quote = '"', escape = '"', strict_mode = true, null_padding = false, parallel = true)`;
    const cells: string[] = []; // level 1: the mapped cells, renamed
    const parsed: string[] = []; // level 2: parsed once
    const out: string[] = []; // level 3: what is stored
    const bad: string[] = [];
    const rawKeys: string[] = [];
    const needRaw: string[] = [];
    this.stored = new Set();
    for (const field of this.spec.fields) {
      const header = mapping[field.key];
      if (header === undefined) {
        if (field.required) bad.push('true');
        continue;
      }
      this.stored.add(field.key);
      const c = ident(`c:${field.key}`);
      const k = ident(field.key);
      cells.push(`${ident(header)} AS ${c}`);
      switch (field.type) {
        case 'id': {
          // Fast path: a cell of 18 bytes without a lower-case x is either already clean, or holds whitespace /
          // full-width characters and is malformed whether normalised or not (normalising would shorten it).
          const clean = `(strlen(${c}) = 18 AND NOT contains(${c}, 'x'))`;
          parsed.push(`CASE WHEN ${clean} THEN ${c} ELSE ${normalizeIdSql(c)} END AS id`, `${clean} AS ${ident('ok:id')}`, c);
          out.push('id');
          rawKeys.push(field.key);
          needRaw.push(`NOT ${ident('ok:id')}`);
          break;
        }
        case 'month': {
          const m = ident(`m:${field.key}`);
          parsed.push(`${monthIntSql(c)} AS ${m}`, c);
          out.push(`CASE WHEN ${monthValidSql(m)} THEN ${m} END AS ${k}`);
          const valid = `coalesce(${monthValidSql(m)}, false)`;
          bad.push(field.required ? `NOT ${valid}` : `CASE WHEN ${valid} THEN false ELSE NOT (${emptyCell(c)}) END`);
          rawKeys.push(field.key);
          // A valid month of 6 bytes is its digits (a sign, space or exponent would not leave 6 digits).
          needRaw.push(`(${c} IS NOT NULL AND NOT (strlen(${c}) = 6 AND ${valid}))`);
          break;
        }
        case 'date': {
          parsed.push(`${parseDateSql(c)} AS ${k}`, c);
          out.push(k);
          bad.push(field.required ? `${k} IS NULL` : `CASE WHEN ${k} IS NOT NULL THEN false ELSE NOT (${emptyCell(c)}) END`);
          rawKeys.push(field.key);
          needRaw.push(`(${c} IS NOT NULL AND (${k} IS NULL OR CAST(${k} AS VARCHAR) <> ${c}))`);
          break;
        }
        case 'text':
        case 'amount':
        case 'division':
        case 'grade':
        case 'year': {
          parsed.push(`${c} AS ${k}`);
          out.push(k);
          const valid = this.validSql(field, k);
          if (field.required) bad.push(field.type === 'text' ? `(${emptyCell(k)})` : `NOT ${valid}`);
          else if (field.type !== 'text') bad.push(`CASE WHEN ${valid} THEN false ELSE NOT (${emptyCell(k)}) END`);
          break;
        }
      }
    }
    out.push(`CASE WHEN ${needRaw.length ? needRaw.join(' OR ') : 'false'} THEN json_object(${rawKeys.map((key) => `${lit(key)}, ${ident(`c:${key}`)}`).join(', ')}) END AS raw`);
    out.push(`${bad.length ? bad.join(' OR ') : 'false'} AS bad`);
    const sql = `CREATE OR REPLACE TABLE rows AS SELECT ${out.join(', ')} FROM (SELECT ${parsed.join(', ')} FROM (SELECT ${cells.join(', ')} FROM ${src}))`;
    try {
      await this.withProgress(this.conn.run(sql), onProgress);
    } catch (e) {
      throw csvError(e);
    }
    const n = Number((await this.conn.runAndReadAll('SELECT count(*) FROM rows')).getRows()[0]?.[0] ?? 0);
    if (n === 0) throw fileInvalid('文件只有表头，没有数据行', 'the file has a header but no data rows');
    return n;
  }

  /** SQL condition (never NULL) over a stored text / amount / division / grade / year cell: present and readable. */
  private validSql(field: FieldSpec, v: string): string {
    switch (field.type) {
      case 'text':
        return `NOT (${emptyCell(v)})`;
      case 'amount':
        return `coalesce(try_cast(${v} AS DECIMAL(18, 2)) >= 0, false)`;
      case 'division':
        return `coalesce(regexp_full_match(trim(${v}), '[0-9]{12}'), false)`;
      case 'grade':
        return `coalesce(try_cast(${v} AS INTEGER) BETWEEN 1 AND 4, false)`;
      case 'year':
        return `coalesce(try_cast(${v} AS INTEGER) BETWEEN 1900 AND 2999, false)`;
      case 'id':
      case 'month':
      case 'date':
        return `${v} IS NOT NULL`;
    }
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
    const fields = this.spec.fields.filter((f) => f.type !== 'id' && this.stored.has(f.key));
    const select = fields.map((f, i) => {
      const raw = this.rawCell(f, 'r');
      const empty = emptyCell(raw);
      const valid = f.type === 'month' || f.type === 'date' ? `${this.value(f, 'r')} IS NOT NULL` : this.validSql(f, `r.${ident(f.key)}`);
      return `${raw} AS ${ident(`cell${i}`)}, CASE WHEN ${empty} THEN ${f.required ? "'required'" : 'NULL'} WHEN ${valid} THEN NULL ELSE 'invalid' END AS ${ident(`problem${i}`)}`;
    });
    const idField = this.spec.fields.find((f) => f.type === 'id');
    const r = await this.conn.runAndReadAll(
      `SELECT r.line, ${idField ? `${this.rawCell(idField, 'r')} AS raw_id, r.id,` : ''} ${hasId ? 'b.problem' : 'NULL'} AS id_problem ${select.length ? `, ${select.join(', ')}` : ''}
         FROM rejected r ${hasId ? 'LEFT JOIN bad_ids b ON b.id = r.id' : ''} ORDER BY r.line LIMIT ${limit} OFFSET ${offset}`,
    );
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | boolean | null>;
      const reasons: RejectedRow['reasons'] = [];
      const cells: Record<string, string | null> = {};
      const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
      for (const field of this.spec.fields) {
        if (field.type === 'id') {
          cells[field.key] = str(o.raw_id);
          const p = str(o.id_problem);
          if (p) reasons.push({ field: field.key, code: `id_${p}`, ...ID_PROBLEMS[p]! });
          continue;
        }
        const i = fields.indexOf(field);
        cells[field.key] = i < 0 ? null : str(o[`cell${i}`]);
        const p = i < 0 ? null : str(o[`problem${i}`]);
        if (p === 'required') reasons.push({ field: field.key, code: 'required', ...REQUIRED_PROBLEM });
        else if (p === 'invalid') reasons.push({ field: field.key, code: `invalid_${field.type}`, ...problemOf(field.type)! });
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
      await conn.run(`SET schema = '${this.schema}'`);
      await conn.run('CREATE OR REPLACE TABLE registrants (person_id VARCHAR, registration_id VARCHAR, kind VARCHAR, registered_on VARCHAR, jurisdiction_code VARCHAR, id VARCHAR)');
      const appender = await conn.createAppender('registrants', this.schema);
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
   * Valid rows joined to registrants: `matched`, with the typed values. Registrants whose ID number is in `bad_ids`
   * are left out on the (small) registrant side, so the 10,000,000-row side is only probed once, by the hash join.
   * Returns the number of matching rows.
   */
  async match(): Promise<number> {
    const exclude = this.hasId ? 'WHERE id NOT IN (SELECT id FROM bad_ids)' : '';
    await this.conn.run(
      `CREATE OR REPLACE TABLE matched AS
         SELECT rows.rowid + 2 AS line, ${this.spec.fields.map((f) => `${this.value(f)} AS ${f.type === 'id' ? 'id' : ident(f.key)}`).join(', ')},
                g.person_id, g.registration_id, g.jurisdiction_code, CAST(g.registered_on AS DATE) AS registered_on
           FROM rows JOIN (SELECT * FROM registrants ${exclude}) g ON rows.id = g.id
          WHERE NOT rows.bad`,
    );
    return Number((await this.conn.runAndReadAll('SELECT count(*) FROM matched')).getRows()[0]?.[0] ?? 0);
  }

  /** Candidate status-verification findings from `matched`, by the dataset kind's rule. */
  async verificationMatches(): Promise<VerificationMatch[]> {
    const c = this.spec.comparison;
    // Up to 12 evidence rows in order of `first` (then line): an unordered list sorted by list_sort, whose structs
    // compare field by field — half the cost of an ordered aggregate (measured on 86,748 rows).
    const evidenceOf = (first: 'line' | 'month') => {
      const cell = (k: string) => `${ident(k)} := CAST(${ident(k)} AS VARCHAR)`;
      const rest = this.spec.fields.filter((f) => f.type !== 'id' && f.key !== first).map((f) => cell(f.key));
      const head = first === 'line' ? ['line := line'] : [cell(first), 'line := line'];
      return `to_json(list_sort(list(struct_pack(${[...head, ...rest].join(', ')})))[1:12])`;
    };
    const evidence = evidenceOf('line');
    let sql: string;
    if (c.type === 'employment' && this.kind === 'social_insurance') {
      // Contributions in months after the month of registration: employed since registering (R7.2).
      sql = `SELECT person_id, registration_id, jurisdiction_code, CAST(registered_on AS VARCHAR) AS registered_on,
                    coalesce(employer_credit_code, employer_name, '') AS key,
                    CAST(make_date(min(month) // 100, min(month) % 100, 1) AS VARCHAR) AS event_on,
                    arg_min(employer_name, month) AS employer_name, arg_min(employer_credit_code, month) AS employer_credit_code,
                    count(*) AS n, ${evidenceOf('month')} AS evidence
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
    const v = (k: string) => this.value(this.spec.fields.find((f) => f.key === k)!);
    const r = await this.conn.runAndReadAll(
      `SELECT id, any_value(${v('name')}) AS name, ${has('division_code') ? `any_value(${v('division_code')})` : 'NULL'} AS division_code,
              ${has('since') ? `CAST(min(${v('since')}) AS VARCHAR)` : 'NULL'} AS since, ${has('disability_grade') ? `min(${v('disability_grade')})` : 'NULL'} AS grade,
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
    const v = (k: string) => this.value(this.spec.fields.find((f) => f.key === k)!);
    const r = await this.conn.runAndReadAll(
      `SELECT rowid + 2 AS line, ${v('employer_name')} AS employer_name, ${v('employer_credit_code')} AS employer_credit_code, ${v('division_code')} AS division_code,
              ${v('year')} AS year, CAST(${v('amount')} AS DOUBLE) AS amount
         FROM rows WHERE NOT ${this.rowProblemCondition()} ORDER BY amount DESC, line`,
    );
    return r.getRowObjectsJson().map((row) => {
      const o = row as Record<string, string | number | null>;
      return { line: Number(o.line), employerName: String(o.employer_name), employerCreditCode: String(o.employer_credit_code), divisionCode: String(o.division_code), year: Number(o.year), amount: Number(o.amount) };
    });
  }
}
