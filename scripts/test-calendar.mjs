#!/usr/bin/env node
// The calendar check: runs the unit and integration tests with the machine's clock moved a year ahead (Debian's
// libfaketime, preloaded into every process the runner starts; PGlite runs inside them, so the database moves too).
// A test that passes today and fails next year depends on the calendar instead of its fixed clock.
// Embedded database only: a PostgreSQL server would keep the real clock. As root it installs faketime when
// missing; otherwise it prints the apt-get line and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';

const SHIFT = process.argv[2] ?? '+365d';

function hasFaketime() {
  return spawnSync('faketime', ['-f', '+0d', 'true'], { stdio: 'ignore' }).status === 0;
}

if (!hasFaketime()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error("test-calendar: faketime is missing. Install it with:\n  sudo sh -c 'apt-get update && apt-get install -y faketime'");
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'faketime'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

const env = { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
delete env.DATABASE_URL;
const probe = spawnSync('faketime', ['-f', SHIFT, 'node', '-e', 'process.stdout.write(new Date().toISOString())'], { env, encoding: 'utf8' });
console.error(`test-calendar: running unit and integration tests with the clock at ${probe.stdout} (${SHIFT})`);
for (const project of ['unit', 'integration']) {
  const run = spawnSync('faketime', ['-f', SHIFT, 'npx', 'vitest', 'run', '--project', project], { env, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
