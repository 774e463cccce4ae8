/**
 * Taking a file in: templates, the upload (format and header detected, the column mapping proposed; the same file
 * again answers its job), correcting the mapping, and starting or cancelling the job.
 */
import { createHash } from 'node:crypto';
import { AppError, type FieldIssue } from '../../errors/app-error.ts';
import { requireActor, scopeOf, type RequestContext } from '../../http/context.ts';
import { detectMapping, FIELDS, fieldsFor, missingRequired, type FieldKey, type ImportKind } from './columns.ts';
import { templateCsv, templateXlsx } from './files.ts';
import { assertState, jobView, realNow, stateError, visibleJob, type JobAction, type JobView } from './import-job.ts';
import type { ImportsRepository, JobRow } from './imports.repository.ts';
import { bufferSource, detectEncoding, FileReadError, formatOf, readRows, type ByteSource, type CsvEncoding, type FileFormat, type SourceRow } from './read.ts';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** How many leading rows may hold a title above the header. */
const HEADER_SEARCH_ROWS = 10;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ImportIntake {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly retentionDays: number,
    /** Wakes the worker after a start. */
    private readonly kick: () => void,
  ) {}

  private view(job: JobRow): JobView {
    return jobView(job, this.retentionDays);
  }

  async template(kind: ImportKind, format: FileFormat): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    const base = kind === 'persons' ? 'persons-template' : 'registrations-template';
    if (format === 'csv') return { body: templateCsv(kind), fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8' };
    return { body: await templateXlsx(kind), fileName: `${base}.xlsx`, contentType: XLSX };
  }

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

  /** Moves a visible job from `from` with `set`; refused (with the job's current state) when it is no longer there. */
  private async move(job: JobRow, from: readonly string[], set: Parameters<ImportsRepository['transition']>[2], action: JobAction): Promise<JobRow> {
    const updated = await this.repo.transition(job.id, from, set);
    if (!updated) throw stateError(await this.repo.byId(job.id), action);
    return updated;
  }

  async setMapping(ctx: RequestContext, id: string, changes: Record<string, number | null>): Promise<JobView> {
    const job = await visibleJob(ctx, this.repo, id);
    const action = { zh: '修改列对应关系', en: 'change the column mapping' };
    assertState(job, ['pending'], action);
    const kind = job.kind as ImportKind;
    const allowed = new Set(fieldsFor(kind).map((f) => f.key as string));
    const issues: FieldIssue[] = [];
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
    const updated = await this.move(job, ['pending'], { mapping: next }, action);
    ctx.audit = { action: 'import.mapping', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, detail: { mapping: next } };
    return this.view(updated);
  }

  async start(ctx: RequestContext, id: string): Promise<JobView> {
    const job = await visibleJob(ctx, this.repo, id);
    const action = { zh: '开始导入', en: 'start the import' };
    assertState(job, ['pending'], action);
    const missing = missingRequired(job.kind as ImportKind, job.mapping as Partial<Record<FieldKey, number>>);
    if (missing.length > 0) {
      const defs = missing.map((k) => FIELDS.find((f) => f.key === k)!);
      throw new AppError('IMPORT_MAPPING_INCOMPLETE', { field: 'mapping', params: { columnsZh: defs.map((d) => d.zh).join('、'), columnsEn: defs.map((d) => d.en).join(', ') } });
    }
    const updated = await this.move(job, ['pending'], { state: 'queued' }, action);
    ctx.audit = { action: 'import.start', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode };
    this.kick();
    return this.view(updated);
  }

  async cancel(ctx: RequestContext, id: string): Promise<JobView> {
    const job = await visibleJob(ctx, this.repo, id);
    const updated = await this.move(job, ['pending', 'queued', 'running'], { state: 'cancelled', finishedAt: realNow(), leaseOwner: null, leaseUntil: null }, { zh: '取消', en: 'cancel it' });
    ctx.audit = { action: 'import.cancel', resourceType: 'import_job', resourceId: job.id, jurisdictionCode: job.jurisdictionCode, detail: { processed: updated.processedRows } };
    return this.view(updated);
  }
}
