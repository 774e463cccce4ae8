/**
 * Row validation for imports, with the same rules as the person-file and registration services: identity by
 * `checkIdentity` (check character, birth date not in the future; sex and birth date must agree with the
 * number), name and phone by the person-file contract's schemas, division codes must exist and lie in the
 * uploader's area, codes from CODES.md, and for registration rows eligibility by `evaluateRegistration` of the
 * pack in force at the registering division on the registration date. Every problem names the column and is
 * worded in zh-CN and English; a row with any problem is rejected whole.
 */
import {
  ageOn,
  assessRetirement,
  calendarForPack,
  checkIdentity,
  evaluateRegistration,
  maskIdNumber,
  parseIsoDate,
  RuleInputError,
  type DocumentType,
  type LaborCapacity,
  type Mark,
  type PackRegistry,
  type PlaceBasis,
  type RegistrationDecision,
  type RetirementCategory,
} from '@bangfu/rules';
import type { Scope } from '../../access/scope.ts';
import { ZPersonCreateBody } from '../../contract/persons.ts';
import { allowedValues, codeOf, CODE_LISTS, DERIVED_MARKS, fieldDef, type FieldKey, type ImportKind } from './columns.ts';
import type { SourceRow } from './read.ts';

export interface RowIssue {
  readonly column: string | null;
  readonly field: FieldKey | null;
  readonly zh: string;
  readonly en: string;
}

export interface PersonFacts {
  readonly name: string;
  /** Canonical number (checkIdentity's `normalized`). */
  readonly idNumber: string;
  readonly documentType: DocumentType;
  readonly sex: 'male' | 'female';
  readonly birthDate: string;
  readonly phone: string | null;
  readonly residenceCode: string;
  readonly address: string | null;
  readonly hukouCode: string | null;
  readonly education: string | null;
  /** null: not given (an existing file keeps its value; a new file needs one — checked here). */
  readonly employmentStatus: string | null;
  readonly laborCapacity: LaborCapacity | null;
  readonly intention: string | null;
  readonly marks: Mark[];
  readonly retirementCategory: RetirementCategory | null;
}

export interface RegistrationFactsIn {
  readonly kind: 'unemployment' | 'job_seeking';
  readonly registeredOn: string;
  readonly placeBasis: PlaceBasis;
  readonly jurisdictionCode: string;
  readonly unemploymentReason: string | null;
  readonly decision: RegistrationDecision;
  readonly packRef: string;
}

export type RowResult =
  | { readonly ok: true; readonly rowNo: number; readonly person: PersonFacts; readonly registration: RegistrationFactsIn | null; readonly label: string }
  | { readonly ok: false; readonly rowNo: number; readonly issues: RowIssue[]; readonly label: string | null };

export interface RowContext {
  readonly kind: ImportKind;
  readonly mapping: Partial<Record<FieldKey, number>>;
  readonly headers: readonly string[];
  /** Today in China (YYYY-MM-DD): birth and registration dates may not be later. */
  readonly today: string;
  readonly scope: Scope;
  readonly registry: PackRegistry;
  /** Whether a division code exists (the caller prefetches the codes of a batch). */
  divisionExists(code: string): boolean;
}

const CODE_FIELDS: readonly FieldKey[] = ['residenceCode', 'hukouCode', 'registrationCode'];

/** Division codes a row mentions (to prefetch their existence for a batch). */
export function divisionCodesOf(cells: readonly string[], mapping: Partial<Record<FieldKey, number>>): string[] {
  const out: string[] = [];
  for (const f of CODE_FIELDS) {
    const i = mapping[f];
    const v = i === undefined ? '' : (cells[i] ?? '').trim();
    if (/^\d{12}$/.test(v)) out.push(v);
  }
  return out;
}

/** Accepts 2024-03-05, 2024/3/5, 2024.3.5, 20240305 and 2024年3月5日; returns ISO or undefined. */
export function parseDateCell(raw: string): string | undefined {
  const s = raw.normalize('NFKC').trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) {
    // Excel date-time text such as "2024-03-05 00:00:00".
    m = /^(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00)?(\.0+)?Z?$/.exec(s);
    if (!m) return undefined;
  }
  const iso = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  try {
    parseIsoDate(iso, 'date');
    return iso;
  } catch {
    return undefined;
  }
}

const nameSchema = ZPersonCreateBody.shape.name;
const phoneSchema = ZPersonCreateBody.shape.phone;

export function validateRow(row: SourceRow, ctx: RowContext): RowResult {
  const issues: RowIssue[] = [];
  const cell = (f: FieldKey): string => {
    const i = ctx.mapping[f];
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  const columnOf = (f: FieldKey): string => {
    const i = ctx.mapping[f];
    return (i === undefined ? undefined : ctx.headers[i]) || fieldDef(f).zh;
  };
  const add = (f: FieldKey | null, zh: string, en: string) => issues.push({ column: f ? columnOf(f) : null, field: f, zh, en });
  const required = (f: FieldKey): string | undefined => {
    const v = cell(f);
    if (v === '') add(f, `${fieldDef(f).zh}为必填项`, `${fieldDef(f).en} is required`);
    return v === '' ? undefined : v;
  };
  const coded = <T extends string>(f: FieldKey, list: keyof typeof CODE_LISTS): T | null | undefined => {
    const v = cell(f);
    if (v === '') return null;
    const code = codeOf(list, v);
    if (code === undefined) {
      const allowed = allowedValues(list);
      add(f, `“${v}”不是有效的${CODE_LISTS[list].zh}，可填：${allowed.zh}`, `"${v}" is not a valid ${CODE_LISTS[list].en}; allowed: ${allowed.en}`);
      return undefined;
    }
    return code as T;
  };
  const division = (f: FieldKey, mustBeInScope: boolean): string | null | undefined => {
    const v = cell(f);
    if (v === '') return null;
    if (!/^\d{12}$/.test(v)) {
      add(f, `区划代码“${v}”应为 12 位数字`, `division code "${v}" must be 12 digits`);
      return undefined;
    }
    if (!ctx.divisionExists(v)) {
      add(f, `行政区划代码 ${v} 不存在`, `division code ${v} does not exist`);
      return undefined;
    }
    if (mustBeInScope && !ctx.scope.covers(v)) {
      add(f, `行政区划 ${v} 不在您的管辖范围内`, `jurisdiction ${v} is outside your area`);
      return undefined;
    }
    return v;
  };

  if (row.problem) {
    return { ok: false, rowNo: row.rowNo, issues: [{ column: null, field: null, zh: row.problem.zh, en: row.problem.en }], label: null };
  }

  // Name (person-file contract).
  const nameRaw = required('name');
  let name: string | undefined;
  if (nameRaw !== undefined) {
    const r = nameSchema.safeParse(nameRaw);
    if (r.success) name = r.data;
    else add('name', '姓名只能包含汉字、字母和间隔号，最多 50 字', 'the name may contain Chinese characters, letters and the middle dot, up to 50');
  }

  // Identity (rules package).
  const documentType = coded<DocumentType>('documentType', 'documentType');
  const idRaw = required('idNumber');
  const identity = idRaw === undefined ? undefined : checkIdentity(idRaw, { asOf: ctx.today, ...(documentType ? { documentType } : {}) });
  for (const p of identity?.problems ?? []) add('idNumber', p.messageZh, p.messageEn);
  const label = `${nameRaw ?? ''} ${identity?.normalized ? maskIdNumber(identity.normalized) : idRaw ? maskIdNumber(idRaw.replace(/\s+/g, '')) : ''}`.trim();

  const sexCell = coded<'male' | 'female'>('sex', 'sex');
  const birthCell = cell('birthDate');
  let birthDate: string | undefined;
  if (birthCell !== '') {
    birthDate = parseDateCell(birthCell);
    if (!birthDate) add('birthDate', `出生日期“${birthCell}”不是有效日期（应为 YYYY-MM-DD）`, `birth date "${birthCell}" is not a valid date (YYYY-MM-DD)`);
  }
  let sex: 'male' | 'female' | undefined = sexCell ?? undefined;
  if (identity?.valid) {
    if (identity.sex && sex && sex !== identity.sex) {
      add('sex', `性别与证件号码不符（号码为${identity.sex === 'male' ? '男' : '女'}）`, `sex contradicts the document number (which says ${identity.sex})`);
    }
    if (identity.birthDate && birthDate && birthDate !== identity.birthDate) {
      add('birthDate', `出生日期与证件号码不符（号码为 ${identity.birthDate}）`, `birth date contradicts the document number (which says ${identity.birthDate})`);
    }
    sex = sex ?? identity.sex;
    birthDate = birthDate ?? identity.birthDate;
    if (!sex && sexCell !== undefined) add('sex', '必填（该证件号码不含性别）', 'required (this document number does not encode sex)');
    if (!birthDate && birthCell === '') add('birthDate', '必填（该证件号码不含出生日期）', 'required (this document number does not encode the birth date)');
  }
  if (birthDate && birthDate > ctx.today) add('birthDate', `出生日期 ${birthDate} 晚于今天`, `birth date ${birthDate} is in the future`);

  // Contact and places.
  const phoneRaw = cell('phone');
  let phone: string | null = null;
  if (phoneRaw !== '') {
    const r = phoneSchema.safeParse(phoneRaw);
    if (r.success && r.data) phone = r.data;
    else add('phone', `电话号码“${phoneRaw}”格式不正确（手机 11 位或区号-号码）`, `phone "${phoneRaw}" must be an 11-digit mobile or an area-code landline`);
  }
  const residenceRaw = required('residenceCode');
  const residenceCode = residenceRaw === undefined ? undefined : division('residenceCode', true);
  const hukouCode = division('hukouCode', false);
  const address = cell('address');
  if (address.length > 200) add('address', '详细地址超过 200 字', 'the address is longer than 200 characters');

  // Codes (CODES.md).
  const education = coded('education', 'education');
  const employmentCell = coded('employmentStatus', 'employmentStatus');
  if (ctx.kind === 'persons' && cell('employmentStatus') === '') add('employmentStatus', '就业状态为必填项', 'employment status is required');
  const laborCapacity = coded<LaborCapacity>('laborCapacity', 'laborCapacity');
  const intention = coded('intention', 'intention');
  const retirementCategory = coded<RetirementCategory>('retirementCategory', 'retirementCategory');
  if (retirementCategory && sex && (retirementCategory === 'male') !== (sex === 'male')) {
    add('retirementCategory', `退休类别 ${retirementCategory} 与性别不符`, `retirement category ${retirementCategory} does not fit the sex`);
  }
  const marks: Mark[] = [];
  const marksCell = cell('marks');
  if (marksCell !== '') {
    for (const part of marksCell.split(/[,，、;；/|\s]+/).filter((p) => p !== '')) {
      const m = codeOf('marks', part);
      if (m === undefined) {
        const derived = [...DERIVED_MARKS].find((d) => part === d || part === (d === 'older' ? '大龄' : '长期失业'));
        if (derived) add('marks', `“${part}”由系统推算，不能导入`, `"${part}" is derived by the system and cannot be imported`);
        else add('marks', `“${part}”不是有效的人员标注，可填：${allowedValues('marks').zh}`, `"${part}" is not a valid mark; allowed: ${allowedValues('marks').en}`);
      } else if (!marks.includes(m as Mark)) marks.push(m as Mark);
    }
  }

  // Registration rows.
  let registration: RegistrationFactsIn | null = null;
  let employmentStatus: string | null = employmentCell ?? null;
  if (ctx.kind === 'registrations') {
    const regKind = coded<'unemployment' | 'job_seeking'>('registrationKind', 'registrationKind') ?? (cell('registrationKind') === '' ? 'unemployment' : undefined);
    const placeBasis = coded<PlaceBasis>('placeBasis', 'placeBasis') ?? (cell('placeBasis') === '' ? 'residence' : undefined);
    const regRaw = required('registeredOn');
    let registeredOn: string | undefined;
    if (regRaw !== undefined) {
      registeredOn = parseDateCell(regRaw);
      if (!registeredOn) add('registeredOn', `登记日期“${regRaw}”不是有效日期（应为 YYYY-MM-DD）`, `registration date "${regRaw}" is not a valid date (YYYY-MM-DD)`);
      else if (registeredOn > ctx.today) add('registeredOn', `登记日期 ${registeredOn} 晚于今天`, `registration date ${registeredOn} is in the future`);
      else if (birthDate && registeredOn < birthDate) add('registeredOn', '登记日期早于出生日期', 'the registration date is before the birth date');
    }
    if (regKind === 'unemployment' && employmentCell === null) employmentStatus = 'unemployed';
    if (regKind === 'job_seeking' && cell('employmentStatus') === '') add('employmentStatus', '求职登记须填写就业状态', 'a job-seeking registration needs the employment status');
    let regCode = division('registrationCode', true);
    if (regCode === null && placeBasis) {
      if (placeBasis === 'residence') regCode = residenceCode;
      else if (placeBasis === 'hukou') {
        if (hukouCode && !ctx.scope.covers(hukouCode)) add('hukouCode', `行政区划 ${hukouCode} 不在您的管辖范围内`, `jurisdiction ${hukouCode} is outside your area`);
        else if (hukouCode === null) add('hukouCode', '户籍地登记须填写户籍地区划代码', 'a registration at the hukou place needs the hukou division code');
        regCode = hukouCode && ctx.scope.covers(hukouCode) ? hukouCode : undefined;
      } else add('registrationCode', `${placeBasis === 'insured' ? '参保地' : '就业地'}登记须填写登记地区划代码`, `a registration at the ${placeBasis} place needs the registration division code`);
    }
    const reason = cell('unemploymentReason');
    if (reason.length > 100) add('unemploymentReason', '失业原因超过 100 字', 'the unemployment reason is longer than 100 characters');
    // Eligibility only when the facts it needs are sound; otherwise the problems above already reject the row.
    if (issues.length === 0 && regKind && placeBasis && registeredOn && regCode && sex && birthDate) {
      const decided = decide(ctx, {
        kind: regKind,
        placeBasis,
        registeredOn,
        jurisdictionCode: regCode,
        sex,
        birthDate,
        retirementCategory: retirementCategory ?? null,
        laborCapacity: laborCapacity ?? 'full',
        employmentStatus: employmentStatus ?? 'unemployed',
      });
      if ('issues' in decided) issues.push(...decided.issues);
      else registration = { kind: regKind, registeredOn, placeBasis, jurisdictionCode: regCode, unemploymentReason: reason === '' ? null : reason, decision: decided.decision, packRef: decided.packRef };
    }
  }

  if (issues.length > 0 || !name || !identity?.normalized || !sex || !birthDate || !residenceCode) {
    if (issues.length === 0) add(null, '该行数据不完整', 'the row is incomplete');
    return { ok: false, rowNo: row.rowNo, issues, label: label || null };
  }
  return {
    ok: true,
    rowNo: row.rowNo,
    label,
    registration,
    person: {
      name,
      idNumber: identity.normalized,
      documentType: identity.documentType ?? 'resident_id',
      sex,
      birthDate,
      phone,
      residenceCode,
      address: address === '' ? null : address,
      hukouCode: hukouCode ?? null,
      education: education ?? null,
      employmentStatus,
      laborCapacity: laborCapacity ?? null,
      intention: intention ?? null,
      marks,
      retirementCategory: retirementCategory ?? null,
    },
  };
}

interface DecideInput {
  kind: 'unemployment' | 'job_seeking';
  placeBasis: PlaceBasis;
  registeredOn: string;
  jurisdictionCode: string;
  sex: 'male' | 'female';
  birthDate: string;
  retirementCategory: RetirementCategory | null;
  laborCapacity: LaborCapacity;
  employmentStatus: string;
}

/**
 * Eligibility on the registration date under the pack in force at the registering division. A row in a
 * registration ledger records an application, so the wish to work is taken as given (人社厅发〔2020〕3号: the
 * person applies); capacity defaults to full unless the row says otherwise.
 */
function decide(ctx: RowContext, d: DecideInput): { decision: RegistrationDecision; packRef: string } | { issues: RowIssue[] } {
  const col = (f: FieldKey) => {
    const i = ctx.mapping[f];
    return (i === undefined ? undefined : ctx.headers[i]) || fieldDef(f).zh;
  };
  try {
    const pack = ctx.registry.resolve(d.jurisdictionCode, d.registeredOn);
    const asOf = parseIsoDate(d.registeredOn, 'registeredOn');
    const retirement = assessRetirement(
      { sex: d.sex, birthDate: d.birthDate, ...(d.retirementCategory ? { retirementCategory: d.retirementCategory } : {}) },
      d.registeredOn,
    );
    const decision = evaluateRegistration(
      {
        ageYears: ageOn(parseIsoDate(d.birthDate, 'birthDate'), asOf).years,
        retirement,
        laborCapacity: d.laborCapacity,
        wantsWork: true,
        employmentStatus: d.employmentStatus as never,
        placeBasis: d.placeBasis,
        registeredOn: asOf,
        appliedOn: asOf,
      },
      pack,
      asOf,
      calendarForPack(pack),
    );
    const packRef = `${pack.id}@${pack.version}`;
    const fits = d.kind === 'unemployment' ? decision.kind === 'unemployment' : decision.kind === 'unemployment' || decision.kind === 'job_seeking' || (decision.kind === 'undetermined' && !decision.reasons.some((r) => r.met === false));
    if (fits) return { decision, packRef };
    const failed = decision.reasons.filter((r) => r.met === false);
    if (failed.length > 0) {
      const zh = failed.map((r) => `${r.textZh}（依据 ${r.source}）`).join('；');
      const en = failed.map((r) => `${r.textEn} (${r.source})`).join('; ');
      const what = d.kind === 'unemployment' ? { zh: '不符合失业登记条件', en: 'not eligible for unemployment registration' } : { zh: '不能办理求职登记', en: 'cannot be registered as job seeking' };
      const fallback = d.kind === 'unemployment' && decision.kind === 'job_seeking' ? { zh: '；可改为求职登记', en: '; a job-seeking registration is possible instead' } : { zh: '', en: '' };
      return { issues: [{ column: col('registeredOn'), field: 'registeredOn', zh: `${what.zh}：${zh}${fallback.zh}`, en: `${what.en}: ${en}${fallback.en}` }] };
    }
    const missing = decision.missingFacts.join(', ');
    const hint = decision.missingFacts.includes('person.retirementCategory')
      ? { field: 'retirementCategory' as FieldKey, zh: '请填写“退休类别”（女性原退休年龄 50 或 55 岁）', en: 'fill in the retirement category (female50 or female55)' }
      : { field: null, zh: '', en: '' };
    return {
      issues: [{ column: hint.field ? col(hint.field) : null, field: hint.field, zh: `资料不全，无法判断登记条件（${missing}）${hint.zh ? '：' + hint.zh : ''}`, en: `eligibility cannot be decided; missing: ${missing}${hint.en ? ' — ' + hint.en : ''}` }],
    };
  } catch (e) {
    if (e instanceof RuleInputError) return { issues: [{ column: null, field: null, zh: e.messageZh, en: e.messageEn }] };
    throw e;
  }
}
