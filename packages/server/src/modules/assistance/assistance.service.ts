/**
 * Difficulty-person recognition (就业困难人员认定, R5.1–R5.4): application by a caseworker or by the citizen (with the
 * written commitment), community pre-check, county review, public notice (公示) with objections, recognition with
 * an assistance card, rejection and appeal, periodic re-check, hand-over assessment before the period ends (CQ25 四)
 * and exit. Criteria come only from `evaluateDifficulty`, deadlines from the pack's working days. Maker–checker:
 * nobody approves an application they submitted or a step they performed. Each transition is one transaction
 * writing the application, its event and (on recognition / exit) the person's `difficulty` mark.
 */
import {
  assistancePeriod,
  assistanceStepDeadline,
  calendarForPack,
  evaluateDifficulty,
  evaluateTier,
  maskNoticeName,
  noticeCompletion,
  parseIsoDate,
  RuleInputError,
  type DifficultyDecision,
  type PackRegistry,
  type ResolvedPack,
} from '@bangfu/rules';
import { codePrefix, type Scope } from '../../access/scope.ts';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type Actor, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import { isUniqueViolation } from '../registration/registration.repository.ts';
import { chinaDate, daysBetween, type AssistanceClock } from './clock.ts';
import { renderAssistanceCard } from './documents.ts';
import { gatherFacts, type DeclaredFacts } from './facts.ts';
import { changeDifficultyMark } from './person-marks.ts';
import { APPLICATION_COMMITMENTS, currentText, textSha256 } from './texts.ts';
import { WORKLIST_TASKS, type ApplicationRow, type AssistanceRepository, type Lookup, type WorklistTask } from './assistance.repository.ts';

export const STATE_ZH: Record<string, string> = {
  submitted: '待社区初审',
  prechecked: '待县级审核',
  public_notice: '公示中',
  recognised: '已认定',
  rejected: '未通过',
  appealed: '复核中（申诉）',
  exited: '已退出',
};

/** The clause behind maker–checker refusals (whole-process supervision against falsification and abuse of power). */
export const MAKER_CHECKER_CLAUSE = 'CQ25 八';

export const EXIT_REASONS = ['no_longer_eligible', 'refused_assistance', 'period_ended', 'employed', 'deceased', 'moved_away', 'at_own_request'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: ${zh} / ${en}` }, issues: [{ field, messageZh: zh, messageEn: en } satisfies FieldIssue] });
}

function stateError(state: string, actionZh: string, actionEn: string, resourceZh = '认定申请', resourceEn = 'application'): AppError {
  return new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh, resourceEn, state, actionZh, actionEn } });
}

export interface StoredEvaluation {
  pack: string;
  asOf: string;
  eligible: boolean | 'unknown';
  registeredUnemployed: boolean | 'unknown';
  categories: DifficultyDecision['categories'];
  missingFacts: string[];
  explanations: DifficultyDecision['explanations'];
}

export type CandidateItem = {
  personId: string;
  name: string;
  idNumberMasked: string;
  jurisdictionCode: string;
  eligible: boolean | 'unknown';
  longTermUnemployed: boolean;
  registeredOn: string | null;
  reasons: { code: string; textZh: string; textEn: string; source: string }[];
  missingFacts: string[];
  pack: string;
};

/** Whether an exit ground applies now, with the clause and the pack's explanation (shown before and after the exit). */
export interface ExitGround {
  reason: ExitReason;
  allowed: boolean | 'unknown';
  clause: string;
  pack: string;
  text: string;
  textEn: string;
}

/** The re-check's verdict as an explanation: still eligible (categories and clauses), no longer, or facts missing. */
function recheckVerdict(ev: StoredEvaluation) {
  const met = ev.categories.filter((c) => c.met === true);
  const base = { rule: 'assistance.recheck.verdict', source: met.map((c) => c.source).join('；') || 'MOH 二(三)', pack: ev.pack };
  if (ev.eligible === true) return { ...base, text: `复核（${ev.asOf}）：仍符合认定条件（${met.map((c) => c.nameZh).join('、')}）`, textEn: `re-check (${ev.asOf}): still meets the criteria (${met.map((c) => c.nameEn).join(', ')})` };
  if (ev.eligible === false) return { ...base, source: 'MOH 二(三)', text: `复核（${ev.asOf}）：已不符合认定条件（${ev.registeredUnemployed === false ? '不是登记失业人员' : '不符合任一认定类别'}），可按“不再符合条件”退出援助`, textEn: `re-check (${ev.asOf}): no longer meets the criteria (${ev.registeredUnemployed === false ? 'not registered unemployed' : 'meets no category'}); may exit as no longer eligible` };
  return { ...base, text: `复核（${ev.asOf}）：资料不全，须补充 ${ev.missingFacts.join('、')}`, textEn: `re-check (${ev.asOf}): facts missing: ${ev.missingFacts.join(', ')}` };
}

interface StepRecord {
  by: string;
  byName: string;
  at: string;
  on: string;
  decision: 'approve' | 'reject';
  reason: string | null;
}

export class AssistanceService {
  /** Pool members loaded and evaluated per chunk of the candidates scan (tests make it small to cross chunk borders). */
  candidateChunk = 1000;

  constructor(
    readonly repo: AssistanceRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    readonly clock: AssistanceClock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  pack(code: string, on = this.today()): ResolvedPack {
    return this.registry.resolve(code, on);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Look-ups (out of scope answers 404 and is audited as denied).

  async visiblePerson(ctx: RequestContext, personId: string, action: string, repo = this.repo, forUpdate = false): Promise<PersonRow> {
    return this.unwrap(ctx, await repo.person(scopeOf(ctx), personId, forUpdate), action, 'person', personId, 'params.personId');
  }

  async visibleApplication(ctx: RequestContext, id: string, action: string, repo = this.repo, forUpdate = false): Promise<ApplicationRow> {
    return this.unwrap(ctx, await repo.application(scopeOf(ctx), id, forUpdate), action, 'assistance_application', id, 'params.id');
  }

  unwrap<T>(ctx: RequestContext, found: Lookup<T>, action: string, resourceType: string, id: string, field: string): T {
    if (found.status === 'visible') return found.row;
    if (found.status === 'out_of_scope') ctx.audit = { action, resourceType, resourceId: id, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
    throw new AppError('NOT_FOUND', { field });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Criteria.

  async evaluatePerson(person: PersonRow, declared: DeclaredFacts, asOf: string, repo = this.repo): Promise<StoredEvaluation> {
    const pack = this.pack(person.jurisdictionCode, asOf);
    const file = (await repo.fileFacts([person], this.cipher)).get(person.id)!;
    const { facts } = gatherFacts(file, declared, asOf);
    const d = evaluateDifficulty(facts, pack);
    return { pack: `${pack.id}@${pack.version}`, asOf, eligible: d.eligible, registeredUnemployed: d.registeredUnemployed, categories: d.categories, missingFacts: d.missingFacts, explanations: d.explanations };
  }

  async evaluate(ctx: RequestContext, personId: string, declared: DeclaredFacts): Promise<StoredEvaluation> {
    const person = await this.visiblePerson(ctx, personId, 'assistance.evaluate');
    return this.evaluatePerson(person, declared, this.today());
  }

  // ---------------------------------------------------------------------------------------------------------
  // Application.

  commitment() {
    const t = currentText(APPLICATION_COMMITMENTS, this.today());
    return { current: { version: t.version, titleZh: t.titleZh, textZh: t.textZh, textEn: t.textEn, source: t.source, sha256: textSha256(t) } };
  }

  async apply(
    ctx: RequestContext,
    personId: string,
    body: { facts: DeclaredFacts; commitment?: { version: string; signedAt?: string | undefined } | undefined; note?: string | undefined },
    channel: 'caseworker' | 'citizen',
  ) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    let commitment: { version: string; sha: string; signedAt: Date } | null = null;
    const expected = currentText(APPLICATION_COMMITMENTS, today);
    if (channel === 'citizen' || body.commitment) {
      if (!body.commitment || body.commitment.version !== expected.version) {
        throw invalid('body.commitment.version', `须签署现行书面承诺文本 ${expected.version}`, `the written commitment in effect is ${expected.version}`);
      }
      const signedAt = channel === 'citizen' || !body.commitment.signedAt ? now : new Date(body.commitment.signedAt);
      if (signedAt.getTime() > now.getTime() + 60_000) throw invalid('body.commitment.signedAt', '签署时间不能晚于现在', 'signedAt must not be in the future');
      commitment = { version: expected.version, sha: textSha256(expected), signedAt };
    }
    let row: ApplicationRow;
    try {
      row = await this.repo.transaction(async (repo) => {
        const person = await this.visiblePerson(ctx, personId, 'assistance.apply', repo, true);
        const open = await repo.openApplication(person.id);
        if (open) throw new AppError('ASSISTANCE_OPEN_EXISTS', { field: 'params.personId', params: { applicationNo: open.applicationNo, state: open.state } });
        const evaluation = await this.evaluatePerson(person, body.facts, today, repo);
        const pack = this.pack(person.jurisdictionCode, today);
        const precheck = assistanceStepDeadline('precheck', parseIsoDate(today, 'today'), pack, calendarForPack(pack));
        const n = (await repo.applicationCount(person.id)) + 1;
        const created = await repo.insertApplication({
          personId: person.id,
          applicationNo: `KN${today.replaceAll('-', '')}-${person.id.slice(0, 8)}-${n}`,
          jurisdictionCode: person.jurisdictionCode,
          state: 'submitted',
          channel,
          submittedBy: actor.userId,
          submittedByName: actor.username,
          submittedOn: today,
          commitmentVersion: commitment?.version ?? null,
          commitmentSha256: commitment?.sha ?? null,
          commitmentSignedAt: commitment?.signedAt ?? null,
          declaredFacts: body.facts,
          evaluation,
          packRef: evaluation.pack,
          precheckDue: precheck.due,
        });
        await repo.event({ at: now, personId: person.id, applicationId: created.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'submitted', fromState: null, toState: 'submitted', reason: body.note ?? null, detail: { channel, eligible: evaluation.eligible, precheckDue: precheck.due, deadline: precheck.explanation } });
        return created;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('ASSISTANCE_OPEN_EXISTS', { field: 'params.personId', params: { applicationNo: '—', state: 'submitted' } });
      throw e;
    }
    ctx.audit = { action: 'assistance.apply', resourceType: 'assistance_application', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, detail: { personId, channel, eligible: (row.evaluation as StoredEvaluation).eligible } };
    return this.view(row);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Workflow steps.

  /**
   * Maker–checker (CQ25 八: 全过程监管，严防弄虚作假、滥用职权): the actor must not have submitted the application
   * nor performed an earlier approval step.
   */
  private checkMaker(row: ApplicationRow, actor: Actor, stepZh: string, stepEn: string): void {
    const performed: { by: string | null; name: string; zh: string; en: string }[] = [{ by: row.submittedBy, name: row.submittedByName, zh: '提交申请', en: 'submission' }];
    const prechecked = row.prechecked as StepRecord | null;
    const reviewed = row.reviewed as StepRecord | null;
    if (prechecked) performed.push({ by: prechecked.by, name: prechecked.byName, zh: '社区初审', en: 'community pre-check' });
    if (reviewed) performed.push({ by: reviewed.by, name: reviewed.byName, zh: '县级审核', en: 'county review' });
    const hit = performed.find((p) => p.by === actor.userId);
    if (hit) throw new AppError('MAKER_CHECKER', { params: { stepZh: `${stepZh}：已办理${hit.zh}`, stepEn: `${stepEn}: you did the ${hit.en}`, by: hit.name, clause: MAKER_CHECKER_CLAUSE } });
  }

  private step(actor: Actor, decision: 'approve' | 'reject', reason: string | undefined, now: Date): StepRecord {
    return { by: actor.userId, byName: actor.username, at: now.toISOString(), on: chinaDate(now), decision, reason: reason ?? null };
  }

  private notEligible(ev: StoredEvaluation, requireKnown: boolean): AppError | null {
    if (ev.eligible === true || (!requireKnown && ev.eligible === 'unknown')) return null;
    const clause = '人社部发〔2024〕84号 就业困难人员定义';
    if (ev.eligible === 'unknown') {
      return new AppError('ASSISTANCE_NOT_ELIGIBLE', { params: { clause, detailZh: `资料不全，须补充：${ev.missingFacts.join('、')}`, detailEn: `facts missing: ${ev.missingFacts.join(', ')}` } });
    }
    const zh = ev.registeredUnemployed === false ? '不是登记失业人员' : `不符合任一认定类别（${ev.categories.map((c) => `${c.nameZh}：${c.source}`).join('；')}）`;
    const en = ev.registeredUnemployed === false ? 'not registered unemployed' : `meets no category (${ev.categories.map((c) => c.id).join(', ')})`;
    return new AppError('ASSISTANCE_NOT_ELIGIBLE', { params: { clause, detailZh: zh, detailEn: en } });
  }

  async precheck(ctx: RequestContext, id: string, body: { decision: 'approve' | 'reject'; reason?: string | undefined }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.precheck', repo, true);
      if (app.state !== 'submitted') throw stateError(app.state, '初审', 'pre-check');
      this.checkMaker(app, actor, '社区初审', 'community pre-check');
      const person = await this.visiblePerson(ctx, app.personId, 'assistance.precheck', repo);
      const evaluation = await this.evaluatePerson(person, app.declaredFacts as DeclaredFacts, today, repo);
      if (body.decision === 'reject') return this.reject(repo, app, actor, body.reason, 'precheck_rejected', evaluation, { prechecked: this.step(actor, 'reject', body.reason, now) }, now);
      const err = this.notEligible(evaluation, false);
      if (err) throw err;
      const pack = this.pack(app.jurisdictionCode, today);
      const review = assistanceStepDeadline('review', parseIsoDate(today, 'today'), pack, calendarForPack(pack));
      const next = await repo.transition(app, 'submitted', { state: 'prechecked', prechecked: this.step(actor, 'approve', body.reason, now), reviewDue: review.due, evaluation, packRef: evaluation.pack }, now);
      if (!next) throw stateError(app.state, '初审', 'pre-check');
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'prechecked', fromState: 'submitted', toState: 'prechecked', reason: body.reason ?? null, detail: { onTime: app.precheckDue ? today <= app.precheckDue : null, reviewDue: review.due, deadline: review.explanation } });
      return next;
    });
    ctx.audit = { action: 'assistance.precheck', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, ...(body.reason ? { reason: body.reason } : {}), detail: { decision: body.decision } };
    return this.view(row);
  }

  async review(ctx: RequestContext, id: string, body: { decision: 'approve' | 'reject'; reason?: string | undefined }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.review', repo, true);
      if (app.state !== 'prechecked' && app.state !== 'appealed') throw stateError(app.state, '审核', 'review');
      this.checkMaker(app, actor, '县级审核', 'county review');
      const person = await this.visiblePerson(ctx, app.personId, 'assistance.review', repo);
      const evaluation = await this.evaluatePerson(person, app.declaredFacts as DeclaredFacts, today, repo);
      if (body.decision === 'reject') return this.reject(repo, app, actor, body.reason, 'review_rejected', evaluation, { reviewed: this.step(actor, 'reject', body.reason, now) }, now);
      const err = this.notEligible(evaluation, true);
      if (err) throw err;
      const pack = this.pack(app.jurisdictionCode, today);
      const notice = assistanceStepDeadline('notice', parseIsoDate(today, 'today'), pack, calendarForPack(pack));
      const office = await repo.officeFor(app.jurisdictionCode);
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
      const next = await repo.transition(app, app.state, { state: 'public_notice', reviewed: this.step(actor, 'approve', body.reason, now), noticeFrom: today, noticeEnds: notice.due, notice: published, evaluation, packRef: evaluation.pack }, now);
      if (!next) throw stateError(app.state, '审核', 'review');
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'reviewed', fromState: app.state, toState: 'public_notice', reason: body.reason ?? null, detail: { onTime: app.reviewDue ? today <= app.reviewDue : null, noticeEnds: notice.due, deadline: notice.explanation } });
      return next;
    });
    ctx.audit = { action: 'assistance.review', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, ...(body.reason ? { reason: body.reason } : {}), detail: { decision: body.decision } };
    return this.view(row);
  }

  private async reject(repo: AssistanceRepository, app: ApplicationRow, actor: Actor, reason: string | undefined, action: string, evaluation: StoredEvaluation, step: Partial<ApplicationRow>, now: Date): Promise<ApplicationRow> {
    if (!reason) throw invalid('body.reason', '不予通过须写明理由', 'a rejection needs a reason');
    const today = chinaDate(now);
    const next = await repo.transition(app, app.state, { ...step, state: 'rejected', rejectedOn: today, rejectionReason: reason, evaluation }, now);
    if (!next) throw stateError(app.state, '处理', 'decide');
    await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action, fromState: app.state, toState: 'rejected', reason, detail: {} });
    return next;
  }

  async objection(ctx: RequestContext, id: string, body: { objector: string; content: string; raisedOn?: string | undefined }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const raisedOn = body.raisedOn ?? today;
    const result = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.objection', repo, true);
      if (app.state !== 'public_notice') throw stateError(app.state, '登记公示异议', 'record a notice objection');
      if (raisedOn > today) throw invalid('body.raisedOn', '日期不能晚于今天', 'raisedOn must not be in the future');
      if (raisedOn < app.noticeFrom! || raisedOn > app.noticeEnds!) throw invalid('body.raisedOn', `异议须在公示期内（${app.noticeFrom} 至 ${app.noticeEnds}）提出`, `objections are raised within the notice period (${app.noticeFrom} to ${app.noticeEnds})`);
      const o = await repo.insertObjection({ personId: app.personId, applicationId: app.id, raisedOn, objector: body.objector, content: body.content, recordedBy: actor.userId });
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'objection_raised', fromState: 'public_notice', toState: 'public_notice', reason: body.content, detail: { objectionId: o.id, objector: body.objector, suspends: true } });
      return { app, o };
    });
    ctx.audit = { action: 'assistance.objection', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: result.app.jurisdictionCode };
    return this.view(result.app);
  }

  async resolveObjection(ctx: RequestContext, id: string, objectionId: string, body: { outcome: 'dismissed' | 'upheld'; resolution: string }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.objection', repo, true);
      if (app.state !== 'public_notice') throw stateError(app.state, '处理公示异议', 'resolve a notice objection');
      const objection = (await repo.objections(app.id)).find((o) => o.id === objectionId);
      if (!objection) throw new AppError('NOT_FOUND', { field: 'params.objectionId' });
      // Maker–checker: whoever recorded the objection, or submitted the application, may not decide it.
      if (objection.recordedBy === actor.userId) {
        const recorded = (await repo.events(app.id)).find((e) => e.action === 'objection_raised' && (e.detail as { objectionId?: string }).objectionId === objection.id);
        throw new AppError('MAKER_CHECKER', { params: { stepZh: '处理公示异议：该异议由您登记', stepEn: 'resolving a notice objection: you recorded it', by: recorded?.actorName ?? actor.username, clause: MAKER_CHECKER_CLAUSE } });
      }
      if (app.submittedBy === actor.userId) {
        throw new AppError('MAKER_CHECKER', { params: { stepZh: '处理公示异议：申请由您提交', stepEn: 'resolving a notice objection: you submitted the application', by: app.submittedByName, clause: MAKER_CHECKER_CLAUSE } });
      }
      const done = await repo.resolveObjection(app.personId, objectionId, { status: body.outcome, resolution: body.resolution, resolvedBy: actor.userId, resolvedOn: today });
      if (!done || done.applicationId !== app.id) throw new AppError('NOT_FOUND', { field: 'params.objectionId' });
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: `objection_${body.outcome}`, fromState: 'public_notice', toState: body.outcome === 'upheld' ? 'rejected' : 'public_notice', reason: body.resolution, detail: { objectionId } });
      if (body.outcome === 'upheld') {
        const next = await repo.transition(app, 'public_notice', { state: 'rejected', rejectedOn: today, rejectionReason: `公示异议成立：${body.resolution}` }, now);
        if (!next) throw stateError(app.state, '处理公示异议', 'resolve a notice objection');
        return next;
      }
      return app;
    });
    ctx.audit = { action: 'assistance.objection.resolve', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason: body.resolution, detail: { objectionId, outcome: body.outcome } };
    return this.view(row);
  }

  async recognise(ctx: RequestContext, id: string, body: { reason?: string | undefined }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.recognise', repo, true);
      if (app.state === 'submitted' || app.state === 'prechecked' || app.state === 'appealed') {
        // Recognition without the notice (MOH 二(三): 按照规定程序及时予以公示认定) is refused with the pack's period.
        const n = this.pack(app.jurisdictionCode, today).params.assistance.noticeWorkingDays;
        throw new AppError('ASSISTANCE_NOTICE_REQUIRED', { params: { state: app.state, stateZh: STATE_ZH[app.state] ?? app.state, workingDays: String(n.value), clause: `${n.source.doc} ${n.source.clause}` } });
      }
      if (app.state !== 'public_notice') throw stateError(app.state, '认定', 'recognise');
      this.checkMaker(app, actor, '认定', 'recognition');
      const pack = this.pack(app.jurisdictionCode, today);
      const open = (await repo.objections(app.id)).filter((o) => o.status === 'open');
      const notice = noticeCompletion(parseIsoDate(app.noticeFrom!, 'noticeFrom'), parseIsoDate(today, 'today'), pack, calendarForPack(pack));
      if (open.length > 0) throw new AppError('ASSISTANCE_OBJECTION_OPEN', { params: { count: String(open.length), clause: 'MOH 二(三)' } });
      if (!notice.complete) throw new AppError('ASSISTANCE_NOTICE_RUNNING', { params: { workingDays: String(pack.params.assistance.noticeWorkingDays.value), noticeEnds: notice.noticeEnds, clause: notice.source } });
      const person = await this.visiblePerson(ctx, app.personId, 'assistance.recognise', repo, true);
      const evaluation = await this.evaluatePerson(person, app.declaredFacts as DeclaredFacts, today, repo);
      const err = this.notEligible(evaluation, true);
      if (err) throw err;
      const year = Number(today.slice(0, 4));
      const county = codePrefix(app.jurisdictionCode).slice(0, 6).padEnd(6, '0');
      const serial = await repo.nextCardSerial(county, year);
      const cardNo = `${county}${year}${String(serial).padStart(6, '0')}`;
      const period = assistancePeriod(parseIsoDate(today, 'today'), parseIsoDate(today, 'today'), pack);
      const next = await repo.transition(app, 'public_notice', { state: 'recognised', recognisedOn: today, recognisedBy: actor.userId, cardNo, validUntil: period.validUntil, nextRecheckOn: period.nextRecheck, evaluation, packRef: evaluation.pack }, now);
      if (!next) throw stateError(app.state, '认定', 'recognise');
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'recognised', fromState: 'public_notice', toState: 'recognised', reason: body.reason ?? null, detail: { cardNo, validUntil: period.validUntil, nextRecheck: period.nextRecheck, notice: notice.explanation, period: period.explanations } });
      await changeDifficultyMark(repo.db, app.personId, 'add', today, actor, `就业困难人员认定 ${app.applicationNo}，援助卡 ${cardNo}（${evaluation.categories.filter((c) => c.met === true).map((c) => c.source).join('；')}）`, 'assistance_recognition');
      return next;
    });
    ctx.audit = { action: 'assistance.recognise', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { cardNo: row.cardNo } };
    return this.view(row);
  }

  async appeal(ctx: RequestContext, id: string, body: { reason: string }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.appeal', repo, true);
      if (app.state !== 'rejected') throw stateError(app.state, '申诉', 'appeal');
      const next = await repo.transition(app, 'rejected', { state: 'appealed', appeal: { by: actor.userId, byName: actor.username, on: today, reason: body.reason }, reviewed: null }, now);
      if (!next) throw stateError(app.state, '申诉', 'appeal');
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'appealed', fromState: 'rejected', toState: 'appealed', reason: body.reason, detail: {} });
      return next;
    });
    ctx.audit = { action: 'assistance.appeal', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason: body.reason };
    return this.view(row);
  }

  /**
   * Periodic re-check of the criteria (动态管理, MOH 二(三)): records a fresh evaluation and the next date; the event
   * carries the pack, the verdict with the categories' clauses and the re-check interval's explanation.
   */
  async recheck(ctx: RequestContext, id: string, body: { facts?: DeclaredFacts | undefined }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.recheck', repo, true);
      if (app.state !== 'recognised') throw stateError(app.state, '复核', 're-check');
      const declared = { ...(app.declaredFacts as DeclaredFacts), ...(body.facts ?? {}) };
      const person = await this.visiblePerson(ctx, app.personId, 'assistance.recheck', repo);
      const evaluation = await this.evaluatePerson(person, declared, today, repo);
      const pack = this.pack(app.jurisdictionCode, today);
      const period = assistancePeriod(parseIsoDate(app.recognisedOn!, 'recognisedOn'), parseIsoDate(today, 'today'), pack, parseIsoDate(today, 'today'));
      const next = await repo.transition(app, 'recognised', { declaredFacts: declared, evaluation, lastRecheckOn: today, nextRecheckOn: period.nextRecheck }, now);
      if (!next) throw stateError(app.state, '复核', 're-check');
      const verdict = recheckVerdict(evaluation);
      await repo.event({
        at: now,
        personId: app.personId,
        applicationId: app.id,
        on: today,
        actorId: actor.userId,
        actorName: actor.username,
        action: 'rechecked',
        fromState: 'recognised',
        toState: 'recognised',
        reason: null,
        detail: { eligible: evaluation.eligible, nextRecheck: period.nextRecheck, pack: evaluation.pack, explanations: [verdict, period.explanations[1]!] },
      });
      return next;
    });
    ctx.audit = { action: 'assistance.recheck', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { eligible: (row.evaluation as StoredEvaluation).eligible } };
    return this.view(row);
  }

  /** Hand-over assessment before the assistance period ends (CQ25 四: 提前评估就业情况，做好政策衔接). */
  async handover(ctx: RequestContext, id: string, body: { employmentSituation: string; nextSteps: string }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const row = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.handover', repo, true);
      if (app.state !== 'recognised') throw stateError(app.state, '期满评估', 'assess hand-over');
      const pack = this.pack(app.jurisdictionCode, today);
      const period = assistancePeriod(parseIsoDate(app.recognisedOn!, 'recognisedOn'), parseIsoDate(today, 'today'), pack);
      const handover = period.explanations[2]!;
      if (!period.handoverDue && !period.expired) {
        throw invalid('body', `援助期至 ${period.validUntil} 止，期满评估自 ${period.handoverAssessmentFrom} 起进行（${handover.source}）`, `the assistance period runs to ${period.validUntil}; the hand-over assessment is due from ${period.handoverAssessmentFrom} (${handover.source})`);
      }
      const assessment = { on: today, by: actor.userId, byName: actor.username, employmentSituation: body.employmentSituation, nextSteps: body.nextSteps, source: handover.source, validUntil: period.validUntil };
      const next = await repo.transition(app, 'recognised', { handoverAssessment: assessment }, now);
      if (!next) throw stateError(app.state, '期满评估', 'assess hand-over');
      await repo.event({
        at: now,
        personId: app.personId,
        applicationId: app.id,
        on: today,
        actorId: actor.userId,
        actorName: actor.username,
        action: 'handover_assessed',
        fromState: 'recognised',
        toState: 'recognised',
        reason: body.nextSteps,
        detail: { ...assessment, pack: `${pack.id}@${pack.version}`, explanations: [period.explanations[0]!, handover] },
      });
      return next;
    });
    ctx.audit = { action: 'assistance.handover', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode };
    return this.view(row);
  }

  /**
   * Whether `reason` ends this recognition now, by the pack (MOH 二(三); CQ25 四): `no_longer_eligible` needs an
   * evaluation saying `false`, `refused_assistance` the pack's `endsAssistance`, `period_ended` the end of the
   * period and a hand-over assessment; the other grounds are facts the worker records.
   */
  exitGround(reason: ExitReason, app: ApplicationRow, pack: ResolvedPack, today: string, ev: StoredEvaluation): ExitGround {
    const packRef = `${pack.id}@${pack.version}`;
    const moh = 'MOH 二(三)';
    switch (reason) {
      case 'no_longer_eligible': {
        const allowed = ev.eligible === false ? true : ev.eligible === true ? false : 'unknown';
        const cats = ev.categories.filter((c) => c.met === true).map((c) => `${c.nameZh}（${c.source}）`).join('、');
        const text =
          ev.eligible === false
            ? `按 ${ev.asOf} 核验已不符合认定条件（${ev.registeredUnemployed === false ? '不是登记失业人员' : '不符合任一认定类别'}），不再作为援助对象`
            : ev.eligible === true
              ? `按 ${ev.asOf} 核验仍符合认定条件（${cats}），不能以“已不符合条件”退出`
              : `按 ${ev.asOf} 核验可能仍符合条件，资料不全（${ev.missingFacts.join('、')}），不能以“已不符合条件”退出`;
        const textEn =
          ev.eligible === false
            ? `checked on ${ev.asOf}: no longer meets the criteria (${ev.registeredUnemployed === false ? 'not registered unemployed' : 'meets no category'}); assistance ends`
            : ev.eligible === true
              ? `checked on ${ev.asOf}: still meets the criteria (${ev.categories.filter((c) => c.met === true).map((c) => c.id).join(', ')}); cannot exit as no longer eligible`
              : `checked on ${ev.asOf}: may still meet the criteria, facts missing (${ev.missingFacts.join(', ')}); cannot exit as no longer eligible`;
        return { reason, allowed, clause: moh, pack: ev.pack, text, textEn };
      }
      case 'refused_assistance': {
        const g = pack.params.deregistration.refused_services_3_times?.endsAssistance;
        const allowed = g?.value === true;
        const clause = g ? `${g.source.doc} ${g.source.clause}` : moh;
        return allowed
          ? { reason, allowed, clause, pack: packRef, text: `无正当理由不接受就业援助服务的，不再作为援助对象（规则包 ${packRef}）`, textEn: `refusing assistance without good reason ends it (pack ${packRef})` }
          : { reason, allowed, clause, pack: packRef, text: `规则包 ${packRef} 未规定无正当理由拒绝服务即退出援助`, textEn: `pack ${packRef} does not let refusing services end assistance` };
      }
      case 'period_ended': {
        const period = assistancePeriod(parseIsoDate(app.recognisedOn!, 'recognisedOn'), parseIsoDate(today, 'today'), pack);
        const clause = period.explanations[2]!.source;
        if (!period.expired) return { reason, allowed: false, clause: period.explanations[0]!.source, pack: packRef, text: `援助期（${pack.params.assistance.validityMonths.value} 个月）至 ${period.validUntil} 止，尚未期满`, textEn: `the ${pack.params.assistance.validityMonths.value}-month assistance period runs to ${period.validUntil}; not ended` };
        if (!app.handoverAssessment) return { reason, allowed: false, clause, pack: packRef, text: `援助期已于 ${period.validUntil} 届满，退出前须完成期满评估（${clause}）`, textEn: `the period ended on ${period.validUntil}; a hand-over assessment is required before the exit (${clause})` };
        return { reason, allowed: true, clause, pack: packRef, text: `援助期已于 ${period.validUntil} 届满，期满评估已完成`, textEn: `the period ended on ${period.validUntil}; the hand-over assessment is done` };
      }
      case 'employed':
        return { reason, allowed: true, clause: moh, pack: packRef, text: '已实现就业，按动态管理退出援助', textEn: 'employed: leaves assistance (dynamic management)' };
      case 'deceased':
        return { reason, allowed: true, clause: moh, pack: packRef, text: '本人死亡，退出援助', textEn: 'deceased: assistance ends' };
      case 'moved_away':
        return { reason, allowed: true, clause: moh, pack: packRef, text: '迁出本辖区，退出本地援助（可在新居住地重新认定）', textEn: 'moved away: leaves local assistance (may be recognised again where they live now)' };
      case 'at_own_request':
        return { reason, allowed: true, clause: moh, pack: packRef, text: '本人申请退出援助', textEn: 'leaves assistance at their own request' };
    }
  }

  /** Exit (MOH 二(三); CQ25 四): the ground checked against the pack (`exitGround`); ends the `difficulty` mark. */
  async exit(ctx: RequestContext, id: string, body: { reason: ExitReason; note: string }) {
    const actor = requireActor(ctx);
    const now = this.clock.now();
    const today = chinaDate(now);
    const result = await this.repo.transaction(async (repo) => {
      const app = await this.visibleApplication(ctx, id, 'assistance.exit', repo, true);
      if (app.state !== 'recognised') throw stateError(app.state, '退出', 'exit');
      const pack = this.pack(app.jurisdictionCode, today);
      // Eligibility is evaluated afresh for that ground; the others use the stored evaluation only for the text.
      const ev = body.reason === 'no_longer_eligible' ? await this.evaluatePerson(await this.visiblePerson(ctx, app.personId, 'assistance.exit', repo), app.declaredFacts as DeclaredFacts, today, repo) : (app.evaluation as StoredEvaluation);
      const ground = this.exitGround(body.reason, app, pack, today, ev);
      if (ground.allowed !== true) throw invalid('body.reason', `${ground.text}（${ground.clause}）`, `${ground.textEn} (${ground.clause})`);
      const next = await repo.transition(app, 'recognised', { state: 'exited', exitedOn: today, exitReason: body.reason, exitClause: ground.clause, ...(body.reason === 'no_longer_eligible' ? { evaluation: ev } : {}) }, now);
      if (!next) throw stateError(app.state, '退出', 'exit');
      const explanation = { rule: `assistance.exit.${body.reason}`, source: ground.clause, pack: ground.pack, text: ground.text, textEn: ground.textEn };
      await repo.event({ at: now, personId: app.personId, applicationId: app.id, on: today, actorId: actor.userId, actorName: actor.username, action: 'exited', fromState: 'recognised', toState: 'exited', reason: body.note, detail: { reason: body.reason, clause: ground.clause, pack: ground.pack, explanations: [explanation] } });
      await changeDifficultyMark(repo.db, app.personId, 'end', today, actor, `援助退出（${body.reason}，${ground.clause}）：${body.note}`, 'assistance_exit');
      return { next, ground };
    });
    const row = result.next;
    ctx.audit = { action: 'assistance.exit', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: row.jurisdictionCode, reason: body.note, detail: { reason: body.reason, clause: result.ground.clause } };
    return this.view(row);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reads.

  async get(ctx: RequestContext, id: string) {
    const row = await this.visibleApplication(ctx, id, 'assistance.view');
    return this.view(row);
  }

  async mine(ctx: RequestContext) {
    const actor = requireActor(ctx);
    if (!actor.personId) throw new AppError('FORBIDDEN');
    const rows = await this.repo.applicationsFor(actor.personId);
    return { items: await Promise.all(rows.map((r) => this.view(r))) };
  }

  async forPerson(ctx: RequestContext, personId: string) {
    const person = await this.visiblePerson(ctx, personId, 'assistance.list');
    const rows = await this.repo.applicationsFor(person.id);
    return { items: await Promise.all(rows.map((r) => this.view(r))) };
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; state?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const { rows, total } = await this.repo.list(scope, within, q.state ? q.state.split(',') : undefined, q.page, q.pageSize);
    const today = this.today();
    return {
      items: rows.map((r) => ({ ...this.summary(r, today), personName: r.personName, idNumberMasked: r.idNumberMasked })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The public notices running in a jurisdiction (公示: masked name, sex, age, category, period, contact), paged
   * with the exact total; the notice ending first on top. `ended`: the period is over (awaiting recognition).
   */
  async notices(ctx: RequestContext, q: { jurisdiction?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.today();
    const { rows, total } = await this.repo.notices(scope, within, q.page, q.pageSize);
    return {
      items: rows.map((r) => ({ applicationId: r.id, applicationNo: r.applicationNo, jurisdictionCode: r.jurisdictionCode, ...(r.notice as Record<string, unknown>), ended: r.noticeEnds !== null && today > r.noticeEnds })),
      total,
      page: q.page,
      pageSize: q.pageSize,
      asOf: today,
    };
  }

  /**
   * "Service finds the person" (服务找人, R5.2): active unemployment registrants in scope, not recognised and without
   * an application, whose facts on file meet the criteria (or might, with the missing facts named), plus long-term
   * unemployed registrants (NM24 二(一): tier `long`). The whole pool of the jurisdiction is read once (keys) and
   * evaluated in chunks (no cap), so `total` is exact; the list is ordered eligible first, then long-term, then by
   * registration date, and only the requested page is built in full.
   */
  async candidates(ctx: RequestContext, q: { jurisdiction?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.today();
    const pool = await this.repo.candidatePoolKeys(scope, within);
    const packs = new Map<string, ResolvedPack | null>();
    const keys: { personId: string; eligible: boolean; longTerm: boolean; registeredOn: string }[] = [];
    for (let i = 0; i < pool.length; i += this.candidateChunk) {
      const people = await this.repo.personsByIds(pool.slice(i, i + this.candidateChunk).map((k) => k.personId));
      for (const c of await this.assessCandidates(people, today, packs)) keys.push({ personId: c.personId, eligible: c.eligible === true, longTerm: c.longTermUnemployed, registeredOn: c.registeredOn ?? '' });
    }
    keys.sort((a, b) => Number(b.eligible) - Number(a.eligible) || Number(b.longTerm) - Number(a.longTerm) || a.registeredOn.localeCompare(b.registeredOn) || a.personId.localeCompare(b.personId));
    const pageKeys = keys.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const built = new Map((await this.assessCandidates(await this.repo.personsByIds(pageKeys.map((k) => k.personId)), today, packs)).map((c) => [c.personId, c]));
    const items = pageKeys.map((k) => built.get(k.personId)).filter((c): c is CandidateItem => c !== undefined);
    return { items, total: keys.length, page: q.page, pageSize: q.pageSize, scanned: pool.length, asOf: today };
  }

  /** Evaluates pool members on `today`; answers the candidates among them (criteria met or possibly met, or long-term). */
  private async assessCandidates(pool: readonly PersonRow[], today: string, packs: Map<string, ResolvedPack | null>): Promise<CandidateItem[]> {
    if (pool.length === 0) return [];
    const files = await this.repo.fileFacts(pool, this.cipher);
    const items: CandidateItem[] = [];
    for (const p of pool) {
      const file = files.get(p.id)!;
      let pack = packs.get(p.jurisdictionCode);
      if (pack === undefined) {
        try {
          pack = this.pack(p.jurisdictionCode, today);
        } catch (e) {
          if (!(e instanceof RuleInputError)) throw e;
          pack = null;
        }
        packs.set(p.jurisdictionCode, pack);
      }
      if (pack === null) continue;
      const { facts } = gatherFacts(file, {}, today);
      const d = evaluateDifficulty(facts, pack);
      const tier = file.registration && file.registration.registeredOn <= today ? evaluateTier(parseIsoDate(file.registration.registeredOn, 'registeredOn'), pack, parseIsoDate(today, 'today')) : null;
      const longTerm = tier?.code === 'long';
      if (d.eligible === false && !longTerm) continue;
      const reasons: CandidateItem['reasons'] = [];
      for (const c of d.categories.filter((c) => c.met === true)) reasons.push({ code: `category:${c.id}`, textZh: `符合认定类别：${c.nameZh}`, textEn: `meets category: ${c.nameEn}`, source: c.source });
      if (longTerm && tier) {
        const ex = tier.explanations[0];
        reasons.push({ code: 'long_term_unemployed', textZh: `长期失业（登记 ${tier.months} 个月）`, textEn: `long-term unemployed (${tier.months} months registered)`, source: ex?.source ?? 'NM24 二(一)' });
      }
      items.push({
        personId: p.id,
        name: p.name,
        idNumberMasked: p.idNumberMasked,
        jurisdictionCode: p.jurisdictionCode,
        eligible: d.eligible,
        longTermUnemployed: longTerm,
        registeredOn: file.registration?.registeredOn ?? null,
        reasons,
        missingFacts: d.missingFacts,
        pack: `${pack.id}@${pack.version}`,
      });
    }
    return items;
  }

  /**
   * What is due (R5.3): pre-checks and reviews by their deadline, notices ended awaiting recognition, re-checks,
   * hand-over assessments and ended periods — the whole subtree, computed by the database and paged with the exact
   * total and per-task counts, most urgent first (overdue, then the earliest due date). The hand-over window and
   * the period's end come from each division's pack in force today (as `assistancePeriod` decides them at the
   * hand-over and the exit).
   */
  async worklist(ctx: RequestContext, q: { jurisdiction?: string | undefined; task?: WorklistTask[] | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.today();
    const packs = (await this.repo.recognisedCodes(scope, within)).map((code) => {
      const p = this.pack(code, today).params.assistance;
      return { code, validityMonths: p.validityMonths.value, handoverDays: p.handoverAssessmentDays.value };
    });
    const { rows, total, counts } = await this.repo.worklist(scope, within, today, packs, q.task, q.page, q.pageSize);
    const byTask = Object.fromEntries(WORKLIST_TASKS.map((task) => {
      const c = counts.find((x) => x.task === task);
      return [task, { total: c?.n ?? 0, overdue: c?.overdue ?? 0 }];
    })) as Record<WorklistTask, { total: number; overdue: number }>;
    return { items: rows, total, page: q.page, pageSize: q.pageSize, counts: byTask, asOf: today };
  }

  async card(ctx: RequestContext, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    const app = await this.visibleApplication(ctx, id, 'assistance.card');
    if (app.state !== 'recognised' || !app.cardNo) throw stateError(app.state, '打印援助卡', 'print the assistance card');
    const person = await this.visiblePerson(ctx, app.personId, 'assistance.card');
    const names = await this.repo.divisionNames([app.jurisdictionCode]);
    const office = await this.repo.officeFor(app.jurisdictionCode);
    const ev = app.evaluation as StoredEvaluation;
    const pdf = await renderAssistanceCard({
      cardNo: app.cardNo,
      applicationNo: app.applicationNo,
      personName: person.name,
      sex: person.sex,
      idNumberMasked: person.idNumberMasked,
      jurisdictionName: names.get(app.jurisdictionCode) ?? app.jurisdictionCode,
      categories: ev.categories.filter((c) => c.met === true).map((c) => `${c.nameZh}（${c.source}）`),
      recognisedOn: app.recognisedOn!,
      validUntil: app.validUntil!,
      office: office ?? null,
      packRef: app.packRef,
      issuedOn: this.today(),
    });
    ctx.audit = { action: 'assistance.card', resourceType: 'assistance_application', resourceId: id, jurisdictionCode: app.jurisdictionCode, sensitive: true };
    return { pdf, fileName: `assistance-card-${app.cardNo}.pdf` };
  }

  summary(r: ApplicationRow, today = this.today()) {
    const ev = r.evaluation as StoredEvaluation;
    return {
      id: r.id,
      personId: r.personId,
      applicationNo: r.applicationNo,
      jurisdictionCode: r.jurisdictionCode,
      state: r.state,
      stateZh: STATE_ZH[r.state] ?? r.state,
      channel: r.channel,
      submittedOn: r.submittedOn,
      submittedBy: r.submittedByName,
      eligible: ev.eligible,
      categoriesMet: ev.categories.filter((c) => c.met === true).map((c) => c.id),
      precheckDue: r.precheckDue,
      reviewDue: r.reviewDue,
      noticeFrom: r.noticeFrom,
      noticeEnds: r.noticeEnds,
      recognisedOn: r.recognisedOn,
      cardNo: r.cardNo,
      validUntil: r.validUntil,
      nextRecheckOn: r.nextRecheckOn,
      rejectionReason: r.rejectionReason,
      exitedOn: r.exitedOn,
      exitReason: r.exitReason,
      exitClause: r.exitClause,
      daysOpen: daysBetween(r.submittedOn, today),
    };
  }

  /** The assistance period of a recognition in force (validity, next re-check, hand-over window) and the exit grounds. */
  private standing(r: ApplicationRow, today: string) {
    if (r.state !== 'recognised' || !r.recognisedOn) return { period: null, exitGrounds: [] };
    let pack: ResolvedPack;
    try {
      pack = this.pack(r.jurisdictionCode, today);
    } catch (e) {
      if (e instanceof RuleInputError) return { period: null, exitGrounds: [] };
      throw e;
    }
    const p = assistancePeriod(parseIsoDate(r.recognisedOn, 'recognisedOn'), parseIsoDate(today, 'today'), pack, r.lastRecheckOn ? parseIsoDate(r.lastRecheckOn, 'lastRecheckOn') : undefined);
    const period = { pack: `${pack.id}@${pack.version}`, validFrom: p.validFrom, validUntil: p.validUntil, nextRecheck: r.nextRecheckOn ?? p.nextRecheck, handoverAssessmentFrom: p.handoverAssessmentFrom, handoverDue: p.handoverDue, expired: p.expired, explanations: p.explanations };
    return { period, exitGrounds: EXIT_REASONS.map((reason) => this.exitGround(reason, r, pack, today, r.evaluation as StoredEvaluation)) };
  }

  async view(r: ApplicationRow) {
    const today = this.today();
    const [events, objections, plan] = await Promise.all([this.repo.events(r.id), this.repo.objections(r.id), this.repo.planOf(r.personId, r.id)]);
    const s = this.summary(r, today);
    return {
      ...s,
      planId: plan?.id ?? null,
      planState: plan?.state ?? null,
      ...this.standing(r, today),
      commitment: r.commitmentVersion ? { version: r.commitmentVersion, sha256: r.commitmentSha256, signedAt: r.commitmentSignedAt?.toISOString() ?? null } : null,
      declaredFacts: r.declaredFacts as Record<string, unknown>,
      evaluation: r.evaluation as StoredEvaluation,
      packRef: r.packRef,
      prechecked: (r.prechecked as StepRecord | null) ?? null,
      reviewed: (r.reviewed as StepRecord | null) ?? null,
      notice: (r.notice as Record<string, unknown> | null) ?? null,
      handoverAssessment: (r.handoverAssessment as Record<string, unknown> | null) ?? null,
      appeal: (r.appeal as Record<string, unknown> | null) ?? null,
      objections: objections.map((o) => ({ id: o.id, raisedOn: o.raisedOn, objector: o.objector, content: o.content, recordedBy: o.recordedBy, status: o.status, resolution: o.resolution, resolvedOn: o.resolvedOn })),
      suspended: r.state === 'public_notice' && objections.some((o) => o.status === 'open'),
      events: events.map((e) => ({ at: e.at.toISOString(), on: e.on, actor: e.actorName, action: e.action, fromState: e.fromState, toState: e.toState, reason: e.reason, detail: e.detail as Record<string, unknown> })),
    };
  }
}

export type { Scope };
