/**
 * Each test file gets its own database: an in-memory PGlite by default, or — when DATABASE_URL is set — a fresh
 * PostgreSQL database created on that server and dropped afterwards.
 */
import { scratchDatabase } from './scratch-db.ts';

export interface TestDatabase {
  /** PostgreSQL URL of the fresh database, or undefined for in-memory PGlite. */
  readonly databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { databaseUrl: undefined, drop: async () => undefined };
  const db = await scratchDatabase(serverUrl, label);
  return { databaseUrl: db.url, drop: () => db.drop() };
}
