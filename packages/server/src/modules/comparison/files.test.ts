import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../security/field-cipher.ts';
import { decryptFile, encryptFile, isEncrypted, sweepTempFiles, tempName } from './files.ts';

const cipher = new FieldCipher(randomBytes(32));

describe('comparison files at rest', () => {
  it('round-trips files of 0, 1, exactly one chunk and several chunks; the stored bytes hold no plaintext', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-cmpf-'));
    for (const size of [0, 1, 1024 * 1024, 3 * 1024 * 1024 + 17]) {
      const plain = Buffer.alloc(size, '110105199001011234,张三\n');
      writeFileSync(join(dir, 'p'), plain);
      const r = await encryptFile(cipher, join(dir, 'p'), join(dir, 'e'));
      expect(r.sha256).toBe(createHash('sha256').update(plain).digest('hex'));
      const stored = readFileSync(join(dir, 'e'));
      if (size > 0) expect(stored.includes(Buffer.from('110105199001011234'))).toBe(false);
      expect(statSync(join(dir, 'e')).mode & 0o777).toBe(0o600);
      expect(await isEncrypted(join(dir, 'e'))).toBe(true);
      await decryptFile(cipher, join(dir, 'e'), join(dir, 'd'));
      expect(readFileSync(join(dir, 'd')).equals(plain)).toBe(true);
    }
  });

  it('a truncated or altered file does not decrypt, and leaves no plaintext behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-cmpf-'));
    writeFileSync(join(dir, 'p'), randomBytes(2 * 1024 * 1024 + 5));
    await encryptFile(cipher, join(dir, 'p'), join(dir, 'e'));
    const stored = readFileSync(join(dir, 'e'));
    // Cut exactly after the first chunk: every remaining chunk is whole, but the last-chunk mark is missing.
    const firstEnd = 7 + 2 + stored.readUInt16BE(7) + 20 + 1024 * 1024;
    writeFileSync(join(dir, 't'), stored.subarray(0, firstEnd));
    await expect(decryptFile(cipher, join(dir, 't'), join(dir, 'd'))).rejects.toThrow();
    expect(existsSync(join(dir, 'd'))).toBe(false);
    const altered = Buffer.from(stored);
    altered[altered.length - 3]! ^= 1;
    writeFileSync(join(dir, 'a'), altered);
    await expect(decryptFile(cipher, join(dir, 'a'), join(dir, 'd'))).rejects.toThrow();
  });

  it('the sweep deletes temp files of dead processes and keeps this process\'s and other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangfu-cmpf-'));
    const dead = join(dir, 'upload.999999999.deadbeef.0123456789ab.part');
    const ours = tempName(dir, 'upload', 'part');
    const kept = join(dir, 'run.enc');
    for (const f of [dead, ours, kept]) writeFileSync(f, 'x');
    expect(await sweepTempFiles(dir)).toBe(1);
    expect([existsSync(dead), existsSync(ours), existsSync(kept)]).toEqual([false, true, true]);
  });
});
