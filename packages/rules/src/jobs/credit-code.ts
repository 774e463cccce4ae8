/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters — registration authority (1),
 * organisation category (1), division code of the registering authority (6), organisation code (9, its own check
 * character last) and one check character computed over the first 17 with weights 3^i mod 31 in the 31-character
 * alphabet `0-9 A-H J-N P-R T-U W-Y` (no I, O, S, V, Z). Pure: no IO.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeCheck =
  | { readonly valid: true; readonly code: string; readonly divisionCode: string }
  | { readonly valid: false; readonly reason: 'length' | 'character' | 'division' | 'check'; readonly textZh: string; readonly textEn: string; readonly expected?: string };

/** The check character GB 32100-2015 gives the first 17 characters (which must be in the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const r = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[r === 31 ? 0 : r]!;
}

/** Validates a code as written (upper case expected; surrounding blanks are the caller's to trim). */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = raw.toUpperCase();
  if (code.length !== 18) return { valid: false, reason: 'length', textZh: `统一社会信用代码应为 18 位，实际 ${code.length} 位`, textEn: `a unified social credit code has 18 characters, not ${code.length}` };
  for (const [i, ch] of [...code].entries()) {
    if (!CREDIT_CODE_ALPHABET.includes(ch)) return { valid: false, reason: 'character', textZh: `第 ${i + 1} 位“${ch}”不是代码字符（不含 I、O、S、V、Z）`, textEn: `character ${i + 1} "${ch}" is not a code character (I, O, S, V, Z are not used)` };
  }
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division)) return { valid: false, reason: 'division', textZh: `第 3–8 位应为行政区划代码，实际“${division}”`, textEn: `characters 3–8 must be a division code, got "${division}"` };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { valid: false, reason: 'check', expected, textZh: `校验码错误：第 18 位应为“${expected}”，实际“${code[17]}”（GB 32100-2015）`, textEn: `check character wrong: the 18th character should be "${expected}", not "${code[17]}" (GB 32100-2015)` };
  return { valid: true, code, divisionCode: `${division}000000` };
}
