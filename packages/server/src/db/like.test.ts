import { describe, expect, it } from 'vitest';
import { escapeLike, likePrefix } from './like.ts';

describe('LIKE patterns from user text', () => {
  it('escapes %, _ and the escape character itself', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(likePrefix('张_')).toBe('张\\_%');
    expect(likePrefix('王')).toBe('王%');
  });
});
