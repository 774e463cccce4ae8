/**
 * Loads the demo data set: divisions (+ the national root), offices, the demo accounts, households, persons with
 * marks and unemployment registrations. Scales to a million persons with bounded memory.
 *
 * Idempotent: the `app_settings` key `demo` is written last; when present nothing is loaded and its counts are
 * returned. Crash-safe on both databases:
 * - PostgreSQL: everything runs in one transaction (under an advisory lock, so two servers starting together
 *   load once), persons streamed with COPY batch by batch with backpressure; an interruption leaves nothing.
 * - PGlite (one connection, WASM): multi-row INSERTs committed in transactions of a few thousand rows. Every row
 *   has a deterministic id (seeded generator) and is inserted with ON CONFLICT DO NOTHING, and the seed and "as
 *   of" date are recorded first (`demo_loading`), so a load interrupted by a crash is completed by the next call.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import type { DbHandle } from '../db/client.ts';
import type { FieldCipher } from '../security/field-cipher.ts';
import { hashPassword } from '../security/passwords.ts';
import { demoAccounts, demoAnchorVillages, DEMO_PASSWORD } from './accounts.ts';
import { readDemoDivisions, type DemoDivision } from './divisions.ts';
import {
  copyLine,
  householdRow,
  HOUSEHOLD_COLUMNS,
  MARK_COLUMNS,
  markRows,
  PERSON_COLUMNS,
  personRow,
  PinyinCache,
  REGISTRATION_COLUMNS,
  registrationRow,
  type Cell,
} from './encode.ts';
import { generateDemo, type DemoBatch, type DemoPerson } from './generate.ts';
import { demoOffices, type DemoOffice } from './offices.ts';

export interface LoadDemoOptions {
  readonly persons: number;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** "Today" of the data set (YYYY-MM-DD), from the caller's clock (the application's, or a test's fixed one). */
  readonly asOf: string;
  /** Division list; default: the CSV shipped with the product. */
  readonly divisions?: readonly DemoDivision[];
  /**
   * PostgreSQL: from this many persons on, secondary indexes of the still-empty person tables are rebuilt after
   * the load instead of maintained row by row (default 50 000).
   */
  readonly deferIndexesFrom?: number;
}

export interface DemoCounts {
  readonly divisions: number;
  readonly offices: number;
  readonly users: number;
  readonly households: number;
  readonly persons: number;
  readonly registrations: number;
}

interface LoadingMarker {
  readonly persons: number;
  readonly seed: number;
  readonly asOf: string;
}

/** Persons per generated batch: also the progress granularity (divides 50 000) and the PGlite transaction. */
const PGLITE_BATCH = 2000;
const PG_BATCH = 1000;
/** PostgreSQL: how many persons are encoded before their COPYs are queued (one round trip per table). */
const PG_FLUSH_PERSONS = 10_000;

function validate(options: LoadDemoOptions): void {
  if (!Number.isInteger(options.persons) || options.persons < 0) {
    throw new Error('persons 必须是非负整数 / persons must be a non-negative integer');
  }
  if (!Number.isInteger(options.seed)) throw new Error('seed 必须是整数 / seed must be an integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    throw new Error('asOf 应为 YYYY-MM-DD 日期 / asOf must be a YYYY-MM-DD date');
  }
}

export async function loadDemo(handle: DbHandle, cipher: FieldCipher, options: LoadDemoOptions): Promise<DemoCounts> {
  validate(options);
  const stored = await readSetting<DemoCounts>(handle, 'demo');
  if (stored) return stored;
  // Hash before any transaction: scrypt is slow on purpose, and every account gets its own salt.
  const divisions = options.divisions ?? readDemoDivisions();
  const accounts = demoAccounts(divisions);
  const hashes = await Promise.all(accounts.map(() => hashPassword(DEMO_PASSWORD)));
  if (handle.kind === 'postgres') {
    if (!handle.pool) throw new Error('PostgreSQL handle without a pool');
    return loadPostgres(handle.pool, cipher, options, divisions, hashes);
  }
  return loadPglite(handle, cipher, options, divisions, hashes);
}

async function readSetting<T>(handle: DbHandle, key: string): Promise<T | undefined> {
  const rows = await handle.query<{ value: unknown }>(sql`SELECT value FROM app_settings WHERE key = ${key}`);
  const v = rows[0]?.value;
  if (v === undefined || v === null) return undefined;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** Everything the loader needs besides the person stream, derived from the divisions and seed. */
interface Plan {
  readonly divisions: readonly DemoDivision[];
  readonly offices: readonly DemoOffice[];
  readonly officeByCode: ReadonlyMap<string, string>;
  readonly accounts: ReturnType<typeof demoAccounts>;
  readonly anchors: readonly string[];
  readonly citizenVillage: string;
}

function plan(divisions: readonly DemoDivision[], seed: number): Plan {
  const offices = demoOffices(divisions, seed);
  const accounts = demoAccounts(divisions);
  const citizen = accounts.find((a) => a.role === 'citizen');
  return {
    divisions,
    offices,
    officeByCode: new Map(offices.map((o) => [o.jurisdictionCode, o.id])),
    accounts,
    anchors: demoAnchorVillages(accounts),
    citizenVillage: citizen?.jurisdiction ?? '150102001001',
  };
}

/** Registrations are handled by the township's office (街道/乡镇劳动保障事务所). */
function townshipOffice(p: Plan): (village: string) => string | null {
  return (village) => p.officeByCode.get(`${village.slice(0, 9)}000`) ?? null;
}

/** The citizen account is bound to the first registered person of its community (else its first person). */
class CitizenPicker {
  id: string | null = null;
  private registered = false;
  constructor(private readonly village: string) {}
  see(p: DemoPerson): void {
    if (this.registered || p.jurisdictionCode !== this.village) return;
    if (p.registration) {
      this.id = p.id;
      this.registered = true;
    } else if (this.id === null) this.id = p.id;
  }
}

function officeRow(o: DemoOffice): Cell[] {
  return [o.id, o.jurisdictionCode, o.name, o.level, o.address, o.phone];
}

function userRows(p: Plan, hashes: readonly string[], citizenId: string | null): Cell[][] {
  return p.accounts.map((a, i) => {
    // Caseworkers and operators belong to the office of their jurisdiction.
    const office = a.role === 'caseworker' || a.role === 'operator' ? (p.officeByCode.get(a.jurisdiction) ?? null) : null;
    return [a.username, hashes[i] ?? '', a.displayName, a.role, a.jurisdiction, office, a.role === 'citizen' ? citizenId : null];
  });
}

const OFFICE_COLUMNS = ['id', 'jurisdiction_code', 'name', 'level', 'address', 'phone'];
const USER_COLUMNS = ['username', 'password_hash', 'display_name', 'role', 'jurisdiction_code', 'office_id', 'person_id'];
const DIVISION_COLUMNS = ['code', 'name', 'level', 'parent_code'];

function divisionRow(d: DemoDivision): Cell[] {
  return [d.code, d.name, d.level, d.parentCode];
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: one transaction, COPY per table per flush, encoding of the next flush overlapping the server's work.

async function loadPostgres(
  pool: pg.Pool,
  cipher: FieldCipher,
  options: LoadDemoOptions,
  divisions: readonly DemoDivision[],
  hashes: readonly string[],
): Promise<DemoCounts> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // One loader at a time; the second waits, then finds the key and returns.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('bangfu.demo'))");
    const existing = await client.query<{ value: DemoCounts }>("SELECT value FROM app_settings WHERE key = 'demo'");
    if (existing.rows[0]) {
      await client.query('COMMIT');
      return existing.rows[0].value;
    }
    const asOf = options.asOf;
    const p = plan(divisions, options.seed);
    await insertValues(client, 'divisions', DIVISION_COLUMNS, p.divisions.map(divisionRow), 'ON CONFLICT (code) DO NOTHING');
    await insertValues(client, 'offices', OFFICE_COLUMNS, p.offices.map(officeRow), 'ON CONFLICT (id) DO NOTHING');

    const officeOf = townshipOffice(p);
    const py = new PinyinCache();
    const citizen = new CitizenPicker(p.citizenVillage);
    const total = options.persons;
    const deferred = total >= (options.deferIndexesFrom ?? DEFER_INDEXES_FROM) ? await dropSecondaryIndexesIfEmpty(client) : [];
    let households = 0;
    let registrations = 0;
    let done = 0;
    let buf = new CopyBuffers();
    let inFlight: Promise<void> = Promise.resolve();

    const flush = async (): Promise<void> => {
      const ready = buf;
      buf = new CopyBuffers();
      const reached = done;
      // At most one flush queued behind the one the server is working on: bounded memory, continuous work.
      await inFlight;
      inFlight = ready.copyTo(client).then(() => options.onProgress?.(reached, total));
      // Surface a COPY failure at the next await rather than as an unhandled rejection.
      inFlight.catch(() => undefined);
    };

    for (const batch of generateDemo({ persons: total, seed: options.seed, asOf, divisions, anchorVillages: p.anchors, batchSize: PG_BATCH })) {
      households += batch.households.length;
      registrations += buf.add(batch, cipher, py, officeOf, citizen);
      done += batch.persons.length;
      if (buf.persons >= PG_FLUSH_PERSONS) await flush();
      // Let the socket drain between batches so the server never waits for the encoder.
      await yieldToEventLoop();
    }
    if (buf.persons > 0 || buf.households > 0) await flush();
    await inFlight;
    if (deferred.length > 0) {
      // Sorted index builds, in parallel workers where the server allows, with room to sort in memory.
      await client.query("SET LOCAL maintenance_work_mem = '256MB'");
      for (const definition of deferred) await client.query(definition);
    }

    await insertValues(client, 'users', USER_COLUMNS, userRows(p, hashes, citizen.id), 'ON CONFLICT (username) DO NOTHING');
    const counts: DemoCounts = {
      divisions: p.divisions.length,
      offices: p.offices.length,
      users: p.accounts.length,
      households,
      persons: total,
      registrations,
    };
    await client.query("INSERT INTO app_settings (key, value) VALUES ('demo', $1::jsonb)", [JSON.stringify(counts)]);
    await client.query('COMMIT');
    // Statistics for the planner right away (autovacuum may be off, as on the development server): without them
    // the registry queries of a fresh demo database were planned blind (~2 s for 1,000,000 persons).
    await client.query('ANALYZE');
    return counts;
  } catch (e) {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    // A connection whose COPY failed half-way is not reused.
    client.release(failed ? true : undefined);
  }
}

/** From this many persons on, the secondary indexes of empty tables are rebuilt after the load (see below). */
const DEFER_INDEXES_FROM = 50_000;
const BULK_TABLES = ['persons', 'households', 'person_marks', 'registrations'];

/**
 * Bulk-load practice (PostgreSQL manual, "Populating a Database" 14.4.3): building an index over loaded rows is
 * much cheaper than maintaining it row by row. When every person-centred table is still empty, the secondary
 * indexes (not the primary keys) are dropped inside the load's transaction and recreated from their own
 * definitions (pg_indexes.indexdef) before COMMIT, so a failed load rolls back to the migrated schema unchanged.
 * Returns the CREATE INDEX statements to run after the load.
 */
async function dropSecondaryIndexesIfEmpty(client: pg.PoolClient): Promise<string[]> {
  for (const table of BULK_TABLES) {
    const any = await client.query(`SELECT 1 FROM ${table} LIMIT 1`);
    if (any.rowCount !== 0) return [];
  }
  const found = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef
       FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
      WHERE i.schemaname = current_schema()
        AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
      ORDER BY i.tablename, i.indexname`,
    [BULK_TABLES],
  );
  for (const row of found.rows) await client.query(`DROP INDEX "${row.indexname.replace(/"/g, '""')}"`);
  return found.rows.map((r) => r.indexdef);
}

/** COPY text for one flush of the four person-centred tables. */
class CopyBuffers {
  persons = 0;
  households = 0;
  // Each batch is turned into one flat Buffer at once: no long rope strings kept alive until the COPY runs.
  private readonly chunks: Record<'persons' | 'households' | 'person_marks' | 'registrations', Buffer[]> = {
    persons: [],
    households: [],
    person_marks: [],
    registrations: [],
  };

  add(batch: DemoBatch, cipher: FieldCipher, py: PinyinCache, officeOf: (v: string) => string | null, citizen: CitizenPicker): number {
    const persons: string[] = [];
    const marks: string[] = [];
    const registrations: string[] = [];
    for (const p of batch.persons) {
      citizen.see(p);
      persons.push(copyLine(personRow(p, cipher, py)));
      for (const m of markRows(p)) marks.push(copyLine(m));
      const r = registrationRow(p, officeOf);
      if (r) registrations.push(copyLine(r));
    }
    const households = batch.households.map((h) => copyLine(householdRow(h)));
    this.chunks.persons.push(Buffer.from(persons.join(''), 'utf8'));
    this.chunks.households.push(Buffer.from(households.join(''), 'utf8'));
    this.chunks.person_marks.push(Buffer.from(marks.join(''), 'utf8'));
    this.chunks.registrations.push(Buffer.from(registrations.join(''), 'utf8'));
    this.persons += batch.persons.length;
    this.households += batch.households.length;
    return registrations.length;
  }

  async copyTo(client: pg.PoolClient): Promise<void> {
    const columns = {
      persons: PERSON_COLUMNS,
      households: HOUSEHOLD_COLUMNS,
      person_marks: MARK_COLUMNS,
      registrations: REGISTRATION_COLUMNS,
    } as const;
    // All four COPYs are queued on the connection at once (pg runs them in order), so the server goes from one
    // to the next without waiting for this process to come back to the event loop.
    const tables = (['households', 'persons', 'person_marks', 'registrations'] as const).filter((t) => this.chunks[t].some((c) => c.length > 0));
    await Promise.all(tables.map((t) => copyInto(client, t, columns[t], this.chunks[t])));
  }
}

/** Streams text into `COPY table (columns) FROM STDIN`, respecting the stream's backpressure. */
async function copyInto(client: pg.PoolClient, table: string, columns: readonly string[], parts: readonly Buffer[]): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve());
    let i = 0;
    const writeMore = (): void => {
      while (i < parts.length) {
        const ok = stream.write(parts[i++] as Buffer);
        if (!ok) {
          stream.once('drain', writeMore);
          return;
        }
      }
      stream.end();
    };
    writeMore();
  });
}

/** Multi-row INSERT with parameters, in chunks under PostgreSQL's 65 535-parameter limit. */
async function insertValues(
  client: { query: (text: string, params: unknown[]) => Promise<unknown> },
  table: string,
  columns: readonly string[],
  rows: readonly Cell[][],
  suffix: string,
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: Cell[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((cell) => {
        params.push(cell);
        return `$${params.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`, params);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite: INSERTs in transactions of PGLITE_BATCH persons; resumable after a crash.

async function loadPglite(
  handle: DbHandle,
  cipher: FieldCipher,
  options: LoadDemoOptions,
  divisions: readonly DemoDivision[],
  hashes: readonly string[],
): Promise<DemoCounts> {
  const pglite = handle.pglite;
  if (!pglite) throw new Error('PGlite handle without a PGlite instance');
  // A previous interrupted load fixed the seed and date; continuing with them reproduces the same rows.
  const previous = await readSetting<LoadingMarker>(handle, 'demo_loading');
  const marker: LoadingMarker = previous ?? { persons: options.persons, seed: options.seed, asOf: options.asOf };
  if (!previous) {
    await pglite.query("INSERT INTO app_settings (key, value) VALUES ('demo_loading', $1::jsonb)", [JSON.stringify(marker)]);
  }
  const p = plan(divisions, marker.seed);
  await pglite.transaction(async (tx) => {
    const q = (text: string, params: unknown[]) => tx.query(text, params);
    await insertValues({ query: q }, 'divisions', DIVISION_COLUMNS, p.divisions.map(divisionRow), 'ON CONFLICT (code) DO NOTHING');
    await insertValues({ query: q }, 'offices', OFFICE_COLUMNS, p.offices.map(officeRow), 'ON CONFLICT (id) DO NOTHING');
  });

  const officeOf = townshipOffice(p);
  const py = new PinyinCache();
  const citizen = new CitizenPicker(p.citizenVillage);
  let households = 0;
  let registrations = 0;
  let done = 0;
  const generator = generateDemo({
    persons: marker.persons,
    seed: marker.seed,
    asOf: marker.asOf,
    divisions,
    anchorVillages: p.anchors,
    batchSize: PGLITE_BATCH,
  });
  for (const batch of generator) {
    const personRows: Cell[][] = [];
    const marks: Cell[][] = [];
    const regs: Cell[][] = [];
    for (const person of batch.persons) {
      citizen.see(person);
      personRows.push(personRow(person, cipher, py));
      for (const m of markRows(person)) marks.push(m);
      const r = registrationRow(person, officeOf);
      if (r) regs.push(r);
    }
    await pglite.transaction(async (tx) => {
      const q = { query: (text: string, params: unknown[]) => tx.query(text, params) };
      await insertValues(q, 'households', HOUSEHOLD_COLUMNS, batch.households.map(householdRow), 'ON CONFLICT (id) DO NOTHING');
      await insertValues(q, 'persons', PERSON_COLUMNS, personRows, 'ON CONFLICT (id) DO NOTHING');
      await insertValues(q, 'person_marks', MARK_COLUMNS, marks, 'ON CONFLICT DO NOTHING');
      await insertValues(q, 'registrations', REGISTRATION_COLUMNS, regs, 'ON CONFLICT DO NOTHING');
    });
    households += batch.households.length;
    registrations += regs.length;
    done += batch.persons.length;
    options.onProgress?.(done, marker.persons);
  }

  const counts: DemoCounts = {
    divisions: p.divisions.length,
    offices: p.offices.length,
    users: p.accounts.length,
    households,
    persons: marker.persons,
    registrations,
  };
  await pglite.transaction(async (tx) => {
    await insertValues({ query: (text, params) => tx.query(text, params) }, 'users', USER_COLUMNS, userRows(p, hashes, citizen.id), 'ON CONFLICT (username) DO NOTHING');
    await tx.query("INSERT INTO app_settings (key, value) VALUES ('demo', $1::jsonb) ON CONFLICT (key) DO NOTHING", [JSON.stringify(counts)]);
    await tx.query("DELETE FROM app_settings WHERE key = 'demo_loading'", []);
  });
  return counts;
}
