import { AppError } from '../../errors/app-error.ts';
import { NATION_CODE, ancestorCodes, covers, isDivisionCode, levelOf } from '../../access/scope.ts';
import type { RequestContext } from '../../http/context.ts';
import { scopeOf } from '../../http/context.ts';
import type { DivisionRow, OfficeRow, OrgRepository } from './org.repository.ts';

/** The org slice's public read for other slices (they import it from here, never from the repository). */
export { officesServing } from './org.repository.ts';

export interface Jurisdiction {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

function toJurisdiction(d: DivisionRow): Jurisdiction {
  return { code: d.code, name: d.name, level: d.level, parentCode: d.parentCode };
}

export class OrgService {
  constructor(private readonly repo: OrgRepository) {}

  private async visibleDivision(ctx: RequestContext, code: string): Promise<DivisionRow> {
    if (!isDivisionCode(code)) {
      throw new AppError('VALIDATION_FAILED', { field: 'params.code', params: { detail: 'code: 12 digits / 12 位区划代码' } });
    }
    scopeOf(ctx).assertCovers(code);
    const d = await this.repo.division(code);
    if (!d) throw new AppError('NOT_FOUND', { field: 'params.code' });
    return d;
  }

  /** A jurisdiction with its path from the user's own jurisdiction down to it. */
  async jurisdiction(ctx: RequestContext, code: string): Promise<Jurisdiction & { path: Jurisdiction[] }> {
    const d = await this.visibleDivision(ctx, code);
    const root = ctx.actor?.jurisdictionCode ?? code;
    const chain = ancestorCodes(code).filter((c) => covers(root, c));
    const rows = await this.repo.divisions(chain);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const path = chain.map((c) => byCode.get(c)).filter((r): r is DivisionRow => r !== undefined);
    return { ...toJurisdiction(d), path: path.map(toJurisdiction) };
  }

  /** The signed-in user's own jurisdiction (no scope check: it is theirs by definition). */
  async ownJurisdiction(code: string): Promise<Jurisdiction | undefined> {
    const d = await this.repo.division(code);
    return d ? toJurisdiction(d) : undefined;
  }

  async children(ctx: RequestContext, code: string): Promise<Jurisdiction[]> {
    await this.visibleDivision(ctx, code);
    return (await this.repo.children(code)).map(toJurisdiction);
  }

  /**
   * Public reference data (GB/T 2260 and the statistical division codes): the children of `parent` (the whole
   * country's provinces when absent), for a citizen choosing a residence community before having an account. No
   * scope: division names and codes are published by the state, and nothing about persons is in them.
   */
  async publicChildren(parent: string | undefined): Promise<Jurisdiction[]> {
    const code = parent ?? NATION_CODE;
    if (parent !== undefined && !(await this.repo.division(parent))) throw new AppError('NOT_FOUND', { field: 'querystring.parent' });
    return (await this.repo.children(code)).map(toJurisdiction);
  }

  async offices(ctx: RequestContext, jurisdiction: string | undefined): Promise<OfficeRow[]> {
    const scope = scopeOf(ctx);
    return this.repo.offices(scope, scope.narrow(jurisdiction));
  }

  async dashboard(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const d = await this.repo.division(within);
    if (!d) throw new AppError('NOT_FOUND', { field: 'querystring.jurisdiction' });
    const counts = await this.repo.counts(scope, within);
    const { marks, ...rest } = counts;
    return { jurisdiction: { ...toJurisdiction(d), level: d.level || levelOf(d.code) }, counts: rest, marks };
  }
}
