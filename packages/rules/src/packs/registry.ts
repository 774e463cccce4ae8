/**
 * PackRegistry: holds rule packs, resolves the one in force for (jurisdiction, asOf), and merges inherited
 * parameters. Inheritance: a child copies its parent's resolved parameters and replaces them group by group, key
 * by key (a key's value — a sourced parameter, an obligation rule, a criterion — is replaced whole, never merged
 * further; arrays are replaced whole; `null` drops an inherited key). Resolution: among packs whose
 * `jurisdictionPrefix` prefixes the 12-digit code and whose period covers asOf, the longest prefix wins; two packs
 * with the same prefix and overlapping periods are rejected when the registry is built, so resolution never ties.
 */
import { RuleInputError } from '../core/errors.ts';
import { parseIsoDate } from '../core/date.ts';
import type { IsoDate } from '../core/date.ts';
import {
  PARAM_GROUPS,
  ParamsSchema,
  validatePackShape,
  zodIssuesToProblems,
  type PackParams,
  type PackSource,
  type ParamGroup,
  type RulePack,
  type Source,
} from './schema.ts';
import { builtInPacks } from './builtin.ts';

export interface OverrideNote {
  /** Pack that set the value now in force. */
  readonly pack: string;
  /** Pack and source of the value it replaced. */
  readonly replaced: { readonly pack: string; readonly source: Source | undefined };
}

export interface ResolvedPack {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly jurisdictionPrefix: string;
  readonly effectiveFrom: IsoDate;
  readonly effectiveTo: IsoDate | undefined;
  /** The pack itself first, then its ancestors. */
  readonly chain: readonly string[];
  readonly params: PackParams;
  /** Which pack set each `group.key`, and what it replaced (for "XC23 三(四) overrides …" explanations). */
  readonly origin: Readonly<Record<string, { pack: string; override?: OverrideNote['replaced'] }>>;
  /** Documents cited by the parameters in force. */
  readonly sourcesUsed: readonly PackSource[];
}

export interface PackHistoryEntry {
  id: string;
  version: string;
  jurisdictionPrefix: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | undefined;
}

function packError(field: string, zh: string, en: string): RuleInputError {
  return new RuleInputError('invalid_pack', field, zh, en);
}

function sourceOf(value: unknown): Source | undefined {
  if (value && typeof value === 'object' && 'source' in value) return (value as { source: Source }).source;
  return undefined;
}

/** Validates a single pack (shape and period). Inheritance is checked by `new PackRegistry([...])`. */
export function validatePack(json: unknown): RulePack {
  return validatePackShape(json);
}

export class PackRegistry {
  private readonly packs = new Map<string, RulePack>();
  private readonly resolved = new Map<string, ResolvedPack>();

  /** Builds a registry, checking parents, cycles, overlapping periods and that every resolved pack is complete. */
  constructor(packs: readonly unknown[]) {
    packs.forEach((json, i) => {
      let pack: RulePack;
      try {
        pack = validatePackShape(json);
      } catch (e) {
        if (e instanceof RuleInputError) throw packError(`packs[${i}].${e.field}`, e.messageZh, e.messageEn);
        throw e;
      }
      if (this.packs.has(pack.id)) {
        throw packError(`packs[${i}].id`, `规则包标识“${pack.id}”重复`, `duplicate pack id "${pack.id}"`);
      }
      this.packs.set(pack.id, pack);
    });
    const index = new Map([...this.packs.keys()].map((id, i) => [id, i]));
    for (const pack of this.packs.values()) {
      const i = index.get(pack.id) ?? 0;
      if (pack.parent !== undefined && !this.packs.has(pack.parent)) {
        throw packError(`packs[${i}].parent`, `父规则包“${pack.parent}”不存在`, `unknown parent pack "${pack.parent}"`);
      }
      const seen = new Set<string>([pack.id]);
      for (let p = pack.parent; p !== undefined; p = this.packs.get(p)?.parent) {
        if (seen.has(p)) {
          throw packError(`packs[${i}].parent`, `规则包继承出现循环：${[...seen, p].join(' → ')}`, `inheritance cycle: ${[...seen, p].join(' → ')}`);
        }
        seen.add(p);
      }
    }
    const all = [...this.packs.values()];
    for (let a = 0; a < all.length; a++) {
      for (let b = a + 1; b < all.length; b++) {
        const x = all[a]!;
        const y = all[b]!;
        if (x.jurisdictionPrefix !== y.jurisdictionPrefix) continue;
        const overlap = x.effectiveFrom <= (y.effectiveTo ?? '9999-12-31') && y.effectiveFrom <= (x.effectiveTo ?? '9999-12-31');
        if (overlap) {
          throw packError(
            `packs[${index.get(y.id)}].effectiveFrom`,
            `规则包“${x.id}”与“${y.id}”适用同一区划前缀“${x.jurisdictionPrefix}”且有效期重叠`,
            `packs "${x.id}" and "${y.id}" have the same jurisdiction prefix "${x.jurisdictionPrefix}" and overlapping periods`,
          );
        }
      }
    }
    for (const pack of this.packs.values()) this.resolveId(pack.id, index.get(pack.id) ?? 0);
  }

  /** The four packs shipped with Bangfu: national, nei-mongol (2022 and 2024), xuchang, chongqing. */
  static builtIn(): PackRegistry {
    return new PackRegistry(builtInPacks());
  }

  list(): PackHistoryEntry[] {
    return [...this.packs.values()].map((p) => ({
      id: p.id,
      version: p.version,
      jurisdictionPrefix: p.jurisdictionPrefix,
      effectiveFrom: p.effectiveFrom,
      effectiveTo: p.effectiveTo,
    }));
  }

  get(id: string): ResolvedPack {
    const r = this.resolved.get(id);
    if (!r) throw new RuleInputError('no_pack', 'pack', `规则包“${id}”不存在`, `no pack "${id}"`);
    return r;
  }

  /** Every pack that applies to the code at some time, oldest first (most specific first on the same day). */
  history(code: string): PackHistoryEntry[] {
    checkJurisdiction(code);
    return this.list()
      .filter((p) => code.startsWith(p.jurisdictionPrefix))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || b.jurisdictionPrefix.length - a.jurisdictionPrefix.length);
  }

  /** The pack in force for a 12-digit division code on asOf. */
  resolve(code: string, asOf: IsoDate, field = 'jurisdiction'): ResolvedPack {
    checkJurisdiction(code, field);
    parseIsoDate(asOf, 'asOf');
    let best: RulePack | undefined;
    for (const p of this.packs.values()) {
      if (!code.startsWith(p.jurisdictionPrefix)) continue;
      if (asOf < p.effectiveFrom || (p.effectiveTo !== undefined && asOf > p.effectiveTo)) continue;
      if (!best || p.jurisdictionPrefix.length > best.jurisdictionPrefix.length) best = p;
    }
    if (!best) {
      throw new RuleInputError('no_pack', field, `区划 ${code} 在 ${asOf} 没有生效的规则包`, `no rule pack in force for ${code} on ${asOf}`);
    }
    return this.get(best.id);
  }

  private resolveId(id: string, i: number): ResolvedPack {
    const done = this.resolved.get(id);
    if (done) return done;
    const pack = this.packs.get(id)!;
    const parent = pack.parent !== undefined ? this.resolveId(pack.parent, i) : undefined;
    const params: Record<string, Record<string, unknown>> = {};
    const origin: Record<string, { pack: string; override?: OverrideNote['replaced'] }> = {};
    for (const g of PARAM_GROUPS) params[g] = { ...((parent?.params[g] as Record<string, unknown> | undefined) ?? {}) };
    if (parent) Object.assign(origin, parent.origin);
    for (const g of PARAM_GROUPS) {
      const group = pack.params[g] as Record<string, unknown> | undefined;
      if (!group) continue;
      for (const [k, v] of Object.entries(group)) {
        if (v === undefined) continue;
        const key = `${g}.${k}`;
        const before = params[g]![k];
        if (v === null) {
          delete params[g]![k];
          delete origin[key];
          continue;
        }
        params[g]![k] = v;
        origin[key] =
          before !== undefined ? { pack: pack.id, override: { pack: origin[key]?.pack ?? '?', source: sourceOf(before) } } : { pack: pack.id };
      }
    }
    const checked = ParamsSchema.safeParse(params);
    if (!checked.success) {
      const first = zodIssuesToProblems(checked.error, `packs[${i}].params`)[0]!;
      throw packError(first.field, `规则包“${id}”继承后参数不完整：${first.messageZh}`, `pack "${id}" after inheritance: ${first.messageEn}`);
    }
    const chain = [pack.id, ...(parent?.chain ?? [])];
    const sources = new Map<string, PackSource>();
    for (const pid of [...chain].reverse()) for (const s of this.packs.get(pid)!.sources) sources.set(s.code, s);
    const cited = new Set<string>();
    collectDocs(checked.data, cited);
    for (const doc of cited) {
      if (!sources.has(doc)) {
        throw packError(`packs[${i}].sources`, `规则包“${id}”引用了未列出的文件“${doc}”`, `pack "${id}" cites document "${doc}" missing from sources`);
      }
    }
    const resolved: ResolvedPack = {
      id: pack.id,
      version: pack.version,
      name: pack.name,
      jurisdictionPrefix: pack.jurisdictionPrefix,
      effectiveFrom: pack.effectiveFrom,
      effectiveTo: pack.effectiveTo,
      chain,
      params: checked.data,
      origin,
      sourcesUsed: [...sources.values()].filter((s) => cited.has(s.code)),
    };
    this.resolved.set(id, resolved);
    return resolved;
  }
}

function collectDocs(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) collectDocs(x, out);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.source && typeof o.source === 'object' && typeof (o.source as Source).doc === 'string') out.add((o.source as Source).doc);
    for (const x of Object.values(o)) collectDocs(x, out);
  }
}

export function checkJurisdiction(code: unknown, field = 'jurisdiction'): asserts code is string {
  if (typeof code !== 'string' || !/^\d{12}$/.test(code)) {
    throw new RuleInputError('invalid_value', field, '区划代码必须是 12 位数字', 'jurisdiction must be a 12-digit division code');
  }
}

export type { ParamGroup };
