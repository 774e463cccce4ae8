/**
 * Protection of sensitive fields at rest (ID number, phone, disability, income).
 * - Values are encrypted with AES-256-GCM (random 96-bit IV); stored as `v1:<iv>:<tag>:<ciphertext>` in base64url.
 * - A keyed blind index (HMAC-SHA-256 of the normalised value, per field kind) allows exact lookup without
 *   storing plaintext. Encryption and index keys are derived from one master key with HKDF, so one secret to keep.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export type BlindIndexKind = 'id_number' | 'phone';

export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'bangfu field encryption v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'bangfu blind index v1', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `v1:${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`;
  }

  decrypt(stored: string): string {
    const [version, iv, tag, ct] = stored.split(':');
    if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
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
