/** Request and response schemas of the assistance slice (recognition, plans, zero-employment families). */
import { SERVICE_TYPES } from '@bangfu/rules';
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
import { ZListSort } from '../../contract/list-query.ts';
import { ZDeclaredFacts } from './facts.ts';
import { WORKLIST_TASKS } from './assistance.repository.ts';
import { ZExplanation } from '../registration/registration.contract.ts';
import { EXIT_REASONS } from './assistance.grounds.ts';
import { WORKFLOW_ACTIONS } from './assistance.workflow.ts';
import { SUBSIDY_TYPES } from './plans.service.ts';

const ZIso = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const ZPersonParam = z.object({ personId: z.uuid() }).strict();
export const ZIdParam = z.object({ id: z.uuid() }).strict();
export const ZObjectionParam = z.object({ id: z.uuid(), objectionId: z.uuid() }).strict();
export const ZMeasureParam = z.object({ id: z.uuid(), measureId: z.uuid() }).strict();
export const ZHouseholdParam = z.object({ householdId: z.uuid() }).strict();
export const ZJurisdictionQuery = z.object({ jurisdiction: ZDivisionCode.optional() }).strict();

export const ZEvaluateBody = z.object({ facts: ZDeclaredFacts.default({}) }).strict();
export const ZApplyBody = z
  .object({
    facts: ZDeclaredFacts.default({}),
    /** Written commitment (required for citizens; on paper for a caseworker-filed application, optional). */
    commitment: z.object({ version: text(64), signedAt: z.iso.datetime({ offset: true }).optional() }).strict().optional(),
    note: text(500).optional(),
  })
  .strict();
export const ZCitizenApplyBody = ZApplyBody.extend({ commitment: z.object({ version: text(64) }).strict() }).strict();
export const ZDecisionBody = z.object({ decision: z.enum(['approve', 'reject']), reason: text(500).optional() }).strict();
export const ZObjectionBody = z.object({ objector: text(100), content: text(1000), raisedOn: ZIso.optional() }).strict();
export const ZResolveBody = z.object({ outcome: z.enum(['dismissed', 'upheld']), resolution: text(1000) }).strict();
export const ZRecogniseBody = z.object({ reason: text(500).optional() }).strict();
export const ZAppealBody = z.object({ reason: text(1000) }).strict();
export const ZRecheckBody = z.object({ facts: ZDeclaredFacts.optional() }).strict();
export const ZHandoverBody = z.object({ employmentSituation: text(1000), nextSteps: text(1000) }).strict();
export const ZExitBody = z.object({ reason: z.enum(EXIT_REASONS), note: text(500) }).strict();
export const ZListQuery = z
  .object({ jurisdiction: ZDivisionCode.optional(), state: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) })
  .extend(ZListSort(['submittedOn', 'name'], { sort: 'submittedOn', order: 'desc' }).shape)
  .strict();
const ZPaging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
export const ZNoticesQuery = z.object({ jurisdiction: ZDivisionCode.optional(), ...ZPaging }).strict();
export const ZWorklistQuery = z
  .object({
    jurisdiction: ZDivisionCode.optional(),
    /** Comma-separated tasks to list (all when absent); the counts always cover every task. */
    task: z.string().regex(new RegExp(`^(${WORKLIST_TASKS.join('|')})(,(${WORKLIST_TASKS.join('|')}))*$`)).optional(),
    ...ZPaging,
  })
  .strict();
const ZTaskCount = z.object({ total: z.number(), overdue: z.number() });
export const ZWorklist = z.object({
  items: z.array(z.object({ applicationId: z.string(), personId: z.string(), personName: z.string().nullable(), idNumberMasked: z.string().nullable(), task: z.enum(WORKLIST_TASKS), due: z.string().nullable(), overdue: z.boolean() })),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object(Object.fromEntries(WORKLIST_TASKS.map((t) => [t, ZTaskCount])) as Record<(typeof WORKLIST_TASKS)[number], typeof ZTaskCount>),
  asOf: z.string(),
});
export const ZCandidatesQuery = z.object({ jurisdiction: ZDivisionCode.optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const ZCandidate = z.object({
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  jurisdictionCode: z.string(),
  eligible: z.union([z.boolean(), z.literal('unknown')]),
  longTermUnemployed: z.boolean(),
  registeredOn: z.string().nullable(),
  reasons: z.array(z.object({ code: z.string(), textZh: z.string(), textEn: z.string(), source: z.string() })),
  missingFacts: z.array(z.string()),
  pack: z.string(),
});
export type CandidateItem = z.infer<typeof ZCandidate>;
export const ZCandidates = z.object({ items: z.array(ZCandidate), total: z.number(), page: z.number(), pageSize: z.number(), scanned: z.number(), asOf: z.string() });

const ZMeasure = z.object({ serviceType: z.enum(SERVICE_TYPES), description: text(300), targetDate: ZIso }).strict();
export const ZPlanBody = z.object({ needs: z.array(text(60)).max(20), goals: text(1000), responsibleWorkerId: z.uuid().optional(), measures: z.array(ZMeasure).min(1).max(50) }).strict();
export const ZReassignBody = z.object({ workerId: z.uuid(), reason: text(500) }).strict();
export const ZWorkers = z.object({
  personJurisdiction: z.string(),
  items: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), jurisdiction: z.object({ code: z.string(), name: z.string() }), self: z.boolean() })),
});
export const ZMeasuresBody = z.object({ measures: z.array(ZMeasure).min(1).max(50) }).strict();
export const ZAgreeBody = z
  .object({ agreementVersion: text(64), consent: z.object({ method: z.enum(['signature', 'online', 'fingerprint']), signedAt: z.iso.datetime({ offset: true }).optional(), witness: text(100).optional() }).strict() })
  .strict();
export const ZCompleteBody = z.object({ doneOn: ZIso.optional(), outcome: text(500).optional(), serviceRecordId: z.uuid().optional() }).strict();
export const ZEmployedBody = z.object({ on: ZIso, employer: text(200), subsidies: z.array(z.enum(SUBSIDY_TYPES)).max(8).default([]) }).strict();
export const ZConfirmBody = z.object({ note: text(500).optional() }).strict();
export const ZAssistBody = z.object({ measure: text(300), personId: z.uuid().optional(), doneOn: ZIso.optional(), note: text(500).optional() }).strict();

const Tri = z.union([z.boolean(), z.literal('unknown')]);
const ZCategory = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), met: Tri, source: z.string(), missingFacts: z.array(z.string()) });
export const ZEvaluation = z.object({ pack: z.string(), asOf: z.string(), eligible: Tri, registeredUnemployed: Tri, categories: z.array(ZCategory), missingFacts: z.array(z.string()), explanations: z.array(ZExplanation) });
/** What the requester may do now, from the workflow table (state, permission, maker–checker, guard). */
export const ZAllowedAction = z.object({
  action: z.enum(WORKFLOW_ACTIONS),
  allowed: z.boolean(),
  refusedBy: z.enum(['state', 'permission', 'maker_checker', 'guard']).optional(),
  code: z.string().optional(),
  reason: z.string().optional(),
  objectionId: z.string().optional(),
});
export const APPLICATION_STATES = ['submitted', 'prechecked', 'public_notice', 'recognised', 'rejected', 'appealed', 'exited'] as const;
export const PLAN_STATES = ['draft', 'agreed', 'closed'] as const;
/**
 * What an event records besides its state change, by action (assistance.service.ts `apply`, assistance.transitions.ts):
 * submitted (channel, eligible, precheckDue, deadline), prechecked/reviewed (onTime, reviewDue/noticeEnds, deadline),
 * objection_* (objectionId, objector, suspends), recognised (cardNo, validUntil, nextRecheck, notice, period),
 * rechecked (eligible, nextRecheck, pack, explanations), handover_assessed (the assessment, pack, explanations),
 * exited (reason, clause, pack, explanations). Every key the server writes is listed, so none is stripped.
 */
const ZEventDetail = z.object({
  channel: z.string().optional(),
  eligible: z.union([z.boolean(), z.literal('unknown')]).optional(),
  precheckDue: z.string().optional(),
  reviewDue: z.string().optional(),
  noticeEnds: z.string().optional(),
  onTime: z.boolean().nullable().optional(),
  deadline: ZExplanation.optional(),
  objectionId: z.string().optional(),
  objector: z.string().optional(),
  suspends: z.boolean().optional(),
  cardNo: z.string().optional(),
  validUntil: z.string().optional(),
  nextRecheck: z.string().optional(),
  notice: ZExplanation.optional(),
  period: z.array(ZExplanation).optional(),
  pack: z.string().optional(),
  explanations: z.array(ZExplanation).optional(),
  on: z.string().optional(),
  by: z.string().optional(),
  byName: z.string().optional(),
  employmentSituation: z.string().optional(),
  nextSteps: z.string().optional(),
  source: z.string().optional(),
  reason: z.string().optional(),
  clause: z.string().optional(),
});
const ZStepRecord = z.object({ by: z.string(), byName: z.string(), at: z.string(), on: z.string(), decision: z.enum(['approve', 'reject']), reason: z.string().nullable() });
/** The public notice as published (公示); `nameMask` is absent on notices published before it was recorded. */
const ZPublishedNotice = z.object({
  name: z.string(),
  nameMask: z.string().optional(),
  sex: z.string(),
  age: z.number(),
  categories: z.array(z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), source: z.string() })),
  from: z.string(),
  to: z.string(),
  workingDays: z.number(),
  contact: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  source: z.string(),
});
export const ZNotices = z.object({ items: z.array(ZPublishedNotice.extend({ applicationId: z.string(), applicationNo: z.string(), jurisdictionCode: z.string(), ended: z.boolean() })), total: z.number(), page: z.number(), pageSize: z.number(), asOf: z.string() });
export const ZApplicationSummary = z.object({
  id: z.string(),
  personId: z.string(),
  applicationNo: z.string(),
  jurisdictionCode: z.string(),
  state: z.enum(APPLICATION_STATES),
  stateZh: z.string(),
  channel: z.enum(['caseworker', 'citizen']),
  submittedOn: z.string(),
  submittedBy: z.string(),
  eligible: Tri,
  categoriesMet: z.array(z.string()),
  precheckDue: z.string().nullable(),
  reviewDue: z.string().nullable(),
  noticeFrom: z.string().nullable(),
  noticeEnds: z.string().nullable(),
  recognisedOn: z.string().nullable(),
  cardNo: z.string().nullable(),
  validUntil: z.string().nullable(),
  nextRecheckOn: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  exitedOn: z.string().nullable(),
  exitReason: z.string().nullable(),
  exitClause: z.string().nullable(),
  daysOpen: z.number(),
});
export type ApplicationSummary = z.infer<typeof ZApplicationSummary>;
const ZPeriod = z.object({ pack: z.string(), validFrom: z.string(), validUntil: z.string(), nextRecheck: z.string(), handoverAssessmentFrom: z.string(), handoverDue: z.boolean(), expired: z.boolean(), explanations: z.array(ZExplanation) });
const ZExitGround = z.object({ reason: z.enum(EXIT_REASONS), allowed: Tri, clause: z.string(), pack: z.string(), text: z.string(), textEn: z.string() });
export const ZApplication = ZApplicationSummary.extend({
  /** What the requester may do now (state, permission, maker–checker, guard), computed by the server. */
  allowedActions: z.array(ZAllowedAction),
  /** The plan made under this application (一人一策), if any. */
  planId: z.string().nullable(),
  planState: z.enum(PLAN_STATES).nullable(),
  /** A recognition in force: its period (validity, re-check, hand-over window) and each exit ground now. */
  period: ZPeriod.nullable(),
  exitGrounds: z.array(ZExitGround),
  commitment: z.object({ version: z.string(), sha256: z.string().nullable(), signedAt: z.string().nullable() }).nullable(),
  declaredFacts: ZDeclaredFacts,
  evaluation: ZEvaluation,
  packRef: z.string(),
  prechecked: ZStepRecord.nullable(),
  reviewed: ZStepRecord.nullable(),
  notice: ZPublishedNotice.nullable(),
  handoverAssessment: z.object({ on: z.string(), by: z.string(), byName: z.string(), employmentSituation: z.string(), nextSteps: z.string(), source: z.string(), validUntil: z.string() }).nullable(),
  appeal: z.object({ by: z.string(), byName: z.string(), on: z.string(), reason: z.string() }).nullable(),
  objections: z.array(z.object({ id: z.string(), raisedOn: z.string(), objector: z.string(), content: z.string(), recordedBy: z.string().nullable(), status: z.enum(['open', 'dismissed', 'upheld']), resolution: z.string().nullable(), resolvedOn: z.string().nullable() })),
  suspended: z.boolean(),
  events: z.array(z.object({ at: z.string(), on: z.string(), actor: z.string(), action: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), reason: z.string().nullable(), detail: ZEventDetail })),
});
export type Application = z.infer<typeof ZApplication>;
export const ZApplicationList = z.object({ items: z.array(ZApplicationSummary.extend({ personName: z.string().nullable(), idNumberMasked: z.string().nullable() })), total: z.number(), page: z.number(), pageSize: z.number() });
const ZMeasureView = z.object({
  id: z.string(),
  kind: z.enum(['measure', 'follow_up', 'subsidy']),
  serviceType: z.string().nullable(),
  subsidyType: z.string().nullable(),
  description: z.string(),
  targetDate: z.string(),
  doneOn: z.string().nullable(),
  outcome: z.string().nullable(),
  serviceRecordId: z.string().nullable(),
  overdue: z.boolean(),
});
export const ZOverdueMeasures = z.object({
  items: z.array(z.object({ planId: z.string(), personId: z.string(), personName: z.string().nullable(), responsibleWorker: z.string(), measureId: z.string(), kind: z.string(), description: z.string(), targetDate: z.string() })),
  asOf: z.string(),
});
export const ZPlan = z.object({
  id: z.string(),
  personId: z.string(),
  applicationId: z.string(),
  state: z.enum(PLAN_STATES),
  needs: z.array(z.string()),
  goals: z.string(),
  responsibleWorker: z.object({ id: z.string(), name: z.string() }),
  responsibleHistory: z.array(z.object({ id: z.string(), name: z.string(), until: z.string(), to: z.string(), by: z.string(), reason: z.string() })),
  agreement: z
    .object({
      version: z.string(),
      sha256: z.string().nullable(),
      agreedOn: z.string().nullable(),
      /** `recordedBy` (the user who recorded the consent) is absent on agreements recorded before it was kept. */
      consent: z.object({ method: z.enum(['signature', 'online', 'fingerprint']), signedAt: z.string(), witness: z.string().nullable(), recordedBy: z.string().optional() }),
    })
    .nullable(),
  /** After employment: the adaptation period (pack, clause) the stabilisation follow-ups cover. */
  employment: z.object({ on: z.string(), employer: z.string(), adaptationEnds: z.string(), pack: z.string(), source: z.string() }).nullable(),
  measures: z.array(ZMeasureView),
  progress: z.object({ total: z.number(), done: z.number(), overdue: z.number() }),
});
export type Plan = z.infer<typeof ZPlan>;
export const ZSignedText = z.object({ current: z.object({ version: z.string(), titleZh: z.string(), textZh: z.string(), textEn: z.string(), source: z.string(), sha256: z.string() }) });
const ZZeroFamily = z.object({
  householdId: z.string(),
  periodId: z.string(),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  address: z.string().nullable(),
  members: z.number(),
  since: z.string(),
  ageDays: z.number(),
  confirmed: z.boolean(),
  confirmedOn: z.string().nullable(),
  assistanceDue: z.string().nullable(),
  assistanceDoneOn: z.string().nullable(),
  assistanceOverdue: z.boolean(),
});
export const ZZeroLive = z.object({
  asOf: z.string(),
  within: z.string(),
  uncleared: z.number(),
  confirmed: z.number(),
  assistanceOverdue: z.number(),
  byJurisdiction: z.array(z.object({ code: z.string(), name: z.string(), count: z.number() })),
  items: z.array(ZZeroFamily),
});
export const ZZeroConfirmed = z.object({ householdId: z.string(), periodId: z.string(), confirmedOn: z.string(), assistanceDue: z.string(), explanation: ZExplanation });
export const ZZeroAssisted = z.object({ householdId: z.string(), periodId: z.string(), assistanceDoneOn: z.string(), onTime: z.boolean() });
