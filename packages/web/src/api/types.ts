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

// ---------------------------------------------------------------------------------------------------------------
// Person files (一人一档), households, registrations, citizen portal and bulk import (issue 4). Mirrors the zod
// schemas of packages/server/src/contract/persons.ts and the registration, citizen and imports slices.

/** Code lists of spec/CODES.md used by the forms (same spelling as the API). */
export const MARKS = [
  'difficulty',
  'zero_employment_family',
  'graduate_unemployed',
  'poverty_alleviated',
  'migrant_worker',
  'veteran',
  'disabled',
  'low_income',
  'dibao',
  'social_assistance',
  'land_lost',
  'older',
  'long_term_unemployed',
] as const;
/** `older` and `long_term_unemployed` are derived (CODES.md): never entered by hand. */
export const ENTERABLE_MARKS = MARKS.filter((m) => m !== 'older' && m !== 'long_term_unemployed');
export const EMPLOYMENT_STATUSES = ['unemployed', 'employed', 'flexible', 'self_employed', 'student', 'military', 'retired', 'unable', 'other'] as const;
/** A file behind a person's records (`/api/v1/persons/:id/attachments`). */
export interface Attachment {
  id: string;
  personId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}
/** Unemployment-duration tiers (NM24 二(一)) and service levels (XC23 三(二)), as computed for active registrants. */
export const TIERS = ['short', 'medium', 'long'] as const;
export const SERVICE_LEVELS = ['level1', 'level2'] as const;
export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const INTENTIONS = ['employment', 'training', 'entrepreneurship', 'unclear', 'other'] as const;
export const EDUCATION_LEVELS = ['none', 'primary', 'junior_secondary', 'senior_secondary', 'secondary_vocational', 'junior_college', 'bachelor', 'postgraduate'] as const;
export const RELATIONSHIPS = ['head', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export const FACT_SOURCES = ['visit', 'phone', 'sms', 'self_report', 'data_comparison', 'import'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];
export const CLEARS = ['headcount', 'skills', 'intention', 'serviceNeeds'] as const;
export type Clear = (typeof CLEARS)[number];
export const PLACE_BASES = ['residence', 'hukou', 'insured', 'employment'] as const;
export type PlaceBasis = (typeof PLACE_BASES)[number];
export const DEREGISTRATION_REASONS = [
  'pension',
  'hired',
  'self_employed',
  'enrolled',
  'military',
  'emigrated',
  'incapacitated',
  'imprisoned',
  'deceased',
  'other_statutory',
  'refused_services_3_times',
  'no_contact_6_months',
] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];
export const UNEMPLOYMENT_REASONS = ['dismissed', 'contract_ended', 'resigned', 'business_closed', 'graduate', 'demobilised', 'land_lost', 'released', 'other'] as const;
export const REGISTRATION_MARKS = ['difficulty', 'graduate_unemployed', 'poverty_alleviated'] as const;
export const CONTACT_CHANNELS = ['in_person', 'home_visit', 'phone', 'sms', 'online'] as const;
export const EMPLOYMENT_TYPES = ['stable', 'flexible', 'self_employed'] as const;
export const SERVICE_TYPES = [
  'registration_service',
  'information_service',
  'policy_service',
  'business_service',
  'career_guidance',
  'job_recommendation',
  'training_recommendation',
  'policy_briefing',
  'job_search_skills',
  'entrepreneurship_service',
  'counselling',
  'job_tasting',
  'internship',
  'recruitment_event',
  'public_welfare_post',
  'follow_up',
  'referral_civil_affairs',
  'assistance_plan',
  'other',
] as const;

export type Tri = boolean | 'unknown';

export interface PersonListItemEx extends PersonListItem {
  employmentStatus: string;
  hidden: boolean;
  /** False for a self-reported file whose identity no caseworker has confirmed (issue 11). */
  identityVerified: boolean;
}

export interface Place {
  code: string;
  name: string;
  address: string | null;
}

export interface Skill {
  name: string;
  level?: string;
}

export interface Certificate {
  name: string;
  number?: string;
  issuer?: string;
  issuedOn?: string;
}

export interface WorkHistoryEntry {
  employer: string;
  position?: string;
  from: string;
  to?: string;
}

export interface MarkRecord {
  mark: string;
  since: string;
  until: string | null;
  source: string;
  recordedBy: string | null;
  note: string | null;
}

export interface ClearState {
  status: 'complete' | 'stale' | 'missing';
  on: string | null;
  source: string | null;
}

export interface FourClears {
  staleAfterDays: number;
  complete: boolean;
  headcount: ClearState;
  skills: ClearState;
  intention: ClearState;
  serviceNeeds: ClearState;
}

/** `GET /api/v1/persons/:id` (optionally `?asOf=`): the whole file, sensitive values masked. */
export interface PersonFile extends PersonDetail {
  version: number;
  documentType: string;
  hidden: boolean;
  hiddenReason: string | null;
  identity: { verified: boolean; verifiedAt: string | null };
  mergedInto: string | null;
  residence: Place | null;
  hukou: Place | null;
  insured: Place | null;
  workplace: Place | null;
  skills: Skill[];
  certificates: Certificate[];
  workHistory: WorkHistoryEntry[];
  serviceNeeds: string[];
  retirementCategory: string | null;
  hasDisabilityGrade: boolean;
  hasIncome: boolean;
  markHistory: MarkRecord[];
  fourClears: FourClears;
  flags: string[];
  asOf: string | null;
}

export interface PossibleDuplicate {
  id: string;
  name: string;
  birthDate: string;
  phoneMasked: string | null;
  idNumberMasked: string;
  jurisdiction: { code: string; name: string };
  matched: ('idNumber' | 'name' | 'birthDate' | 'phone')[];
}

export interface PersonCreated {
  file: PersonFile;
  possibleDuplicates: PossibleDuplicate[];
}

export interface PersonEvent {
  id: string;
  at: string;
  kind: string;
  actor: { id: string | null; name: string | null };
  source: string | null;
  reason: string | null;
  change: Record<string, unknown>;
  mergedFrom: string | null;
}

export interface PlaceInput {
  code: string;
  address?: string;
}

export interface MarkInput {
  mark: string;
  since?: string;
  source: FactSource;
  note?: string;
}

/** Body of `POST /api/v1/persons`. */
export interface PersonCreateBody {
  idNumber: string;
  name: string;
  sex?: 'male' | 'female';
  birthDate?: string;
  phone?: string | null;
  residence: PlaceInput;
  hukou?: PlaceInput | null;
  education?: string | null;
  laborCapacity?: string;
  employmentStatus: string;
  intention?: string | null;
  marks?: MarkInput[];
  source: FactSource;
}

/** Body of `PATCH /api/v1/persons/:id` (only the fields being changed, plus `version` and `source`). */
export interface PersonUpdateBody {
  version: number;
  source: FactSource;
  reason?: string;
  name?: string;
  phone?: string | null;
  residence?: PlaceInput;
  hukou?: PlaceInput | null;
  insured?: PlaceInput | null;
  workplace?: PlaceInput | null;
  education?: string | null;
  skills?: Skill[];
  certificates?: Certificate[];
  workHistory?: WorkHistoryEntry[];
  laborCapacity?: string;
  employmentStatus?: string;
  intention?: string | null;
  serviceNeeds?: string[];
}

export interface Explanation {
  rule: string;
  source: string;
  pack?: string;
  text: string;
  textEn?: string;
  numbers?: Record<string, string | number | boolean | null>;
}

export interface HouseholdMember {
  personId: string;
  name: string;
  relationship: string | null;
  sex: string;
  birthDate: string;
  ageYears: number;
  employmentStatus: string;
  registeredUnemployed: boolean;
  workingAge: Tri;
  unemployed: Tri;
}

export interface HouseholdPeriod {
  id: string;
  startedAt: string;
  startedBy: unknown;
  endedAt: string | null;
  endedBy: unknown;
}

export interface Household {
  id: string;
  jurisdiction: { code: string; name: string };
  address: string | null;
  urban: boolean;
  businessIncome: boolean | null;
  members: HouseholdMember[];
  zeroEmployment: {
    status: Tri;
    pack: string;
    workingAgeMembers: number;
    missingFacts: string[];
    explanations: Explanation[];
    since: string | null;
  };
  periods: HouseholdPeriod[];
}

export interface EligibilityReason {
  code: string;
  met: Tri;
  source: string;
  textZh: string;
  textEn: string;
}

export interface Eligibility {
  pack: string;
  decision: 'unemployment' | 'job_seeking' | 'refused' | 'undetermined';
  eligible: Tri;
  reasons: EligibilityReason[];
  missingFacts: string[];
  decisionDeadline: string | null;
  firstContactDeadline: string | null;
  uiBenefit: { eligible: Tri; maxMonths: number | null; missingFacts: string[] };
  explanations: Explanation[];
}

export interface OfficeRef {
  id: string;
  name: string;
  address: string;
  phone: string;
}

export interface Registration {
  id: string;
  personId: string;
  kind: string;
  state: string;
  registrationNo: string | null;
  period: number | null;
  channel: string;
  registeredOn: string;
  appliedOn: string | null;
  placeBasis: string;
  jurisdiction: { code: string; name: string };
  office: OfficeRef | null;
  caseworker: { id: string; displayName: string } | null;
  commitment: { version: string; signedAt: string } | null;
  unemploymentReason: string | null;
  skills: string[];
  intention: string | null;
  marks: string[];
  uiBenefit: { eligible: string | null; maxMonths: number | null };
  offeredInstead: boolean;
  packRef: string | null;
  deadlines: { decision: string | null; decisionMet: boolean | null; firstContact: string | null; explanations: Explanation[] };
  firstContact: { on: string; channel: string | null; note: string | null } | null;
  cancelledOn: string | null;
  deregistration: { reason: string; rule: string | null; note: string | null; source: string | null } | null;
  createdAt: string;
}

export interface RegistrationCreated {
  registration: Registration;
  eligibility: Eligibility;
  offeredInstead: boolean;
}

/** Facts of `POST /api/v1/persons/:id/registrations` (and `/eligibility`, and the citizen's `/me/registrations`). */
export interface RegistrationFacts {
  kind?: 'unemployment' | 'job_seeking';
  acceptJobSeeking?: boolean;
  placeBasis: PlaceBasis;
  unemploymentReason: string;
  skills?: string[];
  intention: string;
  marks?: string[];
  contributionYears?: number;
  involuntaryJobLoss?: boolean;
}

export interface CommitmentText {
  version: string;
  effectiveFrom: string;
  titleZh: string;
  textZh: string;
  textEn: string;
  source: string;
  sha256: string;
}

export interface WorklistItem {
  id: string;
  personId: string;
  personName: string;
  idNumberMasked: string;
  registrationNo: string | null;
  kind: string;
  state: string;
  channel: string;
  registeredOn: string;
  jurisdiction: { code: string; name: string };
  firstContactDeadline: string | null;
  firstContactOn: string | null;
  daysLeft: number | null;
  workingDaysLeft: number | null;
  overdue: boolean;
}

export interface Worklist {
  items: WorklistItem[];
  total: number;
  page: number;
  pageSize: number;
  asOf: string;
}

export interface Deregistered {
  registration: Registration;
  notifications: { id: string; channel: string; templateId: string; state: string }[];
  explanations: Explanation[];
}

export interface Employment {
  id: string;
  personId: string;
  employerName: string;
  employerCreditCode: string | null;
  startedOn: string;
  type: string;
  endedRegistration: { id: string; registrationNo: string | null; reason: string } | null;
  createdAt: string;
}

export interface Explained {
  text: string;
  textEn: string;
  source: string;
}

/** `GET /api/v1/me/status`. */
export interface CitizenStatus {
  person: {
    id: string;
    name: string;
    idNumberMasked: string;
    phoneMasked: string | null;
    jurisdiction: { code: string; name: string };
    employmentStatus: string;
    marks: string[];
  };
  activeRegistration: Registration | null;
  registrations: Registration[];
  tier: { code: string; months: number; since: string; nextChange: string | null; explanation: Explained | null } | null;
  level: { code: string; deadline: string | null; explanation: Explained | null } | null;
  caseworker: { id: string; displayName: string } | null;
  office: OfficeRef | null;
  commitment: CommitmentText;
  notifications: { id: string; templateId: string; text: string; textEn: string; state: string; createdAt: string }[];
  asOf: string;
}

export interface PublicOffice extends OfficeRef {
  level: string;
  jurisdiction: { code: string; name: string };
}

export const IMPORT_KINDS = ['persons', 'registrations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportMappingEntry {
  field: string;
  label: string;
  labelEn: string;
  required: boolean;
  column: number | null;
  header: string | null;
}

export interface ImportJob {
  id: string;
  kind: string;
  fileName: string;
  format: string;
  encoding: string | null;
  sizeBytes: number;
  state: 'pending' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  createdAt: string;
  createdBy: string;
  jurisdictionCode: string;
  headerRow: number;
  headers: string[];
  mapping: ImportMappingEntry[];
  unmappedColumns: { index: number; header: string }[];
  missingFields: string[];
  progress: {
    total: number | null;
    processed: number;
    accepted: number;
    rejected: number;
    createdPersons: number;
    updatedPersons: number;
    unchanged: number;
    createdRegistrations: number;
    percent: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRejection {
  row: number;
  label: string | null;
  issues: { column: string | null; field: string | null; message: string; messageZh: string; messageEn: string }[];
}

// ---- Daily service work (issue 5): services, service state, worklist, compliance, diary ----
export const JOB_RESULTS = ['pending', 'interviewed', 'hired', 'declined'] as const;
export type JobResult = (typeof JOB_RESULTS)[number];
export const WORK_KINDS = ['first_contact', 'obligation', 'follow_up', 'stale_file', 'tier_change'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
export const COMPLIANCE_MEASURES = ['obligations', 'follow_up', 'first_contact', 'stale'] as const;
export type ComplianceMeasure = (typeof COMPLIANCE_MEASURES)[number];
export const PRINTABLE_KINDS = ['policy-card', 'service-list', 'office-list'] as const;
export type PrintableKind = (typeof PRINTABLE_KINDS)[number];

export interface ServiceBody {
  type: string;
  channel: string;
  servedOn: string;
  content?: string;
  postingId?: string;
  postingText?: string;
  result?: JobResult;
  resultReason?: string;
  outcome?: string;
  /** Files of the person (uploaded first), cited by id. */
  attachmentIds?: string[];
  idempotencyKey?: string;
}

export interface ServiceRecord {
  id: string;
  personId: string;
  type: string;
  channel: string;
  servedOn: string;
  jurisdictionCode: string;
  registrationId: string | null;
  worker: { id: string | null; name: string };
  officeId: string | null;
  content: string;
  posting: { id: string | null; title: string | null; employerName: string | null; text: string | null } | null;
  result: string | null;
  resultReason: string | null;
  outcome: string | null;
  attachments: { id?: string; name: string; mediaType: string; size: number }[];
  idempotencyKey: string | null;
  supersedesId: string | null;
  supersededBy: string | null;
  correctionReason: string | null;
  voided: boolean;
  counts: boolean;
  batchId: string | null;
  createdAt: string;
}

export interface Obligation {
  rule: string;
  service: string;
  required: number;
  delivered: number;
  from: string;
  dueBy: string | null;
  status: 'met' | 'unmet' | 'overdue';
  source: string;
  textZh: string;
}

export interface ServiceState {
  personId: string;
  asOf: string;
  registered: boolean;
  pack: string | null;
  registration: { id: string; registeredOn: string; firstContactDeadline: string | null; firstContactOn: string | null } | null;
  tier: { code: string; since: string; nextChange: string | null } | null;
  level: string | null;
  class: string | null;
  obligations: Obligation[];
  followUp: { rhythm: string; intervalMonths: number | null; lastContact: string | null; nextDueBy: string | null; overdue: boolean } | null;
  stale: boolean;
  fileVerifiedOn: string | null;
  explanations: { rule: string; source: string; pack: string; text: string; textEn: string }[];
  changes: { on: string; kind: string; textZh: string; textEn: string; at: string }[];
}

export interface ServiceCreated {
  record: ServiceRecord;
  replayed: boolean;
  state: ServiceState;
}

export interface BulkCreated {
  batchId: string;
  created: number;
  replayed: number;
  records: ServiceRecord[];
}

export interface JobPosting {
  id: string;
  title: string;
  employerName: string;
  jurisdictionCode: string;
  address: string | null;
  open: boolean;
  createdAt: string;
}

export interface DiaryEntry {
  on: string;
  at: string | null;
  kind: 'registration' | 'service' | 'contact' | 'status' | 'mark' | 'decision' | 'state';
  titleZh: string;
  titleEn: string;
  detail: string;
  by: string | null;
  ref: string | null;
}

export interface Diary {
  person: { id: string; name: string; idNumberMasked: string; jurisdiction: { code: string; name: string } };
  entries: DiaryEntry[];
}

export interface WorkItem {
  kind: WorkKind;
  personId: string;
  name: string;
  idNumberMasked: string;
  jurisdictionCode: string;
  dueOn: string | null;
  overdue: boolean;
  textZh: string;
  textEn: string;
  rule: string | null;
  source: string | null;
  action: { serviceType: string; channel: string; href: string };
  /** `obligation` items: every unmet obligation rule of the person, earliest deadline first. */
  obligations?: OwedService[];
}

export interface OwedService {
  rule: string;
  service: string;
  min: number;
  dueOn: string | null;
  overdue: boolean;
  textZh: string;
  textEn: string;
  source: string;
}

export interface DueWorklist {
  jurisdiction: string;
  asOf: string;
  total: number;
  overdue: number;
  groups: { kind: WorkKind; total: number; overdue: number; items: WorkItem[] }[];
}

export interface ComplianceRow {
  jurisdiction: { code: string; name: string };
  registrants: number;
  obligations: { required: number; met: number; overdue: number; rate: number | null; people: number; peopleAllMet: number };
  followUp: { due: number; onTime: number; rate: number | null };
  firstContact: { due: number; withinDeadline: number; rate: number | null };
  staleFiles: { longTerm: number; stale: number };
}

export interface ComplianceSummary {
  jurisdiction: { code: string; name: string };
  asOf: string;
  total: ComplianceRow;
  items: ComplianceRow[];
}

export interface CompliancePerson {
  personId: string;
  name: string;
  idNumberMasked: string;
  jurisdictionCode: string;
  tier: string;
  level: string;
  registeredOn: string;
  obligations: { required: number; met: number; overdue: number };
  followUpDue: string | null;
  followUpOverdue: boolean;
  firstContactDeadline: string | null;
  firstContactOn: string | null;
  stale: boolean;
  fileVerifiedOn: string | null;
}

export interface CompliancePeople {
  jurisdiction: string;
  measure: string;
  status: string;
  asOf: string;
  total: number;
  page: number;
  pageSize: number;
  items: CompliancePerson[];
}

// ---- Data comparison (issue 7) ----
export const FINDING_STATES = ['pending', 'applying', 'confirmed', 'dismissed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_CATEGORIES = ['verification', 'discovery', 'referral', 'stale'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export interface DatasetSpec {
  kind: string;
  zh: string;
  en: string;
  partnerZh: string;
  source: string;
  comparison: string;
  fields: { key: string; zh: string; en: string; type: string; required: boolean; aliases: string[] }[];
}

export interface ComparisonRun {
  id: string;
  datasetKind: string;
  /** Registry checks (no file): `stale` or `hardship`. */
  check: 'stale' | 'hardship' | null;
  partner: string;
  fileName: string | null;
  format: string | null;
  encoding: string | null;
  contentSha256: string | null;
  sizeBytes: number | null;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | string;
  phase: string | null;
  progress: { fraction: number; rowsRead: number; etaSeconds: number | null } | null;
  headers: string[] | null;
  mapping: Record<string, string> | null;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  /** Null for partners (comparison.runs without findings access): file-level counts only (issue 11). */
  registrants: number | null;
  matches: number | null;
  findingsCreated: number | null;
  timings: Record<string, number> | null;
  attempts: number;
  error: { code: string; zh: string; en: string } | null;
  jurisdictionCode: string;
  createdByName: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Finding {
  id: string;
  personId: string;
  personKnown: boolean;
  /** The person's file (known persons): name and masked ID number. */
  person: { name: string; idNumberMasked: string } | null;
  subject: { name: string | null; idMasked: string | null } | null;
  runId: string;
  category: string;
  datasetKind: string;
  rule: string;
  evidenceKey: string;
  proposedAction: Record<string, unknown>;
  evidence: Record<string, unknown>[];
  criteria: Record<string, unknown>[] | null;
  state: string;
  jurisdictionCode: string;
  registrationId: string | null;
  createdAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  dismissReason: string | null;
  applied: Record<string, unknown> | null;
}

export interface ComparisonSummary {
  jurisdiction: string;
  items: {
    jurisdiction: { code: string; name: string };
    datasetKind: string;
    pending: number;
    confirmed: number;
    dismissed: number;
    total: number;
    confirmedRate: number | null;
    decidedRate: number | null;
  }[];
}

// --- Employment assistance (packages/server/src/modules/assistance, posts, referrals) ---------------------------

export interface DifficultyCategory {
  id: string;
  nameZh: string;
  nameEn: string;
  met: Tri;
  source: string;
  missingFacts: string[];
}

export interface DifficultyEvaluation {
  pack: string;
  asOf: string;
  eligible: Tri;
  registeredUnemployed: Tri;
  categories: DifficultyCategory[];
  missingFacts: string[];
  explanations: { rule?: string; source?: string; text?: string; textZh?: string; textEn?: string; [k: string]: unknown }[];
}

export interface DeclaredFacts {
  residentMonths?: number;
  contributionYears?: number;
  landRemainingShare?: number;
  leftSchoolOn?: string;
  everEmployed?: boolean;
  urban?: boolean;
  onlyChildOrTwoDaughtersParent?: boolean;
}

export type ApplicationState = 'submitted' | 'prechecked' | 'public_notice' | 'recognised' | 'rejected' | 'appealed' | 'exited';

export interface ApplicationSummary {
  id: string;
  personId: string;
  applicationNo: string;
  jurisdictionCode: string;
  state: ApplicationState;
  stateZh: string;
  channel: 'caseworker' | 'citizen';
  submittedOn: string;
  submittedBy: string;
  eligible: Tri;
  categoriesMet: string[];
  precheckDue: string | null;
  reviewDue: string | null;
  noticeFrom: string | null;
  noticeEnds: string | null;
  recognisedOn: string | null;
  cardNo: string | null;
  validUntil: string | null;
  nextRecheckOn: string | null;
  rejectionReason: string | null;
  exitedOn: string | null;
  exitReason: string | null;
  exitClause: string | null;
  daysOpen: number;
  personName?: string | null;
  idNumberMasked?: string | null;
}

export interface StepRecord {
  by: string;
  byName: string;
  at: string;
  on: string;
  decision: 'approve' | 'reject';
  reason: string | null;
}

export interface PublicNotice {
  name: string;
  nameMask?: string;
  sex: string;
  age: number;
  categories: { id: string; nameZh: string; nameEn: string; source: string }[];
  from: string;
  to: string;
  workingDays: number;
  contact: { name: string; phone: string | null } | null;
  source: string;
}

export interface AssistanceEvent {
  at: string;
  on: string;
  actor: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface Objection {
  id: string;
  raisedOn: string;
  objector: string;
  content: string;
  /** The user who recorded it (may not resolve it: maker–checker). */
  recordedBy: string | null;
  status: 'open' | 'dismissed' | 'upheld';
  resolution: string | null;
  resolvedOn: string | null;
}

/** A rules-package explanation as the server stores it with a decision (clause, pack, zh/en text, numbers). */
export interface DecisionExplanation {
  rule?: string;
  source?: string;
  pack?: string;
  text?: string;
  textEn?: string;
  numbers?: Record<string, string | number | boolean | null>;
}

export type AssistanceExitReason = 'no_longer_eligible' | 'refused_assistance' | 'period_ended' | 'employed' | 'deceased' | 'moved_away' | 'at_own_request';

/** Whether an exit ground applies now, by the pack (`allowed` false/unknown: the exit is refused with `text`). */
export interface ExitGround {
  reason: AssistanceExitReason;
  allowed: Tri;
  clause: string;
  pack: string;
  text: string;
  textEn: string;
}

export interface AssistancePeriod {
  pack: string;
  validFrom: string;
  validUntil: string;
  nextRecheck: string;
  handoverAssessmentFrom: string;
  handoverDue: boolean;
  expired: boolean;
  explanations: DecisionExplanation[];
}

/** The recognition workflow's actions (server: `assistance.workflow.ts`); pre-check and review by decision. */
export type AssistanceAction = 'precheck.approve' | 'precheck.reject' | 'review.approve' | 'review.reject' | 'objection.record' | 'objection.resolve' | 'recognise' | 'appeal' | 'recheck' | 'handover' | 'exit';

/**
 * Whether the requester may take an action now, from the server's workflow table. `refusedBy`: `state` and
 * `permission` (not offered), `maker_checker` (offered disabled, with the reason), `guard` (the step's own check
 * as of today — offered with the reason; the server decides when it runs).
 */
export interface AllowedAction {
  action: AssistanceAction;
  allowed: boolean;
  refusedBy?: 'state' | 'permission' | 'maker_checker' | 'guard';
  code?: string;
  reason?: string;
  /** `objection.resolve`: the open objection this entry is about. */
  objectionId?: string;
}

export interface AssistanceApplication extends ApplicationSummary {
  /** What the requester may do now (state, permission, maker–checker, guard), computed by the server. */
  allowedActions: AllowedAction[];
  /** The plan made under this application (一人一策), if any. */
  planId: string | null;
  planState: 'draft' | 'agreed' | 'closed' | null;
  /** A recognition in force: its period (validity, re-check, hand-over window). */
  period: AssistancePeriod | null;
  /** A recognition in force: each exit ground and whether it applies now. */
  exitGrounds: ExitGround[];
  commitment: { version: string; sha256: string | null; signedAt: string | null } | null;
  declaredFacts: DeclaredFacts;
  evaluation: DifficultyEvaluation;
  packRef: string;
  prechecked: StepRecord | null;
  reviewed: StepRecord | null;
  notice: PublicNotice | null;
  handoverAssessment: Record<string, unknown> | null;
  appeal: { by: string; byName: string; on: string; reason: string } | null;
  objections: Objection[];
  suspended: boolean;
  events: AssistanceEvent[];
}

export interface NoticeItem extends PublicNotice {
  applicationId: string;
  applicationNo: string;
  jurisdictionCode: string;
  /** The notice period is over (awaiting recognition). */
  ended: boolean;
}

/** `GET /api/v1/assistance/notices`: one page, the notice ending first on top. */
export interface NoticePage {
  items: NoticeItem[];
  total: number;
  page: number;
  pageSize: number;
  asOf: string;
}

export interface AssistanceCandidate {
  personId: string;
  name: string;
  idNumberMasked: string;
  jurisdictionCode: string;
  eligible: Tri;
  longTermUnemployed: boolean;
  registeredOn: string | null;
  reasons: { code: string; textZh: string; textEn: string; source: string }[];
  missingFacts: string[];
  pack: string;
}

export interface AssistanceTask {
  applicationId: string;
  personId: string;
  personName: string | null;
  idNumberMasked: string | null;
  task: 'precheck' | 'review' | 'recognise' | 'recheck' | 'handover_assessment' | 'period_ended';
  due: string | null;
  overdue: boolean;
}

/** `GET /api/v1/assistance/worklist`: one page of the whole subtree's due steps, most urgent first. */
export interface AssistanceWorklist {
  items: AssistanceTask[];
  total: number;
  page: number;
  pageSize: number;
  counts: Record<AssistanceTask['task'], { total: number; overdue: number }>;
  asOf: string;
}

export interface SignedText {
  version: string;
  titleZh: string;
  textZh: string;
  textEn: string;
  source: string;
  sha256: string;
}

export interface PlanMeasure {
  id: string;
  kind: 'measure' | 'follow_up' | 'subsidy';
  serviceType: string | null;
  subsidyType: string | null;
  description: string;
  targetDate: string;
  doneOn: string | null;
  outcome: string | null;
  serviceRecordId: string | null;
  overdue: boolean;
}

export interface AssistancePlan {
  id: string;
  personId: string;
  applicationId: string;
  state: 'draft' | 'agreed' | 'closed';
  needs: string[];
  goals: string;
  responsibleWorker: { id: string; name: string };
  responsibleHistory: { id: string; name: string; until: string; to: string; by: string; reason: string }[];
  agreement: { version: string; sha256: string | null; agreedOn: string | null; consent: { method?: string; signedAt?: string; witness?: string | null } } | null;
  employment: { on: string; employer: string; adaptationEnds?: string; source?: string } | null;
  measures: PlanMeasure[];
  progress: { total: number; done: number; overdue: number };
}

/** A staff user who may be responsible for a person's plan (首问负责制). */
export interface ResponsibleWorker {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: { code: string; name: string };
  self: boolean;
}

export interface CandidatePage {
  items: AssistanceCandidate[];
  total: number;
  page: number;
  pageSize: number;
  scanned: number;
  asOf: string;
}

export interface MeasureInput {
  serviceType: string;
  description: string;
  targetDate: string;
}

export interface OverdueMeasure {
  planId: string;
  personId: string;
  personName: string | null;
  responsibleWorker: string;
  measureId: string;
  kind: string;
  description: string;
  targetDate: string;
}

export interface ZeroEmploymentFamily {
  householdId: string;
  periodId: string;
  jurisdiction: { code: string; name: string };
  address: string | null;
  members: number;
  since: string;
  ageDays: number;
  confirmed: boolean;
  confirmedOn: string | null;
  assistanceDue: string | null;
  assistanceDoneOn: string | null;
  assistanceOverdue: boolean;
}

export interface ZeroEmploymentLive {
  asOf: string;
  within: string;
  uncleared: number;
  confirmed: number;
  assistanceOverdue: number;
  byJurisdiction: { code: string; name: string; count: number }[];
  items: ZeroEmploymentFamily[];
}

export interface WelfarePost {
  id: string;
  jurisdictionCode: string;
  employer: string;
  postType: string;
  title: string;
  location: string;
  places: number;
  filled: number;
  free: number;
  termMonths: number;
  postSubsidyYuan: number;
  socialInsuranceSubsidyYuan: number;
  fundingSource: string;
  status: 'open' | 'closed';
  openedOn: string;
}

export interface PostPlacement {
  id: string;
  personId: string;
  postId: string;
  startOn: string;
  termEnds: string;
  placementNo: number;
  ranking: { rank: number; of: number; group: string | null; reasons: string[]; reasonsEn: string[]; allowedEnd: string };
  packRef: string;
  state: 'active' | 'ended' | 'removed';
  endedOn: string | null;
  exitReason: string | null;
  exitNote: string | null;
  extensions: PlacementExtension[];
  subsidyMonths: number;
  personName?: string;
}

export interface PostComplaint {
  id: string;
  postId: string;
  receivedOn: string;
  channel: string;
  complainant: string | null;
  content: string;
  placementId: string | null;
  status: 'open' | 'substantiated' | 'unfounded';
  investigation: string | null;
  decidedOn: string | null;
}

export interface WelfarePostDetail extends WelfarePost {
  placements: PostPlacement[];
  complaints: PostComplaint[];
}

export interface PostCandidate {
  rank: number;
  ref: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  eligible: Tri;
  group: string | null;
  reasons: string[];
  reasonsEn: string[];
  missingFacts: string[];
  termEnds: string | null;
}

export interface PostCandidates {
  post: WelfarePost;
  pack: string;
  asOf: string;
  /** One page; ranks are over the whole pool (`total`). */
  items: PostCandidate[];
  total: number;
  page: number;
  pageSize: number;
  counts: { eligible: number; unknown: number; ineligible: number };
  explanations: { source?: string; [k: string]: unknown }[];
}

export interface PostInput {
  jurisdictionCode: string;
  employer: string;
  postType: string;
  title: string;
  location: string;
  places: number;
  termMonths: number;
  postSubsidyYuan: number;
  socialInsuranceSubsidyYuan: number;
  fundingSource: string;
  openedOn?: string;
}

export interface PlacementExtension {
  on: string;
  by?: string;
  from: string;
  to: string;
  reason: string;
  allowed: string;
  clause?: string;
  pack?: string;
  explanation?: DecisionExplanation;
}

/** How far a placement may be extended today (server-computed, with the clause). */
export interface ExtensionPreview {
  placementId: string;
  asOf: string;
  termEnds: string;
  allowedEnd: string;
  extendable: boolean;
  nearRetirement: boolean;
  clause: string;
  pack: string;
  explanation: DecisionExplanation;
}

export type PostExitReason = 'term_ended' | 'employed_elsewhere' | 'resigned' | 'dismissed' | 'retired' | 'deceased' | 'placed_in_breach';

export type ReferralKind = 'temporary_relief' | 'dibao';
export type ReferralStatus = 'pending' | 'accepted' | 'declined';

/** A referral to civil affairs (临时救助 / 低保) and its response (R7.4, R11.2). */
export interface CivilAffairsReferral {
  id: string;
  personId: string;
  jurisdictionCode: string;
  kind: ReferralKind;
  reason: string;
  referredOn: string;
  status: ReferralStatus;
  responseOn: string | null;
  responseNote: string | null;
  daysWaiting: number | null;
  personName?: string;
  idNumberMasked?: string;
}

/** A 低保 recipient who found work: employment-cost deduction and gradual exit (R11.1, CQ25 七). */
export interface DibaoEmployment {
  id: string;
  employedOn: string;
  monthlyIncomeYuan: number;
  costDeductionYuan: number;
  countedIncomeYuan: number;
  costItems: string[];
  gradualExitMonths: number;
  gradualExitEnds: string;
  inGradualExit: boolean;
  packRef: string;
  explanation: DecisionExplanation;
}

export interface SocialAssistance {
  referrals: CivilAffairsReferral[];
  dibaoEmployment: DibaoEmployment[];
}
