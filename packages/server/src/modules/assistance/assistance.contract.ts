/** Request and response schemas of the assistance slice (recognition, plans, zero-employment families). */
import { SERVICE_TYPES } from '@bangfu/rules';
import { z } from 'zod';
import { ZDivisionCode } from '../../contract/index.ts';
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
  .strict();
const ZPaging = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) };
export const ZNoticesQuery = z.object({ jurisdiction: ZDivisionCode.optional(), ...ZPaging }).strict();
export const ZNotices = z.object({ items: z.array(z.looseObject({ applicationId: z.string(), ended: z.boolean() })), total: z.number(), page: z.number(), pageSize: z.number(), asOf: z.string() });
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
export const ZCandidates = z.looseObject({ items: z.array(z.looseObject({ personId: z.string() })), total: z.number(), page: z.number(), pageSize: z.number(), scanned: z.number(), asOf: z.string() });

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
export const ZApplication = z.looseObject({
  id: z.string(),
  personId: z.string(),
  applicationNo: z.string(),
  state: z.string(),
  stateZh: z.string(),
  eligible: Tri,
  cardNo: z.string().nullable(),
  noticeFrom: z.string().nullable(),
  noticeEnds: z.string().nullable(),
  evaluation: ZEvaluation,
  suspended: z.boolean(),
  /** The plan made under this application (一人一策), if any. */
  planId: z.string().nullable(),
  allowedActions: z.array(ZAllowedAction),
  events: z.array(z.looseObject({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string().nullable() })),
});
export const ZApplicationList = z.object({ items: z.array(z.looseObject({ id: z.string(), state: z.string() })), total: z.number(), page: z.number(), pageSize: z.number() });
export const ZItems = z.looseObject({ items: z.array(z.looseObject({})) });
export const ZPlan = z.looseObject({ id: z.string(), state: z.string(), measures: z.array(z.looseObject({ id: z.string(), overdue: z.boolean() })), progress: z.object({ total: z.number(), done: z.number(), overdue: z.number() }) });
export const ZSignedText = z.object({ current: z.object({ version: z.string(), titleZh: z.string(), textZh: z.string(), textEn: z.string(), source: z.string(), sha256: z.string() }) });
export const ZZeroLive = z.looseObject({ uncleared: z.number(), confirmed: z.number(), items: z.array(z.looseObject({ householdId: z.string(), ageDays: z.number(), confirmed: z.boolean() })) });
