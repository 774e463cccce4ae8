/**
 * The API contract as an OpenAPI document, built without a database: the Fastify app is assembled with services
 * that are never called (routes only keep references to them until a request arrives), so `bangfu openapi`, CI
 * and the console's type generation need no PGlite, PostgreSQL, key or data directory. See docs/adr/0002.
 */
import { loadConfig, type Config } from '../config/config.ts';
import { buildApp } from '../http/app.ts';
import type { Services } from '../services.ts';

/**
 * The background workers' start/stop hooks (onReady/onClose of the imports and comparison routes): with no
 * database there is nothing to start, so these — and only these — do nothing here.
 */
const WORKER_LIFECYCLE = new Set(['services.imports.resume', 'services.imports.stop', 'services.comparison.start', 'services.comparison.stop']);

/**
 * Services that exist only to be registered against: any property path (`services.serviceWork.compliance`)
 * resolves, and calling anything but a worker's start/stop throws — so a route that used a service while being
 * registered would fail loudly here instead of writing a document from half a setup.
 */
export function contractOnlyServices(config: Config): Services {
  const unreachable = (path: string): unknown =>
    new Proxy(function never() {}, {
      get: (_t, key) => (key === 'then' ? undefined : typeof key === 'symbol' ? undefined : unreachable(`${path}.${key}`)),
      apply: () => {
        if (WORKER_LIFECYCLE.has(path)) return Promise.resolve();
        throw new Error(`${path}() was called while building the API contract; routes must not use services at registration`);
      },
    });
  const known: Partial<Services> = { config, handle: { kind: 'pglite' } as Services['handle'] };
  return new Proxy(known as Services, {
    get: (target, key) => (typeof key === 'string' && key in target ? target[key as keyof Services] : typeof key === 'string' ? unreachable(`services.${key}`) : undefined),
  });
}

/** The document exactly as `/api/openapi.json` serves it, from configuration defaults (no environment read). */
export async function buildOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({});
  const app = await buildApp(contractOnlyServices(config));
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}

/** Recursively sorted keys (arrays keep their order), so the committed file diffs by content, not by route order. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** The text committed as packages/web/src/api/openapi.json. */
export async function openApiText(): Promise<string> {
  return `${JSON.stringify(sortKeys(await buildOpenApiDocument()), null, 2)}\n`;
}
