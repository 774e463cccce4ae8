/**
 * PolicyCatalogue: the policies of every jurisdiction, validated at load, resolved for (division, asOf) like rule
 * packs: a policy applies under its `jurisdictionPrefix` (national '' applies everywhere), a more specific policy may
 * `replace` an inherited one, and the version in force is the one whose period covers asOf (two versions of one
 * policy with overlapping periods are refused at load). Evaluation is three-valued over the facts given: qualifies,
 * nearly (the facts that would decide are named) or not (the failing condition is named); never a guess.
 */
import { z } from 'zod';
import { RuleInputError } from '../core/errors.ts';
import { parseIsoDate, type IsoDate } from '../core/date.ts';
import { cite, type Explanation } from '../core/explain.ts';
import { checkJurisdiction } from '../packs/registry.ts';
import { zodIssuesToProblems } from '../packs/schema.ts';
import { compare } from '../evaluators/common.ts';
import { builtInPolicies } from './builtin.ts';
import {
  POLICY_FACTS,
  type FactSpec,
  PolicySchema,
  type AmountRule,
  type Policy,
  type PolicyCondition,
  type PolicyFactName,
  type PolicyVersion,
} from './schema.ts';

/** One policy as in force: the policy's identity with the fields of its version in force. */
export interface ResolvedPolicy extends Omit<Policy, 'versions'>, PolicyVersion {}

/** Facts about a person (and, for employer subsidies, the employer). Absent = unknown. */
export type PolicyFacts = Partial<{
  sex: string;
  ageYears: number;
  marks: ReadonlySet<string>;
  disabilityGrade: number;
  registered: boolean;
  registrationKind: string;
  registeredMonths: number;
  /** Exact, or a range when the retirement category is not recorded. */
  monthsToRetirement: number | { readonly min: number; readonly max: number };
  householdZeroEmployment: boolean;
  education: string;
  monthsSinceGraduation: number;
  employmentStatus: string;
  socialInsurancePaid: boolean;
  businessMonths: number;
  trainingCompleted: boolean;
  certificateObtained: boolean;
  hiredMonths: number;
  employerKind: string;
  urban: boolean;
}>;

export type PolicyVerdict = 'qualifies' | 'nearly' | 'not';

export interface PolicyEvaluation {
  readonly policyId: string;
  readonly version: string;
  readonly verdict: PolicyVerdict;
  /** Input fields whose absence leaves the answer open (verdict `nearly`). */
  readonly missingFacts: string[];
  /** The conditions that failed (verdict `not`), in words. */
  readonly failed: string[];
  readonly explanation: Explanation;
}

type Tri = boolean | 'unknown';
interface CondResult {
  value: Tri;
  missing: string[];
  failed: string[];
  used: Record<string, string | number | boolean>;
}

const OPS_ZH: Record<string, string> = { eq: '为', ne: '不为', gte: '≥', gt: '>', lte: '≤', lt: '<', has: '含' };

/** A condition in words (zh), e.g. `年龄 ≥ 16 且 人员标识 含 difficulty`. */
export function describeCondition(c: PolicyCondition): string {
  if ('all' in c) return c.all.map(describeCondition).join(' 且 ');
  if ('any' in c) return `（${c.any.map(describeCondition).join(' 或 ')}）`;
  if ('not' in c) return `非（${describeCondition(c.not)}）`;
  const spec: FactSpec = POLICY_FACTS[c.fact];
  // Yes/no facts read as words: "已完成培训", "非（已缴纳社会保险）".
  if (spec.kind === 'boolean') return (c.op === 'eq') === (c.value === true) ? spec.zh : `非（${spec.zh}）`;
  return `${spec.zh} ${OPS_ZH[c.op] ?? c.op} ${String(c.value)}`;
}

function factOf(facts: PolicyFacts, name: PolicyFactName): unknown {
  return name === 'mark' ? facts.marks : facts[name];
}

function evalCondition(c: PolicyCondition, facts: PolicyFacts): CondResult {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = (isAll ? c.all : c.any).map((x) => evalCondition(x, facts));
    const used = Object.assign({}, ...parts.map((p) => p.used)) as CondResult['used'];
    const decisive = parts.filter((p) => p.value === !isAll);
    if (decisive.length) return { value: !isAll, missing: [], failed: isAll ? decisive.flatMap((p) => p.failed) : [], used };
    const unknown = parts.filter((p) => p.value === 'unknown');
    if (unknown.length) return { value: 'unknown', missing: [...new Set(unknown.flatMap((p) => p.missing))], failed: [], used };
    return { value: isAll, missing: [], failed: isAll ? [] : parts.flatMap((p) => p.failed), used };
  }
  if ('not' in c) {
    const r = evalCondition(c.not, facts);
    if (r.value === 'unknown') return r;
    return { ...r, value: !r.value, failed: r.value ? [describeCondition(c)] : [] };
  }
  const spec = POLICY_FACTS[c.fact];
  const raw = factOf(facts, c.fact);
  if (raw === undefined) return { value: 'unknown', missing: [spec.field], failed: [], used: {} };
  const done = (value: boolean, used: CondResult['used']): CondResult => ({ value, missing: [], failed: value ? [] : [describeCondition(c)], used });
  switch (spec.kind) {
    case 'set': {
      const has = (raw as ReadonlySet<string>).has(String(c.value));
      return done(has, { [`mark:${String(c.value)}`]: has });
    }
    case 'boolean': {
      const eq = raw === c.value;
      return done(c.op === 'eq' ? eq : !eq, { [c.fact]: raw as boolean });
    }
    case 'enum': {
      const values: readonly string[] = spec.values;
      const a = values.indexOf(String(raw));
      const b = values.indexOf(String(c.value));
      return done(compare(c.op, a, b), { [c.fact]: String(raw) });
    }
    case 'number': {
      if (typeof raw === 'object' && raw !== null) {
        const range = raw as { min: number; max: number };
        const lo = compare(c.op, range.min, Number(c.value));
        const hi = compare(c.op, range.max, Number(c.value));
        const used = { [`${c.fact}.min`]: range.min, [`${c.fact}.max`]: range.max };
        return lo === hi ? done(lo, used) : { value: 'unknown', missing: [spec.field], failed: [], used };
      }
      return done(compare(c.op, raw as number, Number(c.value)), { [c.fact]: raw as number });
    }
  }
}

/** The truth of a condition only (no explanation, no allocation): the fast path for lists and nightly refreshes. */
function evalTri(c: PolicyCondition, facts: PolicyFacts): Tri {
  if ('all' in c) {
    let unknown = false;
    for (const x of c.all) {
      const v = evalTri(x, facts);
      if (v === false) return false;
      if (v === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : true;
  }
  if ('any' in c) {
    let unknown = false;
    for (const x of c.any) {
      const v = evalTri(x, facts);
      if (v === true) return true;
      if (v === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : false;
  }
  if ('not' in c) {
    const v = evalTri(c.not, facts);
    return v === 'unknown' ? v : !v;
  }
  const spec = POLICY_FACTS[c.fact];
  const raw = factOf(facts, c.fact);
  if (raw === undefined) return 'unknown';
  switch (spec.kind) {
    case 'set':
      return (raw as ReadonlySet<string>).has(String(c.value));
    case 'boolean':
      return (raw === c.value) === (c.op === 'eq');
    case 'enum': {
      const values: readonly string[] = spec.values;
      return compare(c.op, values.indexOf(String(raw)), values.indexOf(String(c.value)));
    }
    case 'number': {
      if (typeof raw === 'object' && raw !== null) {
        const range = raw as { min: number; max: number };
        const lo = compare(c.op, range.min, Number(c.value));
        return lo === compare(c.op, range.max, Number(c.value)) ? lo : 'unknown';
      }
      return compare(c.op, raw as number, Number(c.value));
    }
  }
}

/** The verdict alone, same answer as `evaluatePolicy(...).verdict`, without building the explanation. */
export function policyVerdict(policy: Pick<ResolvedPolicy, 'eligibility'>, facts: PolicyFacts): PolicyVerdict {
  const v = evalTri(policy.eligibility, facts);
  return v === true ? 'qualifies' : v === false ? 'not' : 'nearly';
}

export function policyCitation(p: Pick<ResolvedPolicy, 'source'>): string {
  return cite(p.source);
}

/** Evaluates one policy version for one person's facts, three-valued, with the explanation. */
export function evaluatePolicy(policy: ResolvedPolicy, facts: PolicyFacts): PolicyEvaluation {
  const r = evalCondition(policy.eligibility, facts);
  const source = policyCitation(policy);
  const rule = `policy.${policy.id}`;
  const numbers = r.used;
  if (r.value === true) {
    return { policyId: policy.id, version: policy.version, verdict: 'qualifies', missingFacts: [], failed: [], explanation: { rule, source, text: `符合“${policy.name}”条件：${describeCondition(policy.eligibility)}（${source}）`, textEn: `qualifies for "${policy.nameEn}" (${source})`, numbers } };
  }
  if (r.value === 'unknown') {
    const fields = r.missing.join('、');
    return {
      policyId: policy.id,
      version: policy.version,
      verdict: 'nearly',
      missingFacts: r.missing,
      failed: [],
      explanation: { rule, source, text: `可能符合“${policy.name}”，尚缺信息：${fields}（${source}）`, textEn: `may qualify for "${policy.nameEn}"; missing: ${r.missing.join(', ')} (${source})`, numbers },
    };
  }
  return {
    policyId: policy.id,
    version: policy.version,
    verdict: 'not',
    missingFacts: [],
    failed: r.failed,
    explanation: { rule, source, text: `不符合“${policy.name}”：不满足 ${r.failed.join('；')}（${source}）`, textEn: `does not qualify for "${policy.nameEn}": ${r.failed.join('; ')} (${source})`, numbers },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts.

export interface AmountClaim {
  /** Months claimed (per-month rules). */
  readonly months?: number | undefined;
  /** The sum claimed (cost, loan) for `up_to` rules, or set by the office for `set_by_office`. */
  readonly yuan?: number | undefined;
}

export interface ComputedAmount {
  readonly yuan: number;
  readonly unconfirmed: boolean;
  readonly explanation: Explanation;
}

function amountError(field: string, zh: string, en: string): RuleInputError {
  return new RuleInputError('out_of_range', field, zh, en);
}

function statusNote(rule: AmountRule): [string, string] {
  return rule.status === 'unconfirmed' ? ['（金额依据未经核实，作为可配置参数）', ' (amount not verified against the original; kept as configuration)'] : ['', ''];
}

/** The amount a claim is worth under the policy's rule; a claim outside the rule is refused naming the field and clause. */
export function computeAmount(policy: ResolvedPolicy, claim: AmountClaim, fieldPrefix = 'body.'): ComputedAmount {
  const rule = policy.amount;
  const source = cite(rule.source);
  const [zhNote, enNote] = statusNote(rule);
  const unconfirmed = rule.status === 'unconfirmed';
  const ruleId = `policy.${policy.id}.amount`;
  switch (rule.kind) {
    case 'fixed':
      return { yuan: rule.yuan, unconfirmed, explanation: { rule: ruleId, source, text: `定额 ${rule.yuan} 元（${source}）${zhNote}`, textEn: `fixed ${rule.yuan} yuan (${source})${enNote}`, numbers: { yuan: rule.yuan } } };
    case 'per_month': {
      const months = claim.months;
      if (months === undefined || !Number.isInteger(months) || months < 1) throw amountError(`${fieldPrefix}months`, `按月补贴须填写补贴月数（${source}）`, `a monthly subsidy needs the number of months (${source})`);
      if (months > rule.maxMonths) throw amountError(`${fieldPrefix}months`, `补贴月数 ${months} 超过政策上限 ${rule.maxMonths} 个月（${source}）`, `${months} months exceeds the policy's ${rule.maxMonths} (${source})`);
      const yuan = Math.round(rule.yuanPerMonth * months * 100) / 100;
      return { yuan, unconfirmed, explanation: { rule: ruleId, source, text: `每月 ${rule.yuanPerMonth} 元 × ${months} 个月 = ${yuan} 元（上限 ${rule.maxMonths} 个月，${source}）${zhNote}`, textEn: `${rule.yuanPerMonth} yuan × ${months} months = ${yuan} yuan (at most ${rule.maxMonths} months, ${source})${enNote}`, numbers: { yuanPerMonth: rule.yuanPerMonth, months, maxMonths: rule.maxMonths, yuan } } };
    }
    case 'up_to': {
      const yuan = claim.yuan;
      if (yuan === undefined || !(yuan > 0)) throw amountError(`${fieldPrefix}yuan`, `须填写申请金额（${source}）`, `the amount claimed is required (${source})`);
      if (yuan > rule.max) throw amountError(`${fieldPrefix}yuan`, `申请金额 ${yuan} 元超过政策上限 ${rule.max} 元（${source}）`, `${yuan} yuan exceeds the policy's maximum ${rule.max} (${source})`);
      return { yuan, unconfirmed, explanation: { rule: ruleId, source, text: `按申请金额 ${yuan} 元（上限 ${rule.max} 元，${source}）${zhNote}`, textEn: `${yuan} yuan as claimed (maximum ${rule.max}, ${source})${enNote}`, numbers: { yuan, max: rule.max } } };
    }
    case 'set_by_office': {
      const yuan = claim.yuan;
      if (yuan === undefined || !(yuan > 0)) throw amountError(`${fieldPrefix}yuan`, `该政策金额由经办机构核定，须填写核定金额（${source}）`, `the office sets this policy's amount: enter it (${source})`);
      return { yuan, unconfirmed: true, explanation: { rule: ruleId, source, text: `经办机构核定 ${yuan} 元；政策文件未载明金额，无法自动核验（${source}）`, textEn: `${yuan} yuan set by the office; the document states no figure to check against (${source})`, numbers: { yuan } } };
    }
  }
}

/** The period a payment belongs to: `once` for once-only policies, `YYYY` yearly, `YYYY-MM` monthly. */
export function periodKey(policy: Pick<ResolvedPolicy, 'period'>, on: IsoDate): string {
  parseIsoDate(on, 'on');
  switch (policy.period) {
    case 'once':
      return 'once';
    case 'yearly':
      return on.slice(0, 4);
    case 'monthly':
      return on.slice(0, 7);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue.

function catalogueError(field: string, zh: string, en: string): RuleInputError {
  return new RuleInputError('invalid_pack', field, zh, en);
}

function inForceOn(v: Pick<PolicyVersion, 'effectiveFrom' | 'effectiveTo'>, asOf: IsoDate): boolean {
  return v.effectiveFrom <= asOf && (v.effectiveTo === undefined || asOf <= v.effectiveTo);
}

function resolveVersion(p: Policy, v: PolicyVersion): ResolvedPolicy {
  const { versions: _v, ...head } = p;
  return { ...head, ...v };
}

export class PolicyCatalogue {
  private readonly policies = new Map<string, Policy>();

  /** Validates every policy file (shape, facts, citations, unique ids, `replaces`, non-overlapping versions). */
  constructor(files: readonly unknown[]) {
    files.forEach((json, i) => {
      const r = PolicySchema.safeParse(json);
      if (!r.success) {
        const first = zodIssuesToProblems(r.error, `policies[${i}]`)[0]!;
        throw catalogueError(first.field, `政策文件有误：${first.messageZh}`, `invalid policy: ${first.messageEn}`);
      }
      const p = r.data;
      if (this.policies.has(p.id)) throw catalogueError(`policies[${i}].id`, `政策标识“${p.id}”重复`, `duplicate policy id "${p.id}"`);
      const versions = [...p.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      const seen = new Set<string>();
      p.versions.forEach((v, j) => {
        if (seen.has(v.version)) throw catalogueError(`policies[${i}].versions[${j}].version`, `政策“${p.id}”版本“${v.version}”重复`, `duplicate version "${v.version}" of "${p.id}"`);
        seen.add(v.version);
      });
      for (let k = 1; k < versions.length; k++) {
        const prev = versions[k - 1]!;
        const next = versions[k]!;
        if ((prev.effectiveTo ?? '9999-12-31') >= next.effectiveFrom) {
          const j = p.versions.indexOf(next);
          throw catalogueError(
            `policies[${i}].versions[${j}].effectiveFrom`,
            `政策“${p.id}”的版本“${prev.version}”与“${next.version}”有效期重叠`,
            `versions "${prev.version}" and "${next.version}" of policy "${p.id}" overlap`,
          );
        }
      }
      this.policies.set(p.id, { ...p, versions });
    });
    let i = 0;
    for (const p of this.policies.values()) {
      if (p.replaces !== undefined) {
        const base = this.policies.get(p.replaces);
        if (!base) throw catalogueError(`policies[${i}].replaces`, `被替代的政策“${p.replaces}”不存在`, `replaced policy "${p.replaces}" does not exist`);
        if (!(p.jurisdictionPrefix.startsWith(base.jurisdictionPrefix) && p.jurisdictionPrefix.length > base.jurisdictionPrefix.length)) {
          throw catalogueError(`policies[${i}].replaces`, `只能替代上级区划的政策（“${p.replaces}”适用于“${base.jurisdictionPrefix}”）`, `a policy replaces only a policy of an enclosing jurisdiction ("${p.replaces}" applies under "${base.jurisdictionPrefix}")`);
        }
      }
      i++;
    }
  }

  static builtIn(): PolicyCatalogue {
    return new PolicyCatalogue(builtInPolicies());
  }

  /** Every policy with all its versions. */
  all(): Policy[] {
    return [...this.policies.values()];
  }

  /** The policies in force for a 12-digit division on asOf, inherited down the tree, replaced ones left out. */
  inForce(code: string, asOf: IsoDate): ResolvedPolicy[] {
    checkJurisdiction(code);
    parseIsoDate(asOf, 'asOf');
    const found: ResolvedPolicy[] = [];
    for (const p of this.policies.values()) {
      if (!code.startsWith(p.jurisdictionPrefix)) continue;
      const v = p.versions.find((x) => inForceOn(x, asOf));
      if (v) found.push(resolveVersion(p, v));
    }
    const replaced = new Set(found.map((p) => p.replaces).filter((x): x is string => x !== undefined));
    return found.filter((p) => !replaced.has(p.id)).sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  }

  /** One policy's version in force on asOf, or undefined. */
  at(id: string, asOf: IsoDate): ResolvedPolicy | undefined {
    const p = this.policies.get(id);
    const v = p?.versions.find((x) => inForceOn(x, asOf));
    return p && v ? resolveVersion(p, v) : undefined;
  }

  /** One named version (for records that cite it). */
  version(id: string, version: string): ResolvedPolicy | undefined {
    const p = this.policies.get(id);
    const v = p?.versions.find((x) => x.version === version);
    return p && v ? resolveVersion(p, v) : undefined;
  }

  /** Whether the policy applies to the division at all (its prefix covers it). */
  appliesTo(id: string, code: string): boolean {
    const p = this.policies.get(id);
    return p !== undefined && code.startsWith(p.jurisdictionPrefix);
  }
}

export type { PolicyCondition };
export const PolicyFileSchema = z.array(PolicySchema);
