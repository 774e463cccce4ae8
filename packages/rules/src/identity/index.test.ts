import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RuleInputError } from '../core/errors.ts';
import {
  checkIdentity,
  convertLegacy15,
  maskIdNumber,
  maskPhone,
  normalizeIdInput,
  residentIdCheckChar,
  type DocumentType,
  type IdentityProblem,
} from './index.ts';

// Check characters in these rows were computed independently (Python, GB 11643-1999 weights), not by the code
// under test.
interface Row {
  source: string;
  input: string;
  asOf?: string;
  documentType?: DocumentType;
  valid: boolean;
  type?: DocumentType;
  normalized?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  addressCode?: string;
  legacy15?: boolean;
  problems?: IdentityProblem['code'][];
}

const rows: Row[] = [
  { source: 'GB 11643-1999 example 1', input: '11010519491231002X', valid: true, type: 'resident_id', normalized: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', addressCode: '110105', legacy15: false },
  { source: 'GB 11643-1999 example 2 (born 1880)', input: '440524188001010014', valid: true, type: 'resident_id', birthDate: '1880-01-01', sex: 'male' },
  { source: 'GB 11643-1999 check X, lowercase x accepted', input: '11010519491231002x', valid: true, normalized: '11010519491231002X' },
  { source: 'GB 11643-1999 spaces and full-width digits normalised', input: ' １１０１０５ 19491231 002ｘ ', valid: true, normalized: '11010519491231002X' },
  { source: 'GB 11643-1999 wrong check digit', input: '110105194912310021', valid: false, problems: ['check_digit'], birthDate: '1949-12-31' },
  { source: 'GB 11643-1999 check X where a digit is due', input: '11010519491231003X', valid: false, problems: ['check_digit'] },
  { source: 'GB 11643-1999 odd sequence = male', input: '150102198503151239', valid: true, sex: 'male', addressCode: '150102', birthDate: '1985-03-15' },
  { source: 'GB 11643-1999 birth date 1990-02-30 does not exist', input: '110105199002300028', valid: false, problems: ['birth_date'] },
  { source: 'GB 11643-1999 birth date 2000-02-29 (leap year) exists', input: '110105200002290013', valid: true, birthDate: '2000-02-29' },
  { source: 'GB 11643-1999 birth date 1900-02-29 does not exist', input: '110105190002290017', valid: false, problems: ['birth_date'] },
  { source: 'GB 11643-1999 birth after asOf', input: '11010520300101001X', asOf: '2025-06-01', valid: false, problems: ['future_birth'] },
  { source: 'GB 11643-1999 future birth without asOf is only a date check', input: '11010520300101001X', valid: true, birthDate: '2030-01-01' },
  { source: 'GB 11643-1999 wrong check and impossible date both reported', input: '110105199002300020', valid: false, problems: ['check_digit', 'birth_date'] },
  { source: 'GB 11643-1999 legacy 15-digit converted', input: '130503670401001', valid: true, type: 'resident_id', normalized: '130503196704010016', birthDate: '1967-04-01', sex: 'male', legacy15: true },
  { source: 'GB 11643-1999 legacy 15-digit of example 1', input: '110105491231002', valid: true, normalized: '11010519491231002X', sex: 'female', legacy15: true },
  { source: 'GB 11643-1999 legacy 15-digit with impossible date', input: '110105900230002', valid: false, problems: ['birth_date'], legacy15: true },
  { source: 'GB 11643-1999 retired county code 110103 (崇文区, merged 2010) still accepted: no division list check', input: '110103198001010013', valid: true, addressCode: '110103' },
  { source: 'GB 11643-1999 Sichuan 510108', input: '510108196807071517', valid: true, addressCode: '510108', birthDate: '1968-07-07' },
  { source: 'GB 11643-1999 implausible province prefix 99', input: '990105194912310020', valid: false, problems: ['format', 'check_digit'] },
  { source: 'RULES.md HK residence permit 810000', input: '810000199408230021', valid: true, type: 'hk_residence_permit', birthDate: '1994-08-23', sex: 'female', addressCode: '810000' },
  { source: 'RULES.md Macao residence permit 820000', input: '820000198801010030', valid: true, type: 'mo_residence_permit', sex: 'male' },
  { source: 'RULES.md Taiwan residence permit 830000', input: '830000200106150041', valid: true, type: 'tw_residence_permit', birthDate: '2001-06-15', sex: 'female' },
  { source: 'RULES.md residence permit with wrong check', input: '810000199408230022', valid: false, type: 'hk_residence_permit', problems: ['check_digit'] },
  { source: 'RULES.md residence permit address must be exactly 810000', input: '810100199408230021', valid: false, problems: ['format'] },
  { source: 'RULES.md HK travel permit H + 8 digits', input: 'H12345678', valid: true, type: 'hk_travel_permit', normalized: 'H12345678' },
  { source: 'RULES.md Macao travel permit M + 8 + 2-digit renewal count, lowercase', input: 'm1234567801', valid: true, type: 'mo_travel_permit', normalized: 'M1234567801' },
  { source: 'RULES.md travel permit with 7 digits', input: 'H1234567', valid: false, problems: ['format'] },
  { source: 'RULES.md travel permit with 9 digits', input: 'H123456789', valid: false, problems: ['format'] },
  { source: 'RULES.md passport-like number is unsupported', input: 'E12345678', valid: false, problems: ['unsupported'] },
  { source: 'GB 11643-1999 17 digits', input: '11010519491231002', valid: false, problems: ['format'] },
  { source: 'GB 11643-1999 X in the middle', input: '1101051949X231002X', valid: false, problems: ['format'] },
  { source: 'GB 11643-1999 empty', input: '   ', valid: false, problems: ['format'] },
  { source: 'selected type mismatch (permit entered as resident ID)', input: '810000199408230021', documentType: 'resident_id', valid: false, type: 'hk_residence_permit', problems: ['format'] },
  { source: 'selected type matches', input: 'H12345678', documentType: 'hk_travel_permit', valid: true },
];

describe('checkIdentity (table)', () => {
  it.each(rows)('$source: $input', (row) => {
    const opts = { ...(row.asOf ? { asOf: row.asOf } : {}), ...(row.documentType ? { documentType: row.documentType } : {}) };
    const r = checkIdentity(row.input, opts);
    expect(r.problems.map((p) => p.code)).toEqual(row.problems ?? []);
    expect(r.valid).toBe(row.valid);
    if (row.type) expect(r.documentType).toBe(row.type);
    if (row.normalized) expect(r.normalized).toBe(row.normalized);
    if (row.birthDate) expect(r.birthDate).toBe(row.birthDate);
    if (row.sex) expect(r.sex).toBe(row.sex);
    if (row.addressCode) expect(r.addressCode).toBe(row.addressCode);
    if (row.legacy15 !== undefined) expect(r.legacy15).toBe(row.legacy15);
    for (const p of r.problems) {
      expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/u);
      expect(p.messageEn.length).toBeGreaterThan(10);
    }
  });

  it('travel permits encode no birth date or sex', () => {
    const r = checkIdentity('H12345678');
    expect(r.birthDate).toBeUndefined();
    expect(r.sex).toBeUndefined();
  });

  it('explains the check character without revealing the full number', () => {
    const r = checkIdentity('11010519491231002X');
    const ex = r.explanations.find((e) => e.rule === 'identity.check-character');
    expect(ex?.source).toContain('GB 11643-1999');
    expect(ex?.numbers).toMatchObject({ remainder: 2, expected: 'X', actual: 'X', number: '1101**********002X' });
    expect(JSON.stringify(r.explanations)).not.toContain('11010519491231002X');
    expect(JSON.stringify(checkIdentity('130503670401001').explanations)).not.toContain('130503670401001');
  });

  it('names the expected check character in the problem', () => {
    const r = checkIdentity('110105194912310021');
    expect(r.problems[0]?.messageZh).toContain('应为 X');
  });

  it('rejects bad options naming the field', () => {
    expect(() => checkIdentity('11010519491231002X', { asOf: '2025-02-30' })).toThrow(
      expect.objectContaining({ field: 'asOf', code: 'invalid_date' }),
    );
    expect(() => checkIdentity('11010519491231002X', { documentType: 'passport' as DocumentType })).toThrow(
      expect.objectContaining({ field: 'documentType' }),
    );
  });
});

describe('residentIdCheckChar / convertLegacy15 (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['15010219850315123', '9'],
    ['35020319750909432', '1'],
    ['11010520000229001', '3'],
  ])('%s → %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check);
  });

  it('rejects anything but 17 digits', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow(RuleInputError);
    expect(() => residentIdCheckChar('1101051949123100X')).toThrow(RuleInputError);
  });

  it('converts 15-digit numbers', () => {
    expect(convertLegacy15('130503670401001')).toBe('130503196704010016');
    expect(convertLegacy15('110105491231002')).toBe('11010519491231002X');
    expect(() => convertLegacy15('11010549123100')).toThrow(expect.objectContaining({ field: 'idNumber' }));
  });

  it('detects every single-digit substitution (property of MOD 11-2)', () => {
    const digits17 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((a) => a.join(''));
    fc.assert(
      fc.property(digits17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (s, pos, delta) => {
        const changed = s.slice(0, pos) + String((Number(s.charAt(pos)) + delta) % 10) + s.slice(pos + 1);
        return residentIdCheckChar(changed) !== residentIdCheckChar(s);
      }),
    );
  });
});

describe('masking', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['11010519491231002x', '1101**********002X'],
    ['130503670401001', '13***********01'],
    ['H12345678', 'H1*****78'],
    ['M1234567801', 'M1*******01'],
    ['123', '***'],
    ['1234', '1**4'],
    ['', ''],
  ])('maskIdNumber(%s) = %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138-1234-5678', '+86 138****5678'],
    ['0471-6912345', '047****2345'],
    ['12345', '***45'],
  ])('maskPhone(%s) = %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  it('always hides at least half of an ID number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9X]{0,20}$/), (s) => {
        const m = maskIdNumber(s);
        return m.length === s.length && [...m].filter((c) => c === '*').length >= s.length / 2;
      }),
    );
  });

  it('normalises input', () => {
    expect(normalizeIdInput(' ｈ１２３４５６７８ ')).toBe('H12345678');
  });
});
