/**
 * The one "visible or 404" rule of the server. A row outside the caller's area answers exactly like a row that
 * does not exist (404 NOT_FOUND, so ids cannot be probed), but the refusal is audited as denied — the only trace
 * that someone asked for a file they may not see.
 */
import { AppError } from '../errors/app-error.ts';
import type { RequestContext } from '../http/context.ts';

/** A row read by id under a scope: there and visible, there but outside the caller's area, or not there. */
export type Lookup<T> =
  | { status: 'visible'; row: T }
  /** There but refused; `reason` is audited (default `out_of_scope`; e.g. `not_own_run` for a partner's run). */
  | { status: 'out_of_scope'; jurisdictionCode: string; reason?: string }
  | { status: 'absent' };

/**
 * Classifies a row read by id; `visible` is the scope's decision for it: true, false (out of scope), or the reason
 * of a refusal other than scope.
 */
export function lookupOf<T extends { jurisdictionCode: string }>(row: T | undefined, visible: (row: T) => boolean | string): Lookup<T> {
  if (!row) return { status: 'absent' };
  const decision = visible(row);
  if (decision === true) return { status: 'visible', row };
  const reason = decision === false ? 'out_of_scope' : decision;
  return { status: 'out_of_scope', jurisdictionCode: row.jurisdictionCode, reason };
}

export interface Refusal {
  /** Audit action of the attempted access (e.g. `person.view`). */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** Request field the 404 names (default none). */
  readonly field?: string | undefined;
}

/**
 * The row when visible; otherwise 404 NOT_FOUND. An out-of-scope row sets `ctx.audit` to a denied entry
 * (`detail.reason`, default `out_of_scope`); an absent one leaves the audit as it is (nothing was refused).
 */
export function visibleOr404<T>(ctx: RequestContext, found: Lookup<T>, refusal: Refusal): T {
  if (found.status === 'visible') return found.row;
  if (found.status === 'out_of_scope') {
    ctx.audit = {
      action: refusal.action,
      resourceType: refusal.resourceType,
      resourceId: refusal.resourceId,
      jurisdictionCode: found.jurisdictionCode,
      denied: true,
      detail: { reason: found.reason ?? 'out_of_scope' },
    };
  }
  throw new AppError('NOT_FOUND', refusal.field === undefined ? {} : { field: refusal.field });
}
