/**
 * Per-account lockout of sign-in with back-off: after `threshold` failed attempts for one username, that username
 * is locked for `baseSeconds`, and each further failure after a lock doubles the time (up to `maxSeconds`). Kept
 * by the username as typed (lower-cased), whether or not such an account exists — so the lockout answer reveals
 * nothing about which accounts exist. A success clears the count. Times come from the application clock.
 *
 * Held in memory: one Bangfu process serves one database (the data directory lock), and a restart forgetting
 * locks is acceptable next to the per-IP limit that stays in force.
 */
import type { Clock } from '../../jobs/clock.ts';

export interface LockoutPolicy {
  readonly threshold: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
  /** A username with no failure for this long starts afresh. */
  readonly forgetAfterSeconds: number;
  /** At most this many usernames are tracked (oldest unlocked ones are dropped first). */
  readonly maxTracked: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 5, baseSeconds: 60, maxSeconds: 3600, forgetAfterSeconds: 24 * 3600, maxTracked: 50_000 };

interface Entry {
  failures: number;
  locks: number;
  lockedUntil: number;
  lastFailure: number;
}

export class LoginLockout {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  private static key(username: string): string {
    return username.trim().toLowerCase();
  }

  private live(username: string, now: number): Entry | undefined {
    const key = LoginLockout.key(username);
    const e = this.entries.get(key);
    if (e && now - e.lastFailure > this.policy.forgetAfterSeconds * 1000 && now >= e.lockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Seconds the username stays locked (0 when it may try). */
  lockedFor(username: string): number {
    const now = this.clock.now().getTime();
    const e = this.live(username, now);
    return e && e.lockedUntil > now ? Math.ceil((e.lockedUntil - now) / 1000) : 0;
  }

  /** Records a failed attempt; locks the username once the threshold is reached (longer with every lock). */
  failure(username: string): void {
    const now = this.clock.now().getTime();
    const key = LoginLockout.key(username);
    const e = this.live(username, now) ?? { failures: 0, locks: 0, lockedUntil: 0, lastFailure: now };
    e.failures += 1;
    e.lastFailure = now;
    if (e.failures >= this.policy.threshold) {
      const seconds = Math.min(this.policy.maxSeconds, this.policy.baseSeconds * 2 ** e.locks);
      e.locks += 1;
      e.lockedUntil = now + seconds * 1000;
    }
    this.entries.delete(key);
    this.entries.set(key, e); // re-inserted: the map's order is the order of last failure
    this.prune(now);
  }

  success(username: string): void {
    this.entries.delete(LoginLockout.key(username));
  }

  private prune(now: number): void {
    if (this.entries.size <= this.policy.maxTracked) return;
    for (const [key, e] of this.entries) {
      if (this.entries.size <= this.policy.maxTracked) break;
      if (e.lockedUntil <= now) this.entries.delete(key);
    }
  }
}
