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
import { open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Deletes the files of `dir` that `stale(name)` names; answers how many (a missing directory: none). */
async function sweep(dir: string, stale: (name: string) => boolean): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!stale(name)) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** Deletes temp files left by dead processes (a crash mid-upload or mid-run); answers how many. */
export async function sweepTempFiles(dir: string): Promise<number> {
  return sweep(dir, (name) => {
    const m = /^[a-z]+\.(\d+)\.([0-9a-f]{8})\.[0-9a-f-]+\.(part|plain|utf8|encpart)$/.exec(name);
    return m !== null && !ownerAlive(Number(m[1]), m[2]);
  });
}

function chunkIv(i: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(i), 4);
  return iv;
}

/** Reads exactly `length` bytes at `position` (a file that shrank meanwhile is an error). */
async function readFully(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('comparison file is shorter than expected');
    done += bytesRead;
  }
}

/**
 * Streams `src` into the encrypted `dest` (0600), 1 MiB at a time through one buffer (positional reads and writes:
 * no stream or concatenation copies — measured 3× less CPU than piping streams); answers the SHA-256 of the
 * plaintext (the file's identity, taken in the same pass).
 */
export async function encryptFile(cipher: FieldCipher, src: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const key = randomBytes(32);
  const wrapped = Buffer.from(cipher.encrypt(key.toString('base64')), 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(wrapped.length);
  const hash = createHash('sha256');
  return transformFile(src, dest, async (input, size, opened) => {
    const output = await opened();
    await output.write(Buffer.concat([MAGIC, len, wrapped]));
    const buf = Buffer.allocUnsafe(CHUNK);
    const chunks = Math.max(1, Math.ceil(size / CHUNK));
    for (let i = 0; i < chunks; i++) {
      const n = Math.min(CHUNK, size - i * CHUNK);
      await readFully(input, buf, n, i * CHUNK);
      const plain = buf.subarray(0, n);
      hash.update(plain);
      const c = createCipheriv('aes-256-gcm', key, chunkIv(i));
      c.setAAD(Buffer.from([i === chunks - 1 ? 1 : 0]));
      const ct = c.update(plain);
      c.final();
      const head = Buffer.alloc(4);
      head.writeUInt32BE(ct.length);
      await output.writev([head, c.getAuthTag(), ct]);
    }
    return { sha256: hash.digest('hex'), bytes: size };
  });
}

/**
 * Runs `fn` with `src` open for reading (and its size) and `dest` opened (0600) when `fn` asks for it; `dest` is
 * closed after `fn`, or removed when anything fails — no partial output is left behind.
 */
async function transformFile<T>(src: string, dest: string, fn: (input: FileHandle, size: number, opened: () => Promise<FileHandle>) => Promise<T>): Promise<T> {
  const input = await open(src, 'r');
  const out: { fh: FileHandle | null } = { fh: null };
  try {
    const result = await fn(input, (await input.stat()).size, async () => (out.fh ??= await open(dest, 'w', 0o600)));
    const fh = out.fh;
    out.fh = null;
    await fh?.close();
    return result;
  } catch (e) {
    await out.fh?.close().catch(() => undefined);
    await rm(dest, { force: true });
    throw e;
  } finally {
    await input.close();
  }
}

/** Whether a file is in the encrypted format (runs stored before encryption, or CLI files, are not). */
export async function isEncrypted(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

/** Decrypts `src` (encryptFile's format) into `dest` (0600); throws — leaving no plaintext — when it was altered. */
export async function decryptFile(cipher: FieldCipher, src: string, dest: string): Promise<void> {
  await transformFile(src, dest, async (input, size, opened) => {
    const head = Buffer.alloc(MAGIC.length + 2);
    if (size < head.length) throw new Error('not an encrypted comparison file');
    await readFully(input, head, head.length, 0);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted comparison file');
    const wrapped = Buffer.alloc(head.readUInt16BE(MAGIC.length));
    await readFully(input, wrapped, wrapped.length, head.length);
    const key = Buffer.from(cipher.decrypt(wrapped.toString('utf8')), 'base64');
    const output = await opened();
    const frame = Buffer.alloc(20);
    const ct = Buffer.allocUnsafe(CHUNK);
    let pos = head.length + wrapped.length;
    let sawLast = false;
    for (let i = 0; pos < size; i++) {
      if (pos + 20 > size) throw new Error('encrypted comparison file is truncated');
      await readFully(input, frame, 20, pos);
      const n = frame.readUInt32BE(0);
      if (n > CHUNK || pos + 20 + n > size) throw new Error('encrypted comparison file is truncated');
      await readFully(input, ct, n, pos + 20);
      pos += 20 + n;
      // The last chunk is sealed as last: a file cut at a chunk boundary fails here.
      const last = pos === size;
      const d = createDecipheriv('aes-256-gcm', key, chunkIv(i));
      d.setAAD(Buffer.from([last ? 1 : 0]));
      d.setAuthTag(frame.subarray(4, 20));
      const plain = d.update(ct.subarray(0, n));
      d.final();
      await output.write(plain);
      sawLast = last;
    }
    if (!sawLast) throw new Error('encrypted comparison file is truncated');
  });
}

/**
 * Files of earlier versions, which kept uploads in clear as `upload-<uuid>` and conversions as `<sha>-<id>.utf8.csv`
 * (a refused upload stayed for good): deleted at start unless a queued or running run still reads one (`keep`).
 */
export async function sweepLegacyFiles(dir: string, keep: ReadonlySet<string>): Promise<number> {
  return sweep(dir, (name) => /^upload-[0-9a-f-]{36}$|^[0-9a-f]{64}-[0-9a-f]{8}\.utf8\.csv$/.test(name) && !keep.has(join(dir, name)));
}
