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

/** Top-level scalar fields of a decision (outcome, tier, dates…), shown as a summary above the grounds. */
export function decisionSummary(value: unknown): { key: string; value: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([key, v]) => ({ key, value: String(v) }));
}
