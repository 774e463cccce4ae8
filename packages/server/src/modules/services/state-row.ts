/** The stored service state of one registrant (`person_service_state`) and its change-log rows, as the engine computes them. */

/** One row of `person_service_state` (without bookkeeping columns). */
export interface StateRow {
  personId: string;
  registrationId: string;
  jurisdictionCode: string;
  caseworkerId: string | null;
  packRef: string;
  registeredOn: string;
  tier: string;
  tierSince: string;
  tierNextChange: string | null;
  level: string;
  class: string | null;
  obligationsApplicable: number;
  obligationsMet: number;
  obligationsUnmet: number;
  obligationsOverdue: number;
  unmetMask: number;
  overdueMask: number;
  obligationsDueBy: string | null;
  followUpMonths: number;
  followUpDue: string | null;
  followUpOverdue: boolean;
  lastContact: string | null;
  firstContactDeadline: string | null;
  firstContactOn: string | null;
  stale: boolean;
  fileVerifiedOn: string | null;
  servicesCount: number;
  lastServiceOn: string | null;
  calendarGaps: number;
}

/** State columns in table order (for COPY and multi-row INSERT). */
export const STATE_COLUMNS: readonly [keyof StateRow, string][] = [
  ['personId', 'person_id'],
  ['registrationId', 'registration_id'],
  ['jurisdictionCode', 'jurisdiction_code'],
  ['caseworkerId', 'caseworker_id'],
  ['packRef', 'pack_ref'],
  ['registeredOn', 'registered_on'],
  ['tier', 'tier'],
  ['tierSince', 'tier_since'],
  ['tierNextChange', 'tier_next_change'],
  ['level', 'level'],
  ['class', 'class'],
  ['obligationsApplicable', 'obligations_applicable'],
  ['obligationsMet', 'obligations_met'],
  ['obligationsUnmet', 'obligations_unmet'],
  ['obligationsOverdue', 'obligations_overdue'],
  ['unmetMask', 'unmet_mask'],
  ['overdueMask', 'overdue_mask'],
  ['obligationsDueBy', 'obligations_due_by'],
  ['followUpMonths', 'follow_up_months'],
  ['followUpDue', 'follow_up_due'],
  ['followUpOverdue', 'follow_up_overdue'],
  ['lastContact', 'last_contact'],
  ['firstContactDeadline', 'first_contact_deadline'],
  ['firstContactOn', 'first_contact_on'],
  ['stale', 'stale'],
  ['fileVerifiedOn', 'file_verified_on'],
  ['servicesCount', 'services_count'],
  ['lastServiceOn', 'last_service_on'],
  ['calendarGaps', 'calendar_gaps'],
];

export interface ChangeRow {
  personId: string;
  on: string;
  kind: 'tier' | 'level' | 'class' | 'obligations' | 'follow_up' | 'stale' | 'ended';
  fromValue: string | null;
  toValue: string | null;
  textZh: string;
  textEn: string;
  jurisdictionCode: string;
}

/** Whether two states are the same in every stored column (unchanged rows are not written). */
export function sameState(a: StateRow | null, b: StateRow): boolean {
  if (!a) return false;
  for (const [k] of STATE_COLUMNS) if (a[k] !== b[k]) return false;
  return true;
}
