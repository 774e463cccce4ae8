/**
 * Programmatic entry: `startApp` starts the whole product (database, migrations, demo, API, web console)
 * on one port. The CLI (`bangfu serve`) and the browser tests use it.
 */
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from './config/config.ts';
import { buildApp } from './http/app.ts';
import { ensureDemo, openRuntime, type Runtime } from './runtime.ts';
import { loadJobsDemo } from './demo/jobs.ts';
import { serializeError } from './http/log-redaction.ts';
import { resumeInterruptedWork } from './jobs/resume.ts';

export const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export interface StartOptions {
  readonly port: number;
  readonly host?: string;
  /** PGlite data directory; with neither dataDir nor databaseUrl the database lives in memory. */
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly demo?: { persons: number; seed?: number } | false;
  readonly webDist?: string;
  readonly logger?: boolean;
  /** Run the nightly jobs on their schedule (pg-boss on PostgreSQL, in-process on PGlite); `bangfu serve` does. */
  readonly scheduler?: boolean;
  /** Base configuration (defaults to the environment). */
  readonly config?: Config;
}

export interface StartedApp {
  readonly url: string;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

export async function startApp(options: StartOptions): Promise<StartedApp> {
  const base = options.config ?? loadConfig();
  const config: Config = {
    ...base,
    port: options.port,
    host: options.host ?? base.host,
    databaseUrl: options.databaseUrl ?? (options.config ? base.databaseUrl : undefined),
    dataDir: options.dataDir ?? base.dataDir,
  };
  const memory = !config.databaseUrl && options.dataDir === undefined && options.config === undefined;
  const runtime = await openRuntime(config, { memory });
  try {
    if (options.demo) {
      const loaded = await ensureDemo(runtime, options.demo.persons, options.demo.seed ?? config.demoSeed);
      await loadJobsDemo(runtime.services);
      // A fresh demo gets its service state (tiers, obligations, follow-ups) at once, not at the first night.
      if (loaded) await runtime.services.serviceWork.jobs.recompute('manual');
    }
    const app = await buildApp(runtime.services, { logger: options.logger ?? false, webDist: options.webDist ?? DEFAULT_WEB_DIST });
    await app.listen({ port: config.port, host: config.host });
    // Work a previous process left unfinished (stopped or killed) continues now, in the background.
    await resumeInterruptedWork(runtime.services);
    const scheduler = options.scheduler ? runtime.services.serviceWork.jobs.scheduler() : undefined;
    await scheduler?.start();
    // Worklist items missing or derived by an older version (after an upgrade): rebuild now, not at the next night.
    if (scheduler) {
      const rebuilding = await runtime.services.serviceWork.jobs.rebuildItemsIfNeeded();
      rebuilding?.run.catch((e: unknown) => console.error('worklist item rebuild failed:', serializeError(e)));
    }
    const address = app.server.address() as AddressInfo;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return {
      url: `http://${shownHost}:${address.port}`,
      runtime,
      async close() {
        await scheduler?.stop();
        await app.close();
        await runtime.close();
      },
    };
  } catch (e) {
    await runtime.close();
    throw e;
  }
}

export { loadConfig } from './config/config.ts';
export type { Config } from './config/config.ts';
