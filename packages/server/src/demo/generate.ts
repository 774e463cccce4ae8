/**
 * Deterministic synthetic population for the demo (no IO, no clock: `asOf` and `seed` are parameters).
 *
 * People live in households in the communities/villages of the three detailed slices (新城区, 魏都区, 渝中区).
 * Every fact is drawn so that the rule evaluators meet plausible cases: resident ID numbers are valid (GB 11643-1999
 * check character, address code = county of residence, birth date and sex digit matching the person), ages are
 * consistent with employment status and statutory retirement (2024-09-13 gradual reform, via @bangfu/rules),
 * every unemployed working-age person has an active unemployment registration, and marks follow their definitions
 * (CODES.md; zero-employment family per MOH 二(二): every working-age member of the urban household unemployed).
 * The four clears (NM24 一(二)) are filled like a district mid-campaign: most registered unemployed fully gathered
 * within the staleness period, some stale or incomplete, most other residents counted (headcount) only.
 *
 * The generator streams: it yields batches and keeps only O(divisions + distinct birth dates) state, so a million
 * persons need bounded memory. ID numbers are unique by construction: the sequence digits are a permutation of a
 * counter kept per (county, birth date, sex).
 */
import {
  addCalendarMonths,
  formatIsoDate,
  fromEpochDay,
  parseIsoDate,
  residentIdCheckChar,
  statutoryRetirement,
  toEpochDay,
  type CivilDate,
  type EmploymentStatus,
  type Intention,
  type LaborCapacity,
  type Mark,
  type PlaceBasis,
  type RetirementCategory,
  type ServiceType,
} from '@bangfu/rules';
import type { Clear, FactSource } from '../contract/persons.ts';
import { DivisionTree, DEMO_SLICE_COUNTIES, type DemoDivision } from './divisions.ts';
import { NAME_POOLS, SURNAMES, type NameParts } from './names.ts';
import { Rng, WeightedPicker } from './prng.ts';

export type Sex = 'male' | 'female';
export type Relationship = 'head' | 'spouse' | 'child' | 'parent';

/**
 * Education codes (文化程度), in ascending order. CODES.md has no list yet; these follow the categories of the
 * employment registration form (未上学 / 小学 / 初中 / 高中 / 中专·技校·职高 / 大专 / 本科 / 研究生).
 */
export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'secondary_vocational',
  'junior_college',
  'bachelor',
  'postgraduate',
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

/** How a mark or fact was learned: the person-file slice's sources (REQUIREMENTS R1.2). */
export type MarkSource = FactSource;

export interface DemoMark {
  readonly mark: Mark;
  readonly since: string;
  readonly source: MarkSource;
}

/** When and how one of the four clears (四清) was last gathered; `by` is null: loaded, not entered by a user. */
export interface DemoClearFact {
  readonly on: string;
  readonly source: FactSource;
  readonly by: null;
}
export type DemoClears = Partial<Record<Clear, DemoClearFact>>;

export interface DemoSkill {
  readonly name: string;
  readonly level?: string;
}

export interface DemoRegistration {
  readonly id: string;
  readonly kind: 'unemployment';
  readonly state: 'active';
  /** Division code of the registering jurisdiction + a 6-digit serial within it. */
  readonly registrationNo: string;
  readonly registeredOn: string;
  readonly placeBasis: PlaceBasis;
  /** The residence village/community: registrations are scoped like the person. */
  readonly jurisdictionCode: string;
}

export interface DemoPerson {
  readonly id: string;
  readonly householdId: string;
  readonly relationship: Relationship;
  readonly jurisdictionCode: string;
  readonly hukouCode: string;
  readonly address: string;
  readonly surname: string;
  readonly givenName: string;
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: string;
  readonly idNumber: string;
  readonly phone: string | null;
  readonly education: Education;
  readonly employmentStatus: EmploymentStatus;
  readonly laborCapacity: LaborCapacity;
  readonly intention: Intention | null;
  /** `male` for men; female50/female55 for women, or null when the file does not record it. */
  readonly retirementCategory: RetirementCategory | null;
  readonly disabilityGrade: 1 | 2 | 3 | 4 | null;
  readonly marks: readonly DemoMark[];
  readonly registration: DemoRegistration | null;
  /** Skills on file (the "skills" clear); empty when not gathered or none. */
  readonly skills: readonly DemoSkill[];
  /** Service needs on file (the "service needs" clear). */
  readonly serviceNeeds: readonly ServiceType[];
  /** The four clears: which facts were gathered, when and how (see `gatheredFacts`). */
  readonly clears: DemoClears;
}

export interface DemoHousehold {
  readonly id: string;
  readonly jurisdictionCode: string;
  readonly address: string;
  readonly urban: boolean;
  readonly members: readonly DemoPerson[];
}

export interface DemoBatch {
  /** Households whose first member (the head) is in this batch. */
  readonly households: readonly DemoHousehold[];
  /** Exactly `batchSize` persons (the last batch: the rest), in generation order; a household may straddle two. */
  readonly persons: readonly DemoPerson[];
}

export interface GenerateOptions {
  readonly persons: number;
  readonly seed: number;
  /** The "today" of the data set (YYYY-MM-DD): ages, registrations and marks are relative to it. */
  readonly asOf: string;
  readonly divisions: readonly DemoDivision[];
  /** Villages that get the first households, so that the demo accounts there always see people. */
  readonly anchorVillages?: readonly string[];
  /** Persons per yielded batch (exact, so progress can be reported at round numbers); default 5000. */
  readonly batchSize?: number;
}

/** Share of the population per slice county. */
const COUNTY_SHARE: Readonly<Record<string, number>> = { '150102000000': 0.45, '411002000000': 0.3, '500103000000': 0.25 };
/** Villages given extra weight: the demo caseworkers' communities (公主府, 赛马场). */
const FAVOURED_VILLAGES: ReadonlySet<string> = new Set(['150102001001', '150102001002']);

const ROADS = ['建设路', '团结路', '光明街', '人民路', '解放路', '新华街', '胜利路', '和平街', '文化路', '幸福路', '民主路', '兴安路', '滨河路', '育才巷', '东风巷', '南环路'];
const GROUPS = ['一组', '二组', '三组', '四组', '五组', '六组'];
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187',
  '188', '189', '191', '198', '199',
];

const SURNAME_PICKER = WeightedPicker.of(SURNAMES);
const SIZE_PICKER = WeightedPicker.of<number>([[1, 15], [2, 27], [3, 30], [4, 18], [5, 10]]);
const GRADE_PICKER = WeightedPicker.of<1 | 2 | 3 | 4>([[1, 10], [2, 20], [3, 35], [4, 35]]);
const INTENTION_PICKER = WeightedPicker.of<Intention>([['employment', 50], ['training', 20], ['entrepreneurship', 10], ['unclear', 12], ['other', 8]]);
const PLACE_PICKER = WeightedPicker.of<PlaceBasis>([['residence', 80], ['hukou', 8], ['insured', 7], ['employment', 5]]);
const FEMALE_CATEGORY_PICKER = WeightedPicker.of<RetirementCategory>([['female50', 72], ['female55', 28]]);

// How marks and the four clears were learned: 入户走访、电话联系、数据比对 (NM24 一(二)), 发送短信 (NM22 三(一)),
// and the person's own report. Visits dominate; follow-ups by phone are common; registers shared by other
// departments arrive by data comparison.
const MIGRANT_SOURCE = WeightedPicker.of<FactSource>([['visit', 65], ['phone', 25], ['self_report', 10]]);
const LAND_LOST_SOURCE = WeightedPicker.of<FactSource>([['visit', 75], ['data_comparison', 25]]);
const ZERO_EMPLOYMENT_SOURCE = WeightedPicker.of<FactSource>([['visit', 85], ['phone', 15]]);
/** Difficulty recognition: mostly on a caseworker's visit, some on the person's own application. */
const DIFFICULTY_SOURCE = WeightedPicker.of<FactSource>([['visit', 78], ['self_report', 14], ['phone', 8]]);
/** The full four-clears interview (at registration or on a later follow-up). */
const INTAKE_SOURCE = WeightedPicker.of<FactSource>([['visit', 62], ['phone', 26], ['self_report', 8], ['sms', 4]]);
/** Headcount alone: the periodic 摸底 by visit or phone, or residence confirmed against other registers. */
const HEADCOUNT_SOURCE = WeightedPicker.of<FactSource>([['visit', 50], ['phone', 27], ['data_comparison', 18], ['sms', 5]]);
const RECHECK_SOURCE = WeightedPicker.of<FactSource>([['phone', 70], ['visit', 20], ['sms', 10]]);

/**
 * "Recent" for the four clears: within the person-file slice's default staleness (180 days,
 * persons/four-clears.ts DEFAULT_STALE_AFTER_DAYS), with a few days' margin so a freshly loaded demo does not go stale
 * the week after. "Stale" facts are at least 181 days old.
 */
const FRESH_DAYS = 175;
const STALE_FROM_DAYS = 181;

/** Vocational skills as caseworkers record them (工种 + 职业技能等级). */
const SKILLS_URBAN = ['叉车', '电工', '焊工', '家政服务', '育婴员', '养老护理', '中式烹调', '中式面点', '汽车驾驶(C1)', '计算机操作', '电子商务', '美容美发', '保安', '仓储物流', '会计', '快递配送'];
const SKILLS_RURAL = ['农机操作', '设施农业', '畜牧养殖', '砌筑', '钢筋', '汽车驾驶(B2)', '电工', '焊工', '中式烹调', '缝纫'];
const SKILL_LEVELS = ['五级/初级工', '四级/中级工', '三级/高级工'];
const SKILL_COUNT = WeightedPicker.of<number>([[0, 35], [1, 45], [2, 20]]);
/** Service needs (CODES.md service types) that follow from each job-seeking intention. */
const NEEDS_BY_INTENTION: Readonly<Record<Intention, readonly ServiceType[]>> = {
  employment: ['job_recommendation', 'career_guidance', 'recruitment_event', 'job_search_skills', 'information_service'],
  training: ['training_recommendation', 'career_guidance', 'policy_service'],
  entrepreneurship: ['entrepreneurship_service', 'policy_service', 'business_service'],
  unclear: ['career_guidance', 'counselling', 'job_tasting', 'information_service'],
  other: ['policy_service', 'information_service'],
};
const NEEDS_WITHOUT_INTENTION: readonly ServiceType[] = ['information_service', 'policy_service', 'training_recommendation'];

type Cohort = 'young' | 'middle' | 'older';
const EDUCATION_BY_COHORT: Readonly<Record<Cohort, WeightedPicker<Education>>> = {
  young: WeightedPicker.of<Education>([['junior_secondary', 14], ['senior_secondary', 15], ['secondary_vocational', 12], ['junior_college', 26], ['bachelor', 28], ['postgraduate', 5]]),
  middle: WeightedPicker.of<Education>([['primary', 5], ['junior_secondary', 30], ['senior_secondary', 22], ['secondary_vocational', 10], ['junior_college', 17], ['bachelor', 14], ['postgraduate', 2]]),
  older: WeightedPicker.of<Education>([['none', 3], ['primary', 20], ['junior_secondary', 42], ['senior_secondary', 20], ['secondary_vocational', 6], ['junior_college', 6], ['bachelor', 3]]),
};
const STATUS_TEEN = WeightedPicker.of<EmploymentStatus>([['student', 85], ['unemployed', 6], ['flexible', 5], ['employed', 4]]);
const STATUS_YOUNG = WeightedPicker.of<EmploymentStatus>([['student', 50], ['employed', 20], ['flexible', 10], ['unemployed', 14], ['military', 3], ['other', 3]]);
const STATUS_GRADUATE = WeightedPicker.of<EmploymentStatus>([['student', 12], ['employed', 45], ['flexible', 13], ['unemployed', 25], ['military', 2], ['other', 3]]);
const STATUS_URBAN = WeightedPicker.of<EmploymentStatus>([['employed', 58], ['flexible', 14], ['self_employed', 9], ['unemployed', 14], ['other', 5]]);
const STATUS_RURAL = WeightedPicker.of<EmploymentStatus>([['employed', 36], ['flexible', 24], ['self_employed', 8], ['unemployed', 13], ['other', 19]]);
const STATUS_RETIRED = WeightedPicker.of<EmploymentStatus>([['retired', 85], ['flexible', 7], ['employed', 4], ['other', 4]]);

interface VillageInfo {
  readonly code: string;
  readonly county: string;
  readonly urban: boolean;
  /** Province … community, without 市辖区 and with the committee suffix dropped (公主府社区居委会 → 公主府社区). */
  readonly addressPrefix: string;
  readonly mongolianShare: number;
}

/** 公主府社区居委会 → 公主府社区, 毫沁营村委会 → 毫沁营村, 华一坡社区居民委员会 → 华一坡社区. */
export function villagePlaceName(name: string): string {
  return name.replace(/(居民委员会|居委会|工作站)$/u, '').replace(/村委会$/u, '村').replace(/村民委员会$/u, '村');
}

/** Whether a village-level unit is urban (社区/居委会) rather than rural (村/嘎查). */
export function isUrbanVillage(name: string): boolean {
  return !/(村委会|村民委员会|嘎查)$/u.test(name);
}

/** Full address prefix of a division: names from the province down, skipping 市辖区 (a statistical placeholder). */
export function divisionAddress(tree: DivisionTree, code: string): string {
  return tree
    .path(code)
    .filter((d) => d.name !== '市辖区')
    .map((d) => (d.level === 'village' ? villagePlaceName(d.name) : d.name))
    .join('');
}

/** Epoch day from an ISO date. */
function epochDay(iso: string): number {
  return toEpochDay(parseIsoDate(iso, 'asOf'));
}

/** ISO text of recent days, memoised: marks, registrations and the four clears format a few dates per person. */
const ISO_OF_DAY = new Map<number, string>();
function isoOfDay(day: number): string {
  let iso = ISO_OF_DAY.get(day);
  if (iso === undefined) {
    iso = formatIsoDate(fromEpochDay(day));
    // Bounded: 50 000 days is well over a century of dates.
    if (ISO_OF_DAY.size < 50_000) ISO_OF_DAY.set(day, iso);
  }
  return iso;
}

/**
 * A person whose four clears are filled in last (they depend on household-level marks). The fields are assigned
 * on the object itself: copying a million persons with a spread would cost seconds of a load.
 */
type DraftPerson = Omit<DemoPerson, 'skills' | 'serviceNeeds' | 'clears'> & { -readonly [K in 'skills' | 'serviceNeeds' | 'clears']: DemoPerson[K] };
const NO_SKILLS: readonly DemoSkill[] = Object.freeze([]);
const NO_NEEDS: readonly ServiceType[] = Object.freeze([]);
const NO_CLEARS: DemoClears = Object.freeze({});

interface Draft {
  relationship: Relationship;
  sex: Sex;
  age: number;
  surname: string;
}

export interface GeneratorState {
  /** Persons produced so far. */
  readonly produced: number;
}

/**
 * Streams the demo population in batches. Same options → same output, element for element.
 */
export function* generateDemo(options: GenerateOptions): Generator<DemoBatch, GeneratorState, undefined> {
  const total = options.persons;
  if (!Number.isInteger(total) || total < 0) throw new Error('persons 必须是非负整数 / persons must be a non-negative integer');
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize 必须是正整数 / batchSize must be a positive integer');
  const asOfCivil = parseIsoDate(options.asOf, 'asOf');
  const asOfDay = toEpochDay(asOfCivil);
  const rng = new Rng(options.seed);
  // Sources and the four clears come from a second stream, so adding them left every other fact (ids, names,
  // ID numbers, statuses) exactly as the main stream draws it for a seed.
  const aux = new Rng(options.seed ^ 0x4c1ea25);
  const tree = new DivisionTree(options.divisions);

  const villages: VillageInfo[] = [];
  const weights: number[] = [];
  for (const county of DEMO_SLICE_COUNTIES) {
    const list = tree.villagesOf(county);
    if (list.length === 0) throw new Error(`区划表中没有 ${county} 的社区/村 / the division list has no villages of ${county}`);
    const raw = list.map((v) => (v.name.includes('虚拟') ? 0.15 : 0.4 + rng.next() * 1.2) * (FAVOURED_VILLAGES.has(v.code) ? 3 : 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    list.forEach((v, i) => {
      villages.push({
        code: v.code,
        county,
        urban: isUrbanVillage(v.name),
        addressPrefix: divisionAddress(tree, v.code),
        mongolianShare: county.startsWith('15') ? 0.06 : 0,
      });
      weights.push(((raw[i] ?? 0) / sum) * (COUNTY_SHARE[county] ?? 0));
    });
  }
  const byCode = new Map(villages.map((v) => [v.code, v]));
  const villagePicker = new WeightedPicker(villages, weights);
  const anchors = (options.anchorVillages ?? []).map((code) => {
    const v = byCode.get(code);
    if (!v) throw new Error(`anchorVillages: ${code} 不是演示片区的社区/村 / ${code} is not a village of the demo slices`);
    return v;
  });
  // Rural hukou places for migrant workers living in town: villages of the same county, else other counties of
  // the same province (许昌/重庆 slices are all urban communities).
  const ruralByCounty = new Map<string, string[]>();
  for (const county of DEMO_SLICE_COUNTIES) {
    const rural = villages.filter((v) => v.county === county && !v.urban).map((v) => v.code);
    const fallback = options.divisions
      .filter((d) => d.level === 'county' && d.code.slice(0, 2) === county.slice(0, 2) && d.code !== county)
      .map((d) => d.code);
    ruralByCounty.set(county, rural.length > 0 ? rural : fallback.length > 0 ? fallback : [county]);
  }

  // Sequence counters per (county, birth day, sex) in a fixed typed array: 3 counties × 120 years × 2 sexes.
  const countyIndex = new Map<string, number>(DEMO_SLICE_COUNTIES.map((c, i) => [c, i]));
  const firstDay = asOfDay - 120 * 366;
  const daySpan = asOfDay - firstDay + 1;
  const idCounters = new Uint16Array(DEMO_SLICE_COUNTIES.length * daySpan * 2);
  // Statutory retirement date per (birth date, category), memoised: bounded by distinct birth dates × 3.
  const retirementDates = new Map<string, string>();
  const retirementDate = (birthDate: string, category: RetirementCategory): string => {
    const key = birthDate + category;
    let d = retirementDates.get(key);
    if (d === undefined) {
      d = statutoryRetirement(birthDate, category).date;
      retirementDates.set(key, d);
    }
    return d;
  };
  const registrationSerials = new Map<string, number>();
  let produced = 0;
  let householdIndex = 0;
  let households: DemoHousehold[] = [];
  let persons: DemoPerson[] = [];

  const birthFor = (age: number): { iso: string; civil: CivilDate; day: number } => {
    // Uniform over the year of birth that gives exactly `age` full years on asOf.
    const latest = toEpochDay(addCalendarMonths(asOfCivil, -12 * age));
    const earliest = toEpochDay(addCalendarMonths(asOfCivil, -12 * (age + 1))) + 1;
    const day = rng.int(earliest, latest);
    const civil = fromEpochDay(day);
    return { iso: formatIsoDate(civil), civil, day };
  };

  const idNumberFor = (county: string, birthIso: string, birthDay: number, sex: Sex): string | undefined => {
    const c = countyIndex.get(county) ?? 0;
    const slot = (c * daySpan + (birthDay - firstDay)) * 2 + (sex === 'male' ? 1 : 0);
    const k = idCounters[slot] ?? 0;
    // 499 is prime: (k·211 + offset) mod 499 visits every slot once for k < 499, so numbers never repeat.
    if (k >= 499) return undefined;
    idCounters[slot] = k + 1;
    const j = (k * 211 + ((slot * 7919) % 499)) % 499;
    const seq = sex === 'male' ? 2 * j + 1 : 2 * (j + 1);
    const first17 = county.slice(0, 6) + birthIso.slice(0, 4) + birthIso.slice(5, 7) + birthIso.slice(8, 10) + String(seq).padStart(3, '0');
    return first17 + residentIdCheckChar(first17);
  };

  const nameFor = (sex: Sex, surname: string, birthYear: number, mongolian: boolean): NameParts => {
    if (mongolian) return { surname: '', givenName: rng.pick(sex === 'male' ? NAME_POOLS.MONGOLIAN_MALE : NAME_POOLS.MONGOLIAN_FEMALE) };
    if (birthYear < 1972 && rng.chance(0.3)) return { surname, givenName: rng.pick(sex === 'male' ? NAME_POOLS.OLDER_MALE : NAME_POOLS.OLDER_FEMALE) };
    const pool = sex === 'male' ? NAME_POOLS.MALE_CHARS : NAME_POOLS.FEMALE_CHARS;
    const first = rng.chance(0.12) ? rng.pick(NAME_POOLS.SHARED_CHARS) : rng.pick(pool);
    if (rng.chance(0.3)) return { surname, givenName: rng.pick(pool) };
    let second = rng.pick(pool);
    if (second === first) second = rng.pick(pool);
    return { surname, givenName: first + second };
  };

  const phoneFor = (age: number): string | null => {
    if (!rng.chance(age >= 65 ? 0.8 : 0.96)) return null;
    return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
  };

  const addressFor = (v: VillageInfo): string => {
    if (!v.urban) return `${v.addressPrefix}${rng.pick(GROUPS)}${rng.int(1, 180)}号`;
    return `${v.addressPrefix}${rng.pick(ROADS)}${rng.int(1, 320)}号${rng.int(1, 28)}号楼${rng.int(1, 6)}单元${rng.int(1, 18)}0${rng.int(1, 4)}`;
  };

  /** A date uniformly between two epoch days (inclusive), as ISO. */
  const between = (from: number, to: number): string => isoOfDay(from > to ? to : rng.int(from, to));
  /** The same on the second stream, as an epoch day. */
  const auxDay = (from: number, to: number): number => (from > to ? to : aux.int(from, to));

  const skillsFor = (urban: boolean): DemoSkill[] => {
    const n = SKILL_COUNT.pick(aux);
    const pool = urban ? SKILLS_URBAN : SKILLS_RURAL;
    const out: DemoSkill[] = [];
    for (let i = 0; i < n; i++) {
      const name = aux.pick(pool);
      if (out.some((s) => s.name === name)) continue;
      out.push(aux.chance(0.45) ? { name, level: aux.pick(SKILL_LEVELS) } : { name });
    }
    return out;
  };

  const needsFor = (p: DraftPerson): ServiceType[] => {
    const needs = new Set<ServiceType>();
    if (p.intention === null) {
      if (aux.chance(0.6)) return [];
      needs.add(aux.pick(NEEDS_WITHOUT_INTENTION));
    } else {
      const list = NEEDS_BY_INTENTION[p.intention];
      // The intention's main service first, then up to two more of its kind.
      needs.add(aux.chance(0.7) ? (list[0] as ServiceType) : aux.pick(list));
      for (let extra = aux.int(0, 2); extra > 0; extra--) needs.add(aux.pick(list));
    }
    const has = (mark: Mark) => p.marks.some((m) => m.mark === mark);
    if (has('graduate_unemployed') && aux.chance(0.5)) needs.add('internship');
    if (has('difficulty') && aux.chance(0.4)) needs.add(aux.chance(0.5) ? 'public_welfare_post' : 'assistance_plan');
    if ((has('dibao') || has('zero_employment_family')) && aux.chance(0.2)) needs.add('referral_civil_affairs');
    return [...needs];
  };

  /**
   * The four clears of a person (NM24 一(二): 人员底数清、技能水平清、就业意愿清、服务需求清), drawn so that the
   * summary looks like a district mid-campaign:
   * - registered unemployed: mostly all four gathered within the staleness period (at registration or a later
   *   follow-up, never before registering); some whose last full interview is older than 180 days (stale, the
   *   headcount often re-confirmed by phone since); some still missing skills and/or service needs;
   * - everyone else: mostly headcount only (some of it stale), a few job-seekers with intention too, a handful
   *   served fully, and some not yet reached at all.
   */
  const gatheredFacts = (p: DraftPerson, workingAge: boolean, urban: boolean): Pick<DemoPerson, 'skills' | 'serviceNeeds' | 'clears'> => {
    const fact = (day: number, source: FactSource): DemoClearFact => ({ on: isoOfDay(day), source, by: null });
    const freshFrom = asOfDay - FRESH_DAYS;
    const staleTo = asOfDay - STALE_FROM_DAYS;
    let headcount: DemoClearFact | undefined;
    let skills: DemoClearFact | undefined;
    let intention: DemoClearFact | undefined;
    let serviceNeeds: DemoClearFact | undefined;
    const reg = p.registration;
    if (reg) {
      const regDay = epochDay(reg.registeredOn);
      const r = aux.next();
      const canBeStale = regDay <= staleTo;
      if (r < 0.7 || (!canBeStale && r < 0.85)) {
        const day = auxDay(Math.max(regDay, freshFrom), asOfDay);
        const interview = fact(day, INTAKE_SOURCE.pick(aux));
        headcount = skills = intention = serviceNeeds = interview;
        if (aux.chance(0.35)) headcount = fact(auxDay(day, asOfDay), RECHECK_SOURCE.pick(aux));
      } else if (r < 0.85) {
        const interview = fact(auxDay(Math.max(regDay, asOfDay - 540), staleTo), INTAKE_SOURCE.pick(aux));
        headcount = skills = intention = serviceNeeds = interview;
        if (aux.chance(0.5)) headcount = fact(auxDay(freshFrom, asOfDay), RECHECK_SOURCE.pick(aux));
      } else {
        const interview = fact(auxDay(Math.max(regDay, freshFrom), asOfDay), INTAKE_SOURCE.pick(aux));
        headcount = intention = interview;
        // Not yet asked: skills (40 %), service needs (35 %), or both (25 %).
        const missing = aux.next();
        if (missing >= 0.4 && missing < 0.75) skills = interview;
        if (missing < 0.4) serviceNeeds = interview;
      }
    } else {
      const r = aux.next();
      const reached = workingAge ? r < 0.92 : r < 0.88;
      if (reached) {
        const day = aux.chance(0.8) ? auxDay(freshFrom, asOfDay) : auxDay(asOfDay - 720, staleTo);
        headcount = fact(day, HEADCOUNT_SOURCE.pick(aux));
        const kind = aux.next();
        if (workingAge && kind < 0.04) {
          // Served in full (e.g. a flexible worker looking for steadier work).
          const interview = fact(auxDay(freshFrom, asOfDay), INTAKE_SOURCE.pick(aux));
          headcount = skills = intention = serviceNeeds = interview;
        } else if (workingAge && kind < 0.16) {
          intention = headcount;
          if (aux.chance(0.5)) skills = headcount;
        }
      }
    }
    const clears: Partial<Record<Clear, DemoClearFact>> = {};
    if (headcount) clears.headcount = headcount;
    if (skills) clears.skills = skills;
    if (intention) clears.intention = intention;
    if (serviceNeeds) clears.serviceNeeds = serviceNeeds;
    return { clears, skills: skills ? skillsFor(urban) : NO_SKILLS, serviceNeeds: serviceNeeds ? needsFor(p) : NO_NEEDS };
  };

  while (produced < total) {
    const village = householdIndex < anchors.length ? (anchors[householdIndex] as VillageInfo) : villagePicker.pick(rng);
    householdIndex++;
    const householdId = rng.uuid();
    const address = addressFor(village);
    const mongolian = village.mongolianShare > 0 && rng.chance(village.mongolianShare);
    const size = Math.min(SIZE_PICKER.pick(rng), total - produced);

    // Composition: head, then spouse, then children (≥ 16) or parents, as the head's age allows.
    const headSex: Sex = rng.chance(0.62) ? 'male' : 'female';
    // Triangular over the range (mean of two draws): mostly working age, fewer at the ends.
    const [lo, hi] = size === 1 ? [18, 72] : [23, 68];
    const headAge = Math.round((rng.int(lo, hi) + rng.int(lo, hi)) / 2);
    const familySurname = SURNAME_PICKER.pick(rng);
    const drafts: Draft[] = [{ relationship: 'head', sex: headSex, age: headAge, surname: familySurname }];
    let maleLine = headSex === 'male' ? familySurname : '';
    if (size >= 2) {
      const spouseSex: Sex = headSex === 'male' ? 'female' : 'male';
      const spouseAge = Math.max(20, Math.min(75, headAge + (spouseSex === 'female' ? -rng.int(0, 4) : rng.int(0, 4))));
      const spouseSurname = SURNAME_PICKER.pick(rng);
      if (spouseSex === 'male') maleLine = spouseSurname;
      drafts.push({ relationship: 'spouse', sex: spouseSex, age: spouseAge, surname: spouseSurname });
    }
    const childSurname = maleLine || familySurname;
    let parents = 0;
    while (drafts.length < size) {
      const canChild = headAge >= 38;
      const canParent = headAge <= 56 && parents < 2;
      if (!canChild && !canParent) break;
      if (canChild && (!canParent || rng.chance(0.6))) {
        const childAge = rng.int(16, Math.min(headAge - 22, 42));
        drafts.push({ relationship: 'child', sex: rng.chance(0.52) ? 'male' : 'female', age: childAge, surname: childSurname });
      } else {
        const parentSex: Sex = parents === 0 ? (rng.chance(0.5) ? 'male' : 'female') : drafts[drafts.length - 1]?.sex === 'male' ? 'female' : 'male';
        parents++;
        // The head's father carries the head's surname; a mother keeps her own.
        const surname = parentSex === 'male' ? familySurname : SURNAME_PICKER.pick(rng);
        drafts.push({ relationship: 'parent', sex: parentSex, age: Math.min(82, headAge + rng.int(22, 32)), surname });
      }
    }

    // Household-level circumstances.
    const dibao = rng.chance(village.urban ? 0.025 : 0.04);
    const lowIncome = !dibao && rng.chance(0.035);
    const povertyAlleviated = rng.chance(village.urban ? 0.008 : 0.1);
    const socialAssistance = rng.chance(0.01);
    const landLost = !village.urban && rng.chance(0.05);
    const forceZeroEmployment = village.urban && drafts.length >= 2 && rng.chance(0.015);
    const householdSince = (birthDay: number): string => between(Math.max(birthDay, asOfDay - 6 * 365), asOfDay - 30);

    const members: DemoPerson[] = [];
    // `marks` is the same array as `person.marks`, still open for the household-level marks added below.
    const facts: { person: DraftPerson; marks: DemoMark[]; workingAge: boolean; birthDay: number }[] = [];
    for (const d of drafts) {
      let birth = birthFor(d.age);
      let idNumber = idNumberFor(village.county, birth.iso, birth.day, d.sex);
      while (idNumber === undefined) {
        birth = birthFor(d.age);
        idNumber = idNumberFor(village.county, birth.iso, birth.day, d.sex);
      }
      const names = nameFor(d.sex, d.surname, birth.civil.year, mongolian);
      const trueCategory: RetirementCategory = d.sex === 'male' ? 'male' : FEMALE_CATEGORY_PICKER.pick(rng);
      const recordedCategory = d.sex === 'female' && rng.chance(0.1) ? null : trueCategory;
      const retired = d.age >= 45 && retirementDate(birth.iso, trueCategory) <= options.asOf;

      const disabilityGrade = rng.chance(0.02) ? GRADE_PICKER.pick(rng) : null;
      let laborCapacity: LaborCapacity = 'full';
      if (disabilityGrade !== null) {
        if (disabilityGrade <= 2) laborCapacity = rng.chance(0.4) ? 'none' : 'partial';
        else laborCapacity = rng.chance(0.5) ? 'partial' : 'full';
      }

      const cohort: Cohort = birth.civil.year >= 1990 ? 'young' : birth.civil.year >= 1975 ? 'middle' : 'older';
      const eduCohort: Cohort = village.urban ? cohort : cohort === 'young' ? 'middle' : 'older';
      let education = EDUCATION_BY_COHORT[eduCohort].pick(rng);

      let status: EmploymentStatus;
      if (retired) status = STATUS_RETIRED.pick(rng);
      else if (laborCapacity === 'none') status = 'unable';
      else if (d.age <= 18) status = STATUS_TEEN.pick(rng);
      else if (d.age <= 22) status = STATUS_YOUNG.pick(rng);
      else if (d.age <= 24) status = STATUS_GRADUATE.pick(rng);
      else status = (village.urban ? STATUS_URBAN : STATUS_RURAL).pick(rng);
      // Conscription (服兵役) in the demo: young men only.
      if (status === 'military' && d.sex === 'female') status = 'student';
      const workingAge = !retired && laborCapacity !== 'none' && status !== 'student' && status !== 'military';
      if (forceZeroEmployment && workingAge) status = 'unemployed';

      if (d.age <= 18 && status === 'student') education = rng.chance(0.8) ? 'senior_secondary' : 'secondary_vocational';
      else if (status === 'student') education = d.age >= 23 ? (rng.chance(0.6) ? 'bachelor' : 'postgraduate') : rng.chance(0.55) ? 'bachelor' : 'junior_college';
      else if (d.age < 22 && (education === 'bachelor' || education === 'postgraduate')) education = 'junior_college';

      const intention: Intention | null =
        status === 'unemployed' ? INTENTION_PICKER.pick(rng) : status === 'flexible' && rng.chance(0.3) ? 'employment' : null;

      // Migrant workers (农牧民工): rural hukou, working or looking for work.
      const laborForce = status === 'employed' || status === 'flexible' || status === 'unemployed' || status === 'self_employed';
      const migrant = laborForce && !retired && (village.urban ? rng.chance(0.05) : rng.chance(0.3));
      const hukouCode = migrant && village.urban ? rng.pick(ruralByCounty.get(village.county) ?? [village.code]) : village.code;

      const marks: DemoMark[] = [];
      const adult = birth.day + 16 * 365;
      if (disabilityGrade !== null) marks.push({ mark: 'disabled', since: between(Math.max(birth.day + 365, asOfDay - 20 * 365), asOfDay - 60), source: 'data_comparison' });
      if (d.age >= 22 && rng.chance(d.sex === 'male' ? 0.04 : 0.003)) {
        marks.push({ mark: 'veteran', since: between(birth.day + 20 * 365, Math.min(birth.day + 26 * 365, asOfDay - 30)), source: 'data_comparison' });
      }
      if (migrant) marks.push({ mark: 'migrant_worker', since: between(Math.max(adult, asOfDay - 10 * 365), asOfDay - 30), source: MIGRANT_SOURCE.pick(aux) });
      if (landLost && workingAge) marks.push({ mark: 'land_lost', since: householdSince(adult), source: LAND_LOST_SOURCE.pick(aux) });
      if (dibao) marks.push({ mark: 'dibao', since: householdSince(birth.day), source: 'data_comparison' });
      if (lowIncome) marks.push({ mark: 'low_income', since: householdSince(birth.day), source: 'data_comparison' });
      if (povertyAlleviated) marks.push({ mark: 'poverty_alleviated', since: between(Math.max(birth.day, asOfDay - 8 * 365), asOfDay - 5 * 365), source: 'data_comparison' });
      if (socialAssistance) marks.push({ mark: 'social_assistance', since: householdSince(birth.day), source: 'data_comparison' });
      if (status === 'unemployed' && d.age <= 26 && (education === 'junior_college' || education === 'bachelor' || education === 'postgraduate') && rng.chance(0.8)) {
        // Left school on 1 July of this or one of the two previous years (离校2年内).
        const leftYear = asOfCivil.year - rng.int(asOfCivil.month >= 7 ? 0 : 1, 2);
        marks.push({ mark: 'graduate_unemployed', since: `${leftYear}-07-01`, source: 'self_report' });
      }

      // Every unemployed person of working age is registered (NM24 一(一): 16 to statutory retirement, able to work).
      let registration: DemoRegistration | null = null;
      if (status === 'unemployed' && !retired && laborCapacity !== 'none') {
        const serial = (registrationSerials.get(village.code) ?? 0) + 1;
        registrationSerials.set(village.code, serial);
        const placeBasis = PLACE_PICKER.pick(rng);
        registration = {
          id: rng.uuid(),
          kind: 'unemployment',
          state: 'active',
          registrationNo: village.code + String(serial).padStart(6, '0'),
          registeredOn: between(Math.max(asOfDay - 547, toEpochDay(addCalendarMonths(birth.civil, 16 * 12))), asOfDay),
          placeBasis: placeBasis === 'hukou' && hukouCode !== village.code ? 'residence' : placeBasis,
          jurisdictionCode: village.code,
        };
      }

      facts.push({
        person: {
          id: rng.uuid(),
          householdId,
          relationship: d.relationship,
          jurisdictionCode: village.code,
          hukouCode,
          address,
          surname: names.surname,
          givenName: names.givenName,
          name: names.surname + names.givenName,
          sex: d.sex,
          birthDate: birth.iso,
          idNumber,
          phone: phoneFor(d.age),
          education,
          employmentStatus: status,
          laborCapacity,
          intention,
          retirementCategory: recordedCategory,
          disabilityGrade,
          marks,
          registration,
          skills: NO_SKILLS,
          serviceNeeds: NO_NEEDS,
          clears: NO_CLEARS,
        },
        marks,
        workingAge,
        birthDay: birth.day,
      });
    }

    // Zero-employment family (MOH 二(二); RULES.md): urban household of ≥ 2 whose working-age members are all
    // unemployed; the mark goes to those members.
    const working = facts.filter((f) => f.workingAge);
    const zeroEmployment = village.urban && facts.length >= 2 && working.length > 0 && working.every((f) => f.person.employmentStatus === 'unemployed');
    for (const f of facts) {
      const p = f.person;
      if (zeroEmployment && f.workingAge) f.marks.push({ mark: 'zero_employment_family', since: between(asOfDay - 3 * 365, asOfDay - 30), source: ZERO_EMPLOYMENT_SOURCE.pick(aux) });
      // Recognised employment-difficulty persons (就业困难人员): registered and meeting a common criterion (women
      // ≥ 40 / men ≥ 50, certified disabled, zero-employment family, 低保, unemployed ≥ 1 year — 内人社办发〔2020〕58号,
      // 人社部发〔2024〕84号); about 60 % of those have applied and been recognised.
      const reg = p.registration;
      if (reg) {
        const age = Math.floor((asOfDay - f.birthDay) / 365.25);
        const regDay = epochDay(reg.registeredOn);
        const eligible =
          (p.sex === 'female' ? age >= 40 : age >= 50) ||
          p.disabilityGrade !== null ||
          (zeroEmployment && f.workingAge) ||
          dibao ||
          asOfDay - regDay >= 365;
        if (eligible && regDay + 15 <= asOfDay && rng.chance(0.6)) {
          f.marks.push({ mark: 'difficulty', since: between(regDay + 15, Math.min(regDay + 60, asOfDay)), source: DIFFICULTY_SOURCE.pick(aux) });
        }
      }
      const gathered = gatheredFacts(p, f.workingAge, village.urban);
      p.skills = gathered.skills;
      p.serviceNeeds = gathered.serviceNeeds;
      p.clears = gathered.clears;
      members.push(p);
    }

    const household: DemoHousehold = { id: householdId, jurisdictionCode: village.code, address, urban: village.urban, members };
    households.push(household);
    for (const m of members) persons.push(m);
    produced += members.length;
    while (persons.length >= batchSize) {
      const head = persons.slice(0, batchSize);
      persons = persons.slice(batchSize);
      // A household belongs to the batch holding its head; the straddling one (if any) stays with the first part.
      const last = head[head.length - 1];
      // (not found: that household was already yielded with an earlier batch, and none after it starts here).
      const take = households.findIndex((h) => h.id === last?.householdId) + 1;
      yield { households: households.slice(0, take), persons: head };
      households = households.slice(take);
    }
  }
  if (persons.length > 0 || households.length > 0) yield { households, persons };
  return { produced };
}
