// Reading evaluator decisions for display. A decision carries explanations ({rule, source, text, …}; see
// packages/rules/src/core/explain.ts) possibly nested per sub-decision; the what-if page lists them all.

export interface ExplanationRow {
  rule: string;
  source: string;
  pack?: string;
  text: string;
  textEn?: string;
  numbers?: Record<string, unknown>;
}

function isExplanation(value: unknown): value is ExplanationRow {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.rule === 'string' && typeof v.source === 'string' && typeof v.text === 'string';
}

/** Every explanation found anywhere in a decision, in document order; depth-limited against pathological input. */
export function collectExplanations(value: unknown, out: ExplanationRow[] = [], depth = 0): ExplanationRow[] {
  if (depth > 8 || typeof value !== 'object' || value === null) return out;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isExplanation(item)) out.push(item);
      else collectExplanations(item, out, depth + 1);
    }
    return out;
  }
  for (const child of Object.values(value)) collectExplanations(child, out, depth + 1);
  return out;
}

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The decision's findings as flat `path = value` rows (`tier.code = long`, `uiBenefit.eligible = yes`), two levels
 * deep, leaving out the explanations (listed separately) and empty lists. Lists of scalars are joined; lists of
 * objects are counted.
 */
export function decisionSummary(value: unknown, maxDepth = 2): { key: string; value: string }[] {
  const rows: { key: string; value: string }[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (isScalar(v)) {
      rows.push({ key: path, value: String(v) });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return;
      rows.push({ key: path, value: v.every(isScalar) ? v.map(String).join(', ') : `[${v.length}]` });
      return;
    }
    if (typeof v !== 'object' || v === undefined) return;
    if (depth >= maxDepth) {
      rows.push({ key: path, value: JSON.stringify(v) });
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k === 'explanations') continue;
      walk(child, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) walk(value, '', 0);
  return rows;
}
