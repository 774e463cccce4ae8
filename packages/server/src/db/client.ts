/**
 * Opens the one database: embedded PGlite (default, with a data directory or in memory) or PostgreSQL
 * (`DATABASE_URL`). Both speak the same SQL and run the same migrations.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { rowsOf } from './executor.ts';
import * as schema from './schema.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  readonly db: Database;
  readonly kind: DbKind;
  /** Runs raw SQL and returns rows (repositories use drizzle; this is for migrations, backup and bulk work). */
  query<T extends Record<string, unknown>>(statement: SQL): Promise<T[]>;
  close(): Promise<void>;
  /** Present for PGlite (used by backup of the data directory). */
  readonly pglite?: PGlite;
  /** Present for PostgreSQL (used by bulk loads). */
  readonly pool?: pg.Pool;
}

export interface OpenOptions {
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory; undefined → in-memory PGlite (tests). */
  readonly pgliteDir?: string | undefined;
}

// DATE columns come back as 'YYYY-MM-DD' strings (never shifted through a JS Date in the server's time zone).
pg.types.setTypeParser(1082, (v: string) => v);
// BIGINT counts fit in a JS number for our sizes.
pg.types.setTypeParser(20, (v: string) => Number(v));

/**
 * Creates `dir` (and missing parents) owner-only, and tightens an existing one: the embedded database's files hold
 * every record, so other local accounts must not be able to read them (earlier versions created it 0755).
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, application_name: 'bangfu' });
    // An idle connection can be cut by the server (restart, admin termination). Without a listener the pool's
    // 'error' event would crash the process; the pool drops the dead client and opens a new one on next use.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, { code: 'BANGFU_PG_IDLE_ERROR' });
    });
    // Fail fast with a clear message when the server is unreachable.
    await pool.query('SELECT 1');
    const db: Database = drizzlePg(pool, { schema });
    return {
      db,
      kind: 'postgres',
      pool,
      query: <T extends Record<string, unknown>>(statement: SQL) => rowsOf<T>(db, statement),
      close: () => pool.end(),
    };
  }
  let pglite: PGlite;
  if (options.pgliteDir) {
    ensurePrivateDir(options.pgliteDir);
    ensurePrivateDir(join(options.pgliteDir, 'pglite'));
    pglite = new PGlite(join(options.pgliteDir, 'pglite'));
  } else {
    pglite = new PGlite();
  }
  await pglite.waitReady;
  const db: Database = drizzlePglite(pglite, { schema });
  return {
    db,
    kind: 'pglite',
    pglite,
    query: <T extends Record<string, unknown>>(statement: SQL) => rowsOf<T>(db, statement),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

export { sql };
