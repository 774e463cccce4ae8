/** Reading import jobs: one, the area's list, the rejected rows (paged) and the rejection report as uploaded. */
import { AppError } from '../../errors/app-error.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import { reportCsv, reportXlsx, type ReportRow } from './files.ts';
import { jobView, visibleJob, type JobView } from './import-job.ts';
import type { ImportsRepository, JobRow } from './imports.repository.ts';
import type { FileFormat } from './read.ts';

export class ImportResults {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly retentionDays: number,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<JobView> {
    return jobView(await visibleJob(ctx, this.repo, id), this.retentionDays);
  }

  async list(ctx: RequestContext, page: number, pageSize: number): Promise<{ items: JobView[]; total: number; page: number; pageSize: number }> {
    const scope = scopeOf(ctx);
    if (scope.isCitizen) throw new AppError('FORBIDDEN');
    const { rows, total } = await this.repo.list(scope, page, pageSize);
    return { items: rows.map((r) => jobView(r, this.retentionDays)), total, page, pageSize };
  }

  private assertReportKept(job: JobRow): void {
    if (job.reportPurgedAt) throw new AppError('IMPORT_REPORT_EXPIRED', { params: { days: String(this.retentionDays) } });
  }

  async rejections(ctx: RequestContext, id: string, page: number, pageSize: number) {
    const job = await visibleJob(ctx, this.repo, id);
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
    const job = await visibleJob(ctx, this.repo, id);
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
}
