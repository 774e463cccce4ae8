/**
 * Bulk import (R3), the slice's one entry for routes, start-up, the CLI and tests: taking files in
 * (`intake.service.ts`: upload → job `pending` with the detected column mapping → fix the mapping → start →
 * `queued`), the in-process worker that runs, resumes and purges jobs (`worker.service.ts`), and reads of jobs and
 * their rejected rows (`results.service.ts`); the job as the API shows it in `import-job.ts`. A file is identified
 * by its SHA-256 per kind and uploader's area: re-uploading it answers the existing job. This class only wires them
 * to one repository and delegates.
 */
import type { PackRegistry } from '@bangfu/rules';
import type { DbHandle } from '../../db/client.ts';
import type { Clock } from '../../jobs/clock.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import { jobView, type JobView } from './import-job.ts';
import { ImportsRepository, type JobRow, type PurgeResult } from './imports.repository.ts';
import { ImportIntake } from './intake.service.ts';
import { ImportResults } from './results.service.ts';
import { ImportWorker } from './worker.service.ts';

export { isImportKind, type JobState, type JobView } from './import-job.ts';
export { MAX_UPLOAD_BYTES } from './intake.service.ts';

export interface ImportsOptions {
  /** Rows per transaction (default 2,000; 500 on the embedded database). */
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

export class ImportsService {
  readonly repo: ImportsRepository;
  readonly retentionDays: number;
  readonly intake: ImportIntake;
  readonly results: ImportResults;
  readonly worker: ImportWorker;

  constructor(
    handle: DbHandle,
    cipher: FieldCipher,
    registry: PackRegistry,
    /** The application's one clock: "today" of the rows' rule checks. Job bookkeeping (leases, run times, purge) is real time. */
    clock: Clock,
    options: ImportsOptions = {},
  ) {
    this.repo = new ImportsRepository(handle, cipher);
    this.retentionDays = options.retentionDays ?? 30;
    this.worker = new ImportWorker(this.repo, cipher, registry, clock, {
      // The embedded database runs one transaction at a time in this thread: a smaller batch keeps other work (a
      // comparison run resumed at start, users' requests) from waiting seconds behind each import transaction.
      batchSize: options.batchSize ?? (handle.kind === 'pglite' ? 500 : 2000),
      leaseMs: options.leaseMs ?? 6_000,
      retentionDays: this.retentionDays,
      embedded: handle.kind === 'pglite',
      log: options.log ?? (() => undefined),
    });
    this.intake = new ImportIntake(this.repo, this.retentionDays, () => this.worker.kick());
    this.results = new ImportResults(this.repo, this.retentionDays);
  }

  view(job: JobRow): JobView {
    return jobView(job, this.retentionDays);
  }

  // Intake.
  template: ImportIntake['template'] = (kind, format) => this.intake.template(kind, format);
  upload: ImportIntake['upload'] = (ctx, input) => this.intake.upload(ctx, input);
  setMapping: ImportIntake['setMapping'] = (ctx, id, changes) => this.intake.setMapping(ctx, id, changes);
  start: ImportIntake['start'] = (ctx, id) => this.intake.start(ctx, id);
  cancel: ImportIntake['cancel'] = (ctx, id) => this.intake.cancel(ctx, id);

  // Reads.
  get: ImportResults['get'] = (ctx, id) => this.results.get(ctx, id);
  list: ImportResults['list'] = (ctx, page, pageSize) => this.results.list(ctx, page, pageSize);
  rejections: ImportResults['rejections'] = (ctx, id, page, pageSize) => this.results.rejections(ctx, id, page, pageSize);
  report: ImportResults['report'] = (ctx, id, format) => this.results.report(ctx, id, format);

  // The worker.
  resume = (): void => this.worker.resume();
  stop = (): Promise<void> => this.worker.stop();
  whenIdle = (): Promise<void> => this.worker.whenIdle();
  purge = (asOf?: Date): Promise<PurgeResult> => this.worker.purge(asOf);
}
