/** Builds the real application on a per-file test database with demo data, driven through `inject`. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { ensureDemo, openRuntime, type Runtime } from '../../src/runtime.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly db: TestDatabase;
  login(username: string, password?: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly user: { id: string; role: string; jurisdiction: { code: string; name: string }; personId: string | null };
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/**
 * `today` fixes the application clock (and so the demo's date) for a test whose outcome depends on the calendar —
 * e.g. working-day deadlines, which need the holiday calendar of the year. Without it the clock is the system's,
 * and the demo is generated as of that same day.
 */
export async function createTestApp(options: { persons?: number; loginRateLimit?: number; today?: string; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = await createTestDatabase('int');
  const config = { ...loadConfig({}), ...options.config, databaseUrl: db.databaseUrl, loginRateLimit: options.loginRateLimit ?? 1000 };
  const runtime = await openRuntime(config, { memory: true });
  if (options.today !== undefined) runtime.services.clock.set(options.today);
  await ensureDemo(runtime, options.persons ?? 300, 42);
  const app = await buildApp(runtime.services, { webDist: undefined });
  await app.ready();

  async function login(username: string, password = DEMO_PASSWORD): Promise<Session> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const body = res.json<{ user: Session['user']; csrfToken: string }>();
    const setCookie = res.headers['set-cookie'];
    const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    const cookie = (raw ?? '').split(';')[0] ?? '';
    return {
      cookie,
      csrf: body.csrfToken,
      user: body.user,
      get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
      post: (url, payload, headers = {}) =>
        app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'x-csrf-token': body.csrfToken, ...headers },
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
    };
  }

  return {
    app,
    runtime,
    db,
    login,
    async close() {
      await app.close();
      await runtime.close();
      await db.drop();
    },
  };
}
