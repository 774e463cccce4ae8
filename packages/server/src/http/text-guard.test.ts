import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, findTextFault, textFault } from './text-guard.ts';

// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000\ud800-\udfff]/g;

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('value'), { maxKeys: 4 })),
})).value;

describe('text guard', () => {
  it('finds a NUL or lone surrogate wherever it is put in a JSON value, and names the path to it', () => {
    fc.assert(
      fc.property(json, fc.array(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k.replace(BAD_CHARS, '') === k), { minLength: 1, maxLength: 4 }), fc.constantFrom('a\u0000b', 'x\ud800', '\udc00'), (base, keys, bad) => {
        // Put `bad` at body.k1.k2… inside whatever else there is (no other bad text around).
        const clean = JSON.parse(JSON.stringify(base, (_k, v: unknown) => (typeof v === 'string' ? v.replace(BAD_CHARS, '') : v))) as unknown;
        let body: unknown = bad;
        for (const k of [...keys].reverse()) body = { [k]: body };
        const found = findTextFault({ ...(typeof clean === 'object' && clean !== null && !Array.isArray(clean) ? clean : {}), ...(body as object) }, 'body');
        expect(found?.field).toBe(`body.${keys.join('.')}`);
        expect(found?.fault === 'nul' || found?.fault === 'surrogate').toBe(true);
      }),
    );
  });

  it('accepts ordinary text (Chinese, emoji, line breaks in free text) and refuses what cannot be stored or misleads', () => {
    expect(textFault('张三 👩‍👩‍👧 第一行\n第二行', false)).toBeNull();
    expect(textFault('a\u0000', false)).toBe('nul');
    expect(textFault('\ud83d', false)).toBe('surrogate');
    expect(textFault('x'.repeat(MAX_TEXT_LENGTH), false)).toBeNull();
    expect(textFault('x'.repeat(MAX_TEXT_LENGTH + 1), false)).toBe('too_long');
    expect(textFault('abc\u202egpj.exe', true)).toBe('bidi');
    expect(textFault('abc\u202egpj.exe', false)).toBeNull();
    expect(textFault('a\nb', true)).toBe('control');
    expect(findTextFault({ employerName: 'x\u2067y' }, 'body')).toEqual({ field: 'body.employerName', fault: 'bidi' });
    expect(findTextFault({ names: ['ok', 'x\u200fy'] }, 'body')).toEqual({ field: 'body.names.1', fault: 'bidi' });
    expect(findTextFault({ 'k\u0000': 1 }, 'body')?.fault).toBe('nul');
  });
});
