/**
 * The in-process import worker. A started job is `queued`; the worker claims it (`running`, with a lease renewed
 * by a heartbeat) → scan (counts rows; a broken file fails here, before anything is written) → batches of rows,
 * each validated and written in one transaction together with the job's progress → `done`. Cancel stops after the
 * current batch (a batch that races the cancel is rolled back). On shutdown the worker releases its lease; the next
 * server start resumes after the last committed row. Rows already on file are matched by the ID-number blind
 * index, so nothing is created twice. Also runs the daily retention purge.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkIdentity, type PackRegistry } from '@bangfu/rules';
import { can, isRole } from '../../access/roles.ts';
import { Scope } from '../../access/scope.ts';
import type { Clock } from '../../jobs/clock.ts';
import { type FieldCipher, normalizeIdNumber } from '../../security/field-cipher.ts';
import type { FieldKey, ImportKind } from './columns.ts';
import { realNow } from './import-job.ts';
import { type AcceptedRow, type ImportsRepository, JobNoLongerOwned, type JobRow, type PurgeResult, type RejectedRow } from './imports.repository.ts';
import { FileReadError, readRows, type CsvEncoding, type FileFormat, type SourceRow } from './read.ts';
import { divisionCodesOf, validateRow, type RowContext } from './validate.ts';

export interface WorkerOptions {
  /** Rows per transaction. */
  readonly batchSize: number;
  /** How long a claim on a running job holds without renewal (the heartbeat renews it every third of that). */
  readonly leaseMs: number;
  /** Days the rejected rows of an ended job are kept. */
  readonly retentionDays: number;
  /** On the embedded database this process is the only worker: it takes over jobs left running at once. */
  readonly embedded: boolean;
  /** Log sink for worker failures. */
  readonly log: (message: string, error?: unknown) => void;
}

export class ImportWorker {
  /** This process's identity as a worker (job leases). */
  private readonly owner = randomUUID();
  private loop: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private takeOverRunning = false;
  /** Re-check when another worker's lease lapses (its process may have died), and the daily purge. */
  private retryTimer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    private readonly repo: ImportsRepository,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    /** The application's one clock: "today" of the rows' rule checks. Job bookkeeping (leases, run times, purge) is real time. */
    private readonly clock: Clock,
    private readonly options: WorkerOptions,
  ) {
    this.batchSize = options.batchSize;
    this.leaseMs = options.leaseMs;
    this.log = options.log;
  }

  /**
   * At server start: resume queued jobs and jobs left running (on PGlite this process is the only one; on
   * PostgreSQL a job whose worker died is taken once its short lease lapses), run the retention purge now and
   * every 24 hours.
   */
  resume(): void {
    this.stopping = false;
    this.takeOverRunning = this.options.embedded;
    this.kick();
    this.purgeSoon();
    if (!this.purgeTimer) {
      this.purgeTimer = setInterval(() => this.purgeSoon(), 86_400_000);
      this.purgeTimer.unref();
    }
  }

  private purgeSoon(): void {
    this.purge().catch((e: unknown) => this.log('import retention purge failed', e));
  }

  /** The retention purge (see `ImportsRepository.purge`). */
  purge(asOf: Date = realNow()): Promise<PurgeResult> {
    return this.repo.purge(asOf, this.options.retentionDays);
  }

  /** At shutdown: finish the current batch, release the job for the next start, and wait. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.retryTimer = undefined;
    this.purgeTimer = undefined;
    await this.loop;
  }

  /** Resolves when the worker has nothing left to do (tests, CLI). */
  async whenIdle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  kick(): void {
    if (this.stopping) return;
    this.again = true;
    if (this.loop) return;
    this.loop = this.runLoop()
      .catch((e: unknown) => this.log('import worker failed', e))
      .finally(() => {
        this.loop = null;
      });
  }

  private async runLoop(): Promise<void> {
    while (this.again && !this.stopping) {
      this.again = false;
      for (;;) {
        if (this.stopping) return;
        const takeOver = this.takeOverRunning;
        this.takeOverRunning = false;
        const job = await this.repo.claimNext(this.owner, this.leaseMs, takeOver);
        if (!job) break;
        await this.process(job);
      }
    }
    if (!this.stopping) await this.armRetry();
  }

  /** A job running under another worker's live lease: look again when the lease lapses (that worker may be dead). */
  private async armRetry(): Promise<void> {
    const ms = await this.repo.nextForeignLeaseExpiry(this.owner);
    if (ms === undefined || this.stopping) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, ms + 100);
    this.retryTimer.unref();
  }

  private async process(job: JobRow): Promise<void> {
    const source = this.repo.chunkSource(job.id);
    const format = job.format as FileFormat;
    const encoding = job.encoding as CsvEncoding | null;
    // Heartbeat: the claim stays short (a killed worker's job is free within seconds) yet holds through slow batches.
    const heartbeat = setInterval(() => {
      this.repo.renewLease(job.id, this.owner, this.leaseMs).catch((e: unknown) => this.log(`import job ${job.id}: lease renewal failed`, e));
    }, Math.max(250, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    try {
      const uploader = await this.uploader(job);
      if (!uploader) {
        await this.repo.finish(job.id, this.owner, {
          state: 'failed',
          finishedAt: realNow(),
          error: { code: 'FORBIDDEN', zh: '上传人的账户已停用或已无导入权限', en: 'the uploader is no longer active or allowed to import' },
        });
        return;
      }
      let total = job.totalRows;
      if (total === null) {
        // Counting first: percent and ETA, and a broken file fails here before anything is written.
        total = 0;
        for await (const row of readRows(format, encoding, source, { decode: false })) if (row.rowNo > job.headerRow) total++;
        await this.repo.setTotal(job.id, this.owner, total);
      }
      await this.importRows(job, uploader);
    } catch (e) {
      if (e instanceof JobNoLongerOwned) return;
      if (e instanceof FileReadError) {
        await this.repo.finish(job.id, this.owner, { state: 'failed', finishedAt: realNow(), error: { code: 'IMPORT_FILE_INVALID', zh: e.zh, en: e.en } });
        return;
      }
      this.log(`import job ${job.id} failed`, e);
      const msg = e instanceof Error ? e.message : String(e);
      await this.repo
        .finish(job.id, this.owner, { state: 'failed', finishedAt: realNow(), error: { code: 'INTERNAL', zh: `导入中断：${msg}`, en: `the import stopped: ${msg}` } })
        .catch((err: unknown) => this.log(`import job ${job.id}: could not record the failure`, err));
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async uploader(job: JobRow): Promise<Scope | undefined> {
    const u = await this.repo.uploader(job.createdBy);
    if (!u || !u.active || !isRole(u.role) || !can(u.role, 'import.write')) return undefined;
    // Scope of the job: the uploader's area when the file was uploaded.
    return new Scope({ role: u.role, jurisdictionCode: job.jurisdictionCode, personId: null });
  }

  private async importRows(job: JobRow, scope: Scope): Promise<void> {
    const kind = job.kind as ImportKind;
    const mapping = job.mapping as Partial<Record<FieldKey, number>>;
    const idColumn = mapping.idNumber;
    const directory = kind === 'registrations' ? await this.repo.registrationDirectory() : { offices: new Map<string, string>(), caseworkers: new Map<string, string>() };
    const known = new Map<string, boolean>();
    const today = this.clock.today();
    const ctx: RowContext = {
      kind,
      mapping,
      headers: job.headers,
      today,
      scope,
      registry: this.registry,
      divisionExists: (code) => known.get(code) === true,
    };
    // One row per person in a file: the first occurrence of an ID number wins, later ones are rejected.
    const seen = new Map<string, number>();
    const resumeAt = job.processedRows;
    const rejectedBefore = resumeAt > 0 ? await this.repo.rejectedRowNumbers(job.id) : new Set<number>();
    const bidxOf = (cells: readonly string[]): string | undefined => {
      const raw = idColumn === undefined ? '' : (cells[idColumn] ?? '');
      const id = checkIdentity(raw, { asOf: today });
      return id.normalized ? this.cipher.blindIndex('id_number', normalizeIdNumber(id.normalized)) : undefined;
    };

    let index = 0;
    let batch: SourceRow[] = [];
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async (): Promise<boolean> => {
      const rows = batch;
      batch = [];
      if (rows.length === 0) return true;
      const unknownCodes = [...new Set(rows.flatMap((r) => divisionCodesOf(r.cells, mapping)))].filter((c) => !known.has(c));
      if (unknownCodes.length > 0) {
        const exist = await this.repo.existingDivisions(unknownCodes);
        for (const c of unknownCodes) known.set(c, exist.has(c));
      }
      const accepted: AcceptedRow[] = [];
      const rejected: RejectedRow[] = [];
      const cells = new Map<number, readonly string[]>();
      for (const row of rows) {
        const r = validateRow(row, ctx);
        if (!r.ok) {
          rejected.push({ rowNo: r.rowNo, issues: r.issues, label: r.label, cells: row.cells });
          continue;
        }
        const bidx = this.cipher.blindIndex('id_number', normalizeIdNumber(r.person.idNumber));
        const first = seen.get(bidx);
        if (first !== undefined) {
          const column = idColumn === undefined ? null : (job.headers[idColumn] ?? null);
          rejected.push({
            rowNo: r.rowNo,
            issues: [{ column, field: 'idNumber', zh: `与第 ${first} 行的证件号码相同（同一文件中每人只能有一行）`, en: `same document number as row ${first} (one row per person in a file)` }],
            label: r.label,
            cells: row.cells,
          });
          continue;
        }
        seen.set(bidx, r.rowNo);
        cells.set(r.rowNo, row.cells);
        accepted.push({ rowNo: r.rowNo, bidx, label: r.label, person: r.person, registration: r.registration });
      }
      // Pipelining: this batch's rows were validated while the previous batch was being written; its own
      // transaction starts once that one has committed (batches commit in file order).
      const previous = inFlight;
      const commit = previous.then(() =>
        this.repo.commitBatch(
          {
            job,
            leaseOwner: this.owner,
            scope,
            actor: { userId: job.createdBy, username: job.createdByName },
            today,
            accepted,
            rejected,
            cellsOf: (rowNo) => cells.get(rowNo) ?? [],
            processedAfter: index,
            leaseMs: this.leaseMs,
          },
          directory,
        ),
      );
      inFlight = commit.then((outcome) => {
        // A row the writer rejected (e.g. filed elsewhere) does not claim its ID number for later rows.
        for (const l of outcome.lateRejections) {
          const b = accepted.find((a) => a.rowNo === l.rowNo)?.bidx;
          if (b !== undefined && seen.get(b) === l.rowNo) seen.delete(b);
        }
      });
      // Surface a failure at the next await, not as an unhandled rejection.
      inFlight.catch(() => undefined);
      await previous;
      // PGlite runs in this thread and answers through microtasks only: without a macrotask turn here, requests
      // (progress polls, other users) would wait for the whole import.
      await yieldToEventLoop();
      return !this.stopping;
    };

    for await (const row of readRows(job.format as FileFormat, job.encoding as CsvEncoding | null, this.repo.chunkSource(job.id))) {
      if (row.rowNo <= job.headerRow) continue;
      index++;
      if (index <= resumeAt) {
        // Already committed: only remember which persons this file already had.
        if (!row.problem && !rejectedBefore.has(row.rowNo)) {
          const b = bidxOf(row.cells);
          if (b !== undefined && !seen.has(b)) seen.set(b, row.rowNo);
        }
        continue;
      }
      batch.push(row);
      if (batch.length >= this.batchSize && !(await flush())) {
        // Shutting down: leave the job running without a worker; the next start resumes it.
        await inFlight;
        await this.repo.finish(job.id, this.owner, {});
        return;
      }
    }
    await flush();
    await inFlight;
    // The scan counts rows without decoding them; the exact count is what was processed.
    await this.repo.finish(job.id, this.owner, { state: 'done', finishedAt: realNow(), totalRows: index });
  }
}
