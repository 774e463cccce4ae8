import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The master key: `BANGFU_SECRET_KEY` (64 hex chars) in production; otherwise a key file created once in the
 * data directory (mode 0600). Losing it makes encrypted fields unreadable — the README says to back it up
 * separately from database backups.
 */
export function loadMasterKey(secretKey: string | undefined, dataDir: string): Buffer {
  if (secretKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(secretKey)) {
      throw new Error('BANGFU_SECRET_KEY 必须是 64 位十六进制 / BANGFU_SECRET_KEY must be 64 hex characters');
    }
    return Buffer.from(secretKey, 'hex');
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${file} is not a 64-hex-character key`);
    return Buffer.from(hex, 'hex');
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}
