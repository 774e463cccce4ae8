/**
 * The columns of the import templates: field keys, Chinese headers (as on the forms caseworkers keep), the
 * synonyms a header is recognised by (Chinese and English), and the code lists (CODES.md) with their Chinese
 * labels, so a cell may hold either the code (`unemployed`) or its label (`失业`).
 */
import {
  EMPLOYMENT_STATUSES,
  INTENTIONS,
  LABOR_CAPACITIES,
  MARKS,
  PLACE_BASES,
  REGISTRATION_KINDS,
  RETIREMENT_CATEGORIES,
  type DocumentType,
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_NAMES,
} from '@bangfu/rules';
import { EDUCATION_LEVELS } from '../../contract/persons.ts';

export const IMPORT_KINDS = ['persons', 'registrations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type FieldKey =
  | 'name'
  | 'idNumber'
  | 'documentType'
  | 'sex'
  | 'birthDate'
  | 'phone'
  | 'residenceCode'
  | 'address'
  | 'hukouCode'
  | 'education'
  | 'employmentStatus'
  | 'laborCapacity'
  | 'intention'
  | 'marks'
  | 'retirementCategory'
  | 'registeredOn'
  | 'registrationKind'
  | 'placeBasis'
  | 'registrationCode'
  | 'unemploymentReason';

export interface FieldDef {
  readonly key: FieldKey;
  /** Template header (zh-CN) and English name. */
  readonly zh: string;
  readonly en: string;
  /** Other headers accepted for this field (compared after `normalizeHeader`). */
  readonly synonyms: readonly string[];
  readonly kinds: readonly ImportKind[];
  readonly requiredFor: readonly ImportKind[];
  /** What to write in the cell (template's second sheet). */
  readonly helpZh: string;
  readonly helpEn: string;
}

const BOTH: readonly ImportKind[] = ['persons', 'registrations'];
const REG: readonly ImportKind[] = ['registrations'];

export const FIELDS: readonly FieldDef[] = [
  { key: 'name', zh: '姓名', en: 'name', synonyms: ['姓名', '名字', '人员姓名', 'name', 'fullname'], kinds: BOTH, requiredFor: BOTH, helpZh: '汉字、字母或间隔号（·），最多 50 字', helpEn: 'Chinese characters, letters or the middle dot, up to 50' },
  {
    key: 'idNumber',
    zh: '公民身份号码',
    en: 'ID number',
    synonyms: ['公民身份号码', '身份证号', '身份证号码', '身份证', '证件号码', '证件号', 'idnumber', 'idno', 'idcard', 'id'],
    kinds: BOTH,
    requiredFor: BOTH,
    helpZh: '18 位居民身份证号码（校验码须正确；15 位一代证自动转换），或港澳台居民居住证、港澳居民来往内地通行证号码；请将单元格设为文本，以免末位被改写',
    helpEn: '18-character resident ID (check character verified; 15-digit numbers converted), or an HK/Macao/Taiwan residence permit or Mainland travel permit number; format the cell as text',
  },
  { key: 'documentType', zh: '证件类型', en: 'document type', synonyms: ['证件类型', '证件种类', 'documenttype', 'doctype'], kinds: BOTH, requiredFor: [], helpZh: '可空（由号码判断）', helpEn: 'optional (derived from the number)' },
  { key: 'sex', zh: '性别', en: 'sex', synonyms: ['性别', 'sex', 'gender'], kinds: BOTH, requiredFor: [], helpZh: '男 / 女；可空（由身份证号码判断），填写时须与号码一致', helpEn: 'male / female; optional (from the ID number), must agree with it' },
  { key: 'birthDate', zh: '出生日期', en: 'birth date', synonyms: ['出生日期', '出生年月日', '生日', 'birthdate', 'dateofbirth', 'dob'], kinds: BOTH, requiredFor: [], helpZh: 'YYYY-MM-DD；可空（由身份证号码判断），填写时须与号码一致', helpEn: 'YYYY-MM-DD; optional (from the ID number), must agree with it' },
  { key: 'phone', zh: '联系电话', en: 'phone', synonyms: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', 'phone', 'mobile', 'tel'], kinds: BOTH, requiredFor: [], helpZh: '11 位手机号或区号-号码', helpEn: '11-digit mobile or area code + number' },
  {
    key: 'residenceCode',
    zh: '居住地区划代码',
    en: 'residence division code',
    synonyms: ['居住地区划代码', '常住地区划代码', '居住地代码', '区划代码', '社区代码', '村社区代码', 'residencecode', 'residence', 'divisioncode', 'jurisdictioncode'],
    kinds: BOTH,
    requiredFor: BOTH,
    helpZh: '12 位统计用区划代码（通常为社区/村），须在系统中存在且在您的管辖范围内',
    helpEn: '12-digit statistical division code (usually a community/village); must exist and lie in your area',
  },
  { key: 'address', zh: '详细地址', en: 'address', synonyms: ['详细地址', '居住地址', '现住址', '地址', 'address'], kinds: BOTH, requiredFor: [], helpZh: '最多 200 字', helpEn: 'up to 200 characters' },
  { key: 'hukouCode', zh: '户籍地区划代码', en: 'hukou division code', synonyms: ['户籍地区划代码', '户籍地代码', '户口所在地代码', 'hukoucode', 'hukou'], kinds: BOTH, requiredFor: [], helpZh: '12 位区划代码，可空', helpEn: '12-digit division code, optional' },
  { key: 'education', zh: '文化程度', en: 'education', synonyms: ['文化程度', '学历', '受教育程度', 'education'], kinds: BOTH, requiredFor: [], helpZh: '见“代码说明”', helpEn: 'see the code sheet' },
  { key: 'employmentStatus', zh: '就业状态', en: 'employment status', synonyms: ['就业状态', '就业情况', '就业失业状态', 'employmentstatus', 'status'], kinds: BOTH, requiredFor: ['persons'], helpZh: '见“代码说明”；登记表可空（失业登记默认为“失业”）', helpEn: 'see the code sheet; optional for registrations (unemployment registration implies unemployed)' },
  { key: 'laborCapacity', zh: '劳动能力', en: 'labour capacity', synonyms: ['劳动能力', 'laborcapacity', 'labourcapacity'], kinds: BOTH, requiredFor: [], helpZh: '见“代码说明”；可空（默认完全劳动能力）', helpEn: 'see the code sheet; optional (default full)' },
  { key: 'intention', zh: '就业意愿', en: 'intention', synonyms: ['就业意愿', '意愿', '分类', '服务需求分类', 'intention'], kinds: BOTH, requiredFor: [], helpZh: '见“代码说明”', helpEn: 'see the code sheet' },
  { key: 'marks', zh: '人员标注', en: 'marks', synonyms: ['人员标注', '人员类别', '重点群体', '人员类型', 'marks', 'mark'], kinds: BOTH, requiredFor: [], helpZh: '见“代码说明”，多个用顿号或逗号分隔', helpEn: 'see the code sheet; several separated by commas' },
  { key: 'retirementCategory', zh: '退休类别', en: 'retirement category', synonyms: ['退休类别', '原退休年龄', 'retirementcategory'], kinds: BOTH, requiredFor: [], helpZh: '女性原法定退休年龄：female55（55 岁，如干部）或 female50（50 岁，如工人）；男性 male；可空', helpEn: "a woman's original retirement age: female55 or female50; men: male; optional" },
  { key: 'registeredOn', zh: '登记日期', en: 'registration date', synonyms: ['登记日期', '失业登记日期', '登记时间', 'registeredon', 'registrationdate'], kinds: REG, requiredFor: REG, helpZh: 'YYYY-MM-DD，不晚于今天', helpEn: 'YYYY-MM-DD, not after today' },
  { key: 'registrationKind', zh: '登记类型', en: 'registration kind', synonyms: ['登记类型', '登记种类', 'registrationkind', 'kind'], kinds: REG, requiredFor: [], helpZh: '失业登记 / 求职登记；可空（默认失业登记）', helpEn: 'unemployment / job_seeking; optional (default unemployment)' },
  { key: 'placeBasis', zh: '登记地类型', en: 'place basis', synonyms: ['登记地类型', '登记地依据', '登记地', 'placebasis'], kinds: REG, requiredFor: [], helpZh: '常住地 / 户籍地 / 参保地 / 就业地，由本人选择；可空（默认常住地）', helpEn: "residence / hukou / insured / employment, the person's choice; optional (default residence)" },
  { key: 'registrationCode', zh: '登记地区划代码', en: 'registration division code', synonyms: ['登记地区划代码', '登记地代码', 'registrationcode'], kinds: REG, requiredFor: [], helpZh: '可空：常住地登记取居住地代码，户籍地登记取户籍地代码；参保地/就业地登记须填写', helpEn: 'optional: residence → the residence code, hukou → the hukou code; required for insured/employment' },
  { key: 'unemploymentReason', zh: '失业原因', en: 'unemployment reason', synonyms: ['失业原因', 'unemploymentreason', 'reason'], kinds: REG, requiredFor: [], helpZh: '最多 100 字', helpEn: 'up to 100 characters' },
];

export function fieldsFor(kind: ImportKind): FieldDef[] {
  return FIELDS.filter((f) => f.kinds.includes(kind));
}

export function fieldDef(key: FieldKey): FieldDef {
  const f = FIELDS.find((x) => x.key === key);
  if (!f) throw new Error(`unknown import field ${key}`);
  return f;
}

/** Header text → comparison key: no spaces, no required-markers or bracketed notes, lower case, no `_ -`. */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[(（[【][^)）\]】]*[)）\]】]/g, '')
    .replace(/[*＊\s_\-.:：]/g, '')
    .toLowerCase();
}

export interface DetectedMapping {
  mapping: Partial<Record<FieldKey, number>>;
  /** Headers that no field claimed (index and text). */
  unmapped: { index: number; header: string }[];
  /** Required fields without a column. */
  missing: FieldKey[];
}

/** Recognises columns by their header; the first column matching a field wins, duplicates stay unmapped. */
export function detectMapping(kind: ImportKind, headers: readonly string[]): DetectedMapping {
  const mapping: Partial<Record<FieldKey, number>> = {};
  const unmapped: { index: number; header: string }[] = [];
  const fields = fieldsFor(kind);
  headers.forEach((h, index) => {
    const n = normalizeHeader(h);
    const f = n === '' ? undefined : fields.find((x) => mapping[x.key] === undefined && x.synonyms.some((s) => normalizeHeader(s) === n));
    if (f) mapping[f.key] = index;
    else unmapped.push({ index, header: h });
  });
  return { mapping, unmapped, missing: missingRequired(kind, mapping) };
}

export function missingRequired(kind: ImportKind, mapping: Partial<Record<FieldKey, number>>): FieldKey[] {
  return fieldsFor(kind)
    .filter((f) => f.requiredFor.includes(kind) && mapping[f.key] === undefined)
    .map((f) => f.key);
}

// ---------------------------------------------------------------------------------------------------------------
// Code lists (CODES.md) with Chinese labels (the same labels as the web console's zh-CN locale).

export interface CodeList {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly codes: readonly { code: string; zh: string; aliases?: readonly string[] }[];
}

const EDUCATION_ZH: Record<(typeof EDUCATION_LEVELS)[number], { zh: string; aliases?: string[] }> = {
  none: { zh: '未上学', aliases: ['文盲', '无'] },
  primary: { zh: '小学' },
  junior_secondary: { zh: '初中' },
  senior_secondary: { zh: '高中' },
  secondary_vocational: { zh: '中专/技校/职高', aliases: ['中专', '技校', '职高', '中职'] },
  junior_college: { zh: '大专', aliases: ['专科', '高职'] },
  bachelor: { zh: '本科', aliases: ['大学本科'] },
  postgraduate: { zh: '研究生', aliases: ['硕士', '博士', '硕士研究生', '博士研究生'] },
};
/** Education (文化程度): the person-file contract's codes, with the labels of the registration form. */
export const EDUCATION_CODES = EDUCATION_LEVELS.map((code) => ({ code, ...EDUCATION_ZH[code] }));

const EMPLOYMENT_ZH: Record<(typeof EMPLOYMENT_STATUSES)[number], string> = {
  unemployed: '失业',
  employed: '稳定就业',
  flexible: '灵活就业',
  self_employed: '个体经营/创业',
  student: '在校',
  military: '服兵役',
  retired: '已退休/领取养老金',
  unable: '完全丧失劳动能力',
  other: '其他',
};
const INTENTION_ZH: Record<(typeof INTENTIONS)[number], string> = {
  employment: '就业意愿',
  training: '培训意愿',
  entrepreneurship: '创业意愿',
  unclear: '就业意向不清晰',
  other: '其他服务需求',
};
const CAPACITY_ZH: Record<(typeof LABOR_CAPACITIES)[number], string> = { full: '完全劳动能力', partial: '部分劳动能力', none: '无劳动能力' };
const MARK_ZH: Record<(typeof MARKS)[number], string> = {
  difficulty: '就业困难人员',
  zero_employment_family: '零就业家庭成员',
  graduate_unemployed: '离校未就业高校毕业生',
  poverty_alleviated: '脱贫人口',
  migrant_worker: '农牧民工',
  veteran: '退役军人',
  disabled: '持证残疾人',
  low_income: '低收入人口',
  dibao: '低保对象',
  social_assistance: '社会救助对象',
  land_lost: '失地农牧民',
  older: '大龄',
  long_term_unemployed: '长期失业',
};
/** CODES.md: `older` and `long_term_unemployed` are derived, never stored alone — not importable. */
export const DERIVED_MARKS: ReadonlySet<string> = new Set(['older', 'long_term_unemployed']);
const PLACE_ZH: Record<(typeof PLACE_BASES)[number], string> = { residence: '常住地', hukou: '户籍地', insured: '参保地', employment: '就业地' };
const KIND_ZH: Record<(typeof REGISTRATION_KINDS)[number], string> = { unemployment: '失业登记', job_seeking: '求职登记' };

export const CODE_LISTS: Readonly<Record<'sex' | 'education' | 'employmentStatus' | 'laborCapacity' | 'intention' | 'marks' | 'placeBasis' | 'registrationKind' | 'retirementCategory' | 'documentType', CodeList>> = {
  sex: { key: 'sex', zh: '性别', en: 'sex', codes: [{ code: 'male', zh: '男', aliases: ['男性', 'm'] }, { code: 'female', zh: '女', aliases: ['女性', 'f'] }] },
  education: { key: 'education', zh: '文化程度', en: 'education', codes: EDUCATION_CODES },
  employmentStatus: {
    key: 'employmentStatus',
    zh: '就业状态',
    en: 'employment status',
    codes: EMPLOYMENT_STATUSES.map((code) => ({ code, zh: EMPLOYMENT_ZH[code], aliases: code === 'employed' ? ['就业', '已就业'] : code === 'self_employed' ? ['个体经营', '创业', '自主创业'] : code === 'retired' ? ['退休'] : [] })),
  },
  laborCapacity: { key: 'laborCapacity', zh: '劳动能力', en: 'labour capacity', codes: LABOR_CAPACITIES.map((code) => ({ code, zh: CAPACITY_ZH[code] })) },
  intention: { key: 'intention', zh: '就业意愿', en: 'intention', codes: INTENTIONS.map((code) => ({ code, zh: INTENTION_ZH[code], aliases: [INTENTION_ZH[code].replace(/意愿$/, '')] })) },
  marks: {
    key: 'marks',
    zh: '人员标注',
    en: 'marks',
    codes: MARKS.filter((m) => !DERIVED_MARKS.has(m)).map((code) => ({ code, zh: MARK_ZH[code], aliases: code === 'poverty_alleviated' ? ['脱贫人口（含监测对象）', '监测对象'] : code === 'difficulty' ? ['就业困难'] : [] })),
  },
  placeBasis: { key: 'placeBasis', zh: '登记地类型', en: 'place basis', codes: PLACE_BASES.map((code) => ({ code, zh: PLACE_ZH[code] })) },
  registrationKind: { key: 'registrationKind', zh: '登记类型', en: 'registration kind', codes: REGISTRATION_KINDS.map((code) => ({ code, zh: KIND_ZH[code], aliases: [KIND_ZH[code].replace(/登记$/, '')] })) },
  retirementCategory: {
    key: 'retirementCategory',
    zh: '退休类别',
    en: 'retirement category',
    codes: RETIREMENT_CATEGORIES.map((code) => ({ code, zh: code === 'male' ? '男性（60 岁）' : code === 'female55' ? '女性原 55 岁' : '女性原 50 岁', aliases: code === 'female55' ? ['55'] : code === 'female50' ? ['50'] : ['60'] })),
  },
  documentType: {
    key: 'documentType',
    zh: '证件类型',
    en: 'document type',
    codes: DOCUMENT_TYPES.map((code: DocumentType) => ({ code, zh: DOCUMENT_TYPE_NAMES[code].zh, aliases: code === 'resident_id' ? ['身份证', '居民身份证'] : [] })),
  },
};

const lookups = new Map<string, Map<string, string>>();

/** The code for a cell value (code, Chinese label or alias; case- and width-insensitive), or undefined. */
export function codeOf(list: keyof typeof CODE_LISTS, raw: string): string | undefined {
  let m = lookups.get(list);
  if (!m) {
    m = new Map();
    for (const c of CODE_LISTS[list].codes) {
      for (const v of [c.code, c.zh, ...(c.aliases ?? [])]) m.set(normalizeCode(v), c.code);
    }
    lookups.set(list, m);
  }
  return m.get(normalizeCode(raw));
}

function normalizeCode(v: string): string {
  return v.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** Allowed values of a list for an error message: `code（中文）`. */
export function allowedValues(list: keyof typeof CODE_LISTS): { zh: string; en: string } {
  const codes = CODE_LISTS[list].codes;
  return { zh: codes.map((c) => `${c.zh}`).join('、'), en: codes.map((c) => c.code).join(', ') };
}
