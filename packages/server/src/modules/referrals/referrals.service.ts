/**
 * Social-assistance linkage (R7.4, R11): referral of registrants in hardship to civil affairs for temporary relief
 * or 低保 (NM24 一(三); NM22 三(七)) with the response tracked, and for 低保 recipients who find work the
 * employment-cost deduction from household income and the gradual-exit period (CQ25 七). Income and deductions are
 * sensitive: stored encrypted, shown only to staff in scope with the read audited.
 */
import { dibaoGradualExit, parseIsoDate, type PackRegistry } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { AssistanceService } from '../assistance/assistance.service.ts';
import { invalid } from '../assistance/assistance.service.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { Database } from '../../db/client.ts';
import { ReferralsRepository, type AdjustmentRow, type ReferralRow } from './referrals.repository.ts';
import type { TCivilAffairsReferral, TDibaoEmployment, TReferralPage, TSocialAssistance } from './referrals.contract.ts';

/** The slice wired on `db` (composition roots import this, never the repository). */
export function createReferralsService(db: Database, assistance: AssistanceService, cipher: FieldCipher, registry: PackRegistry, clock: Clock): ReferralsService {
  return new ReferralsService(new ReferralsRepository(db), assistance, cipher, registry, clock);
}

export class ReferralsService {
  constructor(
    private readonly repo: ReferralsRepository,
    private readonly assistance: AssistanceService,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  async refer(ctx: RequestContext, personId: string, body: { kind: 'temporary_relief' | 'dibao'; reason: string; referredOn?: string | undefined }): Promise<TCivilAffairsReferral> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const referredOn = body.referredOn ?? today;
    if (referredOn > today) throw invalid('body.referredOn', '日期不能晚于今天', 'referredOn must not be in the future');
    const person = await this.assistance.visiblePerson(ctx, personId, 'referral.create');
    const row = await this.repo.insert({ personId: person.id, jurisdictionCode: person.jurisdictionCode, kind: body.kind, reason: body.reason, referredOn, referredBy: actor.userId });
    ctx.audit = { action: 'referral.create', resourceType: 'civil_affairs_referral', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, reason: body.reason, detail: { kind: body.kind } };
    return this.view(row, today);
  }

  async respond(ctx: RequestContext, id: string, body: { status: 'accepted' | 'declined'; note: string; responseOn?: string | undefined }): Promise<TCivilAffairsReferral> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const row = visibleOr404(ctx, await this.repo.findScoped(scopeOf(ctx), id), { action: 'referral.respond', resourceType: 'civil_affairs_referral', resourceId: id, field: 'params.id' });
    const responseOn = body.responseOn ?? today;
    if (responseOn > today || responseOn < row.referredOn) throw invalid('body.responseOn', `答复日期须在 ${row.referredOn} 至今天之间`, `responseOn must lie between ${row.referredOn} and today`);
    const next = await this.repo.respond(row, { status: body.status, responseOn, responseNote: body.note, responseRecordedBy: actor.userId });
    if (!next) throw new AppError('WORKFLOW_STATE_INVALID', { params: { resourceZh: '转介', resourceEn: 'referral', state: row.status, actionZh: '登记答复', actionEn: 'record a response' } });
    ctx.audit = { action: 'referral.respond', resourceType: 'civil_affairs_referral', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { status: body.status } };
    return this.view(next, today);
  }

  async list(ctx: RequestContext, q: { jurisdiction?: string | undefined; status?: string | undefined; page: number; pageSize: number }): Promise<TReferralPage> {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const today = this.clock.today();
    const { rows, total } = await this.repo.list(scope, within, q.status, q.page, q.pageSize);
    return { items: rows.map((r) => ({ ...this.view(r, today), personName: r.personName, idNumberMasked: r.idNumberMasked })), total, page: q.page, pageSize: q.pageSize, asOf: today };
  }

  /** A 低保 recipient found work: record the employment-cost deduction and the gradual-exit period (CQ25 七). */
  async dibaoEmployment(ctx: RequestContext, personId: string, body: { employedOn: string; monthlyIncomeYuan: number; costItems: { item: string; amountYuan: number }[] }): Promise<TDibaoEmployment> {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    if (body.employedOn > today) throw invalid('body.employedOn', '就业日期不能晚于今天', 'employedOn must not be in the future');
    const person = await this.assistance.visiblePerson(ctx, personId, 'referral.dibao');
    const files = await this.assistance.repo.fileFacts([person], this.cipher);
    if (!files.get(person.id)!.marks.includes('dibao')) throw invalid('params.personId', '该人员未标注为低保对象（dibao）', 'the person is not marked as a 低保 recipient (dibao)');
    const deduction = body.costItems.reduce((a, c) => a + c.amountYuan, 0);
    if (deduction > body.monthlyIncomeYuan) throw invalid('body.costItems', '扣减的就业成本不能超过月收入', 'the deducted employment costs exceed the monthly income');
    const pack = this.registry.resolve(person.jurisdictionCode, body.employedOn);
    const exit = dibaoGradualExit(parseIsoDate(body.employedOn, 'body.employedOn'), pack);
    const row = await this.repo.insertAdjustment({
      personId: person.id,
      jurisdictionCode: person.jurisdictionCode,
      employedOn: body.employedOn,
      monthlyIncomeEnc: this.cipher.encrypt(String(body.monthlyIncomeYuan)),
      costDeductionEnc: this.cipher.encrypt(String(deduction)),
      costItems: body.costItems.map((c) => c.item),
      gradualExitMonths: exit.months,
      gradualExitEnds: exit.endsOn,
      packRef: `${pack.id}@${pack.version}`,
      explanation: exit.explanation,
      recordedBy: actor.userId,
    });
    ctx.audit = { action: 'referral.dibao', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode, sensitive: true, detail: { adjustmentId: row.id } };
    return this.adjustmentView(row, today);
  }

  async forPerson(ctx: RequestContext, personId: string): Promise<TSocialAssistance> {
    const person = await this.assistance.visiblePerson(ctx, personId, 'referral.list');
    const today = this.clock.today();
    const { referrals, adjustments } = await this.repo.forPerson(person.id);
    ctx.audit = { action: 'referral.list', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode, sensitive: adjustments.length > 0 };
    return { referrals: referrals.map((r) => this.view(r, today)), dibaoEmployment: adjustments.map((a) => this.adjustmentView(a, today)) };
  }

  private view(r: ReferralRow, today: string): TCivilAffairsReferral {
    return { id: r.id, personId: r.personId, jurisdictionCode: r.jurisdictionCode, kind: r.kind as TCivilAffairsReferral['kind'], reason: r.reason, referredOn: r.referredOn, status: r.status as TCivilAffairsReferral['status'], responseOn: r.responseOn, responseNote: r.responseNote, daysWaiting: r.status === 'pending' ? Math.round((Date.parse(today) - Date.parse(r.referredOn)) / 86_400_000) : null };
  }

  private adjustmentView(a: AdjustmentRow, today: string): TDibaoEmployment {
    const income = Number(this.cipher.decrypt(a.monthlyIncomeEnc));
    const deduction = Number(this.cipher.decrypt(a.costDeductionEnc));
    return {
      id: a.id,
      employedOn: a.employedOn,
      monthlyIncomeYuan: income,
      costDeductionYuan: deduction,
      countedIncomeYuan: income - deduction,
      costItems: a.costItems as string[],
      gradualExitMonths: a.gradualExitMonths,
      gradualExitEnds: a.gradualExitEnds,
      inGradualExit: today <= a.gradualExitEnds,
      packRef: a.packRef,
      explanation: a.explanation as TDibaoEmployment['explanation'],
    };
  }
}
