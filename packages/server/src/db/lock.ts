/**
 * PGlite takes no lock of its own; two processes on one data directory corrupt it. This lock file makes a
 * second `bangfu serve` refuse with a clear message. A lock left by a dead process is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { ensurePrivateDir } from './client.ts';

export interface DirLock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DirLock {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, 'bangfu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        // unreadable lock file: treat as stale
      }
      const sameHost = holder.host === undefined || holder.host === hostname();
      if (holder.pid && sameHost && alive(holder.pid) && holder.pid !== process.pid) {
        throw new AppError('DATA_DIR_LOCKED', {
          params: { dir: dataDir, pid: String(holder.pid), since: holder.since ?? '?' },
        });
      }
      rmSync(file, { force: true }); // stale lock from a crashed process
    }
  }
  throw new AppError('DATA_DIR_LOCKED', { params: { dir: dataDir, pid: '?', since: '?' } });
}
