import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar } from './credit-code.ts';

describe('checkCreditCode (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', '350100000000'], // the standard's worked example
    ['91110000600037341L', '110000000000'],
    ['91440300708461136T', '440300000000'],
  ])('accepts %s (division %s)', (code, division) => {
    expect(checkCreditCode(code)).toEqual({ valid: true, code, divisionCode: division });
  });

  it('accepts lower case as the same code', () => {
    expect(checkCreditCode('91350100m000100y43').valid).toBe(true);
  });

  it.each([
    ['91350100M000100Y44', 'check', '3'],
    ['91150102MA0N000001', 'check', 'W'],
    ['91350100M000100Y4', 'length', undefined],
    ['91350100M0001O0Y43', 'character', undefined],
    ['91A50100M000100Y43', 'division', undefined],
  ])('refuses %s (%s)', (code, reason, expected) => {
    const r = checkCreditCode(code);
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.reason).toBe(reason);
      expect(r.expected).toBe(expected);
      expect(r.textZh.length).toBeGreaterThan(5);
    }
  });

  it('computes the check character that makes a code valid', () => {
    const first17 = '91150102MA0N00000';
    expect(checkCreditCode(first17 + creditCodeCheckChar(first17)).valid).toBe(true);
  });
});
