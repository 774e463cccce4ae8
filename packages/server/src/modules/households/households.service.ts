import { ageOn, parseIsoDate, type PackRegistry } from '@bangfu/rules';
import type { Relationship } from '../../contract/persons.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import { visibleOr404 } from '../../access/visible.ts';
import { daysBetween } from '../persons/person-file.ts';
import { PersonFileWrites } from '../persons/file-writes.ts';
import { chinaDate, type Clock } from '../../jobs/clock.ts';
import type { HouseholdRow, HouseholdsRepository } from './households.repository.ts';
import { ZeroEmploymentTracker, type HouseholdEvaluation } from './zero-employment.ts';

/**
 * Households (家庭): members with their relationship, and the derived zero-employment status with its history.
 * Membership is the person file's `household_id` + `relationship`, so a member change is also a person event.
 */
export class HouseholdsService {
  private readonly tracker: ZeroEmploymentTracker;

  constructor(
    private readonly repo: HouseholdsRepository,
    registry: PackRegistry,
    /** The application's one clock (`src/jobs/clock.ts`). */
    private readonly clock: Clock,
  ) {
    this.tracker = new ZeroEmploymentTracker(registry, clock);
  }

  private today(): string {
    return this.clock.today();
  }

  async create(ctx: RequestContext, body: { jurisdictionCode: string; address?: string | undefined; urban: boolean; businessIncome?: boolean | null | undefined }) {
    const actor = requireActor(ctx);
    if (!(await this.repo.divisionExists(body.jurisdictionCode))) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'body.jurisdictionCode',
        issues: [{ field: 'body.jurisdictionCode', messageZh: `行政区划代码 ${body.jurisdictionCode} 不存在`, messageEn: `division code ${body.jurisdictionCode} does not exist` }],
        params: { detail: `body.jurisdictionCode: division code ${body.jurisdictionCode} does not exist` },
      });
    }
    const scope = scopeOf(ctx);
    if (!scope.covers(body.jurisdictionCode)) throw new AppError('OUT_OF_SCOPE', { field: 'body.jurisdictionCode', params: { code: body.jurisdictionCode } });
    const row = await this.repo.transaction(async (repo) => {
      const created = await repo.insert({
        jurisdictionCode: body.jurisdictionCode,
        address: body.address ?? null,
        urban: body.urban,
        businessIncome: body.businessIncome ?? null,
        createdBy: actor.userId,
      });
      await this.tracker.refresh(repo, created.id, { kind: 'household_created', actorId: actor.userId, username: actor.username });
      return created;
    });
    ctx.audit = { action: 'household.create', resourceType: 'household', resourceId: row.id, jurisdictionCode: row.jurisdictionCode };
    return this.view(row.id);
  }

  async update(ctx: RequestContext, id: string, body: { address?: string | undefined; urban?: boolean | undefined; businessIncome?: boolean | null | undefined }) {
    const actor = requireActor(ctx);
    const row = await this.repo.transaction(async (repo) => {
      const household = await this.visibleIn(repo, ctx, id, 'household.update', true);
      const patch: Partial<HouseholdRow> = {};
      if (body.address !== undefined) patch.address = body.address;
      if (body.urban !== undefined) patch.urban = body.urban;
      if (body.businessIncome !== undefined) patch.businessIncome = body.businessIncome;
      await repo.update(id, patch);
      await this.tracker.refresh(repo, id, { kind: 'household_updated', actorId: actor.userId, username: actor.username });
      return household;
    });
    ctx.audit = { action: 'household.update', resourceType: 'household', resourceId: id, jurisdictionCode: row.jurisdictionCode };
    return this.view(id);
  }

  async get(ctx: RequestContext, id: string) {
    const row = await this.visibleIn(this.repo, ctx, id, 'household.view', false);
    ctx.audit = { action: 'household.view', resourceType: 'household', resourceId: id, jurisdictionCode: row.jurisdictionCode, sensitive: true };
    return this.view(id);
  }

  /** Adds a person (visible to the caller, in no other household) with a relationship; status re-derived. */
  async addMember(ctx: RequestContext, id: string, personId: string, relationship: Relationship) {
    const actor = requireActor(ctx);
    const household = await this.repo.transaction(async (repo) => {
      const h = await this.visibleIn(repo, ctx, id, 'household.member', true);
      const files = new PersonFileWrites(repo.db);
      const before = await files.visibleForUpdate(ctx, personId, 'household.member', 'body.personId');
      if (before.householdId !== null && before.householdId !== id) {
        throw new AppError('HOUSEHOLD_MEMBER_ELSEWHERE', { field: 'body.personId', params: { householdId: before.householdId } });
      }
      await files.change(before, { householdId: id, relationship }, actor, 'household_joined', this.clock.now());
      await this.tracker.refresh(repo, id, { kind: 'member_added', personId, actorId: actor.userId, username: actor.username });
      return h;
    });
    ctx.audit = { action: 'household.member_add', resourceType: 'household', resourceId: id, jurisdictionCode: household.jurisdictionCode, detail: { personId, relationship } };
    return this.view(id);
  }

  async removeMember(ctx: RequestContext, id: string, personId: string) {
    const actor = requireActor(ctx);
    const household = await this.repo.transaction(async (repo) => {
      const h = await this.visibleIn(repo, ctx, id, 'household.member', true);
      const files = new PersonFileWrites(repo.db);
      const before = await files.current(personId);
      if (!before || before.householdId !== id) throw new AppError('NOT_FOUND', { field: 'params.personId' });
      await files.change(before, { householdId: null, relationship: null }, actor, 'household_left', this.clock.now());
      await this.tracker.refresh(repo, id, { kind: 'member_removed', personId, actorId: actor.userId, username: actor.username });
      return h;
    });
    ctx.audit = { action: 'household.member_remove', resourceType: 'household', resourceId: id, jurisdictionCode: household.jurisdictionCode, detail: { personId } };
    return this.view(id);
  }

  /** Households that are zero-employment now (open period), with how long each has been so. */
  async zeroEmployment(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const rows = await this.repo.zeroEmploymentList(scope, within);
    const names = await this.repo.divisionNames(rows.map((r) => r.household.jurisdictionCode));
    const today = this.today();
    return {
      items: rows.map((r) => {
        const since = chinaDate(r.since);
        return {
          id: r.household.id,
          jurisdiction: { code: r.household.jurisdictionCode, name: names.get(r.household.jurisdictionCode) ?? r.household.jurisdictionCode },
          address: r.household.address,
          members: r.members,
          since,
          ageDays: daysBetween(since, today),
        };
      }),
      total: rows.length,
    };
  }

  private async view(id: string) {
    const household = await this.repo.byId(id);
    if (!household) throw new AppError('NOT_FOUND');
    const members = await this.repo.members(id);
    const evaluation: HouseholdEvaluation = await this.tracker.evaluate(this.repo, household, members);
    const periods = await this.repo.periods(id);
    const open = periods.find((p) => p.endedAt === null);
    const names = await this.repo.divisionNames([household.jurisdictionCode]);
    const asOf = parseIsoDate(this.today(), 'asOf');
    return {
      id: household.id,
      jurisdiction: { code: household.jurisdictionCode, name: names.get(household.jurisdictionCode) ?? household.jurisdictionCode },
      address: household.address,
      urban: household.urban,
      businessIncome: household.businessIncome,
      members: members.map((m, i) => {
        const d = evaluation.decision.members[i];
        return {
          personId: m.id,
          name: m.name,
          relationship: m.relationship,
          sex: m.sex,
          birthDate: m.birthDate,
          ageYears: ageOn(parseIsoDate(m.birthDate, 'birthDate'), asOf).years,
          employmentStatus: m.employmentStatus,
          registeredUnemployed: evaluation.registered.has(m.id),
          workingAge: d?.counted ?? ('unknown' as const),
          unemployed: d?.unemployed ?? ('unknown' as const),
        };
      }),
      zeroEmployment: {
        status: evaluation.decision.zeroEmployment,
        pack: evaluation.pack,
        workingAgeMembers: evaluation.decision.workingAgeMembers,
        missingFacts: evaluation.decision.missingFacts,
        explanations: evaluation.decision.explanations.map((e) => ({ rule: e.rule, source: e.source, ...(e.pack ? { pack: e.pack } : {}), text: e.text, ...(e.textEn ? { textEn: e.textEn } : {}) })),
        since: open ? open.startedAt.toISOString() : null,
      },
      periods: periods.map((p) => ({ id: p.id, startedAt: p.startedAt.toISOString(), startedBy: p.startedBy, endedAt: p.endedAt ? p.endedAt.toISOString() : null, endedBy: p.endedBy })),
    };
  }

  private async visibleIn(repo: HouseholdsRepository, ctx: RequestContext, id: string, action: string, forUpdate: boolean): Promise<HouseholdRow> {
    return visibleOr404(ctx, await repo.findScoped(scopeOf(ctx), id, forUpdate), { action, resourceType: 'household', resourceId: id, field: 'params.id' });
  }
}
