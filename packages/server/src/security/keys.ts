import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The master key: `BANGFU_SECRET_KEY` (64 hex chars) in production; otherwise a key file (`BANGFU_SECRET_KEY_FILE`,
 * default `<dataDir>/secret.key`) created once with mode 0600 (an existing file with wider permissions is tightened).
 * Losing it makes encrypted fields unreadable — the README says to back it up separately from database backups.
 */
export interface MasterKey {
  readonly key: Buffer;
  /** The key file used, or undefined when the key came from `BANGFU_SECRET_KEY`. */
  readonly file: string | undefined;
}

export interface KeyOptions {
  readonly secretKey: string | undefined;
  readonly dataDir: string;
  readonly keyFile?: string | undefined;
}

/** Owner-only modes for what holds secrets or personal data (the data directory, the key file, backups). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function openMasterKey(options: KeyOptions): MasterKey {
  const { secretKey, dataDir } = options;
  if (secretKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(secretKey)) {
      throw new Error('BANGFU_SECRET_KEY 必须是 64 位十六进制 / BANGFU_SECRET_KEY must be 64 hex characters');
    }
    return { key: Buffer.from(secretKey, 'hex'), file: undefined };
  }
  const file = resolve(options.keyFile ?? join(dataDir, 'secret.key'));
  if (existsSync(file)) {
    // Written 0644 by earlier versions (or copied so): readable by every local account. Tighten it.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${file} is not a 64-hex-character key`);
    return { key: Buffer.from(hex, 'hex'), file };
  }
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process has just written.
  writeFileSync(file, key.toString('hex') + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return { key, file };
}

/** Kept for callers that only need the bytes. */
export function loadMasterKey(secretKey: string | undefined, dataDir: string, keyFile?: string): Buffer {
  return openMasterKey({ secretKey, dataDir, keyFile }).key;
}

/** True when `file` lies inside `dir` (a copy of the directory then carries the key along with the data). */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The start-up warning (zh + en, one line) when the key file sits in the embedded database's data directory. */
export function keyBesideDataWarning(file: string, dataDir: string): string {
  return (
    `警告：密钥文件 ${file} 与数据同在 ${dataDir} 中，复制数据目录即可读取全部加密字段；生产环境请设置 BANGFU_SECRET_KEY 或把 BANGFU_SECRET_KEY_FILE 指向数据目录之外 / ` +
    `WARNING: the key file ${file} lives beside the data in ${dataDir}, so a copy of the directory can decrypt every protected field; ` +
    'in production set BANGFU_SECRET_KEY or point BANGFU_SECRET_KEY_FILE outside the data directory'
  );
}
