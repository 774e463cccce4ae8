/**
 * The clock of the assistance, posts and referrals slices: "today" is the civil date in China. It is the
 * application's one clock (`src/jobs/clock.ts`), handed in by the composition root; tests set a fixed date so
 * working-day deadlines and terms are deterministic.
 */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface AssistanceClock {
  now(): Date;
  today(): string;
}

/**
 * The settable clock of these slices is the application's one clock (`src/jobs/clock.ts`): `set(at | null)`,
 * `now()`, `today()`. `createServices` hands the same instance to every module.
 */
export { SwitchableClock as SettableClock } from '../../jobs/clock.ts';

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function chinaDate(at: Date): string {
  return CHINA_DATE.format(at);
}
