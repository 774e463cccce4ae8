import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '../../access/roles.ts';
import { isDivisionCode } from '../../access/scope.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, RequestContext } from '../../http/context.ts';
import { requireActor } from '../../http/context.ts';
import { hashPassword, isStrongEnough, verifyPassword } from '../../security/passwords.ts';
import type { AuthRepository, UserRow } from './auth.repository.ts';
import { systemClock, type Clock } from '../../jobs/clock.ts';
import { LoginLockout } from './login-lockout.ts';

export const SESSION_COOKIE = 'bangfu_session';

// A fixed hash verified when the username is unknown, so timing does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AuthService {
  private readonly lockout: LoginLockout;

  constructor(
    private readonly repo: AuthRepository,
    private readonly sessionHours: number,
    clock: Clock = systemClock,
  ) {
    this.lockout = new LoginLockout(clock);
  }

  async login(
    ctx: RequestContext,
    username: string,
    password: string,
  ): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
    // A locked username is refused before any lookup: the same answer whether or not the account exists.
    const locked = this.lockout.lockedFor(username);
    if (locked > 0) {
      ctx.audit = { action: 'auth.login', detail: { username, reason: 'locked' }, denied: true };
      throw new AppError('LOGIN_LOCKED', { params: { seconds: String(locked) } });
    }
    const user = await this.repo.findUserByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || !user.active) {
      this.lockout.failure(username);
      ctx.audit = { action: 'auth.login', detail: { username }, denied: true };
      throw new AppError('LOGIN_FAILED');
    }
    this.lockout.success(username);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const sessionId = sha256(token);
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000);
    await this.repo.createSession({
      id: sessionId,
      userId: user.id,
      csrfToken,
      ip: ctx.ip,
      userAgent: ctx.userAgent ?? null,
      expiresAt,
    });
    const actor = toActor(user, sessionId, csrfToken);
    ctx.actor = actor;
    ctx.audit = { action: 'auth.login', resourceType: 'user', resourceId: user.id };
    return { token, actor, expiresAt };
  }

  /** Resolves a session cookie to its actor (undefined when absent, unknown or expired). */
  async resolve(token: string | undefined): Promise<Actor | undefined> {
    if (!token) return undefined;
    const found = await this.repo.findLiveSession(sha256(token));
    return found ? toActor(found.user, found.sessionId, found.csrfToken) : undefined;
  }

  async logout(ctx: RequestContext): Promise<void> {
    const actor = requireActor(ctx);
    ctx.audit = { action: 'auth.logout', resourceType: 'user', resourceId: actor.userId };
    await this.repo.deleteSession(actor.sessionId);
  }

  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
    const actor = requireActor(ctx);
    ctx.audit = { action: 'auth.password', resourceType: 'user', resourceId: actor.userId };
    const user = await this.repo.findUserById(actor.userId);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new AppError('PASSWORD_WRONG', { field: 'body.currentPassword' });
    }
    if (!isStrongEnough(newPassword)) throw new AppError('PASSWORD_TOO_WEAK', { field: 'body.newPassword' });
    await this.repo.updatePassword(user.id, await hashPassword(newPassword));
    await this.repo.deleteOtherSessions(user.id, actor.sessionId);
  }

  /** `bangfu user add` */
  async addUser(input: {
    username: string;
    password: string;
    role: string;
    jurisdictionCode: string;
    displayName?: string | undefined;
    personId?: string | undefined;
  }): Promise<UserRow> {
    if (!/^[a-zA-Z0-9._-]{3,64}$/.test(input.username)) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'username',
        params: { detail: 'username: 3–64 letters, digits, . _ -' },
      });
    }
    if (!isRole(input.role)) {
      throw new AppError('VALIDATION_FAILED', { field: 'role', params: { detail: `role must be one of the roles in CODES.md, got ${input.role}` } });
    }
    if (!isDivisionCode(input.jurisdictionCode) || !(await this.repo.divisionExists(input.jurisdictionCode))) {
      throw new AppError('VALIDATION_FAILED', {
        field: 'jurisdiction',
        params: { detail: `unknown division code ${input.jurisdictionCode}` },
      });
    }
    if (!isStrongEnough(input.password)) throw new AppError('PASSWORD_TOO_WEAK', { field: 'password' });
    if (await this.repo.findUserByUsername(input.username)) {
      throw new AppError('CONFLICT', { field: 'username', params: { detail: `username ${input.username} exists` } });
    }
    return this.repo.insertUser({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName ?? input.username,
      role: input.role as Role,
      jurisdictionCode: input.jurisdictionCode,
      personId: input.personId ?? null,
    });
  }

  /** `bangfu user passwd` */
  async setPassword(username: string, password: string): Promise<void> {
    const user = await this.repo.findUserByUsername(username);
    if (!user) throw new AppError('NOT_FOUND', { field: 'username' });
    if (!isStrongEnough(password)) throw new AppError('PASSWORD_TOO_WEAK', { field: 'password' });
    await this.repo.updatePassword(user.id, await hashPassword(password));
    await this.repo.deleteOtherSessions(user.id, null);
  }
}

function toActor(user: UserRow, sessionId: string, csrfToken: string): Actor {
  if (!isRole(user.role)) throw new Error(`user ${user.username} has unknown role ${user.role}`);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    jurisdictionCode: user.jurisdictionCode,
    personId: user.personId,
    sessionId,
    csrfToken,
  };
}
