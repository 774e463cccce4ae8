import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN.ts';
import enUS from './en-US.ts';
import { acceptLanguage, codeLabel, isLanguage, translate } from './index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it('both catalogues have the same keys and the same placeholders, and no empty text', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, zh] of Object.entries(zhCN)) {
      const en = enUS[key as keyof typeof enUS];
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it('keys are dotted lower-camel paths', () => {
    for (const key of Object.keys(zhCN)) expect(key).toMatch(/^[a-zA-Z]+(\.[a-zA-Z0-9_]+)*$/);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'common.total', { total: 42 })).toBe('共 42 条');
    expect(translate('en-US', 'common.total', { total: 42 })).toBe('42 in total');
    expect(translate('en-US', 'common.total', {})).toBe('{total} in total');
    expect(translate('zh-CN', 'login.submit')).toBe('登录');
  });

  it('labels code-list values and shows unknown codes as they are', () => {
    expect(codeLabel('zh-CN', 'mark', 'zero_employment_family')).toBe('零就业家庭成员');
    expect(codeLabel('en-US', 'role', 'caseworker')).toBe('Caseworker');
    expect(codeLabel('zh-CN', 'mark', 'brand_new_mark')).toBe('brand_new_mark');
  });

  it('maps the UI language to the Accept-Language the API reads', () => {
    expect(acceptLanguage('zh-CN')).toBe('zh-CN');
    expect(acceptLanguage('en-US')).toBe('en');
    expect(isLanguage('en-US')).toBe(true);
    expect(isLanguage('fr-FR')).toBe(false);
  });
});
