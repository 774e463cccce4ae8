/**
 * Issue 11: owner-only modes for what holds secrets or personal data, and the warning when the key lives beside
 * the data. Modes are checked on the files themselves (umask 022 would leave 0755 / 0644 without the fix).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir } from '../db/client.ts';
import { lockDataDir } from '../db/lock.ts';
import { isInside, keyBesideDataWarning, openMasterKey } from './keys.ts';

const root = mkdtempSync(join(tmpdir(), 'bangfu-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

describe('file modes (issue 11)', () => {
  it('creates the key file 0600 in a new 0700 directory, and tightens an existing 0644 key file', () => {
    const dataDir = join(root, 'a', 'data');
    const first = openMasterKey({ secretKey: undefined, dataDir });
    expect(first.file).toBe(join(dataDir, 'secret.key'));
    expect(mode(first.file!)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    chmodSync(first.file!, 0o644);
    const again = openMasterKey({ secretKey: undefined, dataDir });
    expect(again.key.equals(first.key)).toBe(true);
    expect(mode(first.file!)).toBe(0o600);
  });

  it('uses BANGFU_SECRET_KEY_FILE outside the data directory when given', () => {
    const keyFile = join(root, 'keys', 'bangfu.key');
    const k = openMasterKey({ secretKey: undefined, dataDir: join(root, 'b'), keyFile });
    expect(k.file).toBe(keyFile);
    expect(mode(keyFile)).toBe(0o600);
    expect(isInside(keyFile, join(root, 'b'))).toBe(false);
    expect(isInside(join(root, 'b', 'secret.key'), join(root, 'b'))).toBe(true);
    expect(openMasterKey({ secretKey: 'ab'.repeat(32), dataDir: join(root, 'b') }).file).toBeUndefined();
  });

  it('creates the data directory 0700 and tightens one an earlier version made 0755; the lock file is 0600', () => {
    const fresh = join(root, 'fresh');
    ensurePrivateDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const old = join(root, 'old');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    writeFileSync(join(old, 'x'), '');
    const lock = lockDataDir(old);
    try {
      expect(mode(old)).toBe(0o700);
      expect(mode(join(old, 'bangfu.lock'))).toBe(0o600);
    } finally {
      lock.release();
    }
  });

  it('the warning names the key file and the directory, in Chinese and English, on one line', () => {
    const w = keyBesideDataWarning('/srv/data/secret.key', '/srv/data');
    expect(w).not.toContain('\n');
    expect(w).toContain('警告：密钥文件 /srv/data/secret.key 与数据同在 /srv/data 中');
    expect(w).toContain('WARNING: the key file /srv/data/secret.key lives beside the data in /srv/data');
    expect(w).toContain('BANGFU_SECRET_KEY_FILE');
  });
});
