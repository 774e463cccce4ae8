/**
 * The persistence kernel: what repositories run on, the unit of work, and the two result helpers every slice needs.
 *
 * - `Executor` is the database or an open transaction. A drizzle transaction *is* a database (same query API), so a
 *   repository constructed on either needs no cast; functions that must run inside a caller's transaction take one.
 * - `unitOfWork` runs one transaction and hands the work what `bind` makes of it — normally the slice's repository
 *   bound to the transaction (`(tx) => new XRepository(tx)`), so every call inside commits or rolls back together.
 * - `rowsOf` runs raw SQL and returns its rows; `resultRows` reads the rows of an `execute` result (PGlite and
 *   node-postgres both answer `{ rows }`; drizzle types the shared result as `unknown`).
 * - `isUniqueViolation` recognises a unique-constraint refusal (23505) on either driver.
 */
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from './client.ts';
import type * as schema from './schema.ts';

export type Transaction = PgTransaction<PgQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/** The database or an open transaction: what repositories and SQL functions run on. */
export type Executor = Database | Transaction;

/**
 * Runs `work` in one transaction on `db` (a nested transaction — a savepoint — when `db` is already one), handing it
 * `bind(tx)`: the repository (or repositories) bound to the transaction.
 */
export function unitOfWork<R, T>(db: Executor, bind: (tx: Transaction) => R, work: (bound: R) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(bind(tx)));
}

/** The rows of a raw `execute` result (both drivers answer `{ rows: [...] }`). */
export function resultRows<T>(result: unknown): T[] {
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) return result.rows as T[];
  throw new TypeError('unexpected SQL result shape (no rows array)');
}

/** Runs raw SQL and returns its rows. */
export async function rowsOf<T = Record<string, unknown>>(db: Executor, statement: SQL): Promise<T[]> {
  return resultRows<T>(await db.execute(statement));
}

const UNIQUE_VIOLATION = '23505';

/** True for PostgreSQL/PGlite unique violations (drizzle wraps the driver error in `cause`). */
export function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, i = 0; typeof x === 'object' && x !== null && i < 4; x = 'cause' in x ? x.cause : undefined, i++) {
    if ('code' in x && x.code === UNIQUE_VIOLATION) return true;
  }
  return false;
}
