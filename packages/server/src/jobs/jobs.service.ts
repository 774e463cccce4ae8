/**
 * The nightly recomputation as a service: run it now (operators), list runs with progress, and start the right
 * scheduler for the database (pg-boss on PostgreSQL, the in-process adapter on PGlite).
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { PackRegistry } from '@bangfu/rules';
import type { DbHandle } from '../db/client.ts';
import { jobRuns } from '../db/schema-services.ts';
import { AppError } from '../errors/app-error.ts';
import { requireActor, type RequestContext } from '../http/context.ts';
import type { Clock } from './clock.ts';
import { rowsOf } from '../db/executor.ts';
import { ITEMS_VERSION, ITEMS_VERSION_SETTING } from '../modules/worklist/items.ts';
import { NIGHTLY_JOB, runRecompute, type RecomputeResult } from './recompute.ts';
import { InProcessScheduler, PgBossScheduler, type JobScheduler } from './scheduler.ts';

export interface RunView {
  id: string;
  job: string;
  trigger: string;
  asOf: string;
  state: string;
  total: number;
  done: number;
  percent: number;
  etaSeconds: number | null;
  stats: unknown;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

function view(r: typeof jobRuns.$inferSelect): RunView {
  return { ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null };
}

export class JobsService {
  private current: Promise<RecomputeResult> | undefined;

  constructor(
    private readonly handle: DbHandle,
    private readonly registry: PackRegistry,
    private readonly clock: Clock,
    private readonly databaseUrl: string | undefined,
  ) {}

  /** One recomputation at a time per process; pg-boss keeps it to one across servers for the cron. */
  recompute(trigger: 'cron' | 'manual' | 'in-process' | 'startup' | 'test', asOf: string = this.clock.today()): Promise<RecomputeResult> {
    if (this.current) return this.current;
    const p = runRecompute(this.handle, this.registry, { asOf, trigger }).finally(() => {
      this.current = undefined;
    });
    this.current = p;
    return p;
  }

  async start(ctx: RequestContext, asOf: string | undefined, wait: boolean): Promise<RunView> {
    const actor = requireActor(ctx);
    const day = asOf ?? this.clock.today();
    if (day > this.clock.today()) {
      throw new AppError('VALIDATION_FAILED', { field: 'body.asOf', params: { detail: 'body.asOf: must not be in the future / 不能晚于今天' }, issues: [{ field: 'body.asOf', messageZh: '不能晚于今天', messageEn: 'must not be in the future' }] });
    }
    const running = this.recompute('manual', day);
    ctx.audit = { action: 'jobs.service_state.run', resourceType: 'job', resourceId: NIGHTLY_JOB, jurisdictionCode: actor.jurisdictionCode, detail: { asOf: day } };
    if (wait) {
      const r = await running;
      return (await this.run(r.runId))!;
    }
    running.catch(() => undefined);
    // Let the run register itself, then answer with its row.
    for (let i = 0; i < 50; i++) {
      const latest = (await this.runs(1))[0];
      if (latest && latest.asOf === day && latest.state === 'running') return latest;
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await running;
    return (await this.run(r.runId))!;
  }

  async run(id: string): Promise<RunView | undefined> {
    const rows = await this.handle.db.select().from(jobRuns).where(eq(jobRuns.id, id)).limit(1);
    return rows[0] ? view(rows[0]) : undefined;
  }

  async runs(limit = 20): Promise<RunView[]> {
    const rows = await this.handle.db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt)).limit(limit);
    return rows.map(view);
  }

  /**
   * After an upgrade that changed how worklist items are derived (or added them), registrants whose state does not
   * change would have no items until the night: recompute now (in the background when serving). Returns the started
   * run, or null when the items are current.
   */
  async rebuildItemsIfNeeded(): Promise<{ run: Promise<RecomputeResult> } | null> {
    const rows = await rowsOf<{ version: unknown; registrants: boolean }>(
      this.handle.db,
      sql`SELECT (SELECT value FROM app_settings WHERE key = ${ITEMS_VERSION_SETTING}) AS version, EXISTS (SELECT 1 FROM person_service_state) AS registrants`,
    );
    const r = rows[0];
    if (!r?.registrants || r.version === ITEMS_VERSION) return null;
    return { run: this.recompute('startup') };
  }

  /** The scheduler for this database (call `start()` when serving; tests and the CLI do not). */
  scheduler(): JobScheduler {
    const run = (trigger: 'cron' | 'in-process') => this.recompute(trigger);
    return this.databaseUrl ? new PgBossScheduler(this.databaseUrl, run) : new InProcessScheduler(this.clock, run);
  }
}
