import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { DbHandle } from './client.ts';

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/** Applies pending migrations (idempotent); the same SQL files on PGlite and PostgreSQL. */
export async function runMigrations(handle: DbHandle): Promise<void> {
  // The migrators want the driver-specific drizzle type: a schema-less instance over the handle's own client.
  if (handle.pool) {
    await migratePg(drizzlePg(handle.pool), { migrationsFolder });
  } else if (handle.pglite) {
    await migratePglite(drizzlePglite(handle.pglite), { migrationsFolder });
  } else {
    throw new Error(`cannot migrate a ${handle.kind} handle without its client`);
  }
}
