/** Options of the comparison slice (from the configuration; see `createComparisonService`). */
export interface ComparisonOptions {
  /** Where uploads and converted files are kept for their run. */
  readonly workDir: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Stale files: months without any fact updated (R7.5: "long-term (> 6 months)"). */
  readonly staleMonths?: number;
  /** A confirmation claim older than this is taken as abandoned by a crash (default APPLYING_STALE_MS). */
  readonly applyingStaleMs?: number;
  /**
   * Load the registrants before reading the file instead of while it is read (default: while; measured about equal
   * in total on 2 cores, see docs/comparison.md, and the overlap keeps the match step to the join and the rule).
   */
  readonly registryFirst?: boolean;
  /** Days rejected-row data is kept after its run finished (config `comparisonRetentionDays`; 0 keeps it). */
  readonly retentionDays?: number;
  /** The database is embedded (PGlite, its directory locked to this process): no other process holds a lease. */
  readonly exclusiveDatabase?: boolean;
}

/** A confirmation still `applying` after this was abandoned (applying takes well under a second). */
export const APPLYING_STALE_MS = 10 * 60_000;
