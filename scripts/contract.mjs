// The API contract pipeline (docs/adr/0002-contract-first.md).
//   node scripts/contract.mjs            write packages/web/src/api/openapi.json (from the server's zod schemas,
//                                        no database) and schema.d.ts (openapi-typescript) — `npm run contract`
//   node scripts/contract.mjs --check    regenerate both into a temporary directory and fail on any difference from
//                                        the committed files — `npm run contract:check`, in CI
//   --dir <dir>                          where the committed files are (default packages/web/src/api); tests point
//                                        it at a deliberately changed copy
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = ['openapi.json', 'schema.d.ts'];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.stderr.write(`契约生成失败 / contract generation failed: ${cmd} ${args.join(' ')}\n`);
    process.exit(2);
  }
}

/** Writes openapi.json and schema.d.ts into `dir`. */
function generate(dir) {
  const openapi = join(dir, 'openapi.json');
  run(process.execPath, ['--import', 'tsx', 'packages/server/src/cli/main.ts', 'openapi', '--out', openapi]);
  run(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), openapi, '--output', join(dir, 'schema.d.ts')]);
}

/** 1-based number of the first line where two texts differ, with both lines. */
function firstDifference(a, b) {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return { line: i + 1, committed: la[i] ?? '(end of file)', generated: lb[i] ?? '(end of file)' };
  }
  return null;
}

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = resolve(root, dirIndex >= 0 ? args[dirIndex + 1] : 'packages/web/src/api');

if (!args.includes('--check')) {
  generate(dir);
  process.stdout.write(`契约已生成 / contract written: ${FILES.map((f) => relative(root, join(dir, f))).join(', ')}\n`);
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'bangfu-contract-'));
try {
  generate(tmp);
  const stale = [];
  for (const f of FILES) {
    const committedPath = join(dir, f);
    const committed = existsSync(committedPath) ? readFileSync(committedPath, 'utf8') : '';
    const diff = firstDifference(committed, readFileSync(join(tmp, f), 'utf8'));
    if (diff) stale.push({ file: relative(root, committedPath), ...diff });
  }
  if (stale.length === 0) {
    process.stdout.write('契约与服务端一致 / contract up to date\n');
    process.exit(0);
  }
  process.stderr.write('API 契约已过期：服务端的响应/请求模式变了，但提交的文件没有重新生成。\nThe API contract is out of date: the server\'s schemas changed but the committed files were not regenerated.\n');
  for (const s of stale) {
    process.stderr.write(`  ${s.file}: first difference at line ${s.line}\n    committed: ${s.committed.trim()}\n    generated: ${s.generated.trim()}\n`);
  }
  process.stderr.write('请运行 / run: npm run contract   (then commit the regenerated files)\n');
  process.exit(1);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
