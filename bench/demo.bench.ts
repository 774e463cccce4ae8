/**
 * Demo load into PostgreSQL: a fresh database, migrations, `loadDemo` with 1,000,000 × scale persons (issue
 * target: under 120 s for a million on the 2-core machine), then the database is dropped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { runMigrations } from '../packages/server/src/db/migrate.ts';
import { loadDemo } from '../packages/server/src/demo/load.ts';
import { FieldCipher } from '../packages/server/src/security/field-cipher.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';

const TARGET_SECONDS_PER_MILLION = 120;

export default {
  name: 'demo',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    const persons = Math.round(1_000_000 * scale);
    const target = TARGET_SECONDS_PER_MILLION * Math.max(scale, 0.001);
    if (!databaseUrl) {
      return [{ name: 'demo load (PostgreSQL)', value: 0, unit: 's', notes: 'skipped: no DATABASE_URL' }];
    }
    const name = `bangfu_bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    try {
      await runMigrations(handle);
      const started = performance.now();
      let last = started;
      const counts = await loadDemo(handle, new FieldCipher(randomBytes(32)), {
        persons,
        seed: 20260101,
        // A fixed date: the figures do not drift with the calendar.
        asOf: '2026-03-02',
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - last > 10_000 || done === total) {
            process.stdout.write(`${done}/${total} persons, ${((now - started) / 1000).toFixed(1)} s\n`);
            last = now;
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const peak = await peakRssMiB();
      const detail = `${counts.persons} persons, ${counts.households} households, ${counts.registrations} registrations`;
      return [
        {
          name: `demo load ${persons.toLocaleString('en')} persons (PostgreSQL, wall)`,
          value: Math.round(seconds * 10) / 10,
          unit: 's',
          target: `< ${target} s`,
          ok: seconds < target,
          notes: detail,
        },
        { name: 'demo load throughput', value: Math.round(persons / seconds), unit: 'persons/s' },
        { name: 'demo load peak RSS', value: peak, unit: 'MiB' },
      ];
    } finally {
      await handle.close();
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    }
  },
} satisfies Bench;
