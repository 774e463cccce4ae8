/**
 * Opens everything a process needs — data-directory lock (PGlite), database, migrations, key, services — and
 * closes it cleanly. Used by `bangfu serve`, the other CLI commands, `startApp` and the tests.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Config } from './config/config.ts';
import { type DbHandle, openDatabase } from './db/client.ts';
import { type DirLock, lockDataDir } from './db/lock.ts';
import { runMigrations } from './db/migrate.ts';
import { loadDemo } from './demo/load.ts';
import { FieldCipher } from './security/field-cipher.ts';
import { isInside, keyBesideDataWarning, openMasterKey } from './security/keys.ts';
import { createServices, type Services } from './services.ts';

export interface Runtime {
  readonly config: Config;
  readonly handle: DbHandle;
  readonly services: Services;
  /** Set when the key file lives in the embedded database's data directory (serve prints it at start). */
  readonly keyWarning: string | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** In-memory PGlite with an ephemeral key (tests); ignores dataDir. */
  readonly memory?: boolean;
  readonly migrate?: boolean;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const embedded = !config.databaseUrl;
  let lock: DirLock | undefined;
  if (embedded && !options.memory) lock = lockDataDir(config.dataDir);
  let handle: DbHandle | undefined;
  try {
    handle = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: embedded && !options.memory ? config.dataDir : undefined,
    });
    if (options.migrate !== false) await runMigrations(handle);
    const master = options.memory && !config.secretKey ? { key: randomBytes(32), file: undefined } : openMasterKey({ secretKey: config.secretKey, dataDir: config.dataDir, keyFile: config.keyFile });
    const keyWarning = embedded && master.file && isInside(master.file, config.dataDir) ? keyBesideDataWarning(master.file, config.dataDir) : undefined;
    const services = createServices(config, handle, new FieldCipher(master.key));
    const opened = handle;
    let closed = false;
    return {
      config,
      handle: opened,
      services,
      keyWarning,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await services.messages.worker.stop();
          await opened.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (e) {
    await handle?.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
}

/** Loads the demo unless it is already there (first start). */
export async function ensureDemo(runtime: Runtime, persons: number, seed: number, log: (line: string) => void = () => undefined) {
  const existing = await runtime.handle.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM app_settings WHERE key = 'demo'`);
  if (Number(existing[0]?.n ?? 0) > 0) return undefined;
  log(`正在载入演示数据（${persons} 人）… / loading demo data (${persons} persons)…`);
  return loadDemo(runtime.handle, runtime.services.cipher, {
    persons,
    seed,
    // The demo's "today" is the application clock's: a test that fixes the clock gets a demo of that date.
    asOf: runtime.services.clock.today(),
    onProgress: (done, total) => {
      if (total >= 10000 && done % 50000 === 0) log(`  ${done}/${total}`);
    },
  });
}
