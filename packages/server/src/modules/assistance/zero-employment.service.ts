/**
 * Zero-employment families (零就业家庭, MOH 二(二); CQ25 三 “即时岗位援助，确保动态清零”): households the households
 * slice detected (open period in `household_zero_employment_periods`) are confirmed by a caseworker, which opens
 * an immediate job-assistance task due within the pack's working days; the live count per jurisdiction of
 * uncleared families (target: zero) shows each family's age in days. A period closes by itself when a member finds
 * work (households slice), so the family leaves the count; if it reopens, it is a new period to confirm.
 */
import { calendarForPack, parseIsoDate, zeroEmploymentAssistanceDeadline, type PackRegistry } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { chinaDate, daysBetween } from './clock.ts';
import type { Clock } from '../../jobs/clock.ts';
import { invalid } from './assistance.service.ts';
import type { AssistanceRepository } from './assistance.repository.ts';

export class ZeroEmploymentService {
  constructor(
    private readonly repo: AssistanceRepository,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
  ) {}

  private async household(ctx: RequestContext, id: string, action: string) {
    return visibleOr404(ctx, await this.repo.household(scopeOf(ctx), id), { action, resourceType: 'household', resourceId: id, field: 'params.householdId' });
  }

  async confirm(ctx: RequestContext, householdId: string, body: { note?: string | undefined }) {
    const actor = requireActor(ctx);
    const today = this.clock.today();
    const h = await this.household(ctx, householdId, 'zero_employment.confirm');
    const period = await this.repo.zeroPeriod(h.id);
    if (!period) throw new AppError('WORKFLOW_STATE_INVALID', { field: 'params.householdId', params: { resourceZh: '家庭', resourceEn: 'household', state: h.zeroEmployment ?? 'unknown', actionZh: '确认为零就业家庭（当前未检测为零就业家庭）', actionEn: 'confirm as zero-employment (not detected as such now)' } });
    const pack = this.registry.resolve(h.jurisdictionCode, today);
    const due = zeroEmploymentAssistanceDeadline(parseIsoDate(today, 'today'), pack, calendarForPack(pack));
    const row = await this.repo.insertZeroCase({
      householdId: h.id,
      periodId: period.id,
      jurisdictionCode: h.jurisdictionCode,
      confirmedBy: actor.userId,
      confirmedByName: actor.username,
      confirmedOn: today,
      note: body.note ?? null,
      assistanceDue: due.due,
      packRef: `${pack.id}@${pack.version}`,
    });
    if (!row) throw new AppError('CONFLICT', { field: 'params.householdId', params: { detail: '该零就业时段已确认 / this zero-employment period is already confirmed' } });
    ctx.audit = { action: 'zero_employment.confirm', resourceType: 'household', resourceId: h.id, jurisdictionCode: h.jurisdictionCode, detail: { periodId: period.id, assistanceDue: due.due } };
    return { householdId: h.id, periodId: period.id, confirmedOn: today, assistanceDue: due.due, explanation: due.explanation };
  }

  async assist(ctx: RequestContext, householdId: string, body: { measure: string; personId?: string | undefined; doneOn?: string | undefined; note?: string | undefined }) {
    requireActor(ctx);
    const today = this.clock.today();
    const doneOn = body.doneOn ?? today;
    if (doneOn > today) throw invalid('body.doneOn', '日期不能晚于今天', 'doneOn must not be in the future');
    const h = await this.household(ctx, householdId, 'zero_employment.assist');
    const period = await this.repo.zeroPeriod(h.id);
    const c = period ? await this.repo.zeroCase(h.id, period.id) : undefined;
    if (!period || !c) throw new AppError('WORKFLOW_STATE_INVALID', { field: 'params.householdId', params: { resourceZh: '零就业家庭', resourceEn: 'zero-employment family', state: period ? 'unconfirmed' : 'cleared', actionZh: '登记即时岗位援助（须先确认）', actionEn: 'record immediate job assistance (confirm first)' } });
    if (body.personId && !(await this.repo.householdMembers(h.id)).some((m) => m.id === body.personId)) throw invalid('body.personId', '该人员不是本家庭成员', 'not a member of this household');
    const done = await this.repo.completeZeroCase(h.id, period.id, doneOn, { measure: body.measure, personId: body.personId ?? null, note: body.note ?? null, onTime: doneOn <= c.assistanceDue });
    if (!done) throw new AppError('CONFLICT', { field: 'params.householdId', params: { detail: '即时岗位援助已登记 / immediate assistance already recorded' } });
    ctx.audit = { action: 'zero_employment.assist', resourceType: 'household', resourceId: h.id, jurisdictionCode: h.jurisdictionCode };
    return { householdId: h.id, periodId: period.id, assistanceDoneOn: doneOn, onTime: doneOn <= c.assistanceDue };
  }

  /** Live count of uncleared zero-employment families in the subtree, by child jurisdiction, with each family's age. */
  async live(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const today = this.clock.today();
    const rows = await this.repo.openZeroPeriods(scope, within);
    const names = await this.repo.divisionNames(rows.map((r) => r.jurisdictionCode));
    const items = rows.map((r) => {
      const since = chinaDate(r.startedAt);
      return {
        householdId: r.householdId,
        periodId: r.periodId,
        jurisdiction: { code: r.jurisdictionCode, name: names.get(r.jurisdictionCode) ?? r.jurisdictionCode },
        address: r.address,
        members: Number(r.members),
        since,
        ageDays: daysBetween(since, today),
        confirmed: r.case !== null,
        confirmedOn: r.case?.confirmedOn ?? null,
        assistanceDue: r.case?.assistanceDue ?? null,
        assistanceDoneOn: r.case?.assistanceDoneOn ?? null,
        assistanceOverdue: r.case !== null && r.case.assistanceDoneOn === null && today > r.case.assistanceDue,
      };
    });
    const byJurisdiction = new Map<string, number>();
    for (const i of items) byJurisdiction.set(i.jurisdiction.code, (byJurisdiction.get(i.jurisdiction.code) ?? 0) + 1);
    return {
      asOf: today,
      within,
      uncleared: items.length,
      confirmed: items.filter((i) => i.confirmed).length,
      assistanceOverdue: items.filter((i) => i.assistanceOverdue).length,
      byJurisdiction: [...byJurisdiction].map(([code, count]) => ({ code, name: names.get(code) ?? code, count })),
      items,
    };
  }
}
