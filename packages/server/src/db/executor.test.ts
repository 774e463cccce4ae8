import { describe, expect, it } from 'vitest';
import { isUniqueViolation, resultRows } from './executor.ts';

describe('persistence kernel helpers', () => {
  it('resultRows reads { rows } (PGlite and node-postgres) and refuses any other shape', () => {
    expect(resultRows<{ n: number }>({ rows: [{ n: 1 }], fields: [] })).toEqual([{ n: 1 }]);
    expect(() => resultRows([{ n: 1 }])).toThrow(/no rows array/);
    expect(() => resultRows(undefined)).toThrow(/no rows array/);
  });

  it('isUniqueViolation finds 23505 on the error or a wrapped cause, and nothing else', () => {
    const driver = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isUniqueViolation(driver)).toBe(true);
    expect(isUniqueViolation(new Error('Failed query', { cause: driver }))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('fk'), { code: '23503' }))).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
