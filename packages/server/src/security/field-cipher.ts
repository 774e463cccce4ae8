/**
 * Protection of sensitive fields at rest (ID number, phone, disability, income).
 * - Values are encrypted with AES-256-GCM (random 96-bit IV); stored as `v1:<iv>:<tag>:<ciphertext>` in base64url.
 *   IVs are taken from a pool of random bytes refilled with `randomFillSync` (4096 IVs at a time, a newly allocated
 *   buffer each time): one CSPRNG call per 4096 encryptions instead of one each, which matters when the demo
 *   loader encrypts millions of values. Each pool slot is handed out once, so IVs are as unique as fresh ones.
 * - A keyed blind index (HMAC-SHA-256 of the normalised value, per field kind) allows exact lookup without
 *   storing plaintext. Encryption and index keys are derived from one master key with HKDF, so one secret to keep.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';

export type BlindIndexKind = 'id_number' | 'phone' | 'activation_code';

const IV_BYTES = 12;
/** IVs per refill of the pool (48 KiB of random bytes). */
const IVS_PER_POOL = 4096;

export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;
  private ivPool: Buffer = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'bangfu field encryption v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'bangfu blind index v1', 32));
  }

  encrypt(plain: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `v1:${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`;
  }

  /**
   * The next unused 12 bytes of the pool. A refill allocates a new buffer rather than overwriting the old one, so
   * an IV slice handed out earlier never changes under its holder and no slot is ever handed out twice.
   */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomFillSync(Buffer.allocUnsafeSlow(IV_BYTES * IVS_PER_POOL));
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  decrypt(stored: string): string {
    const [version, iv, tag, ct] = stored.split(':');
    if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Encrypts a file's bytes: `iv (12) ‖ tag (16) ‖ ciphertext`, with the same key as the fields. */
  encryptBytes(plain: Buffer): Buffer {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  /** The bytes of `encryptBytes`; throws when the data was altered (GCM tag). */
  decryptBytes(stored: Buffer): Buffer {
    if (stored.length < IV_BYTES + 16) throw new Error('ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, stored.subarray(0, IV_BYTES));
    decipher.setAuthTag(stored.subarray(IV_BYTES, IV_BYTES + 16));
    return Buffer.concat([decipher.update(stored.subarray(IV_BYTES + 16)), decipher.final()]);
  }

  /** Deterministic keyed index for exact search; the caller normalises (upper-case X, no spaces). */
  blindIndex(kind: BlindIndexKind, normalized: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}\u0000${normalized}`).digest('base64url').slice(0, 32);
  }
}

/** The one normalisation of ID numbers before blind-indexing: no whitespace, upper-case check character. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The one normalisation of phone numbers before blind-indexing: digits only, without a +86/86 prefix. */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/\D+/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}
