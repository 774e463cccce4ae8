import { defineConfig } from 'vitest/config';

// Three tiers, all run by `npm test`:
//  unit         pure code beside the sources (rules evaluators, server helpers) — no database
//  integration  the server against a real database: PGlite by default, PostgreSQL when DATABASE_URL is set
//  e2e          the built web console in Debian chromium, driven by playwright-core, against a started server
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/server/test/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // PGlite instances are memory-heavy; two workers match the 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
