import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, normalizeIdNumber, normalizePhone } from './field-cipher.ts';

const masterKey = randomBytes(32);
const cipher = new FieldCipher(masterKey);
/** The encryption key as the format defines it (HKDF-SHA-256 of the master key), derived independently here. */
const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'bangfu field encryption v1', 32));

function parts(stored: string): { iv: Buffer; tag: Buffer; ct: Buffer } {
  const [version, iv, tag, ct] = stored.split(':');
  expect(version).toBe('v1');
  return { iv: Buffer.from(iv ?? '', 'base64url'), tag: Buffer.from(tag ?? '', 'base64url'), ct: Buffer.from(ct ?? '', 'base64url') };
}

/** Replaces the character at `index` with another base64url character. */
function flipChar(s: string, index: number): string {
  const c = s.charAt(index);
  return s.slice(0, index) + (c === 'A' ? 'B' : 'A') + s.slice(index + 1);
}

describe('FieldCipher.encrypt / decrypt', () => {
  it('round-trips ID numbers, phones, Chinese text and the empty string', () => {
    for (const plain of ['150102199003071234', '11010519491231002X', '13800138000', '3', '内蒙古自治区呼和浩特市', '', 'x'.repeat(5000)]) {
      expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    }
  });

  it('keeps the stored format v1:<iv 12 bytes>:<tag 16 bytes>:<ciphertext>, readable with the key derivation alone', () => {
    const stored = cipher.encrypt('150102199003071234');
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    const { iv, tag, ct } = parts(stored);
    expect(iv).toHaveLength(12);
    expect(tag).toHaveLength(16);
    const d = createDecipheriv('aes-256-gcm', encKey, iv);
    d.setAuthTag(tag);
    expect(Buffer.concat([d.update(ct), d.final()]).toString('utf8')).toBe('150102199003071234');
  });

  it('decrypts values stored before IV pooling (one randomBytes IV per value)', () => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', encKey, iv);
    const ct = Buffer.concat([c.update('13912345678', 'utf8'), c.final()]);
    const stored = `v1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
    expect(cipher.decrypt(stored)).toBe('13912345678');
  });

  it('uses a different IV for each of 10 000 encryptions, across pool refills and cipher instances', () => {
    const seen = new Set<string>();
    const texts = new Set<string>();
    const other = new FieldCipher(masterKey);
    for (let i = 0; i < 10_000; i++) {
      // The same plaintext every time: only a repeated IV could make two ciphertexts equal.
      const stored = (i % 2 === 0 ? cipher : other).encrypt('150102199003071234');
      seen.add(stored.split(':')[1] ?? '');
      texts.add(stored);
    }
    expect(seen.size).toBe(10_000);
    expect(texts.size).toBe(10_000);
    // IVs are random bytes, not a counter or a zeroed buffer: about half of the 96 bits are set.
    const bits = [...seen].slice(0, 1000).reduce((n, iv) => n + [...Buffer.from(iv, 'base64url')].reduce((m, b) => m + popcount(b), 0), 0);
    expect(bits / (1000 * 96)).toBeGreaterThan(0.45);
    expect(bits / (1000 * 96)).toBeLessThan(0.55);
  });

  it('detects tampering with the IV, the tag or the ciphertext, and a wrong key', () => {
    const stored = cipher.encrypt('150102199003071234');
    const [version, iv, tag, ct] = stored.split(':') as [string, string, string, string];
    expect(() => cipher.decrypt([version, flipChar(iv, 3), tag, ct].join(':'))).toThrow();
    expect(() => cipher.decrypt([version, iv, flipChar(tag, 5), ct].join(':'))).toThrow();
    expect(() => cipher.decrypt([version, iv, tag, flipChar(ct, 2)].join(':'))).toThrow();
    expect(() => cipher.decrypt([version, iv, tag, ct.slice(0, -2)].join(':'))).toThrow();
    expect(() => new FieldCipher(randomBytes(32)).decrypt(stored)).toThrow();
    expect(cipher.decrypt(stored)).toBe('150102199003071234');
  });

  it('refuses an unknown format and a master key that is not 32 bytes', () => {
    expect(() => cipher.decrypt('v2:a:b:c')).toThrow(/format/);
    expect(() => cipher.decrypt('not encrypted')).toThrow(/format/);
    expect(() => new FieldCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('FieldCipher.blindIndex', () => {
  it('is stable for a value and key, and differs between values and keys', () => {
    const a = cipher.blindIndex('id_number', '150102199003071234');
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(cipher.blindIndex('id_number', '150102199003071234')).toBe(a);
    expect(new FieldCipher(masterKey).blindIndex('id_number', '150102199003071234')).toBe(a);
    expect(cipher.blindIndex('id_number', '150102199003071235')).not.toBe(a);
    expect(new FieldCipher(randomBytes(32)).blindIndex('id_number', '150102199003071234')).not.toBe(a);
  });

  it('separates field kinds: the same digits as ID number and as phone index differently', () => {
    expect(cipher.blindIndex('id_number', '13800138000')).not.toBe(cipher.blindIndex('phone', '13800138000'));
  });

  it('matches across spellings once normalised', () => {
    expect(cipher.blindIndex('id_number', normalizeIdNumber(' 11010519491231002x '))).toBe(cipher.blindIndex('id_number', '11010519491231002X'));
    expect(cipher.blindIndex('phone', normalizePhone('+86 138-0013-8000'))).toBe(cipher.blindIndex('phone', '13800138000'));
  });
});

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x > 0; x >>= 1) n += x & 1;
  return n;
}

describe('FieldCipher.encryptBytes / decryptBytes', () => {
  const cipher = new FieldCipher(randomBytes(32));
  it('round-trips bytes, with a fresh IV each time, and refuses altered data', () => {
    const data = randomBytes(5000);
    const a = cipher.encryptBytes(data);
    const b = cipher.encryptBytes(data);
    expect(cipher.decryptBytes(a).equals(data)).toBe(true);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.includes(data.subarray(0, 64))).toBe(false);
    const altered = Buffer.from(a);
    altered[40] = (altered[40] ?? 0) ^ 1;
    expect(() => cipher.decryptBytes(altered)).toThrow();
    expect(() => cipher.decryptBytes(Buffer.alloc(10))).toThrow();
    expect(cipher.decryptBytes(cipher.encryptBytes(Buffer.alloc(0))).length).toBe(0);
  });
});
