/**
 * Who sees a run or a finding: the one visible-or-404 rule of the slice. A refused read answers 404 (existence is
 * not revealed) and is audited as a refusal with its reason, as out-of-scope persons are.
 */
import { can } from '../../access/roles.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { ComparisonRepository, FindingWithPerson, RunRow } from './comparison.repository.ts';

type Refusal = 'out_of_scope' | 'not_own_run';

/** `row` when `refusal(row)` is null; otherwise 404, audited (`action`, denied, the reason) when the row exists. */
export function visibleOr404<T extends { id: string; jurisdictionCode: string }>(ctx: RequestContext, row: T | undefined, action: string, resourceType: string, refusal: (row: T) => Refusal | null): T {
  const reason = row ? refusal(row) : null;
  if (row && reason === null) return row;
  if (row) ctx.audit = { action, resourceType, resourceId: row.id, jurisdictionCode: row.jurisdictionCode, denied: true, detail: { reason } };
  throw new AppError('NOT_FOUND', { field: 'params.id' });
}

/** The user whose runs only the caller sees (partners: comparison.runs without comparison.read), or null: all. */
export function ownRunsOnly(ctx: RequestContext): string | null {
  const actor = requireActor(ctx);
  return can(actor.role, 'comparison.read') ? null : actor.userId;
}

/**
 * Staff with comparison.read see every run of their subtree; others (partners) only the runs they uploaded — their
 * progress, counts and rejected rows, never findings.
 */
export function visibleRun(ctx: RequestContext, run: RunRow | undefined, action: string): RunRow {
  const scope = scopeOf(ctx);
  const seen = (r: RunRow) => {
    const own = ownRunsOnly(ctx);
    return own === null || r.createdBy === own;
  };
  return visibleOr404(ctx, run, action, 'comparison_run', (r) => (!scope.covers(r.jurisdictionCode) ? 'out_of_scope' : seen(r) ? null : 'not_own_run'));
}

export async function visibleFinding(ctx: RequestContext, repo: ComparisonRepository, id: string, action: string): Promise<FindingWithPerson> {
  const scope = scopeOf(ctx);
  return visibleOr404(ctx, await repo.finding(id), action, 'comparison_finding', (f) => (scope.covers(f.jurisdictionCode) ? null : 'out_of_scope'));
}
