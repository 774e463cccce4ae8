/**
 * The recognition workflow as data (就业困难人员认定, MOH 二(三); CQ25 四、八): for each action the states it starts
 * from, the permission it needs, who may not do it (maker–checker, by user id), and its guard — a pure function of
 * the facts answering ok or the refusal with the pack's clause. The executor (`assistance.executor.ts`) runs a step
 * through these checks in this order and `allowedActions` answers the console from the same rows, so the two
 * cannot disagree. What each step writes (patch, event, mark) is in `assistance.transitions.ts`.
 */
import type { AssistancePeriod, NoticeCompletion, ResolvedPack } from '@bangfu/rules';
import { can, type Permission, type Role } from '../../access/roles.ts';
import { AppError, type Lang } from '../../errors/app-error.ts';
import { MAKER_CHECKER_CLAUSE, STATE_ZH, invalid, notEligible, stateError, type StoredEvaluation } from './assistance.grounds.ts';

export const APPLICATION_STATES = ['submitted', 'prechecked', 'public_notice', 'recognised', 'rejected', 'appealed', 'exited'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** Every step of an application after it is filed (pre-check and review are split by their decision). */
export const WORKFLOW_ACTIONS = ['precheck.approve', 'precheck.reject', 'review.approve', 'review.reject', 'objection.record', 'objection.resolve', 'recognise', 'appeal', 'recheck', 'handover', 'exit'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** An earlier step whose performer is excluded from a later one. */
export type StepKey = 'submission' | 'precheck' | 'review' | 'objection';
export type PerformedSteps = Partial<Record<StepKey, { by: string | null; byName: string }>>;

export interface MakerChecker {
  /** The step refused, as named in the refusal ("社区初审：已办理提交申请"). */
  readonly zh: string;
  readonly en: string;
  /** The earlier steps whose performer may not act, in the order they are named. */
  readonly excludes: readonly { step: StepKey; zh: string; en: string }[];
}

/** What guards read. Each step loads what its guard needs; `allowedActions` builds them from the application view. */
export interface GuardFacts {
  readonly evaluation?: StoredEvaluation | undefined;
  readonly openObjections?: number | undefined;
  readonly pack?: ResolvedPack | null | undefined;
  /** The notice's completion as of today (recognition). */
  readonly notice?: NoticeCompletion | null | undefined;
  /** The assistance period as of today (hand-over assessment). */
  readonly period?: AssistancePeriod | null | undefined;
}

export interface Transition {
  readonly action: WorkflowAction;
  readonly from: readonly ApplicationState[];
  readonly permission: Permission;
  /** The action as the state refusal names it (`WORKFLOW_STATE_INVALID`). */
  readonly stateText: readonly [zh: string, en: string];
  /** States outside `from` refused with their own answer (recognition without the notice names the pack's period). */
  readonly outOfOrder?: { readonly states: readonly ApplicationState[]; refuse(state: string, pack: ResolvedPack): AppError };
  readonly makerChecker: MakerChecker | null;
  readonly guard: ((f: GuardFacts) => AppError | null) | null;
  /** The audit action written for the step (and for a denied look-up unless `lookup` says otherwise). */
  readonly audit: string;
  readonly lookup?: string;
}

export type RefusedBy = 'state' | 'permission' | 'maker_checker' | 'guard';
export interface Refusal {
  readonly by: RefusedBy;
  readonly error: AppError;
}

const did = (step: StepKey, zh: string, en: string) => ({ step, zh: `已办理${zh}`, en: `you did the ${en}` });
/** Nobody approves an application they submitted nor a step they performed (CQ25 八). */
const EARLIER_STEPS = [did('submission', '提交申请', 'submission'), did('precheck', '社区初审', 'community pre-check'), did('review', '县级审核', 'county review')];

const approvable = (requireKnown: boolean) => (f: GuardFacts) => (f.evaluation ? notEligible(f.evaluation, requireKnown) : null);

/** Recognition waits for the notice: no open objection, the period over, the criteria met (MOH 二(三)). */
function recognisable(f: GuardFacts): AppError | null {
  if (f.openObjections) return new AppError('ASSISTANCE_OBJECTION_OPEN', { params: { count: String(f.openObjections), clause: 'MOH 二(三)' } });
  if (f.notice && f.pack && !f.notice.complete) {
    return new AppError('ASSISTANCE_NOTICE_RUNNING', { params: { workingDays: String(f.pack.params.assistance.noticeWorkingDays.value), noticeEnds: f.notice.noticeEnds, clause: f.notice.source } });
  }
  return approvable(true)(f);
}

/** The hand-over assessment opens the pack's days before the period ends (CQ25 四: 提前评估就业情况). */
function handoverOpen(f: GuardFacts): AppError | null {
  const p = f.period;
  if (!p || p.handoverDue || p.expired) return null;
  const source = p.explanations[2]?.source ?? 'CQ25 四';
  return invalid('body', `援助期至 ${p.validUntil} 止，期满评估自 ${p.handoverAssessmentFrom} 起进行（${source}）`, `the assistance period runs to ${p.validUntil}; the hand-over assessment is due from ${p.handoverAssessmentFrom} (${source})`);
}

const rejectRow = (action: 'precheck.reject' | 'review.reject', base: Transition): Transition => ({ ...base, action, guard: null });

const PRECHECK: Transition = {
  action: 'precheck.approve',
  from: ['submitted'],
  permission: 'assistance.precheck',
  stateText: ['初审', 'pre-check'],
  makerChecker: { zh: '社区初审', en: 'community pre-check', excludes: EARLIER_STEPS },
  guard: approvable(false),
  audit: 'assistance.precheck',
};
const REVIEW: Transition = {
  action: 'review.approve',
  from: ['prechecked', 'appealed'],
  permission: 'assistance.review',
  stateText: ['审核', 'review'],
  makerChecker: { zh: '县级审核', en: 'county review', excludes: EARLIER_STEPS },
  guard: approvable(true),
  audit: 'assistance.review',
};

export const TRANSITIONS: { readonly [A in WorkflowAction]: Transition & { readonly action: A } } = {
  'precheck.approve': { ...PRECHECK, action: 'precheck.approve' },
  'precheck.reject': { ...rejectRow('precheck.reject', PRECHECK), action: 'precheck.reject' },
  'review.approve': { ...REVIEW, action: 'review.approve' },
  'review.reject': { ...rejectRow('review.reject', REVIEW), action: 'review.reject' },
  'objection.record': { action: 'objection.record', from: ['public_notice'], permission: 'assistance.precheck', stateText: ['登记公示异议', 'record a notice objection'], makerChecker: null, guard: null, audit: 'assistance.objection' },
  'objection.resolve': {
    action: 'objection.resolve',
    from: ['public_notice'],
    permission: 'assistance.review',
    stateText: ['处理公示异议', 'resolve a notice objection'],
    makerChecker: { zh: '处理公示异议', en: 'resolving a notice objection', excludes: [{ step: 'objection', zh: '该异议由您登记', en: 'you recorded it' }, { step: 'submission', zh: '申请由您提交', en: 'you submitted the application' }] },
    guard: null,
    audit: 'assistance.objection.resolve',
    lookup: 'assistance.objection',
  },
  recognise: {
    action: 'recognise',
    from: ['public_notice'],
    permission: 'assistance.recognise',
    stateText: ['认定', 'recognise'],
    outOfOrder: {
      states: ['submitted', 'prechecked', 'appealed'],
      refuse(state, pack) {
        const n = pack.params.assistance.noticeWorkingDays;
        return new AppError('ASSISTANCE_NOTICE_REQUIRED', { params: { state, stateZh: STATE_ZH[state] ?? state, workingDays: String(n.value), clause: `${n.source.doc} ${n.source.clause}` } });
      },
    },
    makerChecker: { zh: '认定', en: 'recognition', excludes: EARLIER_STEPS },
    guard: recognisable,
    audit: 'assistance.recognise',
  },
  appeal: { action: 'appeal', from: ['rejected'], permission: 'assistance.apply', stateText: ['申诉', 'appeal'], makerChecker: null, guard: null, audit: 'assistance.appeal' },
  recheck: { action: 'recheck', from: ['recognised'], permission: 'assistance.precheck', stateText: ['复核', 're-check'], makerChecker: null, guard: null, audit: 'assistance.recheck' },
  handover: { action: 'handover', from: ['recognised'], permission: 'assistance.plan', stateText: ['期满评估', 'assess hand-over'], makerChecker: null, guard: handoverOpen, audit: 'assistance.handover' },
  exit: { action: 'exit', from: ['recognised'], permission: 'assistance.review', stateText: ['退出', 'exit'], makerChecker: null, guard: null, audit: 'assistance.exit' },
};

// ---------------------------------------------------------------------------------------------------------------
// The checks, in the order the executor applies them.

/** `pack`: resolved only for an out-of-order state (it may be missing for other states and is not needed). */
export function stateRefusal(t: Transition, state: string, pack: () => ResolvedPack | null): Refusal | null {
  if ((t.from as readonly string[]).includes(state)) return null;
  const p = t.outOfOrder && (t.outOfOrder.states as readonly string[]).includes(state) ? pack() : null;
  if (t.outOfOrder && p) return { by: 'state', error: t.outOfOrder.refuse(state, p) };
  return { by: 'state', error: stateError(state, t.stateText[0], t.stateText[1]) };
}

export function permissionRefusal(t: Transition, role: Role): Refusal | null {
  return can(role, t.permission) ? null : { by: 'permission', error: new AppError('FORBIDDEN') };
}

/** Maker–checker by user id: the first excluded step the actor performed is named with who did it. */
export function makerRefusal(t: Transition, userId: string, performed: PerformedSteps): Refusal | null {
  const rule = t.makerChecker;
  if (!rule) return null;
  for (const x of rule.excludes) {
    const p = performed[x.step];
    if (p && p.by !== null && p.by === userId) {
      return { by: 'maker_checker', error: new AppError('MAKER_CHECKER', { params: { stepZh: `${rule.zh}：${x.zh}`, stepEn: `${rule.en}: ${x.en}`, by: p.byName, clause: MAKER_CHECKER_CLAUSE } }) };
    }
  }
  return null;
}

export function guardRefusal(t: Transition, facts: GuardFacts): Refusal | null {
  const error = t.guard?.(facts) ?? null;
  return error ? { by: 'guard', error } : null;
}

export interface Deciding {
  readonly state: string;
  readonly actor: { readonly userId: string; readonly role: Role };
  readonly performed: PerformedSteps;
  readonly facts: GuardFacts;
}

/** All checks of one action for one actor: state, permission, maker–checker, guard (the first refusal wins). */
export function decide(t: Transition, d: Deciding): Refusal | null {
  return stateRefusal(t, d.state, () => d.facts.pack ?? null) ?? permissionRefusal(t, d.actor.role) ?? makerRefusal(t, d.actor.userId, d.performed) ?? guardRefusal(t, d.facts);
}

export interface AllowedAction {
  action: WorkflowAction;
  allowed: boolean;
  /** Which check refused it, its error code and the refusal in the requester's language (with the clause). */
  refusedBy?: RefusedBy;
  code?: string;
  reason?: string;
  /** `objection.resolve`: one entry per open objection (the recorder differs). */
  objectionId?: string;
}

export function refusalText(e: AppError, lang: Lang): string {
  const issue = e.code === 'VALIDATION_FAILED' ? e.issues[0] : undefined;
  return issue ? (lang === 'en' ? issue.messageEn : issue.messageZh) : e.message_(lang);
}

function entry(action: WorkflowAction, r: Refusal | null, lang: Lang, objectionId?: string): AllowedAction {
  const base = { action, ...(objectionId ? { objectionId } : {}) };
  return r ? { ...base, allowed: false, refusedBy: r.by, code: r.error.code, reason: refusalText(r.error, lang) } : { ...base, allowed: true };
}

/**
 * What the actor may do with the application now, by the same rows and checks the executor applies. Body-dependent
 * checks (a rejection's reason, an exit's ground — see `exitGrounds`, an objection's date) are left to the step.
 */
export function allowedActions(d: Deciding, openObjections: readonly { id: string; recordedBy: string | null; recorderName: string }[], lang: Lang): AllowedAction[] {
  const out: AllowedAction[] = [];
  for (const action of WORKFLOW_ACTIONS) {
    const t = TRANSITIONS[action];
    if (action !== 'objection.resolve') {
      out.push(entry(action, decide(t, d), lang));
      continue;
    }
    for (const o of openObjections) out.push(entry(action, decide(t, { ...d, performed: { ...d.performed, objection: { by: o.recordedBy, byName: o.recorderName } } }), lang, o.id));
  }
  return out;
}
