// Console-side types. The API's shapes are generated from the server's schemas (models.ts ← schema.d.ts ←
// openapi.json, `npm run contract`); what remains here is UI-only, or describes answers whose server schemas are
// still loose (assistance, comparison findings) until those are completed.
export * from './models.ts';
import type { DeclaredFacts, DifficultyEvaluation } from './models.ts';

export type Tri = boolean | 'unknown';

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

// ---- Data comparison findings (loose on the server) ----
export const FINDING_STATES = ['pending', 'applying', 'confirmed', 'dismissed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_CATEGORIES = ['verification', 'discovery', 'referral', 'stale'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

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

// --- Employment assistance (packages/server/src/modules/assistance, posts, referrals) ---------------------------

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
