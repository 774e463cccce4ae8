/**
 * Shared pieces of the evaluators: citing a pack parameter (with "overrides …" when a regional pack replaced an
 * inherited value), three-valued logic, and the structured predicate language of the packs.
 */
import { cite, type Explanation } from '../core/explain.ts';
import type { CivilDate, IsoDate } from '../core/date.ts';
import { compareDates, formatIsoDate, wholeMonthsBetween } from '../core/date.ts';
import type { ResolvedPack } from '../packs/registry.ts';
import type { FactName, ParamStatus, Predicate, Source } from '../packs/schema.ts';
import { REGISTRATION_KINDS, type Mark } from '../packs/codes.ts';
import { decideOverMissing, type MissingFact } from './unknown-facts.ts';

/** true / false / not decidable from the facts given. */
export type Tri = boolean | 'unknown';

export function packRef(pack: ResolvedPack): string {
  return `${pack.id}@${pack.version}`;
}

export interface CitedParam {
  readonly source: Source;
  readonly status?: ParamStatus | undefined;
}

/**
 * Builds an explanation for a rule that used the pack parameter `key` (`group.key`). When the pack in force took the
 * value from a regional pack that replaced an inherited one, the text says so, e.g. "XC23 三(四) overrides national
 * 就业服务与就业管理规定 第七章".
 */
export function explain(
  pack: ResolvedPack,
  rule: string,
  key: string | undefined,
  param: CitedParam | undefined,
  text: string,
  textEn: string,
  numbers?: Record<string, string | number | boolean | null>,
): Explanation {
  const source = param ? cite(param.source) : '';
  let zh = text;
  let en = textEn;
  const origin = key ? pack.origin[key] : undefined;
  const replacedSource = origin?.override?.source;
  // Say "overrides" only when the clause actually changed (a child may restate a parent value with the same source).
  if (replacedSource && param && cite(replacedSource) !== source) {
    const replaced = `${origin!.override!.pack} ${cite(replacedSource)}`;
    zh += `（${source} 覆盖 ${replaced}）`;
    en += ` (${source} overrides ${replaced})`;
  }
  if (param?.status === 'unconfirmed') {
    zh += '（依据未经核实，作为可配置参数）';
    en += ' (source unconfirmed; kept as configuration)';
  } else if (param?.status === 'project_default') {
    zh += '（无文件规定，项目默认值）';
    en += ' (no document sets it: project default)';
  }
  const out: { -readonly [K in keyof Explanation]: Explanation[K] } = { rule, source, pack: packRef(pack), text: zh, textEn: en };
  if (numbers) out.numbers = numbers;
  return out;
}

export function iso(d: CivilDate | undefined): IsoDate | null {
  return d ? formatIsoDate(d) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts for predicates.

/** A number known exactly, or only within a range (e.g. months to retirement when a woman's category is unknown). */
export type NumberFact = number | { readonly min: number; readonly max: number };

export interface PredicateFacts {
  sex?: 'male' | 'female' | undefined;
  ageYears?: number | undefined;
  marks?: ReadonlySet<Mark> | undefined;
  disabilityGrade?: number | undefined;
  registeredMonths?: number | undefined;
  registrationKind?: string | undefined;
  yearsSinceLeftSchool?: number | undefined;
  everEmployed?: boolean | undefined;
  householdZeroEmployment?: boolean | undefined;
  landRemainingShare?: number | undefined;
  residentMonths?: number | undefined;
  contributionYears?: number | undefined;
  monthsToRetirement?: NumberFact | undefined;
  urban?: boolean | undefined;
  onlyChildOrTwoDaughtersParent?: boolean | undefined;
  postPlacements?: number | undefined;
}

/** The input fields a fact comes from, named in `missingFacts`. */
export const FACT_FIELDS: Record<FactName, string> = {
  sex: 'person.sex',
  ageYears: 'person.birthDate',
  mark: 'person.marks',
  disabilityGrade: 'person.disabilityGrade',
  registeredMonths: 'registration.registeredOn',
  registrationKind: 'registration.kind',
  yearsSinceLeftSchool: 'person.leftSchoolOn',
  everEmployed: 'person.everEmployed',
  householdZeroEmployment: 'household.members',
  landRemainingShare: 'person.landRemainingShare',
  residentMonths: 'person.residentMonths',
  contributionYears: 'person.contributionYears',
  monthsToRetirement: 'person.retirementCategory',
  urban: 'person.urban',
  onlyChildOrTwoDaughtersParent: 'person.onlyChildOrTwoDaughtersParent',
  postPlacements: 'person.postPlacements',
};

export interface PredicateResult {
  value: Tri;
  /** Input fields whose absence made the result unknown (only when value is 'unknown'). */
  missing: string[];
  /** Facts that decided the result, for explanations. */
  used: Record<string, string | number | boolean | null>;
  /** Input fields that were missing but did not matter: every possible value gives this result. */
  irrelevant?: string[];
}

export function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gte':
      return a >= b;
    case 'gt':
      return a > b;
    case 'lte':
      return a <= b;
    case 'lt':
      return a < b;
    default:
      return false;
  }
}

function factValue(facts: PredicateFacts, name: FactName): unknown {
  switch (name) {
    case 'mark':
      return facts.marks;
    case 'disabilityGrade':
      // No grade recorded but marks recorded without `disabled`: not disabled, so no grade comparison holds.
      if (facts.disabilityGrade === undefined && facts.marks && !facts.marks.has('disabled')) return null;
      return facts.disabilityGrade;
    default:
      return facts[name];
  }
}

/** Facts with a finite set of values: when missing, a predicate is tried with each (see `unknown-facts.ts`). */
const FINITE_FACTS: Partial<Record<FactName, readonly (string | boolean)[]>> = {
  sex: ['male', 'female'],
  registrationKind: REGISTRATION_KINDS,
  everEmployed: [true, false],
  householdZeroEmployment: [true, false],
  urban: [true, false],
  onlyChildOrTwoDaughtersParent: [true, false],
};
const VALUE_LABELS: Record<string, [string, string]> = { male: ['男', 'male'], female: ['女', 'female'], true: ['是', 'yes'], false: ['否', 'no'] };

/**
 * Evaluates a pack predicate three-valued: a missing fact gives 'unknown' and is named, never guessed — unless every
 * possible value of the missing finite facts gives the same answer (e.g. "women ≥ 40 or men ≥ 50" at 55 of unrecorded
 * sex), then that answer, with the facts listed in `irrelevant`; when still unknown, `missing` names only the facts
 * that matter.
 */
export function evaluatePredicate(p: Predicate, facts: PredicateFacts): PredicateResult {
  const r = evaluatePredicate3(p, facts);
  if (r.value !== 'unknown') return r;
  const dims: MissingFact<PredicateFacts>[] = [];
  for (const [name, values] of Object.entries(FINITE_FACTS) as [FactName, readonly (string | boolean)[]][]) {
    if (facts[name as keyof PredicateFacts] !== undefined || !r.missing.includes(FACT_FIELDS[name])) continue;
    dims.push({
      field: FACT_FIELDS[name],
      options: values.map((v) => ({ value: String(v), labelZh: VALUE_LABELS[String(v)]?.[0] ?? String(v), labelEn: VALUE_LABELS[String(v)]?.[1] ?? String(v), apply: (f: PredicateFacts) => ({ ...f, [name]: v }) })),
    });
  }
  if (!dims.length) return r;
  const over = decideOverMissing(facts, dims, (f) => evaluatePredicate3(p, f), (x) => (x.value === 'unknown' ? null : String(x.value)));
  if (over.decided) return { value: over.outcome === 'true', missing: [], used: r.used, irrelevant: [...over.fields] };
  const tried = new Set(dims.map((d) => d.field));
  return { ...r, missing: r.missing.filter((m) => !tried.has(m) || over.relevant.includes(m)) };
}

function evaluatePredicate3(p: Predicate, facts: PredicateFacts): PredicateResult {
  if ('all' in p || 'any' in p) {
    const parts = ('all' in p ? p.all : p.any).map((x) => evaluatePredicate3(x, facts));
    const isAll = 'all' in p;
    const decisive = parts.find((r) => r.value === !isAll);
    if (decisive) return { value: !isAll, missing: [], used: decisive.used };
    const unknown = parts.filter((r) => r.value === 'unknown');
    const used = Object.assign({}, ...parts.map((r) => r.used)) as PredicateResult['used'];
    if (unknown.length) return { value: 'unknown', missing: [...new Set(unknown.flatMap((r) => r.missing))], used };
    return { value: isAll, missing: [], used };
  }
  if ('not' in p) {
    const r = evaluatePredicate3(p.not, facts);
    return { ...r, value: r.value === 'unknown' ? 'unknown' : !r.value };
  }
  const raw = factValue(facts, p.fact);
  if (raw === undefined) return { value: 'unknown', missing: [FACT_FIELDS[p.fact]], used: {} };
  if (p.op === 'has') {
    const has = (raw as ReadonlySet<string>).has(String(p.value));
    return { value: has, missing: [], used: { [`mark:${String(p.value)}`]: has } };
  }
  if (raw === null) return { value: p.op === 'ne', missing: [], used: { [p.fact]: null } };
  if (typeof raw === 'object' && raw !== null && 'min' in raw) {
    const range = raw as { min: number; max: number };
    const lo = compare(p.op, range.min, Number(p.value));
    const hi = compare(p.op, range.max, Number(p.value));
    const used = { [`${p.fact}.min`]: range.min, [`${p.fact}.max`]: range.max };
    return lo === hi ? { value: lo, missing: [], used } : { value: 'unknown', missing: [FACT_FIELDS[p.fact]], used };
  }
  const used = { [p.fact]: raw as string | number | boolean };
  if (typeof raw === 'number' && typeof p.value === 'number') return { value: compare(p.op, raw, p.value), missing: [], used };
  if (p.op === 'eq') return { value: raw === p.value, missing: [], used };
  if (p.op === 'ne') return { value: raw !== p.value, missing: [], used };
  return { value: false, missing: [], used };
}

/** Whole months from a to b, negative when b is before a. */
export function signedMonths(a: CivilDate, b: CivilDate): number {
  return compareDates(a, b) <= 0 ? wholeMonthsBetween(a, b) : -wholeMonthsBetween(b, a);
}

/** Human rendering of a predicate (zh), for explanations of criteria and rankings. */
export function describePredicate(p: Predicate): string {
  if ('all' in p) return p.all.map(describePredicate).join(' 且 ');
  if ('any' in p) return `（${p.any.map(describePredicate).join(' 或 ')}）`;
  if ('not' in p) return `非（${describePredicate(p.not)}）`;
  const ops: Record<string, string> = { eq: '=', ne: '≠', gte: '≥', gt: '>', lte: '≤', lt: '<', has: '含' };
  return `${p.fact} ${ops[p.op] ?? p.op} ${String(p.value)}`;
}
