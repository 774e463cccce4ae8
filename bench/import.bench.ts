/**
 * Bulk import into PostgreSQL (issue 4: 100,000 rows in under 60 s): a fresh database with migrations and the
 * demo divisions/accounts, a CSV of 100,000 × scale persons generated at run time (valid ID numbers, residence
 * codes from the demo villages), uploaded and imported by an operator through the import service, then dropped.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../packages/server/src/config/config.ts';
import { readDemoDivisions } from '../packages/server/src/demo/divisions.ts';
import { loadDemo } from '../packages/server/src/demo/load.ts';
import type { RequestContext } from '../packages/server/src/http/context.ts';
import { csvText, encodeCsv, PERSON_HEADER, personCells, syntheticPerson } from '../packages/server/src/modules/imports/synthetic.ts';
import { openRuntime } from '../packages/server/src/runtime.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';
import { scratchDatabase } from '../packages/server/test/support/scratch-db.ts';

const TARGET_SECONDS_PER_100K = 60;

export default {
  name: 'import',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    const rows = Math.max(1, Math.round(100_000 * scale));
    const target = TARGET_SECONDS_PER_100K * Math.max(scale, 0.01);
    if (!databaseUrl) return [{ name: 'import (PostgreSQL)', value: 0, unit: 's', notes: 'skipped: no DATABASE_URL' }];
    const db = await scratchDatabase(databaseUrl, 'bench');
    const runtime = await openRuntime({ ...loadConfig({}), databaseUrl: db.url, secretKey: randomBytes(32).toString('hex') });
    try {
      // Divisions, offices and accounts only (no demo persons): the import creates every file.
      await loadDemo(runtime.handle, runtime.services.cipher, { persons: 0, seed: 1, asOf: '2026-03-02' });
      const villages = readDemoDivisions()
        .filter((d) => d.level === 'village' && d.code.startsWith('150102'))
        .map((d) => d.code);
      const generated = performance.now();
      const data = encodeCsv(csvText(PERSON_HEADER, Array.from({ length: rows }, (_, i) => personCells(syntheticPerson(i, villages)))), 'gbk');
      const generateSeconds = (performance.now() - generated) / 1000;

      const users = await runtime.handle.pool!.query<{ id: string; jurisdiction_code: string }>("SELECT id, jurisdiction_code FROM users WHERE username = 'operator.county'");
      const op = users.rows[0];
      if (!op) throw new Error('operator.county missing');
      const ctx: RequestContext = {
        requestId: 'bench',
        ip: 'local',
        userAgent: 'bench',
        lang: 'zh-CN',
        audit: {},
        actor: { userId: op.id, username: 'operator.county', displayName: 'bench', role: 'operator', jurisdictionCode: op.jurisdiction_code, personId: null, sessionId: 'bench', csrfToken: 'bench' },
      };
      const imports = runtime.services.imports;
      const started = performance.now();
      const { job } = await imports.upload(ctx, { kind: 'persons', fileName: 'bench.csv', data });
      await imports.start(ctx, job.id);
      let last = started;
      const timer = setInterval(() => {
        void imports.repo.byId(job.id).then((j) => {
          const now = performance.now();
          if (j && now - last > 10_000) {
            process.stdout.write(`${j.processedRows}/${j.totalRows ?? '?'} rows, ${((now - started) / 1000).toFixed(1)} s\n`);
            last = now;
          }
        });
      }, 2000);
      await imports.whenIdle();
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const done = await imports.repo.byId(job.id);
      if (done?.state !== 'done' || done.acceptedRows !== rows) {
        throw new Error(`import did not complete: ${done?.state} ${done?.acceptedRows}/${rows} ${JSON.stringify(done?.error)}`);
      }
      const peak = await peakRssMiB();
      return [
        {
          name: `import ${rows.toLocaleString('en')} rows CSV (PostgreSQL, upload → done)`,
          value: Math.round(seconds * 10) / 10,
          unit: 's',
          target: `< ${target} s`,
          ok: seconds < target,
          notes: `${(data.length / 1024 / 1024).toFixed(1)} MiB GBK, ${done.createdPersons} persons created; CSV generated in ${generateSeconds.toFixed(1)} s (not counted)`,
        },
        { name: 'import throughput', value: Math.round(rows / seconds), unit: 'rows/s' },
        { name: 'import peak RSS', value: peak, unit: 'MiB' },
      ];
    } finally {
      await runtime.services.imports.stop();
      await runtime.close();
      await db.drop();
    }
  },
} satisfies Bench;
