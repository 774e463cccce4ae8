/**
 * Registering (R2): unemployment registration with eligibility from the rule pack in force, the job-seeking
 * alternative (R2.4), the written commitment, a race-free registration number and the 3- and 5-working-day
 * deadlines. Every write happens in one transaction: on any failure nothing is left behind.
 */
import { evaluateReunemployment, parseIsoDate, type Mark } from '@bangfu/rules';
import { covers, type Scope } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { commitmentSha256, currentCommitment, findCommitment } from './commitment.ts';
import { evaluateEligibility, registrationDates } from './eligibility.ts';
import { KIND_NAMES, actorOf, invalid, type Channel, type RegistrationCore } from './registration.core.ts';
import type { TEligibility, TEligibilityBody, TRegistration, TRegistrationBody } from './registration.contract.ts';
import { formatRegistrationNo } from './registration-numbers.ts';
import { type PersonRow, type RegistrationRepository, type RegistrationRow } from './registration.repository.ts';
import { isUniqueViolation } from '../../db/executor.ts';

export interface RegistrationCreated {
  registration: TRegistration;
  eligibility: TEligibility;
  offeredInstead: boolean;
}

export class RegistrationIntake {
  constructor(private readonly core: RegistrationCore) {}

  private get repo(): RegistrationRepository {
    return this.core.repo;
  }

  private async registeringJurisdiction(scope: Scope, person: PersonRow, requested: string | undefined): Promise<string> {
    if (requested === undefined || requested === person.jurisdictionCode) return person.jurisdictionCode;
    if (scope.isCitizen) throw invalid('body.jurisdictionCode', '网上登记在本人常住社区办理', 'online registration is made in your residence community');
    scope.assertCovers(requested);
    if (!(await this.repo.divisionExists(requested))) throw invalid('body.jurisdictionCode', `区划代码 ${requested} 不存在`, `unknown division code ${requested}`);
    return requested;
  }

  /** What the rules say about registering this person now, without writing anything. */
  async eligibility(ctx: RequestContext, personId: string, body: TEligibilityBody): Promise<TEligibility> {
    const person = await this.core.visiblePerson(ctx, personId, 'registration.eligibility');
    const jurisdiction = await this.registeringJurisdiction(scopeOf(ctx), person, body.jurisdictionCode);
    const { registeredOn, appliedOn } = registrationDates(body, this.core.today());
    return evaluateEligibility(this.core.registry, person, body, jurisdiction, registeredOn, appliedOn).eligibility;
  }

  async register(ctx: RequestContext, personId: string, body: TRegistrationBody, channel: Channel, officeId?: string): Promise<RegistrationCreated> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const person = await this.core.visiblePerson(ctx, personId, 'registration.create');
    const jurisdiction = await this.registeringJurisdiction(scope, person, body.jurisdictionCode);
    const { registeredOn, appliedOn } = registrationDates(body, this.core.today());

    // Written commitment: the wording in effect on the registration day, signed now (online) or on the paper form.
    const commitment = findCommitment(body.commitment.version);
    const expected = currentCommitment(registeredOn);
    if (!commitment || commitment.version !== expected.version) {
      throw invalid('body.commitment.version', `须签署现行承诺书文本 ${expected.version}`, `the commitment text in effect is ${expected.version}`);
    }
    const now = this.core.clock.now();
    const signedAt = channel === 'online' || !body.commitment.signedAt ? now : new Date(body.commitment.signedAt);
    if (signedAt.getTime() > now.getTime() + 60_000) throw invalid('body.commitment.signedAt', '签署时间不能晚于现在', 'signedAt must not be in the future');

    const ev = evaluateEligibility(this.core.registry, person, body, jurisdiction, registeredOn, appliedOn);
    let kind: 'unemployment' | 'job_seeking';
    let offeredInstead = false;
    const reasonsZh = () => ev.decision.reasons.filter((r) => r.met === false).map((r) => `${r.textZh}（${r.source}）`).join('；');
    const reasonsEn = () => ev.decision.reasons.filter((r) => r.met === false).map((r) => `${r.textEn} (${r.source})`).join('; ');
    switch (ev.decision.kind) {
      case 'unemployment':
        kind = body.kind;
        break;
      case 'job_seeking':
        if (body.kind === 'unemployment' && !body.acceptJobSeeking) {
          throw new AppError('REGISTRATION_NOT_ELIGIBLE', { field: 'body.kind', params: { detailZh: `${reasonsZh()}；可改为办理求职登记（XC23 四(一)）`, detailEn: `${reasonsEn()}; a job-seeking registration is possible instead (XC23 四(一))` } });
        }
        offeredInstead = body.kind === 'unemployment';
        kind = 'job_seeking';
        break;
      case 'refused':
        throw new AppError('REGISTRATION_NOT_ELIGIBLE', { field: 'body.kind', params: { detailZh: reasonsZh(), detailEn: reasonsEn() } });
      case 'undetermined':
        throw new AppError('REGISTRATION_UNDETERMINED', { params: { fields: ev.decision.missingFacts.join(', ') } });
    }

    const office = await this.core.office({ officeId: officeId ?? null, jurisdictionCode: jurisdiction });
    if (officeId && (!office || !covers(office.jurisdictionCode, jurisdiction))) {
      throw invalid('body.officeId', '该经办机构不负责本人所在社区', 'that office does not serve your community');
    }
    const caseworker = actor.role === 'caseworker' && jurisdiction.startsWith(scope.prefix) ? { id: actor.userId } : await this.repo.caseworkerFor(jurisdiction);
    const year = Number(registeredOn.slice(0, 4));
    const marks = [...new Set(body.marks)] as Mark[];
    const skills = [...new Set(body.skills)];

    let row: RegistrationRow;
    try {
      row = await this.repo.transaction(async (tx) => {
        const existing = await this.repo.active(tx, person.id, kind);
        if (existing) throw this.activeExists(kind, existing.registrationNo);
        const serial = await this.repo.nextSerial(tx, jurisdiction, year);
        const period = (await this.repo.periodCount(tx, person.id)) + 1;
        // Registering again within the pack's window after an employment: re-unemployed, a priority item (CQ25 四).
        const lastJob = kind === 'unemployment' ? await this.repo.lastEmployment(tx, person.id) : undefined;
        const re = lastJob
          ? evaluateReunemployment({ registeredOn: parseIsoDate(registeredOn, 'registeredOn'), lastEmploymentStartedOn: parseIsoDate(lastJob.startedOn, 'startedOn') }, this.core.registry.resolve(jurisdiction, registeredOn))
          : undefined;
        const created = await this.repo.insert(tx, {
          personId: person.id,
          kind,
          state: 'active',
          registrationNo: formatRegistrationNo(jurisdiction, year, serial),
          registeredOn,
          appliedOn,
          placeBasis: body.placeBasis,
          jurisdictionCode: jurisdiction,
          officeId: office?.id ?? null,
          createdBy: actor.userId,
          channel,
          commitmentVersion: commitment.version,
          commitmentSha256: commitmentSha256(commitment),
          commitmentSignedAt: signedAt,
          unemploymentReason: body.unemploymentReason,
          skills,
          intention: body.intention,
          marks,
          uiBenefitEligible: String(ev.eligibility.uiBenefit.eligible),
          uiBenefitMaxMonths: ev.eligibility.uiBenefit.maxMonths,
          packRef: ev.eligibility.pack,
          eligibility: { decision: ev.decision.kind, eligible: ev.decision.eligible, reasons: ev.decision.reasons, missingFacts: ev.decision.missingFacts },
          offeredInstead,
          decisionDeadline: ev.decision.decisionDeadline,
          firstContactDeadline: ev.decision.firstContactDeadline,
          deadlineExplanations: ev.deadlineExplanations,
          caseworkerId: caseworker?.id ?? null,
          period,
          reunemployedAfterEmploymentId: lastJob && re?.reunemployed ? lastJob.id : null,
          reunemployedSource: lastJob && re?.reunemployed ? re.explanation.source : null,
        });
        await this.core.personFiles.recordFacts(
          tx,
          person.id,
          {
            employmentStatus: kind === 'unemployment' ? 'unemployed' : undefined,
            intention: body.intention,
            skills,
            marks,
            on: registeredOn,
            source: 'self_report',
            eventKind: 'registration',
            reason: `${KIND_NAMES[kind]?.zh ?? kind} ${created.registrationNo ?? ''}`,
          },
          actorOf(actor),
        );
        if (await this.repo.hasCitizenAccount(tx, person.id)) {
          await this.core.notifications.enqueue(tx, [
            {
              personId: person.id,
              channel: 'in_app',
              templateId: 'registration.created',
              subject: `registration:${created.id}`,
              payload: {
                name: person.name,
                kind,
                kindZh: KIND_NAMES[kind]?.zh ?? kind,
                registrationNo: created.registrationNo,
                on: registeredOn,
                firstContactDeadline: created.firstContactDeadline ?? '',
                officeName: office?.name ?? '',
                officePhone: office?.phone ?? '',
              },
            },
          ]);
        }
        await this.core.refreshServiceState(tx, person.id, `registration:${created.id}`);
        return created;
      });
    } catch (e) {
      // Two concurrent registrations of one person: the partial unique index stops the second.
      if (isUniqueViolation(e)) throw this.activeExists(kind, null);
      throw e;
    }
    ctx.audit = {
      action: 'registration.create',
      resourceType: 'registration',
      resourceId: row.id,
      jurisdictionCode: jurisdiction,
      detail: { personId: person.id, kind, registrationNo: row.registrationNo, channel, offeredInstead, pack: ev.eligibility.pack, reunemployed: row.reunemployedAfterEmploymentId !== null },
    };
    return { registration: await this.core.view(row), eligibility: ev.eligibility, offeredInstead };
  }

  private activeExists(kind: string, registrationNo: string | null): AppError {
    const names = KIND_NAMES[kind] ?? { zh: kind, en: kind };
    return new AppError('REGISTRATION_ACTIVE_EXISTS', { field: 'params.personId', params: { kindZh: names.zh, kindEn: names.en, registrationNo: registrationNo ?? '—' } });
  }
}
