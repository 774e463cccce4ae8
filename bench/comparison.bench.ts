/**
 * Data comparison at scale (issue 7): a fresh PostgreSQL database with the demo registry of 1,000,000 × scale
 * persons, a synthetic social-insurance file of 10,000,000 × scale rows consistent with it, then one whole run
 * (read, validate, registrants out of PostgreSQL, match, findings written). Reported beside it, in the same
 * process: reading the file once (count(*)) and a plain DuckDB join of the same two files (the partner file and
 * the registrants exported as CSV) — the floor the match step is compared with.
 *
 * `BENCH_COMPARISON_KEEP=<name>` keeps the database `<name>` and the generated file in `$TMPDIR/<name>` and reuses
 * them on the next run of the same scale (loading 1,000,000 demo persons takes minutes; the run itself is what is
 * measured). Earlier runs and findings are deleted first so each run starts from the same state.
 * `BENCH_COMPARISON_PGLITE=1` runs the same on in-memory PGlite instead (the issue: "on PGlite the same run must
 * complete"; use a smaller --scale, loading the demo registry into PGlite is slow).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDatabase } from '../packages/server/src/db/client.ts';
import { runMigrations } from '../packages/server/src/db/migrate.ts';
import { FixedClock } from '../packages/server/src/jobs/clock.ts';
import { loadDemo } from '../packages/server/src/demo/load.ts';
import { FieldCipher } from '../packages/server/src/security/field-cipher.ts';
import { PackRegistry } from '@bangfu/rules';
import { ComparisonRepository } from '../packages/server/src/modules/comparison/comparison.repository.ts';
import { ComparisonService } from '../packages/server/src/modules/comparison/comparison.service.ts';
import { generatePartnerFile } from '../packages/server/src/modules/comparison/generate.ts';
import { createRegistrationServices } from '../packages/server/src/modules/registration/registration.module.ts';
import { AuthRepository } from '../packages/server/src/modules/auth/auth.repository.ts';
import { AuthService } from '../packages/server/src/modules/auth/auth.service.ts';
import { peakRssMiB, type Bench, type BenchResult } from './types.ts';

const ASOF = '2026-01-15';
const SEED = 20260101;

export default {
  name: 'comparison',
  async run({ databaseUrl, scale }): Promise<BenchResult[]> {
    const onPglite = process.env.BENCH_COMPARISON_PGLITE === '1';
    if (!databaseUrl && !onPglite) return [{ name: 'comparison run (PostgreSQL)', value: 0, unit: 's', notes: 'skipped: no DATABASE_URL' }];
    const engineName = onPglite ? 'PGlite' : 'PostgreSQL';
    const persons = Math.round(1_000_000 * scale);
    const rows = Math.round(10_000_000 * scale);
    const keep = process.env.BENCH_COMPARISON_KEEP && !onPglite ? `${process.env.BENCH_COMPARISON_KEEP}_${String(scale).replace('.', '_')}` : null;
    if (keep && !/^[a-z0-9_]+$/.test(keep)) throw new Error('BENCH_COMPARISON_KEEP: lower-case letters, digits and _ only');
    const dir = keep ? join(tmpdir(), keep) : mkdtempSync(join(tmpdir(), 'bangfu-cmp-bench-'));
    const name = keep ?? `bangfu_bench_${randomBytes(5).toString('hex')}`;
    let handle: Awaited<ReturnType<typeof openDatabase>>;
    if (onPglite) handle = await openDatabase({});
    else {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
      if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(databaseUrl!);
      url.pathname = `/${name}`;
      handle = await openDatabase({ databaseUrl: url.toString() });
    }
    const log = (s: string) => process.stdout.write(`${s}\n`);
    try {
      await runMigrations(handle);
      // A kept database needs the same key on every run (its ID numbers are encrypted with it).
      const cipher = new FieldCipher(keep ? createHash('sha256').update(`bench ${keep}`).digest() : randomBytes(32));
      let t = performance.now();
      const counts = await loadDemo(handle, cipher, { persons, seed: SEED, asOf: ASOF });
      log(`demo registry: ${counts.persons} persons, ${counts.registrations} registrations (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      if (keep && handle.pool) {
        await handle.pool.query('DELETE FROM comparison_findings; DELETE FROM comparison_rejected_rows; DELETE FROM comparison_runs');
        await handle.pool.query('VACUUM ANALYZE comparison_findings');
      }
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'social_insurance.csv');
      t = performance.now();
      if (!keep || !existsSync(file)) {
        const gen = await generatePartnerFile({ kind: 'social_insurance', rows, out: `${file}.part`, seed: SEED, persons, asOf: ASOF });
        const { renameSync } = await import('node:fs');
        renameSync(`${file}.part`, file);
        log(`partner file: ${gen.rows} rows, ${(gen.bytes / 1e6).toFixed(0)} MB (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      }

      const registry = PackRegistry.builtIn();
      const auth = new AuthService(new AuthRepository(handle.db), 8);
      const registration = createRegistrationServices(handle.db, cipher, auth, registry).registration;
      const service = new ComparisonService(new ComparisonRepository(handle.db), cipher, registry, registration, { workDir: dir, memoryLimit: '4GB', registryFirst: process.env.BENCH_COMPARISON_REGISTRY_FIRST === '1' }, new FixedClock(`${ASOF}T04:00:00Z`));

      // The whole run: hash + import, read, validate, registrants, match, findings. Other work on the machine skews
      // every figure: the load average is reported beside them.
      const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      const loadBefore = loadavg();
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const { run } = await service.importFile({ userId: null, username: 'bench', jurisdictionCode: '000000000000' }, { kind: 'social_insurance', partner: 'bench', path: file, fileName: 'social_insurance.csv', owned: false });
      const imported = (performance.now() - started) / 1000;
      const done = await service.execute(run.id);
      const whole = (performance.now() - started) / 1000;
      // CPU of this process (DuckDB's threads, decryption, JSON) over the whole run — steadier than wall time when
      // other work shares the cores; PostgreSQL's own CPU is not in it.
      const cpu = process.cpuUsage(cpuBefore);
      const runCpu = (cpu.user + cpu.system) / 1e6;
      const tm = done.timings ?? {};
      const matchStep = (tm.registry ?? 0) + (tm.match ?? 0);
      log(`run: ${JSON.stringify({ state: done.state, rowsRead: done.rowsRead, rejected: done.rowsRejected, registrants: done.registrants, matches: done.matches, findings: done.findingsCreated, import: imported, timings: tm, error: done.error })}`);

      // Baselines in the same process: read once, and a plain DuckDB join of the two files.
      const regFile = join(dir, 'registrants.csv');
      const regRows: string[] = ['id,person_id'];
      let after = '00000000-0000-0000-0000-000000000000';
      const repo = new ComparisonRepository(handle.db);
      for (;;) {
        const page = await repo.registry.registrantsPage('000000000000', after, 50_000);
        for (const r of page) regRows.push(`${cipher.decrypt(r.id_number_enc)},${r.person_id}`);
        if (page.length < 50_000) break;
        after = page[page.length - 1]!.person_id;
      }
      writeFileSync(regFile, `${regRows.join('\n')}\n`);
      const duck = await DuckDBInstance.create(':memory:', { memory_limit: '4GB', threads: '2' });
      const conn = await duck.connect();
      t = performance.now();
      await conn.run(`SELECT count(*) FROM read_csv('${file}', header = true, all_varchar = true)`);
      const readOnce = (performance.now() - t) / 1000;
      t = performance.now();
      const joined = await conn.runAndReadAll(
        `SELECT count(*) FROM read_csv('${file}', header = true, all_varchar = true) p JOIN read_csv('${regFile}', header = true, all_varchar = true) r ON p."公民身份号码" = r.id`,
      );
      const plainJoin = (performance.now() - t) / 1000;
      conn.closeSync();
      duck.closeSync();
      log(`plain DuckDB join: ${String(joined.getRows()[0]?.[0])} rows in ${plainJoin.toFixed(2)} s; read once ${readOnce.toFixed(2)} s`);
      const peak = await peakRssMiB();
      const target = 15 * Math.max(scale, 0.001);
      return [
        { name: `comparison whole run ${persons.toLocaleString('en')} persons × ${rows.toLocaleString('en')} rows (${engineName})`, value: Math.round(whole * 100) / 100, unit: 's', target: `< ${target} s`, ok: whole < target && done.state === 'done', notes: `load average ${loadBefore} → ${loadavg()}; process CPU ${runCpu.toFixed(1)} s; hash+import ${imported.toFixed(2)} s; ${JSON.stringify(tm)}; ${done.registrants} registrants, ${done.matches} matching rows, ${done.findingsCreated} findings, ${done.rowsRejected} rejected` },
        { name: 'comparison match step (registrants + join + rule)', value: Math.round(matchStep * 100) / 100, unit: 's', target: `< 2 × plain join (${(2 * plainJoin).toFixed(2)} s)`, ok: matchStep < 2 * plainJoin, notes: `registry wait ${tm.registry ?? 0} s (registrants loaded in ${tm.registryLoad ?? 0} s while the file was read) + join and rule ${tm.match ?? 0} s` },
        { name: 'plain DuckDB join of the same two files', value: Math.round(plainJoin * 100) / 100, unit: 's' },
        { name: 'read the partner file once (DuckDB count)', value: Math.round(readOnce * 100) / 100, unit: 's' },
        { name: 'comparison peak RSS', value: peak, unit: 'MiB' },
      ];
    } finally {
      await handle.close();
      if (!keep) rmSync(dir, { recursive: true, force: true });
      if (!keep && !onPglite) {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      }
    }
  },
} satisfies Bench;
