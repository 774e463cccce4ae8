/** Reading registrations: one, a person's periods, the first-contact worklist of an area, and the certificate. */
import { RuleInputError, calendarForPack, parseIsoDate, type WorkCalendar } from '@bangfu/rules';
import { renderCertificate } from '../../documents/certificate.ts';
import { AppError } from '../../errors/app-error.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import { daysBetween } from './dates.ts';
import type { RegistrationCore } from './registration.core.ts';
import type { TRegistration, TWorklist } from './registration.contract.ts';

export interface WorklistRequest {
  jurisdiction?: string | undefined;
  state: 'active' | 'cancelled';
  due?: 'first_contact' | undefined;
  asOf?: string | undefined;
  page: number;
  pageSize: number;
}

export class RegistrationQueries {
  constructor(private readonly core: RegistrationCore) {}

  async get(ctx: RequestContext, id: string): Promise<TRegistration> {
    const row = await this.core.visibleRegistration(ctx, id, 'registration.view');
    return this.core.view(row);
  }

  async forPerson(ctx: RequestContext, personId: string): Promise<{ items: TRegistration[] }> {
    const person = await this.core.visiblePerson(ctx, personId, 'registration.list');
    const rows = await this.core.repo.forPerson(person.id);
    return { items: await Promise.all(rows.map((r) => this.core.view(r))) };
  }

  async worklist(ctx: RequestContext, q: WorklistRequest): Promise<TWorklist> {
    const { repo, registry } = this.core;
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const asOf = q.asOf ?? this.core.today();
    const { rows, total } = await repo.worklist(scope, { within, state: q.state, due: q.due, page: q.page, pageSize: q.pageSize });
    const names = await repo.divisionNames(rows.map((r) => r.registration.jurisdictionCode));
    const calendars = new Map<string, WorkCalendar | null>();
    const calendarFor = (code: string): WorkCalendar | null => {
      if (!calendars.has(code)) {
        try {
          calendars.set(code, calendarForPack(registry.resolve(code, asOf)));
        } catch (e) {
          if (!(e instanceof RuleInputError)) throw e;
          calendars.set(code, null);
        }
      }
      return calendars.get(code) ?? null;
    };
    const items = rows.map(({ registration: r, personName, idNumberMasked }) => {
      const deadline = r.firstContactOn === null ? r.firstContactDeadline : null;
      let workingDaysLeft: number | null = null;
      if (deadline) {
        const cal = calendarFor(r.jurisdictionCode);
        try {
          workingDaysLeft = cal ? cal.workingDaysBetween(parseIsoDate(asOf, 'asOf'), parseIsoDate(deadline, 'deadline')) : null;
        } catch (e) {
          if (!(e instanceof RuleInputError)) throw e;
        }
      }
      const daysLeft = deadline ? daysBetween(asOf, deadline) : null;
      return {
        id: r.id,
        personId: r.personId,
        personName,
        idNumberMasked,
        registrationNo: r.registrationNo,
        kind: r.kind,
        state: r.state,
        channel: r.channel,
        registeredOn: r.registeredOn,
        jurisdiction: { code: r.jurisdictionCode, name: names.get(r.jurisdictionCode) ?? r.jurisdictionCode },
        firstContactDeadline: r.firstContactDeadline,
        firstContactOn: r.firstContactOn,
        daysLeft,
        workingDaysLeft,
        overdue: daysLeft !== null && daysLeft < 0,
      };
    });
    return { items, total, page: q.page, pageSize: q.pageSize, asOf };
  }

  async certificate(ctx: RequestContext, id: string): Promise<{ pdf: Buffer; filename: string }> {
    const { repo } = this.core;
    const row = await this.core.visibleRegistration(ctx, id, 'registration.certificate');
    const person = await repo.findPersonById(row.personId);
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const office = await this.core.office(row);
    const pdf = await renderCertificate({
      registrationId: row.id,
      registrationNo: row.registrationNo ?? row.id,
      kind: row.kind,
      state: row.state,
      registeredOn: row.registeredOn,
      cancelledOn: row.cancelledOn,
      deregistrationReason: row.deregistrationReason,
      placeBasis: row.placeBasis,
      personName: person.name,
      idNumberMasked: person.idNumberMasked,
      jurisdictionName: (await repo.divisionName(row.jurisdictionCode)) ?? row.jurisdictionCode,
      office: office ? { name: office.name, address: office.address, phone: office.phone } : null,
      packRef: row.packRef,
      issuedOn: this.core.today(),
    });
    ctx.audit = { action: 'registration.certificate', resourceType: 'registration', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
    return { pdf, filename: `certificate-${row.registrationNo ?? row.id}.pdf` };
  }
}
