/**
 * The backup slice's SQL: the catalog (which tables, their primary keys), keyset-paged reads of a table as JSON
 * rows, and the restore load (rows back as they were dumped, then sequences moved past them).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbHandle } from '../../db/client.ts';
import { rowsOf } from '../../db/executor.ts';

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

function ident(name: string): SQL {
  return sql.raw(`"${name.replace(/"/g, '""')}"`);
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

/** Up to `limit` rows of `table` after the key `last` (none: from the start), in key order, as JSON objects. */
export async function readBatch(handle: DbHandle, table: BackupTable, last: readonly unknown[] | undefined, limit: number): Promise<Record<string, unknown>[]> {
  const keyList = sql.join(table.key.map(ident), sql`, `);
  const conditions = [
    ...(last ? [sql`(${keyList}) > (${sql.join(last.map((v) => sql`${v}`), sql`, `)})`] : []),
    ...(ROW_FILTERS[table.name] ? [ROW_FILTERS[table.name] as SQL] : []),
  ];
  const after = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  // Rows go through to_jsonb so every type (dates, timestamps, jsonb) round-trips as PostgreSQL prints it.
  const rows = await handle.query<{ j: Record<string, unknown> }>(sql`SELECT to_jsonb(t) AS j FROM ${ident(table.name)} t ${after} ORDER BY ${keyList} LIMIT ${limit}`);
  return rows.map((r) => (typeof r.j === 'string' ? (JSON.parse(r.j) as Record<string, unknown>) : r.j));
}

/** Users, persons and divisions in the database: a restore target must have none. */
export async function coreRowCount(handle: DbHandle): Promise<number> {
  const existing = await handle.query<{ n: number }>(sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM persons) + (SELECT count(*) FROM divisions) AS n`);
  return Number(existing[0]?.n ?? 0);
}

/** Loads the batches in one transaction, then moves every sequence past the restored rows. */
export async function loadRows(handle: DbHandle, batches: AsyncIterable<{ table: string; rows: unknown[] }>): Promise<void> {
  await handle.db.transaction(async (tx) => {
    // Rows go back exactly as they were dumped: no trigger runs (append-only guards, counters kept by triggers
    // would count restored rows twice) and foreign keys are not checked row by row (the dump is consistent, and its
    // tables come in name order, not dependency order). Needs a superuser on PostgreSQL.
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    for await (const b of batches) {
      await tx.execute(sql`INSERT INTO ${ident(b.table)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(b.table)}, ${JSON.stringify(b.rows)}::jsonb)`);
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
}
