/**
 * Every decision carries its explanation: which rule, which pack version, which clause, and the numbers used.
 */
export interface SourceRef {
  /** Short document code, e.g. `NM24`, `XC23`, `人社厅发〔2020〕79号`. */
  readonly doc: string;
  /** Clause inside the document, e.g. `二(一)`. */
  readonly clause: string;
}

export interface PackRef {
  readonly id: string;
  readonly version: string;
}

export interface Explanation {
  /** Stable rule id, e.g. `tier.by-duration`. */
  readonly rule: string;
  /** Human citation, e.g. `NM24 二(一)`. */
  readonly source: string;
  /** The pack that produced it, as `id@version`. */
  readonly pack?: string;
  /** One sentence in zh-CN naming the numbers used. */
  readonly text: string;
  /** The same in English. */
  readonly textEn?: string;
  /** The inputs and intermediate numbers, for audit and what-if. */
  readonly numbers?: Readonly<Record<string, string | number | boolean | null>>;
}

export function cite(source: SourceRef): string {
  return `${source.doc} ${source.clause}`.trim();
}
