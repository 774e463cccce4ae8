/**
 * What the three person services (file, four clears, merge) share: the clock, the scoped lookup, the event
 * writer, household and service-state follow-ups, and the file as the API shows it.
 */
import { ageOn, parseIsoDate, type PackRegistry } from '@bangfu/rules';
import { can } from '../../access/roles.ts';
import { NATION_CODE } from '../../access/scope.ts';
import { visibleOr404 } from '../../access/visible.ts';
import type { TPersonFile } from '../../contract/persons.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { ZeroEmploymentTracker, type Trigger } from '../households/zero-employment.ts';
import { recomputePerson } from '../services/service-state.repository.ts';
import { DEFAULT_STALE_AFTER_DAYS } from './four-clears.ts';
import type { FourClearsRepository } from './four-clears.repository.ts';
import { fourClears } from './person-file.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { MarkRow, PersonRow, PersonsRepository } from './persons.repository.ts';

export interface PossibleDuplicate {
  id: string;
  name: string;
  birthDate: string;
  phoneMasked: string | null;
  idNumberMasked: string;
  jurisdiction: { code: string; name: string };
  matched: ('name' | 'birthDate' | 'phone')[];
}

export class PersonsCore {
  private readonly tracker: ZeroEmploymentTracker;

  constructor(
    readonly repo: PersonsRepository,
    readonly clearsRepo: FourClearsRepository,
    readonly cipher: FieldCipher,
    readonly registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`); dates are civil dates in China. */
    readonly clock: Clock,
  ) {
    this.tracker = new ZeroEmploymentTracker(registry, clock);
  }

  today(): string {
    return this.clock.today();
  }

  /** The staleness that applies in a jurisdiction (its own setting, else the nearest ancestor's, else the default). */
  async staleAfterDays(code: string = NATION_CODE): Promise<number> {
    return (await this.clearsRepo.staleAfterDaysAt(code)).days ?? DEFAULT_STALE_AFTER_DAYS;
  }

  assertMaySeeHidden(ctx: RequestContext): void {
    const actor = requireActor(ctx);
    if (!can(actor.role, 'person.hidden.read')) {
      ctx.audit = { action: 'person.hidden.read', denied: true, detail: { reason: 'permission' } };
      throw new AppError('FORBIDDEN', { field: 'querystring.includeHidden' });
    }
  }

  /** The file when the caller may see it, else 404 (an out-of-scope one audited as refused `action`). */
  async visible(ctx: RequestContext, id: string, action: string, includeHidden: boolean): Promise<PersonRow> {
    return this.visibleIn(this.repo, ctx, id, action, false, 'params.id', includeHidden);
  }

  /** As `visible`, on `repo` (a transaction); `forUpdate` locks the row and records a baseline before a first change. */
  async visibleIn(repo: PersonsRepository, ctx: RequestContext, id: string, action: string, forUpdate: boolean, field = 'params.id', includeHidden = false): Promise<PersonRow> {
    const found = await repo.findScoped(scopeOf(ctx), id, { includeHidden, forUpdate });
    const row = visibleOr404(ctx, found, { action, resourceType: 'person', resourceId: id, field });
    if (forUpdate) await repo.ensureBaseline(row);
    return row;
  }

  /** Bumps the version of a file whose marks changed (the snapshot changes, so concurrent editors must reload). */
  async touch(repo: PersonsRepository, before: PersonRow, actor: Actor): Promise<PersonRow> {
    const after = await repo.update(before.id, before.version, { updatedBy: actor.userId });
    if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
    return after;
  }

  /** One history event with the whole file after it (as stored) and its marks, at the clock's now. */
  async recordEvent(
    repo: PersonsRepository,
    row: PersonRow,
    actor: Actor,
    kind: string,
    change: Record<string, unknown>,
    extra: { source?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    await repo.recordEvent(row, actor, kind, change, this.clock.now(), extra);
  }

  /** Re-evaluates a household's zero-employment status in the same transaction as the change. */
  async refreshHousehold(repo: PersonsRepository, householdId: string, trigger: Trigger): Promise<void> {
    await this.tracker.refreshIn(repo.database, householdId, trigger);
  }

  /** Recomputes a person's service state and worklist items now (hidden or merged files leave at once). */
  async recompute(repo: PersonsRepository, personId: string, reason: string): Promise<void> {
    await recomputePerson(repo.database, this.registry, this.today(), personId, reason);
  }

  async toDuplicates(found: { row: PersonRow; matched: PossibleDuplicate['matched'] }[]): Promise<PossibleDuplicate[]> {
    const names = await this.repo.divisionNames(found.map((f) => f.row.jurisdictionCode));
    return found.map(({ row, matched }) => ({
      id: row.id,
      name: row.name,
      birthDate: row.birthDate,
      phoneMasked: row.phoneMasked,
      idNumberMasked: row.idNumberMasked,
      jurisdiction: { code: row.jurisdictionCode, name: names.get(row.jurisdictionCode) ?? row.jurisdictionCode },
      matched,
    }));
  }

  /** The file with its current marks, as the API shows it. */
  async currentFile(row: PersonRow): Promise<TPersonFile> {
    return this.toFile(row, await this.repo.marks(row.id), null);
  }

  /** The file as the API shows it: masked, sensitive health and income facts only as "recorded". */
  async toFile(row: PersonRow, marks: MarkRow[], asOf: string | null): Promise<TPersonFile> {
    const today = this.today();
    const reference = asOf ?? today;
    const codes = [row.jurisdictionCode, row.hukouCode, row.insuredCode, row.workplaceCode].filter((c): c is string => c !== null);
    const [names, stale] = await Promise.all([this.repo.divisionNames(codes), this.staleAfterDays(row.jurisdictionCode)]);
    const place = (code: string | null, address: string | null) => (code === null ? null : { code, name: names.get(code) ?? code, address });
    const age = ageOn(parseIsoDate(row.birthDate, 'birthDate'), parseIsoDate(reference, 'asOf')).years;
    const active = marks.filter((m) => m.until === null || m.until > reference).map((m) => m.mark);
    return {
      id: row.id,
      name: row.name,
      sex: row.sex,
      birthDate: row.birthDate,
      idNumberMasked: row.idNumberMasked,
      phoneMasked: row.phoneMasked,
      jurisdiction: { code: row.jurisdictionCode, name: names.get(row.jurisdictionCode) ?? row.jurisdictionCode },
      marks: [...new Set(active)].sort(),
      householdId: row.householdId,
      relationship: row.relationship,
      education: row.education,
      employmentStatus: row.employmentStatus,
      laborCapacity: row.laborCapacity,
      intention: row.intention,
      address: row.address,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
      documentType: row.documentType,
      hidden: row.hiddenAt !== null,
      hiddenReason: row.hiddenReason,
      identity: { verified: row.identityVerified, verifiedAt: row.identityVerifiedAt?.toISOString() ?? null },
      mergedInto: row.mergedInto,
      residence: place(row.jurisdictionCode, row.address),
      hukou: place(row.hukouCode, row.hukouAddress),
      insured: place(row.insuredCode, row.insuredAddress),
      workplace: place(row.workplaceCode, row.workplaceAddress),
      skills: row.skills as TPersonFile['skills'],
      certificates: row.certificates as TPersonFile['certificates'],
      workHistory: row.workHistory as TPersonFile['workHistory'],
      serviceNeeds: row.serviceNeeds as string[],
      retirementCategory: row.retirementCategory,
      hasDisabilityGrade: row.disabilityGradeEnc !== null,
      hasIncome: row.incomeEnc !== null,
      markHistory: marks.map((m) => ({ mark: m.mark, since: m.since, until: m.until, source: m.source, recordedBy: m.recordedBy, note: m.note })),
      fourClears: fourClears(row.clears, reference, stale),
      flags: age < 16 ? ['under_16'] : [],
      asOf,
    };
  }
}
