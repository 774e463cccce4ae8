/**
 * Partner files on the server's disk. Everything the server keeps for a run (an upload, a GBK or Excel file
 * converted to UTF-8) is stored **encrypted** (`.enc`): they hold ID numbers of up to millions of people. Plaintext
 * exists only as short-lived private temp files (mode 0600): an upload while its request is checked, and the copy
 * DuckDB reads during a run (DuckDB reads files, not streams), deleted right after.
 *
 * Encrypted format: `BFCMP1\n`, a 2-byte length and the per-file data key wrapped by the field key
 * (`FieldCipher.encrypt`, AES-256-GCM), then chunks of up to 1 MiB: 4-byte ciphertext length, 16-byte GCM tag,
 * ciphertext. The IV is the chunk's index (unique: one random key per file); the additional data marks the last
 * chunk, so a truncated or reordered file fails to decrypt.
 *
 * Temp files carry the process id and an incarnation token in their names, so the start-up sweep deletes those of a
 * dead process (a crash, a refused upload whose process died) and never the ones another live process is writing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { FieldCipher } from '../../security/field-cipher.ts';

const MAGIC = Buffer.from('BFCMP1\n', 'latin1');
const CHUNK = 1024 * 1024;

/** This process's incarnation (a restarted container may reuse the pid). */
const INCARNATION = randomUUID().slice(0, 8);

/**
 * A file name of this process: `<prefix>.<pid>.<incarnation>.<random>.<ext>`. Temp extensions (`part`, `plain`,
 * `utf8`, `encpart`) are swept once the process is gone; `enc` (a run's stored file) is kept for its run.
 */
export function tempName(dir: string, prefix: string, ext: 'part' | 'plain' | 'utf8' | 'encpart' | 'enc'): string {
  return join(dir, `${prefix}.${process.pid}.${INCARNATION}.${randomUUID().slice(0, 12)}.${ext}`);
}

/** Whether a process id / incarnation (of a temp name or a run's lease owner) belongs to a live process. */
export function ownerAlive(pid: number, incarnation: string | undefined, liveHere: (incarnation: string) => boolean = (i) => i === INCARNATION): boolean {
  if (pid === process.pid) return incarnation === undefined || liveHere(incarnation);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes temp files left by dead processes (a crash mid-upload or mid-run); answers how many. */
export async function sweepTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = /^[a-z]+\.(\d+)\.([0-9a-f]{8})\.[0-9a-f-]+\.(part|plain|utf8|encpart)$/.exec(name);
    if (!m || ownerAlive(Number(m[1]), m[2])) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

function chunkIv(i: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(i), 4);
  return iv;
}

/** Streams `src` into the encrypted `dest` (0600); answers the SHA-256 of the plaintext (the file's identity). */
export async function encryptFile(cipher: FieldCipher, src: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const key = randomBytes(32);
  const wrapped = Buffer.from(cipher.encrypt(key.toString('base64')), 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(wrapped.length);
  const out = createWriteStream(dest, { mode: 0o600 });
  const hash = createHash('sha256');
  let index = 0;
  let bytes = 0;
  const write = async (b: Buffer) => {
    if (!out.write(b)) await once(out, 'drain');
  };
  const seal = async (plain: Buffer, last: boolean) => {
    const c = createCipheriv('aes-256-gcm', key, chunkIv(index++));
    c.setAAD(Buffer.from([last ? 1 : 0]));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(ct.length);
    await write(Buffer.concat([head, c.getAuthTag(), ct]));
  };
  try {
    await write(Buffer.concat([MAGIC, len, wrapped]));
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of createReadStream(src, { highWaterMark: CHUNK })) {
      const b = chunk as Buffer;
      hash.update(b);
      bytes += b.length;
      pending = pending.length ? Buffer.concat([pending, b]) : b;
      // Keep the tail back: only the last chunk is sealed as last.
      while (pending.length > CHUNK) {
        await seal(pending.subarray(0, CHUNK), false);
        pending = pending.subarray(CHUNK);
      }
    }
    await seal(pending, true);
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    await rm(dest, { force: true });
    throw e;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Whether a file is in the encrypted format (runs stored before encryption, or CLI files, are not). */
export async function isEncrypted(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { start: 0, end: MAGIC.length - 1 })) return (chunk as Buffer).equals(MAGIC);
  return false;
}

/** Decrypts `src` (encryptFile's format) into `dest` (0600), streaming; throws when the file was altered. */
export async function decryptFile(cipher: FieldCipher, src: string, dest: string): Promise<void> {
  const out = createWriteStream(dest, { mode: 0o600 });
  let buf: Buffer = Buffer.alloc(0);
  let key: Buffer | null = null;
  let index = 0;
  const write = async (b: Buffer) => {
    if (!out.write(b)) await once(out, 'drain');
  };
  try {
    for await (const chunk of createReadStream(src, { highWaterMark: CHUNK })) {
      buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer);
      if (!key) {
        if (buf.length < MAGIC.length + 2) continue;
        if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted comparison file');
        const n = buf.readUInt16BE(MAGIC.length);
        if (buf.length < MAGIC.length + 2 + n) continue;
        key = Buffer.from(cipher.decrypt(buf.subarray(MAGIC.length + 2, MAGIC.length + 2 + n).toString('utf8')), 'base64');
        buf = buf.subarray(MAGIC.length + 2 + n);
      }
      // A chunk is complete once its header and ciphertext are here; whether it is the last is known only when
      // nothing follows it, so the final chunk is opened after the loop.
      while (buf.length >= 20 && buf.length > 20 + buf.readUInt32BE(0)) {
        const n = buf.readUInt32BE(0);
        await write(openChunk(key, index++, buf.subarray(4, 20), buf.subarray(20, 20 + n), false));
        buf = buf.subarray(20 + n);
      }
    }
    if (!key || buf.length < 20 || buf.length !== 20 + buf.readUInt32BE(0)) throw new Error('encrypted comparison file is truncated');
    await write(openChunk(key, index, buf.subarray(4, 20), buf.subarray(20), true));
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    await rm(dest, { force: true });
    throw e;
  }
}

function openChunk(key: Buffer, index: number, tag: Buffer, ct: Buffer, last: boolean): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, chunkIv(index));
  d.setAAD(Buffer.from([last ? 1 : 0]));
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]);
}
