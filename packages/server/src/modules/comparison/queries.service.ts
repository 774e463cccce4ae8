/** Reading runs and findings (scoped, refusals audited by `visibility.ts`), the rejected-row report and the summary. */
import { codePrefix } from '../../access/scope.ts';
import { scopeOf, type RequestContext } from '../../http/context.ts';
import type { FieldCipher } from '../../security/field-cipher.ts';
import type { ComparisonRepository, FindingWithPerson, RunRow } from './comparison.repository.ts';
import { DATASETS, isDatasetKind } from './datasets.ts';
import { ownRunsOnly, visibleFinding, visibleRun } from './visibility.ts';

export class ComparisonQueries {
  constructor(
    private readonly repo: ComparisonRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /** What a caller sees of runs: match and findings counts only with findings access (see runView). */
  runAccess(ctx: RequestContext): { counts: boolean } {
    return { counts: ownRunsOnly(ctx) === null };
  }

  async getRun(ctx: RequestContext, id: string): Promise<RunRow> {
    return visibleRun(ctx, this.repo, id, 'comparison.run.read');
  }

  async listRuns(ctx: RequestContext, q: { state?: string | undefined; kind?: string | undefined; limit?: number | undefined }): Promise<RunRow[]> {
    return this.repo.runs(scopeOf(ctx), { ...q, createdBy: ownRunsOnly(ctx), limit: q.limit ?? 50 });
  }

  /** Rejected rows as CSV (UTF-8 with BOM for Excel): line, reasons, then the row's cells (decrypted; audited). */
  async rejectedCsv(ctx: RequestContext, id: string): Promise<string> {
    const run = await visibleRun(ctx, this.repo, id, 'comparison.run.rejected');
    const spec = isDatasetKind(run.datasetKind) ? DATASETS[run.datasetKind] : undefined;
    const fields = spec?.fields ?? [];
    const esc = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [['行号 line', '原因 reasons', ...fields.map((f) => `${f.zh} ${f.key}`)].map(esc).join(',')];
    let after = 0;
    for (;;) {
      const page = await this.repo.rejectedPage(run.id, after, 5000);
      for (const r of page) {
        const cells = r.rowEnc ? (JSON.parse(this.cipher.decrypt(r.rowEnc)) as Record<string, string | null>) : {};
        const reasons = r.reasons.map((x) => `${x.field}: ${x.zh} / ${x.en}`).join('; ');
        lines.push([String(r.rowNo), reasons, ...fields.map((f) => cells[f.key] ?? '')].map(esc).join(','));
      }
      if (page.length < 5000) break;
      after = page[page.length - 1]!.rowNo;
    }
    ctx.audit = { action: 'comparison.run.rejected', resourceType: 'comparison_run', resourceId: run.id, jurisdictionCode: run.jurisdictionCode, sensitive: true };
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  async listFindings(ctx: RequestContext, q: { state?: string | undefined; kind?: string | undefined; category?: string | undefined; jurisdiction?: string | undefined; runId?: string | undefined; page: number; pageSize: number }) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(q.jurisdiction);
    const { items, total } = await this.repo.findings(scope, { within, state: q.state, kind: q.kind, category: q.category, runId: q.runId, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async getFinding(ctx: RequestContext, id: string): Promise<FindingWithPerson> {
    return visibleFinding(ctx, this.repo, id, 'comparison.finding.read');
  }

  /** Confirmed / dismissed / pending per jurisdiction (one level below the requested one) and dataset. */
  async summary(ctx: RequestContext, jurisdiction: string | undefined) {
    const scope = scopeOf(ctx);
    const within = scope.narrow(jurisdiction);
    const len = codePrefix(within).length;
    const level = len === 0 ? 2 : len === 2 ? 4 : len === 4 ? 6 : len === 6 ? 9 : 12;
    const rows = await this.repo.summary(scope, within, level);
    const names = await this.repo.divisionNames([...new Set(rows.map((r) => r.jurisdiction))]);
    const groups = new Map<string, { jurisdiction: { code: string; name: string }; datasetKind: string; pending: number; confirmed: number; dismissed: number }>();
    for (const r of rows) {
      const key = `${r.jurisdiction}|${r.dataset_kind}`;
      const g = groups.get(key) ?? { jurisdiction: { code: r.jurisdiction, name: names.get(r.jurisdiction) ?? r.jurisdiction }, datasetKind: r.dataset_kind, pending: 0, confirmed: 0, dismissed: 0 };
      if (r.state === 'confirmed') g.confirmed += r.n;
      else if (r.state === 'dismissed') g.dismissed += r.n;
      else g.pending += r.n;
      groups.set(key, g);
    }
    const items = [...groups.values()].map((g) => {
      const total = g.pending + g.confirmed + g.dismissed;
      const decided = g.confirmed + g.dismissed;
      return { ...g, total, confirmedRate: decided ? Math.round((g.confirmed / decided) * 1000) / 1000 : null, decidedRate: total ? Math.round((decided / total) * 1000) / 1000 : null };
    });
    return { jurisdiction: within, items };
  }
}
