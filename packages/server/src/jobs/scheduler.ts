/**
 * Scheduling of the nightly recomputation: pg-boss on PostgreSQL (cron with `tz: 'Asia/Shanghai'`, one worker
 * across all servers), and on PGlite — an embedded, single-process database pg-boss cannot connect to — a small
 * in-process scheduler that fires at the same local time while the server runs.
 */
import PgBoss from 'pg-boss';
import { SERVICE_TIME_ZONE, type Clock } from './clock.ts';
import { serializeError } from '../http/log-redaction.ts';

export const NIGHTLY_QUEUE = 'service-state-nightly';
/** 01:30 every night, China time. */
export const NIGHTLY_CRON = '30 1 * * *';
const NIGHTLY_HOUR = 1;
const NIGHTLY_MINUTE = 30;

export interface JobScheduler {
  readonly kind: 'pg-boss' | 'in-process';
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type NightlyRunner = (trigger: 'cron' | 'in-process') => Promise<unknown>;

export class PgBossScheduler implements JobScheduler {
  readonly kind = 'pg-boss' as const;
  private boss: PgBoss | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly run: NightlyRunner,
  ) {}

  async start(): Promise<void> {
    const boss = new PgBoss({ connectionString: this.connectionString, application_name: 'bangfu-jobs' });
    boss.on('error', (e) => console.error('pg-boss:', serializeError(e)));
    await boss.start();
    await boss.createQueue(NIGHTLY_QUEUE);
    await boss.schedule(NIGHTLY_QUEUE, NIGHTLY_CRON, {}, { tz: SERVICE_TIME_ZONE, singletonKey: NIGHTLY_QUEUE });
    await boss.work(NIGHTLY_QUEUE, async () => {
      await this.run('cron');
    });
    this.boss = boss;
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true });
    this.boss = undefined;
  }
}

/** Milliseconds from `now` to the next 01:30 in China (UTC+8, no daylight saving). */
export function msUntilNextNightly(now: Date): number {
  const chinaMs = now.getTime() + 8 * 3_600_000;
  const day = Math.floor(chinaMs / 86_400_000);
  let target = day * 86_400_000 + (NIGHTLY_HOUR * 60 + NIGHTLY_MINUTE) * 60_000;
  if (target <= chinaMs) target += 86_400_000;
  return target - chinaMs;
}

export class InProcessScheduler implements JobScheduler {
  readonly kind = 'in-process' as const;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly run: NightlyRunner,
  ) {}

  async start(): Promise<void> {
    this.arm();
  }

  private arm(): void {
    this.timer = setTimeout(() => void this.fire(), msUntilNextNightly(this.clock.now()));
    this.timer.unref();
  }

  /** Runs the job (never two at once) and arms the next night. */
  async fire(): Promise<void> {
    if (!this.running) {
      this.running = true;
      try {
        await this.run('in-process');
      } catch (e) {
        console.error('nightly recomputation failed:', serializeError(e));
      } finally {
        this.running = false;
      }
    }
    if (this.timer) this.arm();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
