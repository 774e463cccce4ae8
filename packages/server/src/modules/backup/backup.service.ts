/**
 * Logical backup and restore that work the same on PGlite and PostgreSQL (and across them): a gzip file of
 * JSON lines — a header, then `{t: table, r: [rows…]}` batches read in primary-key order, then a footer with
 * row counts. Restore checks the footer (a truncated file is refused), then loads everything in one
 * transaction into an empty, migrated database, so a failed restore leaves nothing half-written.
 */
import { chmodSync, closeSync, createReadStream, createWriteStream, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { VERSION } from '../../config/config.ts';
import type { DbHandle } from '../../db/client.ts';
import { rowsOf } from '../../db/executor.ts';
import { runMigrations } from '../../db/migrate.ts';
import { AppError } from '../../errors/app-error.ts';

/**
 * Tables that are never backed up: `sessions` (bearer secrets of signed-in browsers; a restore signs everyone out).
 * Everything else in the `public` schema is, so a table added by a later migration is covered without anyone
 * remembering to list it (the job queue's own schema, `pgboss`, holds only transient work).
 */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set(['sessions']);

/**
 * Rows a backup leaves out although their table is backed up: uploaded import bytes stored in clear by versions
 * before issue 11 (the start-up purge encrypts or deletes them; this keeps them out of a backup taken before it ran).
 */
const ROW_FILTERS: Readonly<Record<string, SQL>> = {
  import_file_chunks: sql`encrypted`,
};

export interface BackupTable {
  readonly name: string;
  /** Primary-key columns, in key order: batches are read in this order (keyset paging). */
  readonly key: readonly string[];
}

/** The application's tables with their primary keys, from the catalog; a table without one is a schema bug. */
export async function backupTables(handle: DbHandle): Promise<BackupTable[]> {
  const rows = await handle.query<{ name: string; key: string[] | string | null }>(sql`
    SELECT c.relname AS name,
           (SELECT array_agg(a.attname::text ORDER BY k.ord)
              FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE i.indrelid = c.oid AND i.indisprimary) AS key
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     ORDER BY c.relname`);
  return rows
    .filter((r) => !NOT_BACKED_UP.has(r.name))
    .map((r) => {
      // PGlite answers a text[] as an array, node-postgres as well; a '{a,b}' literal is parsed just in case.
      const key = Array.isArray(r.key) ? r.key : typeof r.key === 'string' ? r.key.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : [];
      if (key.length === 0) throw new Error(`table ${r.name} has no primary key; backup reads tables in key order`);
      return { name: r.name, key };
    });
}

const BATCH = 2000;
const FORMAT = 'bangfu-backup';

interface Header {
  format: string;
  formatVersion: 1;
  appVersion: string;
  source: string;
  createdAt: string;
}

function ident(name: string): SQL {
  return sql.raw(`"${name.replace(/"/g, '""')}"`);
}

async function* dumpLines(handle: DbHandle): AsyncGenerator<string> {
  const header: Header = { format: FORMAT, formatVersion: 1, appVersion: VERSION, source: handle.kind, createdAt: new Date().toISOString() };
  yield JSON.stringify(header) + '\n';
  const counts: Record<string, number> = {};
  for (const table of await backupTables(handle)) {
    let last: unknown[] | undefined;
    let n = 0;
    const keyList = sql.join(table.key.map(ident), sql`, `);
    for (;;) {
      const conditions = [
        ...(last ? [sql`(${keyList}) > (${sql.join(last.map((v) => sql`${v}`), sql`, `)})`] : []),
        ...(ROW_FILTERS[table.name] ? [ROW_FILTERS[table.name] as SQL] : []),
      ];
      const after = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
      // Rows go through to_jsonb so every type (dates, timestamps, jsonb) round-trips as PostgreSQL prints it.
      const rows = await handle.query<{ j: Record<string, unknown> }>(
        sql`SELECT to_jsonb(t) AS j FROM ${ident(table.name)} t ${after} ORDER BY ${keyList} LIMIT ${BATCH}`,
      );
      if (rows.length === 0) break;
      const batch = rows.map((r) => (typeof r.j === 'string' ? (JSON.parse(r.j) as Record<string, unknown>) : r.j));
      n += batch.length;
      yield JSON.stringify({ t: table.name, r: batch }) + '\n';
      const lastRow = batch[batch.length - 1] as Record<string, unknown>;
      last = table.key.map((k) => lastRow[k]);
      if (rows.length < BATCH) break;
    }
    counts[table.name] = n;
  }
  yield JSON.stringify({ end: true, counts }) + '\n';
}

export async function backupTo(handle: DbHandle, file: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  async function* counting() {
    for await (const line of dumpLines(handle)) {
      if (line.startsWith('{"end":true')) Object.assign(counts, (JSON.parse(line) as { counts: Record<string, number> }).counts);
      yield line;
    }
  }
  // Owner-only from the first byte (a backup holds every record): create with 0600, and tighten a file that existed.
  closeSync(openSync(file, 'w', 0o600));
  chmodSync(file, 0o600);
  await pipeline(Readable.from(counting()), createGzip(), createWriteStream(file));
  return counts;
}

async function* readLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const input = createReadStream(file).on('error', (e) => gunzip.destroy(e));
  const rl = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  try {
    for await (const line of rl) if (line.trim() !== '') yield line;
  } catch (e) {
    throw new AppError('BACKUP_INVALID', { params: { detail: (e as Error).message }, cause: e });
  }
}

/** Verifies the file end to end (header, footer, counts) without touching any database. */
export async function verifyBackup(file: string): Promise<{ header: Header; counts: Record<string, number> }> {
  let header: Header | undefined;
  const seen: Record<string, number> = {};
  let footer: Record<string, number> | undefined;
  for await (const line of readLines(file)) {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new AppError('BACKUP_INVALID', { params: { detail: 'a line is not JSON (file damaged?)' } });
    }
    if (!header) {
      const h = obj as Partial<Header>;
      if (h.format !== FORMAT) throw new AppError('BACKUP_INVALID', { params: { detail: 'not a Bangfu backup' } });
      header = h as Header;
      continue;
    }
    const o = obj as { t?: string; r?: unknown[]; end?: boolean; counts?: Record<string, number> };
    if (o.end) footer = o.counts ?? {};
    else if (o.t && Array.isArray(o.r)) seen[o.t] = (seen[o.t] ?? 0) + o.r.length;
  }
  if (!header) throw new AppError('BACKUP_INVALID', { params: { detail: 'empty file' } });
  if (!footer) throw new AppError('BACKUP_INVALID', { params: { detail: 'no end marker: the file is truncated' } });
  for (const [t, n] of Object.entries(footer)) {
    if ((seen[t] ?? 0) !== n) throw new AppError('BACKUP_INVALID', { params: { detail: `table ${t}: ${seen[t] ?? 0} rows, expected ${n}` } });
  }
  return { header, counts: footer };
}

export async function restoreFrom(handle: DbHandle, file: string): Promise<Record<string, number>> {
  const { counts } = await verifyBackup(file);
  await runMigrations(handle);
  const existing = await handle.query<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM persons) + (SELECT count(*) FROM divisions) AS n`,
  );
  if (Number(existing[0]?.n ?? 0) > 0) throw new AppError('RESTORE_TARGET_NOT_EMPTY');
  const known = new Set((await backupTables(handle)).map((t) => t.name));
  await handle.db.transaction(async (tx) => {
    // Rows go back exactly as they were dumped: no trigger runs (append-only guards, counters kept by triggers
    // would count restored rows twice) and foreign keys are not checked row by row (the dump is consistent, and its
    // tables come in name order, not dependency order). Needs a superuser on PostgreSQL.
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    let first = true;
    for await (const line of readLines(file)) {
      if (first) {
        first = false;
        continue;
      }
      const o = JSON.parse(line) as { t?: string; r?: unknown[]; end?: boolean };
      if (o.end || !o.t || !o.r) continue;
      if (!known.has(o.t)) throw new AppError('BACKUP_INVALID', { params: { detail: `unknown table ${o.t}` } });
      await tx.execute(
        sql`INSERT INTO ${ident(o.t)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(o.t)}, ${JSON.stringify(o.r)}::jsonb)`,
      );
    }
    // Sequences continue after the restored rows (audit_log ids, counters…).
    const serials = await rowsOf<{ t: string; c: string }>(tx, sql`
      SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = 'public' AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`);
    for (const r of serials) {
      await tx.execute(
        sql`SELECT setval(pg_get_serial_sequence(${`"${r.t}"`}, ${r.c}), COALESCE((SELECT max(${ident(r.c)}) FROM ${ident(r.t)}), 0) + 1, false)`,
      );
    }
  });
  return counts;
}
