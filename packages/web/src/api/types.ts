// Console-side types. The API's shapes are generated from the server's schemas (models.ts ← schema.d.ts ←
// openapi.json, `npm run contract`); what remains here is UI-only (paging, the error body, filter lists).
export * from './models.ts';

/** A page of a list answer (the lists the UI pages through). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ErrorIssue {
  field: string;
  message: string;
}

/** The one error body every failing API call answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    issues?: ErrorIssue[];
  };
}

// ---- Data comparison findings: the filter lists the UI iterates ----
export const FINDING_STATES = ['pending', 'applying', 'confirmed', 'dismissed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_CATEGORIES = ['verification', 'discovery', 'referral', 'stale'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
