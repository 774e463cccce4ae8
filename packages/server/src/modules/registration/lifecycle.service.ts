/**
 * After registering: the first contact (due within 5 working days, R2.7) and deregistration (注销) for a ground the
 * pack allows (R2.8), with the person notified through the outbox (NM24 三, XC23 三(四)). Each write is one
 * transaction together with the person's file and service state.
 */
import { evaluateDeregistration, type DeregistrationReason, type EmploymentStatus, type Explanation } from '@bangfu/rules';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, type RequestContext } from '../../http/context.ts';
import type { NotificationRow } from '../notifications/notifications.repository.ts';
import { KIND_NAMES, actorOf, deregistrationRefused, invalid, notActive, type RegistrationCore } from './registration.core.ts';
import type { TRegistration } from './registration.contract.ts';
import type { RegistrationRow } from './registration.repository.ts';

/** Employment status a deregistration ground implies for the person file (others leave it unchanged). */
const STATUS_AFTER: Partial<Record<DeregistrationReason, EmploymentStatus>> = {
  hired: 'employed',
  self_employed: 'self_employed',
  pension: 'retired',
  enrolled: 'student',
  military: 'military',
  incapacitated: 'unable',
};

export interface Deregistered {
  registration: TRegistration;
  notifications: { id: string; channel: string; templateId: string; state: string }[];
  explanations: Explanation[];
}

export function noticeView(n: NotificationRow): Deregistered['notifications'][number] {
  return { id: n.id, channel: n.channel, templateId: n.templateId, state: n.state };
}

/** A date of the registration's life: not before it was registered, not after today. */
function checkDay(row: RegistrationRow, on: string, today: string, zh: string, en: string): void {
  if (on < row.registeredOn) throw invalid('body.on', `${zh}日期早于登记日期`, `the ${en} date is before the registration date`);
  if (on > today) throw invalid('body.on', `${zh}日期不能晚于今天`, `the ${en} date must not be in the future`);
}

export class RegistrationLifecycle {
  constructor(private readonly core: RegistrationCore) {}

  async recordFirstContact(ctx: RequestContext, id: string, body: { on: string; channel: string; note?: string | undefined }): Promise<TRegistration> {
    const actor = requireActor(ctx);
    const { repo } = this.core;
    const row = await this.core.visibleRegistration(ctx, id, 'registration.first_contact');
    if (row.state !== 'active') throw notActive(row);
    if (row.firstContactOn) throw new AppError('CONFLICT', { field: 'body.on', params: { detail: `first contact already recorded on ${row.firstContactOn} / 已于 ${row.firstContactOn} 记录首次联系` } });
    checkDay(row, body.on, this.core.today(), '联系', 'contact');
    const updated = await repo.transaction(async (tx) => {
      const done = await repo.recordFirstContact(row.personId, row.id, body.on, body.channel, body.note ?? null, actor.userId, tx);
      if (!done) throw new AppError('CONFLICT', { field: 'body.on', params: { detail: 'the registration changed meanwhile / 登记已被他人修改' } });
      await this.core.refreshServiceState(tx, row.personId, `first_contact:${row.id}`);
      return done;
    });
    ctx.audit = {
      action: 'registration.first_contact',
      resourceType: 'registration',
      resourceId: row.id,
      jurisdictionCode: row.jurisdictionCode,
      detail: { on: body.on, channel: body.channel, deadline: row.firstContactDeadline, met: row.firstContactDeadline ? body.on <= row.firstContactDeadline : null },
    };
    return this.core.view(updated);
  }

  async deregister(ctx: RequestContext, id: string, body: { reason: DeregistrationReason; on: string; note?: string | undefined; rule?: string | undefined }): Promise<Deregistered> {
    const actor = requireActor(ctx);
    const { repo } = this.core;
    const row = await this.core.visibleRegistration(ctx, id, 'registration.deregister');
    if (row.state !== 'active') throw notActive(row);
    checkDay(row, body.on, this.core.today(), '注销', 'deregistration');
    const pack = this.core.registry.resolve(row.jurisdictionCode, body.on);
    const d = evaluateDeregistration({ reason: body.reason, rule: body.rule }, pack);
    if (d.allowed === false) {
      ctx.audit = { action: 'registration.deregister', resourceType: 'registration', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, detail: { reason: body.reason, refusedBy: d.source, pack: `${pack.id}@${pack.version}` } };
      throw deregistrationRefused('body.reason', body.reason, d, `${pack.id}@${pack.version}`);
    }
    if (d.allowed === 'unknown') throw new AppError('DEREGISTRATION_RULE_REQUIRED', { field: 'body.rule' });

    const person = await repo.findPersonById(row.personId);
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const office = await this.core.office(row);
    const { cancelled, queued } = await repo.transaction(async (tx) => {
      const cancelled = await repo.cancel(tx, row.personId, row.id, { on: body.on, reason: body.reason, rule: body.rule ?? null, note: body.note ?? null, source: d.source, by: actor.userId });
      if (!cancelled) throw notActive(row, 'cancelled');
      await this.core.personFiles.recordFacts(
        tx,
        row.personId,
        { employmentStatus: STATUS_AFTER[body.reason], on: body.on, source: 'visit', eventKind: 'deregistration', reason: `注销${KIND_NAMES[row.kind]?.zh ?? row.kind} ${row.registrationNo ?? ''}：${body.reason}` },
        actorOf(actor),
      );
      // The person is told (NM24 三, XC23 三(四)).
      const payload = {
        name: person.name,
        registrationNo: cancelled.registrationNo ?? cancelled.id,
        on: cancelled.cancelledOn ?? '',
        reason: cancelled.deregistrationReason ?? '',
        reasonZh: d.textZh,
        officeName: office?.name ?? '',
        officePhone: office?.phone ?? '',
      };
      const notices = await this.core.notices(tx, person, { personId: person.id, templateId: 'registration.deregistered', subject: `registration:${cancelled.id}`, payload });
      const queued = await this.core.notifications.enqueue(tx, notices);
      await this.core.refreshServiceState(tx, row.personId, `deregistration:${row.id}`);
      return { cancelled, queued };
    });
    ctx.audit = {
      action: 'registration.deregister',
      resourceType: 'registration',
      resourceId: row.id,
      jurisdictionCode: row.jurisdictionCode,
      reason: body.note,
      detail: { reason: body.reason, rule: body.rule ?? null, source: d.source, notifications: queued.length },
    };
    return { registration: await this.core.view(cancelled), notifications: queued.map(noticeView), explanations: d.explanations };
  }
}
