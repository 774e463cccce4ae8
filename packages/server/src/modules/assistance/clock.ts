/**
 * The clock of the assistance, posts and referrals slices: "today" is the civil date in China. Structurally the
 * same as the daily-service clock (`now()`, `today()`), so the composition root may hand in a shared one; tests
 * set a fixed date so working-day deadlines and terms are deterministic.
 */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface AssistanceClock {
  now(): Date;
  today(): string;
}

export class SettableClock implements AssistanceClock {
  private fixed: Date | null = null;

  /** A bare `YYYY-MM-DD` means 09:00 that day in China; `null` returns to the system clock. */
  set(at: Date | string | null): void {
    this.fixed = at === null ? null : at instanceof Date ? new Date(at.getTime()) : /^\d{4}-\d{2}-\d{2}$/.test(at) ? new Date(`${at}T09:00:00+08:00`) : new Date(at);
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  today(): string {
    return CHINA_DATE.format(this.now());
  }
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function chinaDate(at: Date): string {
  return CHINA_DATE.format(at);
}
