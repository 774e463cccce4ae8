import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.ts';
import type { RequestContext } from '../http/context.ts';
import { lookupOf, visibleOr404 } from './visible.ts';

const context = (): RequestContext => ({ requestId: 'r', ip: '127.0.0.1', userAgent: undefined, lang: 'en', actor: null, audit: {} });
const refusal = { action: 'person.view', resourceType: 'person', resourceId: 'p1', field: 'params.id' };
const row = { id: 'p1', jurisdictionCode: '150102' };

function refused(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('lookupOf', () => {
  it('classifies absent, visible and out-of-scope rows', () => {
    expect(lookupOf(undefined, () => true)).toEqual({ status: 'absent' });
    expect(lookupOf(row, () => true)).toEqual({ status: 'visible', row });
    expect(lookupOf(row, () => false)).toEqual({ status: 'out_of_scope', jurisdictionCode: '150102', reason: 'out_of_scope' });
  });

  it('carries a refusal reason other than scope into the audit', () => {
    const ctx = context();
    const found = lookupOf(row, () => 'not_own_run');
    expect(refused(() => visibleOr404(ctx, found, refusal)).code).toBe('NOT_FOUND');
    expect(ctx.audit).toMatchObject({ denied: true, detail: { reason: 'not_own_run' } });
  });
});

describe('visibleOr404', () => {
  it('answers the visible row and leaves the audit alone', () => {
    const ctx = context();
    expect(visibleOr404(ctx, { status: 'visible', row }, refusal)).toBe(row);
    expect(ctx.audit).toEqual({});
  });

  it('refuses an out-of-scope row with 404 naming the field and audits the refusal as denied', () => {
    const ctx = context();
    const e = refused(() => visibleOr404(ctx, { status: 'out_of_scope', jurisdictionCode: '150102' }, refusal));
    expect([e.code, e.status, e.field]).toEqual(['NOT_FOUND', 404, 'params.id']);
    expect(ctx.audit).toEqual({ action: 'person.view', resourceType: 'person', resourceId: 'p1', jurisdictionCode: '150102', denied: true, detail: { reason: 'out_of_scope' } });
  });

  it('answers an absent row with the same 404 and writes no denied entry', () => {
    const ctx = context();
    ctx.audit = { action: 'earlier' };
    const e = refused(() => visibleOr404(ctx, { status: 'absent' }, { ...refusal, field: undefined }));
    expect([e.code, e.field]).toEqual(['NOT_FOUND', undefined]);
    expect(ctx.audit).toEqual({ action: 'earlier' });
  });
});
