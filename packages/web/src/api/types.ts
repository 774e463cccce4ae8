// Types mirroring docs/api.md (HTTP API v1). The console imports nothing from the server package: this file is the
// console's side of the contract, kept by hand in step with the document.

export const ROLES = ['citizen', 'caseworker', 'operator', 'supervisor', 'partner', 'employer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LEVELS = ['nation', 'province', 'city', 'county', 'township', 'village'] as const;
export type Level = (typeof LEVELS)[number];

export interface Jurisdiction {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
}

/** `GET /api/v1/jurisdictions/:code`: the jurisdiction and its path from the user's root. */
export interface JurisdictionWithPath extends Jurisdiction {
  path: Jurisdiction[];
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: Jurisdiction;
  personId: string | null;
}

/** Answer of `POST /api/auth/login` and `GET /api/auth/me`. */
export interface Session {
  user: Me;
  csrfToken: string;
}

export interface Health {
  status: 'ok';
  db: 'pglite' | 'postgres';
  version: string;
}

export interface DashboardCounts {
  persons: number;
  households: number;
  activeRegistrations: number;
  offices: number;
  users: number;
}

export interface Dashboard {
  jurisdiction: Jurisdiction;
  counts: DashboardCounts;
  marks: Record<string, number>;
}

export interface PersonListItem {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  jurisdiction: { code: string; name: string };
  marks: string[];
}

export interface PersonDetail extends PersonListItem {
  householdId: string | null;
  relationship: string | null;
  education: string | null;
  employmentStatus: string | null;
  laborCapacity: string | null;
  intention: string | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Revealed {
  idNumber: string;
  phone: string | null;
}

export interface Office {
  id: string;
  name: string;
  level: Level;
  jurisdictionCode: string;
  address: string;
  phone: string;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  username: string | null;
  role: Role | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  jurisdictionCode: string | null;
  ip: string | null;
  reason: string | null;
  outcome: string;
  detail: unknown;
}

export const AUDIT_OUTCOMES = ['ok', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditPage {
  items: AuditEntry[];
  total: number;
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
