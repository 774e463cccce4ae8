/** Day arithmetic of the assistance, posts and referrals slices; the clock itself is `src/jobs/clock.ts`. */
export { chinaDate } from '../../jobs/clock.ts';

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
