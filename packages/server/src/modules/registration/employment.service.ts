/**
 * Employment registration (就业登记): records the employment and ends the person's active unemployment or
 * job-seeking registration for the ground the pack lists (hired / self_employed; NM24 三, XC23 三(四)), telling the
 * person through the outbox — one transaction with the file and the service state.
 */
import { evaluateDeregistration, type DeregistrationReason, type EmploymentStatus } from '@bangfu/rules';
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { NotificationRow } from '../notifications/notifications.repository.ts';
import { actorOf, deregistrationRefused, invalid, notActive, type RegistrationCore } from './registration.core.ts';
import type { TEmployment } from './registration.contract.ts';
import type { EmploymentRow, RegistrationRow } from './registration.repository.ts';

const EMPLOYMENT_STATUS_FOR_TYPE: Record<'stable' | 'flexible' | 'self_employed', EmploymentStatus> = {
  stable: 'employed',
  flexible: 'flexible',
  self_employed: 'self_employed',
};

export function employmentView(e: EmploymentRow, ended: RegistrationRow | null): TEmployment {
  return {
    id: e.id,
    personId: e.personId,
    employerName: e.employerName,
    employerCreditCode: e.employerCreditCode,
    startedOn: e.startedOn,
    type: e.type,
    endedRegistration: ended ? { id: ended.id, registrationNo: ended.registrationNo, reason: ended.deregistrationReason ?? '' } : null,
    createdAt: e.createdAt.toISOString(),
  };
}

export class EmploymentRegistration {
  constructor(private readonly core: RegistrationCore) {}

  async registerEmployment(
    ctx: RequestContext,
    personId: string,
    body: { employerName: string; employerCreditCode?: string | undefined; startedOn: string; type: 'stable' | 'flexible' | 'self_employed' },
  ): Promise<TEmployment> {
    const actor = requireActor(ctx);
    const { repo } = this.core;
    const person = await this.core.visiblePerson(ctx, personId, 'registration.employment');
    if (body.startedOn > this.core.today()) throw invalid('body.startedOn', '就业日期不能晚于今天', 'startedOn must not be in the future');
    if (body.startedOn < person.birthDate) throw invalid('body.startedOn', '就业日期早于出生日期', 'startedOn is before the birth date');
    const reason: DeregistrationReason = body.type === 'self_employed' ? 'self_employed' : 'hired';
    const result = await repo.transaction(async (tx) => {
      const employment = await repo.insertEmployment(tx, {
        personId: person.id,
        employerName: body.employerName,
        employerCreditCode: body.employerCreditCode ?? null,
        startedOn: body.startedOn,
        type: body.type,
        jurisdictionCode: person.jurisdictionCode,
        createdBy: actor.userId,
      });
      const ended: RegistrationRow[] = [];
      for (const kind of ['unemployment', 'job_seeking'] as const) {
        const active = await repo.active(tx, person.id, kind);
        if (!active) continue;
        // Finding work ends the registration: the pack must list the ground (NM24 三, XC23 三(四)).
        const on = body.startedOn < active.registeredOn ? active.registeredOn : body.startedOn;
        const d = evaluateDeregistration({ reason }, this.core.registry.resolve(active.jurisdictionCode, on));
        if (d.allowed !== true) throw deregistrationRefused('body.type', reason, d, '');
        const cancelled = await repo.cancel(tx, person.id, active.id, { on, reason, rule: null, note: body.employerName, source: d.source, by: actor.userId, employmentId: employment.id });
        if (!cancelled) throw notActive(active, 'cancelled');
        ended.push(cancelled);
      }
      const main = ended.find((r) => r.kind === 'unemployment') ?? ended[0];
      if (main) await repo.linkEmployment(tx, person.id, employment.id, main.id);
      await this.core.personFiles.recordFacts(
        tx,
        person.id,
        { employmentStatus: EMPLOYMENT_STATUS_FOR_TYPE[body.type], on: body.startedOn, source: 'visit', eventKind: 'employment_registration', reason: `就业登记：${body.employerName}` },
        actorOf(actor),
      );
      const queued: NotificationRow[] = [];
      if (main) {
        const payload = { name: person.name, employerName: body.employerName, startedOn: body.startedOn, registrationNo: main.registrationNo ?? main.id };
        const notices = await this.core.notices(tx, person, { personId: person.id, templateId: 'registration.ended_by_employment', subject: `registration:${main.id}`, payload });
        queued.push(...(await this.core.notifications.enqueue(tx, notices)));
      }
      await this.core.refreshServiceState(tx, person.id, `employment:${employment.id}`);
      return { employment: { ...employment, endedRegistrationId: main?.id ?? null }, main, queued };
    });
    ctx.audit = {
      action: 'registration.employment',
      resourceType: 'employment_registration',
      resourceId: result.employment.id,
      jurisdictionCode: person.jurisdictionCode,
      detail: { personId: person.id, type: body.type, endedRegistration: result.main?.id ?? null, reason: result.main ? reason : null },
    };
    return employmentView(result.employment, result.main ?? null);
  }

  async employmentsFor(ctx: RequestContext, personId: string): Promise<{ items: TEmployment[] }> {
    const person = await this.core.visiblePerson(ctx, personId, 'registration.employment.list');
    const rows = await this.core.repo.employmentsFor(person.id);
    const regs = await this.core.repo.forPerson(person.id);
    return { items: rows.map((e) => employmentView(e, regs.find((r) => r.id === e.endedRegistrationId) ?? null)) };
  }
}
