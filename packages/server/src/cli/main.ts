/**
 * `bangfu` — the command line: serve, migrate, demo, user, backup, restore, evaluate, rules.
 * Every command has --help. Errors are printed in Chinese and English and exit with status 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EvaluateInputSchema, zodErrorToProblems } from '@bangfu/rules';
import { loadConfig, VERSION, type Config } from '../config/config.ts';
import { AppError } from '../errors/app-error.ts';
import { ensureDemo, openRuntime, type Runtime } from '../runtime.ts';
import { loadJobsDemo } from '../demo/jobs.ts';
import { demoAccountLines, demoAccounts, DEMO_PASSWORD } from '../demo/accounts.ts';
import { backupTo, restoreFrom, verifyBackup } from '../modules/backup/backup.service.ts';
import { startApp } from '../index.ts';
import { packFilesIn, readPackFiles, registryWithFiles } from '../modules/rules/pack-files.ts';
import { RulesService } from '../modules/rules/rules.service.ts';
import { registerCompareCommands } from '../modules/comparison/cli.ts';
import { openApiText } from '../contract/openapi.ts';

/** The rule packs in force for CLI commands: built-in plus the operator's files. */
function cliRules(): RulesService {
  return new RulesService(registryWithFiles(readPackFiles(packFilesIn(loadConfig().rulePacksDir))));
}

function fail(e: unknown): never {
  if (e instanceof AppError) {
    process.stderr.write(`错误 [${e.code}]：${e.message_('zh-CN')}\nError [${e.code}]: ${e.message_('en')}\n`);
    for (const i of e.issues) process.stderr.write(`  ${i.field}: ${i.messageZh} / ${i.messageEn}\n`);
  } else if (e instanceof Error && e.name === 'RuleInputError') {
    const r = e as Error & { field: string; messageZh: string; messageEn: string };
    process.stderr.write(`${JSON.stringify({ error: { code: 'RULE_INPUT_INVALID', field: r.field, messageZh: r.messageZh, messageEn: r.messageEn } })}\n`);
  } else {
    process.stderr.write(`错误 / Error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
}

async function withRuntime<T>(config: Config, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(config);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const program = new Command('bangfu')
  .description('Bangfu (帮扶) — 公共就业服务帮扶管理系统 / case management for public employment services')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('启动服务（API + 网页控制台）/ start the API and web console on one port')
  .option('-p, --port <port>', 'port (env PORT, default 8080)')
  .option('--host <host>', 'listen address (env HOST, default 0.0.0.0)')
  .option('--no-demo', 'do not load the demo data on first start')
  .action(async (opts: { port?: string; host?: string; demo: boolean }) => {
    const config = loadConfig();
    const port = opts.port !== undefined ? Number(opts.port) : config.port;
    const started = await startApp({
      config,
      port,
      host: opts.host ?? config.host,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      logger: true,
      scheduler: true,
      demo: opts.demo && config.demoPersons > 0 ? { persons: config.demoPersons, seed: config.demoSeed } : false,
    });
    // Issue 11: say it once, at start, when a copy of the data directory would carry its own key.
    if (started.runtime.keyWarning) process.stderr.write(`${started.runtime.keyWarning}\n`);
    const db = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
    process.stdout.write(
      `\nBangfu ${VERSION} 已启动 / is running: ${started.url}\n数据库 / database: ${db}\nAPI 文档 / API docs: ${started.url}/api/docs\n\n` +
        `演示账号（密码均为 ${DEMO_PASSWORD}）/ demo accounts (password ${DEMO_PASSWORD}):\n` +
        demoAccounts()
          .map((a) => `  ${a.username.padEnd(22)} ${a.role.padEnd(11)} ${a.jurisdiction}  ${a.displayName}`)
          .join('\n') +
        '\n',
    );
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`\n收到 ${signal}，正在安全关闭… / ${signal}: closing cleanly…\n`);
      started
        .close()
        .then(() => process.exit(0))
        .catch((e: unknown) => fail(e));
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('应用数据库迁移 / apply database migrations')
  .action(async () => {
    await withRuntime(loadConfig(), async () => undefined);
    process.stdout.write('迁移完成 / migrations applied\n');
  });

const demo = program
  .command('demo')
  .description('载入演示数据（可生成到百万人）/ load demo data (scales to 1,000,000 persons)')
  .option('--persons <n>', 'number of persons', (v) => Number(v))
  .option('--seed <n>', 'generator seed (same seed → same data)', (v) => Number(v))
  .action(async (opts: { persons?: number; seed?: number }) => {
    const config = loadConfig();
    const persons = opts.persons ?? config.demoPersons;
    if (!Number.isInteger(persons) || persons < 0) fail(new AppError('VALIDATION_FAILED', { field: '--persons', params: { detail: '--persons: a non-negative integer' } }));
    const started = Date.now();
    const result = await withRuntime(config, async (rt) => {
      const loaded = await ensureDemo(rt, persons, opts.seed ?? config.demoSeed, (l) => process.stdout.write(`${l}\n`));
      await loadJobsDemo(rt.services);
      return loaded;
    });
    if (!result) process.stdout.write('演示数据已存在，未重复载入 / demo data already present; nothing loaded\n');
    else process.stdout.write(`${JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 })}\n`);
  });

demo
  .command('users')
  .description('列出演示账号（每行一个 JSON）/ print the demo accounts, one JSON object a line')
  .action(() => {
    process.stdout.write(demoAccountLines().join('\n') + '\n');
  });

const user = program.command('user').description('用户管理 / manage users');
user
  .command('add <username>')
  .description('新增用户 / add a user')
  .addOption(new Option('--role <role>', 'role').choices(['citizen', 'caseworker', 'operator', 'supervisor', 'partner', 'employer', 'admin']).makeOptionMandatory())
  .requiredOption('--jurisdiction <code>', '12-digit division code of the home jurisdiction')
  .requiredOption('--password <password>', 'initial password (≥ 8 characters, letters and digits)')
  .option('--name <displayName>', 'display name')
  .action(async (username: string, opts: { role: string; jurisdiction: string; password: string; name?: string }) => {
    const row = await withRuntime(loadConfig(), (rt) =>
      rt.services.auth.addUser({ username, password: opts.password, role: opts.role, jurisdictionCode: opts.jurisdiction, displayName: opts.name }),
    );
    process.stdout.write(`${JSON.stringify({ id: row.id, username: row.username, role: row.role, jurisdiction: row.jurisdictionCode })}\n`);
  });
user
  .command('passwd <username>')
  .description('重设密码（并注销其所有会话）/ reset a password (ends all sessions)')
  .requiredOption('--password <password>', 'new password')
  .action(async (username: string, opts: { password: string }) => {
    await withRuntime(loadConfig(), (rt) => rt.services.auth.setPassword(username, opts.password));
    process.stdout.write('密码已更新 / password updated\n');
  });

program
  .command('backup <file>')
  .description('备份到文件（PGlite 与 PostgreSQL 通用；PGlite 需先停止服务）/ write a backup file')
  .action(async (file: string) => {
    // The retention purge first, so the backup carries only what retention keeps (no expired reports, no clear uploads).
    const counts = await withRuntime(loadConfig(), async (rt) => {
      await rt.services.imports.purge();
      return backupTo(rt.handle, file);
    });
    await verifyBackup(file);
    process.stdout.write(`${JSON.stringify({ file, counts })}\n`);
  });

program
  .command('restore <file>')
  .description('从备份恢复到空数据库（新数据目录或新库）/ restore a backup into an empty database')
  .action(async (file: string) => {
    const counts = await withRuntime(loadConfig(), (rt) => restoreFrom(rt.handle, file));
    process.stdout.write(`${JSON.stringify({ restored: counts })}\n`);
  });

program
  .command('evaluate')
  .description('按规则包评估一个个案，输出 JSON 决定 / evaluate one case against the rule pack in force')
  .option('--as-of <date>', 'evaluation date YYYY-MM-DD (overrides asOf in the case)')
  .option('--file <case.json>', 'case file (default: stdin)')
  .action(async (opts: { asOf?: string; file?: string }) => {
    const text = opts.file ? readFileSync(opts.file, 'utf8') : await readStdin();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      fail(new AppError('MALFORMED_JSON'));
    }
    if (opts.asOf && typeof json === 'object' && json !== null) json = { ...json, asOf: opts.asOf };
    const parsed = EvaluateInputSchema.safeParse(json);
    if (!parsed.success) {
      process.stderr.write(`${JSON.stringify({ error: { code: 'VALIDATION_FAILED', issues: zodErrorToProblems(parsed.error) } }, null, 2)}\n`);
      process.exit(1);
    }
    process.stdout.write(`${JSON.stringify(cliRules().evaluateLocal(parsed.data), null, 2)}\n`);
  });

const rules = program.command('rules').description('查看规则包 / view rule packs');
rules
  .command('list')
  .description('全部规则包及其生效期 / all packs and their periods')
  .action(async () => {
    process.stdout.write(`${JSON.stringify(cliRules().packs(), null, 2)}\n`);
  });
rules
  .command('show')
  .description('某地某日生效的规则包 / the pack in force for a jurisdiction and date')
  .requiredOption('--jurisdiction <code>', '12-digit division code')
  .requiredOption('--as-of <date>', 'YYYY-MM-DD')
  .action(async (opts: { jurisdiction: string; asOf: string }) => {
    process.stdout.write(`${JSON.stringify(cliRules().inForce(opts.jurisdiction, opts.asOf), null, 2)}\n`);
  });
rules
  .command('history')
  .description('某地历次适用的规则包 / every pack that applies to a jurisdiction over time')
  .requiredOption('--jurisdiction <code>', '12-digit division code')
  .action((opts: { jurisdiction: string }) => {
    process.stdout.write(`${JSON.stringify(cliRules().history(opts.jurisdiction), null, 2)}\n`);
  });
rules
  .command('validate <files...>')
  .description('校验规则包 JSON 文件（与内置规则包一起）/ validate rule-pack JSON files together with the built-in packs')
  .action((files: string[]) => {
    const registry = registryWithFiles(readPackFiles(files));
    process.stdout.write(`有效 / valid: ${JSON.stringify(registry.list().map((p) => `${p.id}@${p.version}`))}\n`);
  });

program
  .command('openapi')
  .description('输出 API 契约（OpenAPI 文档，无需数据库）/ write the API contract (OpenAPI document; no database needed)')
  .option('--out <file>', 'file to write (default: stdout)')
  .action(async (opts: { out?: string }) => {
    const text = await openApiText();
    if (opts.out) writeFileSync(opts.out, text);
    else process.stdout.write(text);
  });

// 信息比对 / data comparison (issue 7): import, run, stale, generate.
registerCompareCommands(program, { loadConfig, withRuntime, fail });

program.parseAsync(process.argv).catch(fail);
