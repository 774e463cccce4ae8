import { randomBytes } from 'node:crypto';
import { residentIdCheckChar } from '@bangfu/rules';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../security/field-cipher.ts';
import { checkCreateIdentity, clearsOnCreate, clearsOnUpdate, invalid, markIssues, parseSearch, placeCodes, placeColumns } from './person-input.ts';

const TODAY = '2025-06-10';
/** A valid resident ID: Xincheng district, born 1985-03-12, odd sequence digit (male). */
const first17 = '15010219850312123';
const ID = first17 + residentIdCheckChar(first17);
const fields = (issues: readonly { field: string }[]) => issues.map((i) => i.field);

describe('checkCreateIdentity', () => {
  it('derives sex and birth date from a resident ID and normalises it', () => {
    const c = checkCreateIdentity({ idNumber: ID.toLowerCase() }, TODAY);
    expect(c).toMatchObject({ issues: [], normalized: ID, documentType: 'resident_id', sex: 'male', birthDate: '1985-03-12' });
  });

  it('names the fields that contradict the number, in zh and en', () => {
    const c = checkCreateIdentity({ idNumber: ID, sex: 'female', birthDate: '1985-03-13' }, TODAY);
    expect(fields(c.issues)).toEqual(['body.sex', 'body.birthDate']);
    expect(c.issues[0]?.messageZh).toMatch(/性别与证件号码不符（号码为男）/);
    expect(c.issues[1]?.messageEn).toMatch(/which says 1985-03-12/);
  });

  it('requires sex and birth date for a travel permit (it encodes neither), and refuses a future birth date', () => {
    expect(fields(checkCreateIdentity({ idNumber: 'H12345678' }, TODAY).issues)).toEqual(['body.sex', 'body.birthDate']);
    const future = checkCreateIdentity({ idNumber: 'H12345678', sex: 'female', birthDate: '2025-06-11' }, TODAY);
    expect(future.issues.map((i) => i.messageEn)).toEqual(['birth date 2025-06-11 is in the future']);
  });

  it('reports a wrong check character on the ID number field', () => {
    const wrong = first17 + (residentIdCheckChar(first17) === '0' ? '1' : '0');
    const c = checkCreateIdentity({ idNumber: wrong }, TODAY);
    expect(fields(c.issues)).toEqual(['body.idNumber']);
  });
});

describe('invalid', () => {
  it('is one VALIDATION_FAILED naming the first field and listing every problem', () => {
    const e = invalid([
      { field: 'body.a', messageZh: '甲', messageEn: 'a' },
      { field: 'body.b', messageZh: '乙', messageEn: 'b' },
    ]);
    expect([e.code, e.field, e.params.detail]).toEqual(['VALIDATION_FAILED', 'body.a', 'body.a: a; body.b: b']);
  });
});

describe('markIssues', () => {
  it('refuses future dates and a mark listed twice, by index', () => {
    const issues = markIssues([{ mark: 'veteran', since: '2025-06-11' }, { mark: 'disabled' }, { mark: 'veteran' }], TODAY);
    expect(fields(issues)).toEqual(['body.marks.0.since', 'body.marks.2.mark']);
  });

  it('names the body itself for a single mark', () => {
    expect(fields(markIssues([{ mark: 'veteran', since: '2026-01-01' }], TODAY, 'body'))).toEqual(['body.since']);
  });
});

describe('places', () => {
  it('lists given codes and maps them to columns; null clears a place, absent leaves it', () => {
    const body = { residence: { code: '150102001001', address: '一号' }, hukou: null, workplace: { code: '150103000000' } };
    expect(placeCodes(body)).toEqual([
      { field: 'residence', code: '150102001001' },
      { field: 'workplace', code: '150103000000' },
    ]);
    expect(placeColumns(body)).toEqual({
      jurisdictionCode: '150102001001',
      address: '一号',
      hukouCode: null,
      hukouAddress: null,
      workplaceCode: '150103000000',
      workplaceAddress: null,
    });
  });
});

describe('which clears a change refreshes', () => {
  it('create: headcount always, the others when their fact is given (a null intention is no intention)', () => {
    expect(clearsOnCreate({})).toEqual(['headcount']);
    expect(clearsOnCreate({ certificates: [], intention: null })).toEqual(['headcount', 'skills']);
    expect(clearsOnCreate({ skills: [], intention: 'employment', serviceNeeds: [] })).toEqual(['headcount', 'skills', 'intention', 'serviceNeeds']);
  });

  it('update: headcount on residence, status or phone (also cleared phone); the others when given', () => {
    expect(clearsOnUpdate({})).toEqual([]);
    expect(clearsOnUpdate({ phone: null })).toEqual(['headcount']);
    expect(clearsOnUpdate({ employmentStatus: 'employed', intention: null })).toEqual(['headcount', 'intention']);
    expect(clearsOnUpdate({ skills: [], serviceNeeds: [] })).toEqual(['skills', 'serviceNeeds']);
  });
});

describe('parseSearch', () => {
  const cipher = new FieldCipher(randomBytes(32));
  it('reads an ID number and a phone as blind-index searches, letters as pinyin, the rest as a name', () => {
    expect(parseSearch('  ', cipher)).toEqual({ kind: 'all' });
    expect(parseSearch(ID.toLowerCase(), cipher)).toEqual({ kind: 'idNumber', bidx: cipher.blindIndex('id_number', ID) });
    expect(parseSearch('+86 138 0013 8000', cipher)).toEqual({ kind: 'phone', bidx: cipher.blindIndex('phone', '13800138000') });
    expect(parseSearch('ZSF', cipher)).toEqual({ kind: 'pinyin', text: 'zsf' });
    expect(parseSearch('张三', cipher)).toEqual({ kind: 'name', text: '张三' });
  });
});
