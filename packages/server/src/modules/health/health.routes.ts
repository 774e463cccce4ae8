import { VERSION } from '../../config/config.ts';
import { ZHealth } from '../../contract/index.ts';
import type { Api } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { sql } from '../../db/client.ts';

export function registerHealthRoutes(api: Api, services: Services): void {
  api.get(
    '/health',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: ZHealth } } },
    async () => {
      await services.handle.query(sql`SELECT 1 AS ok`);
      return { status: 'ok' as const, db: services.handle.kind, version: VERSION };
    },
  );
}
