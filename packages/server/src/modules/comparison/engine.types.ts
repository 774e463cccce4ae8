/** What the DuckDB side of a run (`engine.ts`) reads, matches and answers. */
export interface EngineOptions {
  readonly memoryLimit?: string;
  readonly threads?: number;
}

export interface RejectedRow {
  readonly line: number;
  readonly reasons: { field: string; code: string; zh: string; en: string }[];
  readonly idNumber: string;
  readonly cells: Record<string, string | null>;
}

export interface Registrant {
  readonly personId: string;
  readonly registrationId: string;
  readonly kind: string;
  readonly registeredOn: string;
  readonly jurisdictionCode: string;
  readonly idNumber: string;
}

/** A match aggregated per registration (and per employer / business for employment evidence). */
export interface VerificationMatch {
  readonly personId: string;
  readonly registrationId: string;
  readonly jurisdictionCode: string;
  readonly registeredOn: string;
  /** Employer credit code or name (employment kinds), '' otherwise. */
  readonly key: string;
  /** First month/day of the evidence (YYYY-MM-DD). */
  readonly eventOn: string;
  readonly employerName: string | null;
  readonly employerCreditCode: string | null;
  readonly count: number;
  readonly evidence: Record<string, unknown>[];
}

export interface ListedPerson {
  readonly idNumber: string;
  readonly name: string | null;
  readonly divisionCode: string | null;
  readonly since: string | null;
  readonly grade: number | null;
  readonly lines: number[];
}

export interface EmployerRow {
  readonly employerName: string;
  readonly employerCreditCode: string;
  readonly divisionCode: string;
  readonly year: number;
  readonly amount: number;
  readonly line: number;
}

export type Progress = (p: { fraction: number; rowsRead: number }) => void;
