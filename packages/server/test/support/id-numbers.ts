/** Valid resident ID numbers for tests (GB 11643-1999 check character). */
import { residentIdCheckChar } from '@bangfu/rules';

/** The ID number of a person born on `birth` (YYYY-MM-DD) registered at `address` (6 digits) with this order code. */
export function idNumberOf(address: string, birth: string, order: string): string {
  const first17 = `${address}${birth.replaceAll('-', '')}${order}`;
  return first17 + residentIdCheckChar(first17);
}

/** A source of distinct ID numbers: each call takes the next order code (odd for men, even for women). */
export function idNumberSequence(start = 100): (address: string, birth: string, sex: 'male' | 'female') => string {
  let seq = start;
  return (address, birth, sex) => {
    seq += 2;
    return idNumberOf(address, birth, String(sex === 'male' ? seq + 1 : seq).padStart(3, '0').slice(-3));
  };
}
