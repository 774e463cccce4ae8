import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../security/field-cipher.ts';
import { activationCodeHash, newActivationCode, normalizeActivationCode } from './activation-code.ts';

describe('activation codes', () => {
  it('are 8 characters without look-alikes, shown as XXXX-XXXX', () => {
    for (let i = 0; i < 200; i++) expect(newActivationCode()).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  });

  it('compare without case, spaces or dashes, by a keyed hash that holds no trace of the code', () => {
    expect(normalizeActivationCode(' k7m2 - q9px ')).toBe('K7M2Q9PX');
    const a = new FieldCipher(Buffer.alloc(32, 1));
    const b = new FieldCipher(Buffer.alloc(32, 2));
    expect(activationCodeHash(a, 'k7m2 q9px')).toBe(activationCodeHash(a, 'K7M2-Q9PX'));
    expect(activationCodeHash(a, 'K7M2-Q9PX')).not.toBe(activationCodeHash(b, 'K7M2-Q9PX'));
    expect(activationCodeHash(a, 'K7M2-Q9PX')).not.toContain('K7M2');
  });
});
