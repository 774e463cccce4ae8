/** Calendar dates as public employment offices see them: the civil date in China (UTC+8, no daylight saving). */

const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in China (YYYY-MM-DD). */
export function todayInChina(now: Date = new Date()): string {
  return CHINA_DATE.format(now);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
