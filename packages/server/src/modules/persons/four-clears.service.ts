/**
 * Four clears (四清): recording a clear on a date, the staleness setting per jurisdiction, and the summary per
 * child jurisdiction (docs/person-file.md, "Four clears").
 */
import type { Clear, FactSource, TPersonFile } from '../../contract/persons.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import { requireActor, scopeOf } from '../../http/context.ts';
import { DEFAULT_STALE_AFTER_DAYS, fourClearsSettingKey, summaryItem, type ClearCounts } from './four-clears.ts';
import { issue, invalid } from './person-input.ts';
import { changeOf, minusDays, withClears } from './person-file.ts';
import type { PersonsCore } from './persons.core.ts';
import type { PersonInsert } from './persons.repository.ts';

export interface FactBody {
  clear: Clear;
  on: string;
  source: FactSource;
  skills?: { name: string; level?: string | undefined }[] | undefined;
  intention?: string | null | undefined;
  serviceNeeds?: string[] | undefined;
  note?: string | undefined;
}

export class FourClearsService {
  constructor(private readonly core: PersonsCore) {}

  /** The staleness that applies in a jurisdiction (its own setting, else the nearest ancestor's, else the default). */
  staleAfterDays(code?: string): Promise<number> {
    return this.core.staleAfterDays(code);
  }

  /** Records one of the four clears as gathered on a date, with the fact itself where it has one. */
  async recordFact(ctx: RequestContext, id: string, body: FactBody): Promise<TPersonFile> {
    const actor = requireActor(ctx);
    const today = this.core.today();
    if (body.on > today) throw invalid([issue('body.on', `日期 ${body.on} 晚于今天`, `${body.on} is in the future`)]);
    const row = await this.core.repo.transaction(async (repo) => {
      const before = await this.core.visibleIn(repo, ctx, id, 'person.fact', true);
      const patch: Partial<PersonInsert> = { updatedBy: actor.userId, clears: withClears(before.clears, [body.clear], { on: body.on, source: body.source, by: actor.userId }) };
      if (body.skills !== undefined) patch.skills = body.skills;
      if (body.intention !== undefined) patch.intention = body.intention;
      if (body.serviceNeeds !== undefined) patch.serviceNeeds = body.serviceNeeds;
      const after = await repo.update(id, before.version, patch);
      if (!after) throw new AppError('STALE_VERSION', { params: { current: '?', given: String(before.version) } });
      await this.core.recordEvent(repo, after, actor, 'fact_recorded', { clear: body.clear, on: body.on, ...changeOf(before, after) }, { source: body.source, reason: body.note ?? null });
      return after;
    });
    ctx.audit = { action: 'person.fact', resourceType: 'person', resourceId: id, jurisdictionCode: row.jurisdictionCode, detail: { clear: body.clear } };
    return this.core.currentFile(row);
  }

  async settings(ctx: RequestContext, jurisdiction: string | undefined): Promise<{ staleAfterDays: number; jurisdiction: string; setAt: string | null }> {
    const within = scopeOf(ctx).narrow(jurisdiction);
    const { days, setAt } = await this.core.clearsRepo.staleAfterDaysAt(within);
    return { staleAfterDays: days ?? DEFAULT_STALE_AFTER_DAYS, jurisdiction: within, setAt };
  }

  /**
   * Sets the staleness of a jurisdiction (default: the user's own) for it and everything below that has no setting
   * of its own; only within the user's subtree, so a city supervisor never changes the nation's (OUT_OF_SCOPE).
   */
  async setStaleAfterDays(ctx: RequestContext, days: number, jurisdiction: string | undefined): Promise<{ staleAfterDays: number; jurisdiction: string; setAt: string }> {
    const scope = scopeOf(ctx);
    const code = jurisdiction ?? requireActor(ctx).jurisdictionCode;
    const resource = { action: 'settings.four_clears', resourceType: 'setting', resourceId: fourClearsSettingKey(code), jurisdictionCode: code };
    if (!scope.covers(code)) {
      ctx.audit = { ...resource, denied: true, detail: { reason: 'out_of_scope' } };
      throw new AppError('OUT_OF_SCOPE', { params: { code }, field: 'body.jurisdiction' });
    }
    const before = await this.core.staleAfterDays(code);
    await this.core.clearsRepo.putSetting(fourClearsSettingKey(code), days);
    ctx.audit = { ...resource, detail: { from: before, to: days } };
    return { staleAfterDays: days, jurisdiction: code, setAt: code };
  }

  async summary(ctx: RequestContext, jurisdiction: string | undefined) {
    const within = scopeOf(ctx).narrow(jurisdiction);
    const today = this.core.today();
    const stale = await this.core.staleAfterDays(within);
    const children = await this.core.clearsRepo.childDivisions(within);
    const names = await this.core.repo.divisionNames([within]);
    const rows = children.length > 0 ? children : [{ code: within, name: names.get(within) ?? within }];
    // Each child is judged by the staleness that applies there (its own setting may differ from `within`'s);
    // one count per distinct value, usually one. Settings further down show when drilling into the child.
    const staleOf = new Map(await Promise.all(rows.map(async (r) => [r.code, await this.core.staleAfterDays(r.code)] as const)));
    const countsBy = new Map<number, ClearCounts[]>();
    for (const days of new Set(staleOf.values())) countsBy.set(days, await this.core.clearsRepo.fourClearsCounts(within, minusDays(today, days)));
    return {
      jurisdiction: { code: within, name: names.get(within) ?? within },
      staleAfterDays: stale,
      asOf: today,
      items: rows.map((child) => summaryItem(child, countsBy.get(staleOf.get(child.code) ?? stale))),
    };
  }
}
