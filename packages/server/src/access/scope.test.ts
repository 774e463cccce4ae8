import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { persons } from '../db/schema.ts';
import { Scope } from './scope.ts';

const dialect = new PgDialect();
const text = (q: ReturnType<typeof sql> | undefined) => {
  if (!q) return undefined;
  const { sql: s, params } = dialect.sqlToQuery(q);
  return { sql: s, params };
};

describe('Scope.subtree: the one jurisdiction condition', () => {
  it('the nation is no restriction; raw SQL gets TRUE', () => {
    expect(Scope.subtree(persons.jurisdictionCode, '000000000000')).toBeUndefined();
    expect(text(Scope.subtreeSql(sql`p.jurisdiction_code`, '000000000000'))).toEqual({ sql: 'TRUE', params: [] });
  });

  it('a province, city, county or township is a prefix LIKE on the column', () => {
    expect(text(Scope.subtree(persons.jurisdictionCode, '150000000000'))).toEqual({ sql: '"persons"."jurisdiction_code" like $1', params: ['15%'] });
    expect(text(Scope.subtreeSql(sql`s.jurisdiction_code`, '150102001000'))).toEqual({ sql: 's.jurisdiction_code like $1', params: ['150102001%'] });
  });

  it('a village (a leaf) is an equality', () => {
    expect(text(Scope.subtree(persons.jurisdictionCode, '150102001002'))).toEqual({ sql: '"persons"."jurisdiction_code" = $1', params: ['150102001002'] });
  });

  it("an actor's jurisdictionCondition is the same condition", () => {
    const scope = new Scope({ role: 'caseworker', jurisdictionCode: '150100000000', personId: null });
    expect(text(scope.jurisdictionCondition(persons.jurisdictionCode))).toEqual(text(Scope.subtree(persons.jurisdictionCode, '150100000000')));
  });
});
