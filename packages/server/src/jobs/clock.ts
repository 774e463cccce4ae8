/**
 * The one clock of the application. `createServices` makes one `SwitchableClock` and hands it to every module
 * (every service that needs the time, imports included) as a constructor parameter `clock`; they ask it for "now" and for
 * today's civil date in China (Asia/Shanghai, UTC+8 without daylight saving), so a test fixes one object and every
 * "today" agrees.
 */
const CHINA_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export const SERVICE_TIME_ZONE = 'Asia/Shanghai';

/** The civil date in China (YYYY-MM-DD) of an instant: the one formatter, for stored instants shown as dates. */
export function chinaDate(at: Date): string {
  return CHINA_DATE.format(at);
}

export interface Clock {
  now(): Date;
  /** Today's civil date in China (YYYY-MM-DD). */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => CHINA_DATE.format(new Date()),
};

/** A clock that can be set (tests, the year walk, what-if runs). */
export class FixedClock implements Clock {
  private at: Date;

  constructor(at: Date | string) {
    this.at = FixedClock.parse(at);
  }

  /** A bare `YYYY-MM-DD` means 09:00 on that day in China. */
  private static parse(at: Date | string): Date {
    if (at instanceof Date) return new Date(at.getTime());
    return /^\d{4}-\d{2}-\d{2}$/.test(at) ? new Date(`${at}T09:00:00+08:00`) : new Date(at);
  }

  set(at: Date | string): void {
    this.at = FixedClock.parse(at);
  }

  now(): Date {
    return new Date(this.at.getTime());
  }

  today(): string {
    return CHINA_DATE.format(this.at);
  }
}

/**
 * A clock whose source can be swapped at run time: the composition root holds one (`services.clock`) and hands
 * it to every service as `clock`; tests set it.
 */
export class SwitchableClock implements Clock {
  constructor(private source: Clock = systemClock) {}

  use(source: Clock): void {
    this.source = source;
  }

  /** A fixed "now" (a bare `YYYY-MM-DD` means 09:00 that day in China); `null` returns to the system clock. */
  set(at: Date | string | null): void {
    this.source = at === null ? systemClock : new FixedClock(at);
  }

  now(): Date {
    return this.source.now();
  }

  today(): string {
    return this.source.today();
  }
}
