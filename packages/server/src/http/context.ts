import type { Role } from '../access/roles.ts';
import { Scope } from '../access/scope.ts';
import { AppError, type Lang } from '../errors/app-error.ts';

/** The signed-in user, as every service sees it. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly jurisdictionCode: string;
  readonly personId: string | null;
  readonly sessionId: string;
  readonly csrfToken: string;
}

/** Per-request facts passed from the HTTP layer to services (who, from where, in which language). */
export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly userAgent: string | undefined;
  readonly lang: Lang;
  actor: Actor | null;
  /** Filled by services for the audit entry written when the response is sent. */
  audit: AuditNote;
}

export interface AuditNote {
  action?: string;
  resourceType?: string;
  resourceId?: string;
  jurisdictionCode?: string;
  reason?: string;
  detail?: Record<string, unknown>;
  /** A refused access (out of scope) — audited even on reads. */
  denied?: boolean;
  /** A read of sensitive fields — audited even on GET. */
  sensitive?: boolean;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

export function scopeOf(ctx: RequestContext): Scope {
  return new Scope(requireActor(ctx));
}

/** Context for CLI and jobs: a system actor with national scope. */
export function systemContext(lang: Lang = 'zh-CN'): RequestContext {
  return {
    requestId: 'system',
    ip: 'local',
    userAgent: 'bangfu-cli',
    lang,
    actor: null,
    audit: {},
  };
}
