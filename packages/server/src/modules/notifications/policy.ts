/**
 * Delivery policy as data: quiet hours, frequency cap, retries and lease, each with where the number comes from.
 * None of these is set by the seed documents; they are project defaults (issue 15) an office may change here.
 * The functions are pure: "now" is a parameter (the worker passes the application clock's).
 */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

export interface DeliveryPolicy {
  /** No SMS from `start` to `end` o'clock, China time (Asia/Shanghai), unless the message is urgent. */
  readonly quietHours: Sourced<{ readonly start: number; readonly end: number }>;
  /** SMS a person receives per China day at most (urgent messages are not counted against it nor held by it). */
  readonly maxSmsPerPersonPerDay: Sourced<number>;
  /** Attempts before a message is `failed`. */
  readonly maxAttempts: Sourced<number>;
  /** Minutes before retry n (1-based); the last value repeats. */
  readonly backoffMinutes: Sourced<readonly number[]>;
  /** Seconds a worker holds a claimed message; after that another worker may take it over. */
  readonly leaseSeconds: Sourced<number>;
  /** Hour (China time) from which a caseworker's daily digest of reminders is written. */
  readonly digestHour: Sourced<number>;
}

const PROJECT_DEFAULT = 'project_default（issue 15；种子文件未规定，经办机构可调整）';

export const DELIVERY_POLICY: DeliveryPolicy = {
  quietHours: { value: { start: 21, end: 8 }, source: `${PROJECT_DEFAULT}：21:00–08:00 不发送短信，紧急消息除外` },
  maxSmsPerPersonPerDay: { value: 3, source: PROJECT_DEFAULT },
  maxAttempts: { value: 5, source: PROJECT_DEFAULT },
  backoffMinutes: { value: [1, 4, 16, 64], source: PROJECT_DEFAULT },
  leaseSeconds: { value: 60, source: PROJECT_DEFAULT },
  digestHour: { value: 8, source: PROJECT_DEFAULT },
};

const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** Hour of the day in China (UTC+8, no daylight saving). */
export function chinaHour(at: Date): number {
  return Math.floor(((at.getTime() + CHINA_OFFSET_MS) % 86_400_000) / HOUR_MS);
}

export function inQuietHours(at: Date, policy: DeliveryPolicy = DELIVERY_POLICY): boolean {
  const { start, end } = policy.quietHours.value;
  const h = chinaHour(at);
  return start > end ? h >= start || h < end : h >= start && h < end;
}

/** The instant quiet hours end after `at` (the next `end` o'clock, China time). */
export function quietHoursEnd(at: Date, policy: DeliveryPolicy = DELIVERY_POLICY): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  let target = dayStart + policy.quietHours.value.end * HOUR_MS;
  if (target <= local) target += 86_400_000;
  return new Date(target - CHINA_OFFSET_MS);
}

/** The start of the next China day after `at` (where a capped message waits). */
export function nextChinaDay(at: Date, hour = 0): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const next = (Math.floor(local / 86_400_000) + 1) * 86_400_000 + hour * HOUR_MS;
  return new Date(next - CHINA_OFFSET_MS);
}

/** The start of the China day of `at`. */
export function chinaDayStart(at: Date): Date {
  const local = at.getTime() + CHINA_OFFSET_MS;
  return new Date(Math.floor(local / 86_400_000) * 86_400_000 - CHINA_OFFSET_MS);
}

export function retryDelayMs(attempt: number, policy: DeliveryPolicy = DELIVERY_POLICY): number {
  const steps = policy.backoffMinutes.value;
  const minutes = steps[Math.min(Math.max(attempt, 1), steps.length) - 1] ?? 60;
  return minutes * 60_000;
}
