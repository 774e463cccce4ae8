/**
 * # Identity documents (身份证件)
 *
 * Validates the identity numbers a person may register with (REQUIREMENTS R1.1: resident ID validated,
 * HK/Macao/Taiwan documents accepted; RULES.md "Identity documents"):
 *
 * - `resident_id` 居民身份证 (GB 11643-1999 公民身份号码): 6-digit address code, birth date YYYYMMDD, 3-digit sequence
 *   (odd = male, even = female), check character = "10X98765432"[Σ aᵢwᵢ mod 11] with weights
 *   7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 (ISO 7064 MOD 11-2). Legacy 15-digit numbers (first-generation cards) are
 *   accepted and normalised to 18 characters by inserting "19" before the two-digit year and computing the check.
 * - `hk_residence_permit` / `mo_residence_permit` / `tw_residence_permit` 港澳台居民居住证: the same 18-character form
 *   with address code 810000 / 820000 / 830000.
 * - `hk_travel_permit` / `mo_travel_permit` 港澳居民来往内地通行证: H or M + 8 digits, plus a 2-digit renewal count
 *   on newer cards. No birth date or sex is encoded.
 *
 * Deliberately NOT checked: whether the address code is a current division. Divisions are merged and renamed
 * (撤县设区 …) but people keep their numbers for life, so only the format and a plausible province prefix are
 * checked (ARCHITECTURE.md "Chinese reference data").
 *
 * Normalisation: full-width characters (０-９, Ｘ) become ASCII (NFKC), all whitespace is dropped, letters are
 * upper-cased; so "11010519491231002x" and "１１０１０５…" normalise to the same number.
 *
 * ID numbers are sensitive personal information: explanations produced here only ever contain the masked form
 * (`maskIdNumber`), never the full number, so they can be logged and shown.
 */
import { formatIsoDate, isValidCivilDate, parseIsoDate, toEpochDay, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';

export type DocumentType =
  | 'resident_id'
  | 'hk_residence_permit'
  | 'mo_residence_permit'
  | 'tw_residence_permit'
  | 'hk_travel_permit'
  | 'mo_travel_permit';

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'resident_id',
  'hk_residence_permit',
  'mo_residence_permit',
  'tw_residence_permit',
  'hk_travel_permit',
  'mo_travel_permit',
];

export const DOCUMENT_TYPE_NAMES: Readonly<Record<DocumentType, { zh: string; en: string }>> = {
  resident_id: { zh: '居民身份证', en: 'resident identity card' },
  hk_residence_permit: { zh: '港澳台居民居住证（香港）', en: 'residence permit for Hong Kong residents' },
  mo_residence_permit: { zh: '港澳台居民居住证（澳门）', en: 'residence permit for Macao residents' },
  tw_residence_permit: { zh: '港澳台居民居住证（台湾）', en: 'residence permit for Taiwan residents' },
  hk_travel_permit: { zh: '港澳居民来往内地通行证（香港）', en: 'Mainland travel permit for Hong Kong residents' },
  mo_travel_permit: { zh: '港澳居民来往内地通行证（澳门）', en: 'Mainland travel permit for Macao residents' },
};

export interface IdentityProblem {
  code: 'format' | 'check_digit' | 'birth_date' | 'future_birth' | 'unsupported';
  messageZh: string;
  messageEn: string;
}

export interface IdentityResult {
  valid: boolean;
  documentType?: DocumentType;
  /** Canonical form: ASCII, upper case, no spaces; legacy 15-digit numbers converted to 18 characters. */
  normalized?: string;
  birthDate?: IsoDate;
  sex?: 'male' | 'female';
  addressCode?: string;
  /** True when the input was a first-generation 15-digit number. */
  legacy15?: boolean;
  problems: IdentityProblem[];
  explanations: Explanation[];
}

export const GB11643 = 'GB 11643-1999';
const RESIDENCE_PERMIT_SOURCE = '港澳台居民居住证申领发放办法 (国办发〔2018〕81号); RULES.md Identity documents';
const TRAVEL_PERMIT_SOURCE = '港澳居民来往内地通行证 号码格式; RULES.md Identity documents';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level prefixes (GB/T 2260 first level, every edition since 1980): 11–15, 21–23, 31–37, 41–46, 50–54,
 * 61–65, 71. Only the province is checked, so a retired county code never fails.
 */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
]);

const PERMIT_ADDRESS: Readonly<Record<string, DocumentType>> = {
  '810000': 'hk_residence_permit',
  '820000': 'mo_residence_permit',
  '830000': 'tw_residence_permit',
};

/** ASCII, upper case, no whitespace (full-width digits and letters folded by NFKC). */
export function normalizeIdInput(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

function checkSum(first17: string): { sum: number; remainder: number; check: string } {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  const remainder = sum % 11;
  return { sum, remainder, check: CHECK_CHARS.charAt(remainder) };
}

/** GB 11643-1999 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new RuleInputError(
      'invalid_value',
      'idNumber',
      '计算校验码需要 17 位数字',
      'the check character needs exactly 17 digits',
    );
  }
  return checkSum(first17).check;
}

/** Converts a first-generation 15-digit number to 18 characters: insert "19" before the year, append the check. */
export function convertLegacy15(id15: string): string {
  const s = typeof id15 === 'string' ? normalizeIdInput(id15) : '';
  if (!/^\d{15}$/.test(s)) {
    throw new RuleInputError(
      'invalid_value',
      'idNumber',
      '一代身份证号码应为 15 位数字',
      'a first-generation ID number must be 15 digits',
    );
  }
  const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
  return first17 + checkSum(first17).check;
}

/**
 * Masks an identity number for display: 18 characters → first 4 + 10 '*' + last 4 (1101**********002X);
 * other lengths keep their length with at least half hidden (≥16: 4 + 4 shown, 8–15: 2 + 2, 4–7: 1 + 1, else none).
 */
export function maskIdNumber(id: string): string {
  const s = normalizeIdInput(String(id));
  const n = s.length;
  const keep = n >= 16 ? 4 : n >= 8 ? 2 : n >= 4 ? 1 : 0;
  if (keep === 0) return '*'.repeat(n);
  return s.slice(0, keep) + '*'.repeat(n - 2 * keep) + s.slice(n - keep);
}

/**
 * Masks a phone number: an 11-digit mainland mobile → 138****5678 (a +86 prefix is kept); other numbers keep
 * the first 3 and last 4 digits when long enough, else only the last 2.
 */
export function maskPhone(phone: string): string {
  let digits = String(phone).normalize('NFKC').replace(/\D/gu, '');
  let prefix = '';
  if (digits.length === 13 && digits.startsWith('86') && digits.charAt(2) === '1') {
    prefix = '+86 ';
    digits = digits.slice(2);
  }
  const n = digits.length;
  if (n >= 8) return prefix + digits.slice(0, 3) + '*'.repeat(n - 7) + digits.slice(n - 4);
  if (n >= 3) return '*'.repeat(n - 2) + digits.slice(n - 2);
  return '*'.repeat(n);
}

interface Ctx {
  problems: IdentityProblem[];
  explanations: Explanation[];
}

function problem(ctx: Ctx, code: IdentityProblem['code'], messageZh: string, messageEn: string): void {
  ctx.problems.push({ code, messageZh, messageEn });
}

function checkBirth(ctx: Ctx, yyyymmdd: string, asOf: CivilDate | undefined, source: string): CivilDate | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const shown = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!isValidCivilDate(year, month, day)) {
    problem(ctx, 'birth_date', `号码中的出生日期 ${shown} 不存在`, `the birth date ${shown} in the number does not exist`);
    ctx.explanations.push({
      rule: 'identity.birth-date',
      source,
      text: `第 7–14 位出生日期 ${shown} 不是有效日期。`,
      textEn: `Digits 7–14 encode ${shown}, which is not a valid date.`,
      numbers: { birthDate: shown, valid: false },
    });
    return undefined;
  }
  const birth = { year, month, day };
  if (asOf && toEpochDay(birth) > toEpochDay(asOf)) {
    const asOfIso = formatIsoDate(asOf);
    problem(
      ctx,
      'future_birth',
      `出生日期 ${shown} 晚于 ${asOfIso}`,
      `the birth date ${shown} is after ${asOfIso}`,
    );
    ctx.explanations.push({
      rule: 'identity.birth-date',
      source,
      text: `出生日期 ${shown} 晚于基准日 ${asOfIso}。`,
      textEn: `Birth date ${shown} is after the reference date ${asOfIso}.`,
      numbers: { birthDate: shown, asOf: asOfIso, valid: false },
    });
    return undefined;
  }
  return birth;
}

function checkEighteen(
  ctx: Ctx,
  s: string,
  type: DocumentType,
  asOf: CivilDate | undefined,
  source: string,
): { birth?: CivilDate; sex: 'male' | 'female' } {
  const first17 = s.slice(0, 17);
  const { sum, remainder, check } = checkSum(first17);
  const actual = s.charAt(17);
  const masked = maskIdNumber(s);
  ctx.explanations.push({
    rule: 'identity.check-character',
    source: `${GB11643} (ISO 7064 MOD 11-2)`,
    text:
      `前 17 位加权和 ${sum}，除以 11 余 ${remainder}，校验码应为 ${check}` +
      (actual === check ? '，与号码一致。' : `，号码为 ${actual}，不一致。`),
    textEn:
      `Weighted sum of the first 17 digits is ${sum}, remainder mod 11 is ${remainder}, so the check character is ${check}` +
      (actual === check ? '; it matches.' : `; the number has ${actual}.`),
    numbers: { number: masked, weightedSum: sum, remainder, expected: check, actual, valid: actual === check },
  });
  if (actual !== check) {
    problem(
      ctx,
      'check_digit',
      `${DOCUMENT_TYPE_NAMES[type].zh}号码校验码错误（应为 ${check}），请核对号码`,
      `the check character is wrong (expected ${check}); please re-check the number`,
    );
  }
  const birth = checkBirth(ctx, s.slice(6, 14), asOf, source);
  const seq = s.charCodeAt(16) - 48;
  return birth ? { birth, sex: seq % 2 === 1 ? 'male' : 'female' } : { sex: seq % 2 === 1 ? 'male' : 'female' };
}

function parseAsOf(asOf: IsoDate | undefined): CivilDate | undefined {
  return asOf === undefined ? undefined : parseIsoDate(asOf, 'asOf');
}

/**
 * Checks an identity number and extracts what it encodes. Never throws for a bad number (the problems list says
 * what is wrong, in zh-CN and English); throws `RuleInputError` only for bad options (asOf, documentType).
 */
export function checkIdentity(raw: string, options: { asOf?: IsoDate; documentType?: DocumentType } = {}): IdentityResult {
  const asOf = parseAsOf(options.asOf);
  const expectedType = options.documentType;
  if (expectedType !== undefined && !DOCUMENT_TYPES.includes(expectedType)) {
    throw new RuleInputError(
      'invalid_value',
      'documentType',
      `证件类型“${String(expectedType)}”无效`,
      `document type "${String(expectedType)}" is not one of ${DOCUMENT_TYPES.join(', ')}`,
    );
  }
  const ctx: Ctx = { problems: [], explanations: [] };
  const s = typeof raw === 'string' ? normalizeIdInput(raw) : '';
  const fail = (code: IdentityProblem['code'], zh: string, en: string): IdentityResult => {
    problem(ctx, code, zh, en);
    return { valid: false, problems: ctx.problems, explanations: ctx.explanations };
  };
  if (s.length === 0) return fail('format', '证件号码为空', 'the document number is empty');

  let result: IdentityResult;
  if (/^\d{17}[\dX]$/.test(s)) {
    result = checkEighteenForm(ctx, s, asOf);
  } else if (/^\d{15}$/.test(s)) {
    result = checkLegacy(ctx, s, asOf);
  } else if (/^[HM]\d{8}(\d{2})?$/.test(s)) {
    const type: DocumentType = s.startsWith('H') ? 'hk_travel_permit' : 'mo_travel_permit';
    ctx.explanations.push({
      rule: 'identity.travel-permit',
      source: TRAVEL_PERMIT_SOURCE,
      text: `${DOCUMENT_TYPE_NAMES[type].zh}号码为 ${s.charAt(0)} + 8 位数字${s.length === 11 ? ' + 2 位换证次数' : ''}，格式正确；号码不含出生日期和性别。`,
      textEn: `${DOCUMENT_TYPE_NAMES[type].en}: ${s.charAt(0)} + 8 digits${s.length === 11 ? ' + 2-digit renewal count' : ''}; the number encodes no birth date or sex.`,
      numbers: { number: maskIdNumber(s), renewalCount: s.length === 11 ? Number(s.slice(9)) : null },
    });
    result = { valid: true, documentType: type, normalized: s, problems: ctx.problems, explanations: ctx.explanations };
  } else if (/^[HM]\d+$/.test(s)) {
    return fail(
      'format',
      `港澳居民来往内地通行证号码应为 ${s.charAt(0)} + 8 位数字（新版另加 2 位换证次数），实为 ${s.length - 1} 位数字`,
      `a Mainland travel permit number is ${s.charAt(0)} + 8 digits (plus a 2-digit renewal count on newer cards); got ${s.length - 1} digits`,
    );
  } else if (/^[A-Z]{1,2}\d{6,9}$/.test(s)) {
    // Passports (E/G/P…), Taiwan compatriot permits and the like: a real document, but not one the registry takes.
    return fail(
      'unsupported',
      '该号码疑似护照或其他证件，系统支持居民身份证、港澳台居民居住证、港澳居民来往内地通行证',
      'this looks like a passport or another document; supported are the resident ID card, HK/Macao/Taiwan residence permits and Mainland travel permits for HK/Macao residents',
    );
  } else if (/^\d{16,17}$/.test(s) || /^\d{19,}$/.test(s) || /^\d{1,14}$/.test(s)) {
    return fail(
      'format',
      `身份证号码应为 18 位（或一代证 15 位），实为 ${s.length} 位`,
      `a resident ID number has 18 characters (15 on first-generation cards); got ${s.length}`,
    );
  } else {
    return fail(
      'format',
      '证件号码含有无效字符；身份证号码只能是数字，末位可为 X',
      'the number contains invalid characters; a resident ID is digits with an optional final X',
    );
  }

  if (expectedType !== undefined && result.documentType !== undefined && result.documentType !== expectedType) {
    problem(
      ctx,
      'format',
      `号码属于${DOCUMENT_TYPE_NAMES[result.documentType].zh}，与所选证件类型“${DOCUMENT_TYPE_NAMES[expectedType].zh}”不符`,
      `the number is a ${DOCUMENT_TYPE_NAMES[result.documentType].en}, not the selected ${DOCUMENT_TYPE_NAMES[expectedType].en}`,
    );
  }
  result.problems = ctx.problems;
  result.valid = ctx.problems.length === 0;
  return result;
}

function checkEighteenForm(ctx: Ctx, s: string, asOf: CivilDate | undefined): IdentityResult {
  const address = s.slice(0, 6);
  const prefix = address.slice(0, 2);
  const permit = PERMIT_ADDRESS[address];
  if (!permit && (prefix === '81' || prefix === '82' || prefix === '83')) {
    problem(
      ctx,
      'format',
      `港澳台居民居住证号码前 6 位应为 810000、820000 或 830000，实为 ${address}`,
      `a HK/Macao/Taiwan residence permit number starts with 810000, 820000 or 830000; got ${address}`,
    );
    return { valid: false, normalized: s, problems: ctx.problems, explanations: ctx.explanations };
  }
  if (!permit && !PROVINCE_PREFIXES.has(prefix)) {
    problem(
      ctx,
      'format',
      `地址码 ${address} 的前两位 ${prefix} 不是省级行政区划代码`,
      `the address code ${address} does not start with a province-level code (got ${prefix})`,
    );
  }
  const type = permit ?? 'resident_id';
  const source = permit ? RESIDENCE_PERMIT_SOURCE : GB11643;
  const { birth, sex } = checkEighteen(ctx, s, type, asOf, source);
  return {
    valid: ctx.problems.length === 0,
    documentType: type,
    normalized: s,
    ...(birth ? { birthDate: formatIsoDate(birth) } : {}),
    sex,
    addressCode: address,
    legacy15: false,
    problems: ctx.problems,
    explanations: ctx.explanations,
  };
}

function checkLegacy(ctx: Ctx, s: string, asOf: CivilDate | undefined): IdentityResult {
  const address = s.slice(0, 6);
  const prefix = address.slice(0, 2);
  if (!PROVINCE_PREFIXES.has(prefix)) {
    problem(
      ctx,
      'format',
      `地址码 ${address} 的前两位 ${prefix} 不是省级行政区划代码`,
      `the address code ${address} does not start with a province-level code (got ${prefix})`,
    );
  }
  const converted = convertLegacy15(s);
  ctx.explanations.push({
    rule: 'identity.legacy-15',
    source: `${GB11643}; RULES.md Identity documents`,
    text: `15 位一代身份证号码：在出生年份前补“19”并计算校验码，转换为 18 位 ${maskIdNumber(converted)}。`,
    textEn: `First-generation 15-digit number: "19" inserted before the birth year and the check character computed, giving ${maskIdNumber(converted)}.`,
    numbers: { number: maskIdNumber(s), converted: maskIdNumber(converted) },
  });
  const birth = checkBirth(ctx, converted.slice(6, 14), asOf, GB11643);
  const seq = s.charCodeAt(14) - 48;
  return {
    valid: ctx.problems.length === 0,
    documentType: 'resident_id',
    normalized: converted,
    ...(birth ? { birthDate: formatIsoDate(birth) } : {}),
    sex: seq % 2 === 1 ? 'male' : 'female',
    addressCode: address,
    legacy15: true,
    problems: ctx.problems,
    explanations: ctx.explanations,
  };
}
