/**
 * Registration eligibility (R2.1–R2.4): unemployment registration, job-seeking registration instead, or refusal;
 * decision and first-contact deadlines in working days (人社厅发〔2020〕79号).
 */
import { compareDates, formatIsoDate, type CivilDate, type IsoDate } from '../core/date.ts';
import { RuleInputError } from '../core/errors.ts';
import type { Explanation } from '../core/explain.ts';
import type { WorkCalendar } from '../calendar/index.ts';
import { assessRetirement, RETIREMENT_SCHEDULES, type RetirementAssessment, type RetirementCategory } from '../retirement/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { EMPLOYMENT_STATUSES, LABOR_CAPACITIES, PLACE_BASES, type EmploymentStatus, type LaborCapacity, type PlaceBasis } from '../packs/codes.ts';
import { explain, packRef, type Tri } from './common.ts';
import { booleanOptions, codeOptions, decideOverMissing, missingDidNotMatter, type FactOption, type MissingFact } from './unknown-facts.ts';

export interface RegistrationFacts {
  ageYears?: number | undefined;
  /**
   * Birth date. With it, a missing sex (no `retirement`) or a woman's unrecorded original retirement age is tried
   * with every retirement category, so the answer is decided whenever they all agree (e.g. at 16 no retirement age
   * can apply).
   */
  birthDate?: CivilDate | undefined;
  retirement?: RetirementAssessment | undefined;
  pensionSince?: CivilDate | undefined;
  laborCapacity?: LaborCapacity | undefined;
  wantsWork?: boolean | undefined;
  employmentStatus?: EmploymentStatus | undefined;
  placeBasis?: PlaceBasis | undefined;
  /** Day the application was made (default: registeredOn). */
  appliedOn?: CivilDate | undefined;
  registeredOn?: CivilDate | undefined;
  /** Earliest contact or service on or after registeredOn, to check the first-contact deadline. */
  firstContactOn?: CivilDate | undefined;
}

export type RegistrationReasonCode = 'age_min' | 'age_max' | 'pension' | 'labor_capacity' | 'wants_work' | 'status' | 'place_basis';

export interface RegistrationReason {
  code: RegistrationReasonCode;
  met: Tri;
  source: string;
  textZh: string;
  textEn: string;
}

export interface RegistrationDecision {
  /** Eligible for unemployment registration. */
  eligible: Tri;
  /** What to register: unemployment, job seeking instead (R2.4), refusal, or undetermined (facts missing). */
  kind: 'unemployment' | 'job_seeking' | 'refused' | 'undetermined';
  reasons: RegistrationReason[];
  missingFacts: string[];
  decisionDeadline: IsoDate | null;
  firstContactDeadline: IsoDate | null;
  /** Whether a contact or service happened by the first-contact deadline; null while the deadline is pending. */
  firstContactMet: boolean | null;
  warnings: string[];
  explanations: Explanation[];
}

/** The registration conditions one by one, three-valued; `missing` names the input field of each unknown one. */
function judge(f: RegistrationFacts, pack: ResolvedPack, asOf: CivilDate): { reasons: RegistrationReason[]; missing: string[] } {
  const p = pack.params.registration;
  const reasons: RegistrationReason[] = [];
  const missing: string[] = [];
  const src = (x: { source: { doc: string; clause: string } }) => `${x.source.doc} ${x.source.clause}`;
  const add = (code: RegistrationReasonCode, met: Tri, source: string, zh: string, en: string, field?: string) => {
    reasons.push({ code, met, source, textZh: zh, textEn: en });
    if (met === 'unknown' && field) missing.push(field);
  };

  // Lower age bound.
  if (f.ageYears === undefined) add('age_min', 'unknown', src(p.minAge), '缺少出生日期，无法判断是否年满16周岁', 'birth date missing: cannot check the minimum age', 'person.birthDate');
  else add('age_min', f.ageYears >= p.minAge.value, src(p.minAge), `年龄 ${f.ageYears} 周岁，下限 ${p.minAge.value} 周岁（含）`, `age ${f.ageYears}, minimum ${p.minAge.value} (inclusive)`);

  // Upper bound: pension drawn, else statutory retirement.
  const pensionDrawn = f.pensionSince !== undefined && compareDates(f.pensionSince, asOf) <= 0;
  add('pension', !pensionDrawn, src(p.upperBound), pensionDrawn ? `已于 ${formatIsoDate(f.pensionSince!)} 起领取基本养老金` : '未记录领取基本养老金', pensionDrawn ? `draws the basic pension since ${formatIsoDate(f.pensionSince!)}` : 'no pension recorded');
  const r = f.retirement;
  if (!r) add('age_max', 'unknown', src(p.upperBound), '缺少性别或出生日期，无法计算法定退休年龄', 'sex or birth date missing: cannot compute statutory retirement', 'person.sex');
  else if (r.reachedOnAsOf === 'unknown') {
    add('age_max', 'unknown', src(p.upperBound), '女性原退休年龄（50或55岁）未记录，两种口径结论不同', "a woman's original retirement age (50 or 55) is not recorded and the two readings differ", 'person.retirementCategory');
  } else {
    const date = r.statutory?.date ?? r.candidates?.[0].date ?? null;
    add(
      'age_max',
      !r.reachedOnAsOf,
      src(p.upperBound),
      r.reachedOnAsOf ? `已达法定退休年龄（${date ?? ''}）` : `未达法定退休年龄（${date ?? ''}）`,
      r.reachedOnAsOf ? `statutory retirement reached (${date ?? ''})` : `below statutory retirement (${date ?? ''})`,
    );
  }
  if (f.laborCapacity === undefined) add('labor_capacity', 'unknown', 'NM24 一(一) / XC23 三(一)', '未记录劳动能力', 'labour capacity not recorded', 'person.laborCapacity');
  else add('labor_capacity', f.laborCapacity !== 'none', '人社厅发〔2020〕3号 失业登记条件', f.laborCapacity === 'none' ? '完全丧失劳动能力' : '有劳动能力', f.laborCapacity === 'none' ? 'no labour capacity' : 'able to work');
  if (f.wantsWork === undefined) add('wants_work', 'unknown', '人社厅发〔2020〕3号 失业登记条件', '未记录就业要求', 'wish to work not recorded', 'person.wantsWork');
  else add('wants_work', f.wantsWork, '人社厅发〔2020〕3号 失业登记条件', f.wantsWork ? '有就业要求' : '无就业要求', f.wantsWork ? 'wants work' : 'does not want work');
  if (f.employmentStatus === undefined) add('status', 'unknown', '人社厅发〔2020〕3号 失业登记条件', '未记录就业状态', 'employment status not recorded', 'person.employmentStatus');
  else add('status', f.employmentStatus === 'unemployed', '人社厅发〔2020〕3号 失业登记条件', `就业状态：${f.employmentStatus}`, `employment status: ${f.employmentStatus}`);
  if (f.placeBasis === undefined) add('place_basis', 'unknown', src(p.placeBases), '未记录登记地依据（常住地/户籍地/参保地/就业地）', 'place basis not recorded', 'registration.placeBasis');
  else {
    const ok = p.placeBases.value.includes(f.placeBasis);
    add('place_basis', ok, src(p.placeBases), ok ? `登记地依据 ${f.placeBasis}，可由本人选择，不得以户籍不在本地为由拒绝` : `登记地依据 ${f.placeBasis} 不在本规则包允许范围`, ok ? `place basis ${f.placeBasis}: the person's choice; hukou elsewhere is no reason to refuse` : `place basis ${f.placeBasis} not allowed by the pack`);
  }

  return { reasons, missing };
}

/** Eligibility and what to register, from the reasons. */
function conclude(reasons: readonly RegistrationReason[], pack: ResolvedPack): { eligible: Tri; kind: RegistrationDecision['kind'] } {
  const p = pack.params.registration;
  const get = (c: RegistrationReasonCode) => reasons.find((x) => x.code === c)!.met;
  const hard = [get('age_min'), get('labor_capacity'), get('wants_work')];
  const soft = [get('pension'), get('age_max'), get('status'), get('place_basis')];
  let eligible: Tri;
  if ([...hard, ...soft].includes(false)) eligible = false;
  else if ([...hard, ...soft].includes('unknown')) eligible = 'unknown';
  else eligible = true;
  let kind: RegistrationDecision['kind'];
  if (eligible === true) kind = 'unemployment';
  else if (hard.includes(false)) kind = 'refused';
  else if (eligible === false && hard.every((x) => x === true) && p.jobSeekingFallback.value) kind = 'job_seeking';
  else if (eligible === false && !p.jobSeekingFallback.value) kind = 'refused';
  else kind = 'undetermined';
  return { eligible, kind };
}

/** The retirement categories a person's record leaves open (all three without sex; 50/55 for a woman without one). */
function retirementOptions(f: RegistrationFacts, asOf: CivilDate): MissingFact<RegistrationFacts> | null {
  if (!f.birthDate) return null;
  let cats: RetirementCategory[];
  let field: string;
  if (!f.retirement) {
    cats = ['male', 'female55', 'female50'];
    field = 'person.sex';
  } else if (f.retirement.reachedOnAsOf === 'unknown') {
    cats = ['female55', 'female50'];
    field = 'person.retirementCategory';
  } else return null;
  const birthDate = formatIsoDate(f.birthDate);
  const pensionSince = f.pensionSince ? { pensionSince: formatIsoDate(f.pensionSince) } : {};
  const options: FactOption<RegistrationFacts>[] = [];
  for (const c of cats) {
    let retirement: RetirementAssessment;
    try {
      retirement = assessRetirement({ sex: c === 'male' ? 'male' : 'female', birthDate, retirementCategory: c, ...pensionSince }, formatIsoDate(asOf));
    } catch (e) {
      if (e instanceof RuleInputError) return null; // implausible input: keep the plain three-valued answer
      throw e;
    }
    const s = RETIREMENT_SCHEDULES[c];
    options.push({ value: c, labelZh: s.labelZh, labelEn: s.labelEn, apply: (x) => ({ ...x, retirement }) });
  }
  return { field, options };
}

export function evaluateRegistration(f: RegistrationFacts, pack: ResolvedPack, asOf: CivilDate, calendar: WorkCalendar): RegistrationDecision {
  const p = pack.params.registration;
  const explanations: Explanation[] = [];
  const { reasons, missing } = judge(f, pack, asOf);
  let { eligible, kind } = conclude(reasons, pack);
  let irrelevantExplanation: Explanation | undefined;
  if (kind === 'undetermined') {
    // Try every value of each missing fact with a finite set of values; decided when all agree.
    const dims: MissingFact<RegistrationFacts>[] = [];
    const ret = retirementOptions(f, asOf);
    if (ret) dims.push(ret);
    if (f.laborCapacity === undefined) dims.push({ field: 'person.laborCapacity', options: codeOptions(LABOR_CAPACITIES, (x, v) => ({ ...x, laborCapacity: v })) });
    if (f.wantsWork === undefined) dims.push({ field: 'person.wantsWork', options: booleanOptions((x, v) => ({ ...x, wantsWork: v })) });
    if (f.employmentStatus === undefined) dims.push({ field: 'person.employmentStatus', options: codeOptions(EMPLOYMENT_STATUSES, (x, v) => ({ ...x, employmentStatus: v })) });
    if (f.placeBasis === undefined) dims.push({ field: 'registration.placeBasis', options: codeOptions(PLACE_BASES, (x, v) => ({ ...x, placeBasis: v })) });
    const over = decideOverMissing(
      f,
      dims,
      (x) => {
        const j = judge(x, pack, asOf);
        return { ...conclude(j.reasons, pack), reasons: j.reasons };
      },
      (r) => (r.kind === 'undetermined' ? null : r.kind),
    );
    const tried = new Set(dims.map((d) => d.field));
    if (over.decided) {
      kind = over.outcome as RegistrationDecision['kind'];
      eligible = kind === 'unemployment';
      const fields = new Set(over.fields);
      missing.splice(0, missing.length, ...missing.filter((m) => !fields.has(m)));
      const KIND_ZH = { unemployment: '可办理失业登记', job_seeking: '办理求职登记', refused: '不予登记', undetermined: '无法判断' } as const;
      const why = (r: { reasons: RegistrationReason[] }) => {
        // The conditions that were unknown, as each value of the missing facts decides them.
        const changed = r.reasons.filter((x) => reasons.find((b) => b.code === x.code)?.met === 'unknown');
        return { zh: changed.map((x) => x.textZh).join('，'), en: changed.map((x) => x.textEn).join(', ') };
      };
      irrelevantExplanation = missingDidNotMatter({ rule: 'registration.eligibility', source: `${p.minAge.source.doc} ${p.minAge.source.clause}`, pack: packRef(pack) }, over, KIND_ZH[kind], kind, why);
    } else {
      // Name only the facts whose value changes the answer (plus those that cannot be enumerated, e.g. birth date).
      const relevant = new Set(over.relevant);
      missing.splice(0, missing.length, ...missing.filter((m) => !tried.has(m) || relevant.has(m)));
    }
  }

  explanations.push(
    explain(
      pack,
      'registration.eligibility',
      'registration.minAge',
      p.minAge,
      `失业登记条件：年满${p.minAge.value}周岁至依法享受基本养老保险待遇、有劳动能力、有就业要求、处于失业状态；${reasons.map((x) => `${x.textZh}（${x.met === 'unknown' ? '未知' : x.met ? '符合' : '不符合'}）`).join('；')}`,
      `unemployment registration: age ${p.minAge.value} up to the basic pension, able, wants work, unemployed; ${reasons.map((x) => `${x.textEn} (${x.met === 'unknown' ? 'unknown' : x.met ? 'met' : 'not met'})`).join('; ')}`,
      { eligible: String(eligible), kind },
    ),
  );
  if (irrelevantExplanation) explanations.push(irrelevantExplanation);
  if (kind === 'job_seeking') {
    explanations.push(
      explain(pack, 'registration.job-seeking-fallback', 'registration.jobSeekingFallback', p.jobSeekingFallback, '不符合失业登记条件但有求职培训需求，办理求职登记', 'not eligible for unemployment registration but seeking work or training: job-seeking registration', {}),
    );
  }

  let decisionDeadline: IsoDate | null = null;
  let firstContactDeadline: IsoDate | null = null;
  let firstContactMet: boolean | null = null;
  const warnings: string[] = [];
  const applied = f.appliedOn ?? f.registeredOn;
  if (!applied) missing.push('registration.registeredOn');
  const wd = (d: CivilDate, n: number, field: string): CivilDate | null => {
    try {
      return calendar.addWorkingDays(d, n, field);
    } catch (e) {
      if (e instanceof RuleInputError && e.code === 'calendar_unknown') {
        warnings.push(`${field}: ${e.messageEn}`);
        return null;
      }
      throw e;
    }
  };
  if (applied) {
    const d = wd(applied, p.decisionWorkingDays.value, f.appliedOn ? 'registration.appliedOn' : 'registration.registeredOn');
    decisionDeadline = d ? formatIsoDate(d) : null;
    explanations.push(
      explain(pack, 'registration.decision-deadline', 'registration.decisionWorkingDays', p.decisionWorkingDays, `${formatIsoDate(applied)} 申请，${p.decisionWorkingDays.value} 个工作日内办结：${decisionDeadline ?? '工作日历未覆盖'}`, `applied ${formatIsoDate(applied)}, decide within ${p.decisionWorkingDays.value} working days: ${decisionDeadline ?? 'calendar does not cover it'}`, { appliedOn: formatIsoDate(applied), workingDays: p.decisionWorkingDays.value, deadline: decisionDeadline, calendar: calendar.id }),
    );
  }
  if (f.registeredOn) {
    const d = wd(f.registeredOn, p.firstContactWorkingDays.value, 'registration.registeredOn');
    firstContactDeadline = d ? formatIsoDate(d) : null;
    if (d) {
      if (f.firstContactOn && compareDates(f.firstContactOn, d) <= 0) firstContactMet = true;
      else if (compareDates(asOf, d) > 0) firstContactMet = false;
    }
    explanations.push(
      explain(pack, 'registration.first-contact', 'registration.firstContactWorkingDays', p.firstContactWorkingDays, `登记后 ${p.firstContactWorkingDays.value} 个工作日内联系本人：期限 ${firstContactDeadline ?? '工作日历未覆盖'}，${firstContactMet === null ? '尚未到期或未知' : firstContactMet ? '已按时联系' : '逾期未联系'}`, `contact within ${p.firstContactWorkingDays.value} working days of registration: due ${firstContactDeadline ?? 'n/a'}, ${firstContactMet === null ? 'pending' : firstContactMet ? 'met' : 'missed'}`, { registeredOn: formatIsoDate(f.registeredOn), deadline: firstContactDeadline, firstContactOn: f.firstContactOn ? formatIsoDate(f.firstContactOn) : null }),
    );
  }
  return { eligible, kind, reasons, missingFacts: [...new Set(missing)], decisionDeadline, firstContactDeadline, firstContactMet, warnings, explanations };
}
