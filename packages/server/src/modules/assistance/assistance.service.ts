/**
 * Difficulty-person recognition (就业困难人员认定, R5.1–R5.4): application by a caseworker or by the citizen (with the
 * written commitment), then the workflow steps — community pre-check, county review, public notice (公示) with
 * objections, recognition with an assistance card, rejection and appeal, periodic re-check, hand-over assessment
 * before the period ends (CQ25 四) and exit — run by one executor from the transition table
 * (`assistance.workflow.ts`: from-states, permission, maker–checker by user id, guard with the clause;
 * `assistance.transitions.ts`: patch, event, mark). The application view carries `allowedActions` for the
 * requester, computed from the same table. Lists and the worklist are in `assistance.queries.ts`.
 */
import {
  assistancePeriod,
  assistanceStepDeadline,
  calendarForPack,
  evaluateDifficulty,
  noticeCompletion,
  parseIsoDate,
  RuleInputError,
  type PackRegistry,
  type ResolvedPack,
} from '@bangfu/rules';
import { type Scope } from '../../access/scope.ts';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { PersonRow } from '../persons/persons.repository.ts';
import { officesServing } from '../org/org.service.ts';
import { isUniqueViolation } from '../../db/executor.ts';
import { chinaDate, daysBetween } from './clock.ts';
import type { Clock } from '../../jobs/clock.ts';
import { renderAssistanceCard } from './documents.ts';
import { gatherFacts, type DeclaredFacts } from './facts.ts';
import { APPLICATION_COMMITMENTS, currentText, textSha256 } from './texts.ts';
import type { ApplicationRow, AssistanceRepository, EventRow, ObjectionRow } from './assistance.repository.ts';
import { EXIT_REASONS, STATE_ZH, exitGround, invalid, stateError, type StoredEvaluation } from './assistance.grounds.ts';
import { WorkflowExecutor } from './assistance.executor.ts';
import { AssistanceQueries } from './assistance.queries.ts';
import { performedSteps, type Bodies, type StepRecord } from './assistance.transitions.ts';
import { allowedActions, type AllowedAction, type WorkflowAction } from './assistance.workflow.ts';
import type { Application, ApplicationSummary } from './assistance.contract.ts';

export { EXIT_REASONS, MAKER_CHECKER_CLAUSE, STATE_ZH, exitGround, invalid, type ExitGround, type ExitReason, type StoredEvaluation } from './assistance.grounds.ts';
export type { CandidateItem } from './assistance.queries.ts';

export class AssistanceService {
  /** Pool members loaded and evaluated per chunk of the candidates scan (tests make it small to cross chunk borders). */
  candidateChunk = 1000;

  /** Runs the workflow steps (`assistance.executor.ts`). */
  private readonly workflow: WorkflowExecutor;
  /** Lists, notices, candidates, worklist (`assistance.queries.ts`). */
  private readonly queries: AssistanceQueries;

  constructor(
    readonly repo: AssistanceRepository,
    readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    readonly clock: Clock,
  ) {
    this.workflow = new WorkflowExecutor(this);
    this.queries = new AssistanceQueries(this);
  }

  today(): string {
    return this.clock.today();
  }

  pack(code: string, on = this.today()): ResolvedPack {
    return this.registry.resolve(code, on);
  }

  /** The nearest office up the tree (for the contact printed on notices and cards); on `repo` inside a transaction. */
  async officeFor(code: string, repo = this.repo): Promise<{ name: string; phone: string | null; address: string | null } | undefined> {
    const best = (await officesServing(repo.db, code))[0];
    return best ? { name: best.name, phone: best.phone, address: best.address } : undefined;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Look-ups (out of scope answers 404 and is audited as denied).

  async visiblePerson(ctx: RequestContext, personId: string, action: string, repo = this.repo, forUpdate = false): Promise<PersonRow> {
    return visibleOr404(ctx, await repo.person(scopeOf(ctx), personId, forUpdate), { action, resourceType: 'person', resourceId: personId, field: 'params.personId' });
  }

  async visibleApplication(ctx: RequestContext, id: string, action: string, repo = this.repo, forUpdate = false): Promise<ApplicationRow> {
    return visibleOr404(ctx, await repo.application(scopeOf(ctx), id, forUpdate), { action, resourceType: 'assistance_application', resourceId: id, field: 'params.id' });
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
    return this.view(row, ctx);
  }


  // ---------------------------------------------------------------------------------------------------------
  // Workflow steps: one executor runs the rows of `assistance.workflow.ts` (checks) and `assistance.transitions.ts`.

  private async step<A extends WorkflowAction>(ctx: RequestContext, action: A, id: string, body: Bodies[A]) {
    return this.view(await this.workflow.run(ctx, action, id, body), ctx);
  }

  precheck(ctx: RequestContext, id: string, body: { decision: 'approve' | 'reject'; reason?: string | undefined }) {
    return this.step(ctx, body.decision === 'approve' ? 'precheck.approve' : 'precheck.reject', id, { reason: body.reason });
  }

  review(ctx: RequestContext, id: string, body: { decision: 'approve' | 'reject'; reason?: string | undefined }) {
    return this.step(ctx, body.decision === 'approve' ? 'review.approve' : 'review.reject', id, { reason: body.reason });
  }

  objection(ctx: RequestContext, id: string, body: Bodies['objection.record']) {
    return this.step(ctx, 'objection.record', id, body);
  }

  resolveObjection(ctx: RequestContext, id: string, objectionId: string, body: { outcome: 'dismissed' | 'upheld'; resolution: string }) {
    return this.step(ctx, 'objection.resolve', id, { objectionId, ...body });
  }

  recognise(ctx: RequestContext, id: string, body: Bodies['recognise']) {
    return this.step(ctx, 'recognise', id, body);
  }

  appeal(ctx: RequestContext, id: string, body: Bodies['appeal']) {
    return this.step(ctx, 'appeal', id, body);
  }

  recheck(ctx: RequestContext, id: string, body: Bodies['recheck']) {
    return this.step(ctx, 'recheck', id, body);
  }

  handover(ctx: RequestContext, id: string, body: Bodies['handover']) {
    return this.step(ctx, 'handover', id, body);
  }

  exit(ctx: RequestContext, id: string, body: Bodies['exit']) {
    return this.step(ctx, 'exit', id, body);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Lists (assistance.queries.ts).

  list(ctx: RequestContext, q: Parameters<AssistanceQueries['list']>[1]) {
    return this.queries.list(ctx, q);
  }

  notices(ctx: RequestContext, q: Parameters<AssistanceQueries['notices']>[1]) {
    return this.queries.notices(ctx, q);
  }

  candidates(ctx: RequestContext, q: Parameters<AssistanceQueries['candidates']>[1]) {
    return this.queries.candidates(ctx, q);
  }

  worklist(ctx: RequestContext, q: Parameters<AssistanceQueries['worklist']>[1]) {
    return this.queries.worklist(ctx, q);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reads.

  async get(ctx: RequestContext, id: string) {
    const row = await this.visibleApplication(ctx, id, 'assistance.view');
    return this.view(row, ctx);
  }

  async mine(ctx: RequestContext) {
    const actor = requireActor(ctx);
    if (!actor.personId) throw new AppError('FORBIDDEN');
    const rows = await this.repo.applicationsFor(actor.personId);
    return { items: await Promise.all(rows.map((r) => this.view(r, ctx))) };
  }

  async forPerson(ctx: RequestContext, personId: string) {
    const person = await this.visiblePerson(ctx, personId, 'assistance.list');
    const rows = await this.repo.applicationsFor(person.id);
    return { items: await Promise.all(rows.map((r) => this.view(r, ctx))) };
  }

  async card(ctx: RequestContext, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    const app = await this.visibleApplication(ctx, id, 'assistance.card');
    if (app.state !== 'recognised' || !app.cardNo) throw stateError(app.state, '打印援助卡', 'print the assistance card');
    const person = await this.visiblePerson(ctx, app.personId, 'assistance.card');
    const names = await this.repo.divisionNames([app.jurisdictionCode]);
    const office = await this.officeFor(app.jurisdictionCode);
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

  summary(r: ApplicationRow, today = this.today()): ApplicationSummary {
    const ev = r.evaluation as StoredEvaluation;
    return {
      id: r.id,
      personId: r.personId,
      applicationNo: r.applicationNo,
      jurisdictionCode: r.jurisdictionCode,
      state: r.state as ApplicationSummary['state'],
      stateZh: STATE_ZH[r.state] ?? r.state,
      channel: r.channel as ApplicationSummary['channel'],
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
    return { period, exitGrounds: EXIT_REASONS.map((reason) => exitGround(reason, r, pack, today, r.evaluation as StoredEvaluation)) };
  }

  /** The pack in force for a division, or null where none is (views still answer). */
  private packOrNull(code: string, today: string): ResolvedPack | null {
    try {
      return this.pack(code, today);
    } catch (e) {
      if (e instanceof RuleInputError) return null;
      throw e;
    }
  }

  /**
   * What the requester may do now (state, permission, maker–checker, guard — the executor's own checks), judged on
   * the stored evaluation; the step evaluates afresh and decides again.
   */
  private allowed(ctx: RequestContext | undefined, r: ApplicationRow, today: string, events: readonly EventRow[], objections: readonly ObjectionRow[]): AllowedAction[] {
    const actor = ctx?.actor;
    if (!actor) return [];
    const pack = this.packOrNull(r.jurisdictionCode, today);
    const on = parseIsoDate(today, 'today');
    const open = objections.filter((o) => o.status === 'open');
    const facts = {
      evaluation: r.evaluation as StoredEvaluation,
      openObjections: open.length,
      pack,
      notice: pack && r.state === 'public_notice' && r.noticeFrom ? noticeCompletion(parseIsoDate(r.noticeFrom, 'noticeFrom'), on, pack, calendarForPack(pack)) : null,
      period: pack && r.state === 'recognised' && r.recognisedOn ? assistancePeriod(parseIsoDate(r.recognisedOn, 'recognisedOn'), on, pack) : null,
    };
    const recorder = (id: string) => events.find((e) => e.action === 'objection_raised' && (e.detail as { objectionId?: string }).objectionId === id)?.actorName ?? '';
    return allowedActions(
      { state: r.state, actor, performed: performedSteps(r), facts },
      open.map((o) => ({ id: o.id, recordedBy: o.recordedBy, recorderName: recorder(o.id) })),
      ctx.lang,
    );
  }

  /** The application as answered; with `ctx`, `allowedActions` for its actor. */
  async view(r: ApplicationRow, ctx?: RequestContext): Promise<Application> {
    const today = this.today();
    const [events, objections, plan] = await Promise.all([this.repo.events(r.id), this.repo.objections(r.id), this.repo.planOf(r.personId, r.id)]);
    const s = this.summary(r, today);
    return {
      ...s,
      allowedActions: this.allowed(ctx, r, today, events, objections),
      planId: plan?.id ?? null,
      planState: (plan?.state as Application['planState'] | undefined) ?? null,
      ...this.standing(r, today),
      commitment: r.commitmentVersion ? { version: r.commitmentVersion, sha256: r.commitmentSha256, signedAt: r.commitmentSignedAt?.toISOString() ?? null } : null,
      declaredFacts: r.declaredFacts as DeclaredFacts,
      evaluation: r.evaluation as StoredEvaluation,
      packRef: r.packRef,
      prechecked: (r.prechecked as StepRecord | null) ?? null,
      reviewed: (r.reviewed as StepRecord | null) ?? null,
      notice: (r.notice as Application['notice']) ?? null,
      handoverAssessment: (r.handoverAssessment as Application['handoverAssessment']) ?? null,
      appeal: (r.appeal as Application['appeal']) ?? null,
      objections: objections.map((o) => ({ id: o.id, raisedOn: o.raisedOn, objector: o.objector, content: o.content, recordedBy: o.recordedBy, status: o.status as Application['objections'][number]['status'], resolution: o.resolution, resolvedOn: o.resolvedOn })),
      suspended: r.state === 'public_notice' && objections.some((o) => o.status === 'open'),
      events: events.map((e) => ({ at: e.at.toISOString(), on: e.on, actor: e.actorName, action: e.action, fromState: e.fromState, toState: e.toState, reason: e.reason, detail: e.detail as Application['events'][number]['detail'] })),
    };
  }
}

export type { Scope };
