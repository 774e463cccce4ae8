/**
 * Follow-up across the journey (issue 15; XC23 三(三): the registrant reports job search and employment state).
 * A citizen reports job-search progress (recorded as given) or "I found a job", which never changes a status by
 * itself: it waits as a `verify_employment` worklist item until a caseworker confirms it — making the employment
 * registration (就业登记), which ends the unemployment registration as hired / self-employed — or rejects it with a
 * reason the person sees in the portal.
 */
import { AppError } from '../../errors/app-error.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { Clock } from '../../jobs/clock.ts';
import { invalid } from '../registration/registration.core.ts';
import type { TEmployment } from '../registration/registration.contract.ts';
import type { RegistrationService } from '../registration/registration.service.ts';
import type { TFoundJobBody, TProgressReportBody, TSelfReport, TSelfReports } from './followup.contract.ts';
import type { FollowUpRepository, SelfReportRow } from './followup.repository.ts';

function view(r: SelfReportRow): TSelfReport {
  return {
    id: r.id,
    personId: r.personId,
    kind: r.kind === 'found_job' ? 'found_job' : 'progress',
    state: r.state === 'pending' || r.state === 'confirmed' || r.state === 'rejected' ? r.state : 'recorded',
    note: r.note,
    applications: r.applications,
    interviews: r.interviews,
    employerName: r.employerName,
    startedOn: r.startedOn,
    type: r.employmentType === 'stable' || r.employmentType === 'flexible' || r.employmentType === 'self_employed' ? r.employmentType : null,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    reason: r.decisionReason,
    employmentId: r.employmentId,
  };
}

export class FollowUpService {
  constructor(
    private readonly repo: FollowUpRepository,
    private readonly registration: RegistrationService,
    private readonly clock: Clock,
  ) {}

  /** The signed-in citizen's own file (the portal acts on nothing else). */
  private async ownPerson(ctx: RequestContext) {
    const actor = requireActor(ctx);
    if (actor.role !== 'citizen' || !actor.personId) throw new AppError('FORBIDDEN');
    const person = await this.registration.repo.findPersonById(actor.personId);
    if (!person || person.hiddenAt !== null) throw new AppError('NOT_FOUND');
    return { actor, person };
  }

  async reportProgress(ctx: RequestContext, body: TProgressReportBody): Promise<TSelfReport> {
    const { actor, person } = await this.ownPerson(ctx);
    const row = await this.repo.insert({
      personId: person.id,
      kind: 'progress',
      state: 'recorded',
      jurisdictionCode: person.jurisdictionCode,
      note: body.note,
      applications: body.applications ?? null,
      interviews: body.interviews ?? null,
      createdBy: actor.userId,
    });
    ctx.audit = { action: 'followup.self_report.progress', resourceType: 'self_report', resourceId: row.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id } };
    return view(row);
  }

  async reportJob(ctx: RequestContext, body: TFoundJobBody): Promise<TSelfReport> {
    const { actor, person } = await this.ownPerson(ctx);
    if (body.startedOn > this.clock.today()) throw invalid('body.startedOn', '就业日期不能晚于今天', 'startedOn must not be in the future');
    if (body.startedOn < person.birthDate) throw invalid('body.startedOn', '就业日期早于出生日期', 'startedOn is before the birth date');
    const open = await this.repo.pendingJob(person.id);
    if (open) throw new AppError('SELF_REPORT_PENDING', { field: 'body.employerName', params: { employerName: open.employerName ?? '', startedOn: open.startedOn ?? '' } });
    const row = await this.repo.insert({
      personId: person.id,
      kind: 'found_job',
      state: 'pending',
      jurisdictionCode: person.jurisdictionCode,
      employerName: body.employerName,
      startedOn: body.startedOn,
      employmentType: body.type,
      createdBy: actor.userId,
    });
    ctx.audit = { action: 'followup.self_report.found_job', resourceType: 'self_report', resourceId: row.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, type: body.type } };
    return view(row);
  }

  async mine(ctx: RequestContext): Promise<TSelfReports> {
    const { person } = await this.ownPerson(ctx);
    ctx.audit = { action: 'followup.self_report.list_own', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { items: (await this.repo.forPerson(person.id)).map(view) };
  }

  async forPerson(ctx: RequestContext, personId: string): Promise<TSelfReports> {
    const person = await this.registration.core.visiblePerson(ctx, personId, 'followup.self_report.list');
    ctx.audit = { action: 'followup.self_report.list', resourceType: 'person', resourceId: person.id, jurisdictionCode: person.jurisdictionCode };
    return { items: (await this.repo.forPerson(person.id)).map(view) };
  }

  /** The report of a visible person; 404 naming `params.id` when it is not theirs. */
  private async report(ctx: RequestContext, personId: string, id: string, action: string) {
    const person = await this.registration.core.visiblePerson(ctx, personId, action);
    const report = await this.repo.get(person.id, id);
    if (!report || report.kind !== 'found_job') throw new AppError('NOT_FOUND', { field: 'params.id' });
    if (report.state !== 'pending') throw new AppError('SELF_REPORT_DECIDED', { field: 'params.id', params: { state: report.state } });
    return { person, report };
  }

  /**
   * Confirms "I found a job": claims the report (one winner), then makes the employment registration through the
   * registration slice (ending the unemployment registration as hired / self-employed and telling the person); if
   * that is refused, the report is pending again and the refusal is returned as is.
   */
  async confirm(ctx: RequestContext, personId: string, id: string, body: { employerCreditCode?: string | undefined }): Promise<{ report: TSelfReport; employment: TEmployment }> {
    const actor = requireActor(ctx);
    const { person, report } = await this.report(ctx, personId, id, 'followup.self_report.confirm');
    const claimed = await this.repo.decide(person.id, report.id, { state: 'confirmed', decidedBy: actor.userId, decidedAt: this.clock.now(), decisionReason: null });
    if (!claimed) throw new AppError('SELF_REPORT_DECIDED', { field: 'params.id', params: { state: 'decided' } });
    let employment: TEmployment;
    try {
      employment = await this.registration.registerEmployment(ctx, person.id, {
        employerName: report.employerName ?? '',
        employerCreditCode: body.employerCreditCode,
        startedOn: report.startedOn ?? '',
        type: view(report).type ?? 'stable',
      });
    } catch (e) {
      await this.repo.reopen(person.id, report.id);
      throw e;
    }
    await this.repo.linkEmployment(person.id, report.id, employment.id);
    ctx.audit = {
      action: 'followup.self_report.confirm',
      resourceType: 'self_report',
      resourceId: report.id,
      jurisdictionCode: person.jurisdictionCode,
      detail: { personId: person.id, employmentId: employment.id, endedRegistration: employment.endedRegistration?.id ?? null, reason: employment.endedRegistration?.reason ?? null },
    };
    return { report: view({ ...claimed, employmentId: employment.id }), employment };
  }

  async reject(ctx: RequestContext, personId: string, id: string, reason: string): Promise<TSelfReport> {
    const actor = requireActor(ctx);
    const { person, report } = await this.report(ctx, personId, id, 'followup.self_report.reject');
    const decided = await this.repo.decide(person.id, report.id, { state: 'rejected', decidedBy: actor.userId, decidedAt: this.clock.now(), decisionReason: reason });
    if (!decided) throw new AppError('SELF_REPORT_DECIDED', { field: 'params.id', params: { state: 'decided' } });
    ctx.audit = { action: 'followup.self_report.reject', resourceType: 'self_report', resourceId: report.id, jurisdictionCode: person.jurisdictionCode, detail: { personId: person.id, reason } };
    return view(decided);
  }
}
