/**
 * In-person activation codes (开通码): the second factor a citizen needs to bind an account to a file the office
 * holds. 8 characters from an alphabet without look-alikes (0/O, 1/I/L), shown as `XXXX-XXXX`; only a keyed hash
 * (HMAC with the blind-index key) is stored, because an unkeyed hash of so short a code is reversed by trying all.
 */
import { randomInt } from 'node:crypto';
import type { FieldCipher } from '../../security/field-cipher.ts';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACTIVATION_CODE_LENGTH = 8;
/** Days a code stays valid after it is issued (application clock). */
export const ACTIVATION_CODE_VALID_DAYS = 14;
/** Wrong tries after which a code is void (with the sign-up rate limit, guessing is hopeless). */
export const ACTIVATION_CODE_MAX_FAILURES = 5;

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Upper case without separators or spaces; `k7m2 q9px` and `K7M2-Q9PX` are the same code. */
export function normalizeActivationCode(raw: string): string {
  return raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function activationCodeHash(cipher: FieldCipher, raw: string): string {
  return cipher.blindIndex('activation_code', normalizeActivationCode(raw));
}
