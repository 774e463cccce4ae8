import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { fieldErrors, toFieldPath } from './form-errors.ts';

describe('form errors', () => {
  it('turns API field paths into form paths, numbers as list indexes', () => {
    expect(toFieldPath('body.residence.code')).toEqual(['residence', 'code']);
    expect(toFieldPath('body.skills.0.name')).toEqual(['skills', 0, 'name']);
    expect(toFieldPath('params.id')).toBeNull();
    expect(toFieldPath('body')).toBeNull();
  });

  it('places issues on known fields and keeps the others as messages', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', '输入有误', 'body.name', [
      { field: 'body.name', message: '格式不正确' },
      { field: 'body.residence.code', message: '区划代码不存在' },
      { field: 'body.name', message: '太长' },
      { field: 'body.documentType', message: '不支持' },
    ]);
    const r = fieldErrors(err, ['name', 'residence']);
    expect(r.placed).toEqual([
      { name: ['name'], errors: ['格式不正确', '太长'] },
      { name: ['residence', 'code'], errors: ['区划代码不存在'] },
    ]);
    expect(r.rest).toEqual(['不支持']);
  });

  it('places a business error with a field but no issues on that field', () => {
    const err = new ApiError(409, 'PERSON_DUPLICATE', '该证件号码已有档案', 'body.idNumber');
    expect(fieldErrors(err, ['idNumber'])).toEqual({ placed: [{ name: ['idNumber'], errors: ['该证件号码已有档案'] }], rest: [] });
  });

  it('keeps an error without any field as a general message', () => {
    expect(fieldErrors(new ApiError(500, 'INTERNAL', '内部错误'), ['name'])).toEqual({ placed: [], rest: ['内部错误'] });
    expect(fieldErrors(new Error('boom'), ['name'])).toEqual({ placed: [], rest: ['boom'] });
  });
});
