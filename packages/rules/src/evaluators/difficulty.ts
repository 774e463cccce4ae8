/**
 * Employment-difficulty criteria (就业困难人员认定, R5.1) and zero-employment household detection (R1.4).
 * Criteria are pack data (structured predicates); each category is met / not met / unknown, and unknown ones name
 * the missing facts — the evaluator never guesses.
 */
import { formatIsoDate, type CivilDate } from '../core/date.ts';
import type { Explanation } from '../core/explain.ts';
import { assessRetirement, type RetirementCategory } from '../retirement/index.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { EmploymentStatus, LaborCapacity } from '../packs/codes.ts';
import { describePredicate, evaluatePredicate, explain, type PredicateFacts, type Tri } from './common.ts';

export interface DifficultyCategory {
  id: string;
  nameZh: string;
  nameEn: string;
  met: Tri;
  source: string;
  missingFacts: string[];
}

export interface DifficultyDecision {
  /** Meets at least one category and is registered unemployed. */
  eligible: Tri;
  /** Already recognised (mark `difficulty`). */
  recognised: boolean | null;
  registeredUnemployed: Tri;
  categories: DifficultyCategory[];
  missingFacts: string[];
  explanations: Explanation[];
}

export function evaluateDifficulty(facts: PredicateFacts, pack: ResolvedPack): DifficultyDecision {
  const categories: DifficultyCategory[] = [];
  const explanations: Explanation[] = [];
  for (const [id, c] of Object.entries(pack.params.difficulty)) {
    const r = evaluatePredicate(c.when, facts);
    categories.push({ id, nameZh: c.nameZh, nameEn: c.nameEn, met: r.value, source: `${c.source.doc} ${c.source.clause}`, missingFacts: r.missing });
    explanations.push(
      explain(
        pack,
        `difficulty.${id}`,
        `difficulty.${id}`,
        c,
        `${c.nameZh}〔${describePredicate(c.when)}〕：${r.value === 'unknown' ? `缺少 ${r.missing.join('、')}` : r.value ? '符合' : '不符合'}${r.irrelevant?.length ? `（未记录 ${r.irrelevant.join('、')}，但其每一种可能取值结论相同）` : ''}`,
        `${c.nameEn}: ${r.value === 'unknown' ? `missing ${r.missing.join(', ')}` : r.value ? 'met' : 'not met'}${r.irrelevant?.length ? ` (${r.irrelevant.join(', ')} not recorded, but every possible value gives the same answer)` : ''}`,
        r.used,
      ),
    );
  }
  const registeredUnemployed: Tri = facts.registrationKind === undefined ? 'unknown' : facts.registrationKind === 'unemployment';
  const anyMet = categories.some((c) => c.met === true);
  const anyUnknown = categories.some((c) => c.met === 'unknown');
  const byCategory: Tri = anyMet ? true : anyUnknown ? 'unknown' : false;
  const eligible: Tri = byCategory === false || registeredUnemployed === false ? false : byCategory === true && registeredUnemployed === true ? true : 'unknown';
  const missing = new Set<string>();
  if (!anyMet) for (const c of categories) for (const m of c.missingFacts) missing.add(m);
  if (registeredUnemployed === 'unknown') missing.add('registration.kind');
  explanations.push({
    rule: 'difficulty.definition',
    source: '人社部发〔2024〕84号 就业困难人员定义',
    pack: `${pack.id}@${pack.version}`,
    text: `就业困难人员须为登记失业人员（${registeredUnemployed === 'unknown' ? '未知' : registeredUnemployed ? '是' : '否'}）并符合本地认定范围之一（${categories.filter((c) => c.met === true).map((c) => c.nameZh).join('、') || '无'}）`,
    textEn: `a difficulty person must be registered unemployed (${String(registeredUnemployed)}) and meet one local category (${categories.filter((c) => c.met === true).map((c) => c.id).join(', ') || 'none'})`,
    numbers: { eligible: String(eligible) },
  });
  return { eligible, recognised: facts.marks ? facts.marks.has('difficulty') : null, registeredUnemployed, categories, missingFacts: [...missing], explanations };
}

// ---------------------------------------------------------------------------------------------------------------

export interface HouseholdMember {
  ref?: string | undefined;
  sex: 'male' | 'female';
  birthDate: string;
  retirementCategory?: RetirementCategory | undefined;
  pensionSince?: string | undefined;
  employmentStatus?: EmploymentStatus | undefined;
  laborCapacity?: LaborCapacity | undefined;
  registeredUnemployed?: boolean | undefined;
}

export interface HouseholdFacts {
  members: readonly HouseholdMember[];
  urban?: boolean | undefined;
  businessOrInvestmentIncome?: boolean | undefined;
}

export interface HouseholdMemberDecision {
  ref: string;
  /** In working age (16 up to statutory retirement / pension) with labour capacity, not a student or in service. */
  counted: Tri;
  unemployed: Tri;
}

export interface HouseholdDecision {
  zeroEmployment: Tri;
  members: HouseholdMemberDecision[];
  workingAgeMembers: number;
  missingFacts: string[];
  explanations: Explanation[];
}

/**
 * Zero-employment household (MOH 二(二); 内人社办发〔2020〕58号 in Inner Mongolia): every working-age member with
 * labour capacity is unemployed (registered, if the pack says so). Students, conscripts and members without labour
 * capacity are not counted as labour force; a household with nobody counted is not a zero-employment household.
 */
export function evaluateHousehold(h: HouseholdFacts, pack: ResolvedPack, asOf: CivilDate): HouseholdDecision {
  const p = pack.params.zeroEmployment;
  const asOfIso = formatIsoDate(asOf);
  const missing = new Set<string>();
  const members: HouseholdMemberDecision[] = h.members.map((m, i) => {
    const field = `household.members[${i}]`;
    const ret = assessRetirement(
      { sex: m.sex, birthDate: m.birthDate, ...(m.retirementCategory ? { retirementCategory: m.retirementCategory } : {}), ...(m.pensionSince ? { pensionSince: m.pensionSince } : {}) },
      asOfIso,
    );
    let counted: Tri;
    if (ret.ageOnAsOf.years < 16 || ret.reachedOnAsOf === true) counted = false;
    else if (m.employmentStatus === 'student' || m.employmentStatus === 'military' || m.employmentStatus === 'retired' || m.employmentStatus === 'unable' || m.laborCapacity === 'none') counted = false;
    else counted = ret.reachedOnAsOf === 'unknown' ? 'unknown' : true;
    let unemployed: Tri;
    const missingRegistered = m.employmentStatus === 'unemployed' && p.requireRegisteredUnemployed.value && m.registeredUnemployed === undefined;
    if (m.employmentStatus === undefined || missingRegistered) unemployed = 'unknown';
    else if (m.employmentStatus !== 'unemployed') unemployed = false;
    else unemployed = p.requireRegisteredUnemployed.value ? m.registeredUnemployed === true : true;
    // Name only the facts that could change the answer.
    if (counted !== false && unemployed === 'unknown') missing.add(m.employmentStatus === undefined ? `${field}.employmentStatus` : `${field}.registeredUnemployed`);
    if (counted === 'unknown' && unemployed !== true) missing.add(`${field}.retirementCategory`);
    return { ref: m.ref ?? String(i), counted, unemployed };
  });
  const parts: Tri[] = [];
  parts.push(h.members.length >= p.minMembers.value);
  if (p.requireUrban.value) {
    if (h.urban === undefined) missing.add('household.urban');
    parts.push(h.urban ?? 'unknown');
  }
  if (p.requireNoBusinessIncome.value) {
    if (h.businessOrInvestmentIncome === undefined) missing.add('household.businessOrInvestmentIncome');
    parts.push(h.businessOrInvestmentIncome === undefined ? 'unknown' : !h.businessOrInvestmentIncome);
  }
  // Every counted member unemployed: one counted-and-employed member decides false; a member whose working-age
  // status is unknown matters only if not unemployed.
  const relevant = members.filter((m) => m.counted !== false);
  let allUnemployed: Tri;
  if (relevant.some((m) => m.counted === true && m.unemployed === false) || relevant.length === 0) allUnemployed = false;
  else if (relevant.every((m) => m.unemployed === true) && relevant.some((m) => m.counted === true)) allUnemployed = true;
  else allUnemployed = 'unknown';
  parts.push(allUnemployed);
  const zeroEmployment: Tri = parts.includes(false) ? false : parts.includes('unknown') ? 'unknown' : true;
  const workingAgeMembers = members.filter((m) => m.counted === true).length;
  const explanations = [
    explain(
      pack,
      'household.zero-employment',
      'zeroEmployment.minMembers',
      p.minMembers,
      `零就业家庭：家庭成员 ${h.members.length} 人（至少 ${p.minMembers.value} 人），法定劳动年龄内有劳动能力成员 ${workingAgeMembers} 人，${p.requireRegisteredUnemployed.value ? '均须为登记失业' : '均处于失业状态'}${p.requireNoBusinessIncome.value ? '，且无经营性、投资性收入' : ''}${p.requireUrban.value ? '，城市居民家庭' : ''}：${zeroEmployment === 'unknown' ? '资料不全' : zeroEmployment ? '是' : '否'}`,
      `zero-employment household: ${h.members.length} members (min ${p.minMembers.value}), ${workingAgeMembers} working-age with capacity, all ${p.requireRegisteredUnemployed.value ? 'registered ' : ''}unemployed: ${String(zeroEmployment)}`,
      { members: h.members.length, workingAgeMembers, zeroEmployment: String(zeroEmployment) },
    ),
  ];
  return { zeroEmployment, members, workingAgeMembers, missingFacts: zeroEmployment === true ? [] : [...missing], explanations };
}
