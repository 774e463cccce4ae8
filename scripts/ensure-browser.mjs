#!/usr/bin/env node
// Makes sure the browser tier can run: Debian's chromium (driven by playwright-core, which brings no browser of
// its own) and a CJK font (without one Chinese text renders as empty boxes in screenshots).
// Idempotent and silent when everything is present. As root it installs what is missing with apt-get; otherwise it
// prints the exact command and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-wqy-microhei', 'fonts-noto-cjk'];

function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

function missing() {
  const out = [];
  if (!existsSync(CHROMIUM)) out.push(`chromium (${CHROMIUM})`);
  if (!hasCjkFont()) out.push('a CJK font (fc-list :lang=zh is empty)');
  return out;
}

const before = missing();
if (before.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${PACKAGES.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`ensure-browser: missing ${before.join(' and ')}.`);
  console.error(`Install it with:\n  sudo sh -c '${command}'`);
  process.exit(1);
}

console.error(`ensure-browser: missing ${before.join(' and ')}; installing ${PACKAGES.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  // Refresh the font cache so fc-list (and chromium) see the new fonts at once.
  spawnSync('fc-cache', ['-f'], { stdio: 'ignore' });
} catch (err) {
  console.error(`ensure-browser: apt-get failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const after = missing();
if (after.length > 0) {
  console.error(`ensure-browser: still missing ${after.join(' and ')} after installing.`);
  process.exit(1);
}
console.error('ensure-browser: chromium and CJK fonts are installed.');
