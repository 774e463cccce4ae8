/**
 * An import job as the API shows it (mapping, progress with rate and ETA, retention), and what every job use case
 * checks first: that the caller may see the job, and that it is in a state the action allows.
 */
import { scopeOf, type RequestContext } from '../../http/context.ts';
import { visibleOr404 } from '../../access/visible.ts';
import { AppError } from '../../errors/app-error.ts';
import { fieldsFor, missingRequired, type FieldKey, type ImportKind } from './columns.ts';
import type { TJob } from './imports.contract.ts';
import type { ImportsRepository, JobRow } from './imports.repository.ts';

/** A job as the API shows it (inferred from the contract's `ZJob`). */
export type JobView = TJob;
export type JobState = TJob['state'];

/** What an action on a job is called in a refusal (`IMPORT_STATE_INVALID`). */
export interface JobAction {
  readonly zh: string;
  readonly en: string;
}

/** Job bookkeeping (cancel and finish times, run seconds, the retention purge) compares with database times: real time on purpose. */
export function realNow(): Date {
  return new Date();
}

export function isImportKind(v: string): v is ImportKind {
  return v === 'persons' || v === 'registrations';
}

/** The job when the caller may see it; otherwise 404 (an out-of-area job audited as a refused `import.view`). */
export async function visibleJob(ctx: RequestContext, repo: ImportsRepository, id: string): Promise<JobRow> {
  const found = await repo.job(scopeOf(ctx), id);
  return visibleOr404(ctx, found, { action: 'import.view', resourceType: 'import_job', resourceId: id });
}

export function stateError(job: JobRow | undefined, action: JobAction): AppError {
  return new AppError('IMPORT_STATE_INVALID', { params: { state: job?.state ?? '?', actionZh: action.zh, actionEn: action.en } });
}

export function assertState(job: JobRow, states: readonly string[], action: JobAction): void {
  if (!states.includes(job.state)) throw stateError(job, action);
}

/** The job as the API shows it; rejected rows are kept `retentionDays` after the job ends. */
export function jobView(job: JobRow, retentionDays: number): JobView {
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
      reportKeptUntil: job.finishedAt && !job.reportPurgedAt ? new Date(job.finishedAt.getTime() + retentionDays * 86_400_000).toISOString() : null,
      reportPurgedAt: job.reportPurgedAt?.toISOString() ?? null,
    },
  };
}
