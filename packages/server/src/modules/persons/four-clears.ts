/**
 * Pure rules of the four clears (四清) settings and summary: which staleness setting applies in a jurisdiction,
 * and the per-child percentages of the summary. The per-file state is `fourClears` in `person-file.ts`.
 */
import { NATION_CODE, ancestorCodes } from '../../access/scope.ts';

/** Age (days) after which a gathered fact is stale when no jurisdiction sets its own. */
export const DEFAULT_STALE_AFTER_DAYS = 180;

/** The nation's staleness (the key older releases wrote); a jurisdiction's own is `${FOUR_CLEARS_SETTING}:<code>`. */
export const FOUR_CLEARS_SETTING = 'four_clears.stale_after_days';

export function fourClearsSettingKey(code: string): string {
  return code === NATION_CODE ? FOUR_CLEARS_SETTING : `${FOUR_CLEARS_SETTING}:${code}`;
}

/** The setting keys that may apply in `code`: the nation's, then each ancestor's, then its own. */
export function settingChain(code: string): string[] {
  return [NATION_CODE, ...ancestorCodes(code)];
}

/**
 * The staleness that applies in `code` among the stored settings: its own, else its nearest ancestor's (the
 * nation last); a value that is not a positive whole number is ignored. `setAt` null when none applies.
 */
export function applyingSetting(code: string, stored: readonly { key: string; value: unknown }[]): { days: number | null; setAt: string | null } {
  for (const c of settingChain(code).reverse()) {
    const v = stored.find((r) => r.key === fourClearsSettingKey(c))?.value;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return { days: v, setAt: c };
  }
  return { days: null, setAt: null };
}

/** Child prefix length below a division prefix (province 2 → city 4 → county 6 → township 9 → village 12). */
export function childPrefixLength(prefixLength: number): number | undefined {
  return { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 }[prefixLength];
}

export interface ClearCounts {
  readonly prefix: string;
  readonly persons: number;
  readonly headcount: number;
  readonly skills: number;
  readonly intention: number;
  readonly serviceNeeds: number;
  readonly complete: number;
}

const NONE: ClearCounts = { prefix: '', persons: 0, headcount: 0, skills: 0, intention: 0, serviceNeeds: 0, complete: 0 };

/** Per cent with one decimal; 0 for no persons. */
export function percent(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n * 1000) / of) / 10;
}

/** One summary line: the child's counts (those of the prefix it lies under; none → zeros) as percentages. */
export function summaryItem(child: { code: string; name: string }, counts: readonly ClearCounts[] | undefined) {
  const c = counts?.find((x) => child.code.startsWith(x.prefix)) ?? NONE;
  return {
    jurisdiction: child,
    persons: c.persons,
    complete: c.complete,
    percent: percent(c.complete, c.persons),
    byClear: {
      headcount: percent(c.headcount, c.persons),
      skills: percent(c.skills, c.persons),
      intention: percent(c.intention, c.persons),
      serviceNeeds: percent(c.serviceNeeds, c.persons),
    },
  };
}
