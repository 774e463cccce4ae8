/**
 * `npm run bench [-- --only name] [-- --scale 0.1]`: runs every `bench/*.bench.ts` in its own child process
 * (so peak memory is per benchmark), prints a table and writes `.bench/results.json`.
 * Database benches use DATABASE_URL, or the local PostgreSQL at 127.0.0.1:5432 when it answers.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function runOne(file: string): Promise<void> {
  const mod = (await import(join(here, file))) as { default: Bench };
  const scale = Number(arg('scale') ?? '1');
  const results = await mod.default.run({ databaseUrl: process.env.BENCH_DATABASE_URL, scale });
  process.stdout.write(`@@RESULTS ${JSON.stringify(results)}\n`);
}

async function main(): Promise<void> {
  const child = arg('child');
  if (child) return runOne(child);
  const only = arg('only');
  const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only))).sort();
  const all: { bench: string; results: BenchResult[] }[] = [];
  for (const file of files) {
    process.stdout.write(`\n▶ ${file}\n`);
    const results = await new Promise<BenchResult[]>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', join(here, 'run.ts'), '--child', file, ...process.argv.slice(2)], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, BENCH_DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      });
      let out = '';
      p.stdout.on('data', (b: Buffer) => {
        const s = b.toString();
        out += s;
        for (const line of s.split('\n')) if (line && !line.startsWith('@@RESULTS')) process.stdout.write(`  ${line}\n`);
      });
      p.on('error', reject);
      p.on('close', (code) => {
        const line = out.split('\n').find((l) => l.startsWith('@@RESULTS '));
        if (code !== 0 || !line) return reject(new Error(`${file} failed (exit ${code})`));
        resolve(JSON.parse(line.slice('@@RESULTS '.length)) as BenchResult[]);
      });
    });
    all.push({ bench: file, results });
    for (const r of results) {
      const verdict = r.ok === undefined ? '' : r.ok ? '  ✔' : '  ✘';
      process.stdout.write(`  ${r.name}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target})` : ''}${verdict}${r.notes ? ` — ${r.notes}` : ''}\n`);
    }
  }
  await mkdir(join(here, '..', '.bench'), { recursive: true });
  await writeFile(join(here, '..', '.bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), all }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
