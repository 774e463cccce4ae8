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
import { VERSION } from '../../config/config.ts';
import type { DbHandle } from '../../db/client.ts';
import { runMigrations } from '../../db/migrate.ts';
import { AppError } from '../../errors/app-error.ts';
import { backupTables, coreRowCount, loadRows, readBatch } from './backup.repository.ts';

export { NOT_BACKED_UP, backupTables, type BackupTable } from './backup.repository.ts';

const BATCH = 2000;
const FORMAT = 'bangfu-backup';

interface Header {
  format: string;
  formatVersion: 1;
  appVersion: string;
  source: string;
  createdAt: string;
}

async function* dumpLines(handle: DbHandle): AsyncGenerator<string> {
  const header: Header = { format: FORMAT, formatVersion: 1, appVersion: VERSION, source: handle.kind, createdAt: new Date().toISOString() };
  yield JSON.stringify(header) + '\n';
  const counts: Record<string, number> = {};
  for (const table of await backupTables(handle)) {
    let last: unknown[] | undefined;
    let n = 0;
    for (;;) {
      const batch = await readBatch(handle, table, last, BATCH);
      if (batch.length === 0) break;
      n += batch.length;
      yield JSON.stringify({ t: table.name, r: batch }) + '\n';
      const lastRow = batch[batch.length - 1] as Record<string, unknown>;
      last = table.key.map((k) => lastRow[k]);
      if (batch.length < BATCH) break;
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
  if ((await coreRowCount(handle)) > 0) throw new AppError('RESTORE_TARGET_NOT_EMPTY');
  const known = new Set((await backupTables(handle)).map((t) => t.name));
  async function* batches() {
    let first = true;
    for await (const line of readLines(file)) {
      if (first) {
        first = false;
        continue;
      }
      const o = JSON.parse(line) as { t?: string; r?: unknown[]; end?: boolean };
      if (o.end || !o.t || !o.r) continue;
      if (!known.has(o.t)) throw new AppError('BACKUP_INVALID', { params: { detail: `unknown table ${o.t}` } });
      yield { table: o.t, rows: o.r };
    }
  }
  await loadRows(handle, batches());
  return counts;
}
