/**
 * Deciding despite a missing fact: when a fact with a finite set of possible values (sex, retirement category, a
 * yes/no answer, a code list) is not recorded, the evaluator is run once per possible value (per combination when
 * several are missing). If every run gives the same outcome the missing fact did not matter and the outcome stands,
 * with an explanation saying so and showing what each value gave; otherwise the answer stays undetermined and names
 * only the facts whose value changes it. E.g. a 16-year-old of unrecorded sex is below every retirement age
 * (NM24 一(一)), so registration is decided; a 59-year-old of unrecorded sex is not (a man is below 60, a woman past
 * 50/55). One helper for every three-valued evaluator, so they cannot drift apart.
 */
import type { Explanation } from '../core/explain.ts';

/** One possible value of a missing fact: how to fill it into the facts, and how to name it. */
export interface FactOption<F> {
  readonly value: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly apply: (facts: F) => F;
}

/** A missing fact: the input field it comes from (as in `missingFacts`) and every value it could take. */
export interface MissingFact<F> {
  readonly field: string;
  readonly options: readonly FactOption<F>[];
}

export interface Variant<R> {
  /** field → option value */
  readonly assignment: Readonly<Record<string, string>>;
  /** option labels in the order of the missing facts */
  readonly labelsZh: readonly string[];
  readonly labelsEn: readonly string[];
  readonly result: R;
  /** null: this combination is itself undetermined (another, non-enumerable fact is missing too). */
  readonly outcome: string | null;
}

export type OverMissing<R> =
  | { readonly decided: true; readonly outcome: string; readonly fields: readonly string[]; readonly variants: readonly Variant<R>[] }
  | { readonly decided: false; readonly relevant: readonly string[]; readonly variants: readonly Variant<R>[] };

/** Above this many combinations the helper does not try (the evaluator's own three-valued answer stands). */
export const MAX_COMBINATIONS = 4096;

/**
 * Runs `evaluate` for every combination of the missing facts' values. `outcome` maps a result to a comparable key,
 * or null when that result is itself undetermined. Pure: `evaluate` must be a pure function of the facts.
 */
export function decideOverMissing<F, R>(
  facts: F,
  missing: readonly MissingFact<F>[],
  evaluate: (facts: F) => R,
  outcome: (result: R) => string | null,
): OverMissing<R> {
  const dims = missing.filter((m) => m.options.length > 0);
  const fields = dims.map((m) => m.field);
  const total = dims.reduce((n, m) => n * m.options.length, 1);
  if (dims.length === 0 || total > MAX_COMBINATIONS) return { decided: false, relevant: fields, variants: [] };
  const variants: Variant<R>[] = [];
  const index = new Array<number>(dims.length).fill(0);
  for (let k = 0; k < total; k++) {
    let f = facts;
    const assignment: Record<string, string> = {};
    const zh: string[] = [];
    const en: string[] = [];
    dims.forEach((m, i) => {
      const o = m.options[index[i]!]!;
      f = o.apply(f);
      assignment[m.field] = o.value;
      zh.push(o.labelZh);
      en.push(o.labelEn);
    });
    const result = evaluate(f);
    variants.push({ assignment, labelsZh: zh, labelsEn: en, result, outcome: outcome(result) });
    for (let i = dims.length - 1; i >= 0; i--) {
      index[i] = index[i]! + 1;
      if (index[i]! < dims[i]!.options.length) break;
      index[i] = 0;
    }
  }
  const first = variants[0]!.outcome;
  if (first !== null && variants.every((v) => v.outcome === first)) return { decided: true, outcome: first, fields, variants };
  // A fact matters when changing only its value changes the outcome (or leaves it undetermined).
  const relevant = dims
    .filter((m) => {
      const groups = new Map<string, Set<string>>();
      for (const v of variants) {
        const rest = dims.filter((x) => x !== m).map((x) => v.assignment[x.field]).join('|');
        const set = groups.get(rest) ?? new Set<string>();
        set.add(v.outcome ?? '\u0000undetermined');
        groups.set(rest, set);
      }
      return [...groups.values()].some((s) => s.size > 1 || s.has('\u0000undetermined'));
    })
    .map((m) => m.field);
  return { decided: false, relevant: relevant.length ? relevant : fields, variants };
}

/**
 * The explanation of a decision taken despite missing facts: which facts were missing, what each value gave (`why`
 * describes one run, e.g. the retirement date it used) and that the outcome is the same for all.
 */
export function missingDidNotMatter<R>(
  base: Pick<Explanation, 'rule' | 'source' | 'pack'>,
  decided: Extract<OverMissing<R>, { decided: true }>,
  outcomeZh: string,
  outcomeEn: string,
  why: (result: R) => { zh: string; en: string },
): Explanation {
  const per = decided.variants.map((v) => ({ zh: `${v.labelsZh.join('、')}：${why(v.result).zh}`, en: `${v.labelsEn.join(', ')}: ${why(v.result).en}` }));
  return {
    ...base,
    rule: `${base.rule}.missing-facts-irrelevant`,
    text: `未记录 ${decided.fields.join('、')}，但按其每一种可能取值分别判断，结论相同（${outcomeZh}），该事实不影响结论：${per.map((p) => p.zh).join('；')}`,
    textEn: `${decided.fields.join(', ')} not recorded, but every possible value gives the same answer (${outcomeEn}), so it does not matter: ${per.map((p) => p.en).join('; ')}`,
    numbers: { missingFacts: decided.fields.join(','), combinations: decided.variants.length, outcome: decided.outcome },
  };
}

/** Options of a yes/no fact. */
export function booleanOptions<F>(set: (facts: F, value: boolean) => F): FactOption<F>[] {
  return [
    { value: 'true', labelZh: '是', labelEn: 'yes', apply: (f) => set(f, true) },
    { value: 'false', labelZh: '否', labelEn: 'no', apply: (f) => set(f, false) },
  ];
}

/** Options of a code-list fact (each member, labelled by its code). */
export function codeOptions<F, C extends string>(codes: readonly C[], set: (facts: F, value: C) => F): FactOption<F>[] {
  return codes.map((c) => ({ value: c, labelZh: c, labelEn: c, apply: (f: F) => set(f, c) }));
}
