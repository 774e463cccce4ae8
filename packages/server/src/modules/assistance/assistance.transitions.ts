/**
 * What each workflow step reads and writes (the rows of `assistance.workflow.ts` say who may do it and when): `load`
 * gathers the guard's facts inside the step's transaction, `apply` checks the body and answers the state patch
 * (null: the application row is unchanged), the event, the `difficulty` mark change and the audit note. The
 * executor writes them; criteria come only from `evaluateDifficulty`, deadlines from the pack's working days.
 */
import { assistancePeriod, assistanceStepDeadline, calendarForPack, maskNoticeName, noticeCompletion, parseIsoDate } from '@bangfu/rules';
import { codePrefix } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, AuditNote, RequestContext } from '../../http/context.ts';
import { chinaDate } from './clock.ts';
import type { DeclaredFacts } from './facts.ts';
import { exitGround, invalid, recheckVerdict, type ExitReason, type StoredEvaluation } from './assistance.grounds.ts';
import type { ApplicationInsert, ApplicationRow, AssistanceRepository, ObjectionRow } from './assistance.repository.ts';
import type { AssistanceService } from './assistance.service.ts';
import { TRANSITIONS, type GuardFacts, type PerformedSteps, type WorkflowAction } from './assistance.workflow.ts';

export interface StepRecord {
  by: string;
  byName: string;
  at: string;
  on: string;
  decision: 'approve' | 'reject';
  reason: string | null;
}

export type DecisionBody = { reason?: string | undefined };
export interface Bodies {
  'precheck.approve': DecisionBody;
  'precheck.reject': DecisionBody;
  'review.approve': DecisionBody;
  'review.reject': DecisionBody;
  'objection.record': { objector: string; content: string; raisedOn?: string | undefined };
  'objection.resolve': { objectionId: string; outcome: 'dismissed' | 'upheld'; resolution: string };
  recognise: { reason?: string | undefined };
  appeal: { reason: string };
  recheck: { facts?: DeclaredFacts | undefined };
  handover: { employmentSituation: string; nextSteps: string };
  exit: { reason: ExitReason; note: string };
}

/** One step in progress: the locked application, who acts, the body, the step's instant and day. */
export interface Step<B> {
  readonly ctx: RequestContext;
  readonly svc: AssistanceService;
  readonly repo: AssistanceRepository;
  readonly app: ApplicationRow;
  readonly actor: Actor;
  readonly body: B;
  readonly now: Date;
  readonly today: string;
  /** The audit action of a denied look-up during the step. */
  readonly lookup: string;
}

export interface Outcome {
  readonly patch: Partial<ApplicationInsert> | null;
  /** The action named when the optimistic update finds the row moved on (default: the step's own). */
  readonly conflict?: readonly [zh: string, en: string];
  readonly event: { action: string; toState: string; reason: string | null; detail: Record<string, unknown> };
  readonly mark?: { change: 'add' | 'end'; note: string; source: string };
  readonly audit: Omit<AuditNote, 'action' | 'resourceType' | 'resourceId' | 'jurisdictionCode'>;
}

export interface Effect<B, L extends { facts: GuardFacts }> {
  /** Finds the step's subject and who made it (objection resolution), before the maker–checker check. */
  subject?(s: Step<B>): Promise<{ objection: ObjectionRow; performed: PerformedSteps }>;
  load(s: Step<B>): Promise<L>;
  apply(s: Step<B>, loaded: L): Promise<Outcome> | Outcome;
}

/** The steps the application row records (submission, pre-check, review) and who did them. */
export function performedSteps(app: ApplicationRow): PerformedSteps {
  const pre = app.prechecked as StepRecord | null;
  const rev = app.reviewed as StepRecord | null;
  return {
    submission: { by: app.submittedBy, byName: app.submittedByName },
    ...(pre ? { precheck: { by: pre.by, byName: pre.byName } } : {}),
    ...(rev ? { review: { by: rev.by, byName: rev.byName } } : {}),
  };
}

function stepRecord(actor: Actor, decision: 'approve' | 'reject', reason: string | undefined, now: Date): StepRecord {
  return { by: actor.userId, byName: actor.username, at: now.toISOString(), on: chinaDate(now), decision, reason: reason ?? null };
}

const decisionAudit = (body: DecisionBody, decision: 'approve' | 'reject') => ({ ...(body.reason ? { reason: body.reason } : {}), detail: { decision } });

/** The criteria evaluated afresh for the step (stored with the application at every step). */
async function fresh(s: Step<unknown>, declared = s.app.declaredFacts as DeclaredFacts, lock = false): Promise<{ facts: GuardFacts; evaluation: StoredEvaluation; person: Awaited<ReturnType<AssistanceService['visiblePerson']>> }> {
  const person = await s.svc.visiblePerson(s.ctx, s.app.personId, s.lookup, s.repo, lock);
  const evaluation = await s.svc.evaluatePerson(person, declared, s.today, s.repo);
  return { facts: { evaluation }, evaluation, person };
}

/** A rejection at pre-check or review: a reason is required; the step record keeps who rejected. */
function rejection(key: 'prechecked' | 'reviewed', action: string): Effect<DecisionBody, Awaited<ReturnType<typeof fresh>>> {
  return {
    load: (s) => fresh(s),
    apply(s, { evaluation }) {
      const reason = s.body.reason;
      if (!reason) throw invalid('body.reason', '不予通过须写明理由', 'a rejection needs a reason');
      return {
        patch: { [key]: stepRecord(s.actor, 'reject', reason, s.now), state: 'rejected', rejectedOn: s.today, rejectionReason: reason, evaluation },
        conflict: ['处理', 'decide'],
        event: { action, toState: 'rejected', reason, detail: {} },
        audit: decisionAudit(s.body, 'reject'),
      };
    },
  };
}

type Effects = { [A in WorkflowAction]: Effect<Bodies[A], { facts: GuardFacts } & Record<string, unknown>> };
/** Widens a step's own loaded type for the table (each `apply` receives what its own `load` returned). */
const step = <B, L extends { facts: GuardFacts }>(e: Effect<B, L>) => e as unknown as Effect<B, { facts: GuardFacts } & Record<string, unknown>>;

export const EFFECTS: Effects = {
  'precheck.approve': step({
    load: (s) => fresh(s),
    apply(s, { evaluation }) {
      const pack = s.svc.pack(s.app.jurisdictionCode, s.today);
      const review = assistanceStepDeadline('review', parseIsoDate(s.today, 'today'), pack, calendarForPack(pack));
      return {
        patch: { state: 'prechecked', prechecked: stepRecord(s.actor, 'approve', s.body.reason, s.now), reviewDue: review.due, evaluation, packRef: evaluation.pack },
        event: { action: 'prechecked', toState: 'prechecked', reason: s.body.reason ?? null, detail: { onTime: s.app.precheckDue ? s.today <= s.app.precheckDue : null, reviewDue: review.due, deadline: review.explanation } },
        audit: decisionAudit(s.body, 'approve'),
      };
    },
  }),
  'precheck.reject': step(rejection('prechecked', 'precheck_rejected')),
  'review.approve': step({
    load: (s) => fresh(s),
    async apply(s, { evaluation, person }) {
      const { app, today } = s;
      const pack = s.svc.pack(app.jurisdictionCode, today);
      const notice = assistanceStepDeadline('notice', parseIsoDate(today, 'today'), pack, calendarForPack(pack));
      const office = await s.svc.officeFor(app.jurisdictionCode, s.repo);
      const age = Number(today.slice(0, 4)) - Number(person.birthDate.slice(0, 4)) - (today.slice(5) < person.birthDate.slice(5) ? 1 : 0);
      const published = {
        name: maskNoticeName(person.name, pack.params.assistance.noticeNameMask.value),
        nameMask: pack.params.assistance.noticeNameMask.value,
        sex: person.sex,
        age,
        categories: evaluation.categories.filter((c) => c.met === true).map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, source: c.source })),
        from: today,
        to: notice.due,
        workingDays: notice.workingDays,
        contact: office ? { name: office.name, phone: office.phone } : null,
        source: notice.source,
      };
      return {
        patch: { state: 'public_notice', reviewed: stepRecord(s.actor, 'approve', s.body.reason, s.now), noticeFrom: today, noticeEnds: notice.due, notice: published, evaluation, packRef: evaluation.pack },
        event: { action: 'reviewed', toState: 'public_notice', reason: s.body.reason ?? null, detail: { onTime: app.reviewDue ? today <= app.reviewDue : null, noticeEnds: notice.due, deadline: notice.explanation } },
        audit: decisionAudit(s.body, 'approve'),
      };
    },
  }),
  'review.reject': step(rejection('reviewed', 'review_rejected')),
  'objection.record': step({
    load: () => Promise.resolve({ facts: {} }),
    async apply(s) {
      const { app, today, body } = s;
      const raisedOn = body.raisedOn ?? today;
      if (raisedOn > today) throw invalid('body.raisedOn', '日期不能晚于今天', 'raisedOn must not be in the future');
      if (raisedOn < app.noticeFrom! || raisedOn > app.noticeEnds!) throw invalid('body.raisedOn', `异议须在公示期内（${app.noticeFrom} 至 ${app.noticeEnds}）提出`, `objections are raised within the notice period (${app.noticeFrom} to ${app.noticeEnds})`);
      const o = await s.repo.insertObjection({ personId: app.personId, applicationId: app.id, raisedOn, objector: body.objector, content: body.content, recordedBy: s.actor.userId });
      return { patch: null, event: { action: 'objection_raised', toState: 'public_notice', reason: body.content, detail: { objectionId: o.id, objector: body.objector, suspends: true } }, audit: {} };
    },
  }),
  'objection.resolve': step({
    // Maker–checker: whoever recorded the objection, or submitted the application, may not decide it.
    async subject(s) {
      const objection = (await s.repo.objections(s.app.id)).find((o) => o.id === s.body.objectionId);
      if (!objection) throw new AppError('NOT_FOUND', { field: 'params.objectionId' });
      // The recorder's name is only shown when the actor is the recorder (the refusal names who did the step).
      const recorded = objection.recordedBy === s.actor.userId ? (await s.repo.events(s.app.id)).find((e) => e.action === 'objection_raised' && (e.detail as { objectionId?: string }).objectionId === objection.id) : undefined;
      return { objection, performed: { objection: { by: objection.recordedBy, byName: recorded?.actorName ?? s.actor.username } } };
    },
    load: () => Promise.resolve({ facts: {} }),
    async apply(s) {
      const { app, today, body } = s;
      const done = await s.repo.resolveObjection(app.personId, body.objectionId, { status: body.outcome, resolution: body.resolution, resolvedBy: s.actor.userId, resolvedOn: today });
      if (!done || done.applicationId !== app.id) throw new AppError('NOT_FOUND', { field: 'params.objectionId' });
      const upheld = body.outcome === 'upheld';
      return {
        patch: upheld ? { state: 'rejected', rejectedOn: today, rejectionReason: `公示异议成立：${body.resolution}` } : null,
        event: { action: `objection_${body.outcome}`, toState: upheld ? 'rejected' : 'public_notice', reason: body.resolution, detail: { objectionId: body.objectionId } },
        audit: { reason: body.resolution, detail: { objectionId: body.objectionId, outcome: body.outcome } },
      };
    },
  }),
  recognise: step({
    async load(s) {
      const pack = s.svc.pack(s.app.jurisdictionCode, s.today);
      const openObjections = (await s.repo.objections(s.app.id)).filter((o) => o.status === 'open').length;
      const notice = noticeCompletion(parseIsoDate(s.app.noticeFrom!, 'noticeFrom'), parseIsoDate(s.today, 'today'), pack, calendarForPack(pack));
      // The notice's refusals come before the person is locked and evaluated (the guard skips eligibility without it).
      const early = TRANSITIONS.recognise.guard?.({ pack, openObjections, notice });
      if (early) throw early;
      const { evaluation } = await fresh(s, undefined, true);
      return { facts: { pack, openObjections, notice, evaluation }, pack, notice, evaluation };
    },
    async apply(s, { pack, notice, evaluation }) {
      const { app, today } = s;
      const year = Number(today.slice(0, 4));
      const county = codePrefix(app.jurisdictionCode).slice(0, 6).padEnd(6, '0');
      const cardNo = `${county}${year}${String(await s.repo.nextCardSerial(county, year)).padStart(6, '0')}`;
      const period = assistancePeriod(parseIsoDate(today, 'today'), parseIsoDate(today, 'today'), pack);
      return {
        patch: { state: 'recognised', recognisedOn: today, recognisedBy: s.actor.userId, cardNo, validUntil: period.validUntil, nextRecheckOn: period.nextRecheck, evaluation, packRef: evaluation.pack },
        event: { action: 'recognised', toState: 'recognised', reason: s.body.reason ?? null, detail: { cardNo, validUntil: period.validUntil, nextRecheck: period.nextRecheck, notice: notice.explanation, period: period.explanations } },
        mark: { change: 'add', note: `就业困难人员认定 ${app.applicationNo}，援助卡 ${cardNo}（${evaluation.categories.filter((c) => c.met === true).map((c) => c.source).join('；')}）`, source: 'assistance_recognition' },
        audit: { detail: { cardNo } },
      };
    },
  }),
  appeal: step({
    load: () => Promise.resolve({ facts: {} }),
    apply: (s) => ({
      patch: { state: 'appealed', appeal: { by: s.actor.userId, byName: s.actor.username, on: s.today, reason: s.body.reason }, reviewed: null },
      event: { action: 'appealed', toState: 'appealed', reason: s.body.reason, detail: {} },
      audit: { reason: s.body.reason },
    }),
  }),
  /** Periodic re-check (动态管理, MOH 二(三)): a fresh evaluation, the next date, the verdict with its clauses. */
  recheck: step({
    load: (s) => fresh(s, { ...(s.app.declaredFacts as DeclaredFacts), ...(s.body.facts ?? {}) }),
    apply(s, { evaluation }) {
      const pack = s.svc.pack(s.app.jurisdictionCode, s.today);
      const today = parseIsoDate(s.today, 'today');
      const period = assistancePeriod(parseIsoDate(s.app.recognisedOn!, 'recognisedOn'), today, pack, today);
      return {
        patch: { declaredFacts: { ...(s.app.declaredFacts as DeclaredFacts), ...(s.body.facts ?? {}) }, evaluation, lastRecheckOn: s.today, nextRecheckOn: period.nextRecheck },
        event: { action: 'rechecked', toState: 'recognised', reason: null, detail: { eligible: evaluation.eligible, nextRecheck: period.nextRecheck, pack: evaluation.pack, explanations: [recheckVerdict(evaluation), period.explanations[1]!] } },
        audit: { detail: { eligible: evaluation.eligible } },
      };
    },
  }),
  /** Hand-over assessment before the assistance period ends (CQ25 四: 提前评估就业情况，做好政策衔接). */
  handover: step({
    load(s) {
      const pack = s.svc.pack(s.app.jurisdictionCode, s.today);
      const period = assistancePeriod(parseIsoDate(s.app.recognisedOn!, 'recognisedOn'), parseIsoDate(s.today, 'today'), pack);
      return Promise.resolve({ facts: { period }, pack, period });
    },
    apply(s, { pack, period }) {
      const handover = period.explanations[2]!;
      const assessment = { on: s.today, by: s.actor.userId, byName: s.actor.username, employmentSituation: s.body.employmentSituation, nextSteps: s.body.nextSteps, source: handover.source, validUntil: period.validUntil };
      return {
        patch: { handoverAssessment: assessment },
        event: { action: 'handover_assessed', toState: 'recognised', reason: s.body.nextSteps, detail: { ...assessment, pack: `${pack.id}@${pack.version}`, explanations: [period.explanations[0]!, handover] } },
        audit: {},
      };
    },
  }),
  /** Exit (MOH 二(三); CQ25 四): the ground checked against the pack (`exitGround`); ends the `difficulty` mark. */
  exit: step({
    async load(s) {
      const pack = s.svc.pack(s.app.jurisdictionCode, s.today);
      // Eligibility is evaluated afresh for that ground; the others use the stored evaluation only for the text.
      const ev = s.body.reason === 'no_longer_eligible' ? (await fresh(s)).evaluation : (s.app.evaluation as StoredEvaluation);
      return { facts: {}, ground: exitGround(s.body.reason, s.app, pack, s.today, ev), ev };
    },
    apply(s, { ground, ev }) {
      const { reason, note } = s.body;
      if (ground.allowed !== true) throw invalid('body.reason', `${ground.text}（${ground.clause}）`, `${ground.textEn} (${ground.clause})`);
      const explanation = { rule: `assistance.exit.${reason}`, source: ground.clause, pack: ground.pack, text: ground.text, textEn: ground.textEn };
      return {
        patch: { state: 'exited', exitedOn: s.today, exitReason: reason, exitClause: ground.clause, ...(reason === 'no_longer_eligible' ? { evaluation: ev } : {}) },
        event: { action: 'exited', toState: 'exited', reason: note, detail: { reason, clause: ground.clause, pack: ground.pack, explanations: [explanation] } },
        mark: { change: 'end', note: `援助退出（${reason}，${ground.clause}）：${note}`, source: 'assistance_exit' },
        audit: { reason: note, detail: { reason, clause: ground.clause } },
      };
    },
  }),
};
