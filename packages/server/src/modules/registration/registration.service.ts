/**
 * The registration lifecycle (R2): unemployment registration with eligibility from the rule pack in force, the
 * job-seeking alternative (R2.4), the written commitment, a race-free registration number, the 3- and
 * 5-working-day deadlines, first contact, deregistration checked against the pack's grounds (R2.8) with the person
 * notified through the outbox, employment registration ending the unemployment registration, and the certificate.
 * Every write happens in one transaction: on any failure nothing is left behind.
 */
import { formatRegistrationNo } from './registration-numbers.ts';
import {
  type PackRegistry,
  RETIREMENT_CATEGORIES,
  RuleInputError,
  ageOn,
  assessRetirement,
  calendarForPack,
  evaluateDeregistration,
  evaluateRegistration,
  evaluateUiBenefit,
  parseIsoDate,
  type DeregistrationReason,
  type EmploymentStatus,
  type Explanation,
  type Mark,
  type RegistrationDecision,
  type ResolvedPack,
  type RetirementCategory,
  type WorkCalendar,
} from '@bangfu/rules';
import { renderCertificate } from '../../documents/certificate.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import { covers, type Scope } from '../../access/scope.ts';
import type { NotificationsRepository, NewNotification, NotificationRow } from '../notifications/notifications.repository.ts';
import { commitmentSha256, currentCommitment, findCommitment } from './commitment.ts';
import { daysBetween } from './dates.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import { recomputePerson } from '../services/service-state.repository.ts';
import type { PersonFileActor, PersonFileUpdater } from './person-files.ts';
import type { TEligibility, TEligibilityBody, TRegistration, TRegistrationBody } from './registration.contract.ts';
import type { Database } from '../../db/client.ts';
import { isUniqueViolation, type EmploymentRow, type OfficeRow, type PersonRow, type RegistrationRepository, type RegistrationRow } from './registration.repository.ts';

export type Channel = 'offline' | 'online';

const KIND_NAMES: Record<string, { zh: string; en: string }> = {
  unemployment: { zh: '失业登记', en: 'unemployment' },
  job_seeking: { zh: '求职登记', en: 'job-seeking' },
};

/** Employment status a deregistration ground implies for the person file (others leave it unchanged). */
const STATUS_AFTER: Partial<Record<DeregistrationReason, EmploymentStatus>> = {
  hired: 'employed',
  self_employed: 'self_employed',
  pension: 'retired',
  enrolled: 'student',
  military: 'military',
  incapacitated: 'unable',
};

const EMPLOYMENT_STATUS_FOR_TYPE: Record<'stable' | 'flexible' | 'self_employed', EmploymentStatus> = {
  stable: 'employed',
  flexible: 'flexible',
  self_employed: 'self_employed',
};

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { field, params: { detail: `${field}: ${zh} / ${en}` }, issues: [{ field, messageZh: zh, messageEn: en }] });
}

function src(p: { source: { doc: string; clause: string } }): string {
  return `${p.source.doc} ${p.source.clause}`;
}

function actorOf(actor: Actor): PersonFileActor {
  return { userId: actor.userId, name: actor.username };
}

interface Evaluated {
  readonly pack: ResolvedPack;
  readonly calendar: WorkCalendar;
  readonly decision: RegistrationDecision;
  readonly eligibility: TEligibility;
  readonly deadlineExplanations: Explanation[];
}

export interface RegistrationCreated {
  registration: TRegistration;
  eligibility: TEligibility;
  offeredInstead: boolean;
}

export class RegistrationService {
  constructor(
    readonly repo: RegistrationRepository,
    private readonly notifications: NotificationsRepository,
    private readonly personFiles: PersonFileUpdater,
    private readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    private readonly clock: Clock = systemClock,
  ) {}

  today(): string {
    return this.clock.today();
  }

  /**
   * The person's service state (tier, obligations, first contact, worklist items) recomputed inside the write's
   * own transaction, so worklists and compliance see a registration, first contact or deregistration at once.
   */
  private async refreshServiceState(tx: Database, personId: string, cause: string): Promise<void> {
    await recomputePerson(tx, this.registry, this.today(), personId, cause);
  }

  /** A person in the actor's scope, else 404 (existence is not revealed; the refusal is audited). */
  async visiblePerson(ctx: RequestContext, personId: string, action: string, db?: Database): Promise<PersonRow> {
    const found = await this.repo.findPerson(scopeOf(ctx), personId, db);
    if (found.status === 'visible') return found.row;
    if (found.status === 'out_of_scope') {
      ctx.audit = { action, resourceType: 'person', resourceId: personId, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
    }
    throw new AppError('NOT_FOUND', { field: 'params.personId' });
  }

  async visibleRegistration(ctx: RequestContext, id: string, action: string): Promise<RegistrationRow> {
    const found = await this.repo.findRegistration(scopeOf(ctx), id);
    if (found.status === 'visible') return found.row;
    if (found.status === 'out_of_scope') {
      ctx.audit = { action, resourceType: 'registration', resourceId: id, jurisdictionCode: found.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
    }
    throw new AppError('NOT_FOUND', { field: 'params.id' });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Eligibility.

  private evaluate(person: PersonRow, body: TEligibilityBody, jurisdiction: string, registeredOn: string, appliedOn: string): Evaluated {
    const pack = this.registry.resolve(jurisdiction, registeredOn);
    const calendar = calendarForPack(pack);
    const asOf = parseIsoDate(registeredOn, 'body.registeredOn');
    if (person.birthDate > registeredOn) throw invalid('body.registeredOn', '登记日期早于出生日期', 'registeredOn is before the birth date');
    if (body.pensionSince !== undefined && body.pensionSince < person.birthDate) throw invalid('body.pensionSince', '领取养老金日期早于出生日期', 'pensionSince is before the birth date');
    const category = (RETIREMENT_CATEGORIES as readonly string[]).includes(person.retirementCategory ?? '') ? (person.retirementCategory as RetirementCategory) : undefined;
    const sex = person.sex === 'male' || person.sex === 'female' ? person.sex : undefined;
    const retirement = sex
      ? assessRetirement(
          { sex, birthDate: person.birthDate, ...(category ? { retirementCategory: category } : {}), ...(body.pensionSince ? { pensionSince: body.pensionSince } : {}) },
          registeredOn,
        )
      : undefined;
    const laborCapacity = body.laborCapacity ?? (['full', 'partial', 'none'].includes(person.laborCapacity) ? (person.laborCapacity as 'full' | 'partial' | 'none') : undefined);
    const decision = evaluateRegistration(
      {
        ageYears: ageOn(parseIsoDate(person.birthDate, 'person.birthDate'), asOf).years,
        // With the birth date, an unrecorded sex/category is tried with every retirement category (issue 11).
        birthDate: parseIsoDate(person.birthDate, 'person.birthDate'),
        retirement,
        pensionSince: body.pensionSince ? parseIsoDate(body.pensionSince, 'body.pensionSince') : undefined,
        laborCapacity,
        wantsWork: body.wantsWork,
        // Applying for unemployment registration is itself the declaration of being without work (书面承诺).
        employmentStatus: body.employmentStatus ?? 'unemployed',
        placeBasis: body.placeBasis,
        appliedOn: parseIsoDate(appliedOn, 'body.appliedOn'),
        registeredOn: asOf,
      },
      pack,
      asOf,
      calendar,
    );
    const registered = decision.kind === 'unemployment' && body.kind === 'unemployment';
    const ui = evaluateUiBenefit({ contributionYears: body.contributionYears, involuntaryJobLoss: body.involuntaryJobLoss, registered, wantsWork: body.wantsWork }, pack);
    const p = pack.params.registration;
    const deadlineExplanations = decision.explanations.filter((e) => e.rule === 'registration.decision-deadline' || e.rule === 'registration.first-contact');
    const withCalendar = (from: string, n: number, rule: string, source: string, field: string) => {
      try {
        deadlineExplanations.push(calendar.explain(parseIsoDate(from, field), n, { rule, source, field }));
      } catch (e) {
        if (!(e instanceof RuleInputError && e.code === 'calendar_unknown')) throw e;
      }
    };
    withCalendar(appliedOn, p.decisionWorkingDays.value, 'registration.decision-deadline.calendar', src(p.decisionWorkingDays), 'body.appliedOn');
    withCalendar(registeredOn, p.firstContactWorkingDays.value, 'registration.first-contact.calendar', src(p.firstContactWorkingDays), 'body.registeredOn');
    const eligibility: TEligibility = {
      pack: `${pack.id}@${pack.version}`,
      decision: decision.kind,
      eligible: decision.eligible,
      reasons: decision.reasons,
      missingFacts: decision.missingFacts,
      decisionDeadline: decision.decisionDeadline,
      firstContactDeadline: decision.firstContactDeadline,
      uiBenefit: { eligible: ui.eligible, maxMonths: ui.maxMonths, missingFacts: ui.missingFacts },
      explanations: [...decision.explanations, ...ui.explanations],
    };
    return { pack, calendar, decision, eligibility, deadlineExplanations };
  }

  private dates(body: { registeredOn?: string | undefined; appliedOn?: string | undefined }): { registeredOn: string; appliedOn: string } {
    const today = this.today();
    const registeredOn = body.registeredOn ?? today;
    const appliedOn = body.appliedOn ?? registeredOn;
    if (registeredOn > today) throw invalid('body.registeredOn', `登记日期不能晚于今天（${today}）`, `registeredOn must not be after today (${today})`);
    if (appliedOn > registeredOn) throw invalid('body.appliedOn', '申请日期不能晚于登记日期', 'appliedOn must not be after registeredOn');
    return { registeredOn, appliedOn };
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
    const person = await this.visiblePerson(ctx, personId, 'registration.eligibility');
    const jurisdiction = await this.registeringJurisdiction(scopeOf(ctx), person, body.jurisdictionCode);
    const { registeredOn, appliedOn } = this.dates(body);
    return this.evaluate(person, body, jurisdiction, registeredOn, appliedOn).eligibility;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Registration.

  async register(ctx: RequestContext, personId: string, body: TRegistrationBody, channel: Channel, officeId?: string): Promise<RegistrationCreated> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    const person = await this.visiblePerson(ctx, personId, 'registration.create');
    const jurisdiction = await this.registeringJurisdiction(scope, person, body.jurisdictionCode);
    const { registeredOn, appliedOn } = this.dates(body);

    // Written commitment: the wording in effect on the registration day, signed now (online) or on the paper form.
    const commitment = findCommitment(body.commitment.version);
    const expected = currentCommitment(registeredOn);
    if (!commitment || commitment.version !== expected.version) {
      throw invalid('body.commitment.version', `须签署现行承诺书文本 ${expected.version}`, `the commitment text in effect is ${expected.version}`);
    }
    const now = this.clock.now();
    const signedAt = channel === 'online' || !body.commitment.signedAt ? now : new Date(body.commitment.signedAt);
    if (signedAt.getTime() > now.getTime() + 60_000) throw invalid('body.commitment.signedAt', '签署时间不能晚于现在', 'signedAt must not be in the future');

    const ev = this.evaluate(person, body, jurisdiction, registeredOn, appliedOn);
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

    const office = officeId ? await this.repo.office(officeId) : await this.repo.officeFor(jurisdiction);
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
        });
        await this.personFiles.recordFacts(
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
          await this.notifications.enqueue(tx, [
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
        await this.refreshServiceState(tx, person.id, `registration:${created.id}`);
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
      detail: { personId: person.id, kind, registrationNo: row.registrationNo, channel, offeredInstead, pack: ev.eligibility.pack },
    };
    return { registration: await this.view(row), eligibility: ev.eligibility, offeredInstead };
  }

  private activeExists(kind: string, registrationNo: string | null): AppError {
    const names = KIND_NAMES[kind] ?? { zh: kind, en: kind };
    return new AppError('REGISTRATION_ACTIVE_EXISTS', { field: 'params.personId', params: { kindZh: names.zh, kindEn: names.en, registrationNo: registrationNo ?? '—' } });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads.

  async get(ctx: RequestContext, id: string): Promise<TRegistration> {
    const row = await this.visibleRegistration(ctx, id, 'registration.view');
    return this.view(row);
  }

  async forPerson(ctx: RequestContext, personId: string): Promise<{ items: TRegistration[] }> {
    const person = await this.visiblePerson(ctx, personId, 'registration.list');
    const rows = await this.repo.forPerson(person.id);
    return { items: await Promise.all(rows.map((r) => this.view(r))) };
  }

  async worklist(
    ctx: RequestContext,
    q: { jurisdiction?: string | undefined; state: 'active' | 'cancelled'; due?: 'first_contact' | undefined; asOf?: string | undefined; page: number; pageSize: number },
  ) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const asOf = q.asOf ?? this.today();
    const { rows, total } = await this.repo.worklist(scope, { within, state: q.state, due: q.due, page: q.page, pageSize: q.pageSize });
    const names = await this.repo.divisionNames(rows.map((r) => r.registration.jurisdictionCode));
    const calendars = new Map<string, WorkCalendar | null>();
    const calendarFor = (code: string): WorkCalendar | null => {
      if (!calendars.has(code)) {
        try {
          calendars.set(code, calendarForPack(this.registry.resolve(code, asOf)));
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

  // -------------------------------------------------------------------------------------------------------------
  // First contact.

  async recordFirstContact(ctx: RequestContext, id: string, body: { on: string; channel: string; note?: string | undefined }): Promise<TRegistration> {
    const actor = requireActor(ctx);
    const row = await this.visibleRegistration(ctx, id, 'registration.first_contact');
    if (row.state !== 'active') throw new AppError('REGISTRATION_NOT_ACTIVE', { params: { registrationNo: row.registrationNo ?? row.id, state: row.state } });
    if (row.firstContactOn) throw new AppError('CONFLICT', { field: 'body.on', params: { detail: `first contact already recorded on ${row.firstContactOn} / 已于 ${row.firstContactOn} 记录首次联系` } });
    if (body.on < row.registeredOn) throw invalid('body.on', '联系日期早于登记日期', 'the contact date is before the registration date');
    if (body.on > this.today()) throw invalid('body.on', '联系日期不能晚于今天', 'the contact date must not be in the future');
    const updated = await this.repo.transaction(async (tx) => {
      const done = await this.repo.recordFirstContact(row.personId, row.id, body.on, body.channel, body.note ?? null, actor.userId, tx);
      if (!done) throw new AppError('CONFLICT', { field: 'body.on', params: { detail: 'the registration changed meanwhile / 登记已被他人修改' } });
      await this.refreshServiceState(tx, row.personId, `first_contact:${row.id}`);
      return done;
    });
    ctx.audit = {
      action: 'registration.first_contact',
      resourceType: 'registration',
      resourceId: row.id,
      jurisdictionCode: row.jurisdictionCode,
      detail: { on: body.on, channel: body.channel, deadline: row.firstContactDeadline, met: row.firstContactDeadline ? body.on <= row.firstContactDeadline : null },
    };
    return this.view(updated);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Deregistration.

  async deregister(
    ctx: RequestContext,
    id: string,
    body: { reason: DeregistrationReason; on: string; note?: string | undefined; rule?: string | undefined },
  ): Promise<{ registration: TRegistration; notifications: { id: string; channel: string; templateId: string; state: string }[]; explanations: Explanation[] }> {
    const actor = requireActor(ctx);
    const row = await this.visibleRegistration(ctx, id, 'registration.deregister');
    if (row.state !== 'active') throw new AppError('REGISTRATION_NOT_ACTIVE', { params: { registrationNo: row.registrationNo ?? row.id, state: row.state } });
    if (body.on < row.registeredOn) throw invalid('body.on', '注销日期早于登记日期', 'the deregistration date is before the registration date');
    if (body.on > this.today()) throw invalid('body.on', '注销日期不能晚于今天', 'the deregistration date must not be in the future');
    const pack = this.registry.resolve(row.jurisdictionCode, body.on);
    const d = evaluateDeregistration({ reason: body.reason, rule: body.rule }, pack);
    const first = d.explanations[0];
    if (d.allowed === false) {
      ctx.audit = { action: 'registration.deregister', resourceType: 'registration', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, detail: { reason: body.reason, refusedBy: d.source, pack: `${pack.id}@${pack.version}` } };
      throw new AppError('DEREGISTRATION_REFUSED', {
        field: 'body.reason',
        params: { reason: body.reason, clause: d.source ?? `${pack.id}@${pack.version}`, detailZh: first?.text ?? d.textZh, detailEn: first?.textEn ?? body.reason },
      });
    }
    if (d.allowed === 'unknown') throw new AppError('DEREGISTRATION_RULE_REQUIRED', { field: 'body.rule' });

    const person = await this.repo.findPersonById(row.personId);
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const office = row.officeId ? await this.repo.office(row.officeId) : await this.repo.officeFor(row.jurisdictionCode);
    const { cancelled, queued } = await this.repo.transaction(async (tx) => {
      const cancelled = await this.repo.cancel(tx, row.personId, row.id, { on: body.on, reason: body.reason, rule: body.rule ?? null, note: body.note ?? null, source: d.source, by: actor.userId });
      if (!cancelled) throw new AppError('REGISTRATION_NOT_ACTIVE', { params: { registrationNo: row.registrationNo ?? row.id, state: 'cancelled' } });
      const status = STATUS_AFTER[body.reason];
      await this.personFiles.recordFacts(
        tx,
        row.personId,
        { employmentStatus: status, on: body.on, source: 'visit', eventKind: 'deregistration', reason: `注销${KIND_NAMES[row.kind]?.zh ?? row.kind} ${row.registrationNo ?? ''}：${body.reason}` },
        actorOf(actor),
      );
      const queued = await this.notifications.enqueue(tx, await this.deregistrationNotices(tx, person, cancelled, d.textZh, office));
      await this.refreshServiceState(tx, row.personId, `deregistration:${row.id}`);
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
    return { registration: await this.view(cancelled), notifications: queued.map(noticeView), explanations: d.explanations };
  }

  /** The person is told (NM24 三, XC23 三(四)): SMS when a phone is on file, else a letter; in-app too with an account. */
  private async deregistrationNotices(tx: Database, person: PersonRow, r: RegistrationRow, reasonZh: string, office: OfficeRow | undefined): Promise<NewNotification[]> {
    const payload = {
      name: person.name,
      registrationNo: r.registrationNo ?? r.id,
      on: r.cancelledOn ?? '',
      reason: r.deregistrationReason ?? '',
      reasonZh,
      officeName: office?.name ?? '',
      officePhone: office?.phone ?? '',
    };
    const base = { personId: person.id, templateId: 'registration.deregistered' as const, subject: `registration:${r.id}`, payload };
    const out: NewNotification[] = [{ ...base, channel: person.phoneEnc ? 'sms' : 'letter' }];
    if (await this.repo.hasCitizenAccount(tx, person.id)) out.push({ ...base, channel: 'in_app' });
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Employment registration (就业登记).

  async registerEmployment(
    ctx: RequestContext,
    personId: string,
    body: { employerName: string; employerCreditCode?: string | undefined; startedOn: string; type: 'stable' | 'flexible' | 'self_employed' },
  ) {
    const actor = requireActor(ctx);
    const person = await this.visiblePerson(ctx, personId, 'registration.employment');
    if (body.startedOn > this.today()) throw invalid('body.startedOn', '就业日期不能晚于今天', 'startedOn must not be in the future');
    if (body.startedOn < person.birthDate) throw invalid('body.startedOn', '就业日期早于出生日期', 'startedOn is before the birth date');
    const reason: DeregistrationReason = body.type === 'self_employed' ? 'self_employed' : 'hired';
    const result = await this.repo.transaction(async (tx) => {
      const employment = await this.repo.insertEmployment(tx, {
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
        const active = await this.repo.active(tx, person.id, kind);
        if (!active) continue;
        // Finding work ends the registration: the pack must list the ground (NM24 三, XC23 三(四)).
        const on = body.startedOn < active.registeredOn ? active.registeredOn : body.startedOn;
        const d = evaluateDeregistration({ reason }, this.registry.resolve(active.jurisdictionCode, on));
        if (d.allowed !== true) {
          throw new AppError('DEREGISTRATION_REFUSED', { field: 'body.type', params: { reason, clause: d.source ?? '', detailZh: d.explanations[0]?.text ?? d.textZh, detailEn: d.explanations[0]?.textEn ?? reason } });
        }
        const cancelled = await this.repo.cancel(tx, person.id, active.id, { on, reason, rule: null, note: body.employerName, source: d.source, by: actor.userId, employmentId: employment.id });
        if (!cancelled) throw new AppError('REGISTRATION_NOT_ACTIVE', { params: { registrationNo: active.registrationNo ?? active.id, state: 'cancelled' } });
        ended.push(cancelled);
      }
      const main = ended.find((r) => r.kind === 'unemployment') ?? ended[0];
      if (main) await this.repo.linkEmployment(tx, person.id, employment.id, main.id);
      await this.personFiles.recordFacts(
        tx,
        person.id,
        { employmentStatus: EMPLOYMENT_STATUS_FOR_TYPE[body.type], on: body.startedOn, source: 'visit', eventKind: 'employment_registration', reason: `就业登记：${body.employerName}` },
        actorOf(actor),
      );
      const queued: NotificationRow[] = [];
      if (main) {
        const payload = { name: person.name, employerName: body.employerName, startedOn: body.startedOn, registrationNo: main.registrationNo ?? main.id };
        const items: NewNotification[] = [{ personId: person.id, channel: person.phoneEnc ? 'sms' : 'letter', templateId: 'registration.ended_by_employment', subject: `registration:${main.id}`, payload }];
        if (await this.repo.hasCitizenAccount(tx, person.id)) items.push({ ...items[0]!, channel: 'in_app' });
        queued.push(...(await this.notifications.enqueue(tx, items)));
      }
      await this.refreshServiceState(tx, person.id, `employment:${employment.id}`);
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

  async employmentsFor(ctx: RequestContext, personId: string) {
    const person = await this.visiblePerson(ctx, personId, 'registration.employment.list');
    const rows = await this.repo.employmentsFor(person.id);
    const regs = await this.repo.forPerson(person.id);
    return { items: rows.map((e) => employmentView(e, regs.find((r) => r.id === e.endedRegistrationId) ?? null)) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Certificate.

  async certificate(ctx: RequestContext, id: string): Promise<{ pdf: Buffer; filename: string }> {
    const row = await this.visibleRegistration(ctx, id, 'registration.certificate');
    const person = await this.repo.findPersonById(row.personId);
    if (!person) throw new AppError('NOT_FOUND', { field: 'params.id' });
    const office = row.officeId ? await this.repo.office(row.officeId) : await this.repo.officeFor(row.jurisdictionCode);
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
      jurisdictionName: (await this.repo.divisionName(row.jurisdictionCode)) ?? row.jurisdictionCode,
      office: office ? { name: office.name, address: office.address, phone: office.phone } : null,
      packRef: row.packRef,
      issuedOn: this.today(),
    });
    ctx.audit = { action: 'registration.certificate', resourceType: 'registration', resourceId: row.id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
    return { pdf, filename: `certificate-${row.registrationNo ?? row.id}.pdf` };
  }

  // -------------------------------------------------------------------------------------------------------------

  async view(r: RegistrationRow): Promise<TRegistration> {
    const [name, office, caseworker] = await Promise.all([
      this.repo.divisionName(r.jurisdictionCode),
      r.officeId ? this.repo.office(r.officeId) : this.repo.officeFor(r.jurisdictionCode),
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

function noticeView(n: NotificationRow) {
  return { id: n.id, channel: n.channel, templateId: n.templateId, state: n.state };
}

function employmentView(e: EmploymentRow, ended: RegistrationRow | null) {
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
