import { describe, expect, it } from 'vitest';
import { redactMessage, redactUrl, serializeError } from './log-redaction.ts';

describe('log redaction', () => {
  it('keeps the path and the names of query parameters, not their values', () => {
    expect(redactUrl('/api/v1/persons?q=110101199003070012&page=2')).toBe('/api/v1/persons?q=~&page=~');
    expect(redactUrl('/api/v1/persons')).toBe('/api/v1/persons');
  });

  it('drops failed-query parameters, quoted values and long digit runs; keeps identifiers', () => {
    expect(redactMessage('Failed query: select "persons"."name" from "persons" where id = $1\nparams: 张三,110101199003070012')).toBe(
      'Failed query: select "persons"."name" from "persons" where id = $1',
    );
    expect(redactMessage('invalid input syntax for type integer: "张三"')).toBe('invalid input syntax for type integer: "~"');
    expect(redactMessage('phone 13912345678 given')).toBe('phone ~ given');
  });

  it('serialises an error without the properties drivers attach', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "persons_id_bidx"'), { code: '23505', detail: 'Key (name)=(张三) already exists.' });
    const err = Object.assign(new Error('Failed query: insert into x values ($1)\nparams: 张三'), { params: ['张三'], cause });
    const out = JSON.stringify(serializeError(err));
    expect(out).not.toContain('张三');
    expect(out).toContain('23505');
    expect(out).toContain('persons_id_bidx');
  });
});
