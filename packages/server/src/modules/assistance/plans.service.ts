/**
 * Personal assistance plan and agreement (一人一策 / 援助协议, MOH 三(四)(五); XC23 三(二)1): needs, goals, measures with
 * target dates, the responsible worker (首问负责制), the agreement text version and the person's consent, progress
 * and overdue measures; after employment, stabilisation follow-ups over the pack's adaptation period and the
 * subsidies to apply for.
 */
import type { SERVICE_TYPES} from '@bangfu/rules';
import { addCalendarMonths, formatIsoDate, parseIsoDate, type PackRegistry } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { renderAgreement } from './documents.ts';
import { invalid, type AssistanceService } from './assistance.service.ts';
import type { AssistanceRepository, MeasureRow, PlanRow } from './assistance.repository.ts';
import { AGREEMENT_TEXTS, currentText, textSha256 } from './texts.ts';
import type { Plan } from './assistance.contract.ts';

export const SUBSIDY_TYPES = ['social_insurance', 'post', 'one_time_hiring', 'training', 'skill_evaluation', 'startup', 'guaranteed_loan', 'tax_relief'] as const;

export interface MeasureInput {
  serviceType: (typeof SERVICE_TYPES)[number];
  description: string;
  targetDate: string;
}

export class PlansService {
  constructor(
    private readonly repo: AssistanceRepository,
    private readonly assistance: AssistanceService,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  private async visiblePlan(ctx: RequestContext, id: string, action: string): Promise<PlanRow> {
    return visibleOr404(ctx, await this.repo.plan(scopeOf(ctx), id), { action, resourceType: 'assistance_plan', resourceId: id, field: 'params.id' });
  }

  agreementText() {
    const t = currentText(AGREEMENT_TEXTS, this.clock.today());
    return { current: { version: t.version, titleZh: t.titleZh, textZh: t.textZh, textEn: t.textEn, source: t.source, sha256: textSha256(t) } };
  }

  private checkMeasures(measures: readonly MeasureInput[], from: string, field: string): void {
    measures.forEach((m, i) => {
      if (m.targetDate < from) throw invalid(`${field}[${i}].targetDate`, `完成时限不能早于 ${from}`, `targetDate must not be before ${from}`);
    });
  }

  async create(ctx: RequestContext, applicationId: string, body: { needs: string[]; goals: string; responsibleWorkerId?: string | undefined; measures: MeasureInput[] }) {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    this.checkMeasures(body.measures, today, 'body.measures');
    const plan = await this.repo.transaction(async (repo) => {
      const app = await this.assistance.visibleApplication(ctx, applicationId, 'assistance.plan', repo, true);
      if (app.state !== 'recognised') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '认定申请', resourceEn: 'application', state: app.state, actionZh: '制定援助计划', actionEn: 'make an assistance plan' } });
      if (await repo.openPlan(app.personId)) throw new AppError('CONFLICT', { field: 'params.id', params: { detail: '该援助对象已有进行中的援助计划 / an assistance plan is already open' } });
      // 首问负责制: the worker who takes the case is responsible unless another worker who may serve the person is named.
      const worker = body.responsibleWorkerId && body.responsibleWorkerId !== actor.userId ? await this.pickWorker(ctx, repo, app.jurisdictionCode, body.responsibleWorkerId) : { id: actor.userId, name: actor.username };
      const created = await repo.insertPlan({ personId: app.personId, applicationId: app.id, jurisdictionCode: app.jurisdictionCode, needs: body.needs, goals: body.goals, responsibleWorkerId: worker.id, responsibleWorkerName: worker.name, createdBy: actor.userId });
      await repo.insertMeasures(body.measures.map((m) => ({ personId: app.personId, planId: created.id, kind: 'measure', serviceType: m.serviceType, description: m.description, targetDate: m.targetDate, createdBy: actor.userId })));
      return created;
    });
    ctx.audit = { action: 'assistance.plan.create', resourceType: 'assistance_plan', resourceId: plan.id, jurisdictionCode: plan.jurisdictionCode };
    return this.view(plan);
  }

  /** A named worker must be one of `responsibleWorkers` for the person's division, else the field is refused. */
  private async pickWorker(ctx: RequestContext, repo: AssistanceRepository, personCode: string, workerId: string, field = 'body.responsibleWorkerId'): Promise<{ id: string; name: string }> {
    const found = (await repo.responsibleWorkers(scopeOf(ctx), personCode)).find((w) => w.id === workerId);
    if (!found) throw invalid(field, '须从可负责该人员的经办人员中选择（本辖区内有援助计划权限、其辖区覆盖该人员的在职人员）', 'choose one of the staff who may serve this person (active, may make plans, jurisdiction covering the person, within your area)');
    return { id: found.id, name: found.username };
  }

  /** Staff who may be named responsible for a person's plan (首问负责制), closest to the person first. */
  async workers(ctx: RequestContext, personId: string) {
    const actor = requireActor(ctx);
    const person = await this.assistance.visiblePerson(ctx, personId, 'assistance.workers');
    const rows = await this.repo.responsibleWorkers(scopeOf(ctx), person.jurisdictionCode);
    const names = await this.repo.divisionNames(rows.map((r) => r.jurisdictionCode));
    return {
      personJurisdiction: person.jurisdictionCode,
      items: rows.map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, role: r.role, jurisdiction: { code: r.jurisdictionCode, name: names.get(r.jurisdictionCode) ?? r.jurisdictionCode }, self: r.id === actor.userId })),
    };
  }

  /** Hands the plan to another responsible worker (首问负责制 hand-over), keeping who held it before and why. */
  async reassign(ctx: RequestContext, id: string, body: { workerId: string; reason: string }) {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.reassign');
    if (plan.state === 'closed') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '援助计划', resourceEn: 'plan', state: plan.state, actionZh: '变更责任人', actionEn: 'change the responsible worker' } });
    if (body.workerId === plan.responsibleWorkerId) throw invalid('body.workerId', '该人员已是责任人', 'this worker is already responsible');
    const worker = await this.pickWorker(ctx, this.repo, plan.jurisdictionCode, body.workerId, 'body.workerId');
    const history = [...((plan.responsibleHistory as unknown[]) ?? []), { id: plan.responsibleWorkerId, name: plan.responsibleWorkerName, until: today, to: worker.name, by: actor.username, reason: body.reason }];
    const updated = await this.repo.updatePlan(plan.personId, plan.id, { responsibleWorkerId: worker.id, responsibleWorkerName: worker.name, responsibleHistory: history });
    ctx.audit = { action: 'assistance.plan.reassign', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode, reason: body.reason, detail: { from: plan.responsibleWorkerId, to: worker.id } };
    return this.view(updated);
  }

  async addMeasures(ctx: RequestContext, id: string, body: { measures: MeasureInput[] }) {
    const actor = requireActor(ctx);
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.update');
    if (plan.state === 'closed') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '援助计划', resourceEn: 'plan', state: plan.state, actionZh: '增加措施', actionEn: 'add measures' } });
    this.checkMeasures(body.measures, this.clock.today(), 'body.measures');
    await this.repo.insertMeasures(body.measures.map((m) => ({ personId: plan.personId, planId: plan.id, kind: 'measure', serviceType: m.serviceType, description: m.description, targetDate: m.targetDate, createdBy: actor.userId })));
    ctx.audit = { action: 'assistance.plan.update', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode };
    return this.view(plan);
  }

  async agree(ctx: RequestContext, id: string, body: { agreementVersion: string; consent: { method: 'signature' | 'online' | 'fingerprint'; signedAt?: string | undefined; witness?: string | undefined } }) {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const t = currentText(AGREEMENT_TEXTS, today);
    if (body.agreementVersion !== t.version) throw invalid('body.agreementVersion', `须使用现行协议文本 ${t.version}`, `the agreement text in effect is ${t.version}`);
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.agree');
    if (plan.state !== 'draft') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '援助计划', resourceEn: 'plan', state: plan.state, actionZh: '签订协议', actionEn: 'agree' } });
    const measures = await this.repo.measures(plan.id);
    if (measures.length === 0) throw invalid('body', '援助计划至少须有一项措施', 'a plan needs at least one measure');
    const now = this.clock.now();
    const signedAt = body.consent.signedAt ? new Date(body.consent.signedAt) : now;
    if (signedAt.getTime() > now.getTime() + 60_000) throw invalid('body.consent.signedAt', '签署时间不能晚于现在', 'signedAt must not be in the future');
    const updated = await this.repo.updatePlan(plan.personId, plan.id, {
      state: 'agreed',
      agreementVersion: t.version,
      agreementSha256: textSha256(t),
      consent: { method: body.consent.method, signedAt: signedAt.toISOString(), witness: body.consent.witness ?? null, recordedBy: actor.userId },
      agreedOn: today,
    });
    ctx.audit = { action: 'assistance.plan.agree', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode, detail: { version: t.version } };
    return this.view(updated);
  }

  async completeMeasure(ctx: RequestContext, id: string, measureId: string, body: { doneOn?: string | undefined; outcome?: string | undefined; serviceRecordId?: string | undefined }) {
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.update');
    const today = this.clock.today();
    const doneOn = body.doneOn ?? today;
    if (doneOn > today) throw invalid('body.doneOn', '完成日期不能晚于今天', 'doneOn must not be in the future');
    const done = await this.repo.completeMeasure(plan.personId, plan.id, measureId, { doneOn, outcome: body.outcome ?? null, serviceRecordId: body.serviceRecordId ?? null });
    if (!done) throw new AppError('NOT_FOUND', { field: 'params.measureId' });
    ctx.audit = { action: 'assistance.plan.measure', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode, detail: { measureId } };
    return this.view(plan);
  }

  /**
   * Employment found: schedules stabilisation follow-ups — monthly (the pack's adaptation interval) through the
   * adaptation period, then one at the stability interval (CQ25 四; MOH 三(四)) — and the subsidies to apply for.
   */
  async employed(ctx: RequestContext, id: string, body: { on: string; employer: string; subsidies: (typeof SUBSIDY_TYPES)[number][] }) {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    if (body.on > today) throw invalid('body.on', '就业日期不能晚于今天', 'on must not be in the future');
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.employed');
    if (plan.state !== 'agreed') throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '援助计划', resourceEn: 'plan', state: plan.state, actionZh: '登记就业', actionEn: 'record employment' } });
    const pack = this.registry.resolve(plan.jurisdictionCode, body.on);
    const f = pack.params.followUp;
    const start = parseIsoDate(body.on, 'body.on');
    const rows: { kind: string; serviceType: string | null; subsidyType: string | null; description: string; targetDate: string }[] = [];
    const step = f.adaptation.value.months;
    for (let m = step; m <= f.adaptationPeriodMonths.value; m += step) {
      rows.push({ kind: 'follow_up', serviceType: 'follow_up', subsidyType: null, description: `适应期回访（第 ${m} 个月，${f.adaptation.source.doc} ${f.adaptation.source.clause}）`, targetDate: formatIsoDate(addCalendarMonths(start, m)) });
    }
    rows.push({ kind: 'follow_up', serviceType: 'follow_up', subsidyType: null, description: `稳定期回访（${f.employedStable.source.doc} ${f.employedStable.source.clause}）`, targetDate: formatIsoDate(addCalendarMonths(start, f.adaptationPeriodMonths.value + f.employedStable.value.months)) });
    for (const s of body.subsidies) rows.push({ kind: 'subsidy', serviceType: null, subsidyType: s, description: `申领补贴：${s}（CQ25 六 / XC23 四(四)）`, targetDate: formatIsoDate(addCalendarMonths(start, 1)) });
    await this.repo.insertMeasures(rows.map((r) => ({ ...r, personId: plan.personId, planId: plan.id, createdBy: actor.userId })));
    const updated = await this.repo.updatePlan(plan.personId, plan.id, { employment: { on: body.on, employer: body.employer, adaptationEnds: formatIsoDate(addCalendarMonths(start, f.adaptationPeriodMonths.value)), pack: `${pack.id}@${pack.version}`, source: `${f.adaptationPeriodMonths.source.doc} ${f.adaptationPeriodMonths.source.clause}` } });
    ctx.audit = { action: 'assistance.plan.employed', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode };
    return this.view(updated);
  }

  async get(ctx: RequestContext, id: string) {
    return this.view(await this.visiblePlan(ctx, id, 'assistance.plan.view'));
  }

  async overdue(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const today = this.clock.today();
    const rows = await this.repo.overdueMeasures(scope, within, today);
    return { items: rows.map((r) => ({ planId: r.plan.id, personId: r.plan.personId, personName: r.personName, responsibleWorker: r.plan.responsibleWorkerName, measureId: r.m.id, kind: r.m.kind, description: r.m.description, targetDate: r.m.targetDate })), asOf: today };
  }

  async agreementPdf(ctx: RequestContext, id: string): Promise<{ pdf: Buffer; fileName: string }> {
    const plan = await this.visiblePlan(ctx, id, 'assistance.plan.print');
    const app = await this.assistance.visibleApplication(ctx, plan.applicationId, 'assistance.plan.print');
    const person = await this.assistance.visiblePerson(ctx, plan.personId, 'assistance.plan.print');
    const t = AGREEMENT_TEXTS.find((x) => x.version === plan.agreementVersion) ?? currentText(AGREEMENT_TEXTS, this.clock.today());
    const measures = await this.repo.measures(plan.id);
    const consent = plan.consent as { method: string; signedAt: string } | null;
    const pdf = await renderAgreement({
      personName: person.name,
      idNumberMasked: person.idNumberMasked,
      cardNo: app.cardNo,
      agreementVersion: t.version,
      agreementTitle: t.titleZh,
      agreementText: t.textZh,
      agreementSha256: textSha256(t),
      needs: plan.needs,
      goals: plan.goals,
      responsibleWorker: plan.responsibleWorkerName,
      measures: measures.map((m) => ({ kind: m.kind, description: m.description, targetDate: m.targetDate, doneOn: m.doneOn })),
      consent: consent ? { method: consent.method, signedAt: consent.signedAt } : null,
      issuedOn: this.clock.today(),
    });
    ctx.audit = { action: 'assistance.plan.print', resourceType: 'assistance_plan', resourceId: id, jurisdictionCode: plan.jurisdictionCode, sensitive: true };
    return { pdf, fileName: `assistance-agreement-${plan.id}.pdf` };
  }

  async view(plan: PlanRow): Promise<Plan> {
    const today = this.clock.today();
    const measures = await this.repo.measures(plan.id);
    const m = (x: MeasureRow): Plan['measures'][number] => ({ id: x.id, kind: x.kind as Plan['measures'][number]['kind'], serviceType: x.serviceType, subsidyType: x.subsidyType, description: x.description, targetDate: x.targetDate, doneOn: x.doneOn, outcome: x.outcome, serviceRecordId: x.serviceRecordId, overdue: x.doneOn === null && x.targetDate < today });
    const done = measures.filter((x) => x.doneOn !== null).length;
    return {
      id: plan.id,
      personId: plan.personId,
      applicationId: plan.applicationId,
      state: plan.state as Plan['state'],
      needs: plan.needs,
      goals: plan.goals,
      responsibleWorker: { id: plan.responsibleWorkerId, name: plan.responsibleWorkerName },
      responsibleHistory: (plan.responsibleHistory as Plan['responsibleHistory'] | null) ?? [],
      agreement: plan.agreementVersion ? { version: plan.agreementVersion, sha256: plan.agreementSha256, agreedOn: plan.agreedOn, consent: plan.consent as NonNullable<Plan['agreement']>['consent'] } : null,
      employment: (plan.employment as Plan['employment']) ?? null,
      measures: measures.map(m),
      progress: { total: measures.length, done, overdue: measures.filter((x) => x.doneOn === null && x.targetDate < today).length },
    };
  }
}
