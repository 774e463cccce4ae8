/**
 * The runner: the worker that executes runs one at a time (lease, read with progress, validate, match, findings),
 * resumes runs a dead process left, cancels, and sweeps files and rejected rows past retention. A run can be
 * cancelled, and resumed after a crash: findings are written in one transaction at the end of a run with
 * `ON CONFLICT DO NOTHING` on their unique key, so a re-run never duplicates and an interrupted run leaves none.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { maskIdNumber, type PackRegistry } from '@bangfu/rules';
import type { Clock } from '../../jobs/clock.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ComparisonRepository, NewFinding, NewRejected, RunRow } from './comparison.repository.ts';
import { DATASETS, isDatasetKind } from './datasets.ts';
import { ComparisonEngine, DuckDBHost } from './engine.ts';
import { decryptFile, ownerAlive, sweepLegacyFiles, sweepTempFiles, tempName } from './files.ts';
import { discoveryFindings, employerFindings, hardshipFindings, staleFindings, verificationFindings } from './findings.ts';
import type { ComparisonOptions } from './options.ts';
import { RegistryFacts } from './registry-facts.ts';
import { visibleRun } from './visibility.ts';

export interface RunHooks {
  /** Called when a phase starts; a test throws here to simulate a crash. */
  onPhase?: (phase: string) => void | Promise<void>;
  onProgress?: (p: { phase: string; fraction: number; rowsRead: number; etaSeconds: number | null }) => void;
}

const LEASE_MS = 30_000;
const MAX_REJECTED_STORED = 100_000;
/** Lease owners (`host:pid:instance`) of the runners of this process that are started. */
const LIVE_OWNERS = new Set<string>();

/** Whether a run's lease owner is a process that is gone (see resumeInterrupted). */
export function leaseOwnerDead(owner: string, exclusive = false): boolean {
  // The embedded database is locked to one process: any owner not alive in this process is gone.
  if (exclusive) return !LIVE_OWNERS.has(owner);
  const [host, pid, instance] = owner.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  return !ownerAlive(Number(pid), instance, () => LIVE_OWNERS.has(owner));
}

function stateError(run: RunRow, zh: string, en: string): AppError {
  return new AppError('COMPARISON_STATE_INVALID', { params: { state: run.state, actionZh: zh, actionEn: en } });
}

function errorOf(e: unknown): { code: string; zh: string; en: string } {
  if (e instanceof AppError) return { code: e.code, zh: e.message_('zh-CN'), en: e.message_('en') };
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', zh: `内部错误：${msg}`, en: `internal error: ${msg}` };
}

export class ComparisonRunner {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private worker: Promise<void> | null = null;
  private stopped = false;
  private started: Promise<void> = Promise.resolve();
  private wake: NodeJS.Timeout | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private current: ComparisonEngine | null = null;
  private readonly duck: DuckDBHost;
  private readonly facts: RegistryFacts;

  constructor(
    private readonly repo: ComparisonRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    private readonly options: ComparisonOptions,
    private readonly clock: Clock,
    /** Recovers confirmations abandoned by a crash (the decisions' sweep), when the worker starts. */
    private readonly recoverApplying: () => Promise<unknown>,
  ) {
    this.duck = new DuckDBHost({ memoryLimit: options.memoryLimit, threads: options.threads });
    this.facts = new RegistryFacts(repo, cipher);
    LIVE_OWNERS.add(this.owner);
  }

  today(): string {
    return this.clock.today();
  }

  /** Executes a run (claiming it); a run already finished answers as it is. */
  async execute(runId: string, hooks: RunHooks = {}): Promise<RunRow> {
    const claimed = await this.repo.claim(runId, this.owner, LEASE_MS);
    if (!claimed) {
      const run = await this.repo.run(runId);
      if (!run) throw new AppError('NOT_FOUND', { field: 'params.id' });
      return run;
    }
    return this.executeClaimed(claimed, hooks);
  }

  /** Executes a run this runner holds the lease of. */
  private async executeClaimed(run: RunRow, hooks: RunHooks = {}): Promise<RunRow> {
    const kind = run.datasetKind;
    if (kind === 'registry') return this.executeRegistry(run, hooks);
    if (!isDatasetKind(kind)) throw new Error(`unknown dataset kind ${kind}`);
    const today = this.today();
    const engine = await ComparisonEngine.open(kind, today, this.duck);
    this.current = engine;
    const timings: Record<string, number> = {};
    let cancelled = false;
    let phaseStarted = performance.now();
    let phase = 'read';
    const started = performance.now();
    let lastProgress = { fraction: 0, rowsRead: 0, etaSeconds: null as number | null };
    const beat = setInterval(() => {
      void this.repo
        .renewLease(run.id, this.owner, LEASE_MS)
        .then(async (r) => {
          if (!r || r.cancelRequested) {
            cancelled = true;
            engine.interrupt();
          }
          await this.repo.updateRun(run.id, { phase, progress: lastProgress });
        })
        .catch(() => undefined);
    }, 1000);
    const enter = async (next: string) => {
      timings[phase] = Math.round(performance.now() - phaseStarted) / 1000;
      phase = next;
      phaseStarted = performance.now();
      if (cancelled) throw new Error('cancelled');
      await this.repo.updateRun(run.id, { phase: next, progress: lastProgress, timings });
      await hooks.onPhase?.(next);
    };
    const spec = DATASETS[kind];
    const verifies = spec.comparison.type === 'employment' || spec.comparison.type === 'deregister';
    let registryLoad: Promise<number> | null = null;
    try {
      let registrants = 0;
      if (verifies) {
        // Status verification needs the registrants: read out of PostgreSQL and decrypted on a second DuckDB
        // connection while the file is read (one query in one PostgreSQL process, see registrantsRange; the decryption
        // uses the core DuckDB leaves), or before the read with `registryFirst`.
        const loadStarted = performance.now();
        registryLoad = engine.loadRegistrants(this.facts.registrants(run.jurisdictionCode)).then((n) => {
          timings.registryLoad = Math.round(performance.now() - loadStarted) / 1000;
          return n;
        });
        registryLoad.catch(() => undefined); // awaited below (or in finally)
        if (this.options.registryFirst) {
          phase = 'registry';
          await hooks.onPhase?.('registry');
          registrants = await registryLoad;
          await enter('read');
        }
      }
      if (!verifies || !this.options.registryFirst) await hooks.onPhase?.('read');
      // A stored (encrypted) file is decrypted to a private temp file for DuckDB, deleted as soon as it is read.
      let readPath = run.filePath ?? '';
      let plain: string | null = null;
      let rowsRead: number;
      try {
        if (run.options?.encrypted === true) {
          const decryptStarted = performance.now();
          plain = tempName(this.options.workDir, 'read', 'plain');
          await decryptFile(this.cipher, readPath, plain);
          readPath = plain;
          timings.decrypt = Math.round(performance.now() - decryptStarted) / 1000;
        }
        const readStarted = performance.now();
        rowsRead = await engine.read(readPath, run.headers ?? [], run.mapping ?? {}, ({ fraction, rowsRead }) => {
          const elapsed = (performance.now() - readStarted) / 1000;
          const eta = fraction > 0.01 ? Math.round((elapsed * (1 - fraction)) / fraction) : null;
          lastProgress = { fraction: Math.round(fraction * 1000) / 1000, rowsRead, etaSeconds: eta };
          hooks.onProgress?.({ phase: 'read', ...lastProgress });
        });
      } finally {
        if (plain) await rm(plain, { force: true });
      }
      lastProgress = { fraction: 1, rowsRead, etaSeconds: 0 };
      hooks.onProgress?.({ phase: 'read', ...lastProgress });

      await enter('validate');
      const rejectedCount = await engine.validate();
      const rejected: NewRejected[] = [];
      for (let offset = 0; offset < Math.min(rejectedCount, MAX_REJECTED_STORED); offset += 5000) {
        for (const r of await engine.rejectedRows(offset, Math.min(5000, MAX_REJECTED_STORED - offset))) {
          rejected.push({ runId: run.id, rowNo: r.line, reasons: r.reasons, idMasked: r.idNumber ? maskIdNumber(r.idNumber) : null, rowEnc: this.cipher.encrypt(JSON.stringify(r.cells)) });
        }
      }

      let findings: NewFinding[] = [];
      let matches = 0;
      const c = spec.comparison;
      if (c.type === 'employment' || c.type === 'deregister') {
        if (!this.options.registryFirst) {
          await enter('registry');
          registrants = await registryLoad!;
        }
        await enter('match');
        matches = await engine.match();
        findings = verificationFindings(run, kind, await engine.verificationMatches(), today, this.registry);
      } else if (c.type === 'discovery') {
        await enter('match');
        const listed = await this.facts.listed(await engine.listedPersons());
        findings = discoveryFindings(run, kind, c.mark, listed.byBidx.values(), today, this.registry, (id) => this.cipher.encrypt(id));
        if (kind === 'dibao') {
          // Registrants in hardship who are not on the 低保 list: propose a referral to civil affairs (R7.4).
          const notOnList = { bidx: new Set(listed.byBidx.keys()), file: run.fileName ?? kind };
          findings.push(...hardshipFindings(run, await this.facts.hardshipCandidates(run.jurisdictionCode, today), today, this.registry, notOnList));
        }
        matches = listed.known;
        registrants = listed.known;
      } else {
        await enter('match');
        const employers = await engine.employers();
        const disabled = await this.repo.registry.disabledRegistrants(run.jurisdictionCode, today);
        findings = employerFindings(run, employers, disabled, today);
        registrants = disabled.length;
        matches = findings.length;
      }

      await enter('findings');
      // One transaction: a crash leaves no partial findings; a re-run inserts what is missing, nothing twice.
      const created = await this.repo.transaction(async (tx) => {
        await this.repo.insertRejected(tx, rejected);
        return this.repo.insertFindings(tx, findings);
      });
      await enter('done');
      const finished = await this.finish(run, {
        state: 'done',
        phase: 'done',
        rowsRead,
        rowsRejected: rejectedCount,
        rowsValid: rowsRead - rejectedCount,
        registrants,
        matches,
        findingsCreated: run.findingsCreated + created,
        timings: { ...timings, total: Math.round(performance.now() - started) / 1000 },
        progress: { fraction: 1, rowsRead, etaSeconds: 0 },
      });
      return finished;
    } catch (e) {
      const interrupted = cancelled || /interrupt/i.test((e as Error).message ?? '');
      if (interrupted) return this.finish(run, { state: 'cancelled', phase, timings });
      // A crash (thrown by a hook in tests, or the process dying) leaves the run running until its lease expires.
      if ((e as { simulatedCrash?: boolean }).simulatedCrash) {
        clearInterval(beat);
        throw e;
      }
      return this.finish(run, { state: 'failed', phase, error: errorOf(e), timings });
    } finally {
      clearInterval(beat);
      await registryLoad?.catch(() => undefined);
      await engine.close().catch(() => undefined);
      this.current = null;
    }
  }

  private async finish(run: RunRow, patch: Parameters<ComparisonRepository['updateRun']>[1]): Promise<RunRow> {
    await this.repo.updateRun(run.id, { ...patch, finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
    if (patch.state === 'done' || patch.state === 'failed' || patch.state === 'cancelled') {
      const owned = (run.options?.ownedFiles as string[] | undefined) ?? [];
      for (const f of owned) await rm(f, { force: true });
    }
    return (await this.repo.run(run.id))!;
  }

  private async executeRegistry(run: RunRow, hooks: RunHooks): Promise<RunRow> {
    const started = performance.now();
    try {
      await hooks.onPhase?.('match');
      const today = this.today();
      let findings: NewFinding[];
      if (run.options?.check === 'hardship') {
        findings = hardshipFindings(run, await this.facts.hardshipCandidates(run.jurisdictionCode, today), today, this.registry, null);
      } else {
        const months = Number(run.options?.months ?? this.options.staleMonths ?? 6);
        findings = staleFindings(run, await this.repo.registry.staleRegistrants(run.jurisdictionCode, today, months), months, today);
      }
      await hooks.onPhase?.('findings');
      const created = await this.repo.transaction((tx) => this.repo.insertFindings(tx, findings));
      return this.finish(run, { state: 'done', phase: 'done', registrants: findings.length, matches: findings.length, findingsCreated: run.findingsCreated + created, timings: { total: Math.round(performance.now() - started) / 1000 } });
    } catch (e) {
      if ((e as { simulatedCrash?: boolean }).simulatedCrash) throw e;
      return this.finish(run, { state: 'failed', error: errorOf(e) });
    }
  }

  /**
   * Start-up (the server's onReady, i.e. `serve`): temp files of dead processes are swept, runs interrupted by a
   * crash are resumed now — not when their lease runs out, nor when the next upload wakes the worker — abandoned
   * confirmations are recovered, and rejected-row data past its retention is deleted (then hourly).
   */
  start(): void {
    this.stopped = false;
    this.started = this.startUp().catch(() => undefined);
    this.housekeeping ??= setInterval(() => void this.applyRetention().catch(() => undefined), 3_600_000).unref();
  }

  private async startUp(): Promise<void> {
    // Resume first: on the embedded database every query waits its turn behind other work resumed at start (an
    // import's batches), so the interrupted run is claimed by the very first statement — issued while the server
    // starts, before imports resume — and not after a lookup, a release and a second lookup. The sweeps only
    // delete files of dead processes and files no running run reads, so a resumed run's files are safe from them.
    if (this.options.exclusiveDatabase === true) {
      const claimed = await this.repo.claimNext(this.owner, LEASE_MS, [...LIVE_OWNERS]);
      if (claimed) this.kick(claimed);
    }
    void this.recoverApplying().catch(() => undefined);
    await this.resumeInterrupted();
    await sweepTempFiles(this.options.workDir);
    await sweepLegacyFiles(this.options.workDir, await this.repo.liveFilePaths());
    await this.applyRetention();
  }

  /**
   * Runs left `running` by a process that died (kill -9, power loss): their lease is released and the worker
   * resumes them at once. A lease owner (`host:pid:instance`) is dead when it is of this host and its process is
   * gone, or is this process under another instance (a restarted container reuses the pid). Leases of other hosts
   * are left to run out; the worker wakes when they do. Answers the runs released.
   */
  async resumeInterrupted(): Promise<string[]> {
    const released = await this.releaseInterrupted();
    this.kick();
    return released;
  }

  /** Releases the leases of runs whose process died (see resumeInterrupted) without running them (`compare run`). */
  async releaseInterrupted(): Promise<string[]> {
    const released: string[] = [];
    for (const r of await this.repo.runningRuns()) {
      if (!r.leaseOwner || !leaseOwnerDead(r.leaseOwner, this.options.exclusiveDatabase === true)) continue;
      if (await this.repo.releaseLease(r.id, r.leaseOwner)) released.push(r.id);
    }
    return released;
  }

  /** Deletes rejected-row data of runs finished longer ago than the retention (default 30 days; 0 keeps it). */
  async applyRetention(): Promise<number> {
    const days = this.options.retentionDays ?? 30;
    if (days <= 0) return 0;
    return this.repo.purgeRejected(new Date(this.clock.now().getTime() - days * 86_400_000));
  }

  /** Wakes the worker (one run at a time); `claimed`, a run this runner already holds the lease of, goes first. */
  kick(claimed?: RunRow): void {
    if (this.worker || this.stopped) return;
    this.worker = (async () => {
      try {
        if (claimed) await this.executeClaimed(claimed).catch(() => undefined);
        for (;;) {
          if (this.stopped) return;
          const next = (await this.repo.resumable())[0];
          if (!next) return;
          await this.execute(next.id).catch(() => undefined);
        }
      } finally {
        this.worker = null;
        if (!this.stopped) void this.wakeAtLeaseEnd().catch(() => undefined);
      }
    })();
  }

  /** A run of another (possibly dead) process is resumed when its lease runs out, without waiting for an upload. */
  private async wakeAtLeaseEnd(): Promise<void> {
    const ends = (await this.repo.runningRuns()).filter((r) => r.leaseOwner !== this.owner && r.leaseUntil).map((r) => r.leaseUntil!.getTime());
    if (ends.length === 0 || this.stopped) return;
    if (this.wake) clearTimeout(this.wake);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.kick();
    }, Math.max(100, Math.min(...ends) - Date.now() + 100)).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    LIVE_OWNERS.delete(this.owner);
    if (this.wake) clearTimeout(this.wake);
    if (this.housekeeping) clearInterval(this.housekeeping);
    this.wake = null;
    this.housekeeping = null;
    this.current?.interrupt();
    await this.started;
    await this.worker?.catch(() => undefined);
    await this.duck.close();
  }

  /** Waits until the worker has nothing left (tests, CLI). */
  async idle(): Promise<void> {
    await this.started;
    while (this.worker) await this.worker.catch(() => undefined);
  }

  /** Cancels a queued or running run (no findings are written); refused reads answer 404 (see visibility.ts). */
  async cancel(ctx: RequestContext, id: string): Promise<RunRow> {
    const run = visibleRun(ctx, await this.repo.run(id), 'comparison.run.cancel');
    if (run.state === 'queued') {
      await this.finish(run, { state: 'cancelled', cancelRequested: true });
    } else if (run.state === 'running') {
      await this.repo.updateRun(run.id, { cancelRequested: true });
      // A running run of this process stops at its next heartbeat; one whose process died is cancelled now.
      if (!run.leaseUntil || run.leaseUntil.getTime() < Date.now()) await this.finish(run, { state: 'cancelled' });
    } else {
      throw stateError(run, '取消', 'cancel');
    }
    ctx.audit = { action: 'comparison.run.cancel', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode };
    return (await this.repo.run(run.id))!;
  }
}
