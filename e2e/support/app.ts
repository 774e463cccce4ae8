// Starts the Bangfu server with demo data for a browser test file: in-memory PGlite by default, or a fresh
// PostgreSQL database (created here, dropped on close) when DATABASE_URL is set.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type StartedApp } from '@bangfu/server';
import { scratchDatabase } from '../../packages/server/test/support/scratch-db.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WEB_DIR = join(REPO_ROOT, 'packages/web');
export const WEB_DIST = join(WEB_DIR, 'dist');

export interface TestApp {
  url: string;
  /** 'postgres' when running against DATABASE_URL, else 'pglite'. */
  db: 'pglite' | 'postgres';
  /** The server's runtime, for what only the server side can set in a test (e.g. `services.clock`). */
  runtime: StartedApp['runtime'];
  close(): Promise<void>;
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * The server serves the built console; a missing or stale build would test old code, so rebuild when any source is
 * newer than dist/index.html.
 */
export function ensureWebBuilt(): void {
  const built = join(WEB_DIST, 'index.html');
  const sources = [join(WEB_DIR, 'src'), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts')];
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync('npm', ['run', 'build', '-w', '@bangfu/web'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}



export async function startTestApp(options: { persons?: number; seed?: number } = {}): Promise<TestApp> {
  ensureWebBuilt();
  // The browser tests sign in a dozen times a minute from one address, above the default login limit of 10 per
  // minute per IP; the limiter itself is the server's integration tests' business. An explicit setting wins.
  process.env.BANGFU_LOGIN_RATE_LIMIT ??= '1000';
  const demo = { persons: options.persons ?? 300, seed: options.seed ?? 20260101 };
  const base = process.env.DATABASE_URL;
  const database = base ? await scratchDatabase(base, 'e2e') : null;
  try {
    const app = await startApp({
      port: 0,
      host: '127.0.0.1',
      demo,
      webDist: WEB_DIST,
      databaseUrl: database?.url,
    });
    return {
      url: app.url.replace(/\/$/, ''),
      db: database ? 'postgres' : 'pglite',
      runtime: app.runtime,
      async close() {
        try {
          await app.close();
        } finally {
          await database?.drop();
        }
      },
    };
  } catch (err) {
    await database?.drop();
    throw err;
  }
}
