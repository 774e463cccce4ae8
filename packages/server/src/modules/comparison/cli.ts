/**
 * `bangfu compare …`: import a partner file and run it with a progress line (rows read, percent, ETA), resume
 * queued or interrupted runs, check stale files, and generate synthetic partner files.
 */
import { resolve, basename } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config/config.ts';
import type { Runtime } from '../../runtime.ts';
import { systemClock } from '../../jobs/clock.ts';
import { DATASET_KINDS, isDatasetKind } from './datasets.ts';
import { generatePartnerFile } from './generate.ts';
import type { RunHooks } from './comparison.service.ts';
import type { RunRow } from './comparison.repository.ts';

interface CliDeps {
  loadConfig(): Config;
  withRuntime<T>(config: Config, fn: (rt: Runtime) => Promise<T>): Promise<T>;
  fail(e: unknown): never;
}


function progressLine(): RunHooks {
  let last = 0;
  return {
    onProgress: (p) => {
      const now = Date.now();
      if (now - last < 250 && p.fraction < 1) return;
      last = now;
      const eta = p.etaSeconds === null ? '—' : `${p.etaSeconds} s`;
      process.stderr.write(`\r读取 read ${p.rowsRead.toLocaleString('en')} 行 rows · ${(p.fraction * 100).toFixed(1)}% · 剩余 ETA ${eta}      `);
    },
    onPhase: (phase) => {
      if (phase !== 'read') process.stderr.write(`\n阶段 phase: ${phase}`);
    },
  };
}

function summary(run: RunRow): string {
  return JSON.stringify({
    id: run.id,
    kind: run.datasetKind,
    state: run.state,
    rowsRead: run.rowsRead,
    rowsRejected: run.rowsRejected,
    registrants: run.registrants,
    matches: run.matches,
    findingsCreated: run.findingsCreated,
    timings: run.timings,
    error: run.error,
  });
}

export function registerCompareCommands(program: Command, deps: CliDeps): void {
  const compare = program.command('compare').description('信息比对：导入合作部门数据并比对 / data comparison with partner files');

  compare
    .command('import <file>')
    .description('导入并比对一个文件（CSV UTF-8/GBK 或 xlsx）/ import and run a partner file')
    .requiredOption('--kind <kind>', `dataset kind: ${DATASET_KINDS.join(', ')}`)
    .option('--partner <name>', 'partner department (key of its saved header mapping)')
    .option('--map <field=header...>', 'header mapping, saved for the partner (e.g. id_number=身份证号)')
    .option('--user <username>', "import on this user's behalf: the run is theirs, in their jurisdiction (default: national, user cli)")
    .option('--jurisdiction <code>', "the run's jurisdiction (12 digits; within --user's; default: the user's)")
    .option('--no-run', 'register the file only (run later with `bangfu compare run`)')
    .action(async (file: string, opts: { kind: string; partner?: string; map?: string[]; user?: string; jurisdiction?: string; run: boolean }) => {
      const mapping = opts.map ? Object.fromEntries(opts.map.map((m) => [m.slice(0, m.indexOf('=')), m.slice(m.indexOf('=') + 1)])) : undefined;
      const config = deps.loadConfig();
      await deps.withRuntime(config, async (rt) => {
        const cmp = rt.services.comparison;
        const { run, existing } = await cmp.importFile(await cmp.cliUploader(opts), { kind: opts.kind, partner: opts.partner ?? '', path: resolve(file), fileName: basename(file), owned: false, mapping });
        if (existing) process.stderr.write(`同一文件已导入（${run.state}），不重复比对 / the same file was imported before (${run.state}); nothing new\n`);
        const done = opts.run && (run.state === 'queued' || run.state === 'running') ? await cmp.execute(run.id, progressLine()) : run;
        process.stderr.write('\n');
        process.stdout.write(`${summary(done)}\n`);
        if (done.state === 'failed') process.exitCode = 1;
      });
    });

  compare
    .command('run')
    .description('执行排队或中断的比对任务（崩溃后续跑，不重复生成结果）/ run queued or interrupted runs (resume after a crash)')
    .option('--id <runId>', 'only this run')
    .action(async (opts: { id?: string }) => {
      const config = deps.loadConfig();
      await deps.withRuntime(config, async (rt) => {
        const cmp = rt.services.comparison;
        const recovered = await cmp.recoverApplying();
        if (recovered.confirmed + recovered.reset > 0) process.stderr.write(`中断的确认已恢复 / abandoned confirmations recovered: ${recovered.confirmed} confirmed, ${recovered.reset} back to pending\n`);
        // Runs of a process that died are resumed now, not when their lease runs out.
        await cmp.releaseInterrupted();
        const ids = opts.id ? [opts.id] : (await cmp.repo.resumable()).map((r) => r.id);
        if (ids.length === 0) process.stderr.write('没有待执行的比对任务 / no runs to do\n');
        for (const id of ids) {
          const done = await cmp.execute(id, progressLine());
          process.stderr.write('\n');
          process.stdout.write(`${summary(done)}\n`);
        }
      });
    });

  compare
    .command('stale')
    .description('长期未更新的在册人员档案（僵尸数据）/ flag registrants whose file was not updated for N months')
    .option('--months <n>', 'months without any update (default 6)', (v) => Number(v))
    .option('--user <username>', "on this user's behalf (default: national, user cli)")
    .option('--jurisdiction <code>', "the check's jurisdiction (default: the user's)")
    .action(async (opts: { months?: number; user?: string; jurisdiction?: string }) => {
      const config = deps.loadConfig();
      await deps.withRuntime(config, async (rt) => {
        const cmp = rt.services.comparison;
        const run = await cmp.startStale(await cmp.cliUploader(opts), opts.months);
        process.stdout.write(`${summary(await cmp.execute(run.id))}\n`);
      });
    });

  compare
    .command('hardship')
    .description('困难登记人员转介民政（零就业家庭、长期失业未领失业保险金、无收入）/ registrants in hardship → referral to civil affairs')
    .option('--user <username>', "on this user's behalf (default: national, user cli)")
    .option('--jurisdiction <code>', "the check's jurisdiction (default: the user's)")
    .action(async (opts: { user?: string; jurisdiction?: string }) => {
      const config = deps.loadConfig();
      await deps.withRuntime(config, async (rt) => {
        const cmp = rt.services.comparison;
        const run = await cmp.startHardship(await cmp.cliUploader(opts));
        process.stdout.write(`${summary(await cmp.execute(run.id))}\n`);
      });
    });

  compare
    .command('generate')
    .description('生成与演示数据一致的合成比对文件（确定性）/ write a synthetic partner file consistent with the demo registry')
    .requiredOption('--kind <kind>', `dataset kind: ${DATASET_KINDS.join(', ')}`)
    .requiredOption('--rows <n>', 'rows to write', (v) => Number(v))
    .requiredOption('--out <file>', 'output CSV (UTF-8)')
    .option('--seed <n>', 'demo seed (as for `bangfu demo`)', (v) => Number(v))
    .option('--persons <n>', 'demo registry size (as for `bangfu demo`)', (v) => Number(v))
    .option('--as-of <date>', 'the demo data set\'s "today" (YYYY-MM-DD)')
    .action(async (opts: { kind: string; rows: number; out: string; seed?: number; persons?: number; asOf?: string }) => {
      if (!isDatasetKind(opts.kind)) deps.fail(new Error(`未知的数据类型 / unknown kind: ${opts.kind}`));
      const config = deps.loadConfig();
      const started = Date.now();
      const asOf = opts.asOf ?? systemClock.today();
      const r = await generatePartnerFile({
        kind: opts.kind,
        rows: opts.rows,
        out: resolve(opts.out),
        seed: opts.seed ?? config.demoSeed,
        persons: opts.persons ?? config.demoPersons,
        asOf,
        onProgress: (n) => process.stderr.write(`\r${n.toLocaleString('en')} / ${opts.rows.toLocaleString('en')}`),
      });
      process.stderr.write('\n');
      process.stdout.write(`${JSON.stringify({ ...r, seconds: (Date.now() - started) / 1000 })}\n`);
    });
}
