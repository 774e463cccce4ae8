/**
 * Bulk import use cases and the in-process worker.
 *
 * Upload → job `pending` with the detected column mapping → (fix the mapping) → start → `queued` → the worker
 * claims it (`running`, with a lease renewed after each batch) → scan (counts rows; a broken file fails here,
 * before anything is written) → batches of ~2,000 rows, each validated and written in one transaction together
 * with the job's progress → `done`. Cancel stops after the current batch (a batch that races the cancel is
 * rolled back). On shutdown the worker releases its lease; the next server start resumes after the last
 * committed row. A file is identified by its SHA-256 per kind and uploader's area: re-uploading it answers the
 * existing job; rows already on file are matched by the ID-number blind index, so nothing is created twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { checkIdentity, type PackRegistry } from '@bangfu/rules';
import { can, isRole } from '../../access/roles.ts';
import { Scope } from '../../access/scope.ts';
import type { DbHandle } from '../../db/client.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { type FieldCipher, normalizeIdNumber } from '../../security/field-cipher.ts';
import type { Clock } from '../../jobs/clock.ts';
import { users } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { detectMapping, FIELDS, fieldsFor, missingRequired, type FieldKey, type ImportKind } from './columns.ts';
import { reportCsv, reportXlsx, templateCsv, templateXlsx, type ReportRow } from './files.ts';
import { type AcceptedRow, ImportsRepository, JobNoLongerOwned, type JobRow, type PurgeResult, type RejectedRow } from './imports.repository.ts';
import { bufferSource, detectEncoding, FileReadError, formatOf, readRows, type ByteSource, type CsvEncoding, type FileFormat, type SourceRow } from './read.ts';
import { divisionCodesOf, validateRow, type RowContext } from './validate.ts';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** How many leading rows may hold a title above the header. */
const HEADER_SEARCH_ROWS = 10;

export interface ImportsOptions {
  /** Rows per transaction (default 2,000). */
  readonly batchSize?: number;
  /**
   * How long a worker's claim on a running job holds without renewal (default 6 s; a heartbeat renews it every third
   * of that while the job runs), so after a crash another start or server takes the job over within seconds.
   */
  readonly leaseMs?: number;
  /** Days the rejected rows of an ended job are kept (default 30; `BANGFU_IMPORT_RETENTION_DAYS`). */
  readonly retentionDays?: number;
  /** Log sink for worker failures. */
  readonly log?: (message: string, error?: unknown) => void;
}

export interface ImportServices {
  readonly imports: ImportsService;
}

export type JobState = 'pending' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: string;
  fileName: string;
  format: string;
  encoding: string | null;
  sizeBytes: number;
  state: JobState;
  createdAt: string;
  createdBy: string;
  jurisdictionCode: string;
  headerRow: number;
  headers: string[];
  mapping: { field: string; label: string; labelEn: string; required: boolean; column: number | null; header: string | null }[];
  unmappedColumns: { index: number; header: string }[];
  missingFields: string[];
  progress: {
    total: number | null;
    processed: number;
    accepted: number;
    rejected: number;
    createdPersons: number;
    updatedPersons: number;
    unchanged: number;
    createdRegistrations: number;
    percent: number | null;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  error: { code: string; message: string } | null;
  startedAt: string | null;
  /** When the current run began: a resume after a restart (or a takeover) starts a new run. */
  runStartedAt: string | null;
  finishedAt: string | null;
  /** Issue 11: the uploaded file is deleted when the job ends; the rejected rows (report) are kept until this date. */
  retention: { reportKeptUntil: string | null; reportPurgedAt: string | null };
}

export class ImportsService {
  readonly repo: ImportsRepository;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  readonly retentionDays: number;
  private readonly log: (message: string, error?: unknown) => void;
  /** This process's identity as a worker (job leases). */
  private readonly owner = randomUUID();
  private loop: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private takeOverRunning = false;
  /** Re-check when another worker's lease lapses (its process may have died), and the daily purge. */
  private retryTimer: NodeJS.Timeout | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly handle: DbHandle,
    private readonly cipher: FieldCipher,
    private readonly registry: PackRegistry,
    /** The application's one clock: "today" of the rows' rule checks. Job bookkeeping (leases, run times, purge) is real time. */
    private readonly clock: Clock,
    options: ImportsOptions = {},
  ) {
    this.repo = new ImportsRepository(handle, cipher);
    // The embedded database runs one transaction at a time in this thread: a smaller batch keeps other work (a
    // comparison run resumed at start, users' requests) from waiting seconds behind each import transaction.
    this.batchSize = options.batchSize ?? (handle.kind === 'pglite' ? 500 : 2000);
    this.leaseMs = options.leaseMs ?? 6_000;
    this.retentionDays = options.retentionDays ?? 30;
    this.log = options.log ?? (() => undefined);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Templates

  async template(kind: ImportKind, format: FileFormat): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    const base = kind === 'persons' ? 'persons-template' : 'registrations-template';
    if (format === 'csv') return { body: templateCsv(kind), fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8' };
    return { body: await templateXlsx(kind), fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Upload and mapping

  async upload(ctx: RequestContext, input: { kind: ImportKind; fileName: string; data: Buffer }): Promise<{ job: JobView; existing: boolean }> {
    const actor = requireActor(ctx);
    const scope = scopeOf(ctx);
    if (scope.isCitizen) throw new AppError('FORBIDDEN');
    const fileName = input.fileName.trim().slice(0, 200) || 'upload';
    if (input.data.length === 0) throw new AppError('IMPORT_FILE_INVALID', { field: 'file', params: { detailZh: '文件为空', detailEn: 'the file is empty' } });
    if (input.data.length > MAX_UPLOAD_BYTES) throw new AppError('BODY_TOO_LARGE', { params: { limit: '200 MiB' } });
    const format = formatOf(fileName, input.data.subarray(0, 8));
    if (!format) throw new AppError('IMPORT_FORMAT_UNSUPPORTED', { field: 'file', params: { name: fileName } });
    const sha = createHash('sha256').update(input.data).digest('hex');

    const known = await this.repo.findActiveByContent(sha, input.kind, actor.jurisdictionCode);
    if (known) {
      ctx.audit = { action: 'import.upload', resourceType: 'import_job', resourceId: known.id, jurisdictionCode: known.jurisdictionCode, detail: { existing: true, fileName } };
      return { job: this.view(known), existing: true };
    }
    const encoding: CsvEncoding | null = format === 'csv' ? detectEncoding(input.data.subarray(0, 64 * 1024)) : null;
    const header = await this.findHeader(input.kind, format, encoding, bufferSource(input.data));
    const detected = detectMapping(input.kind, header.cells);
    const { job, existing } = await this.repo.createJob(
      {
        kind: input.kind,
        fileName,
        format,
        contentSha256: sha,
        sizeBytes: input.data.length,
        encoding,
        state: 'pending',
        headers: header.cells,
        headerRow: header.rowNo,
        mapping: detected.mapping as Record<string, number>,
        createdBy: actor.userId,
        createdByName: actor.username,
        jurisdictionCode: actor.jurisdictionCode,
      },
      input.data,
    );
    ctx.audit = { action: 'import.upload', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, detail: { existing, fileName, kind: input.kind, bytes: input.data.length } };
    return { job: this.view(job), existing };
  }

  /** The header: the first of the leading rows in which at least two columns are recognised. */
  private async findHeader(kind: ImportKind, format: FileFormat, encoding: CsvEncoding | null, source: ByteSource): Promise<SourceRow> {
    let first: SourceRow | undefined;
    let seen = 0;
    try {
      for await (const row of readRows(format, encoding, source)) {
        first ??= row;
        if (!row.problem && Object.keys(detectMapping(kind, row.cells).mapping).length >= 2) return row;
        if (++seen >= HEADER_SEARCH_ROWS) break;
      }
    } catch (e) {
      if (e instanceof FileReadError) throw new AppError('IMPORT_FILE_INVALID', { field: 'file', params: { detailZh: e.zh, detailEn: e.en } });
      throw e;
    }
    if (!first) throw new AppError('IMPORT_FILE_INVALID', { field: 'file', params: { detailZh: '文件中没有数据', detailEn: 'the file holds no rows' } });
    // No recognisable header: keep the first row so the user can map the columns by hand.
    return first;
  }

  async get(ctx: RequestContext, id: string): Promise<JobView> {
    return this.view(await this.visible(ctx, id));
  }

  async list(ctx: RequestContext, page: number, pageSize: number): Promise<{ items: JobView[]; total: number; page: number; pageSize: number }> {
    const scope = scopeOf(ctx);
    if (scope.isCitizen) throw new AppError('FORBIDDEN');
    const { rows, total } = await this.repo.list(scope, page, pageSize);
    return { items: rows.map((r) => this.view(r)), total, page, pageSize };
  }

  async setMapping(ctx: RequestContext, id: string, changes: Record<string, number | null>): Promise<JobView> {
    const job = await this.visible(ctx, id);
    this.assertState(job, ['pending'], { zh: '修改列对应关系', en: 'change the column mapping' });
    const kind = job.kind as ImportKind;
    const allowed = new Set(fieldsFor(kind).map((f) => f.key as string));
    const issues: { field: string; messageZh: string; messageEn: string }[] = [];
    const next: Record<string, number> = { ...job.mapping };
    for (const [field, column] of Object.entries(changes)) {
      if (!allowed.has(field)) {
        issues.push({ field: `body.mapping.${field}`, messageZh: `“${field}”不是${kind === 'persons' ? '人员' : '登记'}导入的字段`, messageEn: `"${field}" is not a field of a ${kind} import` });
        continue;
      }
      if (column === null) delete next[field];
      else if (!Number.isInteger(column) || column < 0 || column >= job.headers.length) {
        issues.push({ field: `body.mapping.${field}`, messageZh: `列号 ${column} 不存在（共 ${job.headers.length} 列，从 0 开始）`, messageEn: `column ${column} does not exist (${job.headers.length} columns, from 0)` });
      } else next[field] = column;
    }
    const byColumn = new Map<number, string>();
    for (const [field, column] of Object.entries(next)) {
      const other = byColumn.get(column);
      if (other) issues.push({ field: `body.mapping.${field}`, messageZh: `第 ${column} 列已对应“${other}”`, messageEn: `column ${column} is already mapped to "${other}"` });
      byColumn.set(column, field);
    }
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { field: issues[0]?.field, issues, params: { detail: issues.map((i) => `${i.field}: ${i.messageEn}`).join('; ') } });
    const updated = await this.repo.transition(job.id, ['pending'], { mapping: next });
    if (!updated) throw this.stateError(await this.repo.byId(job.id), { zh: '修改列对应关系', en: 'change the column mapping' });
    ctx.audit = { action: 'import.mapping', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, detail: { mapping: next } };
    return this.view(updated);
  }

  async start(ctx: RequestContext, id: string): Promise<JobView> {
    const job = await this.visible(ctx, id);
    const action = { zh: '开始导入', en: 'start the import' };
    this.assertState(job, ['pending'], action);
    const missing = missingRequired(job.kind as ImportKind, job.mapping as Partial<Record<FieldKey, number>>);
    if (missing.length > 0) {
      const defs = missing.map((k) => FIELDS.find((f) => f.key === k)!);
      throw new AppError('IMPORT_MAPPING_INCOMPLETE', { field: 'mapping', params: { columnsZh: defs.map((d) => d.zh).join('、'), columnsEn: defs.map((d) => d.en).join(', ') } });
    }
    const updated = await this.repo.transition(job.id, ['pending'], { state: 'queued' });
    if (!updated) throw this.stateError(await this.repo.byId(job.id), action);
    ctx.audit = { action: 'import.start', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode };
    this.kick();
    return this.view(updated);
  }

  async cancel(ctx: RequestContext, id: string): Promise<JobView> {
    const job = await this.visible(ctx, id);
    const action = { zh: '取消', en: 'cancel it' };
    const updated = await this.repo.transition(job.id, ['pending', 'queued', 'running'], { state: 'cancelled', finishedAt: realNow(), leaseOwner: null, leaseUntil: null });
    if (!updated) throw this.stateError(await this.repo.byId(job.id), action);
    ctx.audit = { action: 'import.cancel', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, detail: { processed: updated.processedRows } };
    return this.view(updated);
  }

  async rejections(ctx: RequestContext, id: string, page: number, pageSize: number) {
    const job = await this.visible(ctx, id);
    this.assertReportKept(job);
    const { rows, total } = await this.repo.rejections(job.id, page, pageSize);
    const lang = ctx.lang;
    return {
      items: rows.map((r) => ({
        row: r.rowNo,
        label: r.label,
        issues: r.issues.map((i) => ({ column: i.column, field: i.field, message: lang === 'en' ? i.en : i.zh, messageZh: i.zh, messageEn: i.en })),
      })),
      total,
      page,
      pageSize,
    };
  }

  /**
   * The rejection report with the rows as uploaded (so they can be fixed and uploaded again). The rows hold ID
   * numbers in clear, so the download is a sensitive read and audited.
   */
  async report(ctx: RequestContext, id: string, format: FileFormat): Promise<{ fileName: string; contentType: string; body: Buffer | AsyncIterable<string> }> {
    const job = await this.visible(ctx, id);
    this.assertReportKept(job);
    ctx.audit = { action: 'import.report', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, sensitive: true, detail: { format } };
    const repo = this.repo;
    const rows = (async function* (): AsyncGenerator<ReportRow> {
      for await (const r of repo.allRejections(job.id)) yield { rowNo: r.rowNo, issues: r.issues, cells: repo.decryptRow(r.rowEnc) };
    })();
    const base = `import-${job.id.slice(0, 8)}-rejected`;
    if (format === 'csv') return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: reportCsv(job.headers, rows) };
    return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await reportXlsx(job.headers, rows) };
  }

  private async visible(ctx: RequestContext, id: string): Promise<JobRow> {
    const scope = scopeOf(ctx);
    const job = await this.repo.get(scope, id);
    if (!job) {
      const any = await this.repo.byId(id);
      if (any) ctx.audit = { action: 'import.view', resourceType: 'import_job', resourceId: id, jurisdictionCode: any.jurisdictionCode, denied: true, detail: { reason: 'out_of_scope' } };
      throw new AppError('NOT_FOUND');
    }
    return job;
  }

  private assertReportKept(job: JobRow): void {
    if (job.reportPurgedAt) throw new AppError('IMPORT_REPORT_EXPIRED', { params: { days: String(this.retentionDays) } });
  }

  private assertState(job: JobRow, states: readonly string[], action: { zh: string; en: string }): void {
    if (!states.includes(job.state)) throw this.stateError(job, action);
  }

  private stateError(job: JobRow | undefined, action: { zh: string; en: string }): AppError {
    return new AppError('IMPORT_STATE_INVALID', { params: { state: job?.state ?? '?', actionZh: action.zh, actionEn: action.en } });
  }

  view(job: JobRow): JobView {
    const kind = job.kind as ImportKind;
    const mapping = job.mapping as Partial<Record<FieldKey, number>>;
    const used = new Set(Object.values(mapping));
    const processedThisRun = job.runStartedRow === null ? 0 : job.processedRows - job.runStartedRow;
    const seconds = job.runStartedAt ? ((job.state === 'running' ? realNow() : (job.finishedAt ?? realNow())).getTime() - job.runStartedAt.getTime()) / 1000 : 0;
    const rate = seconds > 0 && processedThisRun > 0 ? processedThisRun / seconds : null;
    const total = job.totalRows;
    return {
      id: job.id,
      kind: job.kind,
      fileName: job.fileName,
      format: job.format,
      encoding: job.encoding,
      sizeBytes: job.sizeBytes,
      state: job.state as JobState,
      createdAt: job.createdAt.toISOString(),
      createdBy: job.createdByName,
      jurisdictionCode: job.jurisdictionCode,
      headerRow: job.headerRow,
      headers: job.headers,
      mapping: fieldsFor(kind).map((f) => {
        const column = mapping[f.key];
        return { field: f.key, label: f.zh, labelEn: f.en, required: f.requiredFor.includes(kind), column: column ?? null, header: column === undefined ? null : (job.headers[column] ?? null) };
      }),
      unmappedColumns: job.headers.map((header, index) => ({ index, header })).filter((c) => !used.has(c.index)),
      missingFields: missingRequired(kind, mapping),
      progress: {
        total,
        processed: job.processedRows,
        accepted: job.acceptedRows,
        rejected: job.rejectedRows,
        createdPersons: job.createdPersons,
        updatedPersons: job.updatedPersons,
        unchanged: job.unchangedRows,
        createdRegistrations: job.createdRegistrations,
        percent: total === null ? null : total === 0 ? 100 : Math.floor((job.processedRows / total) * 1000) / 10,
        rowsPerSecond: rate === null ? null : Math.round(rate),
        etaSeconds: rate === null || total === null || job.state !== 'running' ? null : Math.ceil((total - job.processedRows) / rate),
      },
      error: job.error ? { code: job.error.code, message: `${job.error.zh} / ${job.error.en}` } : null,
      startedAt: job.startedAt?.toISOString() ?? null,
      runStartedAt: job.runStartedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
      retention: {
        reportKeptUntil: job.finishedAt && !job.reportPurgedAt ? new Date(job.finishedAt.getTime() + this.retentionDays * 86_400_000).toISOString() : null,
        reportPurgedAt: job.reportPurgedAt?.toISOString() ?? null,
      },
    };
  }

  // ------------------------------------------------------------------------------------------------------------
  // The worker

  /**
   * At server start: resume queued jobs and jobs left running (on PGlite this process is the only one; on
   * PostgreSQL a job whose worker died is taken once its short lease lapses), run the retention purge now and
   * every 24 hours.
   */
  resume(): void {
    this.stopping = false;
    this.takeOverRunning = this.handle.kind === 'pglite';
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
    return this.repo.purge(asOf, this.retentionDays);
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

  private kick(): void {
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
    const rows = await this.handle.db.select({ role: users.role, active: users.active, jurisdictionCode: users.jurisdictionCode }).from(users).where(eq(users.id, job.createdBy)).limit(1);
    const u = rows[0];
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

export function isImportKind(v: string): v is ImportKind {
  return v === 'persons' || v === 'registrations';
}

/** Job bookkeeping (cancel and finish times, run seconds, the retention purge) compares with database times: real time on purpose. */
function realNow(): Date {
  return new Date();
}
