import type { RequestContext } from '../../http/context.ts';
import { scopeOf } from '../../http/context.ts';
import type { AuditQuery, AuditRepository, AuditRow } from './audit.repository.ts';

export type AuditOutcome = 'ok' | 'denied' | 'error';

/** Writes and reads the append-only audit trail. */
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async record(
    ctx: RequestContext,
    entry: {
      action: string;
      outcome: AuditOutcome;
      resourceType?: string | undefined;
      resourceId?: string | undefined;
      jurisdictionCode?: string | undefined;
      reason?: string | undefined;
      detail?: Record<string, unknown> | undefined;
      username?: string | undefined;
    },
  ): Promise<void> {
    await this.repo.insert({
      userId: ctx.actor?.userId ?? null,
      username: ctx.actor?.username ?? entry.username ?? null,
      role: ctx.actor?.role ?? null,
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ?? null,
      jurisdictionCode: entry.jurisdictionCode ?? ctx.actor?.jurisdictionCode ?? null,
      ip: ctx.ip,
      reason: entry.reason ?? null,
      outcome: entry.outcome,
      detail: entry.detail ?? null,
    });
  }

  list(ctx: RequestContext, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
    return this.repo.list(scopeOf(ctx), q);
  }
}
