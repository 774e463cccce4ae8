/**
 * Person–job matching (R9.3; CQ25 二 “大数据匹配、精准推送”; XC23 三(二)1 “131”): a posting is scored for a person by
 * factors — occupation (intention and work history against the classification tree), skills, place (same
 * community / township / county / city by division-code prefix), pay expectation, hours, suitability (age-friendly
 * for older people, disability-suitable for disabled people), education and experience. Each factor gives a score
 * in [0, 1] and its explanation in words and numbers; the weights are the pack's (`matching.weights`, per
 * jurisdiction). Postings that are not published, expired, not yet valid or full are filtered out first, with the
 * reason. Pure: "as of" is a parameter.
 */
import type { IsoDate } from '../core/date.ts';
import { cite, type Explanation } from '../core/explain.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import { MATCH_FACTORS, type MatchFactor } from '../packs/schema.ts';
import { sharedLevels } from './occupations.ts';

export const HOURS_TYPES = ['full_time', 'part_time', 'flexible'] as const;
export type HoursType = (typeof HOURS_TYPES)[number];
export const POSTING_STATES = ['draft', 'in_review', 'published', 'filled', 'expired', 'withdrawn'] as const;
export type PostingState = (typeof POSTING_STATES)[number];
/** Education levels in ascending order (as in the person file). */
export const EDUCATION_ORDER = ['none', 'primary', 'junior_secondary', 'senior_secondary', 'secondary_vocational', 'junior_college', 'bachelor', 'postgraduate'] as const;

export interface SeekerFacts {
  readonly ref: string;
  readonly sex: 'male' | 'female' | 'unknown';
  readonly ageYears: number | null;
  readonly disabled: boolean;
  /** 12-digit residence (or preferred) division. */
  readonly divisionCode: string;
  /** Wanted occupations (intention), classification codes. */
  readonly occupationCodes: readonly string[];
  /** Occupations of past work, when known. */
  readonly pastOccupationCodes: readonly string[];
  readonly skills: readonly string[];
  /** Expected monthly pay in yuan (the least acceptable); null when not said. */
  readonly payMin: number | null;
  /** Acceptable hours; empty when not said. */
  readonly hours: readonly HoursType[];
  readonly education: string | null;
  readonly experienceYears: number | null;
}

export interface PostingFacts {
  readonly ref: string;
  readonly state: PostingState;
  readonly occupationCode: string | null;
  readonly divisionCode: string;
  readonly skills: readonly string[];
  readonly payMin: number | null;
  readonly payMax: number | null;
  readonly hours: HoursType;
  readonly education: string | null;
  readonly experienceYears: number | null;
  readonly ageFriendly: boolean;
  readonly disabilitySuitable: boolean;
  readonly validFrom: IsoDate | null;
  readonly validTo: IsoDate | null;
  readonly openings: number;
  readonly filled: number;
}

export interface FactorScore {
  readonly factor: MatchFactor;
  /** 0–1. */
  readonly score: number;
  readonly weight: number;
  /** The factor's share of the total, in points of 100. */
  readonly points: number;
  readonly textZh: string;
  readonly textEn: string;
  readonly numbers: Readonly<Record<string, string | number | boolean | null>>;
}

export interface MatchResult {
  readonly seeker: string;
  readonly posting: string;
  /** 0–100, rounded to one decimal. */
  readonly score: number;
  readonly factors: readonly FactorScore[];
}

export type Exclusion = 'not_published' | 'expired' | 'not_yet_valid' | 'full';

const EXCLUSION_TEXT: Record<Exclusion, [string, string]> = {
  not_published: ['岗位未发布（草稿、审核中、已招满、已过期或已撤回）', 'the posting is not published'],
  expired: ['岗位已过有效期', 'the posting has expired'],
  not_yet_valid: ['岗位尚未到有效期开始日', 'the posting is not yet valid'],
  full: ['岗位已招满', 'the posting is full'],
};

/** Why a posting cannot be offered on `asOf`, or null when it can (the hard filters). */
export function postingExclusion(p: PostingFacts, asOf: IsoDate): Exclusion | null {
  if (p.state !== 'published') return 'not_published';
  if (p.validTo !== null && p.validTo < asOf) return 'expired';
  if (p.validFrom !== null && p.validFrom > asOf) return 'not_yet_valid';
  if (p.filled >= p.openings) return 'full';
  return null;
}

export function exclusionText(e: Exclusion): { textZh: string; textEn: string } {
  const [textZh, textEn] = EXCLUSION_TEXT[e];
  return { textZh, textEn };
}

/** A factor's score and numbers; its sentences are built only for the results shown (`texts`). */
type Part = Omit<FactorScore, 'weight' | 'points' | 'textZh' | 'textEn'> & { texts: () => [string, string] };
const LEVEL_ZH = ['不同大类', '同一大类', '同一中类', '同一小类', '同一职业'];
const LEVEL_EN = ['a different major group', 'the same major group', 'the same middle group', 'the same minor group', 'the same occupation'];
const LEVEL_SCORE = [0, 0.25, 0.5, 0.75, 1];

function occupationFactor(s: SeekerFacts, p: PostingFacts): Part {
  if (!p.occupationCode) return { factor: 'occupation', score: 0.3, texts: () => ['岗位未标注职业分类，按中等计', 'the posting has no occupation code: scored as neutral'], numbers: { posting: null } };
  if (s.occupationCodes.length === 0 && s.pastOccupationCodes.length === 0) return { factor: 'occupation', score: 0.3, texts: () => ['未登记求职意向职业，按中等计', 'no wanted occupation on file: scored as neutral'], numbers: { posting: p.occupationCode } };
  let best = { score: 0, level: 0, code: '', past: false };
  for (const c of s.occupationCodes) {
    const l = sharedLevels(c, p.occupationCode);
    if (LEVEL_SCORE[l]! > best.score) best = { score: LEVEL_SCORE[l]!, level: l, code: c, past: false };
  }
  for (const c of s.pastOccupationCodes) {
    const l = sharedLevels(c, p.occupationCode);
    const sc = LEVEL_SCORE[l]! * 0.8;
    if (sc > best.score) best = { score: sc, level: l, code: c, past: true };
  }
  const what = best.past ? ['从业经历', 'past work'] : ['求职意向', 'wanted occupation'];
  return {
    factor: 'occupation',
    score: best.score,
    texts: () => [best.code ? `${what[0]} ${best.code} 与岗位职业 ${p.occupationCode} 属${LEVEL_ZH[best.level]}` : `求职意向与岗位职业 ${p.occupationCode} 不同大类`, best.code ? `${what[1]} ${best.code} and the posting's ${p.occupationCode} are in ${LEVEL_EN[best.level]}` : `no wanted occupation in the group of ${p.occupationCode}`],
    numbers: { posting: p.occupationCode, matched: best.code || null, sharedLevels: best.level, fromPastWork: best.past },
  };
}

function norm(x: string): string {
  return x.trim().toLowerCase();
}

function skillsFactor(s: SeekerFacts, p: PostingFacts): Part {
  if (p.skills.length === 0) return { factor: 'skills', score: 1, texts: () => ['岗位无技能要求', 'the posting asks for no skill'], numbers: { required: 0, held: 0 } };
  const mine = s.skills.map(norm);
  const held = p.skills.filter((k) => mine.some((m) => m.includes(norm(k)) || norm(k).includes(m)));
  return {
    factor: 'skills',
    score: held.length / p.skills.length,
    texts: () => [`岗位要求技能 ${p.skills.length} 项，具备 ${held.length} 项${held.length ? `（${held.join('、')}）` : ''}`, `${held.length} of the ${p.skills.length} skills asked for${held.length ? ` (${held.join(', ')})` : ''}`],
    numbers: { required: p.skills.length, held: held.length },
  };
}

const PLACE_LEVELS = [
  { key: 'village', len: 12, zh: '同一社区（村）', en: 'the same community' },
  { key: 'township', len: 9, zh: '同一街道（乡镇）', en: 'the same township' },
  { key: 'county', len: 6, zh: '同一县（区）', en: 'the same county' },
  { key: 'city', len: 4, zh: '同一市', en: 'the same city' },
  { key: 'province', len: 2, zh: '同一省', en: 'the same province' },
] as const;

function placeFactor(s: SeekerFacts, p: PostingFacts, pack: ResolvedPack): Part {
  const scores = pack.params.matching.placeScores.value;
  // A posting registered at a higher level (a county code) is "in" every community below it at that level.
  const level = PLACE_LEVELS.find((l) => s.divisionCode.slice(0, l.len) === p.divisionCode.slice(0, l.len));
  const score = level ? scores[level.key] : scores.other;
  return {
    factor: 'place',
    score,
    texts: () => [level ? `岗位在${level.zh}（${p.divisionCode}）` : `岗位在外省（${p.divisionCode}）`, level ? `the posting is in ${level.en} (${p.divisionCode})` : `the posting is in another province (${p.divisionCode})`],
    numbers: { person: s.divisionCode, posting: p.divisionCode, level: level?.key ?? 'other' },
  };
}

function payFactor(s: SeekerFacts, p: PostingFacts): Part {
  const top = p.payMax ?? p.payMin;
  if (s.payMin === null || top === null) return { factor: 'pay', score: 0.5, texts: () => ['期望薪酬或岗位薪酬未填写，按中等计', 'expected or offered pay unknown: scored as neutral'], numbers: { expected: s.payMin, offeredMax: top } };
  const expected = s.payMin;
  const met = top >= expected;
  return {
    factor: 'pay',
    score: met ? 1 : Math.max(0, top / expected),
    texts: () => [met ? `岗位月薪最高 ${top} 元，达到期望 ${expected} 元` : `岗位月薪最高 ${top} 元，低于期望 ${expected} 元`, met ? `pay up to ${top} yuan/month meets the expected ${expected}` : `pay up to ${top} yuan/month is below the expected ${expected}`],
    numbers: { expected, offeredMin: p.payMin, offeredMax: top },
  };
}

const HOURS_ZH: Record<HoursType, string> = { full_time: '全职', part_time: '兼职', flexible: '灵活' };

function hoursFactor(s: SeekerFacts, p: PostingFacts): Part {
  if (s.hours.length === 0) return { factor: 'hours', score: 0.5, texts: () => ['未填写可接受的工作时间，按中等计', 'acceptable hours not given: scored as neutral'], numbers: { posting: p.hours } };
  const ok = s.hours.includes(p.hours);
  return {
    factor: 'hours',
    score: ok ? 1 : 0,
    texts: () => [ok ? `工作时间（${HOURS_ZH[p.hours]}）符合意愿` : `工作时间（${HOURS_ZH[p.hours]}）不在可接受范围（${s.hours.map((h) => HOURS_ZH[h]).join('、')}）`, ok ? `hours (${p.hours}) as wanted` : `hours (${p.hours}) not among those accepted (${s.hours.join(', ')})`],
    numbers: { posting: p.hours, accepted: s.hours.join(',') },
  };
}

/** Whether the person counts as older (大龄) by the pack's ages. */
export function isOlder(s: Pick<SeekerFacts, 'sex' | 'ageYears'>, pack: ResolvedPack): boolean {
  const a = pack.params.matching.olderAge.value;
  if (s.ageYears === null) return false;
  return s.sex === 'female' ? s.ageYears >= a.female : s.sex === 'male' ? s.ageYears >= a.male : s.ageYears >= Math.max(a.female, a.male);
}

function suitabilityFactor(s: SeekerFacts, p: PostingFacts, pack: ResolvedPack): Part {
  const older = isOlder(s, pack);
  const needs: { zh: string; en: string; met: boolean }[] = [];
  if (older) needs.push({ zh: p.ageFriendly ? '岗位适合大龄人员' : '岗位未标注适合大龄人员', en: p.ageFriendly ? 'age-friendly' : 'not marked age-friendly', met: p.ageFriendly });
  if (s.disabled) needs.push({ zh: p.disabilitySuitable ? '岗位适合残疾人' : '岗位未标注适合残疾人', en: p.disabilitySuitable ? 'disability-suitable' : 'not marked disability-suitable', met: p.disabilitySuitable });
  const src = cite(pack.params.matching.olderAge.source);
  if (needs.length === 0) return { factor: 'suitability', score: 1, texts: () => ['无特殊适配需求', 'no special suitability need'], numbers: { older, disabled: s.disabled } };
  const met = needs.filter((n) => n.met).length;
  return {
    factor: 'suitability',
    score: met / needs.length,
    texts: () => [`${[older ? `大龄（${src}）` : null, s.disabled ? '残疾人' : null].filter(Boolean).join('、')}：${needs.map((n) => n.zh).join('，')}`, `${[older ? `older (${src})` : null, s.disabled ? 'disabled' : null].filter(Boolean).join(', ')}: ${needs.map((n) => n.en).join(', ')}`],
    numbers: { older, disabled: s.disabled, ageFriendly: p.ageFriendly, disabilitySuitable: p.disabilitySuitable, needs: needs.length, met },
  };
}

function educationFactor(s: SeekerFacts, p: PostingFacts): Part {
  const rank = (e: string | null) => (e === null ? -1 : (EDUCATION_ORDER as readonly string[]).indexOf(e));
  const need = rank(p.education);
  const have = rank(s.education);
  if (need < 0) return { factor: 'education', score: 1, texts: () => ['岗位无学历要求', 'no education required'], numbers: { required: null, held: s.education } };
  if (have < 0) return { factor: 'education', score: 0.5, texts: () => [`岗位要求 ${p.education}，本人学历未登记`, `the posting asks for ${p.education}; education not on file`], numbers: { required: p.education, held: null } };
  const score = have >= need ? 1 : have === need - 1 ? 0.5 : 0;
  return {
    factor: 'education',
    score,
    texts: () => [have >= need ? `学历（${s.education}）达到要求（${p.education}）` : `学历（${s.education}）低于要求（${p.education}）`, have >= need ? `education (${s.education}) meets ${p.education}` : `education (${s.education}) below ${p.education}`],
    numbers: { required: p.education, held: s.education },
  };
}

function experienceFactor(s: SeekerFacts, p: PostingFacts): Part {
  const need = p.experienceYears ?? 0;
  if (need <= 0) return { factor: 'experience', score: 1, texts: () => ['岗位无工作经验要求', 'no experience required'], numbers: { required: 0, held: s.experienceYears } };
  if (s.experienceYears === null) return { factor: 'experience', score: 0.5, texts: () => [`岗位要求 ${need} 年经验，本人经验未登记`, `${need} years asked for; experience not on file`], numbers: { required: need, held: null } };
  const score = Math.min(1, s.experienceYears / need);
  return { factor: 'experience', score, texts: () => [`岗位要求 ${need} 年经验，本人 ${s.experienceYears} 年`, `${need} years asked for, ${s.experienceYears} held`], numbers: { required: need, held: s.experienceYears } };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function parts(s: SeekerFacts, p: PostingFacts, pack: ResolvedPack): Part[] {
  return [occupationFactor(s, p), skillsFactor(s, p), placeFactor(s, p, pack), payFactor(s, p), hoursFactor(s, p), suitabilityFactor(s, p, pack), educationFactor(s, p), experienceFactor(s, p)];
}

/** The weighted total (0–100) of a posting's parts, before any sentence is built. */
function total(ps: readonly Part[], weights: Readonly<Record<MatchFactor, number>>): number {
  const sum = MATCH_FACTORS.reduce((n, f) => n + weights[f], 0) || 1;
  return ps.reduce((n, part) => n + (100 * weights[part.factor] * part.score) / sum, 0);
}

function explained(s: SeekerFacts, p: PostingFacts, ps: readonly Part[], pack: ResolvedPack): MatchResult {
  const weights = pack.params.matching.weights.value;
  const sum = MATCH_FACTORS.reduce((n, f) => n + weights[f], 0) || 1;
  const factors = ps.map((part) => {
    const [textZh, textEn] = part.texts();
    return { factor: part.factor, score: round1(part.score * 100) / 100, weight: weights[part.factor], points: round1((100 * weights[part.factor] * part.score) / sum), textZh, textEn, numbers: part.numbers };
  });
  return { seeker: s.ref, posting: p.ref, score: round1(total(ps, weights)), factors };
}

/** One posting scored for one person (the hard filters are the caller's: see `postingExclusion`). */
export function scoreMatch(s: SeekerFacts, p: PostingFacts, pack: ResolvedPack): MatchResult {
  return explained(s, p, parts(s, p, pack), pack);
}

export interface Ranked<T extends string> {
  readonly items: readonly MatchResult[];
  readonly excluded: readonly { readonly ref: string; readonly reason: Exclusion }[];
  readonly explanations: readonly Explanation[];
  readonly by: T;
}

const FACTOR_ZH: Record<MatchFactor, string> = { occupation: '职业', skills: '技能', place: '地点', pay: '薪酬', hours: '工时', suitability: '适配', education: '学历', experience: '经验' };

function packExplanation(pack: ResolvedPack): Explanation {
  const w = pack.params.matching.weights;
  return {
    rule: 'matching.weights',
    source: cite(w.source),
    pack: `${pack.id}@${pack.version}`,
    text: `匹配权重：${MATCH_FACTORS.map((f) => `${FACTOR_ZH[f]} ${w.value[f]}`).join('，')}${w.status === 'project_default' ? '（项目默认值）' : ''}`,
    textEn: `match weights: ${MATCH_FACTORS.map((f) => `${f} ${w.value[f]}`).join(', ')}${w.status === 'project_default' ? ' (project default)' : ''}`,
    numbers: { ...w.value },
  };
}

interface Scored {
  readonly seeker: SeekerFacts;
  readonly posting: PostingFacts;
  readonly parts: readonly Part[];
  readonly score: number;
}

/** Scores every pair numerically, sorts (ties by the other side's ref) and explains only the first `limit`. */
function best(pairs: readonly [SeekerFacts, PostingFacts][], pack: ResolvedPack, limit: number, tie: 'posting' | 'seeker'): MatchResult[] {
  const weights = pack.params.matching.weights.value;
  const scored: Scored[] = pairs.map(([s, p]) => {
    const ps = parts(s, p, pack);
    return { seeker: s, posting: p, parts: ps, score: round1(total(ps, weights)) };
  });
  scored.sort((a, b) => b.score - a.score || (tie === 'posting' ? a.posting.ref.localeCompare(b.posting.ref) : a.seeker.ref.localeCompare(b.seeker.ref)));
  return scored.slice(0, limit).map((x) => explained(x.seeker, x.posting, x.parts, pack));
}

/** The best postings for a person: hard filters first, then by score (ties by posting ref), at most `limit`. */
export function rankPostingsFor(s: SeekerFacts, postings: readonly PostingFacts[], pack: ResolvedPack, asOf: IsoDate, limit: number): Ranked<'person'> {
  const excluded: { ref: string; reason: Exclusion }[] = [];
  const open: [SeekerFacts, PostingFacts][] = [];
  for (const p of postings) {
    const why = postingExclusion(p, asOf);
    if (why) excluded.push({ ref: p.ref, reason: why });
    else open.push([s, p]);
  }
  return { by: 'person', items: best(open, pack, limit, 'posting'), excluded, explanations: [packExplanation(pack)] };
}

/** The best people for a posting (the posting must pass the hard filters; the caller checks it). */
export function rankSeekersFor(p: PostingFacts, seekers: readonly SeekerFacts[], pack: ResolvedPack, limit: number): Ranked<'posting'> {
  return { by: 'posting', items: best(seekers.map((s) => [s, p]), pack, limit, 'seeker'), excluded: [], explanations: [packExplanation(pack)] };
}
