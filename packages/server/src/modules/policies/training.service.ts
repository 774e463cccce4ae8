/**
 * Training (培训, R9.4; XC23 四(三)): designated providers, the published programme list (occupation code, level,
 * dates, place, seats, subsidy eligibility), enrolment (a seat taken race-free; counted as the person's
 * `training_recommendation` service — 培训机会 — when they are registered) and completion with the certificate, from
 * which the training subsidy's `trainingCompleted` fact follows.
 */
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { visibleOr404 } from '../../access/visible.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { ServicesService } from '../services/services.service.ts';
import type { EnrolmentRow, PoliciesRepository, ProgrammeRow, ProviderRow } from './policies.repository.ts';
import type { TProgramme } from './policies.contract.ts';

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, issues: [{ field, messageZh: zh, messageEn: en }], params: { detail: `${field}: ${en}` } });
}

function enrolmentView(e: EnrolmentRow) {
  return { id: e.id, personId: e.personId, programmeId: e.programmeId, state: e.state, enrolledOn: e.enrolledOn, completedOn: e.completedOn, certificateNo: e.certificateNo, serviceRecordId: e.serviceRecordId };
}

export class TrainingService {
  constructor(
    private readonly repo: PoliciesRepository,
    private readonly clock: Clock,
    private readonly services: ServicesService,
  ) {}

  private providerView(p: ProviderRow) {
    return { id: p.id, jurisdictionCode: p.jurisdictionCode, name: p.name, address: p.address, phone: p.phone };
  }

  private programmeView(p: ProgrammeRow, providerName: string): TProgramme {
    return {
      id: p.id,
      providerId: p.providerId,
      providerName,
      jurisdictionCode: p.jurisdictionCode,
      title: p.title,
      occupationCode: p.occupationCode,
      level: p.level,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      place: p.place,
      seats: p.seats,
      enrolled: p.enrolled,
      subsidyEligible: p.subsidyEligible === 1,
      status: p.status,
    };
  }

  async createProvider(ctx: RequestContext, body: { jurisdictionCode: string; name: string; address: string; phone: string }) {
    scopeOf(ctx).assertCovers(body.jurisdictionCode);
    const row = await this.repo.insertProvider(body);
    ctx.audit = { action: 'training.provider.create', resourceType: 'training_provider', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return this.providerView(row);
  }

  async createProgramme(ctx: RequestContext, body: { providerId: string; title: string; occupationCode: string; level?: string | undefined; startsOn: string; endsOn: string; place: string; seats: number; subsidyEligible: boolean }): Promise<TProgramme> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const provider = await this.repo.provider(body.providerId);
    if (!provider || !scope.covers(provider.jurisdictionCode)) throw new AppError('NOT_FOUND', { field: 'body.providerId' });
    if (body.endsOn < body.startsOn) throw invalid('body.endsOn', '结束日期早于开始日期', 'endsOn is before startsOn');
    const row = await this.repo.insertProgramme({ ...body, level: body.level ?? null, subsidyEligible: body.subsidyEligible ? 1 : 0, jurisdictionCode: provider.jurisdictionCode, createdBy: actor.userId });
    ctx.audit = { action: 'training.programme.create', resourceType: 'training_programme', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return this.programmeView(row, provider.name);
  }

  async list(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const providers = await this.repo.providers(scope, within);
    const names = new Map(providers.map((p) => [p.id, p.name]));
    const programmes = await this.repo.programmes(scope, within);
    return { providers: providers.map((p) => this.providerView(p)), items: programmes.map((p) => this.programmeView(p, names.get(p.providerId) ?? '')) };
  }

  private async visibleProgramme(ctx: RequestContext, id: string, action: string): Promise<ProgrammeRow> {
    return visibleOr404(ctx, await this.repo.programme(scopeOf(ctx), id), { action, resourceType: 'training_programme', resourceId: id, field: 'params.id' });
  }

  /** Enrols a person: a free seat, once per programme; registered people get the service counted. */
  async enrol(ctx: RequestContext, programmeId: string, personId: string) {
    const scope = scopeOf(ctx);
    const programme = await this.visibleProgramme(ctx, programmeId, 'training.enrol');
    const person = visibleOr404(ctx, await this.repo.factRow(scope, personId), { action: 'training.enrol', resourceType: 'person', resourceId: personId, field: 'body.personId' });
    if (await this.repo.enrolment(person.id, programme.id)) throw new AppError('TRAINING_ENROLLED', { field: 'body.personId', params: { title: programme.title } });
    const today = this.clock.today();
    const enrolment = await this.repo.transaction(async (tx) => {
      if (!(await tx.takeSeat(programme.id))) throw new AppError('TRAINING_FULL', { field: 'params.id', params: { title: programme.title, seats: String(programme.seats) } });
      const row = await tx.insertEnrolment({ personId: person.id, programmeId: programme.id, jurisdictionCode: person.jurisdictionCode, state: 'enrolled', enrolledOn: today, createdBy: requireActor(ctx).userId });
      if (!row) throw new AppError('TRAINING_ENROLLED', { field: 'body.personId', params: { title: programme.title } });
      return row;
    });
    let serviceRecordId: string | null = null;
    if (person.registration && person.registration.registeredOn <= today) {
      const r = await this.services.bulk(ctx, {
        type: 'training_recommendation',
        channel: 'in_person',
        servedOn: today,
        content: `培训报名：${programme.title}（职业编码 ${programme.occupationCode}，${programme.startsOn}—${programme.endsOn}，${programme.place}）`,
        personIds: [person.id],
        idempotencyKey: `training-enrol:${programme.id}`,
      });
      serviceRecordId = r.records[0]?.id ?? null;
    }
    const saved = serviceRecordId ? ((await this.repo.updateEnrolment(enrolment, { serviceRecordId })) ?? enrolment) : enrolment;
    ctx.audit = { action: 'training.enrol', resourceType: 'training_enrolment', resourceId: saved.id, jurisdictionCode: person.jurisdictionCode, detail: { programmeId: programme.id, counted: serviceRecordId !== null } };
    return enrolmentView(saved);
  }

  async complete(ctx: RequestContext, programmeId: string, body: { personId: string; completedOn?: string | undefined; certificateNo?: string | undefined }) {
    const programme = await this.visibleProgramme(ctx, programmeId, 'training.complete');
    const row = await this.repo.enrolment(body.personId, programme.id);
    if (!row) throw new AppError('NOT_FOUND', { field: 'body.personId' });
    const on = body.completedOn ?? this.clock.today();
    if (on > this.clock.today()) throw invalid('body.completedOn', '结业日期不能晚于今天', 'completedOn cannot be in the future');
    const saved = (await this.repo.updateEnrolment(row, { state: 'completed', completedOn: on, certificateNo: body.certificateNo ?? null }))!;
    ctx.audit = { action: 'training.complete', resourceType: 'training_enrolment', resourceId: saved.id, jurisdictionCode: saved.jurisdictionCode, detail: { certificate: saved.certificateNo !== null } };
    return enrolmentView(saved);
  }
}
