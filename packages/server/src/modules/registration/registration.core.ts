/**
 * What the registration use cases (register, lifecycle, employment, queries) share: the clock, the scoped lookups,
 * the service-state follow-up inside a write's transaction, the person's notices, and the registration as the API
 * shows it.
 */
import type { DeregistrationReason, Explanation, PackRegistry } from '@bangfu/rules';
import { visibleOr404 } from '../../access/visible.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { scopeOf, type Actor, type RequestContext } from '../../http/context.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import type { NewNotification, NotificationsRepository } from '../notifications/notifications.repository.ts';
import { recomputePerson } from '../services/service-state.repository.ts';
import type { PersonFileActor, PersonFileUpdater } from './person-files.ts';
import type { TRegistration } from './registration.contract.ts';
import type { OfficeRow, PersonRow, RegistrationRepository, RegistrationRow } from './registration.repository.ts';

export type Channel = 'offline' | 'online';

export const KIND_NAMES: Record<string, { zh: string; en: string }> = {
  unemployment: { zh: '失业登记', en: 'unemployment' },
  job_seeking: { zh: '求职登记', en: 'job-seeking' },
};

/** A refusal naming the field, in both languages. */
export function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: ${zh} / ${en}` }, issues: [{ field, messageZh: zh, messageEn: en }] });
}

export function notActive(row: RegistrationRow, state: string = row.state): AppError {
  return new AppError('REGISTRATION_NOT_ACTIVE', { params: { registrationNo: row.registrationNo ?? row.id, state } });
}

/** The pack refused a deregistration ground (`clause`: the pack's source for it, else what the caller names). */
export function deregistrationRefused(field: string, reason: DeregistrationReason, d: { source: string | null; textZh: string; explanations: readonly Explanation[] }, clause: string): AppError {
  const first = d.explanations[0];
  return new AppError('DEREGISTRATION_REFUSED', { field, params: { reason, clause: d.source ?? clause, detailZh: first?.text ?? d.textZh, detailEn: first?.textEn ?? reason } });
}

export function actorOf(actor: Actor): PersonFileActor {
  return { userId: actor.userId, name: actor.username };
}

export class RegistrationCore {
  constructor(
    readonly repo: RegistrationRepository,
    readonly notifications: NotificationsRepository,
    readonly personFiles: PersonFileUpdater,
    readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    readonly clock: Clock = systemClock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /**
   * The person's service state (tier, obligations, first contact, worklist items) recomputed inside the write's
   * own transaction, so worklists and compliance see a registration, first contact or deregistration at once.
   */
  async refreshServiceState(tx: Database, personId: string, cause: string): Promise<void> {
    await recomputePerson(tx, this.registry, this.today(), personId, cause);
  }

  /** A person in the actor's scope, else 404 (existence is not revealed; the refusal is audited). */
  async visiblePerson(ctx: RequestContext, personId: string, action: string): Promise<PersonRow> {
    const found = await this.repo.findPerson(scopeOf(ctx), personId);
    return visibleOr404(ctx, found, { action, resourceType: 'person', resourceId: personId, field: 'params.personId' });
  }

  async visibleRegistration(ctx: RequestContext, id: string, action: string): Promise<RegistrationRow> {
    const found = await this.repo.findRegistration(scopeOf(ctx), id);
    return visibleOr404(ctx, found, { action, resourceType: 'registration', resourceId: id, field: 'params.id' });
  }

  /** The registration's own office, else the office serving its division. */
  office(r: { officeId: string | null; jurisdictionCode: string }): Promise<OfficeRow | undefined> {
    return r.officeId ? this.repo.office(r.officeId) : this.repo.officeFor(r.jurisdictionCode);
  }

  /** A notice to the person: SMS when a phone is on file, else a letter; in-app too with a citizen account. */
  async notices(tx: Database, person: PersonRow, base: Omit<NewNotification, 'channel'>): Promise<NewNotification[]> {
    const out: NewNotification[] = [{ ...base, channel: person.phoneEnc ? 'sms' : 'letter' }];
    if (await this.repo.hasCitizenAccount(tx, person.id)) out.push({ ...base, channel: 'in_app' });
    return out;
  }

  async view(r: RegistrationRow): Promise<TRegistration> {
    const [name, office, caseworker] = await Promise.all([
      this.repo.divisionName(r.jurisdictionCode),
      this.office(r),
      r.caseworkerId ? this.repo.user(r.caseworkerId) : Promise.resolve(undefined),
    ]);
    return {
      id: r.id,
      personId: r.personId,
      kind: r.kind,
      state: r.state,
      registrationNo: r.registrationNo,
      period: r.period,
      channel: r.channel,
      registeredOn: r.registeredOn,
      appliedOn: r.appliedOn,
      placeBasis: r.placeBasis,
      jurisdiction: { code: r.jurisdictionCode, name: name ?? r.jurisdictionCode },
      office: office ? { id: office.id, name: office.name, address: office.address, phone: office.phone } : null,
      caseworker: caseworker ?? null,
      commitment: r.commitmentVersion && r.commitmentSignedAt ? { version: r.commitmentVersion, signedAt: r.commitmentSignedAt.toISOString() } : null,
      unemploymentReason: r.unemploymentReason,
      skills: r.skills,
      intention: r.intention,
      marks: r.marks,
      uiBenefit: { eligible: r.uiBenefitEligible, maxMonths: r.uiBenefitMaxMonths },
      offeredInstead: r.offeredInstead,
      reunemployed: r.reunemployedAfterEmploymentId ? { afterEmploymentId: r.reunemployedAfterEmploymentId, source: r.reunemployedSource ?? '' } : null,
      packRef: r.packRef,
      deadlines: {
        decision: r.decisionDeadline,
        decisionMet: r.decisionDeadline ? r.registeredOn <= r.decisionDeadline : null,
        firstContact: r.firstContactDeadline,
        explanations: Array.isArray(r.deadlineExplanations) ? (r.deadlineExplanations as Explanation[]).map((e) => ({ ...e })) : [],
      },
      firstContact: r.firstContactOn ? { on: r.firstContactOn, channel: r.firstContactChannel, note: r.firstContactNote } : null,
      cancelledOn: r.cancelledOn,
      deregistration: r.deregistrationReason ? { reason: r.deregistrationReason, rule: r.deregistrationRule, note: r.deregistrationNote, source: r.deregistrationSource } : null,
      createdAt: r.createdAt.toISOString(),
    };
  }
}
