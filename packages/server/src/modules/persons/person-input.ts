/**
 * Pure checks and mappings of what a client sends for a person file: the search box, identity on create (the
 * rules package decides validity), marks, places, and which of the four clears a change refreshes.
 */
import { checkIdentity } from '@bangfu/rules';
import type { Clear, TPersonCreateBody, TPersonUpdateBody } from '../../contract/persons.ts';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import { type FieldCipher, normalizeIdNumber, normalizePhone } from '../../security/field-cipher.ts';
import type { PersonInsert, PersonSearch } from './persons.repository.ts';

/** Interprets the free-text search box: ID number, phone, Chinese name prefix or pinyin (full or initials). */
export function parseSearch(q: string | undefined, cipher: FieldCipher): PersonSearch {
  const text = q?.trim() ?? '';
  if (text === '') return { kind: 'all' };
  const compact = text.replace(/\s+/g, '');
  if (/^(\d{17}[\dXx]|\d{15}|[HMhm]\d{8}(\d{2})?)$/.test(compact)) {
    return { kind: 'idNumber', bidx: cipher.blindIndex('id_number', normalizeIdNumber(compact)) };
  }
  if (/^(\+?86)?1\d{10}$/.test(compact)) return { kind: 'phone', bidx: cipher.blindIndex('phone', normalizePhone(compact)) };
  if (/^[a-zA-Z]+$/.test(compact)) return { kind: 'pinyin', text: compact.toLowerCase() };
  return { kind: 'name', text };
}

export const issue = (field: string, messageZh: string, messageEn: string): FieldIssue => ({ field, messageZh, messageEn });

/** One 400 VALIDATION_FAILED naming every problem found. */
export function invalid(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', {
    field: issues[0]?.field,
    issues,
    params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') },
  });
}

/** The identity of a new file: the normalised number, document type, and sex and birth date agreeing with it. */
export interface CheckedIdentity {
  readonly issues: FieldIssue[];
  readonly normalized: string | undefined;
  readonly documentType: string | undefined;
  readonly sex: TPersonCreateBody['sex'];
  readonly birthDate: string | undefined;
}

/** Checks the number (rules package wording); sex and birth date must agree with it, or are required when it encodes neither. */
export function checkCreateIdentity(body: Pick<TPersonCreateBody, 'idNumber' | 'documentType' | 'sex' | 'birthDate'>, today: string): CheckedIdentity {
  const issues: FieldIssue[] = [];
  const identity = checkIdentity(body.idNumber, { asOf: today, ...(body.documentType ? { documentType: body.documentType } : {}) });
  for (const p of identity.problems) issues.push(issue('body.idNumber', p.messageZh, p.messageEn));
  let sex = body.sex;
  let birthDate = body.birthDate;
  if (identity.valid) {
    if (identity.sex && sex && sex !== identity.sex) {
      issues.push(issue('body.sex', `性别与证件号码不符（号码为${identity.sex === 'male' ? '男' : '女'}）`, `sex contradicts the document number (which says ${identity.sex})`));
    }
    if (identity.birthDate && birthDate && birthDate !== identity.birthDate) {
      issues.push(issue('body.birthDate', `出生日期与证件号码不符（号码为 ${identity.birthDate}）`, `birth date contradicts the document number (which says ${identity.birthDate})`));
    }
    sex = sex ?? identity.sex;
    birthDate = birthDate ?? identity.birthDate;
    if (!sex) issues.push(issue('body.sex', '必填（该证件号码不含性别）', 'required (this document number does not encode sex)'));
    if (!birthDate) issues.push(issue('body.birthDate', '必填（该证件号码不含出生日期）', 'required (this document number does not encode the birth date)'));
  }
  if (birthDate && birthDate > today) {
    issues.push(issue('body.birthDate', `出生日期 ${birthDate} 晚于今天`, `birth date ${birthDate} is in the future`));
  }
  return { issues, normalized: identity.normalized, documentType: identity.documentType, sex, birthDate };
}

/** Marks given together: none dated in the future, none listed twice. `base` `body` is a single mark. */
export function markIssues(marks: readonly { mark: string; since?: string | undefined }[], today: string, base = 'body.marks'): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  marks.forEach((m, i) => {
    const at = base === 'body' ? 'body' : `${base}.${i}`;
    if (m.since && m.since > today) out.push(issue(`${at}.since`, `日期 ${m.since} 晚于今天`, `${m.since} is in the future`));
    if (seen.has(m.mark)) out.push(issue(`${at}.mark`, `标注 ${m.mark} 重复`, `mark ${m.mark} is listed twice`));
    seen.add(m.mark);
  });
  return out;
}

type Place = { code: string; address?: string | undefined } | null | undefined;
export const PLACE_FIELDS = ['residence', 'hukou', 'insured', 'workplace'] as const;
export type Places = Partial<Record<(typeof PLACE_FIELDS)[number], Place>>;

/** The division codes given (each must exist), with the field that names them. */
export function placeCodes(body: Places): { field: string; code: string }[] {
  return PLACE_FIELDS.flatMap((f) => (body[f] ? [{ field: f, code: body[f].code }] : []));
}

/** Columns of the places given; `null` clears a place, absent leaves it. */
export function placeColumns(body: Places): Partial<PersonInsert> {
  const out: Partial<PersonInsert> = {};
  if (body.residence) Object.assign(out, { jurisdictionCode: body.residence.code, address: body.residence.address ?? null });
  if (body.hukou !== undefined) Object.assign(out, { hukouCode: body.hukou?.code ?? null, hukouAddress: body.hukou?.address ?? null });
  if (body.insured !== undefined) Object.assign(out, { insuredCode: body.insured?.code ?? null, insuredAddress: body.insured?.address ?? null });
  if (body.workplace !== undefined) Object.assign(out, { workplaceCode: body.workplace?.code ?? null, workplaceAddress: body.workplace?.address ?? null });
  return out;
}

/** Create gathers headcount, and skills, intention and service needs when given. */
export function clearsOnCreate(body: Pick<TPersonCreateBody, 'skills' | 'certificates' | 'intention' | 'serviceNeeds'>): Clear[] {
  const cleared: Clear[] = ['headcount'];
  if (body.skills !== undefined || body.certificates !== undefined) cleared.push('skills');
  if (body.intention !== undefined && body.intention !== null) cleared.push('intention');
  if (body.serviceNeeds !== undefined) cleared.push('serviceNeeds');
  return cleared;
}

/** Residence, status or contact confirmed → headcount; the other clears when their fact is given. */
export function clearsOnUpdate(body: Pick<TPersonUpdateBody, 'residence' | 'employmentStatus' | 'phone' | 'skills' | 'certificates' | 'intention' | 'serviceNeeds'>): Clear[] {
  const cleared: Clear[] = [];
  if (body.residence || body.employmentStatus || body.phone !== undefined) cleared.push('headcount');
  if (body.skills !== undefined || body.certificates !== undefined) cleared.push('skills');
  if (body.intention !== undefined) cleared.push('intention');
  if (body.serviceNeeds !== undefined) cleared.push('serviceNeeds');
  return cleared;
}
