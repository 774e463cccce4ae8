import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../security/field-cipher.ts';
import { readDemoDivisions } from './divisions.ts';
import { copyLine, escapeCopy, PERSON_COLUMNS, personRow, PinyinCache, registrationRow } from './encode.ts';
import { generateDemo, type DemoPerson } from './generate.ts';

const cipher = new FieldCipher(randomBytes(32));

describe('pinyin for search', () => {
  const py = new PinyinCache();
  it('reads 单, 曾 and 解 as surnames', () => {
    expect(py.of('单', '文博')).toEqual({ full: 'shanwenbo', initials: 'swb' });
    expect(py.of('曾', '小红')).toEqual({ full: 'zengxiaohong', initials: 'zxh' });
    expect(py.of('解', '放')).toEqual({ full: 'xiefang', initials: 'xf' });
    expect(py.of('欧阳', '修')).toEqual({ full: 'ouyangxiu', initials: 'oyx' });
  });
  it('writes ü as v and handles a name without a Han surname', () => {
    expect(py.of('吕', '娜')).toEqual({ full: 'lvna', initials: 'ln' });
    expect(py.of('', '巴特尔')).toEqual({ full: 'bateer', initials: 'bte' });
  });
});

describe('COPY text', () => {
  it('escapes backslash, tab and line breaks and writes NULL as \\N', () => {
    expect(escapeCopy('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(escapeCopy('公主府社区')).toBe('公主府社区');
    expect(copyLine(['x', null, 'y\tz'])).toBe('x\t\\N\ty\\tz\n');
  });
});

describe('person rows', () => {
  const persons: DemoPerson[] = [...generateDemo({ persons: 300, seed: 2, asOf: '2026-05-10', divisions: readDemoDivisions() })].flatMap((b) => b.persons);

  it('store ID numbers and phones only encrypted, with blind indexes and masks', () => {
    const py = new PinyinCache();
    for (const p of persons) {
      const row = personRow(p, cipher, py);
      expect(row).toHaveLength(PERSON_COLUMNS.length);
      const col = (name: (typeof PERSON_COLUMNS)[number]) => row[PERSON_COLUMNS.indexOf(name)];
      const line = copyLine(row);
      expect(line).not.toContain(p.idNumber);
      if (p.phone) expect(line).not.toContain(p.phone);
      expect(cipher.decrypt(col('id_number_enc') ?? '')).toBe(p.idNumber);
      expect(col('id_number_bidx')).toBe(cipher.blindIndex('id_number', p.idNumber));
      expect(col('id_number_masked')).toBe(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(14)}`);
      if (p.phone) {
        expect(cipher.decrypt(col('phone_enc') ?? '')).toBe(p.phone);
        expect(col('phone_bidx')).toBe(cipher.blindIndex('phone', p.phone));
        expect(col('phone_masked')).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`);
      } else {
        expect([col('phone_enc'), col('phone_bidx'), col('phone_masked')]).toEqual([null, null, null]);
      }
      expect(col('disability_grade_enc') === null).toBe(p.disabilityGrade === null);
      if (p.disabilityGrade !== null) expect(cipher.decrypt(col('disability_grade_enc') ?? '')).toBe(String(p.disabilityGrade));
      expect(col('name_pinyin')).toMatch(/^[a-z]+$/);
      expect(col('document_type')).toBe('resident_id');
    }
  });

  it('carry skills, service needs and the four clears as JSON, empty lists and object when not gathered', () => {
    const py = new PinyinCache();
    const json = (row: (string | null)[], name: (typeof PERSON_COLUMNS)[number]) => JSON.parse(row[PERSON_COLUMNS.indexOf(name)] ?? 'null') as unknown;
    let withClears = 0;
    for (const p of persons) {
      const row = personRow(p, cipher, py);
      expect(json(row, 'skills')).toEqual(p.skills);
      expect(json(row, 'service_needs')).toEqual(p.serviceNeeds);
      expect(json(row, 'clears')).toEqual(p.clears);
      if (Object.keys(p.clears).length > 0) withClears++;
    }
    expect(withClears).toBeGreaterThan(persons.length / 2);
    const bare = personRow({ ...persons[0]!, skills: [], serviceNeeds: [], clears: {} }, cipher, py);
    expect([json(bare, 'skills'), json(bare, 'service_needs'), json(bare, 'clears')]).toEqual([[], [], {}]);
  });

  it('link registrations to the office chosen for their community', () => {
    const registered = persons.find((p) => p.registration !== null);
    expect(registered).toBeDefined();
    if (!registered) return;
    const row = registrationRow(registered, (v) => `office-of-${v}`);
    expect(row?.[0]).toBe(registered.id);
    expect(row?.at(-1)).toBe(`office-of-${registered.jurisdictionCode}`);
    expect(registrationRow({ ...registered, registration: null }, () => null)).toBeNull();
  });
});
