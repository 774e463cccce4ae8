/**
 * Who sees a run or a finding, through the server's one visible-or-404 rule (`access/visible.ts`): a refused read
 * answers 404 (existence is not revealed) and is audited as a refusal with its reason (`out_of_scope`, or
 * `not_own_run` for a partner's read of another uploader's run).
 */
import { can } from '../../access/roles.ts';
import { lookupOf, visibleOr404 } from '../../access/visible.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import type { ComparisonRepository, FindingWithPerson, RunRow } from './comparison.repository.ts';

/** The user whose runs only the caller sees (partners: comparison.runs without comparison.read), or null: all. */
export function ownRunsOnly(ctx: RequestContext): string | null {
  const actor = requireActor(ctx);
  return can(actor.role, 'comparison.read') ? null : actor.userId;
}

/**
 * Staff with comparison.read see every run of their subtree; others (partners) only the runs they uploaded — their
 * progress, counts and rejected rows, never findings.
 */
export async function visibleRun(ctx: RequestContext, repo: ComparisonRepository, id: string, action: string): Promise<RunRow> {
  const scope = scopeOf(ctx);
  const own = ownRunsOnly(ctx);
  const found = lookupOf(await repo.run(id), (r) => (!scope.covers(r.jurisdictionCode) ? false : own === null || r.createdBy === own ? true : 'not_own_run'));
  return visibleOr404(ctx, found, { action, resourceType: 'comparison_run', resourceId: id, field: 'params.id' });
}

export async function visibleFinding(ctx: RequestContext, repo: ComparisonRepository, id: string, action: string): Promise<FindingWithPerson> {
  const scope = scopeOf(ctx);
  const found = lookupOf(await repo.finding(id), (f) => scope.covers(f.jurisdictionCode));
  return visibleOr404(ctx, found, { action, resourceType: 'comparison_finding', resourceId: id, field: 'params.id' });
}
