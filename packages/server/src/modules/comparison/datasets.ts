/**
 * Partner dataset kinds (CODES.md `datasetKind`) and their column schemas. Each kind has canonical fields; a
 * partner's real headers are mapped to them (auto-detected from the names below, or saved per partner).
 * The documented form of these tables is docs/comparison.md — keep the two in step.
 */
import type { DeregistrationReason, Mark } from '@bangfu/rules';

export const DATASET_KINDS = [
  'social_insurance',
  'business_registration',
  'pension',
  'death',
  'school_enrolment',
  'low_income',
  'dibao',
  'disability',
  'social_assistance',
  'tax_disability_fee',
  'imprisonment',
  'military',
] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

export function isDatasetKind(v: string): v is DatasetKind {
  return (DATASET_KINDS as readonly string[]).includes(v);
}

/** How a cell is validated: `id` GB 11643 number, `date` a calendar day, `month` YYYYMM, `division` 12 digits. */
export type FieldType = 'id' | 'text' | 'date' | 'month' | 'amount' | 'division' | 'grade' | 'year';

export interface FieldSpec {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** Header names recognised without a saved mapping (besides key, zh and en). */
  readonly aliases: readonly string[];
}

/** What a kind is compared for. */
export type Comparison =
  | { readonly type: 'employment'; readonly employmentType: 'stable' | 'self_employed'; readonly reason: 'hired' | 'self_employed' }
  | { readonly type: 'deregister'; readonly reason: DeregistrationReason; readonly eventField: string; readonly endField?: string }
  | { readonly type: 'discovery'; readonly mark: Mark }
  | { readonly type: 'employers' };

export interface DatasetSpec {
  readonly kind: DatasetKind;
  readonly zh: string;
  readonly en: string;
  /** Typical source department. */
  readonly partnerZh: string;
  readonly fields: readonly FieldSpec[];
  readonly comparison: Comparison;
  /** The clauses that ask for this comparison. */
  readonly source: string;
}

const f = (key: string, zh: string, en: string, type: FieldType, required: boolean, aliases: string[] = []): FieldSpec => ({ key, zh, en, type, required, aliases });

const ID = f('id_number', '公民身份号码', 'ID number', 'id', true, ['身份证号码', '身份证号', '证件号码', '社会保障号码', '身份证件号码', 'idNumber', 'sfzh']);
const NAME = f('name', '姓名', 'name', 'text', true, ['人员姓名', '参保人姓名', 'xm']);
const DIVISION = f('division_code', '所在区划代码', 'division code', 'division', false, ['区划代码', '行政区划代码', '户籍区划代码', '社区代码']);
const SINCE = f('since', '认定日期', 'since', 'date', false, ['起始日期', '享受日期', '纳入日期', '开始日期']);

export const DATASETS: Readonly<Record<DatasetKind, DatasetSpec>> = {
  social_insurance: {
    kind: 'social_insurance',
    zh: '社保参保缴费',
    en: 'social-insurance contributions',
    partnerZh: '社会保险经办机构',
    fields: [ID, NAME, f('employer_name', '单位名称', 'employer name', 'text', false, ['参保单位名称', '参保单位']), f('employer_credit_code', '统一社会信用代码', 'employer credit code', 'text', false, ['单位统一社会信用代码', '信用代码']), f('month', '缴费年月', 'contribution month', 'month', true, ['费款所属期', '所属期', '缴费月份']), f('base', '缴费基数', 'contribution base', 'amount', false)],
    comparison: { type: 'employment', employmentType: 'stable', reason: 'hired' },
    source: 'NM24 三; XC23 三(四)',
  },
  business_registration: {
    kind: 'business_registration',
    zh: '市场监管登记',
    en: 'business registrations',
    partnerZh: '市场监督管理部门',
    fields: [ID, NAME, f('business_name', '主体名称', 'business name', 'text', true, ['企业名称', '个体工商户名称', '字号名称']), f('credit_code', '统一社会信用代码', 'credit code', 'text', true, ['注册号', '信用代码']), f('established_on', '成立日期', 'established on', 'date', true, ['登记日期', '注册日期'])],
    comparison: { type: 'employment', employmentType: 'self_employed', reason: 'self_employed' },
    source: 'NM24 三; XC23 三(四)',
  },
  pension: {
    kind: 'pension',
    zh: '养老待遇领取',
    en: 'pension recipients',
    partnerZh: '社会保险经办机构',
    fields: [ID, NAME, f('pension_since', '待遇开始日期', 'pension since', 'date', true, ['领取开始日期', '退休日期', '待遇享受开始年月'])],
    comparison: { type: 'deregister', reason: 'pension', eventField: 'pension_since' },
    source: 'NM24 三; XC23 三(四)',
  },
  death: {
    kind: 'death',
    zh: '死亡',
    en: 'deaths',
    partnerZh: '卫生健康、公安、民政（殡葬）部门',
    fields: [ID, NAME, f('died_on', '死亡日期', 'date of death', 'date', true, ['死亡时间'])],
    comparison: { type: 'deregister', reason: 'deceased', eventField: 'died_on' },
    source: 'NM24 三; XC23 三(四)',
  },
  school_enrolment: {
    kind: 'school_enrolment',
    zh: '入学',
    en: 'school enrolment',
    partnerZh: '教育部门',
    fields: [ID, NAME, f('school', '学校名称', 'school', 'text', true, ['学校', '院校名称']), f('enrolled_on', '入学日期', 'enrolled on', 'date', true, ['入学时间']), f('graduation_on', '预计毕业日期', 'expected graduation', 'date', false, ['毕业日期', '离校日期'])],
    comparison: { type: 'deregister', reason: 'enrolled', eventField: 'enrolled_on', endField: 'graduation_on' },
    source: 'NM24 三; XC23 三(四)',
  },
  low_income: {
    kind: 'low_income',
    zh: '低收入人口',
    en: 'low-income population',
    partnerZh: '民政部门',
    fields: [ID, NAME, DIVISION, SINCE],
    comparison: { type: 'discovery', mark: 'low_income' },
    source: 'NM24 一(三); CQ25 一',
  },
  dibao: {
    kind: 'dibao',
    zh: '低保',
    en: 'minimum living allowance (dibao)',
    partnerZh: '民政部门',
    fields: [ID, NAME, DIVISION, SINCE],
    comparison: { type: 'discovery', mark: 'dibao' },
    source: 'NM24 一(三); CQ25 一; NM22 三(七)',
  },
  disability: {
    kind: 'disability',
    zh: '持证残疾人',
    en: 'certified disabled',
    partnerZh: '残疾人联合会',
    fields: [ID, NAME, DIVISION, f('disability_grade', '残疾等级', 'disability grade', 'grade', false, ['等级']), SINCE],
    comparison: { type: 'discovery', mark: 'disabled' },
    source: 'NM24 一(三); CQ25 一',
  },
  social_assistance: {
    kind: 'social_assistance',
    zh: '社会救助',
    en: 'social-assistance recipients',
    partnerZh: '民政部门',
    fields: [ID, NAME, DIVISION, f('assistance_type', '救助类型', 'assistance type', 'text', false, ['救助项目']), SINCE],
    comparison: { type: 'discovery', mark: 'social_assistance' },
    source: 'NM24 一(三); CQ25 一',
  },
  tax_disability_fee: {
    kind: 'tax_disability_fee',
    zh: '缴纳残保金单位',
    en: 'employers paying the disability-employment fee',
    partnerZh: '税务部门',
    fields: [f('employer_name', '单位名称', 'employer name', 'text', true, ['缴费单位名称', '纳税人名称']), f('employer_credit_code', '统一社会信用代码', 'employer credit code', 'text', true, ['纳税人识别号', '信用代码']), f('division_code', '所在区划代码', 'division code', 'division', true, ['区划代码', '行政区划代码']), f('year', '所属年度', 'year', 'year', true, ['年度']), f('amount', '缴纳金额', 'amount', 'amount', true, ['残保金金额', '金额'])],
    comparison: { type: 'employers' },
    source: 'R7.1 (CQ25 五)',
  },
  imprisonment: {
    kind: 'imprisonment',
    zh: '服刑',
    en: 'imprisonment',
    partnerZh: '司法行政部门',
    fields: [ID, NAME, f('from_on', '服刑开始日期', 'imprisoned from', 'date', true, ['入监日期', '收监日期']), f('until_on', '刑满日期', 'released on', 'date', false, ['刑满释放日期', '出监日期'])],
    comparison: { type: 'deregister', reason: 'imprisoned', eventField: 'from_on', endField: 'until_on' },
    source: 'NM24 三; XC23 三(四)',
  },
  military: {
    kind: 'military',
    zh: '入伍',
    en: 'military service',
    partnerZh: '退役军人事务、兵役机关',
    fields: [ID, NAME, f('enlisted_on', '入伍日期', 'enlisted on', 'date', true, ['入伍时间']), f('discharged_on', '退役日期', 'discharged on', 'date', false, ['退伍日期'])],
    comparison: { type: 'deregister', reason: 'military', eventField: 'enlisted_on', endField: 'discharged_on' },
    source: 'NM24 三; XC23 三(四)',
  },
};

function norm(h: string): string {
  return h.normalize('NFKC').replace(/[\s_\-（）()*＊]/gu, '').toLowerCase();
}

/**
 * Maps file headers to canonical fields: a saved mapping first (field → header), then the field's key, Chinese and
 * English names and aliases. Returns the mapping and the required fields that found no column.
 */
export function mapHeaders(kind: DatasetKind, headers: readonly string[], saved: Readonly<Record<string, string>> = {}): { mapping: Record<string, string>; missing: FieldSpec[] } {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(norm(h))) byNorm.set(norm(h), h);
  const mapping: Record<string, string> = {};
  const missing: FieldSpec[] = [];
  for (const field of DATASETS[kind].fields) {
    const savedHeader = saved[field.key];
    const candidates = [...(savedHeader ? [savedHeader] : []), field.key, field.zh, field.en, ...field.aliases];
    const hit = candidates.map((c) => byNorm.get(norm(c))).find((h) => h !== undefined);
    if (hit !== undefined) mapping[field.key] = hit;
    else if (field.required) missing.push(field);
  }
  return { mapping, missing };
}
