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
    // The entry of a refused request quotes what was sent (a path parameter, a username): it is made storable
    // here, so the record of a refusal cannot fail on the very text that was refused.
    await this.repo.insert({
      userId: ctx.actor?.userId ?? null,
      username: storable(ctx.actor?.username ?? entry.username ?? null),
      role: ctx.actor?.role ?? null,
      action: storable(entry.action),
      resourceType: storable(entry.resourceType ?? null),
      resourceId: storable(entry.resourceId ?? null),
      jurisdictionCode: storable(entry.jurisdictionCode ?? ctx.actor?.jurisdictionCode ?? null),
      ip: ctx.ip,
      reason: storable(entry.reason ?? null),
      outcome: entry.outcome,
      detail: entry.detail ? storableDeep(entry.detail) : null,
    });
  }

  list(ctx: RequestContext, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
    return this.repo.list(scopeOf(ctx), q);
  }
}

const MAX_AUDIT_TEXT = 2000;

/** Text PostgreSQL can store: NUL and lone surrogates become U+FFFD; cut to a bounded length. */
export function storable<T extends string | null>(text: T): T {
  if (text === null) return text;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000\p{Cs}]/gu, '\ufffd').slice(0, MAX_AUDIT_TEXT) as T;
}

function storableDeep(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return storable(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [storable(k), walk(x)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
