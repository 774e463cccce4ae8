import { describe, expect, it } from 'vitest';
import { officeOf } from './CitizenAuth.tsx';

describe('officeOf', () => {
  it('reads the office from the query or from the page that sent the visitor to sign in', () => {
    expect(officeOf(new URLSearchParams('office=a1'))).toBe('a1');
    expect(officeOf(new URLSearchParams(`next=${encodeURIComponent('/citizen/register?office=b2')}`))).toBe('b2');
    expect(officeOf(new URLSearchParams('next=/citizen/status'))).toBeNull();
    expect(officeOf(new URLSearchParams(''))).toBeNull();
  });
});
